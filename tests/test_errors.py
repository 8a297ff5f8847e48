"""kg's errors keep the third-party or system error they come from as ``__cause__``, and
``KG_DEBUG=1`` shows that chain above the one-line message."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ArticleError, ExportError, KgError, ValidationError
from tests.conftest import kg


def _write_text(where: Path) -> None:
    from kg.export.common import write_text

    write_text(where / "graph.dot", "digraph {}")


def _write_chunks(where: Path) -> None:
    from kg.export.common import write_chunks

    write_chunks(where / "graph.json", iter(["{}"]))


def _read_gold(where: Path) -> None:
    from kg.evaluate import read_gold

    read_gold(where / "missing.json")


def _read_shapes(where: Path) -> None:
    from kg.rdf.validate import shapes_graph

    folder = where.parent / "ontology"
    folder.mkdir()
    (folder / "shapes.ttl").write_text("this is not @prefix Turtle", encoding="utf-8")
    shapes_graph(folder)


@pytest.mark.parametrize("call,error,message,cause", [
    (_write_text, ExportError, "cannot write .*graph.dot: ", FileExistsError),
    (_write_chunks, ExportError, "cannot write .*graph.json: ", FileExistsError),
    (_read_gold, ArticleError, "missing.json: not a readable gold file", NotADirectoryError),
    (_read_shapes, ValidationError, "cannot read .*shapes.ttl: ", SyntaxError),
], ids=["write_text", "write_chunks", "read_gold", "shapes"])
def test_a_kg_error_keeps_its_cause(tmp_path, call, error, message, cause):
    blocker = tmp_path / "a-file"  # a file where a folder is expected
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(error, match=message) as caught:
        call(blocker)
    assert isinstance(caught.value, KgError) and isinstance(caught.value.__cause__, cause)


def test_kg_debug_shows_the_system_error_behind_a_failed_export(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "graph.ttl"
    plain = kg("export", "-o", target, "--store", "memory", process=True, code=1)
    assert plain.stderr == f"Error: cannot write {target}: File exists\n"
    debug = kg("export", "-o", target, "--store", "memory", process=True, code=1, env={"KG_DEBUG": "1"},
               traceback=True)
    assert "FileExistsError" in debug.stderr and "direct cause" in debug.stderr
    assert debug.stderr.splitlines()[-1] == plain.stderr.strip()
