"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint."""
from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from kg.cli.app import QuietOpt, StoreOpt, TimeoutOpt, app
from kg.cli.settings import settings


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0 picks a free one).")] = 7878,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update on /update.")] = False,
    allowed_host: Annotated[Optional[list[str]], typer.Option(
        "--allowed-host", metavar="NAME", help="Another name clients may use in the Host header (repeatable; '*' for any).")] = None,
    cors: Annotated[Optional[list[str]], typer.Option(
        "--cors", metavar="ORIGIN", help="Let pages from ORIGIN read answers (repeatable; none by default).")] = None,
    timeout: TimeoutOpt = None,
    max_memory: Annotated[Optional[str], typer.Option(
        "--max-memory", metavar="SIZE",
        help="Stop a query needing more memory than this, e.g. 512M or 2G (default: a quarter of the RAM).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Queries evaluated at once.")] = 4,
    queue_wait: Annotated[Optional[float], typer.Option(
        "--queue-wait", min=0, metavar="SECONDS",
        help="How long a query waits for a free worker before 503 (default: the --timeout).")] = None,
    max_body: Annotated[int, typer.Option("--max-body", min=1, help="Largest request body in bytes.")] = 1_000_000,
    quiet: QuietOpt = False,
) -> None:
    """Answer SPARQL queries over HTTP (GET/POST /query), read-only unless --allow-update.

    Opens a query page at http://127.0.0.1:7878/ and reads graphs at /store?graph=IRI.
    Each query runs in a worker process, stopped after --timeout seconds or above
    --max-memory; a store on disk is opened again for each query, so answers follow it
    while another process ingests.

    \b
    Examples:
      kg serve --store ./.kg
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a kgo:Operation }' \\
           http://127.0.0.1:7878/query
    """
    from kg.query.limits import DEFAULT_MAX_MEMORY, parse_size
    from kg.serve import ServeConfig, make_server

    cfg = settings(store=store, query_timeout=timeout)
    st = cfg.open_store("w" if allow_update else "r")
    limit = parse_size(max_memory) if max_memory is not None else DEFAULT_MAX_MEMORY
    config = ServeConfig(allow_update=allow_update, allowed_hosts=tuple(allowed_host or ()),
                         cors_origins=tuple(cors or ()), timeout=cfg.query_timeout or None, max_memory=limit or None,
                         workers=workers, queue_wait=queue_wait, max_body=max_body)
    log = None if quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    server = make_server(st, host, port, config, log=log)
    print(f"SPARQL endpoint: {server.url}/query"
          + (f"  updates: {server.url}/update" if allow_update else "  (read-only)")
          + f"  query page: {server.url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        st.close()
