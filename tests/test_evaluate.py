"""kg evaluate: contract matching rules on hand-built extractions and gold records."""
from __future__ import annotations

import json

import pytest

from kg.errors import ArticleError
from kg.evaluate import Counts, gold_pairs, score_extraction, totals
from tests.conftest import kg, sample_extraction

GOLD = {
    "entities": [
        {"label": "Kestrel Brigade", "type": "Force", "aliases": []},
        {"label": "Varna Ridge", "type": "Place", "aliases": []},
        {"label": "Iron Lantern", "type": "Operation", "aliases": ["Operation Iron Lantern"]},
        {"label": "Red Hand", "type": "Force", "aliases": []},
        {"label": "Dorun", "type": "Person", "aliases": []},  # deliberately mistyped in gold
        {"label": "Tamsk", "type": "Place", "aliases": []},
    ],
    "relations": [
        {"s": "Kestrel Brigade", "p": "participatedIn", "o": "Iron Lantern"},
        {"s": "Iron Lantern", "p": "tookPlaceIn", "o": "Varna Ridge"},
        {"s": "Iron Lantern", "p": "targets", "o": "Red Hand"},
    ],
}


def test_counts_follow_the_contract_rules():
    sc = score_extraction(sample_extraction(), GOLD, "sample")
    # predicted: Kestrel (ok), Varna (ok), Iron Lantern (ok via alias), Red Hand (ok), Dorun (wrong type)
    assert sc.entities == Counts(pred=5, tp=4, found=4, gold=6)
    assert sc.missed_entities == ["Dorun", "Tamsk"]
    assert any(w.startswith("Dorun: Place (gold Person)") for w in sc.wrong_entities)
    # relations: two right, threatenedBy Dorun->Red Hand not in gold; targets missed
    assert sc.relations == Counts(pred=3, tp=2, found=2, gold=3)
    assert sc.missed_relations == ["Iron Lantern targets Red Hand"]
    p, r, f = sc.entities.prf()
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.8, 0.667, 0.727)


def test_totals_are_micro_averaged():
    a = score_extraction(sample_extraction(), GOLD, "a")
    t = totals([a, a])
    assert (t.entities.tp, t.entities.gold, t.relations.found) == (8, 12, 4)


def test_folder_without_gold_files_is_a_clear_error(tmp_path):
    with pytest.raises(ArticleError, match="no NAME.json gold files"):
        gold_pairs(tmp_path)


@pytest.mark.model
def test_cli_evaluate_on_a_small_sample(tmp_path):
    text = ("Kestrel Brigade enters Varna Ridge\n\n"
            "The Kestrel Brigade cleared the village of Varna Ridge on Monday, the army said.")
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.json").write_text(json.dumps({
        "entities": [{"label": "Kestrel Brigade", "type": "Force", "aliases": []},
                     {"label": "Varna Ridge", "type": "Place", "aliases": []}],
        "relations": []}))
    out = kg("evaluate", tmp_path, "--json", tmp_path / "m.json")
    assert out.output.splitlines()[0].split()[:2] == ["file", "ent"]
    assert "overall" in out.output
    misses = json.loads((tmp_path / "m.json").read_text())
    assert misses[0]["name"] == "a" and misses[0]["entities"]["gold"] == 2


# -- agreement with the corpus scorer (score.py) ---------------------------------------------
AGREE_TEXT = ("Kestrel Brigade pushes into Varna\n\n"
              "The Kestrel Brigade and the Kestrel Bde. reserve moved into Tamsk in Varna province on Monday, "
              "launching Operation Iron Lantern against the Red Hand. Red Hand gunmen ambushed a Kestrel "
              "Brigade convoy near Tamsk; a second attack hit Dorun.")

AGREE_GOLD = {
    "entities": [
        {"label": "Kestrel Brigade", "type": "Force", "aliases": ["Kestrel Bde"]},
        {"label": "Red Hand", "type": "Force", "aliases": []},
        {"label": "Varna Province", "type": "Place", "aliases": []},
        {"label": "Tamsk", "type": "Place", "aliases": []},
        {"label": "Dorun", "type": "Place", "aliases": []},
        {"label": "Iron Lantern", "type": "Operation", "aliases": ["Operation Iron Lantern"]},
        {"label": "convoy ambush near Tamsk", "type": "Incident", "aliases": []},
    ],
    "relations": [
        {"s": "Kestrel Brigade", "p": "participatedIn", "o": "Iron Lantern"},
        {"s": "Iron Lantern", "p": "targets", "o": "Red Hand"},
        {"s": "Iron Lantern", "p": "tookPlaceIn", "o": "Tamsk"},
        {"s": "Tamsk", "p": "locatedIn", "o": "Varna Province"},
        {"s": "convoy ambush near Tamsk", "p": "perpetratedBy", "o": "Red Hand"},
        {"s": "convoy ambush near Tamsk", "p": "targeted", "o": "Kestrel Brigade"},
        {"s": "convoy ambush near Tamsk", "p": "tookPlaceIn", "o": "Tamsk"},
    ],
}


