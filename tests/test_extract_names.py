"""Name boundaries and non-entities on invented sentences.

Most tests build the spaCy Doc by hand (words, spaces, part-of-speech and entity tags), so
they check the rules without the statistical model; the last ones run the real pipeline
where the parse decides.
"""
from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from kg.extract.mentions.boundaries import (admin_divisions, force_lead_types, hyphen_end, hyphen_start,
                                   join_hyphenated, short_force_names)
from kg.extract.mentions.candidate import Cand
from kg.extract.mentions.nonentities import drop_non_entities, strip_titles
from kg.extract.mentions.operations import named_after_noun, named_operations
from kg.extract.mentions.forces import units_numbered_after
from kg.rdf.ontology import top_class
from tests.conftest import extract_text as run
from tests.extraction import check_classes


_VOCAB = English().vocab  # a blank English vocabulary: lexical attributes, no trained model


def make_doc(text: str, *, pos: dict[str, str] | None = None, ents: dict[str, str] | None = None) -> Doc:
    """A Doc from space-separated tokens; "~" glues a token to the next one (no space).

    ``pos`` maps a token text to its part of speech (default PROPN for capitalised words, NOUN
    otherwise); ``ents`` maps a token text to a one-token entity label.
    """
    words, spaces = [], []
    for raw in text.split(" "):
        parts = raw.split("~")
        for k, w in enumerate(parts):
            words.append(w)
            spaces.append(k == len(parts) - 1)
    spaces[-1] = False
    pos = pos or {}
    ents = ents or {}
    tags = [pos.get(w, "PROPN" if w[:1].isupper() else ("PUNCT" if not w.isalnum() else "NOUN")) for w in words]
    iob = [f"B-{ents[w]}" if w in ents else "O" for w in words]
    return Doc(_VOCAB, words=words, spaces=spaces, pos=tags, ents=iob)


def cand(doc: Doc, start: int, end: int, type_: str, **extra) -> Cand:
    return Cand(start=start, end=end, label=doc[start:end].text, type=type_, prio=extra.pop("prio", 3),
                extra=extra)


# -- hyphenated names ------------------------------------------------------------------
def test_hyphen_particles_join_one_name():
    doc = make_doc("fighters of Harkat~-~ul~-~Zafar attacked Kolo~-~et~-~Benu")
    assert hyphen_end(doc, 3) == 7
    assert hyphen_start(doc, 12) == 8
    cs = join_hyphenated(doc, [cand(doc, 2, 3, "?"), cand(doc, 6, 7, "?"), cand(doc, 8, 9, "Place")])
    labels = sorted(c.label for c in cs)
    assert labels == ["Harkat-ul-Zafar", "Kolo-et-Benu"]


def test_hyphen_between_two_places_before_border_stays_split():
    doc = make_doc("clashes on the Varno~-~Keld border")
    cs = join_hyphenated(doc, [cand(doc, 3, 4, "Place"), cand(doc, 5, 6, "Place")])
    assert [c.label for c in cs] == ["Varno", "Keld"]


def test_spaced_hyphen_is_not_a_name_joint():
    doc = make_doc("Varno - Keld said")
    assert hyphen_end(doc, 1) == 1


def test_operation_name_keeps_roman_and_hyphen_parts():
    doc = make_doc("troops opened Operation Storm~-~IV and Operation Radd~-~ul~-~Amn near Kolo")
    ops = {c.label for c in named_operations(doc)}
    assert ops == {"Operation Storm-IV", "Operation Radd-ul-Amn"}


def test_operation_with_a_number_name():
    doc = make_doc("rebels revived Operation 1150 last month")
    assert [c.label for c in named_operations(doc)] == ["Operation 1150"]


def test_operation_name_stops_before_its_owner():
    doc = make_doc("the Operation Safe Lake of the Varnish military", ents={"Varnish": "NORP"})
    assert [c.label for c in named_operations(doc)] == ["Operation Safe Lake"]


def test_operation_named_after_its_noun():
    doc = make_doc("the operation , named Kolo Thunder , lasted a week")
    assert [c.label for c in named_after_noun(doc)] == ["Kolo Thunder"]
    doc = make_doc("the spokesman , named Kolo Thunder")
    assert named_after_noun(doc) == []


