"""kg: knowledge graphs of forces, places, operations and incidents from news reports.

The verbs::

    import kg

    kg.ingest("examples/articles", ".kg")            # extract and store, one graph per article
    with kg.open(".kg") as g:                       # read-only: kg ingest may run meanwhile
        df = g.query("SELECT ?unit ?op WHERE { ?u kgo:participatedIn ?o ; rdfs:label ?unit . "
                     "?o rdfs:label ?op }").df()   # a DataFrame with typed columns
        G = g.graph(classes=["Force", "Operation"]) # the networkx projection
    ext = kg.extract("Kestrel Brigade cleared Varna Ridge.\\n\\nThe Kestrel Brigade ...")

``kg.query(store, sparql)`` and ``kg.project(store)`` do the same in one call. Names are
imported lazily: ``import kg`` loads nothing heavy.

Three verbs share their name with a sub-package (``kg.ingest`` with ``kg/ingest.py``,
``kg.extract`` with ``kg/extract/``, ``kg.query`` with ``kg/query/``). Importing such a
sub-package would normally rebind ``kg.<name>`` to the module; here the verb stays, and it
forwards attribute access to its sub-package, so ``kg.query.sparql`` and
``import kg.extract.gazetteer as g`` keep working.
"""
from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "KnowledgeGraph": "kg._api", "Result": "kg._results",
    "Article": "kg.model", "Entity": "kg.model", "Evidence": "kg.model", "Extraction": "kg.model",
    "Mention": "kg.model", "Relation": "kg.model", "Skipped": "kg.model",
    "KgError": "kg.errors", "ConfigError": "kg.errors", "ModelNotFound": "kg.errors",
    "ArticleError": "kg.errors", "StoreError": "kg.errors", "StoreBusy": "kg.errors",
    "NotAStore": "kg.errors", "QueryError": "kg.errors", "NodeNotFound": "kg.errors",
    "ExportError": "kg.errors", "ValidationError": "kg.errors",
    "read_articles": "kg.read.articles", "make_article": "kg.read.articles",
    "extract_many": "kg.extract",
    "article_quads": "kg.rdf.quads", "serialize_quads": "kg.rdf.quads",
    "open_store": "kg.store", "Store": "kg.store", "QueryResult": "kg.store",
    "IngestReport": "kg.ingest",
    "run_query": "kg.query.sparql", "run_update": "kg.query.sparql",
    "store_stats": "kg.query.stats",
}
#: verb -> the sub-package or module of the same name (None: no clash)
_VERBS = {"open": None, "ingest": "kg.ingest", "extract": "kg.extract", "query": "kg.query", "project": None}

__all__ = sorted([*_EXPORTS, *_VERBS, "__version__"])


class _Verb:
    # A public verb that shares its name with a sub-package: calling it runs the verb (whose
    # docstring and signature it shows); other attributes are the sub-package's, so that
    # dotted imports and patches through the name keep working.

    def __init__(self, name: str, package: str) -> None:
        self._name = name
        self._package = package
        self.__name__ = self.__qualname__ = name
        self.__module__ = "kg"

    @functools.cached_property
    def _function(self) -> Any:
        return getattr(importlib.import_module("kg._api"), self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._function(*args, **kwargs)

    @property
    def __doc__(self) -> str | None:  # type: ignore[override]
        return self._function.__doc__

    @property
    def __wrapped__(self) -> Any:
        return self._function

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(importlib.import_module(self._package), name)

    def __repr__(self) -> str:
        return f"<kg verb {self._name} (sub-package {self._package})>"


class _Kg(types.ModuleType):
    """The ``kg`` module: the import system may not replace a verb by a same-named sub-package."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _VERBS and isinstance(value, types.ModuleType):
            return  # a sub-package finished importing; sys.modules holds it, kg.<name> stays the verb
        super().__setattr__(name, value)


def __getattr__(name: str) -> Any:
    if name in _VERBS:
        package = _VERBS[name]
        value: Any = _Verb(name, package) if package else getattr(importlib.import_module("kg._api"), name)
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    else:
        raise AttributeError(f"module 'kg' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


sys.modules[__name__].__class__ = _Kg
for _name, _package in _VERBS.items():
    if _package:  # bound now, so that no later sub-package import can take the name first
        globals()[_name] = _Verb(_name, _package)
del _name, _package
