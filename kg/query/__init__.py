"""The query path: one way for every SPARQL request, and store statistics.

    sparql.py   run_query / run_query_serialized / run_update: the steps below, in order
    bounds.py   size, nesting and operator chains, checked before any parser runs
    parse.py    the request's structure from a real parser (tree-sitter's SPARQL grammar):
                query or update, SERVICE, LOAD, FROM / FROM NAMED
    worker.py   a worker process per request: time and memory limits, killed on overrun
execute.py  what a worker does with one checked request: evaluate it, serialise the answer
pool.py     a pool of such workers for ``kg serve`` (killable, one request each at a time)
reason.py   query-time RDFS reasoning over the ontology's class and property hierarchy
explain.py  Oxigraph's own plan of a query (``kg query --explain``)
    limits.py   the one default time limit and memory limit; size parsing
    stats.py    counts by class and property
"""