# -- force words of other languages, short names, acronyms -----------------------------
def test_foreign_force_words_make_armed_groups():
    doc = make_doc("Jaysh al~-~Nour and Lashkar~-~e~-~Qamar fought")
    cs = [cand(doc, 0, 4, "Person"), cand(doc, 5, 10, "Place")]
    force_lead_types(doc, cs)
    assert [c.type for c in cs] == ["ArmedGroup", "ArmedGroup"]


def test_short_force_name_and_acronym_take_the_force_class():
    doc = make_doc("the Kestrel Brigade ( KB ) and Kestrel fought ; later KB and Varno KB returned")
    cs = [cand(doc, 1, 3, "MilitaryUnit", prio=6), cand(doc, 7, 8, "Place"), cand(doc, 11, 12, "?"),
          cand(doc, 13, 15, "Place")]
    short_force_names(doc, cs)
    assert [c.type for c in cs[1:]] == ["MilitaryUnit", "MilitaryUnit", "MilitaryUnit"]


def test_short_force_name_is_not_taken_from_a_known_place():
    doc = make_doc("the Kenya Army and Kenya")
    cs = [cand(doc, 1, 3, "MilitaryUnit", prio=6), cand(doc, 4, 5, "Country")]
    short_force_names(doc, cs)
    assert cs[1].type == "Country"


def test_bare_division_after_locative_is_an_area():
    doc = make_doc("a village in Ndole Subdivision , Karro Division , and the Kolo Division advanced")
    cs = [cand(doc, 3, 5, "District"), cand(doc, 6, 8, "MilitaryUnit", prio=6),
          cand(doc, 11, 13, "MilitaryUnit", prio=6)]
    admin_divisions(doc, cs)
    assert [c.type for c in cs] == ["District", "District", "MilitaryUnit"]


def test_division_or_agency_of_a_place_is_an_area():
    doc = make_doc("troops working out of Varnia 's Kolo~-~et~-~Benu division and the valley of Tarsi Agency")
    cs = [cand(doc, 4, 5, "Country"), cand(doc, 6, 11, "Force", prio=2), cand(doc, 16, 18, "Force", prio=5)]
    admin_divisions(doc, cs)
    assert [(c.label, c.top) for c in cs[1:]] == [("Kolo-et-Benu division", "Place"), ("Tarsi Agency", "Place")]


def test_owned_numbered_division_stays_a_unit():
    doc = make_doc("Varnia 's 7th Armoured division advanced")
    cs = [cand(doc, 0, 1, "Country"), cand(doc, 2, 4, "MilitaryUnit", prio=6)]
    admin_divisions(doc, cs)
    assert (cs[1].label, cs[1].type) == ("7th Armoured", "MilitaryUnit")


def test_units_with_number_after_the_noun():
    doc = make_doc("the task force 's Sector 3 and the Tomba 's Missile Battalion 412 and Battalion No. 1")
    labels = [(c.label, c.type) for c in units_numbered_after(doc)]
    assert labels == [("Sector 3", "MilitaryUnit"), ("Missile Battalion 412", "MilitaryUnit"),
                      ("Battalion No. 1", "MilitaryUnit")]
    doc = make_doc("shelling hit District 2 of the city")
    assert [(c.label, c.type) for c in units_numbered_after(doc)] == [("District 2", "District")]


# -- non-entities -------------------------------------------------------------------------
def test_demonyms_weapons_titles_and_outlets_are_dropped():
    doc = make_doc("the Varnish and Korlish parts , AK~-~47 rifles , an improvised explosive device ( IED ) ,"
                   " Defense Minister Tal Oren , the County Commissioner , the Kolo Daily reported , "
                   "the Tarsa newspaper , told Ravi Post . Kolo held",
                   ents={"Varnish": "NORP", "Korlish": "NORP"}, pos={"and": "CCONJ", "an": "DET"})
    idx = {w.text: w.i for w in doc}
    cs = [cand(doc, idx["Varnish"], idx["Varnish"] + 1, "Place"),
          cand(doc, idx["Korlish"], idx["Korlish"] + 1, "Place"),
          cand(doc, idx["AK"], idx["AK"] + 3, "Force", ner="PRODUCT"),
          cand(doc, idx["IED"], idx["IED"] + 1, "Force"),
          cand(doc, idx["Defense"], idx["Defense"] + 1, "Place"),
          cand(doc, idx["Commissioner"], idx["Commissioner"] + 1, "Place"),
          cand(doc, idx["Daily"] - 1, idx["Daily"] + 1, "Force"),
          cand(doc, idx["Tarsa"], idx["Tarsa"] + 1, "Place"),
          cand(doc, idx["Ravi"], idx["Ravi"] + 2, "Force"),
          cand(doc, idx["Kolo"], idx["Kolo"] + 1, "Place")]
    kept = drop_non_entities(doc, cs)
    assert [c.label for c in kept] == ["Kolo"]


