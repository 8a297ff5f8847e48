"""Identity across the store: one node per real-world thing, whatever order articles came in.

Each article graph keeps, besides its facts:

- ``kgo:localForm``: the graph as extracted, every entity under its own identity key
  (N-Triples, zlib-compressed, base64), so that it can be rewritten when identities change;
- ``kgo:identityEvidence``: what the article says about identity (:mod:`kg.rdf.evidence`);
- ``kgo:identityDigest``: a digest of the key -> node mapping the graph was written with.

:func:`resolve_store` reads the evidence of every article and the curators' decisions,
clusters the keys (:func:`kg.rdf.clusters.cluster_keys`, a pure function), and rewrites,
each in one transaction, only the article graphs whose mapping changed. The joins and the
equivalences the articles state are written to the identity graph
(``{base}graph/identity``) with the articles they rest on (``prov:wasDerivedFrom``).
"""
from __future__ import annotations

import base64
import hashlib
import json
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.model import Extraction
from kg.rdf import ontology as o
from kg.rdf.clusters import Clustering, Decision, cluster_keys
from kg.rdf.evidence import VERSION, article_evidence

_KGO = o.KGO
_LOCAL = ox.NamedNode(_KGO + "localForm")
_EVIDENCE = ox.NamedNode(_KGO + "identityEvidence")
_DIGEST = ox.NamedNode(_KGO + "identityDigest")
_LABEL = ox.NamedNode(o.RDFS + "label")
_ALT = ox.NamedNode(o.SKOS + "altLabel")
_TYPE = ox.NamedNode(o.RDF + "type")
_GENERATED = ox.NamedNode(o.PROV + "generatedAtTime")
_B64 = ox.NamedNode(o.XSD + "base64Binary")
_JSON = ox.NamedNode(o.RDF + "JSON")
#: Properties an entity has at most once per article graph: a merged node keeps its canonical key's.
_SINGLE = {o.KGO + n for n in ("date", "endDate", "killed", "wounded", "role")} | {o.GEO + "hasGeometry"}
_RELATIONS = {o.KGO + p for p in o.PROPERTIES}


@dataclass(frozen=True, slots=True)
class ResolveReport:
    """What a resolution did: articles read, graphs rewritten, nodes, and keys merged into another."""

    articles: int
    rewritten: int
    clusters: int
    merged_keys: int


# -- writing one article -------------------------------------------------------------------

def article_graph(ext: Extraction, *, base: str = o.BASE_IRI, ingested_at: Any = None) -> list[ox.Quad]:
    """The quads of one article's graph, each entity under its own key, with the identity records.

    :func:`resolve_store` afterwards maps keys that denote one thing to one node.
    """
    from kg.rdf.quads import article_quads
    from kg.rdf.statements import fold_stated

    ext = fold_stated(ext)
    quads = article_quads(ext, base=base, ingested_at=ingested_at)
    evidence = article_evidence(ext, base=base)
    written = _written_labels(quads)
    for ent in evidence["entities"]:
        ent["label"] = written.get(ent["key"], ent["label"])
    g = ox.NamedNode(o.article_iri(ext.article.id, base=base))
    trivial = {e["key"]: (e["key"], e["label"], e["class"]) for e in evidence["entities"]}
    local = [q for q in quads if q.predicate != _GENERATED]
    return quads + _records(g, local, evidence, _digest(trivial))


def _written_labels(quads: Iterable[ox.Quad]) -> dict[str, str]:
    return {q.subject.value: q.object.value for q in quads if q.predicate == _LABEL}


def _records(g: ox.NamedNode, local: list[ox.Quad], evidence: dict[str, Any], digest: str) -> list[ox.Quad]:
    # N-Quads of the article's own graph: serialised without rebuilding each term as a triple
    body = ox.serialize(local, format=ox.RdfFormat.N_QUADS)
    packed = base64.b64encode(zlib.compress(body, 1)).decode("ascii")
    return [
        ox.Quad(g, _LOCAL, ox.Literal(packed, datatype=_B64), g),
        ox.Quad(g, _EVIDENCE, ox.Literal(json.dumps(evidence, sort_keys=True, ensure_ascii=False), datatype=_JSON), g),
        ox.Quad(g, _DIGEST, ox.Literal(digest), g),
    ]


