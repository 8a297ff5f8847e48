"""Precision, recall and F1 of the extractor against gold files in the contract's format.

A gold file ``NAME.json`` beside ``NAME.txt`` lists entities (label, type, aliases) and
relations (s, p, o by label). A predicted entity matches a gold one when any of its names
(label or alias, normalised) equals the gold label or one of its aliases. Entities are scored
with their contract class (incidents are unnamed and are scored through their relations); a
relation is right when both ends match and the property is the gold one.

The rules are those of the corpus scorer (``score.py``), so both give the same counts: names
ending in province / governorate / region / state / prefecture also match without that word;
each gold entity absorbs one predicted node (a second node for it, an alias left unmerged, is a
false positive); each predicted incident is aligned with at most one gold incident, the one
whose relations it reproduces best, and an unaligned incident's relations are false positives.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdf import ontology as o
from kg.errors import ArticleError
from kg.model import Article, Extraction

_CONTRACT = ("Force", "Place", "Operation", "Person")


@dataclass(frozen=True, slots=True)
class Counts:
    """Predicted items, right ones, gold items found and gold items, of one kind (entities or relations)."""

    pred: int
    tp: int
    found: int
    gold: int

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1 of these counts."""
        return prf(self.tp, self.pred, self.found, self.gold)

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.pred + other.pred, self.tp + other.tp, self.found + other.found, self.gold + other.gold)


@dataclass(slots=True)
class FileScore:
    """Counts and misses for one gold file."""

    name: str
    entities: Counts = Counts(0, 0, 0, 0)
    relations: Counts = Counts(0, 0, 0, 0)
    missed_entities: list[str] = field(default_factory=list)
    wrong_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    wrong_relations: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> FileScore:
        """The score that :func:`dataclasses.asdict` turned into ``data``."""
        return cls(**{**data, "entities": Counts(**data["entities"]), "relations": Counts(**data["relations"])})


def prf(tp: int, pred: int, found: int, gold: int) -> tuple[float, float, float]:
    """Precision (tp/pred), recall (found/gold) and their harmonic mean."""
    p = tp / pred if pred else 0.0
    r = found / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


_ADMIN = re.compile(r"^(.+?) (province|governorate|region|state|prefecture)$")


def names_of(labels: Iterable[str]) -> set[str]:
    """Normalised names, plus "X" for "X province" / "X governorate" / "X region" / ..."""
    out: set[str] = set()
    for n in labels:
        n = o.normalise(n)
        out.add(n)
        m = _ADMIN.match(n)
        if m:
            out.add(m.group(1))
    return out


def predicted_nodes(ext: Extraction) -> tuple[dict[str, tuple[str, set[str]]], set[tuple[str, str, str]]]:
    """Nodes as the article's RDF graph has them (merged by IRI; names = rdfs:label and
    skos:altLabel) and the relation triples between two different nodes."""
    from kg.rdf.identity import canonical_label
    from kg.rdf.quads import entity_nodes

    nodes: dict[str, tuple[str, set[str]]] = {}
    iri_of = {key: node.value for key, node in entity_nodes(ext).items()}
    for ent in ext.entities:
        iri = iri_of[ent.key]
        names = {n for n in (canonical_label(ent) or ent.label, ent.label, *ent.aliases) if n}
        if not names:
            continue
        old = nodes.get(iri)
        nodes[iri] = (o.top_class(ent.type), (old[1] if old else set()) | names)
    rels = {(iri_of[r.subject], r.predicate, iri_of[r.object]) for r in ext.relations
            if r.subject in iri_of and r.object in iri_of and iri_of[r.subject] != iri_of[r.object]
            and iri_of[r.subject] in nodes and iri_of[r.object] in nodes and r.predicate in o.PROPERTIES}
    return nodes, rels


def score_extraction(ext: Extraction, gold: dict, name: str = "") -> FileScore:
    """Score one extraction against one gold record, by the contract's matching rules.

    Each gold entity absorbs one predicted node (a second node for it is a false positive);
    each predicted incident is aligned with at most one gold incident, the one whose
    relations it reproduces best, and an unaligned incident's relations are false positives.
    """
    nodes, rels = predicted_nodes(ext)
    return score_nodes(nodes, rels, gold, name)


