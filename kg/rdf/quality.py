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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.rdf import ontology as o


@dataclass(frozen=True, slots=True)
class Quality:
    """Where each gold item was found, and the merge scores that follow from it.

    ``nodes`` maps each gold item found to the node it is on, ``clusters`` every gold item to
    its expected cluster; pairs and B-cubed scores are counted over the items found.
    """

    nodes: dict[str, str]
    clusters: dict[str, str]
    not_found: tuple[str, ...]

    @property
    def items(self) -> int:
        """Gold entities in the corpus."""
        return len(self.clusters)

    @property
    def found(self) -> int:
        """Gold entities found on a node of their article's graph."""
        return len(self.nodes)

    def _pairs(self) -> Iterator[tuple[str, str, bool, bool]]:
        for a, b in itertools.combinations(sorted(self.nodes), 2):
            yield a, b, self.nodes[a] == self.nodes[b], self.clusters[a] == self.clusters[b]

    @property
    def predicted_pairs(self) -> int:
        """Pairs of found items on one node."""
        return sum(pred for _a, _b, pred, _gold in self._pairs())

    @property
    def gold_pairs(self) -> int:
        """Pairs of found items in one expected cluster."""
        return sum(gold for _a, _b, _pred, gold in self._pairs())

    @property
    def true_pairs(self) -> int:
        """Pairs both on one node and in one expected cluster."""
        return sum(pred and gold for _a, _b, pred, gold in self._pairs())

    @property
    def wrong(self) -> list[tuple[str, str]]:
        """Pairs merged that should not be."""
        return [(a, b) for a, b, pred, gold in self._pairs() if pred and not gold]

    @property
    def missed(self) -> list[tuple[str, str]]:
        """Pairs that should be merged and are not."""
        return [(a, b) for a, b, pred, gold in self._pairs() if gold and not pred]

    @property
    def pair_precision(self) -> float:
        """Share of the predicted pairs that are right (1.0 when nothing was merged)."""
        predicted = self.predicted_pairs
        return self.true_pairs / predicted if predicted else 1.0

    @property
    def pair_recall(self) -> float:
        """Share of the expected pairs that were merged (1.0 when none are expected)."""
        gold = self.gold_pairs
        return self.true_pairs / gold if gold else 1.0

    def _bcubed(self, together: dict[str, str], truth: dict[str, str]) -> float:
        if not self.nodes:
            return 0.0
        total = 0.0
        for a in self.nodes:
            mine = {b for b in self.nodes if together[b] == together[a]}
            total += len({b for b in mine if truth[b] == truth[a]}) / len(mine)
        return total / len(self.nodes)

    @property
    def bcubed_precision(self) -> float:
        """B-cubed precision: per item, the share of its node's items that belong with it."""
        return self._bcubed(self.nodes, self.clusters)

    @property
    def bcubed_recall(self) -> float:
        """B-cubed recall: per item, the share of its expected cluster found on its node."""
        return self._bcubed(self.clusters, self.nodes)


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


def nodes_named(store: Any, graph: str, names: list[str]) -> set[str]:
    """The entity nodes of article graph ``graph`` that carry one of ``names`` (folded) as a label."""
    return _named(_nodes_by_name(store, graph), names)


def _named(index: dict[str, set[str]], names: list[str]) -> set[str]:
    return set().union(*(index.get(o.normalise(n), set()) for n in names))


def merge_quality(store: Any, folder: str | Path, graphs: dict[str, str]) -> Quality:
    """Score the store's identity against ``folder``'s clusters (``graphs``: file stem -> graph IRI)."""
    names, cluster = gold_items(folder)
    node: dict[str, str] = {}
    not_found: list[str] = []
    cache: dict[str, dict[str, set[str]]] = {}
    for item, forms in names.items():
        stem = item.split(":", 1)[0]
        hits = sorted(_named(cache.setdefault(stem, _nodes_by_name(store, graphs[stem])), forms))
        if hits:
            node[item] = hits[0]
        else:
            not_found.append(item)
    return Quality(node, cluster, tuple(not_found))


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
