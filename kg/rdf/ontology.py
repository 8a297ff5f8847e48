"""Vocabulary constants and IRI minting. Light: imports only the standard library.

The authoritative ontology is ``ontology/kg.ttl``; this module mirrors the class and
property names the code emits (a test checks both agree).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

BASE_IRI = "https://w3id.org/kg/"
KGO = BASE_IRI + "ontology#"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
GEO = "http://www.opengis.net/ont/geosparql#"
OWL = "http://www.w3.org/2002/07/owl#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
TIME = "http://www.w3.org/2006/time#"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES: dict[str, str] = {
    "kgo": KGO, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "prov": PROV,
    "schema": SCHEMA, "geo": GEO, "owl": OWL, "sem": SEM, "time": TIME, "dcterms": DCTERMS,
}

#: The contract's classes.
TOP_CLASSES = ("Force", "Place", "Operation", "Incident", "Person")

#: Every class kg emits, mapped to its contract class.
CLASSES: dict[str, str] = {
    "Force": "Force",
    "MilitaryUnit": "Force",
    "PoliceForce": "Force",
    "Paramilitary": "Force",
    "ArmedGroup": "Force",
    "Coalition": "Force",
    "Place": "Place",
    "Country": "Place",
    "Province": "Place",
    "District": "Place",
    "Settlement": "Place",
    "Area": "Place",
    "Operation": "Operation",
    "Phase": "Operation",
    "Incident": "Incident",
    "Attack": "Incident",
    "Ambush": "Incident",
    "Raid": "Incident",
    "Bombing": "Incident",
    "Airstrike": "Incident",
    "Clash": "Incident",
    "Assassination": "Incident",
    "Person": "Person",
}

#: The contract's relations: name -> (domain classes, range classes).
PROPERTIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "participatedIn": (("Force",), ("Operation",)),
    "targets": (("Operation",), ("Force",)),
    "tookPlaceIn": (("Operation", "Incident"), ("Place",)),
    "locatedIn": (("Place",), ("Place",)),
    "threatenedBy": (("Place",), ("Force",)),
    "perpetratedBy": (("Incident",), ("Force",)),
    "targeted": (("Incident",), ("Force", "Person")),
    "affiliatedWith": (("Person",), ("Force", "Place")),
    "partOf": (("Operation", "Force"), ("Operation", "Force")),
}


def top_class(cls: str) -> str:
    """Return the contract class of ``cls`` (``"MilitaryUnit"`` -> ``"Force"``)."""
    return CLASSES.get(cls, cls)


@functools.lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """Fold a name for matching and IRIs: accents, case, punctuation, a leading "the" (cached:
    extraction folds the same names many times).

    >>> normalise("The Qala’at  Ridge")
    'qalaat ridge'
    """
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    s = s.lower().replace("'", "").replace("`", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def slug(name: str) -> str:
    """An IRI-safe, readable slug of ``name``; never empty.

    >>> slug("10th Brigade")
    '10th-brigade'
    """
    s = normalise(name).replace(" ", "-")[:80].strip("-")
    if not s:  # names of non-Latin script fold to nothing: keep them distinct by hash
        import hashlib

        s = "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return s


def entity_iri(cls: str, name: str, *, base: str = BASE_IRI) -> str:
    """Deterministic IRI of an entity from its contract class and normalised name."""
    return f"{base}id/{top_class(cls).lower()}/{slug(name)}"


def article_iri(article_id: str, *, base: str = BASE_IRI) -> str:
    """IRI of an article, also the name of the graph holding its facts."""
    return f"{base}article/{article_id[:32]}"


#: Named graphs kg keeps beside the article graphs: curators' decisions and identity statements.
CURATION_GRAPH = "curations"
IDENTITY_GRAPH = "identity"


def graph_iri(name: str, *, base: str = BASE_IRI) -> str:
    """IRI of one of kg's own named graphs (``CURATION_GRAPH``, ``IDENTITY_GRAPH``)."""
    return f"{base}graph/{name}"


def ontology_dir() -> Path:
    """The folder holding the ontology and SHACL shapes (packaged with kg)."""
    here = Path(__file__).resolve().parent
    for cand in (here / "ontology", here.parents[1] / "ontology"):
        if (cand / "kg.ttl").exists():
            return cand
    return here.parents[1] / "ontology"
