"""Entity recognition, typing and in-article resolution on invented sentences."""
from __future__ import annotations

from kg.model import Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run


def typed(ex: Extraction) -> dict[str, str]:
    """Every name (label or alias, normalised) -> contract class of its entity."""
    out = {}
    for e in ex.entities:
        for n in (e.label, *e.aliases):
            out[normalise(n)] = top_class(e.type)
    return out


def entity(ex: Extraction, name: str):
    n = normalise(name)
    hits = [e for e in ex.entities if n in {normalise(x) for x in (e.label, *e.aliases)}]
    assert hits, f"{name!r} not among {[e.label for e in ex.entities]}"
    return hits[0]


def test_village_list_members_are_places(nlp):
    ex = run(nlp, "Troops Push North\n\nSoldiers cleared the villages of Tumbalo, Kassim Dari, Worogo, "
                  "Bele Yusuf, Fantami and Garin Musa in Tillaberi region on Sunday, the army said.")
    t = typed(ex)
    for v in ("Tumbalo", "Kassim Dari", "Worogo", "Bele Yusuf", "Fantami", "Garin Musa"):
        assert t.get(normalise(v)) == "Place", (v, t)


def test_place_typed_once_is_a_place_everywhere(nlp):
    ex = run(nlp, "Army Retakes Town\n\nFighting was reported near Kassim Dari on Monday. By Tuesday "
                  "Kassim Dari had been retaken by the 12th Brigade, officials said.")
    assert top_class(entity(ex, "Kassim Dari").type) == "Place"
    assert len([e for e in ex.entities if normalise(e.label) == "kassim dari"]) == 1


def test_apposition_with_place_noun_makes_a_place(nlp):
    ex = run(nlp, "Rebels Withdraw\n\nRebels left Sabon Birni, a farming village in Gaya district, "
                  "after two days of fighting.")
    assert top_class(entity(ex, "Sabon Birni").type) == "Place"


def test_person_cues_beat_place_guesses(nlp):
    ex = run(nlp, "Raid Near Gao\n\nAccording to Idris Kamara, head of the Gao Operations Command, the "
                  "raid killed a rebel commander named Musa Tanko near Gao.")
    t = typed(ex)
    assert t.get("idris kamara") == "Person"
    assert t.get("musa tanko") == "Person"
    assert t.get("gao") == "Place"


def test_surname_follows_its_full_name(nlp):
    ex = run(nlp, "Minister Visits Front\n\nDefence Minister Oumar Traore visited Mopti on Friday. "
                  "On Saturday, Traore said the 4th Battalion would stay.")
    e = entity(ex, "Oumar Traore")
    assert top_class(e.type) == "Person"
    assert "Traore" in e.aliases
    assert "minister visits front" not in typed(ex)


def test_modifier_countries_and_media_are_not_entities(nlp):
    ex = run(nlp, "Strikes Hit Camp\n\nUS air strikes hit a militant camp near Kidal, and African Union "
                  "troops moved in, the official news agency MAPA reported.")
    t = typed(ex)
    assert "us" not in t
    assert "african union" not in t
    assert "mapa" not in t
    assert t.get("kidal") == "Place"


def test_title_case_headline_fragments_are_dropped(nlp):
    ex = run(nlp, "Militant Attacks Continue to Empty Villages Across Mali\n\nGunmen attacked two villages "
                  "in Mali's Mopti region on Saturday, residents said.")
    t = typed(ex)
    assert "continue" not in t and "empty villages" not in t
    assert t.get("mali") == "Place"


def test_spelling_variants_join_one_place(nlp):
    ex = run(nlp, "Town Retaken\n\nFighting was reported in Gurdumo Yare on Sunday. Gurdumo Yare, also spelt "
                  "Gurdhumo Yare or Gurdumo Yarey, lies east of Kismayo.")
    e = entity(ex, "Gurdumo Yare")
    assert e.label == "Gurdumo Yare"
    assert top_class(e.type) == "Place"
    assert {"gurdhumo yare", "gurdumo yarey"} <= {normalise(a) for a in e.aliases}


def test_unnamed_operations_from_the_texts_phrase(nlp):
    ex = run(nlp, "Sahel Update\n\nThe militia had launched a broad security operation on three fronts in "
                  "the Aïr mountains. The Tessalit clearance operation followed the army's recent "
                  "recapture of Anefis.")
    t = typed(ex)
    assert t.get("security operation on three fronts") == "Operation"
    assert t.get("tessalit clearance operation") == "Operation"
    assert t.get("recapture of anefis") == "Operation"
    assert t.get("tessalit") == "Place"


def test_quoted_lowercase_phase_names_its_operation(nlp):
    ex = run(nlp, 'Sweep Goes On\n\nThe Kandahar Operations Command began "the third phase of the Arghandab '
                  'valley inspection", the ministry said.')
    t = typed(ex)
    assert t.get("arghandab valley inspection") == "Operation"
    assert "third phase of the arghandab valley inspection" in t


def test_contingent_and_command_of_area_are_forces(nlp):
    ex = run(nlp, "Mission Update\n\nBrig. Paul Ndahiro, who commands UNMISS's Rwanda Contingent, met the "
                  "Operations Command of south Kandahar and Helmand on Monday.")
    t = typed(ex)
    assert t.get("rwanda contingent") == "Force"
    assert t.get("operations command of south kandahar and helmand") == "Force"
    assert t.get("paul ndahiro") == "Person"
    assert "brig" not in t


def test_acronym_inside_compound_word():
    from kg.extract.entities.coreference import is_acronym_of

    assert is_acronym_of("JHQ", "Joint Headquarters")
    assert is_acronym_of("UNMISS", "United Nations Mission in South Sudan")
    assert not is_acronym_of("JHQ", "Jungle Hawks")


def test_place_list_split_and_title_trimmed(nlp):
    ex = run(nlp, "Flooding And Fighting\n\nRebels still operate across rural parts of Kassala, Gedaref, "
                  "Sennar and Blue Nile, where Kassala Governor Ahmed Idris toured camps.")
    t = typed(ex)
    for p in ("Kassala", "Gedaref", "Sennar"):
        assert t.get(normalise(p)) == "Place", (p, t)
    assert "kassala governor" not in t and "kassala gedaref" not in t
