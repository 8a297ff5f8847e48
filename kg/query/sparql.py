"""The one query path, shared by ``kg query``, ``kg update``, ``kg serve`` and the Python API.

Every request goes through the same steps:

1. bounds (:mod:`kg.query.bounds`): size, bracket depth and operator chains, checked by one
   linear scan before any parser runs;
2. structure (:mod:`kg.query.parse`): a real SPARQL parser tells a query from an update and
   finds SERVICE, LOAD and FROM / FROM NAMED; outbound requests are refused;
3. evaluation by Oxigraph with kg's prefixes declared through ``prefixes=`` (never pasted
   into the text, so syntax errors name the user's own line and column), over the union of
   all graphs unless the request names its dataset (FROM / FROM NAMED in the query, or the
   Protocol's ``default-graph-uri`` / ``named-graph-uri``, which win);
4. isolation (:mod:`kg.query.worker`): the query runs in a worker process under one time
   limit (:data:`DEFAULT_TIMEOUT`) and one memory limit (:data:`DEFAULT_MAX_MEMORY`); a
   worker that overruns is killed.

Errors are :class:`~kg.errors.QueryError` subclasses with plain messages and fields
(``line``/``column``, ``feature``, ``operation``, ``seconds``, ``limit``); the CLI and the
server phrase any advice ("pass --allow-service", HTTP status) themselves.
"""
from __future__ import annotations

import atexit

import pyoxigraph as ox

from kg.errors import QuerySyntaxError, WrongOperation
from kg.query.bounds import check_bounds
from kg.query.execute import Request, execute
from kg.query.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from kg.query.parse import Analysis, analyse, check_outbound
from kg.query.pool import WorkerPool, run_update_in_worker
from kg.query.reason import expand
from kg.query.worker import run_forked
from kg.rdf.ontology import PREFIXES
from kg.store import QueryResult, Store

__all__ = ["DEFAULT_MAX_MEMORY", "DEFAULT_TIMEOUT", "prepare", "run_query", "run_query_serialized", "run_update"]


def prepare(sparql: str, *, operation: str = "query", allow_service: bool = False) -> Analysis:
    """Check a request before anything evaluates it; return its structure.

    Raises:
        QueryTooComplex: too long, too deeply nested, too many chained operators.
        QueryRefused: SERVICE (unless ``allow_service``) or LOAD.
        WrongOperation: an update given as a query, or the reverse.
        QuerySyntaxError: an unparsable request that may hide SERVICE or LOAD.
    """
    check_bounds(sparql)
    try:
        sparql.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QuerySyntaxError("the request contains invalid Unicode (a lone surrogate code point)") from exc
    analysis = analyse(sparql)
    check_outbound(sparql, analysis, allow_service=allow_service)
    if analysis.operation and analysis.operation != operation:
        if analysis.operation == "update":
            raise WrongOperation(f"the request is a SPARQL Update ({analysis.form.upper()}), not a query",
                                 "update")
        raise WrongOperation(f"the request is a SPARQL query ({analysis.form.upper()}), not an update", "query")
    return analysis


def run_query(store: Store, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
              max_memory: int | None = DEFAULT_MAX_MEMORY, allow_service: bool = False,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              pool: WorkerPool | None = None, reason: str | None = None) -> QueryResult:
    """Run a read-only query; the rows, boolean or triples of its result.

    ``timeout`` seconds and ``max_memory`` bytes bound the worker that runs it (None: no
    limit). ``default_graphs`` / ``named_graphs`` set the dataset as the SPARQL Protocol's
    ``default-graph-uri`` / ``named-graph-uri`` do. ``reason="rdfs"`` also matches what the
    ontology's subclasses and subproperties entail (:mod:`kg.query.reason`).

    Raises:
        QueryError: invalid, refused, too complex, timed out or out of memory (a subclass says which).
    """
    media, body = run_query_serialized(store, sparql, fmt="json", graph_fmt="nt", timeout=timeout,
                                       max_memory=max_memory, allow_service=allow_service,
                                       default_graphs=default_graphs, named_graphs=named_graphs, pool=pool,
                                       reason=reason)
    if media == ox.RdfFormat.N_TRIPLES.media_type:
        return QueryResult("graph", triples=list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
    return QueryResult.from_oxigraph(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))


