"""Content negotiation: which serialisation a client gets for each kind of answer.

SELECT and ASK answers are *results* (SPARQL JSON, XML, CSV, TSV); CONSTRUCT and DESCRIBE
answers and Graph Store reads are *graphs* (Turtle, N-Triples, N-Quads, TriG, JSON-LD,
RDF/XML). The query form is known only once the query is parsed, so :func:`negotiate`
resolves both choices at once and the engine uses the one that applies.

A ``format`` (or ``output`` / ``results``) parameter wins over the ``Accept`` header when it
names a format of the right kind; SPARQLWrapper sends all three with its return format, so
``json`` means JSON-LD for a graph and ``xml`` RDF/XML.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Result formats: name -> media type sent back.
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: Graph formats: name -> media type sent back.
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: Graph formats that hold named graphs (for whole-dataset reads).
DATASET_FORMATS = ("trig", "nquads")

_RESULT_ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "text/javascript": "json", "application/javascript": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
_GRAPH_ACCEPT = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    # Turtle is a subset of N3, so an N3 client reads it.
    "text/n3": "turtle", "text/rdf+n3": "turtle", "application/n3": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/n-quads": "nquads", "text/x-nquads": "nquads",
    "application/trig": "trig",
    "application/ld+json": "jsonld", "application/x-json+ld": "jsonld", "application/json": "jsonld",
    "application/rdf+xml": "rdfxml", "application/xml": "rdfxml", "text/xml": "rdfxml",
}
_RESULT_PARAM = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "srj": "json", "srx": "xml"}
_GRAPH_PARAM = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "nt": "ntriples", "ntriples": "ntriples",
    "n-triples": "ntriples", "nq": "nquads", "nquads": "nquads", "n-quads": "nquads", "trig": "trig",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "rdf": "rdfxml", "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml", "xml": "rdfxml",
}


@dataclass(frozen=True, slots=True)
class Choice:
    """The format for a results answer and for a graph answer (None: nothing acceptable)."""

    results: str | None
    graph: str | None


class UnknownFormat(ValueError):
    """A ``format`` parameter names no format kg knows."""


def _accepted(accept: str) -> list[tuple[float, int, str]]:
    """``(-q, position, media range)`` of each entry of an Accept header, best first."""
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, _, params = part.partition(";")
        media = media.strip().lower()
        if not media:
            continue
        q = 1.0
        for p in params.split(";"):
            key, _, value = p.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value.strip())))
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return sorted(ranges)


def _pick(accept: str | None, table: dict[str, str], media: dict[str, str], default: str,
          allowed: tuple[str, ...] | None) -> str | None:
    if not accept or not accept.strip():
        return default
    for _, _, rng in _accepted(accept):
        if rng == "*/*":
            return default
        if rng.endswith("/*"):
            major = rng[:-1]
            fit = [n for n, m in media.items() if m.startswith(major) and (allowed is None or n in allowed)]
            if fit:
                return default if default in fit else fit[0]
            continue
        name = table.get(rng)
        if name is not None and (allowed is None or name in allowed):
            return name
    return None


def _param(values: list[str], table: dict[str, str], media: dict[str, str]) -> str | None:
    for value in values:
        key = value.strip().lower()
        if key in table:
            return table[key]
        if key in media.values():
            return next(n for n, m in media.items() if m == key)
    return None


def negotiate(accept: str | None, format_values: list[str] | tuple[str, ...] = (), *,
              graph_default: str = "turtle", graph_formats: tuple[str, ...] | None = None) -> Choice:
    """Resolve the results format and the graph format for one request.

    Args:
        accept: the ``Accept`` header, if any.
        format_values: values of the ``format``/``output``/``results`` parameters.
        graph_default: the graph format for ``*/*`` or no Accept header.
        graph_formats: restrict graph answers to these formats (e.g. :data:`DATASET_FORMATS`).

    Raises:
        UnknownFormat: a format parameter names neither a results nor a graph format.
    """
    values = [v for v in format_values if v.strip()]
    graph_table = {k: v for k, v in _GRAPH_PARAM.items() if graph_formats is None or v in graph_formats}
    results = _param(values, _RESULT_PARAM, RESULT_MEDIA)
    graph = _param(values, graph_table, {k: v for k, v in GRAPH_MEDIA.items()
                                         if graph_formats is None or k in graph_formats})
    if values and results is None and graph is None:
        known = {v.strip().lower() for v in values} & (set(_RESULT_PARAM) | set(_GRAPH_PARAM)
                                                        | set(RESULT_MEDIA.values()) | set(GRAPH_MEDIA.values()))
        if not known:
            raise UnknownFormat(f"unknown format '{values[0][:40]}'; use json, xml, csv, tsv, turtle, "
                                "ntriples, nquads, trig, jsonld or rdfxml")
    if results is None:
        results = _pick(accept, _RESULT_ACCEPT, RESULT_MEDIA, "json", None)
    if graph is None:
        graph = _pick(accept, _GRAPH_ACCEPT, GRAPH_MEDIA, graph_default, graph_formats)
    return Choice(results, graph)


def supported(kind: str) -> str:
    """The media types of one kind of answer, for a 406 message."""
    return ", ".join((RESULT_MEDIA if kind == "results" else GRAPH_MEDIA).values())
