"""Extraction -> RDF: the quads of one article's named graph, and their serialisation.

Terms are pyoxigraph terms so that writes go straight to the store without conversion.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import datetime, timezone

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from kg.rdf import ontology as o
from kg.errors import ConfigError
from kg.model import Entity, Extraction

_RDF_TYPE = NamedNode(o.RDF + "type")
_XSD_DATE = NamedNode(o.XSD + "date")
_XSD_DATETIME = NamedNode(o.XSD + "dateTime")
_XSD_INTEGER = NamedNode(o.XSD + "integer")
_XSD_DECIMAL = NamedNode(o.XSD + "decimal")
_WKT = NamedNode(o.GEO + "wktLiteral")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID = re.compile(r"^Q\d+$")

#: Formats for one graph (``kg extract``) and for a dataset (``kg export``).
RDF_FORMATS: dict[str, RdfFormat] = {
    "nt": RdfFormat.N_TRIPLES,
    "ttl": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
    "nq": RdfFormat.N_QUADS,
    "trig": RdfFormat.TRIG,
    "xml": RdfFormat.RDF_XML,
}
QUAD_FORMATS = {"nq", "trig", "jsonld"}


def kgo(name: str) -> NamedNode:
    """The ``kgo:`` term with local name ``name``."""
    return NamedNode(o.KGO + name)


def _iri(ns: str, name: str) -> NamedNode:
    return NamedNode(ns + name)


def _text(value: str) -> Literal:
    # Literals must be valid Unicode scalar values: lone surrogates cannot be stored.
    return Literal(value.encode("utf-8", "replace").decode("utf-8"))


def entity_nodes(extraction: Extraction, base: str = o.BASE_IRI) -> dict[str, NamedNode]:
    """Entity key -> its deterministic IRI (identity rules in :mod:`kg.rdf.identity`)."""
    from kg.rdf.identity import article_context, identity_names

    names = identity_names(extraction, article_context(extraction))
    return {e.key: NamedNode(o.entity_iri(e.type, names[e.key], base=base)) for e in extraction.entities}


def article_quads(extraction: Extraction, *, base: str = o.BASE_IRI,
                  ingested_at: datetime | None = None) -> list[Quad]:
    """All quads of one article's named graph: metadata, entities, relations, evidence."""
    art = extraction.article
    g = NamedNode(o.article_iri(art.id, base=base))
    out: list[Quad] = []
    add = out.append
    when = (ingested_at or datetime.now(timezone.utc)).isoformat(timespec="seconds")

    add(Quad(g, _RDF_TYPE, _iri(o.SCHEMA, "NewsArticle"), g))
    add(Quad(g, _RDF_TYPE, _iri(o.PROV, "Entity"), g))
    add(Quad(g, kgo("contentHash"), Literal(art.id), g))
    add(Quad(g, _iri(o.PROV, "generatedAtTime"), Literal(when, datatype=_XSD_DATETIME), g))
    if art.title:
        add(Quad(g, _iri(o.SCHEMA, "headline"), _text(art.title), g))
    if art.published and _ISO_DATE.match(art.published):
        add(Quad(g, _iri(o.SCHEMA, "datePublished"), Literal(art.published, datatype=_XSD_DATE), g))
    if art.url:
        try:
            add(Quad(g, _iri(o.SCHEMA, "url"), NamedNode(art.url), g))
        except ValueError:
            add(Quad(g, _iri(o.SCHEMA, "url"), _text(art.url), g))
    if art.source:
        add(Quad(g, kgo("source"), _text(art.source), g))

    from kg.rdf.identity import article_context

    nodes = entity_nodes(extraction, base)
    ctx = article_context(extraction)
    for ent in extraction.entities:
        out.extend(_entity_quads(ent, nodes[ent.key], g, ctx))

    seen: set[tuple[str, str, str, int]] = set()
    for rel in extraction.relations:
        s, obj = nodes.get(rel.subject), nodes.get(rel.object)
        if s is None or obj is None or s == obj:
            continue
        p = kgo(rel.predicate)
        ev = rel.evidence
        key = (s.value, rel.predicate, obj.value, ev.start)
        if key in seen:
            continue
        seen.add(key)
        add(Quad(s, p, obj, g))
        digest = hashlib.sha1("|".join(map(str, key)).encode()).hexdigest()[:16]
        e = NamedNode(f"{g.value}/evidence/{digest}")
        add(Quad(e, _RDF_TYPE, _iri(o.RDF, "Statement"), g))
        add(Quad(e, _iri(o.RDF, "subject"), s, g))
        add(Quad(e, _iri(o.RDF, "predicate"), p, g))
        add(Quad(e, _iri(o.RDF, "object"), obj, g))
        add(Quad(e, _iri(o.PROV, "wasDerivedFrom"), g, g))
        add(Quad(e, kgo("sentence"), _text(ev.sentence), g))
        add(Quad(e, kgo("startOffset"), Literal(str(ev.start), datatype=_XSD_INTEGER), g))
        add(Quad(e, kgo("endOffset"), Literal(str(ev.end), datatype=_XSD_INTEGER), g))
        conf = min(max(float(rel.confidence), 0.0), 1.0)
        add(Quad(e, kgo("confidence"), Literal(f"{conf:.3f}", datatype=_XSD_DECIMAL), g))
    return out


