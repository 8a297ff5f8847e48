"""Helpers of the identity tests: the store as canonical N-Quads, nodes of a class, every ingest order."""
from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox

from kg.ingest import write_extractions
from kg.model import Extraction
from kg.rdf import ontology as o
from kg.store import Store, open_store

ID = o.BASE_IRI + "id/"
#: The campaign corpus: invented articles in the shared gold format, with the expected clusters.
CAMPAIGN = Path(__file__).parent / "fixtures" / "identity"


def canonical_quads(store: Store) -> list[str]:
    """The store as sorted N-Quads lines, without the ingest times (they differ between runs)."""
    return sorted(ox.serialize([q], format=ox.RdfFormat.N_QUADS).decode() for q in store.quads()
                  if q.predicate.value != o.PROV + "generatedAtTime")


def nodes(store: Store, cls: str) -> set[str]:
    """IRIs of the entities whose identity class is ``cls`` (Force, Place, ...)."""
    prefix = f"{ID}{cls.lower()}/"
    res = store.query(f"SELECT DISTINCT ?n WHERE {{ GRAPH ?g {{ ?n a ?c }} "
                      f"FILTER(STRSTARTS(STR(?n), \"{prefix}\") && !CONTAINS(STR(?n), \"#\")) }}")
    return {row[0].value for row in res.rows}


def graphs_in_every_order(exts: list[Extraction]) -> set[str]:
    """The distinct stores (canonical N-Quads) that writing ``exts`` gives: one by one in every
    order, and all in one write (where new graphs are mapped before the stored ones are fixed)."""
    batches = [[[ext] for ext in order] for order in itertools.permutations(exts)] + [[exts]]
    results = set()
    for batch in batches:
        st = open_store("memory")
        for part in batch:
            write_extractions(part, st)
        results.add("".join(canonical_quads(st)))
    return results
