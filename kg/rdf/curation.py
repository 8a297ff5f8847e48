"""Curators' identity decisions, kept as RDF (PROV-O) in their own named graph.

``kg same A B`` and ``kg different A B`` record a :class:`Curation`: the decision, the two
identity keys, who made it, when and why. It is a ``prov:Activity`` in the graph
``{base}graph/curations``, so it is exported with the store and survives re-ingest. Undoing
one marks it ``prov:invalidatedAtTime``; history is kept. :func:`curation_rows` and
:func:`apply_file` read and write a TSV form of the decisions for version control.
"""
from __future__ import annotations

import csv
import getpass
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import ConfigError, NodeNotFound
from kg.rdf import ontology as o
from kg.rdf.clusters import Decision

DECISIONS = ("same", "different")
_K = o.KGO
_P = o.PROV
_XSD_DT = ox.NamedNode(o.XSD + "dateTime")
_ANYURI = ox.NamedNode(o.XSD + "anyURI")


@dataclass(frozen=True, slots=True)
class Curation:
    """One decision: ``same`` or ``different`` on two identity keys (entity IRIs)."""

    id: str
    decision: str
    a: str
    b: str
    who: str
    when: str
    why: str = ""
    undone: str | None = None


def curation_id(decision: str, a: str, b: str) -> str:
    """A short, stable identifier: the same decision on the same pair always has the same id."""
    x, y = sorted((a, b))
    return hashlib.sha1(f"{decision}|{x}|{y}".encode()).hexdigest()[:10]


def list_curations(store: Any, *, base: str = o.BASE_IRI) -> list[Curation]:
    """Every curation in ``store``, undone ones included, oldest first."""
    g = o.graph_iri(o.CURATION_GRAPH, base=base)
    q = f"""SELECT ?c ?id ?d ?a ?b ?who ?when ?why ?undone WHERE {{ GRAPH <{g}> {{
        ?c a <{_P}Activity> ; <{_K}curationId> ?id ; <{_K}decision> ?d ; <{_K}firstKey> ?a ; <{_K}secondKey> ?b ;
           <{_P}endedAtTime> ?when ; <{_P}wasAssociatedWith> ?agent .
        ?agent <{o.RDFS}label> ?who .
        OPTIONAL {{ ?c <{o.RDFS}comment> ?why }}
        OPTIONAL {{ ?c <{_P}invalidatedAtTime> ?undone }} }} }}"""
    rows = store.query(q).dicts()
    out = [Curation(r["id"] or "", r["d"] or "", r["a"] or "", r["b"] or "", r["who"] or "", r["when"] or "",
                    r["why"] or "", r["undone"]) for r in rows]
    return sorted(out, key=lambda c: (c.when, c.id))


def active_decisions(store: Any, *, base: str = o.BASE_IRI) -> list[Decision]:
    """The decisions in force: for each pair of keys, the latest curation not undone."""
    latest: dict[tuple[str, str], Curation] = {}
    for c in list_curations(store, base=base):
        if c.undone is None:
            latest[tuple(sorted((c.a, c.b)))] = c  # type: ignore[index]
    return [Decision(c.id, c.decision, c.a, c.b) for c in latest.values()]


def _quads(c: Curation, base: str) -> list[ox.Quad]:
    g = ox.NamedNode(o.graph_iri(o.CURATION_GRAPH, base=base))
    node = ox.NamedNode(f"{base}curation/{c.id}")
    agent = ox.NamedNode(f"{base}agent/{o.slug(c.who)}")
    out = [
        ox.Quad(node, ox.NamedNode(o.RDF + "type"), ox.NamedNode(_P + "Activity"), g),
        ox.Quad(node, ox.NamedNode(_K + "curationId"), ox.Literal(c.id), g),
        ox.Quad(node, ox.NamedNode(_K + "decision"), ox.Literal(c.decision), g),
        ox.Quad(node, ox.NamedNode(_K + "firstKey"), ox.Literal(c.a, datatype=_ANYURI), g),
        ox.Quad(node, ox.NamedNode(_K + "secondKey"), ox.Literal(c.b, datatype=_ANYURI), g),
        ox.Quad(node, ox.NamedNode(_P + "endedAtTime"), ox.Literal(c.when, datatype=_XSD_DT), g),
        ox.Quad(node, ox.NamedNode(_P + "wasAssociatedWith"), agent, g),
        ox.Quad(agent, ox.NamedNode(o.RDF + "type"), ox.NamedNode(_P + "Agent"), g),
        ox.Quad(agent, ox.NamedNode(o.RDFS + "label"), ox.Literal(c.who), g),
    ]
    if c.why:
        out.append(ox.Quad(node, ox.NamedNode(o.RDFS + "comment"), ox.Literal(c.why), g))
    if c.undone:
        out.append(ox.Quad(node, ox.NamedNode(_P + "invalidatedAtTime"), ox.Literal(c.undone, datatype=_XSD_DT), g))
    return out


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _save(store: Any, curations: list[Curation], base: str) -> None:
    quads = [q for c in curations for q in _quads(c, base)]
    store.put_graph(o.graph_iri(o.CURATION_GRAPH, base=base), quads)


