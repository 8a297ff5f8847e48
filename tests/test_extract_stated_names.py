"""Other names a text states for one thing ("X, also spelt Y", "X, which ... call Y").

The first tests build the Doc by hand and check :func:`kg.extract.entities.naming.stated_names`
without the statistical model; the last ones run the pipeline on invented articles.
"""
from __future__ import annotations

import pytest

from kg.extract.entities.naming import stated_names
from kg.rdf.ontology import normalise
from tests.conftest import extract_text as run
from tests.extraction import find
from tests.test_extract_names import cand, make_doc


def _pairs(doc, cands) -> set[tuple[str, str]]:
    return {(m.label, name) for m, _o, name in stated_names(doc, cands)}


@pytest.mark.parametrize(("text", "spans", "expected"), [
    # also spelt / written, with a second variant after "or"
    ("Fighting reached Korvadi , also spelt Korwadi or Kurvadi , on Monday",
     [(2, 3)], {("Korvadi", "Korwadi"), ("Korvadi", "Kurvadi")}),
    # known (adverb) as, the other name a candidate of its own
    ("The Tamaro Defence Corps , known officially as the Blue Legion , said",
     [(1, 4), (10, 12)], {("Tamaro Defence Corps", "Blue Legion")}),
    # known in a language as
    ("The Wind Riders , known in Arabic as Rih al~-~Sahra , claimed it",
     [(1, 3)], {("Wind Riders", "Rih al-Sahra")}),
    # which ... call
    ("They shelled Verna , which residents call Old Verna , overnight",
     [(2, 3)], {("Verna", "Old Verna")}),
    # an apposition between the name and the clause
    ("They shelled Verna , the largest town of the valley , which residents call Vernask , overnight",
     [(2, 3)], {("Verna", "Vernask")}),
    # as ... calls
    ("The ambush was near Dalo , as the group calls Dalon , on Monday",
     [(4, 5)], {("Dalo", "Dalon")}),
    # whose name is also spelt
    ("said Colonel Brask , whose name is also spelt Braske in some reports",
     [(2, 3)], {("Brask", "Braske")}),
    # the rebels' name for
    ("they entered Kestrel , the rebels ' name for Porto Vash , at dawn",
     [(2, 3), (9, 11)], {("Porto Vash", "Kestrel")}),
    # a gloss set off by commas
    ("a spokesman for the Northern Guard , or Sevgard , said",
     [(4, 6)], {("Northern Guard", "Sevgard")}),
])
def test_stated_names(text, spans, expected):
    doc = make_doc(text, pos={"call": "VERB", "calls": "VERB", "shelled": "VERB", "said": "VERB",
                              "entered": "VERB", "reached": "VERB"})
    cands = [cand(doc, s, e, "Place") for s, e in spans]
    assert _pairs(doc, cands) == expected


@pytest.mark.parametrize(("text", "spans"), [
    # the last item of a list is no gloss
    ("Troops entered Alda , Berun , or Casso , they said", [(2, 3), (4, 5), (7, 8)]),
    # a relative clause without a naming verb
    ("They shelled Verna , which rebels held for a year", [(2, 3)]),
    # "known as" after a common noun names nothing the text already named
    ("a bandit chief known as Tavo was killed", []),
    # spelling without "also" is an ordinary participle
    ("the letter Dovan , written Monday , said", [(2, 3)]),
])
def test_no_stated_name(text, spans):
    doc = make_doc(text, pos={"held": "VERB", "said": "VERB", "killed": "VERB", "entered": "VERB"})
    assert _pairs(doc, [cand(doc, s, e, "Place") for s, e in spans]) == set()


def test_operations_keep_their_own_naming():
    doc = make_doc("Operation Grey Dawn , also known as Grey Hammer , began")
    assert _pairs(doc, [cand(doc, 0, 3, "Operation")]) == set()


def test_stated_name_joins_one_entity(nlp):
    ex = run(nlp, "Rebels seize hill town\n\n"
                  "Rebels of the Kasari Front attacked Velmora, a hill town, on Monday. "
                  "Velmora, which herders call Velmorai, lies near the border. "
                  "Police said the fighting in Velmorai went on into the night.")
    town = find(ex, "Velmora")
    assert normalise("Velmorai") in {normalise(n) for n in (town.label, *town.aliases)}
    assert sum(1 for e in ex.entities if normalise("Velmorai") in {normalise(n) for n in (e.label, *e.aliases)}) == 1


def test_stated_spelling_never_becomes_the_label(nlp):
    ex = run(nlp, "Commander speaks\n\n"
                  "Major General Tomas Hallvard Berke, commander of the Northern Army, spoke on Monday. "
                  "Nothing had changed, said Berke, whose name is also spelt Berkeley in some reports.")
    person = find(ex, "Tomas Hallvard Berke")
    assert person.label == "Tomas Hallvard Berke"
    assert normalise("Berkeley") in {normalise(n) for n in person.aliases}


def test_state_forces_glossed_by_their_own_name():
    doc = make_doc("an attack on Varnia 's military , the Kessgard , after dawn")
    main, other = cand(doc, 3, 6, "Force"), cand(doc, 8, 9, "Force")
    assert _pairs(doc, [main, other]) == {("Varnia 's military", "Kessgard")}


def test_a_list_of_forces_is_no_gloss():
    doc = make_doc("the Varnian army , the Kessgard , and the Red Hand fought")
    assert _pairs(doc, [cand(doc, 1, 3, "Force"), cand(doc, 5, 6, "Force"), cand(doc, 9, 11, "Force")]) == set()


def test_country_military_is_one_force_with_its_other_names(nlp):
    from kg.extract.entities.coreference import key_of

    assert key_of("Varnia's military", "Force") == key_of("Varnia military", "Force") == key_of("Varnia army", "Force")
    ex = run(nlp, "Army accused\n\n"
                 "The Myanmar military, also known as the Tatmadaw, blamed the rebels. Residents said the "
                 "Tatmadaw had shelled the village for a week.")
    force = find(ex, "Myanmar military")
    assert normalise("Tatmadaw") in {normalise(n) for n in force.aliases}
    assert not [e for e in ex.entities if normalise(e.label) == "myanmar"]


def test_gloss_of_a_larger_noun_phrase_names_the_phrase():
    doc = make_doc("the local branch of the Red Hand , sometimes written RH~-~K , has attacked")
    assert _pairs(doc, [cand(doc, 5, 7, "Force")]) == set()


def test_local_name_of_another_known_group_is_not_taken(nlp):
    ex = run(nlp, "Insurgents raid port\n\n"
                  "Insurgents of Kolo Sunna Wal Tamar, known locally as al-Shabab, attacked the outskirts of "
                  "Mersa on Tuesday, police said.")
    group = find(ex, "Kolo Sunna Wal Tamar")
    assert normalise("al-Shabab") not in {normalise(n) for n in group.aliases}
