"""Identity across articles: evidence-based merges, order independence, curation, incidents."""
from __future__ import annotations

import pytest

from kg.ingest import write_extractions
from kg.model import Entity, Evidence, Extraction, Mention, Relation
from kg.rdf import ontology as o
from kg.rdf.curation import apply_file, list_curations, record, undo
from kg.rdf.resolve import resolve_store
from kg.rdf.variants import translation_forms, variant_forms
from kg.read.articles import make_article
from kg.store import open_store
from tests.identity_data import ID, CAMPAIGN, canonical_quads, graphs_in_every_order, nodes



def _ext(text: str, published: str, ents: list[Entity], rels: list[tuple[str, str, str]] = ()) -> Extraction:
    art = make_article(text, source="t", published=published)
    for e in ents:
        at = text.find(e.label)
        if at >= 0 and not e.mentions:
            e.mentions.append(Mention(at, at + len(e.label), e.label))
    ev = Evidence(text, 0, len(text))
    return Extraction(art, ents, [Relation(s, p, ob, ev, 0.8) for s, p, ob in rels])


def _country(code: str) -> Entity:
    return Entity(f"c-{code}", "Country", code)


def _about(country: str, cls: str, label: str, *, aliases: tuple[str, ...] = (), day: int = 1) -> Extraction:
    """A one-line article naming ``label`` (of class ``cls``) in ``country``."""
    return _ext(f"Reports named {label} in {country}.", f"2025-01-{day:02d}",
                [Entity("e", cls, label, set(aliases)), _country(country)])


def article_a() -> Extraction:
    text = "Operation Dune Lantern (Fajr al-Rimal) began in Iraq. The Kestrel Brigade took part."
    return _ext(text, "2025-01-02", [
        Entity("op", "Operation", "Operation Dune Lantern"), Entity("ar", "Person", "Fajr al-Rimal"),
        _country("Iraq"), Entity("u", "MilitaryUnit", "Kestrel Brigade")],
        [("u", "participatedIn", "op")])


def article_b() -> Extraction:
    text = "Fighters of the Kestrel Brigade pressed on with Fajr al-Rimal near Mosul in Iraq."
    return _ext(text, "2025-01-03", [
        Entity("op", "Operation", "Fajr al-Rimal"), Entity("u", "MilitaryUnit", "Kestrel Brigade"),
        Entity("m", "Settlement", "Mosul", attributes={"geonames": "99072"}), _country("Iraq")],
        [("u", "participatedIn", "op"), ("op", "tookPlaceIn", "m")])


def article_c() -> Extraction:
    text = "Jets supported Dune Lantern from the Jazira Operations Command west of Mosul, Iraq."
    return _ext(text, "2025-01-05", [
        Entity("op", "Operation", "Dune Lantern"), Entity("j", "MilitaryUnit", "Jazira Operations Command"),
        Entity("m", "Settlement", "Mosul City", attributes={"geonames": "99072"}), _country("Iraq")],
        [("j", "participatedIn", "op")])


def article_d() -> Extraction:
    text = "The Operations Command of al-Jazeera moved north in Iraq; Tal Kaifa was quiet."
    return _ext(text, "2025-01-06", [
        Entity("j", "MilitaryUnit", "Operations Command of al-Jazeera"), _country("Iraq"),
        Entity("t", "Settlement", "Tal Kaifa")])


def test_variant_forms_are_systematic_not_fuzzy():
    assert variant_forms("Jazira Operations Command") & variant_forms("Operations Command of al-Jazeera")
    assert variant_forms("Command of Anbar Operations") & variant_forms("Anbar Operations Command")
    assert variant_forms("ISKP") & variant_forms("ISIS-K") & variant_forms("IS-K")
    assert variant_forms("el-Shabab") & variant_forms("al-Shabaab")
    assert not variant_forms("Tal Kaif") & variant_forms("Tal Kaifa")
    assert not variant_forms("20th Brigade") & variant_forms("21st Brigade")


def test_two_translations_of_an_operation_name_meet_only_in_one_country_and_class():
    assert translation_forms("Operation Will of Victory") == translation_forms("Will to Victory operations")
    assert not translation_forms("Victory")  # one word tells too little
    assert translation_forms("second phase of Will to Victory") != translation_forms("Will to Victory")
    st = open_store("memory")
    write_extractions([_about("Iraq", "Operation", "Will of Victory"), _about("Iraq", "Operation", "Will to Victory", day=2),
                       _about("Syria", "Operation", "Will for Victory"),
                       *(_about("Iraq", "MilitaryUnit", f"Shield {w} Faith") for w in ("of", "for"))], st)
    assert len(nodes(st, "Operation")) == 2  # the Iraqi one, and the Syrian one apart
    assert len(nodes(st, "Force")) == 2  # only operation names are read as translations