def run_query_serialized(store: Store, sparql: str, *, fmt: str = "json", graph_fmt: str = "nt",
                         timeout: float | None = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MAX_MEMORY,
                         allow_service: bool = False, default_graphs: list[str] | None = None,
                         named_graphs: list[str] | None = None, pool: WorkerPool | None = None,
                         reason: str | None = None) -> tuple[str, bytes]:
    """Like :func:`run_query`, answered as ``(media type, bytes)`` for a wire format.

    SELECT / ASK results are written in ``fmt`` (json, xml, csv, tsv), CONSTRUCT / DESCRIBE
    results in ``graph_fmt`` (nt, ttl, nq, trig, jsonld, xml). A multi-threaded caller (a
    server) passes a :class:`~kg.query.pool.WorkerPool` for on-disk stores: its workers are
    fresh processes, where forking a threaded process is not safe (the pool's own memory
    limit then applies).
    """
    analysis = prepare(sparql, operation="query", allow_service=allow_service)
    if reason is not None:
        sparql = expand(sparql, reason)
    if named_graphs is not None and default_graphs is None:
        default_graphs = []  # the Protocol: a dataset given without a default graph has an empty one
    request = Request(sparql, fmt=fmt, graph_fmt=graph_fmt, default_graphs=default_graphs,
                      named_graphs=named_graphs, union=not analysis.dataset, maybe_update=not analysis.operation)
    if store.isolation == "none":  # a remote endpoint does the work: nothing runs here
        return execute(store, request)
    if pool is None and store.isolation == "reopen" and store.mode == "w":
        # this process writes the store: RocksDB's threads may hold locks a fork would copy
        pool = _writer_pool(store, max_memory)
    if pool is not None and store.isolation == "reopen":
        return pool.run(request, timeout=timeout)

    def work() -> tuple[str, bytes]:
        return execute(store.open_again("r") if store.isolation == "reopen" else store, request)

    return run_forked(work, timeout=timeout, max_memory=max_memory)


_WRITER_POOLS: dict[tuple[str, int | None], WorkerPool] = {}


def _writer_pool(store: Store, max_memory: int | None) -> WorkerPool:
    """One worker process per store this process writes (started on first use, stopped at exit)."""
    key = (store.location, max_memory)
    pool = _WRITER_POOLS.get(key)
    if pool is None:
        if not _WRITER_POOLS:
            atexit.register(_close_writer_pools)
        pool = _WRITER_POOLS[key] = WorkerPool(store, size=1, max_memory=max_memory)
    return pool


def _close_writer_pools() -> None:
    for pool in _WRITER_POOLS.values():
        pool.close()
    _WRITER_POOLS.clear()


def run_update(store: Store, sparql: str, *, allow_service: bool = False,
               timeout: float | None = DEFAULT_TIMEOUT, max_memory: int | None = DEFAULT_MAX_MEMORY) -> None:
    """Run a SPARQL Update request in one transaction (LOAD refused; SERVICE unless allowed).

    Like a query, the update runs in a worker process stopped after ``timeout`` seconds or
    when it needs more than ``max_memory`` bytes; a stopped update changes nothing. On disk
    the worker opens the store for writing while this handle lends it its lock. In memory a
    forked child first runs the update on its copy of the data under the limits; only an
    update that finished there is applied to the store itself. A remote endpoint applies
    the update itself (its own limits hold).

    Raises:
        QueryError: invalid, refused or too complex request; timed out or out of memory.
        StoreError: the store is read-only or cannot be written.
    """
    prepare(sparql, operation="update", allow_service=allow_service)
    if store.mode != "w" or store.isolation == "none":
        store.update(sparql, prefixes=PREFIXES)  # a read-only store refuses; an endpoint does the work
    elif store.isolation == "reopen":
        with store.released():
            run_update_in_worker(store.location, sparql, timeout=timeout, max_memory=max_memory)
    else:
        def trial() -> tuple[str, bytes]:
            store.update(sparql, prefixes=PREFIXES)
            return "text/plain", b"updated"

        run_forked(trial, timeout=timeout, max_memory=max_memory, what="update")
        store.update(sparql, prefixes=PREFIXES)