def test_titles_are_cut_from_names():
    doc = make_doc("said Secretary Omar Tal and TNF Major General")
    person = cand(doc, 1, 4, "Person")
    force = cand(doc, 5, 8, "Place")
    strip_titles(doc, [person, force])
    assert person.label == "Omar Tal"
    assert (force.label, force.type) == ("TNF", "Force")


def test_a_place_the_tagger_calls_norp_is_kept():
    doc = make_doc("a camp near Kolbat was hit", ents={"Kolbat": "NORP"})
    assert [c.label for c in drop_non_entities(doc, [cand(doc, 3, 4, "Place")])] == ["Kolbat"]


# -- named sites and place heads ----------------------------------------------------------------
def test_named_sites_keep_their_head():
    from kg.extract.mentions.places import headed_places

    doc = make_doc("Gunmen hit the Kalo refugee camp , the Tanel bridge , Dessa air base and Varn Airfield ; "
                   "Wara base was shelled near Olun Hospital and Mero National Park")
    labels = {c.label for c in headed_places(doc)}
    assert {"Kalo refugee camp", "Tanel bridge", "Dessa air base", "Varn Airfield", "Olun Hospital",
            "Mero National Park"} <= labels
    assert not any(label.startswith("Wara") for label in labels)  # "X base" names the place X


def test_administrative_and_village_heads_fold_to_the_bare_name():
    from kg.extract.entities.coreference import key_of

    for name in ("Tarsk Township", "Tarsk township", "Tarsk Subdivision", "Tarsk department", "Tarsk village",
                 "Tarsk village tract", "Tarsk Division", "Tarsk territory"):
        assert key_of(name, "Place") == "tarsk", name
    assert key_of("Tarsk Division", "Force") != "tarsk"  # a unit keeps its head


def test_surname_with_article_or_two_words_joins_the_full_name():
    from kg.extract.entities.coreference import Group, merge_groups

    def labels(*names):
        return sorted(g.label() for g in merge_groups([Group(type="Person", names=[n]) for n in names]))

    assert labels("Omar al-Halabi", "Halabi") == ["Omar al-Halabi"]
    assert labels("Omar Halabi", "al-Halabi") == ["Omar Halabi"]
    assert labels("Rosa Quintero Vidal", "Quintero Vidal") == ["Rosa Quintero Vidal"]
    assert labels("Omar al-Halabi", "Karim") == ["Karim", "Omar al-Halabi"]
    assert labels("Rosa Quintero Vidal", "Marta Vidal") == ["Marta Vidal", "Rosa Quintero Vidal"]


def test_role_or_occupation_before_a_full_name_marks_a_person():
    from kg.extract.mentions.type_cues import person_cue

    doc = make_doc("the Red Hand chief Omar Belkadi was seen with mountain guide Luc Ferrand near Tarsk")
    assert person_cue(doc, cand(doc, 4, 6, "?")) and person_cue(doc, cand(doc, 11, 13, "?"))
    assert not person_cue(doc, cand(doc, 14, 15, "?"))
    doc = make_doc("they killed a bandit chief known as Dakolo , and Umaru Sefa , whom police sought")
    assert person_cue(doc, cand(doc, 7, 8, "?")) and person_cue(doc, cand(doc, 10, 12, "?"))


def test_name_apposed_after_a_place_is_not_listed_with_it():
    from kg.extract.mentions.gather import list_propagation

    doc = make_doc("the president of Varnia , Omar Belkadi , said troops were in Tarsk and Kolo Dari")
    members = [cand(doc, 3, 4, "Place", prio=5), cand(doc, 5, 7, "Person", prio=3),
               cand(doc, 12, 13, "Place", prio=5), cand(doc, 14, 16, "Person", prio=3)]
    list_propagation(doc, members)
    assert [c.type for c in members] == ["Place", "Person", "Place", "Place"]


