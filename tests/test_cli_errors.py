"""The kg command on bad input: one line per problem naming the file, right exit code, no traceback."""
from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import Ran, kg

GOOD = ("Harbour patrol\n\nThe 9th Heron Regiment secured the port of Saltmere on 2 June 2022. "
        "Three sailors were wounded.\n")


def graphs(store: Path) -> dict[str, int]:
    """Quads per named graph of an on-disk store (the ontology's own graph aside)."""
    from kg.rdf.axioms import ONTOLOGY_GRAPH

    db = ox.Store.read_only(str(store))
    counts: dict[str, int] = {}
    for q in db:
        if q.graph_name.value != ONTOLOGY_GRAPH:
            counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    return counts


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> tuple[Path, Ran, Path]:
    """A folder mixing every kind of bad input with three good articles, ingested once."""
    d = tmp_path_factory.mktemp("mixed")
    inp = d / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(GOOD, encoding="utf-8")
    (inp / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.replace("Saltmere", "Saltmère").encode("utf-16-le"))
    (inp / "latin1.md").write_bytes(GOOD.replace("Heron", "Hérón").encode("latin-1"))
    (inp / "empty.txt").write_bytes(b"")
    (inp / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (inp / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (inp / "notes.docx").write_bytes(b"PK\x03\x04")
    (inp / "dangling.txt").symlink_to(inp / "nowhere.txt")
    os.mkfifo(inp / "pipe.txt")
    (inp / "feed.jsonl").write_text("\n".join([
        json.dumps({"id": "j1", "date": "not a date", "text": "A convoy of the Lowland Guard reached Orrin Ford."}),
        "{broken",
        json.dumps({"id": "j3"}),
    ]) + "\n", encoding="utf-8")
    (inp / "script.html").write_text(
        "<html><head><script>document.write('zzscript')</script><style>.zzstyle{}</style></head>"
        "<body><article><p>" + " ".join(["Militia fighters shelled the outskirts of Brennock overnight."] * 5)
        + "</p></article></body></html>", encoding="utf-8")
    store = d / "store"
    out = kg("ingest", str(inp), "--store", str(store), "--log-articles", process=True, code=None)
    return inp, out, store


@pytest.mark.model
def test_mixed_folder_exit_code_and_messages(mixed):
    inp, out, _ = mixed
    assert out.code == 1
    lines = out.stderr.strip().splitlines()
    expect = {
        "empty.txt": "empty", "blank.txt": "whitespace", "binary.txt": "binary", "notes.docx": "unsupported",
        "dangling.txt": "broken", "pipe.txt": "named pipe", "feed.jsonl:2": "invalid JSON", "feed.jsonl:3": "no 'text'",
    }
    for name, reason in expect.items():
        hits = [ln for ln in lines if ln.startswith(f"skipped {inp / name}:") and reason in ln]
        assert len(hits) == 1, (name, lines)
    assert len(lines) == len(expect)
    assert "5 articles ingested" in out.stdout and "8 skipped" in out.stdout


@pytest.mark.model
def test_mixed_folder_stores_whole_articles_only(mixed):
    _, out, store = mixed
    stored = [ln.split()[1] for ln in out.stdout.splitlines() if ln.startswith("stored ")]
    assert len(stored) == 5, out.output
    counts = graphs(store)
    assert sorted(stored) == sorted(counts)  # every graph is an article that was reported
    db = ox.Store.read_only(str(store))
    for g in stored:
        res = db.query(f"ASK {{ GRAPH <{g}> {{ <{g}> a <https://schema.org/NewsArticle> ; "
                       "<https://w3id.org/kg/ontology#contentHash> ?h } }")
        assert bool(res)
    text = " ".join(q.object.value for q in db if isinstance(q.object, ox.Literal))
    assert "zzscript" not in text and "zzstyle" not in text
    assert not any("datePublished" in q.predicate.value for q in db)  # "not a date" was dropped


def test_missing_input_is_a_usage_error(tmp_path):
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    out = kg("ingest", tmp_path / "ok.txt", tmp_path / "nope.txt", "--store", tmp_path / "s", process=True, code=2)
    assert out.stderr.strip() == f"Error: {tmp_path / 'nope.txt'}: no such file or folder"
    assert not (tmp_path / "s").exists()  # nothing was ingested, not even the good file


def test_fifo_argument_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "p.txt")
    out = kg("ingest", tmp_path / "p.txt", "--store", tmp_path / "s", timeout=60, process=True, code=2)
    assert out.stderr == f"Error: {tmp_path / 'p.txt'}: not a regular file (named pipe)\n"


@pytest.mark.model
def test_stdin_and_all_good_exit_zero(tmp_path):
    out = kg("ingest", "-", "--store", tmp_path / "s", stdin=GOOD.encode(), process=True)
    assert out.stdout.startswith("1 articles ingested") and out.stderr == ""


@pytest.mark.model
def test_empty_stdin(tmp_path):
    out = kg("ingest", "-", "--store", tmp_path / "s", stdin=b"", process=True, code=1)
    assert out.stderr == "skipped <stdin>: empty (no text)\n"


@pytest.mark.parametrize("args,message", [
    (["ingest"], "Error: Missing argument 'paths'. (try 'kg ingest -h')"),
    (["ingest", "x.txt", "--workers", "0"],
     "Error: Invalid value for '--workers' / '-w': 0 is not in the range: must be >= 1. (try 'kg ingest -h')"),
    (["query"], "Error: give a query or --file, not both or neither"),
    (["query", "   "], "Error: the query is empty"),
    (["nosuchcommand"], "Error: No such command 'nosuchcommand'. (try 'kg -h')"),
])
def test_usage_errors_exit_2(args, message):
    out = kg(*args, code=2)
    assert (out.stdout, out.stderr) == ("", message + "\n")


def test_query_file_errors(tmp_path):
    (tmp_path / "bad.rq").write_bytes(b"SELECT \xff\xfe")
    for f, needle in ((tmp_path, "is a folder"), (tmp_path / "bad.rq", "not UTF-8"), (tmp_path / "no.rq", "No such")):
        out = kg("query", "--file", f, "--store", "memory", process=True, code=2)
        assert out.stderr.startswith(f"Error: cannot read {f}: ") and needle in out.stderr and out.stderr.count("\n") == 1


def test_store_path_that_is_a_file(tmp_path):
    (tmp_path / "f").write_text("x")
    out = kg("stats", "--store", tmp_path / "f", process=True, code=2)
    assert out.stderr.strip() == f"Error: {tmp_path / 'f'} is a file, not a kg store"


def test_query_on_missing_store_does_not_create_it(tmp_path):
    out = kg("query", "SELECT * WHERE { ?s ?p ?o }", "--store", tmp_path / "none", process=True, code=2)
    assert out.stderr.startswith(f"Error: no kg store at {tmp_path / 'none'}")
    assert not (tmp_path / "none").exists()
