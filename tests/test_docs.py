"""Every command has help with an example, and the README documents it."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import app
from tests.conftest import ROOT, kg
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)  # type: ignore[union-attr]


def test_commands_registered():
    for name in ("ingest", "extract", "query", "stats", "export"):
        assert name in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_example(name):
    result = kg(name, "--help")
    assert "Usage:" in result.output
    assert f"kg {name}" in result.output, f"kg {name} --help shows no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_command(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"kg {name}" in readme, f"README does not mention 'kg {name}'"


def test_readme_quickstart_has_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    assert "make run" in quick and "make test" in quick
