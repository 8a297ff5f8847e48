"""Plain data types passed between the layers: no spaCy, rdflib or pyoxigraph here.

article -> :class:`Article`; extraction -> :class:`Extraction` holding :class:`Entity`
and :class:`Relation` (each relation carries its :class:`Evidence`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One input text and its metadata.

    ``id`` is the SHA-256 hex digest of the text, so the same text always maps to the same
    named graph whatever file it came from.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD"
    url: str | None = None
    source: str = ""  # where it was read from: a path, "path:line" for JSONL, or "<stdin>"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article text that names an entity (character offsets, end exclusive)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """An entity found in one article.

    ``key`` identifies it within the extraction; ``type`` is an ontology class local name
    (a contract class such as ``Force`` or one of its subclasses such as ``MilitaryUnit``).
    ``attributes`` holds typed extras: ``date``/``end_date`` (ISO), ``killed``/``wounded``
    (int), ``lat``/``lon`` (float), ``geonames``/``wikidata`` (ids), ``role`` (str),
    ``kind`` (incident kind).
    """

    key: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence and its character offsets in the article text."""

    sentence: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between two entities of the same extraction (by key)."""

    subject: str
    predicate: str  # ontology property local name, e.g. "participatedIn"
    object: str
    evidence: Evidence
    confidence: float = 0.5


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def entity(self, key: str) -> Entity:
        """Return the entity with ``key`` (raises ``KeyError`` when absent)."""
        for e in self.entities:
            if e.key == key:
                return e
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not ingested, and why (one line, for the user)."""

    source: str
    reason: str