def score_nodes(nodes: dict[str, tuple[str, set[str]]], rels: set[tuple[str, str, str]],
                gold: dict, name: str = "") -> FileScore:
    """Score predicted nodes (id -> (contract class, names)) and relations against a gold record."""
    gents = gold.get("entities", [])
    gnames = [names_of([e["label"], *e.get("aliases", [])]) for e in gents]
    index = {e["label"]: i for i, e in enumerate(gents)}
    sc = FileScore(name)
    pred = tp = 0

    node_map: dict[str, list[int]] = {}
    found_typed: set[int] = set()
    for nid, (top, names) in sorted(nodes.items(), key=lambda kv: (kv[1][0], sorted(kv[1][1]))):
        if top == "Incident" or top not in _CONTRACT:
            continue
        normed = names_of(names)
        matches = [i for i, g in enumerate(gnames) if normed & g]
        pred += 1
        node_map[nid] = matches
        first = sorted(names)[0]
        if not matches:
            sc.wrong_entities.append(f"{first}: {top} (not in gold)")
            continue
        typed = [i for i in matches if gents[i]["type"] == top]
        if typed and not set(typed) <= found_typed:
            tp += 1
            found_typed.update(typed)
        elif typed:
            sc.wrong_entities.append(f"{first}: {top} (duplicate node of a gold entity)")
        else:
            sc.wrong_entities.append(f"{first}: {top} (gold {gents[matches[0]]['type']})")
    sc.entities = Counts(pred, tp, len(found_typed), sum(1 for e in gents if e["type"] != "Incident"))
    sc.missed_entities = [e["label"] for i, e in enumerate(gents)
                          if e["type"] != "Incident" and i not in found_typed]

    grels = {(index[r["s"]], r["p"], index[r["o"]]) for r in gold.get("relations", [])
             if r["s"] in index and r["o"] in index}
    _align_incidents(nodes, rels, node_map, grels, [i for i, e in enumerate(gents) if e["type"] == "Incident"])
    hit: set[tuple[int, str, int]] = set()
    tp = 0
    for s, p, obj in sorted(rels):
        ok = {(a, p, b) for a in node_map.get(s, []) for b in node_map.get(obj, [])} & grels
        if ok and not ok <= hit:
            tp += 1
            hit |= ok
        else:
            sc.wrong_relations.append(f"{sorted(nodes[s][1])[0]} {p} {sorted(nodes[obj][1])[0]}"
                                      + (" (duplicate)" if ok else ""))
    sc.relations = Counts(len(rels), tp, len(hit), len(grels))
    sc.missed_relations = sorted(f"{gents[a]['label']} {p} {gents[b]['label']}" for a, p, b in grels - hit)
    sc.wrong_relations.sort()
    return sc


def _align_incidents(nodes: dict[str, tuple[str, set[str]]], rels: set[tuple[str, str, str]],
                     node_map: dict[str, list[int]], grels: set[tuple[int, str, int]],
                     gold_inc: list[int]) -> None:
    """Map each predicted incident to at most one gold incident, best reproduced first (greedy)."""
    pred_inc = [n for n, (t, _) in nodes.items() if t == "Incident"]

    def reproduced(pn: str, gi: int) -> int:
        m = dict(node_map)
        m[pn] = [gi]
        return sum(1 for s, p, obj in rels if pn in (s, obj)
                   and {(a, p, b) for a in m.get(s, []) for b in m.get(obj, [])} & grels)

    pairs = sorted(((reproduced(pn, gi), pn, gi) for pn in pred_inc for gi in gold_inc), reverse=True)
    used_p: set[str] = set()
    used_g: set[int] = set()
    for n, pn, gi in pairs:
        if n > 0 and pn not in used_p and gi not in used_g:
            used_p.add(pn)
            used_g.add(gi)
            node_map[pn] = [gi]


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


def read_article(txt: Path) -> Article:
    """The article of a gold pair's text file, read as ``kg extract`` reads it.

    Raises:
        ArticleError: the file cannot be read as an article.
    """
    from kg.read.articles import read_path

    item = next(iter(read_path(txt)))
    if not isinstance(item, Article):
        raise ArticleError(f"{txt}: {item.reason}")
    return item


def read_gold(path: Path) -> dict:
    """A gold record.

    Raises:
        ArticleError: not valid JSON.
    """
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArticleError(f"{path}: not a readable gold file ({exc})") from exc
    if not isinstance(gold, dict):
        raise ArticleError(f"{path}: a gold file holds one JSON object")
    return gold


def evaluate(gold_dir: str | Path, *, model: str | None = None) -> list[FileScore]:
    """Extract every ``NAME.txt`` of ``gold_dir`` and score it against ``NAME.json``.

    Raises:
        ArticleError: no gold files, or one is not valid JSON.
    """
    from kg.ingest import extract_articles

    pairs = gold_pairs(Path(gold_dir))
    articles = [read_article(txt) for txt, _ in pairs]
    golds = [read_gold(g) for _, g in pairs]
    return [score_extraction(ext, gold, txt.stem)
            for (txt, _), gold, ext in zip(pairs, golds, extract_articles(articles, model=model))]


def totals(scores: Iterable[FileScore]) -> FileScore:
    """Micro-averaged counts over files."""
    t = FileScore("overall")
    for s in scores:
        t.entities += s.entities
        t.relations += s.relations
    return t
