"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store.

    server.py     the HTTP server, content negotiation and limits
"""
