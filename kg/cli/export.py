"""``kg export``: the store as RDF, or its graph projection for visualisation tools."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app


class ExportFormat(str, Enum):
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


RDF = {"ttl", "nt", "nq", "trig", "jsonld"}


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a folder for neo4j and --all).")],
    fmt: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: from the file suffix).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Write every format into the folder given by -o.")] = False,
    type_: Annotated[list[str] | None, typer.Option(
        "--type", "-t", help="Keep entities of these classes (repeatable; Force, Settlement, ...).")] = None,
    predicate: Annotated[list[str] | None, typer.Option(
        "--predicate", "-p", help="Keep relations with these predicates (repeatable).")] = None,
    since: Annotated[str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Only articles published on or before YYYY-MM-DD.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Only the neighbourhood of this entity.")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=1, help="Hops around --entity.")] = 1,
    title: Annotated[str, typer.Option(help="Title of the HTML page.")] = "kg knowledge graph",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Write the store as RDF, or its entity graph for Gephi, yEd, Cytoscape, Neo4j, maps or a browser.

    RDF (ttl, nt, nq, trig, jsonld) is the whole store: ttl and nt merge the articles into one
    graph; nq, trig and jsonld keep one named graph per article. Graph formats (graphml, gexf,
    cyjs, d3, dot, svg, png, geojson, neo4j, html) take the filters (--type, --predicate,
    --since/--until, --entity/--depth). svg and png need Graphviz's dot.

    \b
    Examples:
      kg export --format trig -o out/graph.trig
      kg export -o graph.html --type Force --type Operation
      kg export -o tarsk.gexf --entity Tarsk --depth 2
      kg export --all -o out
    """
    from kg.cli.graph import open_for_reading
    from kg.errors import ConfigError
    from kg.export import export_all, export_graph, format_for

    filtered = any((type_, predicate, since, until, entity))
    if all_:
        if fmt is not None:
            raise ConfigError("--all writes every format: drop --format")
        name = None
    else:
        name = fmt.value if fmt is not None else format_for(output)
        if name in RDF and filtered:
            raise ConfigError("filters apply to graph formats only; RDF exports are the whole store")

    with open_for_reading(store, update_url) as st:
        if name in RDF:
            from kg.export.rdf import write_rdf

            n = write_rdf(st, name, output)
            print(f"wrote {output} ({n} quads)")
            return
        from kg.graph.projection import project

        G = project(st, classes=type_, predicates=predicate, since=since, until=until)
        if entity:
            from kg.graph.lookup import find_entity
            from kg.graph.traverse import ego

            G = ego(G, find_entity(G, entity), depth=depth)
        if all_:
            for form, path, note in export_all(G, output, store=st, title=title):
                print(f"{form:8} {path if path else '-'}  ({note})")
            return
    if name == "html":
        from kg.export.html import write_html

        path = write_html(G, output, title=title)
    else:
        path = export_graph(G, name, output)
    print(f"wrote {path} ({G.number_of_nodes()} nodes, {G.number_of_edges()} edges)")