def test_a_piece_of_an_of_name_gives_way_to_the_whole_name():
    from kg.extract.mentions.article_names import whole_of_names

    doc = make_doc("Operation Storm of the North began ; the second week of Storm of the North saw raids "
                   "near North Tarsk")
    op = cand(doc, 0, 5, "Operation", prio=8)
    op.alias = "Storm of the North"
    piece, other = cand(doc, 14, 15, "Place"), cand(doc, 18, 20, "Place")
    out = whole_of_names(doc, [op, piece, other])
    assert [(c.label, c.type) for c in out] == [("Operation Storm of the North", "Operation"),
                                                ("Storm of the North", "Operation"), ("North Tarsk", "Place")]


# -- with the real pipeline ------------------------------------------------------------------
@pytest.mark.model
def test_wire_credit_in_dateline_is_no_alias(nlp):
    check_classes(run(nlp, "Clashes in North\n\nKOLO, Varnia (Agency) - Rebels attacked an army post in Kolo on "
                           "Monday, the army said."), {"varnia": "Place"}, absent=["agency"])


@pytest.mark.model
def test_group_calling_itself_and_known_as(nlp):
    check_classes(run(nlp, "Attack Claimed\n\nA separatist group calling itself the Lions of Varno claimed the "
                           "ambush. The national military, known as the Kestrelmark, said it would respond."),
                  {"lions of varno": "Force", "kestrelmark": "Force"})


@pytest.mark.model
def test_given_name_after_full_name_is_the_person(nlp):
    ex = run(nlp, "Leader Speaks\n\nPrime Minister Tomas Verenko Adal visited the front on Monday. "
                  "Verenko said the army would hold the line.")
    persons = [e for e in ex.entities if top_class(e.type) == "Person"]
    assert len(persons) == 1
    assert "Verenko" in persons[0].aliases


# -- unnamed operations and phases ---------------------------------------------------------
def _places(doc: Doc, *names: str) -> list[tuple[int, int]]:
    text = [t.text for t in doc]
    out = []
    for name in names:
        words = name.split()
        for i in range(len(text) - len(words) + 1):
            if text[i:i + len(words)] == words:
                out.append((i, i + len(words)))
    return out


def test_unnamed_operation_by_place_and_aim():
    from kg.extract.mentions.operations import phrase_operations

    doc = make_doc("the army widened its ground operation in southern Varnia and a large offensive to seize "
                   "Kolo , then an offensive on Tarsa", pos={"ground": "NOUN", "southern": "ADJ", "large": "ADJ",
                                                            "its": "PRON", "seize": "VERB", "and": "CCONJ"})
    for t in doc:
        if t.text in ("ground", "large"):
            t.dep_ = "compound" if t.text == "ground" else "amod"
    labels = [c.label for c in phrase_operations(doc, _places(doc, "Varnia", "Kolo", "Tarsa"))]
    assert labels == ["ground operation in southern Varnia", "offensive to seize Kolo", "offensive on Tarsa"]


def test_apposition_to_an_operation_noun_is_left_alone():
    from kg.extract.mentions.operations import phrase_operations

    doc = make_doc("the final phase of the campaign , an offensive on Tarsa")
    assert phrase_operations(doc, _places(doc, "Tarsa")) == []


def test_operation_named_by_apposition():
    from kg.extract.mentions.operations import apposed_operations

    doc = make_doc("a source in Storm of Dawn , the KLF 's military operation , said",
                   pos={"military": "ADJ"})
    assert [c.label for c in apposed_operations(doc)] == ["Storm of Dawn"]
    doc = make_doc("the militia announced Spears of the West , an operation to clear Tarsk",
                   pos={"an": "DET"}, ents={"West": "LOC"})
    assert [c.label for c in apposed_operations(doc)] == ["Spears of the West"]
    doc = make_doc("a source in Thunder of Wrath , the army 's military operation , said", pos={"military": "ADJ"})
    assert [c.label for c in apposed_operations(doc)] == ["Thunder of Wrath"]


def test_phase_forms_share_one_entity_per_number():
    from kg.extract.mentions.operations import phases

    doc = make_doc("rebels began Part 2 of Operation Kestrel . The second phase spread to Kolo . "
                   "Phase~-~III of the operation ended")
    op = Cand(start=5, end=7, label="Operation Kestrel", type="Operation", prio=9)
    found = phases(doc, [op])
    labels = {c.label for c in found}
    assert labels == {"second phase of Operation Kestrel", "Phase-III of Operation Kestrel"}
    second = [c for c in found if c.label.startswith("second")]
    assert len(second) == 2
    assert "Part 2 of Operation Kestrel" in {c.alias for c in second}
    assert all(c.extra["parent"] == "Operation Kestrel" for c in found)


