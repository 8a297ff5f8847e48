"""kg's vocabularies (kg.rdf.ontology's IRIs) as rdflib namespaces, for tests that read RDF with rdflib."""
from __future__ import annotations

from rdflib import Namespace

from kg.rdf import ontology as o

KGO, SEM, PROV, SCHEMA, GEO, DCTERMS, XSD, SKOS = (
    Namespace(iri) for iri in (o.KGO, o.SEM, o.PROV, o.SCHEMA, o.GEO, o.DCTERMS, o.XSD, o.SKOS))
