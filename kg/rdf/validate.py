"""SHACL validation of kg RDF against ``ontology/shapes.ttl``, with ``ontology/kg.ttl`` mixed in.

Light at import time: rdflib, pyoxigraph and pyshacl are imported inside the functions.

The union of all named graphs is validated in one pass. The shapes describe one article
graph, so cardinalities they set (one ``rdfs:label``, one ``kgo:date``...) are then checked
per named graph: an entity that two articles name differently is not a violation.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import ValidationError
from kg.rdf.ontology import KGO, PREFIXES, XSD, ontology_dir

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"
_DEFAULT = "urn:x-kg:default-graph"

#: (subject, predicate, object, graph name) in rdflib terms; graph name ``_DEFAULT`` if none.
Quad = tuple[Any, Any, Any, str]



class Result(NamedTuple):
    """One validation result: focus node, path (or ``None``), message, severity."""

    focus: str
    path: str | None
    message: str
    severity: str  # "Violation", "Warning" or "Info"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """Outcome of :func:`validate`: ``conforms`` is true when no Violation was found."""

    conforms: bool
    results: list[Result]
    text: str


# -- ontology and shapes -----------------------------------------------------------------

@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> rdflib.Graph:
    import rdflib

    try:
        return rdflib.Graph().parse(path, format="turtle")
    except (SyntaxError, ValueError, OSError) as exc:  # rdflib's BadSyntax is a SyntaxError
        raise ValidationError(f"cannot read {path}: {exc}") from exc


def _graph_file(directory: Path | None, name: str) -> rdflib.Graph:
    path = (directory or ontology_dir()) / name
    if not path.exists():
        raise ValidationError(f"{path} not found: is the kg ontology installed?")
    return _load(str(path), path.stat().st_mtime)


def ontology_graph(directory: Path | None = None) -> rdflib.Graph:
    """The parsed ontology (``kg.ttl``), cached while the file is unchanged."""
    return _graph_file(directory, "kg.ttl")


def shapes_graph(directory: Path | None = None) -> rdflib.Graph:
    """The parsed SHACL shapes (``shapes.ttl``), cached while the file is unchanged."""
    return _graph_file(directory, "shapes.ttl")


# -- input -------------------------------------------------------------------------------

def _to_rdflib(term: Any, cache: dict[Any, Any]) -> Any:
    """A pyoxigraph term as an rdflib term (memoised: entity IRIs repeat a lot)."""
    hit = cache.get(term)
    if hit is not None:
        return hit
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        out: Any = URIRef(term.value)
    elif isinstance(term, ox.BlankNode):
        out = BNode(term.value)
    elif isinstance(term, ox.Literal):
        if term.language:
            out = Literal(term.value, lang=term.language)
        elif term.datatype.value == XSD + "string":
            out = Literal(term.value)
        else:
            out = Literal(term.value, datatype=URIRef(term.datatype.value))
    else:
        raise ValidationError(f"unsupported RDF term {term!r} (RDF-star is not validated)")
    cache[term] = out
    return out


def _from_oxigraph(items: Iterable[Any]) -> list[Quad]:
    import pyoxigraph as ox

    cache: dict[Any, Any] = {}
    out: list[Quad] = []
    for q in items:
        g = getattr(q, "graph_name", None)
        name = g.value if isinstance(g, (ox.NamedNode, ox.BlankNode)) else _DEFAULT
        out.append((_to_rdflib(q.subject, cache), _to_rdflib(q.predicate, cache),
                    _to_rdflib(q.object, cache), name))
    return out


def _parse_nquads(text: bytes) -> list[Quad]:
    import pyoxigraph as ox

    try:
        return _from_oxigraph(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise ValidationError(f"cannot parse the data as N-Quads: {exc}") from exc


def _quads(data: Any) -> list[Quad]:
    """Quads of any accepted input (see :func:`validate`)."""
    import rdflib

    if isinstance(data, rdflib.Graph):
        if not data.context_aware:
            return [(s, p, o, _DEFAULT) for s, p, o in data]
        return [(s, p, o, _graph_name(c)) for s, p, o, c in data.quads((None, None, None, None))]
    if isinstance(data, str):
        return _parse_nquads(data.encode("utf-8"))
    if isinstance(data, bytes):
        return _parse_nquads(data)
    items = list(data)
    if all(hasattr(i, "subject") and hasattr(i, "predicate") for i in items):
        return _from_oxigraph(items)  # pyoxigraph Quad / Triple objects
    lines = (i if isinstance(i, bytes) else str(i).encode("utf-8") for i in items)
    return _parse_nquads(b"\n".join(line.rstrip(b"\r\n") for line in lines))


def _graph_name(ctx: Any) -> str:
    import rdflib

    name = str(getattr(ctx, "identifier", ctx)) if ctx is not None else _DEFAULT
    if name.startswith("urn:x-rdflib:") or name == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID):
        return _DEFAULT
    return name


def _split(quads: list[Quad], per_graph: bool) -> list[tuple[str, rdflib.Graph]]:
    """(graph name, triples) pairs to validate: all merged, or one per named graph."""
    import rdflib

    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, name in quads:
        key = name if per_graph else _DEFAULT
        g = graphs.get(key)
        if g is None:
            g = graphs[key] = rdflib.Graph()
        g.add((s, p, o))
    return sorted(graphs.items()) or [(_DEFAULT, rdflib.Graph())]


# -- checks ------------------------------------------------------------------------------

def _shacl_results(report: Any) -> list[tuple[Result, str, Any, Any]]:
    """(result, constraint component, focus term, path term) of a pyshacl report graph."""
    from rdflib import Graph, Namespace

    if not isinstance(report, Graph):  # pyshacl returns a ValidationFailure on broken shapes
        raise ValidationError(f"the SHACL shapes cannot be used: {report}")
    sh = Namespace(_SH)
    out: list[tuple[Result, str, Any, Any]] = []
    for r in report.subjects(sh.resultSeverity, None):
        focus, path = report.value(r, sh.focusNode), report.value(r, sh.resultPath)
        value = report.value(r, sh.value)
        severity = str(report.value(r, sh.resultSeverity)).removeprefix(_SH)
        component = str(report.value(r, sh.sourceConstraintComponent) or "").removeprefix(_SH)
        message = "; ".join(sorted(str(m) for m in report.objects(r, sh.resultMessage)))
        message = message or "constraint not satisfied"
        if value is not None and value != focus and str(value) not in message:
            message += f" (value: {value})"
        result = Result(str(focus), str(path) if path is not None else None, message, severity)
        out.append((result, component, focus, path))
    return out


def _undeclared(graph: rdflib.Graph, ont: rdflib.Graph) -> list[Result]:
    """Rule of kgs:DeclaredPropertyShape: every kgo: predicate is declared in the ontology."""
    from rdflib import OWL, RDF

    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    declared = {p for kind in kinds for p in ont.subjects(RDF.type, kind)}
    out: list[Result] = []
    for p in sorted(set(graph.predicates()) - declared):
        if str(p).startswith(KGO):
            message = f"predicate {p} is not a property of the kg ontology"
            out.extend(Result(str(s), str(p), message, "Violation") for s in sorted(set(graph.subjects(p))))
    return out


def _unasserted(graph: rdflib.Graph) -> list[Result]:
    """Rule of kgs:EvidenceTripleShape: the triple an evidence node reifies is asserted."""
    from rdflib import RDF

    out: list[Result] = []
    for e in sorted(set(graph.subjects(RDF.type, RDF.Statement))):
        s, p, o = graph.value(e, RDF.subject), graph.value(e, RDF.predicate), graph.value(e, RDF.object)
        if s is not None and p is not None and o is not None and (s, p, o) not in graph:
            message = f"the triple this evidence reifies is not in the graph (value: {p})"
            out.append(Result(str(e), str(RDF.predicate), message, "Violation"))
    return out


def _max_counts(shapes: rdflib.Graph) -> dict[Any, int]:
    """Smallest ``sh:maxCount`` the shapes set on each path."""
    from rdflib import Namespace

    sh = Namespace(_SH)
    out: dict[Any, int] = {}
    for shape, n in shapes.subject_objects(sh.maxCount):
        path = shapes.value(shape, sh.path)
        if path is not None:
            out[path] = min(int(n), out.get(path, int(n)))
    return out


def _spread_over_graphs(quads: list[Quad], pairs: set[tuple[Any, Any]], limits: dict[Any, int]) -> set[Any]:
    """Of the (focus, path) ``pairs``, those whose values come from several graphs, none of
    which gives more than the path's limit."""
    counts: dict[tuple[Any, Any], dict[str, int]] = {pair: {} for pair in pairs}
    for s, p, _, name in quads:
        per_graph = counts.get((s, p))
        if per_graph is not None:
            per_graph[name] = per_graph.get(name, 0) + 1
    return {pair for pair, c in counts.items() if len(c) > 1 and max(c.values()) <= limits[pair[1]]}