def _agreement_extraction():
    from kg.read.articles import make_article
    from kg.model import Entity, Evidence, Extraction, Relation

    art = make_article(AGREE_TEXT, source="agree.txt", published="2024-03-04")
    ev = Evidence(AGREE_TEXT[:20], 0, 20)
    ents = [
        Entity("f1", "MilitaryUnit", "Kestrel Brigade"),
        Entity("f2", "MilitaryUnit", "Kestrel Bde", {"Kestrel Brigade reserve"}),  # unmerged alias
        Entity("g1", "ArmedGroup", "Red Hand"),
        Entity("p1", "Province", "Varna"),  # gold says "Varna Province"
        Entity("p2", "Settlement", "Tamsk"),
        Entity("p3", "Settlement", "Dorun"),
        Entity("o1", "Operation", "Operation Iron Lantern"),
        Entity("i1", "Ambush", "ambushed near Tamsk"),
        Entity("i2", "Attack", "attack hit Dorun"),
        Entity("i3", "Attack", "convoy attack"),  # a second node for the one gold incident
    ]
    rel = [("f1", "participatedIn", "o1"), ("f2", "participatedIn", "o1"), ("o1", "targets", "g1"),
           ("o1", "tookPlaceIn", "p2"), ("p2", "locatedIn", "p1"), ("p3", "threatenedBy", "g1"),
           ("i1", "perpetratedBy", "g1"), ("i1", "targeted", "f1"), ("i1", "tookPlaceIn", "p2"),
           ("i2", "perpetratedBy", "g1"), ("i2", "tookPlaceIn", "p3"),
           ("i3", "perpetratedBy", "g1"), ("i3", "targeted", "f1")]
    return Extraction(art, ents, [Relation(s, p, o, ev) for s, p, o in rel])


def test_stricter_rules_match_the_corpus_scorer():
    # score.py on this extraction's N-Triples gives exactly these counts and lists
    sc = score_extraction(_agreement_extraction(), AGREE_GOLD, "agree")
    assert (sc.entities, sc.relations) == (Counts(7, 6, 6, 6), Counts(13, 7, 7, 7))
    # the unmerged alias is a second node of a gold entity: a false positive
    assert any("duplicate node of a gold entity" in w for w in sc.wrong_entities)
    # "Varna" matches "Varna Province"; nothing is missed
    assert sc.missed_entities == [] and sc.missed_relations == []
    # one gold incident: the ambush is aligned with it, the other two incidents are not
    assert "convoy attack targeted Kestrel Brigade" in sc.wrong_relations
    assert "attack hit Dorun perpetratedBy Red Hand" in sc.wrong_relations
    assert "Kestrel Brigade participatedIn Operation Iron Lantern (duplicate)" in sc.wrong_relations


def test_scoring_the_rdf_graph_gives_the_same_counts():
    """The nodes kg evaluate scores are the ones its N-Triples output shows the scorer."""
    from rdflib import RDF, RDFS, Graph
    from rdflib.namespace import SKOS

    from kg.rdf import ontology as o
    from kg.evaluate import score_nodes
    from kg.rdf.quads import article_quads, serialize_quads

    ext = _agreement_extraction()
    g = Graph()
    g.parse(data=serialize_quads(article_quads(ext), "nt").decode(), format="nt")
    nodes = {}
    for node, cls in g.subject_objects(RDF.type):
        top = o.top_class(str(cls).rsplit("#", 1)[-1])
        if top in o.TOP_CLASSES:
            names = {str(x) for p in (RDFS.label, SKOS.altLabel) for x in g.objects(node, p)}
            nodes[str(node)] = (top, names)
    rels = {(str(s), str(p).rsplit("#", 1)[-1], str(ob)) for s, p, ob in g
            if str(p).rsplit("#", 1)[-1] in o.PROPERTIES and str(s) in nodes and str(ob) in nodes}
    from_rdf = score_nodes(nodes, rels, AGREE_GOLD, "agree")
    direct = score_extraction(ext, AGREE_GOLD, "agree")
    assert (from_rdf.entities, from_rdf.relations) == (direct.entities, direct.relations)
    assert from_rdf.wrong_relations == direct.wrong_relations


def test_admin_words_fold_on_both_sides():
    from kg.evaluate import names_of

    assert names_of(["Varna Governorate"]) == {"varna governorate", "varna"}
    assert names_of(["The Red State"]) == {"red state", "red"}
    assert names_of(["Statesboro"]) == {"statesboro"}


def _one_group_gold(folder):
    for name in ("solo-01", "solo-02"):
        (folder / f"{name}.txt").write_text("Kestrel Brigade enters Varna Ridge\n\nThe Kestrel Brigade moved in.\n")
        (folder / f"{name}.json").write_text(json.dumps({
            "entities": [{"label": "Kestrel Brigade", "type": "Force", "aliases": []}], "relations": []}))


def test_leaving_out_the_only_group_is_refused_before_any_parse():
    from kg.errors import KgError
    from kg.extract.learned.crossval import require_groups

    with pytest.raises(KgError, match="two groups or more.*'solo'"):
        require_groups(["solo", "solo"], mode="hybrid")
    with pytest.raises(KgError, match="no gold articles"):
        require_groups([], mode="rules")
    require_groups(["solo"], mode="rules")  # nothing is retrained: one group is scored as it is
    require_groups(["a", "b"], mode="learned")


def test_cli_by_group_with_one_group_is_a_one_line_error(tmp_path):
    _one_group_gold(tmp_path)
    out = kg("evaluate", tmp_path, "--by-group", "--mode", "hybrid", process=True, code=1, timeout=120)
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "two groups or more" in lines[0] and "'solo'" in lines[0]
