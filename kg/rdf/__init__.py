"""From extractions to RDF: the ontology, entity identity, quads per article, SHACL validation.

    ontology.py    namespaces, classes and properties, IRIs (no rdflib, no pyoxigraph)
    axioms.py      the ontology's class and property hierarchy, kept in the store's ontology graph
    quads.py       Extraction -> quads of one named graph; serialisation
    validate.py    SHACL validation of a graph against ontology/shapes.ttl
  identity, in data-flow order:
    statements.py  names an article states for one entity, folded into it before keying
    identity.py    the identity key of each entity of one article
    evidence.py    what one article says about identity (kept with its graph)
    variants.py    systematic variants of one name (acronyms, transliterations, translations)
    clusters.py    which keys are one thing, from the evidence of all articles (a pure function)
    resolve.py     rewriting article graphs onto the clusters; the identity graph
    curation.py    curators' same/different decisions, kept as PROV-O
    quality.py     merge quality against hand-made expected clusters
"""
