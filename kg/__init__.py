"""kg: knowledge graphs of forces, places, operations and incidents from news reports.

Typical use::

    from kg import open_store, run_query
    from kg.ingest import ingest

    with open_store("memory") as store:
        report = ingest(["examples/articles"], store)
        rows = run_query(store, "SELECT ?f WHERE { ?f a kgo:MilitaryUnit }").dicts()

Names are imported lazily: ``import kg`` loads nothing heavy.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "kg.model", "Entity": "kg.model", "Evidence": "kg.model", "Extraction": "kg.model",
    "Mention": "kg.model", "Relation": "kg.model", "Skipped": "kg.model",
    "KgError": "kg.errors", "ConfigError": "kg.errors", "ModelNotFound": "kg.errors",
    "ArticleError": "kg.errors", "StoreError": "kg.errors", "StoreBusy": "kg.errors",
    "QueryError": "kg.errors", "NodeNotFound": "kg.errors", "ExportError": "kg.errors",
    "read_articles": "kg.read.articles", "make_article": "kg.read.articles",
    "extract_many": "kg.extract",
    "article_quads": "kg.rdf.quads", "serialize_quads": "kg.rdf.quads",
    "open_store": "kg.store", "Store": "kg.store", "QueryResult": "kg.store",
    "IngestReport": "kg.ingest",
    "run_query": "kg.query.sparql", "run_update": "kg.query.sparql",
    "store_stats": "kg.query.stats",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