def _digest(mapping: dict[str, tuple[str, str, str]]) -> str:
    text = json.dumps(sorted(mapping.items()), ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _unpack(packed: str) -> list[ox.Quad]:
    body = zlib.decompress(base64.b64decode(packed))
    return list(ox.parse(body, format=ox.RdfFormat.N_QUADS))  # type: ignore[arg-type]


# -- rewriting ------------------------------------------------------------------------------

def rewrite(g: ox.NamedNode, local: list[ox.Quad], mapping: dict[str, tuple[str, str, str]]) -> list[ox.Quad]:
    """The article graph ``g`` with each key replaced by its node (``mapping``: key -> (IRI, label, class)).

    Keys of one article that fall on one node become one node: it keeps the single-valued
    facts (date, casualties, geometry) of the key the node is named after (or else of the
    smallest key), every other label becomes a ``skos:altLabel``, and relations that now link
    the node to itself are dropped with their evidence.
    """
    node_keys: dict[str, list[str]] = defaultdict(list)
    for key, (node, _label, _cls) in sorted(mapping.items()):
        node_keys[node].append(key)
    node_class = {node: cls for node, _label, cls in mapping.values()}
    retyped = {key for key, (_node, _label, cls) in mapping.items() if f"/id/{cls.lower()}/" not in key}
    lead = {node: (node if node in keys else min(keys)) for node, keys in node_keys.items()}
    primary = {key: key == lead[node] for node, keys in node_keys.items() for key in keys}

    def term(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            v = t.value
            hit = mapping.get(v)
            if hit is not None:
                return ox.NamedNode(hit[0])
            head, sep, frag = v.partition("#")
            if sep and head in mapping:
                return ox.NamedNode(f"{mapping[head][0]}#{frag}")
        return t

    # single-valued facts of a merged node: its lead key's, else those of its smallest key that has them
    supplier: dict[tuple[str, str], str] = {}
    for t in sorted(local, key=lambda q: (not primary.get(q.subject.value.partition("#")[0], True), q.subject.value)):
        owner = t.subject.value.partition("#")[0] if isinstance(t.subject, ox.NamedNode) else ""
        if owner in mapping and owner == t.subject.value and t.predicate.value in _SINGLE:
            supplier.setdefault((mapping[owner][0], _slot(t.predicate.value)), owner)

    dropped_statements: set[str] = set()
    subj_obj: dict[str, dict[str, str]] = defaultdict(dict)
    for t in local:
        if t.predicate.value in (o.RDF + "subject", o.RDF + "object", o.RDF + "predicate") \
                and isinstance(t.object, ox.NamedNode):
            subj_obj[t.subject.value][t.predicate.value] = t.object.value
    for stmt, ends in subj_obj.items():
        s, p, obj = ends.get(o.RDF + "subject"), ends.get(o.RDF + "predicate"), ends.get(o.RDF + "object")
        if s and obj and p:
            ts, to = term(ox.NamedNode(s)), term(ox.NamedNode(obj))
            if ts == to or (p in _RELATIONS and not _fits(p, ts, to, node_class)):
                dropped_statements.add(stmt)

    out: dict[tuple[Any, Any, Any], None] = {}
    labels_seen: dict[str, set[str]] = defaultdict(set)
    for t in local:
        s_val = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        if s_val in dropped_statements:
            continue
        owner = s_val.partition("#")[0]
        if owner in mapping and not primary.get(owner, True):
            prop = "geometry" if owner != s_val else t.predicate.value
            if (prop in _SINGLE or prop == "geometry") and supplier.get((mapping[owner][0], _slot(prop))) != owner:
                continue
        if owner in retyped and t.predicate == _TYPE:
            continue
        s, p, obj = term(t.subject), t.predicate, term(t.object)
        if p.value in _RELATIONS and (s == obj or not _fits(p.value, s, obj, node_class)):
            continue
        if p == _LABEL and s_val in mapping:
            labels_seen[mapping[s_val][0]].add(t.object.value)
            continue
        out[(s, p, obj)] = None
    for node, keys in node_keys.items():
        label = mapping[keys[0]][1]
        n = ox.NamedNode(node)
        if any(k in retyped for k in keys):
            out[(n, _TYPE, ox.NamedNode(_KGO + node_class[node]))] = None
        out[(n, _LABEL, ox.Literal(label))] = None
        for other in sorted(labels_seen.get(node, ()) - {label}):
            out[(n, _ALT, ox.Literal(other))] = None
    for s, p, obj in list(out):
        if p == _ALT and (s, _LABEL, obj) in out:
            del out[(s, p, obj)]
    return [ox.Quad(s, p, obj, g) for s, p, obj in out]


def _slot(prop: str) -> str:
    """Geometry nodes follow the ``geo:hasGeometry`` of their entity."""
    return "geometry" if prop in ("geometry", o.GEO + "hasGeometry") else prop


def _fits(prop: str, s: Any, obj: Any, node_class: dict[str, str]) -> bool:
    """Whether a relation still fits its domain and range once its ends changed class."""
    domain, rng = o.PROPERTIES.get(prop[len(_KGO):], ((), ()))
    cs, co = node_class.get(s.value), node_class.get(obj.value)
    return (cs is None or cs in domain) and (co is None or co in rng)


# -- the store -----------------------------------------------------------------------------

def read_evidence(store: Any) -> dict[str, dict[str, Any]]:
    """Article graph IRI -> its identity evidence record, for every article that has one."""
    res = store.query(f"SELECT ?g ?e WHERE {{ GRAPH ?g {{ ?g <{_EVIDENCE.value}> ?e }} }}")
    out: dict[str, dict[str, Any]] = {}
    for g, e in res.rows:
        try:
            rec = json.loads(e.value)
        except ValueError:
            continue
        if isinstance(rec, dict) and rec.get("v") == VERSION:
            out[g.value] = rec
    return out


def _stored_digests(store: Any) -> dict[str, str]:
    res = store.query(f"SELECT ?g ?d WHERE {{ GRAPH ?g {{ ?g <{_DIGEST.value}> ?d }} }}")
    return {g.value: d.value for g, d in res.rows}


def _local_form(store: Any, graph: str) -> list[ox.Quad]:
    res = store.query(f"SELECT ?l WHERE {{ GRAPH <{graph}> {{ <{graph}> <{_LOCAL.value}> ?l }} }}")
    if not res.rows:
        raise StoreError(f"article graph {graph} has no kgo:localForm: ingest the article again")
    return _unpack(res.rows[0][0].value)


def _generated(store: Any, graph: str) -> list[ox.Quad]:
    res = store.query(f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <{_GENERATED.value}> ?t }} }}")
    g = ox.NamedNode(graph)
    return [ox.Quad(g, _GENERATED, row[0], g) for row in res.rows[:1]]


