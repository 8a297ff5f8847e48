"""The ontology's class and property hierarchy, kept in the store in a named graph of its own.

The graph :data:`ONTOLOGY_GRAPH` holds the ``rdfs:subClassOf`` and
``rdfs:subPropertyOf`` axioms of ``ontology/kg.ttl`` between IRIs, and one
``owl:versionInfo`` triple naming a digest of those axioms. Queries over the union of all
graphs therefore see the hierarchy: ``?x a/rdfs:subClassOf* kgo:Incident`` finds ambushes,
raids and bombings. :func:`ensure_ontology` writes the graph when it is missing or when the
packaged ontology's axioms changed (the digest differs), and does nothing otherwise.

Nothing else of the ontology (labels, comments, domains) is copied: entity lookups by label,
counts by class and the graph projection never meet a class as if it were an entity.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import StoreError
from kg.rdf.ontology import OWL, RDFS, graph_iri, ontology_dir

if TYPE_CHECKING:
    from kg.store import Store

#: Name of the graph holding the hierarchy (beside kg's other graphs: identity, curations).
ONTOLOGY_GRAPH = graph_iri("ontology")

_SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
_SUBPROPERTY = ox.NamedNode(RDFS + "subPropertyOf")
_VERSION = ox.NamedNode(OWL + "versionInfo")


@lru_cache(maxsize=4)
def _axioms(directory: Path) -> tuple[tuple[ox.Triple, ...], str]:
    path = directory / "kg.ttl"
    try:
        triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        kept = sorted({t for t in triples if t.predicate in (_SUBCLASS, _SUBPROPERTY)
                       and isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)},
                      key=str)
    except (OSError, SyntaxError) as exc:
        raise StoreError(f"cannot read the ontology {path}: {exc}") from exc
    digest = hashlib.sha256(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES)).hexdigest()[:16]
    return tuple(kept), f"axioms sha256:{digest}"


def axioms(directory: Path | None = None) -> list[ox.Triple]:
    """The subclass and subproperty axioms of the packaged ontology (between IRIs), sorted."""
    return list(_axioms((directory or ontology_dir()).resolve())[0])


def axioms_version(directory: Path | None = None) -> str:
    """The version tag of the axioms: a digest that changes whenever one axiom does."""
    return _axioms((directory or ontology_dir()).resolve())[1]


def ontology_quads(directory: Path | None = None) -> list[ox.Quad]:
    """The quads of :data:`ONTOLOGY_GRAPH`: the axioms and their version tag."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in axioms(directory)]
    quads.append(ox.Quad(graph, _VERSION, ox.Literal(axioms_version(directory)), graph))
    return quads


def ensure_ontology(store: Store, directory: Path | None = None) -> bool:
    """Write :data:`ONTOLOGY_GRAPH` into a writable ``store`` unless it holds this version already.

    Returns whether the graph was (re)written. A read-only store is left as it is.

    Raises:
        StoreError: the store cannot be written.
    """
    if store.mode != "w":
        return False
    version = axioms_version(directory)
    current = store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ <{ONTOLOGY_GRAPH}> <{_VERSION.value}> "
                          f"{ox.Literal(version)} }} }}")
    if current.boolean:
        return False
    store.put_graph(ONTOLOGY_GRAPH, ontology_quads(directory))
    return True


def superclasses() -> dict[str, set[str]]:
    """Every class of the ontology mapped to its superclasses (transitively, itself excluded)."""
    return _closure(_SUBCLASS)


def subproperties() -> dict[str, set[str]]:
    """Every property mapped to its subproperties (transitively, itself excluded)."""
    up = _closure(_SUBPROPERTY)
    down: dict[str, set[str]] = {}
    for prop, supers in up.items():
        for sup in supers:
            down.setdefault(sup, set()).add(prop)
    return down


def transitive_closure(direct: dict[str, set[str]]) -> dict[str, set[str]]:
    """Node -> every node reachable from it through ``direct`` (itself left out, cycles too)."""
    closed: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen and node != start:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


def _closure(predicate: ox.NamedNode) -> dict[str, set[str]]:
    direct: dict[str, set[str]] = {}
    for t in axioms():
        if t.predicate == predicate:
            direct.setdefault(t.subject.value, set()).add(t.object.value)
    return transitive_closure(direct)
