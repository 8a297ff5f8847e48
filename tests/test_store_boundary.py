"""The Store boundary: one way in (``open_store``), read mode never writes, no caller reaches past it."""
from __future__ import annotations

import ast
import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import NotAStore, StoreError
from kg.rdf.quads import article_quads
from kg.store import Store, open_store
from tests.conftest import kg, sample_extraction

ROOT = Path(__file__).resolve().parents[1]
#: The modules of kg/store/: callers import the package (``from kg.store import ...``), never these.
MODULES = {p.stem for p in (ROOT / "kg" / "store").glob("*.py")} - {"__init__"}


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``folder`` with its size and modification time."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "store"
    quads = article_quads(sample_extraction())
    with open_store(path, "w") as st:
        st.put_graph(quads[0].graph_name.value, quads)
    return path


# --- the import rule -------------------------------------------------------------------

def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ox_aliases = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kg.store."):
                    found.append(f"imports {a.name}")
                if a.name == "pyoxigraph":
                    ox_aliases.add(a.asname or a.name)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            names = {a.name for a in node.names}
            if mod.startswith("kg.store.") or (mod == "kg.store" and names & MODULES):
                found.append(f"imports {mod} {sorted(names)}")
            if mod == "pyoxigraph" and "Store" in names:
                found.append("imports pyoxigraph.Store")
        elif isinstance(node, ast.Attribute):
            if node.attr == "Store" and isinstance(node.value, ast.Name) and node.value.id in ox_aliases:
                found.append("uses pyoxigraph.Store")
            if node.attr in ("db", "_db", "_store"):
                found.append(f"touches .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance":
            if len(node.args) == 2 and "Store" in ast.unparse(node.args[1]):
                found.append(f"checks a store's class: {ast.unparse(node)}")
    return [f"{path.name}: {v}" for v in found]


def test_no_module_outside_kg_store_reaches_a_backend():
    problems = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if (ROOT / "kg" / "store") in path.parents:
            continue
        problems += _violations(path)
    assert problems == []


def test_the_import_rule_catches_what_it_forbids(tmp_path):
    bad = tmp_path / "probe.py"
    bad.write_text("import pyoxigraph as ox\nfrom kg.store.oxigraph import OxigraphStore\n"
                   "import kg.store.remote\nfrom kg.store import base\n"
                   "def f(s):\n    return ox.Store(), s.db, isinstance(s, OxigraphStore)\n", encoding="utf-8")
    assert len(_violations(bad)) == 6, _violations(bad)


# --- read mode never creates, repairs or writes ----------------------------------------

def test_read_mode_refuses_a_missing_path_and_creates_nothing(tmp_path):
    with pytest.raises(NotAStore, match="no kg store at .*typo"):
        open_store(tmp_path / "typo")
    assert not (tmp_path / "typo").exists()


def test_read_mode_refuses_a_folder_that_is_not_a_store(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me\n")
    before = snapshot(folder)
    for mode in ("r", "w"):
        with pytest.raises(NotAStore, match="is not a kg store; nothing was changed there"):
            open_store(folder, mode)
    assert snapshot(folder) == before


def test_a_damaged_store_is_refused_in_both_modes_and_left_as_it_was(filled):
    (filled / "CURRENT").unlink()
    before = snapshot(filled)
    for mode in ("r", "w"):
        with pytest.raises(NotAStore, match=r"damaged store: its CURRENT file is missing"):
            open_store(filled, mode)
    assert snapshot(filled) == before


def test_read_mode_writes_nothing_into_the_store(filled):
    before = snapshot(filled)
    with open_store(filled) as st:
        assert len(st) > 0
        assert st.mode == "r"
        with pytest.raises(StoreError, match="opened read-only"):
            st.drop_graph("http://example.org/g")
    assert snapshot(filled) == before


def test_cli_read_commands_refuse_non_stores_with_exit_2(tmp_path, filled):
    (filled / "CURRENT").unlink()
    damaged = snapshot(filled)
    export = ("export", "--format", "nq", "-o", tmp_path / "out.nq", "--store")
    out = kg(*export, filled, process=True, code=2)
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"Error: {filled.resolve()} is not a kg store")
    again = kg(*export, filled, process=True, code=2)
    assert again.stderr == out.stderr and snapshot(filled) == damaged  # a second run deletes nothing either
    assert not (tmp_path / "out.nq").exists()

    out = kg(*export, tmp_path / "typo", process=True, code=2)
    assert out.stderr == f"Error: no kg store at {tmp_path / 'typo'}: ingest articles first, or pass --store\n"
    assert not (tmp_path / "typo").exists()

    somedir = tmp_path / "somedir"
    somedir.mkdir()
    (somedir / "readme.md").write_text("# not a store\n")
    for args in (["timeline"], ["neighbors", "Varna Ridge"], ["stats"], ["query", "ASK {}"], ["validate"],
                 ["why", "a", "participatedIn", "b"]):
        out = kg(*args, "--store", somedir, process=True, code=2)
        assert out.stderr == f"Error: {somedir} is not a kg store; nothing was changed there\n", args
    assert [p.name for p in somedir.iterdir()] == ["readme.md"]


def test_why_reads_while_a_writer_holds_the_store(filled):
    with open_store(filled, "w") as writer:  # holds the RocksDB lock in this process
        assert writer.mode == "w"
        out = kg("why", "Kestrel Brigade", "participatedIn", "Operation Iron Lantern", "--store", filled, process=True)
    assert "Kestrel Brigade cleared the village" in out.stdout


# --- the interface ---------------------------------------------------------------------

def test_length_dump_and_graphs(filled):
    with open_store(filled) as st:
        quads = set(st.quads())
        assert len(st) == len(quads) > 0
        assert list(st.graphs()) == [next(iter(quads)).graph_name.value]
        buf = io.BytesIO()
        assert st.dump(buf, "nq") == len(quads)
        assert set(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS)) == quads
        buf = io.BytesIO()
        assert st.dump(buf, "nt") == len(quads)
        triples = set(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_TRIPLES))
        assert {(t.subject, t.predicate, t.object) for t in triples} == \
               {(q.subject, q.predicate, q.object) for q in quads}


def test_cache_dir_is_outside_the_store(filled):
    with open_store(filled) as st:
        assert st.cache_dir == filled.resolve().with_name("store.cache")
        assert filled.resolve() not in st.cache_dir.parents
        assert not st.cache_dir.exists()  # the store does not create it
    assert open_store("memory").cache_dir is None


def test_memory_store_is_writable_scratch():
    st: Store = open_store("memory")
    quads = article_quads(sample_extraction())
    st.put_graph(quads[0].graph_name.value, quads)
    assert len(st) == len(set(quads))


def test_write_mode_creates_only_in_a_new_or_empty_folder(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with open_store(empty, "w") as st:
        assert len(st) == 0
    assert (empty / "CURRENT").is_file()
    with open_store(tmp_path / "new" / "deeper", "w"):
        pass
    assert (tmp_path / "new" / "deeper" / "CURRENT").is_file()
