"""Query-time RDFS reasoning over the ontology's class and property hierarchy.

``rdfs`` rewrites the predicates of a query's graph patterns, read from the parse tree of
:mod:`kg.query.parse` (never by searching the text):

- ``a`` / ``rdf:type`` becomes ``rdf:type/rdfs:subClassOf*``, so ``?x a kgo:Incident``
  also finds ambushes and raids, and ``?x a ?class`` every superclass of each type. The
  hierarchy is read from the store's ontology graph (:mod:`kg.rdf.axioms`), which the
  default graph (the union of all graphs) includes; inside ``GRAPH ?g { ... }`` only the
  article's own types are seen;
- a property with subproperties becomes the alternative of all of them, e.g. ``sem:hasActor``
  becomes ``(sem:hasActor|kgo:perpetratedBy|kgo:targeted|...)``, from the packaged ontology,
  so it works in any graph.

Only the WHERE part changes (CONSTRUCT templates stay as written). Like any entailment
regime, a pattern may then match one entity by several paths: use DISTINCT for sets.
"""
from __future__ import annotations

from typing import Any

from kg.errors import QueryError
from kg.query.parse import _grammar, decode_escapes
from kg.rdf.ontology import PREFIXES, RDF, RDFS

#: The reasoning a query can ask for.
REGIMES = ("rdfs",)

_TYPE = RDF + "type"


def expand(sparql: str, regime: str) -> str:
    """``sparql`` rewritten so its patterns also match what ``regime`` entails.

    A text the grammar cannot read is returned as it is (Oxigraph reports its syntax error).

    Raises:
        QueryError: unknown ``regime``.
    """
    if regime not in REGIMES:
        raise QueryError(f"unknown reasoning '{regime}'; use one of {', '.join(REGIMES)}")
    from kg.rdf.axioms import subproperties

    text = decode_escapes(sparql)
    data = text.encode("utf-8")
    parser, _ = _grammar()
    root = parser.parse(data).root_node
    if root.has_error:
        return sparql
    prefixes = dict(PREFIXES)
    prefixes.update(_prologue_prefixes(root, data))
    below = subproperties()
    edits: list[tuple[int, int, str]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "path_element" and node.child_count:
            primary = node.children[0]
            iri = _iri(primary, data, prefixes)
            if iri == _TYPE:
                edits.append((primary.start_byte, primary.end_byte, f"(<{_TYPE}>/<{RDFS}subClassOf>*)"))
            elif iri is not None and iri in below:
                alternatives = "|".join(f"<{p}>" for p in [iri, *sorted(below[iri])])
                edits.append((primary.start_byte, primary.end_byte, f"({alternatives})"))
        stack.extend(node.children)
    if not edits:
        return sparql
    for start, end, replacement in sorted(edits, reverse=True):
        data = data[:start] + replacement.encode("utf-8") + data[end:]
    return data.decode("utf-8")


def declared_prefixes(sparql: str) -> dict[str, str]:
    """The prefixes ``sparql`` declares itself (PREFIX lines of its prologue)."""
    data = decode_escapes(sparql).encode("utf-8")
    return _prologue_prefixes(_grammar()[0].parse(data).root_node, data)


def _prologue_prefixes(root: Any, data: bytes) -> dict[str, str]:
    found: dict[str, str] = {}
    for child in root.children:
        if child.type != "prologue":
            continue
        for decl in child.children:
            if decl.type != "prefix_declaration":
                continue
            names = [c for c in decl.children if c.type == "namespace"]
            iris = [c for c in decl.children if c.type == "iri_reference"]
            if names and iris:
                name = _text(names[0], data)[:-1]  # without the colon
                found[name] = _text(iris[0], data)[1:-1]
    return found


def _iri(node: Any, data: bytes, prefixes: dict[str, str]) -> str | None:
    """The IRI a predicate node stands for (None for variables, paths and unknown prefixes)."""
    kind = node.type
    if kind == "a":
        return _TYPE
    if kind == "iri_reference":
        return _text(node, data)[1:-1]
    if kind == "prefixed_name":
        name = _text(node, data)
        prefix, _, local = name.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
    return None


def _text(node: Any, data: bytes) -> str:
    return data[node.start_byte:node.end_byte].decode("utf-8")
