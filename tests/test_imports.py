"""The CLI starts fast: heavy libraries load only in the commands that use them."""
from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "networkx", "rdflib", "pyshacl", "trafilatura", "igraph")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "; import sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_kg_cli_loads_no_heavy_library():
    loaded = _loaded_after("import kg.cli")
    assert not {m for m in HEAVY if m in loaded}


def test_importing_kg_has_no_side_effects(tmp_path):
    out = subprocess.run([sys.executable, "-c", "import kg, kg.store, kg.extract, kg.graph.projection"],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.stdout == "" and out.returncode == 0, out.stderr
    assert list(tmp_path.iterdir()) == []  # no store or file created


def test_help_does_not_load_spacy():
    loaded = _loaded_after("import sys; sys.argv=['kg','--help']\nfrom kg.cli import app\ntry:\n app()\nexcept SystemExit:\n pass")
    assert "spacy" not in loaded


def test_commands_run_without_pydantic():
    """typer converts kg's option types itself: no pydantic import (about 0.3 s) per command."""
    loaded = _loaded_after("import sys; sys.argv=['kg','stats','--store','memory','--format','csv']\n"
                           "from kg.cli import main\ntry:\n main()\nexcept SystemExit:\n pass")
    assert "pydantic" not in loaded