def test_phase_of_an_unnamed_operation_keeps_the_article():
    from kg.extract.mentions.operations import phases

    doc = make_doc("troops entered the third and final phase of its clearance operation in Kolo")
    op = Cand(start=9, end=13, label="clearance operation in Kolo", type="Operation", prio=7)
    (ph,) = phases(doc, [op])
    assert ph.label == "third and final phase of the clearance operation in Kolo"
    assert ph.alias == "third and final phase of its clearance operation in Kolo"


def test_this_phase_is_no_phase():
    from kg.extract.mentions.operations import phases

    doc = make_doc("Operation Kestrel went on ; during this phase and a new phase troops rested")
    assert phases(doc, [Cand(start=0, end=2, label="Operation Kestrel", type="Operation")]) == []


def test_operation_key_folds_place_phrase_order():
    from kg.extract.entities.coreference import key_of

    assert key_of("operation in Kolo", "Operation") == key_of("Kolo operation", "Operation")


@pytest.mark.model
def test_phase_participants_stay_with_the_phase(nlp):
    ex = run(nlp, "Army Ends Phase\n\nThe Varnian Army completed the first phase of Operation Iron Gate in the "
                  "Kolo valley on Monday. The offensive was launched last week by the 4th Brigade.")
    by = {e.key: e.label for e in ex.entities}
    rels = {(by[r.subject], r.predicate, by[r.object]) for r in ex.relations}
    assert ("first phase of Operation Iron Gate", "partOf", "Operation Iron Gate") in rels
    assert ("4th Brigade", "participatedIn", "Operation Iron Gate") in rels
    assert ("4th Brigade", "participatedIn", "first phase of Operation Iron Gate") not in rels


# -- geocoding held to the article's countries -------------------------------------------------
def test_geocoding_is_held_to_the_articles_countries():
    from kg.extract.entities.geocode import hold_to_countries
    from kg.model import Entity

    country = Entity("place:ethiopia", "Country", "Ethiopia")
    foreign = Entity("place:fano", "Settlement", "Fano", attributes={"lat": 43.8, "lon": 13.0, "geonames": "1"})
    local = Entity("place:mekelle", "Settlement", "Mekelle", attributes={"lat": 13.5, "lon": 39.5})
    hold_to_countries([country, foreign, local])
    assert "lat" not in foreign.attributes and "geonames" not in foreign.attributes
    assert foreign.type == "Place"  # the Italian town's class goes with its coordinates
    assert local.attributes["lat"] == 13.5


def test_geocoding_without_named_countries_is_unchanged():
    from kg.extract.entities.geocode import hold_to_countries
    from kg.model import Entity

    foreign = Entity("place:fano", "Settlement", "Fano", attributes={"lat": 43.8, "lon": 13.0})
    hold_to_countries([foreign])
    assert foreign.attributes["lat"] == 43.8


def test_role_before_a_name_is_no_apposition_of_the_name_before():
    from kg.extract.mentions.type_cues import person_cue

    doc = make_doc("sweeps across North Tarsa and Upper Kolo , military spokesman Colonel Ivo Marr said",
                   pos={"said": "VERB", "military": "ADJ"})
    assert not person_cue(doc, cand(doc, 5, 7, "?"))
    doc = make_doc("talks with Ivo Marr , the army spokesman , ended", pos={"ended": "VERB"})
    assert person_cue(doc, cand(doc, 2, 4, "?"))


def test_particle_joins_two_names_into_one_place():
    from kg.extract.mentions.boundaries import join_particles

    doc = make_doc("shot dead in Santa Rosa del Valle , also in Tarsa de Kolo and Tomas Kell de facto")
    cs = [cand(doc, 3, 5, "Place", prio=2), cand(doc, 6, 7, "?", prio=0), cand(doc, 10, 11, "Place"),
          cand(doc, 12, 13, "Place"), cand(doc, 14, 16, "Person", titled=True)]
    assert [(c.label, c.top) for c in join_particles(doc, cs)] == [
        ("Santa Rosa del Valle", "Place"), ("Tarsa de Kolo", "Place"), ("Tomas Kell", "Person")]
