"""The Python API: ``kg.__all__`` resolves, ``import kg`` stays light, the verbs keep their names
beside same-named sub-packages, and results become typed DataFrames."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import kg
from kg.errors import NotAStore, QueryError

from .conftest import EXAMPLES, ROOT
from .conftest import kg as run_kg

VERBS = ("open", "ingest", "extract", "query", "project")


def test_every_public_name_resolves():
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(VERBS) <= set(kg.__all__)


def test_import_kg_loads_nothing_heavy():
    out = subprocess.run([sys.executable, "-c", "import kg, sys; kg.query; kg.open; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert "pyoxigraph" not in out and "spacy" not in out and "pandas" not in out


def test_verbs_survive_importing_their_sub_packages():
    code = """
import kg
import kg.query.sparql, kg.ingest
import kg.extract.gazetteer as gazetteer
from kg.query import stats
assert callable(kg.query) and callable(kg.extract) and callable(kg.ingest), (kg.query, kg.extract)
assert kg.query.sparql is sys.modules["kg.query.sparql"] and kg.extract.gazetteer is gazetteer
assert kg.ingest.IngestReport is sys.modules["kg.ingest"].IngestReport
print(kg.query("memory", "ASK { ?s ?p ?o }").boolean)
"""
    out = subprocess.run([sys.executable, "-c", "import sys\n" + code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout == "False\n", out.stderr


def test_verbs_show_their_own_help():
    import inspect

    assert "read-only SPARQL query" in (kg.query.__doc__ or "")
    assert list(inspect.signature(kg.query).parameters)[:2] == ["store", "sparql"]


def test_open_is_read_only_and_never_creates(tmp_path):
    with pytest.raises(NotAStore, match="no kg store at .*nothing-here"):
        kg.open(tmp_path / "nothing-here")
    assert not (tmp_path / "nothing-here").exists()


def test_types_of_dataframe_columns():
    with kg.open("memory") as graph:
        result = graph.query("""SELECT ?n ?x ?day ?at ?iri ?name ?flag WHERE { VALUES (?n ?x ?day ?at ?iri ?name ?flag) {
            (3 2.5 "2024-03-04"^^xsd:date "2024-03-04T10:00:00Z"^^xsd:dateTime <https://example.org/a> "Tarsk" true)
            (UNDEF 1.0e0 "2024-05-01"^^xsd:date "2024-05-01T08:30:00Z"^^xsd:dateTime <https://example.org/b> "Ostra"@en false)
        } }""")
    frame = result.df()
    assert list(frame.columns) == ["n", "x", "day", "at", "iri", "name", "flag"]
    assert str(frame["n"].dtype) == "Int64" and frame["n"].tolist()[0] == 3 and frame["n"].isna().tolist() == [False, True]
    assert frame["x"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(frame["day"]) and frame["day"][1] == pd.Timestamp("2024-05-01")
    assert pd.api.types.is_datetime64_any_dtype(frame["at"]) and str(frame["at"].dt.tz) == "UTC"
    assert pd.api.types.is_string_dtype(frame["iri"]) and frame["iri"].tolist() == ["https://example.org/a",
                                                                                     "https://example.org/b"]
    assert frame["name"].tolist() == ["Tarsk", "Ostra"]
    assert frame["flag"].dtype == bool
    assert next(iter(result)) == {"n": 3, "x": 2.5, "day": "2024-03-04", "at": "2024-03-04T10:00:00Z",
                                  "iri": "https://example.org/a", "name": "Tarsk", "flag": True}


def test_integer_column_without_gaps_is_int64():
    frame = kg.query("memory", "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }").df()
    assert frame["n"].dtype == "int64" and frame["n"].sum() == 6


def test_ask_and_construct_results_as_frames():
    assert kg.query("memory", "ASK { }").df()["boolean"].tolist() == [True]
    frame = kg.query("memory", "CONSTRUCT { <https://example.org/s> rdfs:label 'x' } WHERE { }").df()
    assert frame.to_dict("records") == [{"subject": "https://example.org/s",
                                         "predicate": "http://www.w3.org/2000/01/rdf-schema#label", "object": "x"}]


def test_a_bad_query_is_a_query_error():
    with pytest.raises(QueryError, match="invalid SPARQL at line 1, column 22"):
        kg.query("memory", "SELECT ?x WHERE { ?x ")


@pytest.mark.model
def test_the_example_store_in_a_notebook(example_store):
    with kg.open(example_store) as graph:
        frame = graph.query("""SELECT ?headline ?published (COUNT(DISTINCT ?e) AS ?entities) WHERE {
            GRAPH ?g { ?g schema:headline ?headline . OPTIONAL { ?g schema:datePublished ?published } ?e rdfs:label ?l } }
            GROUP BY ?headline ?published ORDER BY ?published""").df()
        G = graph.graph(classes=["Force", "Operation"])
    assert len(frame) == 7 and frame["entities"].dtype == "int64" and frame["entities"].min() > 0
    dated = frame["published"].dropna()
    assert pd.api.types.is_datetime64_any_dtype(frame["published"]) and len(dated) >= 2 and dated.is_monotonic_increasing
    assert G.number_of_nodes() > 0 and {d["top"] for _n, d in G.nodes(data=True)} <= {"Force", "Operation"}
    assert kg.project(example_store).number_of_nodes() >= G.number_of_nodes()


@pytest.mark.model
def test_ingest_runs_while_a_notebook_holds_the_store(tmp_path):
    store = tmp_path / "store"
    report = kg.ingest(EXAMPLES / "borno-convoy.txt", store)
    assert report.articles == 1
    with kg.open(store) as graph:  # read-only: no lock held
        before = len(graph)
        run_kg("ingest", EXAMPLES / "sahel-gao-patrol.txt", "--store", store, "-q", process=True)
        assert len(graph) == before  # a snapshot
    assert kg.query(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }").df()["n"][0] == 2


@pytest.mark.model
def test_extract_one_text():
    ext = kg.extract("Convoy attacked near Bama\n\nThe 7th Lion Battalion escorted a convoy near Bama on Monday.",
                     published="2024-04-15")
    assert ext.article.title == "Convoy attacked near Bama"
    assert any(e.label == "Bama" for e in ext.entities)
