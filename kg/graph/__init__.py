"""The store as a property graph (networkx): projection, lookup, traversal, evidence.

    projection.py SPARQL -> nodes and typed edges (the whole graph)
    cache.py      the whole graph per store state, in data-only files (numpy arrays, JSON)
whole.py      whole-graph measures on the cached columns (numpy), without building networkx
    local.py      one neighbourhood read hop by hop through SPARQL (same nodes and edges)
    lookup.py     entity names -> node ids (case- and accent-insensitive, with suggestions)
    traverse.py   neighbours, paths, centrality, components, timelines
    why.py        the evidence behind one fact
"""