def test_stated_name_and_gazetteer_merge_across_articles():
    st = open_store("memory")
    for ext in (article_a(), article_b(), article_c(), article_d()):
        write_extractions([ext], st)
    ops = nodes(st, "Operation")
    assert ops == {ID + "operation/dune-lantern"}, ops
    places = nodes(st, "Place")
    assert len({ID + "place/mosul", ID + "place/mosul-city"} & places) == 1  # one GeoNames id, one node
    assert ID + "place/tal-kaifa" in places
    forces = nodes(st, "Force")
    assert len([f for f in forces if "jazira" in f or "jazeera" in f]) == 1
    # the equivalence is recorded with the article it came from
    res = st.query(f"SELECT ?art WHERE {{ GRAPH <{o.graph_iri(o.IDENTITY_GRAPH)}> {{ ?s <{o.KGO}identityReason> \"stated\" ; "
                   f"<{o.PROV}wasDerivedFrom> ?art }} }}")
    assert {row[0].value for row in res.rows} == {o.article_iri(article_a().article.id)}
    # the Arabic name, typed as a person by the parser, is no longer a person
    assert not nodes(st, "Person")


def test_ingest_order_does_not_change_the_graph():
    # article a states the equivalence that b and c rely on: wherever it comes, one graph
    assert len(graphs_in_every_order([article_a(), article_b(), article_c(), article_d()])) == 1


def test_country_context_keeps_namesakes_apart():
    st = open_store("memory")
    write_extractions([_about("Iraq", "MilitaryUnit", "20th Brigade"), _about("Syria", "MilitaryUnit", "20th Brigade"),
                       _about("Somalia", "ArmedGroup", "Al-Shabaab"), _about("Mozambique", "ArmedGroup", "al-Shabab")], st)
    forces = nodes(st, "Force")
    assert len([f for f in forces if "20th-brigade" in f]) == 2
    assert len([f for f in forces if "shab" in f]) == 2


def _incident(text: str, published: str, town: str, date: str) -> Extraction:
    return _ext(text, published, [
        Entity("i", "Attack", "attack", attributes={"date": date}), Entity("p", "Settlement", town),
        Entity("g", "ArmedGroup", "Red Hand"), _country("Iraq")],
        [("i", "tookPlaceIn", "p"), ("i", "perpetratedBy", "g")])


def test_reports_of_one_incident_become_one_node_with_several_sources():
    first = _incident("Red Hand attacked a checkpoint in Dorun, Iraq, late on Monday.", "2025-02-03", "Dorun", "2025-02-03")
    second = _incident("Red Hand fighters attacked a checkpoint in Dorun, Iraq.", "2025-02-04", "Dorun", "2025-02-04")
    elsewhere = _incident("Red Hand attacked a police post in Varna, Iraq.", "2025-02-04", "Varna", "2025-02-03")
    st = open_store("memory")
    write_extractions([first, second, elsewhere], st)
    res = st.query(f"SELECT ?n (COUNT(DISTINCT ?g) AS ?k) WHERE {{ GRAPH ?g {{ ?n a <{o.KGO}Attack> }} }} GROUP BY ?n")
    counts = sorted(int(row[1].value) for row in res.rows)
    assert counts == [1, 2]


