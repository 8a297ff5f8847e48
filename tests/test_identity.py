"""Identity across articles: evidence-based merges, order independence, curation, incidents."""
from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from kg.ingest import write_extractions
from kg.model import Entity, Evidence, Extraction, Mention, Relation
from kg.rdf import ontology as o
from kg.rdf.curation import apply_file, list_curations, record, undo
from kg.rdf.resolve import identity_graph, resolve_store
from kg.rdf.variants import variant_forms
from kg.read.articles import make_article
from kg.store import open_store

ID = o.BASE_IRI + "id/"


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


def _canonical(store) -> list[str]:
    skip = {o.PROV + "generatedAtTime"}
    lines = [ox.serialize([q], format=ox.RdfFormat.N_QUADS).decode() for q in store.quads()
             if q.predicate.value not in skip]
    return sorted(lines)


def _nodes(store, cls: str) -> set[str]:
    res = store.query(f"SELECT DISTINCT ?n WHERE {{ GRAPH ?g {{ ?n a ?c }} FILTER(STRSTARTS(STR(?n), \"{ID}{cls.lower()}/\") && !CONTAINS(STR(?n), \"#\")) }}")
    return {row[0].value for row in res.rows}


def test_variant_forms_are_systematic_not_fuzzy():
    assert variant_forms("Jazira Operations Command") & variant_forms("Operations Command of al-Jazeera")
    assert variant_forms("ISKP") & variant_forms("ISIS-K") & variant_forms("IS-K")
    assert variant_forms("el-Shabab") & variant_forms("al-Shabaab")
    assert not variant_forms("Tal Kaif") & variant_forms("Tal Kaifa")
    assert not variant_forms("20th Brigade") & variant_forms("21st Brigade")


def test_stated_name_and_gazetteer_merge_across_articles():
    st = open_store("memory")
    for ext in (article_a(), article_b(), article_c(), article_d()):
        write_extractions([ext], st)
    ops = _nodes(st, "Operation")
    assert ops == {ID + "operation/dune-lantern"}, ops
    places = _nodes(st, "Place")
    assert len({ID + "place/mosul", ID + "place/mosul-city"} & places) == 1  # one GeoNames id, one node
    assert ID + "place/tal-kaifa" in places
    forces = _nodes(st, "Force")
    assert len([f for f in forces if "jazira" in f or "jazeera" in f]) == 1
    # the equivalence is recorded with the article it came from
    res = st.query(f"SELECT ?art WHERE {{ GRAPH <{identity_graph()}> {{ ?s <{o.KGO}identityReason> \"stated\" ; "
                   f"<{o.PROV}wasDerivedFrom> ?art }} }}")
    assert {row[0].value for row in res.rows} == {o.article_iri(article_a().article.id)}
    # the Arabic name, typed as a person by the parser, is no longer a person
    assert not _nodes(st, "Person")


def test_ingest_order_does_not_change_the_graph():
    exts = [article_a(), article_b(), article_c()]
    results = set()
    for order in itertools.permutations(range(3)):
        st = open_store("memory")
        for i in order:
            write_extractions([exts[i]], st)
        results.add("".join(_canonical(st)))
    assert len(results) == 1