# -- entry point -------------------------------------------------------------------------

def validate(data: Any, *, per_graph: bool = False, inference: str = "none",
             ontology_directory: Path | None = None) -> ValidationReport:
    """Validate kg RDF against the SHACL shapes, with the ontology mixed in.

    Args:
        data: an rdflib ``Graph`` or ``Dataset``; N-Quads (or N-Triples) as ``str`` or
            ``bytes``; an iterable of N-Quads lines (``str``/``bytes``); or an iterable of
            pyoxigraph ``Quad``/``Triple`` objects (e.g. ``store.quads()``).
        per_graph: validate each named graph on its own (about 0.3 s per graph).
        inference: pyshacl pre-inference ("none", "rdfs"...). Not needed: with the
            ontology mixed in, the shapes follow ``rdfs:subClassOf`` by themselves, and
            RDFS domain/range inference would make the domain/range shapes vacuous.
        ontology_directory: folder of ``kg.ttl`` and ``shapes.ttl`` (default: packaged).

    Raises:
        ValidationError: the data, ontology or shapes cannot be parsed.
    """
    from pyshacl import validate as shacl_validate

    ont, shapes = ontology_graph(ontology_directory), shapes_graph(ontology_directory)
    limits = _max_counts(shapes)
    quads = _quads(data)
    results: list[Result] = []
    texts: list[str] = []
    for name, graph in _split(quads, per_graph):
        # The two shapes with SPARQL targets (SHACL-AF) are very slow in rdflib: validate
        # without advanced features and apply their two rules directly.
        _, report, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=ont, inference=inference,
                                      advanced=False, allow_warnings=True)
        raw = _shacl_results(report)
        pairs = {(focus, path) for _, component, focus, path in raw
                 if component == "MaxCountConstraintComponent" and path in limits}
        spread = _spread_over_graphs(quads, pairs, limits) if pairs and not per_graph else set()
        found = [r for r, component, focus, path in raw
                 if not (component == "MaxCountConstraintComponent" and (focus, path) in spread)]
        found = list(dict.fromkeys(found + _undeclared(graph, ont) + _unasserted(graph)))
        found.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message))
        results.extend(found)
        if found:
            where = "" if name == _DEFAULT else f" in graph <{name}>"
            texts.append(f"{len(found)} problem(s){where}:")
            texts.extend(f"  [{r.severity}] <{r.focus}>" + (f" {_short(r.path)}" if r.path else "")
                         + f": {r.message}" for r in found)
    conforms = not any(r.severity == "Violation" for r in results)
    n_triples = len({q[:3] for q in quads})
    n_graphs = len({q[3] for q in quads})
    head = (f"{'conforms' if conforms else 'does not conform'}: {n_triples} triple(s) in "
            f"{n_graphs} graph(s), {len(results)} result(s)")
    return ValidationReport(conforms, results, "\n".join([head, *texts]))


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
