"""``kg.__all__`` names resolve, and ``import kg`` stays light."""
from __future__ import annotations

import subprocess
import sys

import kg


def test_every_public_name_resolves():
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name


def test_import_kg_loads_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", "import kg, sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert "pyoxigraph" not in out and "spacy" not in out


def test_public_names_do_not_shadow_submodules():
    import importlib.util

    for name in kg.__all__:
        assert importlib.util.find_spec(f"kg.{name}") is None if not name.startswith("_") else True, name
