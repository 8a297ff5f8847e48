"""Relation rules on invented sentences: focus, lists, containment, threats, participation."""
from __future__ import annotations

from kg.extract.learned.settings import using
from kg.model import Extraction
from kg.rdf.ontology import normalise
from tests.conftest import extract_text as run


def key(ex: Extraction, name: str) -> str | None:
    n = normalise(name)
    for e in ex.entities:
        if n == normalise(e.label) or n in {normalise(a) for a in e.aliases}:
            return e.key
    return None


def rel(ex: Extraction, s: str, p: str, o: str) -> bool:
    sk, ok = key(ex, s), key(ex, o)
    assert sk is not None, f"{s!r} not in {[e.label for e in ex.entities]}"
    assert ok is not None, f"{o!r} not in {[e.label for e in ex.entities]}"
    return any(r.subject == sk and r.predicate == p and r.object == ok for r in ex.relations)


def test_list_of_cleared_places_goes_to_the_phase_in_focus(nlp):
    ex = run(nlp, "Lakeside Push\n\nThe 12th Brigade cleared rebel camps in Tarvo District during the second "
                  "phase of Operation Blue Heron, a campaign run under Operation Iron Gate.\n\n"
                  "An officer said the camps that were searched included Melkar, Dosani, Rutova and Pelmir.")
    phase = "second phase of Operation Blue Heron"
    for place in ("Melkar", "Dosani", "Rutova", "Pelmir"):
        assert rel(ex, phase, "tookPlaceIn", place)
        assert not rel(ex, "Operation Iron Gate", "tookPlaceIn", place)
        # "the camps in Tarvo District ... the camps that were searched included ...": stated containment
        assert rel(ex, place, "locatedIn", "Tarvo District")
    assert rel(ex, "12th Brigade", "participatedIn", phase)


def test_named_as_alias_for_a_phase(nlp):
    ex = run(nlp, "Northern Drive\n\nTroops began the third phase of Operation Red Dune last week. "
                  "This phase is known as Red Dune III.")
    phase = next(e for e in ex.entities if e.type == "Phase")
    assert "Red Dune III" in phase.aliases


def test_components_of_a_unit_do_not_participate(nlp):
    ex = run(nlp, "Valley Sweep\n\nThe 40 Brigade, which consists of the 7, 8 and 9 Rifle Battalions, "
                  "led Operation Stone Wall in Korvi.")
    assert rel(ex, "40 Brigade", "participatedIn", "Operation Stone Wall")
    assert not rel(ex, "8 Rifle Battalion", "participatedIn", "Operation Stone Wall")
    assert rel(ex, "Operation Stone Wall", "tookPlaceIn", "Korvi")


def test_destination_is_not_where_the_operation_took_place(nlp):
    ex = run(nlp, "Ridge Clearance\n\nOperation Grey Falcon cleared Hasvik on Monday. Wounded rebels were "
                  "taken to Omberg and Tallin, where the group treats them.")
    assert rel(ex, "Operation Grey Falcon", "tookPlaceIn", "Hasvik")
    assert not rel(ex, "Operation Grey Falcon", "tookPlaceIn", "Omberg")


def test_apposition_and_distributed_containment(nlp):
    ex = run(nlp, "Delta Report\n\nMilitia fighters seized Korlanu, a town in the Upper Vessa region, on "
                  "Friday. Rebels were later seen at Fenmoor, Astrabad and Brightwater, in Kolva "
                  "district.")
    assert rel(ex, "Korlanu", "locatedIn", "Upper Vessa region")
    for place in ("Fenmoor", "Brightwater"):
        assert rel(ex, place, "locatedIn", "Kolva district")


def test_possessive_container_is_the_possessed_place(nlp):
    ex = run(nlp, "Border Raid\n\nTroops moved into Hallen district in Norland's eastern Vesk province.")
    assert rel(ex, "Hallen district", "locatedIn", "Vesk province")
    assert rel(ex, "Vesk province", "locatedIn", "Norland")
    assert not rel(ex, "Hallen district", "locatedIn", "Norland")


def test_threat_needs_the_place_tied_to_presence(nlp):
    ex = run(nlp, "Desert Watch\n\nThe Crimson Front militants still hold the town of Velkaro, officials "
                  "said in Mardan. Its cells are active in Pelko province.")
    assert rel(ex, "Velkaro", "threatenedBy", "Crimson Front")
    assert rel(ex, "Pelko province", "threatenedBy", "Crimson Front")
    assert not rel(ex, "Mardan", "threatenedBy", "Crimson Front")


def test_threat_from_a_stronghold_apposition(nlp):
    ex = run(nlp, "Forest Push\n\nThe Green Hand militants attacked a patrol on Monday. Troops later "
                  "cleared the Kettle Forest and the Marsh Valley, long the insurgents' main bastions.")
    assert rel(ex, "Marsh Valley", "threatenedBy", "Green Hand")
    assert rel(ex, "Kettle Forest", "threatenedBy", "Green Hand")


def test_relative_clause_and_admin_chain_and_counted_apposition_give_containment(nlp):
    from kg.extract.learned.settings import using

    with using(mode="rules"):
        ex = run(nlp, "Mines Kill Two\n\nThe governor of Pelko State, in which Varsa lies, condemned the attack. "
                      "Soldiers were ambushed at Dorun, a locality in Kesh Subdivision, Mardo Division, the army "
                      "said. Strikes hit Tamla and Ossir, two villages in Pelko State.")
    assert rel(ex, "Varsa", "locatedIn", "Pelko State")
    assert rel(ex, "Kesh Subdivision", "locatedIn", "Mardo Division")
    assert rel(ex, "Tamla", "locatedIn", "Pelko State")
    assert rel(ex, "Ossir", "locatedIn", "Pelko State")


def test_a_part_noun_predicated_of_a_force_makes_it_part_of_the_other(nlp):
    with using(mode="rules"):
        ex = run(nlp, "Sahel Groups\n\nKatiba Macina is a branch of JNIM, the army said. Ansar Dine, "
                      "which is an affiliate of al-Qaeda, took Kidal. The Kenyan army is part of AMISOM. "
                      "Ansar Dine is allied with the Tuareg rebels.")
    label = {e.key: normalise(e.label) for e in ex.entities}
    parts = {(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "partOf"}
    jnim = next(normalise(e.label) for e in ex.entities if "JNIM" in e.aliases or e.label == "JNIM")
    assert (normalise("Katiba Macina"), jnim) in parts
    assert (normalise("Ansar Dine"), normalise("al-Qaeda")) in parts
    assert any(s == normalise("Kenyan army") for s, _ in parts)
    assert len(parts) == 3
