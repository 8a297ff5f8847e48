"""Reading an extraction the way an analyst reads the graph: by names, not keys.

Shared by the rule tests on invented sentences (tests/test_extract_*.py). Names are compared
normalised (``kg.rdf.ontology.normalise``), so "Operation Iron Gate" and "operation iron gate"
are the same name; an entity is found by its label or any alias.
"""
from __future__ import annotations

from collections.abc import Iterable

from kg.model import Entity, Extraction
from kg.rdf.ontology import normalise, top_class


def find(ex: Extraction, name: str) -> Entity:
    """The first entity called ``name`` (label or alias); fails the test when there is none."""
    n = normalise(name)
    hits = [e for e in ex.entities if n in {normalise(x) for x in (e.label, *e.aliases)}]
    assert hits, f"{name!r} not among {[e.label for e in ex.entities]}"
    return hits[0]


def rel(ex: Extraction, s: str, p: str, o: str) -> bool:
    """Whether the entities named ``s`` and ``o`` (both must exist) are linked by property ``p``."""
    sk, ok = find(ex, s).key, find(ex, o).key
    return any(r.subject == sk and r.predicate == p and r.object == ok for r in ex.relations)


def typed(ex: Extraction) -> dict[str, str]:
    """Every name (label or alias, normalised) -> contract class of its entity."""
    return {normalise(n): top_class(e.type) for e in ex.entities for n in (e.label, *e.aliases)}


def labels(ex: Extraction, top: str) -> set[str]:
    """Normalised labels of the entities of contract class ``top``."""
    return {normalise(e.label) for e in ex.entities if top_class(e.type) == top}


def incidents(ex: Extraction) -> list[Entity]:
    """The incidents, in extraction order."""
    return [e for e in ex.entities if top_class(e.type) == "Incident"]


def roles(ex: Extraction, subject: Entity, pred: str) -> set[str]:
    """Normalised labels of what ``subject`` points to through ``pred``."""
    names = {e.key: normalise(e.label) for e in ex.entities}
    return {names[r.object] for r in ex.relations if r.subject == subject.key and r.predicate == pred}


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    """(subject, property, object) by normalised label."""
    names = {e.key: normalise(e.label) for e in ex.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations}


def check_relations(ex: Extraction, holds: Iterable[tuple[str, str, str]] = (),
                    fails: Iterable[tuple[str, str, str]] = ()) -> None:
    """Assert that each (s, p, o) of ``holds`` is in ``ex`` and none of ``fails`` is."""
    for s, p, o in holds:
        assert rel(ex, s, p, o), (s, p, o)
    for s, p, o in fails:
        assert not rel(ex, s, p, o), (s, p, o)


def check_classes(ex: Extraction, classes: dict[str, str], absent: Iterable[str] = ()) -> None:
    """Assert that each name of ``classes`` has that contract class and no name of ``absent`` is an entity."""
    t = typed(ex)
    for name, cls in classes.items():
        assert t.get(normalise(name)) == cls, (name, t)
    for name in absent:
        assert normalise(name) not in t, (name, t)
