"""Precision, recall and F1 of the extractor against gold files in the contract's format.

A gold file ``NAME.json`` beside ``NAME.txt`` lists entities (label, type, aliases) and
relations (s, p, o by label). A predicted entity matches a gold one when any of its names
(label or alias, normalised) equals the gold label or one of its aliases. Entities are scored
with their contract class (incidents are unnamed and are scored through their relations); a
relation is right when both ends match and the property is the gold one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdf import ontology as o
from kg.errors import ArticleError
from kg.model import Extraction

_CONTRACT = ("Force", "Place", "Operation", "Person")


@dataclass(slots=True)
class FileScore:
    """Counts and misses for one gold file."""

    name: str
    ent_pred: int = 0
    ent_tp: int = 0
    ent_found: int = 0
    ent_gold: int = 0
    rel_pred: int = 0
    rel_tp: int = 0
    rel_found: int = 0
    rel_gold: int = 0
    missed_entities: list[str] = field(default_factory=list)
    wrong_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    wrong_relations: list[str] = field(default_factory=list)


def prf(tp: int, pred: int, found: int, gold: int) -> tuple[float, float, float]:
    """Precision (tp/pred), recall (found/gold) and their harmonic mean."""
    p = tp / pred if pred else 0.0
    r = found / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _predicted(ext: Extraction) -> tuple[dict[str, tuple[str, set[str]]], set[tuple[str, str, str]]]:
    """Nodes as the RDF graph has them (entities merged by IRI) and relation triples."""
    from kg.rdf.quads import entity_nodes

    nodes: dict[str, tuple[str, set[str]]] = {}
    iri_of = {key: node.value for key, node in entity_nodes(ext).items()}
    for ent in ext.entities:
        iri = iri_of[ent.key]
        top = o.top_class(ent.type)
        names = {ent.label, *ent.aliases}
        old = nodes.get(iri)
        nodes[iri] = (top, (old[1] if old else set()) | names)
    rels = {(iri_of[r.subject], r.predicate, iri_of[r.object]) for r in ext.relations
            if r.subject in iri_of and r.object in iri_of and iri_of[r.subject] != iri_of[r.object]}
    return nodes, rels


def score_extraction(ext: Extraction, gold: dict, name: str = "") -> FileScore:
    """Score one extraction against one gold record."""
    gents = gold.get("entities", [])
    gnames = [{o.normalise(e["label"])} | {o.normalise(a) for a in e.get("aliases", [])} for e in gents]
    index = {e["label"]: i for i, e in enumerate(gents)}
    incidents = [i for i, e in enumerate(gents) if e["type"] == "Incident"]
    sc = FileScore(name, ent_gold=sum(1 for e in gents if e["type"] != "Incident"),
                   rel_gold=len({(r["s"], r["p"], r["o"]) for r in gold.get("relations", [])}))

    nodes, rels = _predicted(ext)
    node_map: dict[str, list[int]] = {}
    found: set[int] = set()
    for iri, (top, names) in nodes.items():
        normed = {o.normalise(n) for n in names}
        matches = [i for i, g in enumerate(gnames) if normed & g]
        if top == "Incident":
            node_map[iri] = incidents or matches
            continue
        node_map[iri] = matches
        if top not in _CONTRACT:
            continue
        sc.ent_pred += 1
        typed = [i for i in matches if gents[i]["type"] == top]
        if typed:
            sc.ent_tp += 1
            found.update(typed)
        elif matches:
            sc.wrong_entities.append(f"{sorted(names)[0]}: {top} (gold {gents[matches[0]]['type']})")
        else:
            sc.wrong_entities.append(f"{sorted(names)[0]}: {top} (not in gold)")
    sc.ent_found = len(found)
    sc.missed_entities = [e["label"] for i, e in enumerate(gents) if e["type"] != "Incident" and i not in found]

    grels = {(index[r["s"]], r["p"], index[r["o"]]) for r in gold.get("relations", [])
             if r["s"] in index and r["o"] in index}
    hit: set[tuple[int, str, int]] = set()
    for s, p, obj in rels:
        sc.rel_pred += 1
        ok = {(a, p, b) for a in node_map.get(s, []) for b in node_map.get(obj, [])} & grels
        if ok:
            sc.rel_tp += 1
            hit |= ok
        else:
            sc.wrong_relations.append(f"{sorted(nodes[s][1])[0]} {p} {sorted(nodes[obj][1])[0]}")
    sc.rel_found = len(hit)
    sc.missed_relations = sorted(f"{gents[a]['label']} {p} {gents[b]['label']}" for a, p, b in grels - hit)
    sc.wrong_relations.sort()
    return sc


def gold_pairs(gold_dir: Path) -> list[tuple[Path, Path]]:
    """(text, gold) file pairs of a folder, sorted by name.

    Raises:
        ArticleError: the folder holds no gold files.
    """
    pairs = [(g.with_suffix(".txt"), g) for g in sorted(Path(gold_dir).glob("*.json"))
             if g.with_suffix(".txt").exists()]
    if not pairs:
        raise ArticleError(f"{gold_dir}: no NAME.json gold files beside NAME.txt articles")
    return pairs


def evaluate(gold_dir: str | Path, *, model: str | None = None) -> list[FileScore]:
    """Extract every ``NAME.txt`` of ``gold_dir`` and score it against ``NAME.json``.

    Raises:
        ArticleError: no gold files, or one is not valid JSON.
    """
    from kg.read.articles import read_path
    from kg.ingest import extract_articles
    from kg.model import Article

    pairs = gold_pairs(Path(gold_dir))
    articles: list[Article] = []
    for txt, _ in pairs:
        item = next(iter(read_path(txt)))
        if not isinstance(item, Article):
            raise ArticleError(f"{txt}: {item.reason}")
        articles.append(item)
    scores = []
    for (txt, gpath), ext in zip(pairs, extract_articles(articles, model=model)):
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ArticleError(f"{gpath}: not a readable gold file ({exc})") from None
        scores.append(score_extraction(ext, gold, txt.stem))
    return scores


def totals(scores: Iterable[FileScore]) -> FileScore:
    """Micro-averaged counts over files."""
    t = FileScore("overall")
    for s in scores:
        for k in ("ent_pred", "ent_tp", "ent_found", "ent_gold", "rel_pred", "rel_tp", "rel_found", "rel_gold"):
            setattr(t, k, getattr(t, k) + getattr(s, k))
    return t
