"""The query path: read-only SPARQL for users, updates, and store statistics.

    sparql.py     prefixes, refused requests, time limit, syntax errors in the user's terms
    stats.py      counts by class and property
"""
