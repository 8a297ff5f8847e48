"""SHACL validation of kg graphs against ``ontology/shapes.ttl`` with ``ontology/kg.ttl``.

Light at import time: rdflib and pyshacl are imported inside the functions that use them.

The shapes describe one article graph (exactly one ``rdfs:label`` per entity, one
``kgo:date``...). Two articles may legitimately give the same entity different labels, so
by default each named graph is validated on its own; ``union=True`` validates the merge of
all graphs in one pass (faster, but cardinalities then count across articles).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from kg.errors import KgError
from kg.ontology import ontology_dir

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

_SH = "http://www.w3.org/ns/shacl#"
_DEFAULT = "urn:x-kg:default-graph"


class ValidationError(KgError):
    """The data or the shapes cannot be read for validation."""


class Result(NamedTuple):
    """One SHACL validation result: focus node, path (or ``None``), message, severity."""

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

    def __bool__(self) -> bool:
        return self.conforms


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> rdflib.Graph:
    import rdflib

    try:
        return rdflib.Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many unrelated types on bad syntax
        raise ValidationError(f"cannot read {path}: {exc}") from None


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


def _nquads_text(data: str | bytes | Iterable[Any]) -> str:
    """Join N-Quads given as text, bytes, lines, or pyoxigraph quads into one document."""
    if isinstance(data, bytes):
        return data.decode("utf-8")
    if isinstance(data, str):
        return data
    lines: list[str] = []
    for item in data:
        if isinstance(item, bytes):
            item = item.decode("utf-8")
        elif not isinstance(item, str):  # a pyoxigraph Quad/Triple prints as N-Quads
            item = f"{item} ."
        lines.append(item if item.endswith("\n") else item + "\n")
    return "".join(lines)


def _graphs(data: Any, union: bool) -> list[tuple[str, rdflib.Graph]]:
    """Split the input into (graph name, triples) pairs to validate one by one."""
    import rdflib

    if isinstance(data, rdflib.Graph) and not data.context_aware:
        return [(str(data.identifier), data)]
    if isinstance(data, rdflib.Graph):  # Dataset / ConjunctiveGraph
        quads = data.quads((None, None, None, None))
    else:
        ds = rdflib.Dataset()
        try:
            ds.parse(data=_nquads_text(data), format="nquads")
        except Exception as exc:  # rdflib's parser errors share no base class
            raise ValidationError(f"cannot parse the data as N-Quads: {exc}") from None
        quads = ds.quads((None, None, None, None))
    by_graph: dict[str, rdflib.Graph] = {}
    for s, p, o, ctx in quads:
        name = _DEFAULT if union or ctx is None else str(getattr(ctx, "identifier", ctx))
        if name.startswith("urn:x-rdflib:") or name == str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID):
            name = _DEFAULT
        g = by_graph.get(name)
        if g is None:
            g = by_graph[name] = rdflib.Graph()
        g.add((s, p, o))
    return sorted(by_graph.items())


def _results(report: rdflib.Graph) -> list[Result]:
    from rdflib import Namespace

    sh = Namespace(_SH)
    out: list[Result] = []
    for r in report.subjects(sh.resultSeverity, None):
        focus = report.value(r, sh.focusNode)
        path = report.value(r, sh.resultPath)
        value = report.value(r, sh.value)
        severity = str(report.value(r, sh.resultSeverity) or _SH + "Violation").removeprefix(_SH)
        messages = sorted(str(m) for m in report.objects(r, sh.resultMessage))
        message = "; ".join(messages) or "constraint not satisfied"
        if value is not None and str(value) not in message:
            message += f" (value: {value})"
        out.append(Result(str(focus), str(path) if path is not None else None, message, severity))
    return out


def validate(data: Any, *, union: bool = False, inference: str = "none",
             ontology_directory: Path | None = None) -> ValidationReport:
    """Validate kg RDF against the SHACL shapes, with the ontology mixed in.

    Args:
        data: an rdflib ``Graph`` or ``Dataset``; N-Quads (or N-Triples) as ``str`` or
            ``bytes``; or an iterable of N-Quads lines or pyoxigraph quads.
        union: validate the merge of all named graphs at once instead of each alone.
        inference: pyshacl pre-inference ("none", "rdfs", ...). Not needed: the shapes
            follow ``rdfs:subClassOf`` of the mixed-in ontology by themselves.
        ontology_directory: where ``kg.ttl`` and ``shapes.ttl`` are (default: packaged).

    Raises:
        ValidationError: the data, ontology or shapes cannot be parsed.
    """
    from pyshacl import validate as shacl_validate

    ont, shapes = ontology_graph(ontology_directory), shapes_graph(ontology_directory)
    results: list[Result] = []
    texts: list[str] = []
    graphs = _graphs(data, union)
    for name, graph in graphs:
        _, report, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=ont, inference=inference,
                                      advanced=False, allow_warnings=True)
        found = _results(report)
        found.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.message))
        results.extend(found)
        if found:
            where = "" if name == _DEFAULT else f" in graph <{name}>"
            texts.append(f"{len(found)} problem(s){where}:")
            texts.extend(f"  [{r.severity}] <{r.focus}>" + (f" {_short(r.path)}" if r.path else "")
                         + f": {r.message}" for r in found)
    conforms = not any(r.severity == "Violation" for r in results)
    head = f"{'conforms' if conforms else 'does not conform'}: {len(graphs)} graph(s), {len(results)} result(s)"
    return ValidationReport(conforms, results, "\n".join([head, *texts]))


def _short(iri: str) -> str:
    from kg.ontology import PREFIXES

    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
