"""Entity recognition, typing and in-article resolution on invented sentences."""
from __future__ import annotations

import pytest

from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run
from tests.extraction import check_classes, find, typed

def test_place_typed_once_is_a_place_everywhere(nlp):
    ex = run(nlp, "Army Retakes Town\n\nFighting was reported near Kassim Dari on Monday. By Tuesday "
                  "Kassim Dari had been retaken by the 12th Brigade, officials said.")
    assert top_class(find(ex, "Kassim Dari").type) == "Place"
    assert len([e for e in ex.entities if normalise(e.label) == "kassim dari"]) == 1


def test_apposition_with_place_noun_makes_a_place(nlp):
    ex = run(nlp, "Rebels Withdraw\n\nRebels left Sabon Birni, a farming village in Gaya district, "
                  "after two days of fighting.")
    assert top_class(find(ex, "Sabon Birni").type) == "Place"


def test_surname_follows_its_full_name(nlp):
    ex = run(nlp, "Minister Visits Front\n\nDefence Minister Oumar Traore visited Mopti on Friday. "
                  "On Saturday, Traore said the 4th Battalion would stay.")
    e = find(ex, "Oumar Traore")
    assert top_class(e.type) == "Person"
    assert "Traore" in e.aliases
    assert "minister visits front" not in typed(ex)


def test_spelling_variants_join_one_place(nlp):
    ex = run(nlp, "Town Retaken\n\nFighting was reported in Gurdumo Yare on Sunday. Gurdumo Yare, also spelt "
                  "Gurdhumo Yare or Gurdumo Yarey, lies east of Kismayo.")
    e = find(ex, "Gurdumo Yare")
    assert e.label == "Gurdumo Yare"
    assert top_class(e.type) == "Place"
    assert {"gurdhumo yare", "gurdumo yarey"} <= {normalise(a) for a in e.aliases}


def test_quoted_lowercase_phase_names_its_operation(nlp):
    ex = run(nlp, 'Sweep Goes On\n\nThe Kandahar Operations Command began "the third phase of the Arghandab '
                  'valley inspection", the ministry said.')
    t = typed(ex)
    assert t.get("arghandab valley inspection") == "Operation"
    assert "third phase of the arghandab valley inspection" in t


def test_acronym_inside_compound_word():
    from kg.extract.entities.coreference import is_acronym_of

    assert is_acronym_of("JHQ", "Joint Headquarters")
    assert is_acronym_of("UNMISS", "United Nations Mission in South Sudan")
    assert not is_acronym_of("JHQ", "Jungle Hawks")


#: text -> contract class of each name it must give, and names that must not be entities
CASES = [
    pytest.param("Troops Push North\n\nSoldiers cleared the villages of Tumbalo, Kassim Dari, Worogo, "
                 "Bele Yusuf, Fantami and Garin Musa in Tillaberi region on Sunday, the army said.",
                 dict.fromkeys(("Tumbalo", "Kassim Dari", "Worogo", "Bele Yusuf", "Fantami", "Garin Musa"), "Place"),
                 [], id="village_list_members_are_places"),
    pytest.param("Raid Near Gao\n\nAccording to Idris Kamara, head of the Gao Operations Command, the "
                 "raid killed a rebel commander named Musa Tanko near Gao.",
                 {"idris kamara": "Person", "musa tanko": "Person", "gao": "Place"},
                 [], id="person_cues_beat_place_guesses"),
    pytest.param("Strikes Hit Camp\n\nUS air strikes hit a militant camp near Kidal, and African Union "
                 "troops moved in, the official news agency MAPA reported.",
                 {"kidal": "Place"},
                 ["us", "african union", "mapa"], id="modifier_countries_and_media_are_not_entities"),
    pytest.param("Militant Attacks Continue to Empty Villages Across Mali\n\nGunmen attacked two villages "
                 "in Mali's Mopti region on Saturday, residents said.",
                 {"mali": "Place"},
                 ["continue", "empty villages"], id="title_case_headline_fragments_are_dropped"),
    pytest.param("Sahel Update\n\nThe militia had launched a broad security operation on three fronts in "
                 "the Aïr mountains. The Tessalit clearance operation followed the army's recent "
                 "recapture of Anefis.",
                 {"security operation on three fronts": "Operation", "tessalit clearance operation": "Operation",
                  "recapture of anefis": "Operation", "tessalit": "Place"},
                 [], id="unnamed_operations_from_the_texts_phrase"),
    pytest.param("Mission Update\n\nBrig. Paul Ndahiro, who commands UNMISS's Rwanda Contingent, met the "
                 "Operations Command of south Kandahar and Helmand on Monday.",
                 {"rwanda contingent": "Force", "operations command of south kandahar and helmand": "Force",
                  "paul ndahiro": "Person"},
                 ["brig"], id="contingent_and_command_of_area_are_forces"),
    pytest.param("Flooding And Fighting\n\nRebels still operate across rural parts of Kassala, Gedaref, "
                 "Sennar and Blue Nile, where Kassala Governor Ahmed Idris toured camps.",
                 dict.fromkeys(("Kassala", "Gedaref", "Sennar"), "Place"),
                 ["kassala governor", "kassala gedaref"], id="place_list_split_and_title_trimmed"),
]


@pytest.mark.parametrize("text,classes,absent", CASES)
def test_names_take_their_contract_class(nlp, text, classes, absent):
    check_classes(run(nlp, text), classes, absent)
