"""From extractions to RDF: the ontology, entity identity, quads per article, SHACL validation.

    ontology.py   namespaces, classes and properties, IRIs (no rdflib, no pyoxigraph)
    identity.py   the identity name of an entity across articles
    quads.py      Extraction -> quads of one named graph; serialisation
    validate.py   SHACL validation of a graph against ontology/shapes.ttl
"""