class Resolver:
    """Resolution during a write: new graphs are written already mapped, earlier ones fixed after.

    ``resolve_batch`` maps a batch of new article graphs (from :func:`article_graph`) with
    the evidence of the store and of every graph seen so far; ``finish`` then rewrites the
    stored graphs the new evidence changed. Readers meanwhile always see whole graphs.
    """

    def __init__(self, store: Any, *, base: str = o.BASE_IRI) -> None:
        from kg.rdf.curation import active_decisions

        self.store, self.base = store, base
        self.evidence = read_evidence(store)
        self.decisions = active_decisions(store, base=base)
        self._clustering: Clustering | None = None
        self._clustered = 0

    def resolve_batch(self, graphs: list[tuple[str, list[ox.Quad]]]) -> list[tuple[str, list[ox.Quad]]]:
        """The graphs of ``graphs`` mapped to the nodes all evidence so far gives."""
        unpacked = []
        for graph, quads in graphs:
            rec = next((json.loads(q.object.value) for q in quads if q.predicate == _EVIDENCE), None)
            if rec is None:
                unpacked.append((graph, quads, None))
                continue
            self.evidence[graph] = rec
            unpacked.append((graph, quads, rec))
        # Re-cluster when the evidence grew by a quarter since the last time: the work stays
        # linear in the articles written; keys first seen since then keep their own node
        # until finish() settles every graph exactly.
        if self._clustering is None or len(self.evidence) >= 1.25 * self._clustered:
            self._clustering = cluster_keys(self.evidence, self.decisions)
            self._clustered = len(self.evidence)
        clustering = self._clustering
        out = []
        for graph, quads, rec in unpacked:
            if rec is None:
                out.append((graph, quads))
                continue
            mapping = _mapping(rec, clustering)
            if all(node == key and label == written and cls == own for key, (node, label, cls), written, own
                   in ((e["key"], mapping[e["key"]], e["label"], e["class"]) for e in rec["entities"])):
                out.append((graph, quads))  # nothing to map: written as extracted
                continue
            g = ox.NamedNode(graph)
            local = [q for q in quads if q.predicate not in (_GENERATED, _LOCAL, _EVIDENCE, _DIGEST)]
            generated = [q for q in quads if q.predicate == _GENERATED]
            records = _records(g, local, rec, _digest(mapping))
            out.append((graph, rewrite(g, local, mapping) + generated + records))
        return out

    def finish(self) -> ResolveReport:
        """Rewrite the stored graphs whose mapping changed; write the identity graph."""
        return resolve_store(self.store, base=self.base, evidence=self.evidence, decisions=self.decisions)