def _entity_quads(ent: Entity, node: NamedNode, g: NamedNode, ctx: object = None) -> Iterable[Quad]:
    cls = ent.type if ent.type in o.CLASSES else o.top_class(ent.type)
    yield Quad(node, _RDF_TYPE, kgo(cls), g)
    from kg.rdf.identity import canonical_label

    label = canonical_label(ent, ctx) or ent.label  # type: ignore[arg-type]
    yield Quad(node, _iri(o.RDFS, "label"), _text(label), g)
    for alias in sorted({*ent.aliases, ent.label}):
        if alias and alias != label:
            yield Quad(node, _iri(o.SKOS, "altLabel"), _text(alias), g)
    a = ent.attributes
    for name in ("date", "endDate"):
        value = a.get(name) or (a.get("end_date") if name == "endDate" else None)
        if isinstance(value, str) and _ISO_DATE.match(value):
            yield Quad(node, kgo(name), Literal(value, datatype=_XSD_DATE), g)
    for name in ("killed", "wounded"):
        value = a.get(name)
        if isinstance(value, int) and value >= 0:
            yield Quad(node, kgo(name), Literal(str(value), datatype=_XSD_INTEGER), g)
    if a.get("role"):
        yield Quad(node, kgo("role"), _text(str(a["role"])), g)
    lat, lon = a.get("lat"), a.get("lon")
    if _valid_coords(lat, lon):
        geom = NamedNode(node.value + "#geometry")
        yield Quad(node, _iri(o.GEO, "hasGeometry"), geom, g)
        yield Quad(geom, _RDF_TYPE, _iri(o.GEO, "Geometry"), g)
        yield Quad(geom, _iri(o.GEO, "asWKT"), Literal(f"POINT({float(lon):.5f} {float(lat):.5f})", datatype=_WKT), g)
    if str(a.get("geonames") or "").isdigit():
        yield Quad(node, _iri(o.SCHEMA, "sameAs"), NamedNode(f"https://sws.geonames.org/{a['geonames']}/"), g)
    if _QID.match(str(a.get("wikidata") or "")):
        yield Quad(node, _iri(o.SCHEMA, "sameAs"), NamedNode(f"http://www.wikidata.org/entity/{a['wikidata']}"), g)


def _valid_coords(lat: object, lon: object) -> bool:
    try:
        la, lo = float(lat), float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180


def serialize_quads(quads: Iterable[Quad], fmt: str, *, keep_graphs: bool | None = None) -> bytes:
    """Serialise quads: triple formats (nt, ttl, xml) drop the graph name.

    ``keep_graphs=False`` also drops it for JSON-LD (one article's graph as plain triples).

    Raises:
        ConfigError: unknown format.
    """
    try:
        rdf_format = RDF_FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown RDF format '{fmt}'; choose one of {', '.join(RDF_FORMATS)}") from None
    items: Iterable[Quad] | Iterable[Triple]
    if keep_graphs is None:
        keep_graphs = fmt in QUAD_FORMATS
    if keep_graphs:
        items = quads
    else:
        items = (Triple(q.subject, q.predicate, q.object) for q in quads)
    prefixes = o.PREFIXES if fmt in ("ttl", "trig", "xml", "jsonld") else None
    return serialize(items, format=rdf_format, prefixes=prefixes)

