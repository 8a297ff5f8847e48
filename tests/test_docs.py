"""Every command has help with an example, the README documents it, and the maps of the package
(README's Architecture, each sub-package's docstring) name every module."""
from __future__ import annotations

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


def _architecture() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def test_readme_architecture_names_every_sub_package_and_module():
    section = _architecture()
    package = ROOT / "kg"
    parts = [f"kg/{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()]
    parts += [f"kg/{p.name}" for p in package.glob("*.py") if p.name != "__main__.py"]
    assert [p for p in sorted(parts) if f"`{p}`" not in section] == []


#: Sub-packages whose docstring maps their modules (kg/extract/ documents its stages in prose).
MAPPED = sorted(p.parent for p in (ROOT / "kg").rglob("__init__.py")
                if p.parent != ROOT / "kg" and "extract" not in p.parent.relative_to(ROOT / "kg").parts)


@pytest.mark.parametrize("folder", MAPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_sub_package_docstring_maps_its_modules(folder):
    import ast

    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    modules = [p.name for p in folder.glob("*.py") if p.name != "__init__.py"]
    modules += [f"{p.name}/" for p in folder.iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert [m for m in sorted(modules) if m not in doc] == []
