"""The examples run: the notebook, and every query of the book in examples/queries/ answers on
the example store (and is listed in the README)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT, kg

QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))
NOTEBOOK = ROOT / "examples" / "notebook.ipynb"



def notebook_script(path) -> str:
    """The code cells of a notebook, in order, as one script (nbformat 4)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    return "\n\n".join("".join(cell["source"]) for cell in nb["cells"] if cell["cell_type"] == "code")


@pytest.mark.model
def test_the_notebook_runs(tmp_path):
    script = tmp_path / "notebook.py"
    script.write_text(notebook_script(NOTEBOOK), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=NOTEBOOK.parent, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert "7 articles" in done.stdout


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_each_book_query_answers_on_the_example_store(example_store, query):
    text = query.read_text(encoding="utf-8")
    assert text.startswith("# ") and text.splitlines()[0].rstrip().endswith("?"), "the first line asks the question"
    out = kg("query", "--file", query, "--store", example_store, "--format", "json").stdout
    bindings = json.loads(out)["results"]["bindings"]
    assert bindings, f"{query.name} finds nothing in the example store"


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_each_book_query_is_listed_in_the_readme(query):
    assert f"examples/queries/{query.name}" in (ROOT / "README.md").read_text(encoding="utf-8")
