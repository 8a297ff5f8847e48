"""Shared fixtures: the ``kg()`` runner, stores, hand-built extractions, the spaCy pipeline."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.read.articles import make_article
from kg.model import Entity, Evidence, Extraction, Relation
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


@dataclass(frozen=True)
class Ran:
    """What one ``kg`` run printed and how it ended."""

    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def kg(*args: object, code: int | None = 0, stdin: str | bytes | None = None, process: bool = False,
       env: dict[str, str] | None = None, timeout: float = 300, traceback: bool = False) -> Ran:
    """Run the ``kg`` command and check its exit code (``code=None``: any).

    In-process through typer's runner by default; ``process=True`` runs ``python -m kg`` in a
    child process (real signals, pipes and the console entry point's error handling), from
    the repository root. Neither may print a traceback, unless ``traceback`` (``KG_DEBUG=1``).
    """
    argv = [str(a) for a in args]
    if process:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run([sys.executable, "-m", "kg", *argv], input=data, capture_output=True,
                              env=child_env(**(env or {})), cwd=ROOT, timeout=timeout)
        ran = Ran(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))
    else:
        from typer.testing import CliRunner

        from kg.cli import app

        result = CliRunner().invoke(app, argv, input=stdin, env=env, catch_exceptions=False)
        ran = Ran(result.exit_code, result.stdout, result.stderr)
    if not traceback:
        assert "Traceback" not in ran.output, ran.output
    if code is not None:
        assert ran.code == code, f"kg {' '.join(argv)}: exit {ran.code}, expected {code}\n{ran.output}"
    return ran


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child Python process that imports this checkout's kg."""
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def kg_popen(*args: object, env: dict[str, str] | None = None, **popen: object) -> subprocess.Popen:
    """``python -m kg ARGS`` started in the background, from the repository root, for tests
    that signal it, read its pipes as it runs or run it beside another process (``env``: extra
    variables; ``popen``: :class:`subprocess.Popen`'s options). A run to completion uses :func:`kg`."""
    return subprocess.Popen([sys.executable, "-m", "kg", *(str(a) for a in args)], env=child_env(**(env or {})),
                            cwd=ROOT, **popen)  # type: ignore[call-overload]


SAMPLE_TEXT = (
    "Kestrel Brigade cleared Varna Ridge\n\n"
    "The Kestrel Brigade cleared the village of Varna Ridge in Operation Iron Lantern on Monday. "
    "Red Hand fighters still hold Dorun."
)


def sample_extraction(text: str = SAMPLE_TEXT) -> Extraction:
    """A small hand-built extraction in the shape the extractor produces."""
    art = make_article(text, source="sample.txt", published="2024-03-04", url="https://example.org/a")
    s1 = text.index("The Kestrel")
    e1 = text.index(".", s1) + 1
    s2 = text.index("Red Hand")
    ev1 = Evidence(text[s1:e1], s1, e1)
    ev2 = Evidence(text[s2:], s2, len(text))
    ents = [
        Entity("u1", "MilitaryUnit", "Kestrel Brigade", {"the Kestrel Brigade"}),
        Entity("p1", "Settlement", "Varna Ridge", set(), attributes={"lat": 41.5, "lon": 22.25}),
        Entity("o1", "Operation", "Operation Iron Lantern", {"Iron Lantern"}, attributes={"date": "2024-03-04"}),
        Entity("g1", "ArmedGroup", "Red Hand"),
        Entity("p2", "Settlement", "Dorun"),
    ]
    rels = [
        Relation("u1", "participatedIn", "o1", ev1, 0.9),
        Relation("o1", "tookPlaceIn", "p1", ev1, 0.8),
        Relation("p2", "threatenedBy", "g1", ev2, 0.7),
    ]
    return Extraction(art, ents, rels)


#: Fixtures that load the spaCy pipeline: every test using one carries the ``model`` mark.
MODEL_FIXTURES = frozenset({"nlp", "example_store"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``model`` each test that uses a fixture loading the pipeline (before ``-m`` selects)."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture
def memory_store() -> Store:
    """An empty in-memory store."""
    return open_store("memory")  # type: ignore[return-value]


@pytest.fixture
def store_path(tmp_path):
    """A directory for an on-disk store."""
    return tmp_path / "store"


@pytest.fixture(scope="session")
def nlp():
    """The installed spaCy pipeline, loaded once per test session."""
    from kg.extract.nlp import load_pipeline

    return load_pipeline()


def extract_text(nlp, text: str, published: str | None = None) -> Extraction:
    """Run the extractor on a text (first line as title) with an already loaded pipeline."""
    from kg.extract import extract
    from kg.model import Article

    art = Article(id=hashlib.sha256(text.encode()).hexdigest(), text=text, title=text.split("\n")[0],
                  published=published)
    return extract(art, nlp=nlp)


def require_program(name: str) -> str:
    """Path of an external program; skip when missing, fail under KG_REQUIRE_EXTERNAL=1."""
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("KG_REQUIRE_EXTERNAL") == "1":
        pytest.fail(f"{name} is required (KG_REQUIRE_EXTERNAL=1) but not installed")
    pytest.skip(f"{name} is not installed")


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    """An on-disk store of the project's example articles (loads the model: mark tests ``model``)."""
    path = tmp_path_factory.mktemp("examples") / "store"
    kg("ingest", EXAMPLES, "--store", path, "--quiet")
    return path


@pytest.fixture(scope="session")
def graph_store() -> Store:
    """The hand-written fixture graph (:mod:`tests.graph_data`) in an in-memory store, shared by
    every test of the session: read it, never write to it (use ``own_graph_store``)."""
    from tests import graph_data

    return graph_data.fill(open_store("memory"))


@pytest.fixture(scope="session")
def graph(graph_store):
    """The fixture graph's projection (a networkx MultiDiGraph), shared: never change it
    (``kg.graph.projection.project(graph_store)`` gives a private copy)."""
    from kg.graph.projection import project

    return project(graph_store, cache=False)


@pytest.fixture(scope="session")
def graph_store_path(tmp_path_factory) -> str:
    """The fixture graph in an on-disk store, shared (commands may add its cache beside it)."""
    return _fixture_graph_on_disk(tmp_path_factory.mktemp("graph") / "store")


@pytest.fixture
def own_graph_store_path(tmp_path) -> str:
    """A private on-disk store of the fixture graph at ``tmp_path / "store"``, for tests that
    change the store or inspect its cache folder."""
    return _fixture_graph_on_disk(tmp_path / "store")


def _fixture_graph_on_disk(path: Path) -> str:
    from tests import graph_data

    with open_store(path, "w") as st:
        graph_data.fill(st)
    return str(path)


@pytest.fixture(autouse=True)
def _extractor_settings(request):
    """Each test starts from the default extractor (a CLI run in-process configures it for the
    process). The ``test_extract_*`` modules test the rule layer itself, so they run in rules
    mode; the learned relation layer (default: hybrid) is tested in ``test_learned_*``."""
    from kg.extract.learned.settings import configure, using

    configure()
    try:
        if request.module.__name__.rsplit(".", 1)[-1].startswith("test_extract_"):
            with using(mode="rules"):
                yield
        else:
            yield
    finally:
        configure()


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server recording the path of every request it receives (it answers 500):
    proof that a refused SERVICE or LOAD made no request."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            hits.append(self.path)
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _any

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_port}", hits
    srv.shutdown()
    srv.server_close()


def _free_port() -> int:
    """A TCP port nobody listens on (yet) on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def sparql_server(tmp_path_factory):
    """An Oxigraph SPARQL server (PyPI package 'oxigraph') on a free loopback port, with the
    union default graph like kg's own store; yields its base URL (``/query``, ``/update``)."""
    import time
    import urllib.error
    import urllib.request

    exe = Path(sys.executable).parent / "oxigraph"
    assert exe.exists(), "the oxigraph server (PyPI package 'oxigraph') is not installed in the venv"
    port = _free_port()
    proc = subprocess.Popen([str(exe), "serve", "--location", str(tmp_path_factory.mktemp("oxi")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, OSError):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph server did not start: {proc.stderr.read().decode()[-500:]}")  # type: ignore[union-attr]
            time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two one-thread workers on loopback, started as ``dask scheduler`` /
    ``dask worker`` processes as on a real cluster; yields the scheduler's address."""
    from distributed import Client

    dask = str(Path(sys.executable).parent / "dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], **quiet)
    workers = subprocess.Popen([dask, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard",
                                "--local-directory", str(tmp_path_factory.mktemp("dask-workers"))], **quiet)
    try:
        with Client(address, timeout=120) as client:
            client.wait_for_workers(2, timeout=180)
        yield address
    finally:
        for proc in (workers, scheduler):
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