def test_curation_same_different_undo_and_round_trip(tmp_path):
    st = open_store("memory")
    write_extractions([article_c(), article_d()], st)
    jazira = [f for f in nodes(st, "Force") if "jaz" in f]
    assert len(jazira) == 1
    keys = [ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera"]
    cur = record(st, "different", keys[0], keys[1], why="two commands", who="analyst")
    assert len([f for f in nodes(st, "Force") if "jaz" in f]) == 2
    # a later ingest keeps the decision
    write_extractions([article_d()], st)
    assert len([f for f in nodes(st, "Force") if "jaz" in f]) == 2
    listed = list_curations(st)
    assert [(c.decision, c.who, c.why) for c in listed] == [("different", "analyst", "two commands")]
    # export and import into a fresh store: the same graph
    dump = tmp_path / "all.nq"
    with open(dump, "wb") as fh:
        st.dump(fh, "nq")
    fresh = open_store("memory")
    fresh.load(dump)
    assert canonical_quads(fresh) == canonical_quads(st)
    assert resolve_store(fresh).rewritten == 0  # the imported store is already resolved
    undo(st, cur.id)
    assert len([f for f in nodes(st, "Force") if "jaz" in f]) == 1
    assert list_curations(st)[0].undone


def test_curation_file_applies_decisions_once(tmp_path):
    st = open_store("memory")
    write_extractions([article_a(), article_d()], st)
    path = tmp_path / "curations.tsv"
    path.write_text("decision\tfirst\tsecond\twhy\twho\n"
                    "same\tKestrel Brigade\tOperations Command of al-Jazeera\tone HQ\tanalyst\n", encoding="utf-8")
    assert len(apply_file(st, path)) == 1
    assert len(apply_file(st, path)) == 0
    forces = nodes(st, "Force")
    assert not any("kestrel" in f for f in forces) or not any("jazeera" in f for f in forces)
    bad = tmp_path / "bad.tsv"
    bad.write_text("merge\ta\tb\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown decision"):
        apply_file(st, bad)




def test_cli_curation_commands(tmp_path):
    from tests.conftest import kg

    store = str(tmp_path / "kg")
    with open_store(store, "w") as st:
        write_extractions([article_c(), article_d()], st)
    keys = [ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera"]
    res = kg("different", *keys, "--why", "two HQs", "--by", "analyst", "--store", store)
    assert "curation" in res.output
    cid = res.output.split()[1].rstrip(":")
    res = kg("curations", "--store", store)
    assert cid in res.output and "two HQs" in res.output
    res = kg("curations", "--tsv", "--store", store)
    assert res.output.startswith("decision\tfirst") and "different" in res.output
    res = kg("undo", cid, "--store", store)
    assert "undone" in res.output
    res = kg("same", "Nowhere Town", "Tal Kaifa", "--store", store, code=1)
    assert res.stderr.startswith("Error: ") and "no entity" in res.stderr and res.stderr.count("\n") == 1


def test_misread_aliases_and_foreign_armies():
    # an alias the gazetteer gives to another place is a reading error, not an equivalence
    drc, updf = "Democratic Republic of the Congo", "Uganda People's Defence Force"
    misread = _about(drc, "Province", "North Kivu", aliases=("South Kivu",))
    south = _about(drc, "Province", "South Kivu", day=2)
    # an army abroad keeps the identity of the alias table wherever it fights
    abroad = [_about(drc, "MilitaryUnit", updf, day=3), _about("South Sudan", "MilitaryUnit", updf, day=4)]
    st = open_store("memory")
    write_extractions([misread, south, *abroad], st)
    assert len([p for p in nodes(st, "Place") if "kivu" in p]) == 2
    assert len([f for f in nodes(st, "Force") if "uganda" in f]) == 1


def test_resolution_alone_on_the_gold_annotations():
    from kg.rdf.quality import ingest_gold_annotations, merge_quality

    st = open_store("memory")
    graphs = ingest_gold_annotations(CAMPAIGN, st)
    q = merge_quality(st, CAMPAIGN, graphs)
    assert q.found == q.items
    assert q.pair_precision >= 0.95 and q.pair_recall >= 0.90, (q.wrong, q.missed)


def test_one_article_naming_a_thing_twice_is_one_node_that_a_curator_can_split():
    text = "The Jazira Operations Command and the Operations Command of al-Jazeera met in Iraq on Monday."
    ext = _ext(text, "2025-01-01", [
        Entity("a", "MilitaryUnit", "Jazira Operations Command"),
        Entity("b", "MilitaryUnit", "Operations Command of al-Jazeera"), _country("Iraq"),
        Entity("p", "Person", "Sami Hadi", attributes={"role": "commander"})],
        [("p", "affiliatedWith", "a")])
    st = open_store("memory")
    write_extractions([ext], st)
    forces = nodes(st, "Force")
    assert len(forces) == 1
    node = next(iter(forces))
    labels = st.query(f"SELECT ?p ?l WHERE {{ GRAPH ?g {{ <{node}> ?p ?l FILTER(isLiteral(?l)) }} }}").rows
    assert sorted((p.value.rsplit("#", 1)[-1], v.value) for p, v in labels) == [
        ("altLabel", "Jazira Operations Command"), ("label", "Operations Command of al-Jazeera")]
    record(st, "different", ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera")
    assert len(nodes(st, "Force")) == 2
    res = st.query(f"ASK {{ GRAPH ?g {{ ?p <{o.KGO}affiliatedWith> <{ID}force/jazira-operations-command> }} }}")
    assert res.boolean
