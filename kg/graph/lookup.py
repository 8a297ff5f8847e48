"""Finding an entity by name: case- and accent-insensitive over labels and aliases.

On a graph every node is compared; on a store only candidate entities are read.
"""
from __future__ import annotations

import functools
import re
import string
import unicodedata
from typing import TYPE_CHECKING, Any, NoReturn

from pyoxigraph import Literal

from kg.errors import NodeNotFound
from kg.rdf import ontology as o
from kg.rdf.ontology import normalise

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

_MAX_CANDIDATES = 8
#: Longer folded names are not scanned for (no entity name is that long).
_LONGEST_NAME = 300


def describe(G: Any, node: str) -> str:
    """``Label (Type)`` of a node, for messages and tables."""
    d = G.nodes[node]
    return f"{d.get('label', node)} ({d.get('type', '?')})"


def _type_ok(data: dict[str, Any], type_: str | None) -> bool:
    if not type_:
        return True
    t = type_.lower()
    return t in {str(data.get("type", "")).lower(), str(data.get("top", "")).lower(),
                 *(c.lower() for c in data.get("classes", []))}


def find_entity(graph_or_store: nx.MultiDiGraph | Store, name: str, *, type: str | None = None) -> str:
    """The node id (IRI) of the entity called ``name``.

    Matches the IRI itself, its ``kind/slug`` tail, then whole labels, whole aliases, and
    last names containing ``name`` as whole words, all folded by
    :func:`kg.rdf.ontology.normalise`; ``type`` keeps entities of that class (specific or
    contract class). Several entities matching at the same level are ambiguous.

    Given a store, only the candidates are read (:func:`find_in_store`), never the whole graph.

    Raises:
        NodeNotFound: nothing matches, or several entities do (``candidates`` lists them).
    """
    if not hasattr(graph_or_store, "nodes"):
        return find_in_store(graph_or_store, name, type=type)  # type: ignore[arg-type]
    G = graph_or_store
    hits, names = _matches(G, name, type)
    if len(hits) == 1:
        return hits[0]
    if hits:
        _ambiguous(G, name, type, hits)
    key = normalise(name.strip())
    _not_found(name, type, suggestions(G, key, names))


def _matches(G: Any, name: str, type_: str | None) -> tuple[list[str], dict[str, list[str]]]:
    """The best level of matches of ``name`` in ``G``, and the folded names seen."""
    text = name.strip()
    if text in G and _type_ok(G.nodes[text], type_):
        return [text], {}
    tail = text.lstrip("/")
    by_tail = [n for n in G if n.endswith("/id/" + tail) and _type_ok(G.nodes[n], type_)]
    if len(by_tail) == 1:
        return by_tail, {}
    key = normalise(text)
    label_hits: list[str] = []
    alias_hits: list[str] = []
    names: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        if not _type_ok(d, type_):
            continue
        lab = normalise(str(d.get("label", "")))
        names.setdefault(lab, []).append(n)
        if lab == key:
            label_hits.append(n)
        for alias in d.get("aliases", []):
            a = normalise(alias)
            names.setdefault(a, []).append(n)
            if a == key and n not in alias_hits:
                alias_hits.append(n)
    return label_hits or alias_hits or _partial(names, key), names


def _ambiguous(G: Any, name: str, type_: str | None, hits: list[str]) -> NoReturn:
    what = f"{type_} " if type_ else ""
    hits.sort(key=lambda n: (-int(G.nodes[n].get("articles", 0)), n))
    cands = [f"{describe(G, n)} <{n}>" for n in hits[:_MAX_CANDIDATES]]
    example = hits[0].rsplit("/id/", 1)[-1]
    raise NodeNotFound(f"'{name}' matches {len(hits)} {what}entities: " + "; ".join(cands)
                       + f" (name one by its IRI or by its id, e.g. '{example}')", cands)


def _not_found(name: str, type_: str | None, cands: list[str]) -> NoReturn:
    what = f"{type_} " if type_ else ""
    hint = f"; did you mean: {', '.join(cands)}?" if cands else ""
    raise NodeNotFound(f"no {what}entity named '{name}'{hint}", cands)


def find_in_store(store: Store, name: str, *, type: str | None = None) -> str:
    """:func:`find_entity` over a store, reading only candidate entities through SPARQL.

    The IRI and ``kind/slug`` forms are checked directly; a name is first looked up as
    typed (and in its upper, lower and title case) through the label index; only when that
    finds nothing does one scan of the labels keep those matching the folded name's letters
    (accented forms included), which are then compared after folding, exactly as on a graph.
    The store-wide list of names is read only to suggest near names when nothing matches.

    Raises:
        NodeNotFound: nothing matches, or several entities do.
    """
    from kg.graph.local import entity_graph

    # Text that cannot be stored (lone surrogates) cannot match either: keep it printable.
    text = name.strip().encode("utf-8", "replace").decode("utf-8")
    direct = []
    if "://" in text:
        direct.append(text)
    elif "/" in text.strip("/"):
        direct.append(f"{o.BASE_IRI}id/{text.strip('/')}")
    for iri in direct:
        try:
            G = entity_graph(store, [iri], full=False)
        except ValueError:
            continue
        if iri in G and _type_ok(G.nodes[iri], type):
            return iri
    key = normalise(text)
    for find in (_exact, _scan):  # the scan only when the label index finds nothing
        candidates = find(store, text if find is _exact else key)
        if not candidates:
            continue
        G = entity_graph(store, candidates, full=False)
        hits, _names = _matches(G, text, type)
        if len(hits) == 1:
            return hits[0]
        if hits:  # candidates are ranked by how many articles name them: read those counts
            _ambiguous(entity_graph(store, hits), name, type, hits)
    _not_found(name, type, _store_suggestions(store, key, type))


