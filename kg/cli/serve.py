"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint."""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from kg.cli.app import QuietOpt, StoreOpt, TimeoutOpt, app
from kg.cli.settings import settings


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0 picks a free one).")] = 7878,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL Update on /update.")] = False,
    timeout: TimeoutOpt = None,
    max_body: Annotated[int, typer.Option("--max-body", min=1, help="Largest request body in bytes.")] = 1_000_000,
    quiet: QuietOpt = False,
) -> None:
    """Answer SPARQL queries over HTTP (GET/POST /query), read-only unless --allow-update.

    Examples:
      kg serve --store ./.kg
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s a kgo:Operation }' \\
           http://127.0.0.1:7878/query
    """
    from kg.serve.server import ServeConfig, make_server
    cfg = settings(store=store, query_timeout=timeout)
    st = cfg.open_store("w" if allow_update else "r")
    config = ServeConfig(allow_update=allow_update, max_body=max_body, timeout=cfg.query_timeout)
    log = None if quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    server = make_server(st, host, port, config, log=log)
    h, p = server.server_address[:2]
    print(f"SPARQL endpoint: http://{h}:{p}/query"
          + (f"  updates: http://{h}:{p}/update" if allow_update else "  (read-only)"), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        st.close()