def test_country_context_keeps_namesakes_apart():
    iq = _ext("The 20th Brigade of Iraq advanced.", "2025-01-01", [Entity("u", "MilitaryUnit", "20th Brigade"), _country("Iraq")])
    sy = _ext("The 20th Brigade of Syria advanced.", "2025-01-01", [Entity("u", "MilitaryUnit", "20th Brigade"), _country("Syria")])
    so = _ext("Al-Shabaab fighters attacked in Somalia.", "2025-01-01", [Entity("g", "ArmedGroup", "Al-Shabaab"), _country("Somalia")])
    mz = _ext("Insurgents called al-Shabab raided a town in Mozambique.", "2025-01-01",
              [Entity("g", "ArmedGroup", "al-Shabab"), _country("Mozambique")])
    st = open_store("memory")
    write_extractions([iq, sy, so, mz], st)
    forces = _nodes(st, "Force")
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
    jazira = [f for f in _nodes(st, "Force") if "jaz" in f]
    assert len(jazira) == 1
    keys = [ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera"]
    cur = record(st, "different", keys[0], keys[1], why="two commands", who="analyst")
    assert len([f for f in _nodes(st, "Force") if "jaz" in f]) == 2
    # a later ingest keeps the decision
    write_extractions([article_d()], st)
    assert len([f for f in _nodes(st, "Force") if "jaz" in f]) == 2
    listed = list_curations(st)
    assert [(c.decision, c.who, c.why) for c in listed] == [("different", "analyst", "two commands")]
    # export and import into a fresh store: the same graph
    dump = tmp_path / "all.nq"
    with open(dump, "wb") as fh:
        st.dump(fh, "nq")
    fresh = open_store("memory")
    fresh.load(dump)
    assert _canonical(fresh) == _canonical(st)
    assert resolve_store(fresh).rewritten == 0  # the imported store is already resolved
    undo(st, cur.id)
    assert len([f for f in _nodes(st, "Force") if "jaz" in f]) == 1
    assert list_curations(st)[0].undone


def test_curation_file_applies_decisions_once(tmp_path):
    st = open_store("memory")
    write_extractions([article_a(), article_d()], st)
    path = tmp_path / "curations.tsv"
    path.write_text("decision\tfirst\tsecond\twhy\twho\n"
                    "same\tKestrel Brigade\tOperations Command of al-Jazeera\tone HQ\tanalyst\n", encoding="utf-8")
    assert len(apply_file(st, path)) == 1
    assert len(apply_file(st, path)) == 0
    forces = _nodes(st, "Force")
    assert not any("kestrel" in f for f in forces) or not any("jazeera" in f for f in forces)
    bad = tmp_path / "bad.tsv"
    bad.write_text("merge\ta\tb\n", encoding="utf-8")
    with pytest.raises(Exception, match="unknown decision"):
        apply_file(st, bad)


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "identity"


@pytest.fixture(scope="module")
def campaign_store():
    from kg.rdf.quality import ingest_gold_folder

    st = open_store("memory")
    graphs = ingest_gold_folder(FIXTURES, st)
    return st, graphs


def test_campaign_corpus_merge_quality(campaign_store):
    from kg.rdf.quality import merge_quality

    st, graphs = campaign_store
    q = merge_quality(st, FIXTURES, graphs)
    assert q.found >= q.items - 2
    assert q.pair_precision >= 0.95 and q.pair_recall >= 0.90, (q.wrong, q.missed)


def test_campaign_corpus_splits_are_one_node_and_namesakes_stay_apart(campaign_store):
    st, _ = campaign_store
    forces, places, ops = _nodes(st, "Force"), _nodes(st, "Place"), _nodes(st, "Operation")
    assert len([n for n in ops if "resolve" in n or "azm" in n]) == 1  # the Arabic name in parentheses
    assert not [n for n in _nodes(st, "Person") if "azm" in n]
    assert len([n for n in forces if "khorasan" in n or "isk" in n or "is-k" in n]) == 1
    assert len([n for n in places if "mocimboa" in n]) == 1
    assert len([n for n in forces if "20th-brigade" in n]) == 2  # one Iraqi, one Syrian
    assert ID + "place/tal-kaif" in places and ID + "place/tal-kaifa" in places
    assert len([n for n in forces if "shab" in n or "ahlu" in n]) == 2
    assert not [n for n in forces if n.endswith("/afp")]


def test_cli_curation_commands(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    store = str(tmp_path / "kg")
    with open_store(store, "w") as st:
        write_extractions([article_c(), article_d()], st)
    run = CliRunner().invoke
    keys = [ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera"]
    res = run(app, ["different", *keys, "--why", "two HQs", "--by", "analyst", "--store", store], catch_exceptions=False)
    assert res.exit_code == 0 and "curation" in res.output
    cid = res.output.split()[1].rstrip(":")
    res = run(app, ["curations", "--store", store], catch_exceptions=False)
    assert cid in res.output and "two HQs" in res.output
    res = run(app, ["curations", "--tsv", "--store", store], catch_exceptions=False)
    assert res.output.startswith("decision\tfirst") and "different" in res.output
    res = run(app, ["undo", cid, "--store", store], catch_exceptions=False)
    assert res.exit_code == 0 and "undone" in res.output
    res = run(app, ["same", "Nowhere Town", "Tal Kaifa", "--store", store])
    assert res.exit_code == 1 and "no entity" in res.output


def test_misread_aliases_and_foreign_armies():
    # an alias the gazetteer gives to another place is a reading error, not an equivalence
    a = _ext("Fighting spread from North Kivu into the Congo.", "2025-01-01",
             [Entity("k", "Province", "North Kivu", {"South Kivu"}), _country("Democratic Republic of the Congo")])
    b = _ext("Rebels held towns in South Kivu in the Congo.", "2025-01-02",
             [Entity("k", "Province", "South Kivu"), _country("Democratic Republic of the Congo")])
    # an army abroad keeps the identity of the alias table wherever it fights
    c = _ext("Uganda People's Defence Force troops crossed into the Congo.", "2025-01-03",
             [Entity("f", "MilitaryUnit", "Uganda People's Defence Force"), _country("Democratic Republic of the Congo")])
    d = _ext("The Uganda People's Defence Force deployed in South Sudan.", "2025-01-04",
             [Entity("f", "MilitaryUnit", "Uganda People's Defence Force"), _country("South Sudan")])
    st = open_store("memory")
    write_extractions([a, b, c, d], st)
    assert len([p for p in _nodes(st, "Place") if "kivu" in p]) == 2
    assert len([f for f in _nodes(st, "Force") if "uganda" in f]) == 1


def test_resolution_alone_on_the_gold_annotations():
    from kg.rdf.quality import ingest_gold_annotations, merge_quality

    st = open_store("memory")
    graphs = ingest_gold_annotations(FIXTURES, st)
    q = merge_quality(st, FIXTURES, graphs)
    assert q.found == q.items
    assert q.pair_precision >= 0.95 and q.pair_recall >= 0.90, (q.wrong, q.missed)


def test_campaign_articles_in_every_order_give_one_graph():
    import json

    from kg.ingest import extract_articles

    stems = ["iraq-a", "iraq-b", "iraq-c"]
    arts = [make_article((FIXTURES / f"{s}.txt").read_text(encoding="utf-8"), source=s,
                         published=json.loads((FIXTURES / f"{s}.json").read_text(encoding="utf-8"))["published"])
            for s in stems]
    exts = list(extract_articles(arts))
    results = set()
    for order in itertools.permutations(range(3)):
        st = open_store("memory")
        for i in order:
            write_extractions([exts[i]], st)
        results.add("".join(_canonical(st)))
    assert len(results) == 1


def test_one_article_naming_a_thing_twice_is_one_node_that_a_curator_can_split():
    text = "The Jazira Operations Command and the Operations Command of al-Jazeera met in Iraq on Monday."
    ext = _ext(text, "2025-01-01", [
        Entity("a", "MilitaryUnit", "Jazira Operations Command"),
        Entity("b", "MilitaryUnit", "Operations Command of al-Jazeera"), _country("Iraq"),
        Entity("p", "Person", "Sami Hadi", attributes={"role": "commander"})],
        [("p", "affiliatedWith", "a")])
    st = open_store("memory")
    write_extractions([ext], st)
    forces = _nodes(st, "Force")
    assert len(forces) == 1
    node = next(iter(forces))
    labels = st.query(f"SELECT ?p ?l WHERE {{ GRAPH ?g {{ <{node}> ?p ?l FILTER(isLiteral(?l)) }} }}").rows
    assert sorted((p.value.rsplit("#", 1)[-1], v.value) for p, v in labels) == [
        ("altLabel", "Jazira Operations Command"), ("label", "Operations Command of al-Jazeera")]
    record(st, "different", ID + "force/jazira-operations-command", ID + "force/operations-command-of-al-jazeera")
    assert len(_nodes(st, "Force")) == 2
    res = st.query(f"ASK {{ GRAPH ?g {{ ?p <{o.KGO}affiliatedWith> <{ID}force/jazira-operations-command> }} }}")
    assert res.boolean