_NAME_PREDICATES = f"VALUES ?p {{ <{o.RDFS}label> <{o.SKOS}altLabel> }}"


def _exact(store: Store, text: str) -> set[str]:
    """Entities with a label or alias spelt ``text`` (in any of its common casings)."""
    spaced = " ".join(text.split())
    forms = {spaced, spaced.lower(), spaced.upper(), spaced.title(), spaced[:1].upper() + spaced[1:]}
    values = " ".join(str(Literal(f)) for f in sorted(forms) if f)
    if not values:
        return set()
    # The predicates are spelt out: a VALUES list of predicates makes Oxigraph scan every label.
    res = store.query(f"SELECT DISTINCT ?e WHERE {{ VALUES ?l {{ {values} }} "
                      f"GRAPH ?g {{ ?e <{o.RDFS}label>|<{o.SKOS}altLabel> ?l }} FILTER(isIRI(?e)) }}")
    return {row[0].value for row in res.rows}


@functools.lru_cache(maxsize=1)
def _letter_forms() -> dict[str, str]:
    """Each ASCII letter and the Latin letters that fold to it (``e`` -> ``eéèêë...``)."""
    forms = {c: c for c in string.ascii_lowercase}
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode().lower()
        if len(base) == 1 and base in forms and ch.lower() == ch:
            forms[base] += ch
    return forms


def name_pattern(key: str) -> str:
    """A regular expression matching every text whose folded form contains ``key`` (and some more).

    >>> import re
    >>> bool(re.search(name_pattern("selva"), "the road to Sélva", re.IGNORECASE))
    True
    """
    forms = _letter_forms()
    within = r"[^\sA-Za-z0-9]*"  # apostrophes, marks and other characters folding drops
    tokens = []
    for token in key.split():
        tokens.append(within.join(f"[{forms[c]}]" if c in forms else re.escape(c) for c in token))
    return r"[^A-Za-z0-9]+".join(tokens)


def _scan(store: Store, key: str) -> set[str]:
    """Entities with a label or alias whose folded form may contain ``key`` (one scan)."""
    if not key or len(key) > _LONGEST_NAME:
        return set()
    pattern = str(Literal(name_pattern(key)))
    res = store.query(f"SELECT DISTINCT ?e WHERE {{ {_NAME_PREDICATES} GRAPH ?g {{ ?e ?p ?l }} "
                      f'FILTER(isIRI(?e) && REGEX(STR(?l), {pattern}, "i")) }}')
    return {row[0].value for row in res.rows}


def _store_suggestions(store: Store, key: str, type_: str | None, limit: int = 5) -> list[str]:
    """Near names over every label and alias of the store (read only when nothing matched)."""
    from kg.graph.local import entity_graph

    if not key:
        return []
    res = store.query(f"SELECT DISTINCT ?e ?l WHERE {{ {_NAME_PREDICATES} GRAPH ?g {{ ?e ?p ?l }} FILTER(isIRI(?e)) }}")
    names: dict[str, list[str]] = {}
    for e, lab in res.rows:
        folded = normalise(lab.value)
        if e.value not in names.setdefault(folded, []):
            names[folded].append(e.value)
    from rapidfuzz import fuzz, process

    picked = process.extract(key, list(names), scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=60)
    ents = {n for choice, _s, _i in picked for n in names[choice]}
    if not ents:
        return []
    G = entity_graph(store, ents, full=False)
    near = {folded: [n for n in names[folded] if n in G and _type_ok(G.nodes[n], type_)]
            for folded, _s, _i in picked}
    return suggestions(G, key, {k: v for k, v in near.items() if v}, limit)


def _partial(names: dict[str, list[str]], key: str) -> list[str]:
    """Entities one of whose folded names contains ``key`` as whole words (3+ characters)."""
    if len(key) < 3:
        return []
    needle = f" {key} "
    out: list[str] = []
    for name, nodes in names.items():
        if needle in f" {name} ":
            out.extend(n for n in nodes if n not in out)
    return out


def suggestions(G: Any, key: str, names: dict[str, list[str]], limit: int = 5) -> list[str]:
    """Near matches of the folded name ``key`` among folded labels and aliases."""
    if not key or not names:
        return []
    from rapidfuzz import fuzz, process

    out: list[str] = []
    for choice, _score, _index in process.extract(key, list(names), scorer=fuzz.WRatio,
                                                   limit=limit * 2, score_cutoff=60):
        for n in names[choice]:
            label = describe(G, n)
            if label not in out:
                out.append(label)
    return out[:limit]
