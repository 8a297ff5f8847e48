"""Finding an entity by name: case- and accent-insensitive over labels and aliases."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import NodeNotFound
from kg.rdf.ontology import normalise

if TYPE_CHECKING:
    import networkx as nx

    from kg.store import Store

_MAX_CANDIDATES = 8


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

    Raises:
        NodeNotFound: nothing matches, or several entities do (``candidates`` lists them).
    """
    if hasattr(graph_or_store, "nodes"):
        G = graph_or_store
    else:
        from kg.graph.projection import project

        G = project(graph_or_store)  # type: ignore[arg-type]
    text = name.strip()
    if text in G and _type_ok(G.nodes[text], type):
        return text
    tail = text.lstrip("/")
    by_tail = [n for n in G if n.endswith("/id/" + tail) and _type_ok(G.nodes[n], type)]
    if len(by_tail) == 1:
        return by_tail[0]

    key = normalise(text)
    label_hits: list[str] = []
    alias_hits: list[str] = []
    names: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        if not _type_ok(d, type):
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
    hits = label_hits or alias_hits or _partial(names, key)
    what = f"{type} " if type else ""
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        hits.sort(key=lambda n: (-int(G.nodes[n].get("articles", 0)), n))
        cands = [f"{describe(G, n)} <{n}>" for n in hits[:_MAX_CANDIDATES]]
        example = hits[0].rsplit("/id/", 1)[-1]
        raise NodeNotFound(f"'{name}' matches {len(hits)} {what}entities: " + "; ".join(cands)
                           + f" (name one by its IRI or by its id, e.g. '{example}')", cands)
    cands = suggestions(G, key, names)
    hint = f"; did you mean: {', '.join(cands)}?" if cands else ""
    raise NodeNotFound(f"no {what}entity named '{name}'{hint}", cands)


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