def _who(who: str | None) -> str:
    if who:
        return who
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def resolve_key(store: Any, name: str, *, base: str = o.BASE_IRI) -> str:
    """The identity key a curator means by ``name``: an entity IRI, or a node's label or alias.

    Raises:
        NodeNotFound: no node has that IRI or name, or the name is ambiguous.
    """
    from kg.rdf.resolve import read_evidence

    text = name.strip()
    evidence = read_evidence(store)
    keys = {e["key"] for rec in evidence.values() for e in rec.get("entities", [])}
    if text in keys:
        return text
    folded = text.lower()
    named = sorted({e["key"] for rec in evidence.values() for e in rec.get("entities", [])
                    if folded in {n.lower() for n in e.get("names", [])}})
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NodeNotFound(f"'{text}' names {len(named)} entities: give one IRI of {', '.join(named[:6])}")
    res = store.query(f"SELECT DISTINCT ?n WHERE {{ GRAPH ?g {{ ?n <{o.RDFS}label>|<{o.SKOS}altLabel> ?l }} "
                      f"FILTER(LCASE(STR(?l)) = LCASE({_sparql_string(text)})) "
                      f"FILTER(STRSTARTS(STR(?n), {_sparql_string(base + 'id/')})) }}")
    nodes = sorted({row[0].value for row in res.rows})
    if text.startswith(base + "id/") and text not in nodes:
        nodes = [text] if _is_node(store, text) else nodes
    if len(nodes) == 1:
        return nodes[0]
    if not nodes:
        raise NodeNotFound(f"no entity named '{text}' in the store (give its IRI, a label or an alias)")
    raise NodeNotFound(f"'{text}' names {len(nodes)} entities: give one IRI of {', '.join(nodes[:5])}")


def _is_node(store: Any, iri: str) -> bool:
    return bool(store.query(f"ASK {{ GRAPH ?g {{ <{iri}> ?p ?o }} }}").boolean)


def _sparql_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def record(store: Any, decision: str, a: str, b: str, *, why: str = "", who: str | None = None,
           base: str = o.BASE_IRI, resolve: bool = True) -> Curation:
    """Record a curator's decision on entities ``a`` and ``b`` (IRIs or names) and apply it.

    Raises:
        ConfigError: unknown decision, or ``a`` and ``b`` are one key.
        NodeNotFound: ``a`` or ``b`` names no entity.
    """
    if decision not in DECISIONS:
        raise ConfigError(f"unknown decision '{decision}': use one of {', '.join(DECISIONS)}")
    ka, kb = resolve_key(store, a, base=base), resolve_key(store, b, base=base)
    if ka == kb:
        raise ConfigError(f"'{a}' and '{b}' are the same key {ka}: nothing to decide")
    cur = Curation(curation_id(decision, ka, kb), decision, ka, kb, _who(who), _now(), why)
    existing = [c for c in list_curations(store, base=base) if c.id != cur.id]
    _save(store, [*existing, cur], base)
    if resolve:
        from kg.rdf.resolve import resolve_store

        resolve_store(store, base=base)
    return cur


def undo(store: Any, curation: str, *, base: str = o.BASE_IRI) -> Curation:
    """Undo the curation with id ``curation`` (kept in the history, marked invalidated).

    Raises:
        NodeNotFound: no curation has that id.
    """
    from kg.rdf.resolve import resolve_store

    items = list_curations(store, base=base)
    hit = [c for c in items if c.id == curation.strip()]
    if not hit:
        raise NodeNotFound(f"no curation with id '{curation}' (list them with kg curations)")
    old = hit[0]
    done = Curation(old.id, old.decision, old.a, old.b, old.who, old.when, old.why, _now())
    _save(store, [done if c.id == old.id else c for c in items], base)
    resolve_store(store, base=base)
    return done


def curation_rows(curations: list[Curation]) -> str:
    """Decisions in force as TSV (decision, first, second, why, who) for a file under version control."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["decision", "first", "second", "why", "who"])
    for c in curations:
        if c.undone is None:
            w.writerow([c.decision, c.a, c.b, c.why, c.who])
    return buf.getvalue()


def apply_file(store: Any, path: str | Path, *, who: str | None = None, base: str = o.BASE_IRI) -> list[Curation]:
    """Record every decision of a curation TSV file (header optional), then resolve once.

    Columns: decision (same/different), first, second (IRIs or names), why, who (optional).

    Raises:
        ConfigError: the file cannot be read or a line is malformed (nothing is recorded then).
        NodeNotFound: a line names no entity (nothing is recorded then).
    """
    from kg.rdf.resolve import resolve_store

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read curation file {path}: {exc}") from exc
    items = list_curations(store, base=base)
    by_id = {c.id: c for c in items}
    added: list[Curation] = []
    for n, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
        if not row or not "".join(row).strip() or row[0].startswith("#") or row[0].strip().lower() == "decision":
            continue
        if len(row) < 3:
            raise ConfigError(f"{path}:{n}: expected decision, first, second[, why[, who]] separated by tabs")
        decision = row[0].strip().lower()
        if decision not in DECISIONS:
            raise ConfigError(f"{path}:{n}: unknown decision '{row[0]}': use same or different")
        ka, kb = resolve_key(store, row[1], base=base), resolve_key(store, row[2], base=base)
        if ka == kb:
            raise ConfigError(f"{path}:{n}: '{row[1]}' and '{row[2]}' are the same key")
        cid = curation_id(decision, ka, kb)
        if cid in by_id and by_id[cid].undone is None:
            continue
        cur = Curation(cid, decision, ka, kb, _who(row[4].strip() if len(row) > 4 else who), _now(),
                       row[3].strip() if len(row) > 3 else "")
        by_id[cid] = cur
        added.append(cur)
    if added:
        _save(store, list(by_id.values()), base)
        resolve_store(store, base=base)
    return added
