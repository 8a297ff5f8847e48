"""Extractor rules on invented sentences (units, aliases, operations, incidents, relations)."""
from __future__ import annotations

import hashlib
import sys

from kg.model import Article, Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run
from tests.extraction import find, rel


def names(ex: Extraction, top: str) -> set[str]:
    out = set()
    for e in ex.entities:
        if top_class(e.type) == top:
            out.add(normalise(e.label))
            out.update(normalise(a) for a in e.aliases)
    return out


def test_import_does_not_load_spacy():
    import subprocess

    code = "import sys, kg.extract; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_coordinated_units_are_split_and_part_of_owner(nlp):
    ex = run(nlp, "Kharkiv Raid Ends\n\nThe Ukrainian Army's 92nd, 93rd and 95th brigades pushed east "
                  "on Monday, officials said.")
    forces = names(ex, "Force")
    assert {"92nd brigade", "93rd brigade", "95th brigade"} <= forces
    for unit in ("92nd Brigade", "93rd Brigade", "95th Brigade"):
        assert rel(ex, unit, "partOf", "Ukrainian Army")


def test_numbered_list_with_qualifiers_and_made_up_of(nlp):
    ex = run(nlp, "Sahel Sweep\n\nTroops of the 31 Mechanised Brigade, which consists of the 7, 8 and 9 "
                  "Motorised Battalions, overran rebel camps near Gao.")
    assert {"7 motorised battalion", "8 motorised battalion", "9 motorised battalion"} <= names(ex, "Force")
    assert rel(ex, "8 Motorised Battalion", "partOf", "31 Mechanised Brigade")


def test_acronym_and_spelling_variant_aliases(nlp):
    ex = run(nlp, "Yemen Front\n\nThe Southern Resistance Forces (SRF) advanced on Zinjibar. Later the SRF "
                  "said Commander Omar al-Hakimi, also spelt al-Hakeemi, had been wounded near Zinjibar.")
    srf = find(ex, "Southern Resistance Forces")
    assert "SRF" in srf.aliases
    assert top_class(srf.type) == "Force"


def test_surname_is_an_alias_of_the_person(nlp):
    ex = run(nlp, "Herat Talks\n\nGovernor Walid Rahmani of Herat province met elders on Sunday. Rahmani "
                  "said the road to Herat was open.")
    person = find(ex, "Walid Rahmani")
    assert person.type == "Person"
    assert "Rahmani" in person.aliases


def test_place_with_admin_word_merges_with_bare_name(nlp):
    ex = run(nlp, "Idlib Clashes\n\nFighting spread across Idlib province on Friday. Residents of Idlib "
                  "said shelling continued.")
    place = find(ex, "Idlib province")
    assert "idlib" in {normalise(a) for a in place.aliases} | {normalise(place.label)}
    assert len([e for e in ex.entities if top_class(e.type) == "Place" and "idlib" in normalise(e.label)]) == 1


def test_named_operation_and_numbered_phase(nlp):
    ex = run(nlp, "Desert Lion\n\nThe army launched Operation Desert Lion in Tessalit on Monday. A new phase, "
                  "named Desert Lion II, followed under Operation Desert Lion.")
    ops = names(ex, "Operation")
    assert "operation desert lion" in ops and "desert lion" in ops
    assert rel(ex, "Operation Desert Lion", "tookPlaceIn", "Tessalit")


def test_ordinal_phase_is_part_of_its_operation(nlp):
    ex = run(nlp, "Kunar Push\n\nThe second phase of Operation Mountain Shield began in Kunar province, "
                  "where Taliban fighters remain active.")
    phase = next(e for e in ex.entities if e.type == "Phase")
    assert rel(ex, phase.label, "partOf", "Operation Mountain Shield")


def test_quoted_operation_name(nlp):
    ex = run(nlp, "Tigray Campaign\n\nFederal troops began the 'Iron Gate' offensive near Mekelle on Friday.")
    assert "iron gate" in names(ex, "Operation")


def test_incident_fields(nlp):
    ex = run(nlp, "Ambush in Menaka\n\nOn Tuesday, Islamic State Sahel Province militants ambushed a patrol of "
                  "the Malian Armed Forces near Menaka, killing 12 soldiers and wounding 5 others.",
             published="2022-03-10")
    inc = [e for e in ex.entities if top_class(e.type) == "Incident"]
    assert inc, "no incident"
    i = inc[0]
    assert i.attributes.get("killed") == 12
    assert i.attributes.get("wounded") == 5
    assert rel(ex, i.label, "tookPlaceIn", "Menaka")
    assert any(r.predicate == "targeted" and r.subject == i.key for r in ex.relations)


def test_participation_active_and_passive(nlp):
    ex = run(nlp, "Hodeidah Operation\n\nThe Giants Brigades launched the Hodeidah operation in Hodeidah province on Monday. "
                  "The operation was supported by the Tihama Resistance Forces.")
    op = find(ex, "Hodeidah operation")
    assert op.type in ("Operation", "Phase")
    assert rel(ex, "Giants Brigades", "participatedIn", "Hodeidah operation")
    assert rel(ex, "Hodeidah operation", "tookPlaceIn", "Hodeidah province")


def test_affiliation_patterns(nlp):
    ex = run(nlp, "Mali Briefing\n\nMalian Armed Forces spokesman Souleymane Dembele said the convoy was safe. "
                  "The mayor of Gao, Aminata Traore, urged calm.")
    assert rel(ex, "Souleymane Dembele", "affiliatedWith", "Malian Armed Forces")
    assert rel(ex, "Aminata Traore", "affiliatedWith", "Gao")
    assert find(ex, "Souleymane Dembele").attributes.get("role") == "spokesman"


def test_dateline_and_stated_containment(nlp):
    ex = run(nlp, "Border Post Hit\n\nKANDAHAR, Afghanistan, June 3 — Gunmen attacked a checkpoint in Spin "
                  "Boldak district of Kandahar province on Sunday.")
    assert rel(ex, "Kandahar", "locatedIn", "Afghanistan")
    assert rel(ex, "Spin Boldak district", "locatedIn", "Kandahar province")


def test_evidence_offsets_point_at_the_sentence(nlp):
    text = ("Valley Push\n\nThe 9th Brigade took part in Operation Green Valley in Tal Abyad on Monday. "
            "Officials in Raqqa said so.")
    ex = run(nlp, text)
    assert ex.relations
    for r in ex.relations:
        assert text[r.evidence.start:r.evidence.end] == r.evidence.sentence
        assert 0.0 <= r.confidence <= 1.0


def test_extract_many_streams_in_order(nlp):
    from kg.extract import extract_many

    texts = ["One\n\nThe 2nd Brigade entered Bakhmut.", "Two\n\nTroops of the 3rd Division entered Kupiansk."]
    arts = [Article(id=hashlib.sha256(t.encode()).hexdigest(), text=t) for t in texts]
    out = list(extract_many(arts, nlp=nlp, batch_size=1))
    assert [o.article.text for o in out] == texts
    assert "2nd brigade" in names(out[0], "Force")
    assert "3rd division" in names(out[1], "Force")


def test_relative_date_resolved_against_published(nlp):
    ex = run(nlp, "Ambush Report\n\nGunmen ambushed a convoy of the Chadian Army near Bol on Tuesday, "
                  "killing four soldiers.", published="2022-03-10")
    inc = [e for e in ex.entities if top_class(e.type) == "Incident"]
    assert inc and inc[0].attributes.get("date") == "2022-03-08"
    assert inc[0].attributes.get("killed") == 4
