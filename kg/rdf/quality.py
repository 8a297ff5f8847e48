"""Merge quality of identity resolution against hand-made expected clusters.

A test corpus is a folder of articles in the shared gold format (``NAME.txt`` +
``NAME.json``) with a ``clusters.json`` listing which gold entities of different articles
are one thing (``"FILE:LABEL"`` items; unlisted entities are clusters of one). Each gold
entity is found in its own article graph by name (label or alias, folded as
:func:`kg.rdf.ontology.normalise` does); two items are predicted together when they are
found on one node. Scores are pairwise and B-cubed precision and recall.
"""
from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.rdf import ontology as o


@dataclass(slots=True)
class Quality:
    """Pairwise and B-cubed precision/recall of merges, and the items the extractor missed."""

    items: int = 0
    found: int = 0
    pair_precision: float = 0.0
    pair_recall: float = 0.0
    bcubed_precision: float = 0.0
    bcubed_recall: float = 0.0
    true_pairs: int = 0
    predicted_pairs: int = 0
    gold_pairs: int = 0
    wrong: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


def gold_items(folder: str | Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """(item -> its names, item -> gold cluster id) for every gold entity of ``folder``."""
    folder = Path(folder)
    names: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == "clusters.json":
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        for ent in doc.get("entities", []):
            names[f"{path.stem}:{ent['label']}"] = [ent["label"], *ent.get("aliases", [])]
    spec = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))
    cluster = {item: item for item in names}
    for members in spec.get("clusters", []):
        for item in members:
            if item not in names:
                raise ValueError(f"clusters.json names {item}, which no gold file has")
            cluster[item] = members[0]
    return names, cluster


def _nodes_by_name(store: Any, graph: str) -> dict[str, set[str]]:
    res = store.query(f"SELECT ?n ?l WHERE {{ GRAPH <{graph}> {{ ?n <{o.RDFS}label>|<{o.SKOS}altLabel> ?l }} }}")
    out: dict[str, set[str]] = {}
    for n, label in res.rows:
        if n.value.startswith(o.BASE_IRI + "id/") and "/incident/" not in n.value:
            out.setdefault(o.normalise(label.value), set()).add(n.value)
    return out


def merge_quality(store: Any, folder: str | Path, graphs: dict[str, str]) -> Quality:
    """Score the store's identity against ``folder``'s clusters (``graphs``: file stem -> graph IRI)."""
    names, cluster = gold_items(folder)
    q = Quality(items=len(names))
    node: dict[str, str] = {}
    cache: dict[str, dict[str, set[str]]] = {}
    for item, forms in names.items():
        stem = item.split(":", 1)[0]
        index = cache.setdefault(stem, _nodes_by_name(store, graphs[stem]))
        hits = sorted(set().union(*(index.get(o.normalise(f), set()) for f in forms)))
        if hits:
            node[item] = hits[0]
        else:
            q.not_found.append(item)
    found = sorted(node)
    q.found = len(found)
    for a, b in itertools.combinations(found, 2):
        same_pred, same_gold = node[a] == node[b], cluster[a] == cluster[b]
        q.predicted_pairs += same_pred
        q.gold_pairs += same_gold
        q.true_pairs += same_pred and same_gold
        if same_pred and not same_gold:
            q.wrong.append((a, b))
        if same_gold and not same_pred:
            q.missed.append((a, b))
    q.pair_precision = q.true_pairs / q.predicted_pairs if q.predicted_pairs else 1.0
    q.pair_recall = q.true_pairs / q.gold_pairs if q.gold_pairs else 1.0
    if found:
        p_sum = r_sum = 0.0
        for a in found:
            pred = {b for b in found if node[b] == node[a]}
            gold = {b for b in found if cluster[b] == cluster[a]}
            p_sum += len(pred & gold) / len(pred)
            r_sum += len(pred & gold) / len(gold)
        q.bcubed_precision, q.bcubed_recall = p_sum / len(found), r_sum / len(found)
    return q


def ingest_gold_folder(folder: str | Path, store: Any, *, order: list[str] | None = None) -> dict[str, str]:
    """Extract and write ``folder``'s articles (with their gold publication dates); file stem -> graph IRI."""
    from kg.ingest import extract_articles, write_extractions
    from kg.read.articles import make_article

    folder = Path(folder)
    stems = order or sorted(p.stem for p in folder.glob("*.txt"))
    arts = []
    for stem in stems:
        doc = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
        text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
        arts.append(make_article(text, source=str(folder / f"{stem}.txt"), published=doc.get("published")))
    write_extractions(extract_articles(arts), store)
    return {stem: o.article_iri(a.id) for stem, a in zip(stems, arts)}


def gold_extraction(folder: str | Path, stem: str) -> Any:
    """The gold annotation of one article as an :class:`~kg.model.Extraction` (no extractor involved).

    Each gold entity becomes an entity of its class with its aliases and the places of the
    gazetteer; mentions are the first place each name occurs in the text. Measuring
    resolution on these separates its errors from the extractor's.
    """
    from kg.extract.gazetteer import lookup_place
    from kg.model import Entity, Evidence, Extraction, Mention, Relation
    from kg.read.articles import make_article

    folder = Path(folder)
    doc = json.loads((folder / f"{stem}.json").read_text(encoding="utf-8"))
    text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
    art = make_article(text, source=str(folder / f"{stem}.txt"), published=doc.get("published"))
    entities = []
    key_of: dict[str, str] = {}
    for i, ent in enumerate(doc.get("entities", [])):
        names = [ent["label"], *ent.get("aliases", [])]
        cls = ent["type"]
        attributes: dict[str, Any] = {}
        if cls == "Place":
            hit = lookup_place(ent["label"])
            if hit is not None:
                cls = hit.kind if hit.kind in o.CLASSES else "Place"
                attributes = {k: v for k, v in (("geonames", hit.geonames), ("wikidata", hit.wikidata),
                                                ("lat", hit.lat), ("lon", hit.lon)) if v is not None}
        mentions = []
        for name in names:
            at = text.find(name)
            if at >= 0:
                mentions.append(Mention(at, at + len(name), name))
        key = f"g{i}"
        entities.append(Entity(key, cls, ent["label"], set(ent.get("aliases", [])), mentions, attributes))
        for name in names:
            key_of.setdefault(name, key)
    ev = Evidence(text[:200], 0, min(len(text), 200))
    relations = [Relation(key_of[r["s"]], r["p"], key_of[r["o"]], ev, 0.9) for r in doc.get("relations", [])
                 if r["s"] in key_of and r["o"] in key_of]
    return Extraction(art, entities, relations)


def ingest_gold_annotations(folder: str | Path, store: Any) -> dict[str, str]:
    """Write ``folder``'s gold annotations (not the extractor's output); file stem -> graph IRI."""
    from kg.ingest import write_extractions

    stems = sorted(p.stem for p in Path(folder).glob("*.txt"))
    exts = [gold_extraction(folder, stem) for stem in stems]
    write_extractions(iter(exts), store)
    return {stem: o.article_iri(e.article.id) for stem, e in zip(stems, exts)}