def resolve_store(store: Any, *, base: str = o.BASE_IRI, evidence: dict[str, dict[str, Any]] | None = None,
                  decisions: list[Decision] | None = None) -> ResolveReport:
    """Bring every article graph in line with the identity evidence and curations in ``store``.

    Converges: the result depends on the set of articles and decisions, not on their order.
    ``evidence`` and ``decisions`` are read from the store when not given.

    Raises:
        StoreError: the store cannot be read or written.
    """
    from kg.rdf.curation import active_decisions

    if evidence is None:
        evidence = read_evidence(store)
    if decisions is None:
        decisions = active_decisions(store, base=base)
    clustering = cluster_keys(evidence, decisions)
    digests = _stored_digests(store)
    rewritten = 0
    for graph in sorted(evidence):
        mapping = _mapping(evidence[graph], clustering)
        digest = _digest(mapping)
        if digests.get(graph) == digest:
            continue
        g = ox.NamedNode(graph)
        local = _local_form(store, graph)
        quads = rewrite(g, local, mapping) + _generated(store, graph)
        store.put_graph(graph, quads + _records(g, local, evidence[graph], digest))
        rewritten += 1
    _write_identity_graph(store, clustering, base)
    roots = set(clustering.canonical.values())
    return ResolveReport(len(evidence), rewritten, len(roots), len(clustering.canonical) - len(roots))


def _mapping(rec: dict[str, Any], clustering: Clustering) -> dict[str, tuple[str, str]]:
    out = {}
    for ent in rec.get("entities", []):
        node = clustering.canonical.get(ent["key"], ent["key"])
        out[ent["key"]] = (node, clustering.labels.get(node, ent["label"]), clustering.classes.get(node, ent["class"]))
    return out


def identity_quads(clustering: Clustering, base: str = o.BASE_IRI) -> list[ox.Quad]:
    """The identity graph: one statement per join and per stated equivalence."""
    g = ox.NamedNode(o.graph_iri(o.IDENTITY_GRAPH, base=base))
    out: list[ox.Quad] = []
    seen: set[str] = set()
    for m in [*clustering.stated, *clustering.merges]:
        digest = hashlib.sha1(f"{m.reason}|{m.a}|{m.b}".encode()).hexdigest()[:16]
        if digest in seen:
            continue
        seen.add(digest)
        s = ox.NamedNode(f"{base}identity/{digest}")
        node = clustering.canonical.get(m.a, m.a)
        out += [
            ox.Quad(s, _TYPE, ox.NamedNode(o.PROV + "Entity"), g),
            ox.Quad(s, ox.NamedNode(_KGO + "identityReason"), ox.Literal(m.reason), g),
            ox.Quad(s, ox.NamedNode(_KGO + "identityKey"), ox.Literal(m.a, datatype=ox.NamedNode(o.XSD + "anyURI")), g),
            ox.Quad(s, ox.NamedNode(_KGO + "identityKey"), ox.Literal(m.b, datatype=ox.NamedNode(o.XSD + "anyURI")), g),
            ox.Quad(s, ox.NamedNode(o.RDFS + "comment"), ox.Literal(m.note), g),
        ]
        if clustering.canonical.get(m.b, m.b) == node:
            out.append(ox.Quad(s, ox.NamedNode(o.DCTERMS + "subject"), ox.NamedNode(node), g))
        for art in m.articles:
            out.append(ox.Quad(s, ox.NamedNode(o.PROV + "wasDerivedFrom"), ox.NamedNode(art), g))
    return out


def _write_identity_graph(store: Any, clustering: Clustering, base: str) -> None:
    quads = identity_quads(clustering, base)
    graph = o.graph_iri(o.IDENTITY_GRAPH, base=base)
    g = ox.NamedNode(graph)
    body = sorted(ox.serialize([q], format=ox.RdfFormat.N_QUADS).decode() for q in quads)
    digest = hashlib.sha1("".join(body).encode()).hexdigest()
    res = store.query(f"SELECT ?d WHERE {{ GRAPH <{graph}> {{ <{graph}> <{_DIGEST.value}> ?d }} }}")
    if res.rows and res.rows[0][0].value == digest:
        return
    if not quads:
        if res.rows:
            store.drop_graph(graph)
        return
    store.put_graph(graph, quads + [ox.Quad(g, _DIGEST, ox.Literal(digest), g)])
