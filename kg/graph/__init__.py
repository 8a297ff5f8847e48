"""The store as a property graph (networkx): projection, lookup, traversal, evidence.

    projection.py SPARQL -> nodes and typed edges, cached per store state
    lookup.py     entity names -> node ids (case- and accent-insensitive, with suggestions)
    traverse.py   neighbours, paths, centrality, components, timelines
    why.py        the evidence behind one fact
"""
