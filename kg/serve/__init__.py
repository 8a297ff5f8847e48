"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store, on uvicorn + Starlette.

    config.py      ServeConfig: permissions, limits, timeouts
    server.py      bind, run and stop the uvicorn server
    protocol.py    request-head deadline and size caps on uvicorn's httptools protocol
    middleware.py  Host check (DNS rebinding) and safety headers
    guard.py       which Host names and Origins are trusted
    app.py         the routes: /query, /update, /store (Graph Store reads), /, /health
    negotiate.py   Accept header and format parameter -> serialisation
    engine.py      query slots, time limits, refreshed view of the store
    queries.py     the calls into kg's query path
    page/          the offline query page (HTML + JS)
"""
from kg.serve.config import ServeConfig
from kg.serve.server import Server, make_server

__all__ = ["ServeConfig", "Server", "make_server"]
