"""``kg export``: the store as RDF, or its graph projection for visualisation tools."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import (
    DepthOpt, EntityOpt, ExportFormatOpt, PredicatesOpt, SinceOpt, StoreOpt, TypesOpt, UntilOpt, UpdateUrlOpt, app,
)
from kg.cli.output import is_stdout, stdout_path


@app.command()
def export(
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="PATH",
        help="File to write; - for standard output (with --format); a folder for neo4j and --all.")],
    fmt: ExportFormatOpt = None,
    all_: Annotated[bool, typer.Option("--all", "-a", help="Write every format into the folder given by -o.")] = False,
    type_: TypesOpt = None,
    predicate: PredicatesOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    entity: EntityOpt = None,
    depth: DepthOpt = 1,
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
      kg export -o hadin-kai.gexf --entity "Operation Hadin Kai" --depth 2
      kg export --format nt -o - | head -3
      kg export --all -o out
    """
    from kg.cli.graph import open_for_reading
    from kg.errors import ConfigError
    from kg.export import export_store, format_for

    if all_:
        if fmt is not None:
            raise ConfigError("--all writes every format: drop --format")
        if is_stdout(output):
            raise ConfigError("--all writes a folder: give one with -o, not -")
        name = None
    else:
        if is_stdout(output) and fmt is None:
            raise ConfigError("-o - (standard output) needs --format")
        name = fmt.value if fmt is not None else format_for(output)
        if name == "neo4j" and is_stdout(output):
            raise ConfigError("neo4j writes a folder of CSV files: give one with -o, not -")
    if name in ("nq", "nt"):
        from kg.store import use_one_malloc_arena

        use_one_malloc_arena()  # before the store opens its first threads: memory stays flat
    options = {"classes": type_, "predicates": predicate, "since": since, "until": until, "entity": entity,
               "depth": depth, "title": title}
    with open_for_reading(store, update_url) as st:
        if is_stdout(output):
            with stdout_path(f".{name}") as tmp:
                export_store(st, name, tmp, **options)
            return
        written = export_store(st, name, output, **options)
    if all_:
        for form, path, note in written:
            print(f"{form:8} {path if path else '-'}  ({note})")
    else:
        for _form, path, note in written:
            print(f"wrote {path} ({note})")
