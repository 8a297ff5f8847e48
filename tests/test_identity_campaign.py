"""Identity end to end on the campaign corpus (tests/fixtures/identity): the extractor, then resolution.

The articles are invented and written in the shared gold format; ``clusters.json`` lists
which gold entities of different articles are one thing. These tests are the measurable
promises: the splits a reader would notice become one node, namesakes stay apart, the
ingest order changes nothing, and curations survive re-ingest, export and import.
"""
from __future__ import annotations

import json

import pytest

from kg.rdf import ontology as o
from kg.rdf.quality import gold_items, ingest_gold_folder, merge_quality, nodes_named
from kg.read.articles import make_article
from kg.store import open_store
from tests.conftest import kg
from tests.identity_data import CAMPAIGN, ID, canonical_quads, graphs_in_every_order, nodes

pytestmark = pytest.mark.model

#: Each: gold items (FILE:LABEL) that must be one node, with every name each article gives them.
SPLITS = {
    "an operation, its Arabic name in parentheses, and the Arabic name alone":
        ["iraq-a:Operation Northern Resolve", "iraq-b:Operation Northern Resolve", "iraq-c:Operation Northern Resolve"],
    "two translations of one operation name":
        ["iraq-d:Operation Promise of Return", "iraq-e:Promise to Return"],
    "an operations command transliterated and ordered two ways":
        ["iraq-a:Jazira Operations Command", "iraq-b:Operations Command of al-Jazeera",
         "iraq-c:Jazeera Operations Command"],
    "a command of X operations and the X operations command":
        ["iraq-d:Command of Anbar Operations", "iraq-e:Anbar Operations Command"],
    "an armed group by its full name, acronym and two variants":
        ["afghanistan-a:Islamic State Khorasan Province", "afghanistan-b:Islamic State Khorasan Province"],
    "a town in short and long form":
        ["mozambique-a:Mocimboa da Praia", "mozambique-b:Mocimboa"],
    "one numbered unit across articles, with and without its parent":
        ["iraq-a:20th Brigade", "iraq-b:20th Brigade", "iraq-c:20th Brigade"],
    "a national army by its full name and acronym":
        ["philippines-a:Armed Forces of the Philippines", "philippines-b:Armed Forces of the Philippines"],
}

#: Each: two gold items that are different things.
APART = {
    "an Iraqi and a Syrian 20th Brigade": ("iraq-a:20th Brigade", "syria-a:20th Brigade"),
    "Tal Kaif and Tal Kaifa": ("iraq-a:Tal Kaif", "iraq-a:Tal Kaifa"),
    "Somalia's al-Shabaab and Mozambique's insurgents called al-Shabab":
        ("somalia-a:Al-Shabaab", "mozambique-a:Ahlu Sunna Wal Jamaa"),
    "the Armed Forces of the Philippines (AFP) and their country":
        ("philippines-a:Armed Forces of the Philippines", "philippines-a:Philippines"),
}


@pytest.fixture(scope="module")
def campaign():
    st = open_store("memory")
    graphs = ingest_gold_folder(CAMPAIGN, st)
    names, _clusters = gold_items(CAMPAIGN)
    return st, graphs, names


def _nodes_of(campaign, items: list[str]) -> set[str]:
    st, graphs, names = campaign
    found: set[str] = set()
    for item in items:
        hits = nodes_named(st, graphs[item.split(":", 1)[0]], names[item])
        assert hits, f"{item} is not in its article's graph"
        found |= hits
    return found


@pytest.mark.parametrize("what", list(SPLITS))
def test_each_split_is_one_node(campaign, what):
    assert len(_nodes_of(campaign, SPLITS[what])) == 1, _nodes_of(campaign, SPLITS[what])


@pytest.mark.parametrize("what", list(APART))
def test_namesakes_stay_apart(campaign, what):
    first, second = APART[what]
    a, b = _nodes_of(campaign, [first]), _nodes_of(campaign, [second])
    assert len(a) == len(b) == 1 and a != b, (a, b)


def test_the_arabic_name_is_no_person_and_the_town_has_one_geonames_id(campaign):
    st, _graphs, _names = campaign
    assert not [n for n in nodes(st, "Person") if "azm" in n or "shamal" in n]
    (town,) = _nodes_of(campaign, ["mozambique-a:Mocimboa da Praia"])
    res = st.query(f"SELECT DISTINCT ?id WHERE {{ GRAPH ?g {{ <{town}> <https://schema.org/sameAs> ?id }} }}")
    assert len(res.rows) == 1


def test_the_news_agency_afp_is_no_entity(campaign):
    st, graphs, _names = campaign
    assert not nodes_named(st, graphs["philippines-b"], ["AFP"])
    (army,) = _nodes_of(campaign, ["philippines-a:Armed Forces of the Philippines"])
    assert army.startswith(ID + "force/")
    labels = st.query(f"SELECT ?l WHERE {{ GRAPH <{graphs['philippines-a']}> {{ <{army}> <{o.SKOS}altLabel> ?l }} }}")
    assert "AFP" in {row[0].value for row in labels.rows}  # the acronym in parentheses names the army


def test_merge_quality_meets_its_target(campaign):
    st, graphs, _names = campaign
    q = merge_quality(st, CAMPAIGN, graphs)
    assert q.pair_precision >= 0.95 and q.pair_recall >= 0.90, (q.wrong, q.missed)


def test_every_gold_entity_is_found(campaign):
    st, graphs, _names = campaign
    assert not merge_quality(st, CAMPAIGN, graphs).not_found


def _campaign_extractions(stems: list[str]) -> list:
    from kg.ingest import extract_articles

    arts = [make_article((CAMPAIGN / f"{s}.txt").read_text(encoding="utf-8"), source=s,
                         published=json.loads((CAMPAIGN / f"{s}.json").read_text(encoding="utf-8"))["published"])
            for s in stems]
    return list(extract_articles(arts))


def test_ingest_order_does_not_change_the_graph():
    # iraq-b states that Azm al-Shamal is Operation Northern Resolve; iraq-c uses only the Arabic name
    assert len(graphs_in_every_order(_campaign_extractions(["iraq-a", "iraq-b", "iraq-c"]))) == 1


def test_a_curation_survives_reingest_export_and_import(tmp_path):
    store, fresh, dump = tmp_path / "kg", tmp_path / "fresh", tmp_path / "all.nq"
    first = [CAMPAIGN / "iraq-a.txt", CAMPAIGN / "iraq-c.txt"]
    kg("ingest", *first, "--store", store, "--quiet")
    kg("same", "Tal Kaif", "Tal Kaifa", "--why", "one village, two spellings", "--by", "analyst", "--store", store)
    kg("ingest", *first, CAMPAIGN / "iraq-b.txt", "--store", store, "--quiet")
    with open_store(str(store)) as st:
        assert len([n for n in nodes(st, "Place") if "tal-kaif" in n]) == 1
        before = canonical_quads(st)
    kg("export", "--format", "nq", "-o", dump, "--store", store)
    kg("load", dump, "--store", fresh)
    with open_store(str(fresh)) as st:
        assert canonical_quads(st) == before
    listed = kg("curations", "--tsv", "--store", fresh).stdout
    assert "same" in listed and "one village, two spellings" in listed
    # the imported store keeps applying the decision to what is ingested into it
    kg("ingest", CAMPAIGN / "iraq-b.txt", CAMPAIGN / "iraq-a.txt", "--store", fresh, "--quiet")
    with open_store(str(fresh)) as st:
        assert canonical_quads(st) == before
