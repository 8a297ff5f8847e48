"""Graph commands: neighbors, path, central, subgraph, components, timeline.

Commands about one entity read its neighbourhood through SPARQL (:mod:`kg.graph.local`);
whole-graph commands read the projected graph (cached per store state). They print a
table, CSV, TSV, or JSON with ``--format json``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import (
    DepthOpt, PredicateOpt, RowFormat, RowFormatOpt, StoreOpt, TopOpt, TypeOpt, UpdateUrlOpt, app,
)
from kg.cli.output import emit, print_json
from kg.cli.settings import settings


def open_for_reading(store: str | None, update_url: str | None) -> Any:
    """Open the store read-only (never created; a running ingest does not block reading)."""
    return settings(store=store, update_url=update_url).open_store("r")


def _graph(store: str | None, update_url: str | None) -> Any:
    from kg.graph.projection import project

    with open_for_reading(store, update_url) as st:
        return project(st)


def _join(values: list[Any] | None) -> str:
    return ", ".join(str(v) for v in values or [])


@app.command()
def neighbors(
    entity: Annotated[str, typer.Argument(help="Name, alias or IRI of the entity.")],
    depth: DepthOpt = 1,
    predicate: PredicateOpt = None,
    type_: TypeOpt = None,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Entities related to ENTITY, nearest first (relations followed both ways).

    \b
    Examples:
      kg neighbors "Islamic State"
      kg neighbors "Operation Hadin Kai" --depth 2 --type Place --format json
    """
    from kg.cli.quick import neighbors as run

    run(entity, depth, predicate, type_, fmt.value, store, update_url)


def _print_paths(paths: list[list[dict[str, Any]]]) -> None:
    for i, path in enumerate(paths, 1):
        print(f"path {i} ({len(path)} hops)" if len(paths) > 1 else f"{len(path)} hops")
        for hop in path:
            rel = f"-[{hop['predicate']}]->" if hop["direction"] == "->" else f"<-[{hop['predicate']}]-"
            extra = f"  (also: {', '.join(hop['other_predicates'])})" if hop["other_predicates"] else ""
            print(f"  {hop['from_label']} {rel} {hop['to_label']}{extra}")
            for ev in hop["evidence"][:2]:
                article = ev["article"].rsplit("/", 1)[-1][:12]
                print(f"      \"{' '.join(ev['sentence'].split())}\" [{article}, {ev['confidence']:.2f}]")
        if i < len(paths):
            print()


@app.command()
def path(
    source: Annotated[str, typer.Argument(help="Start entity (name, alias or IRI).")],
    target: Annotated[str, typer.Argument(help="End entity.")],
    all_: Annotated[bool, typer.Option("--all", "-a", help="Every shortest path, not just one.")] = False,
    max_length: Annotated[int | None, typer.Option("--max-length", min=1, help="Longest path accepted.")] = None,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """How two entities are connected: each hop's relation, its direction and evidence.

    Exit code 1 when there is no path (within --max-length).

    \b
    Examples:
      kg path "Malian Armed Forces" Talataye
      kg path "Popular Mobilization Forces" "Tal Abta" --all --max-length 4 --format json

    The search reads the store hop by hop from both ends and stops after --max-length
    hops (default 8).
    """
    from kg.graph.local import DEFAULT_MAX_PATH, shortest_paths
    from kg.graph.lookup import find_entity

    with open_for_reading(store, update_url) as st:
        a, b = find_entity(st, source), find_entity(st, target)
        paths, G, exhausted = shortest_paths(st, a, b, all_paths=all_, max_length=max_length)
    if fmt is RowFormat.json:
        print_json({"source": a, "target": b, "paths": paths})
    elif fmt is RowFormat.table:
        _print_paths(paths)
    else:
        emit(["path", "hop", "from", "relation", "direction", "to"],
             [[i, j, hop["from_label"], hop["predicate"], hop["direction"], hop["to_label"]]
              for i, p in enumerate(paths, 1) for j, hop in enumerate(p, 1)], fmt)
    if not paths:
        within = "" if exhausted else f" within {max_length or DEFAULT_MAX_PATH} hops"
        print(f"no path between {G.nodes[a]['label']} and {G.nodes[b]['label']}{within}", file=sys.stderr)
        raise typer.Exit(1)


@app.command()
def central(
    type_: TypeOpt = None,
    metric: Annotated[str, typer.Option("--metric", help="degree, betweenness or pagerank.")] = "degree",
    top: TopOpt = 10,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """The most central entities (undirected graph; relations weighted by articles).

    \b
    Examples:
      kg central --type Force --top 5
      kg central --metric pagerank --format json
    """
    from kg.graph.whole import centrality

    with open_for_reading(store, update_url) as st:
        rows = centrality(st, metric=metric, type=type_, top=top)
    if fmt is RowFormat.json:
        print_json(rows)
        return
    emit(["rank", "entity", "type", metric, "neighbours", "articles"],
         [[i, r["label"], r["type"], f"{r['score']:.4g}", r["degree"], r["articles"]] for i, r in enumerate(rows, 1)],
         fmt)


@app.command()
def subgraph(
    entity: Annotated[str, typer.Argument(help="Centre entity (name, alias or IRI).")],
    depth: DepthOpt = 1,
    predicate: PredicateOpt = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="PATH",
        help="Write the subgraph to this file, in the format its suffix names (.graphml, .gexf, .html, ...).")] = None,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Everything within --depth hops of ENTITY: printed as relations, or exported with -o.

    For a format the suffix does not name, use kg export --entity ENTITY --depth N --format F.

    \b
    Examples:
      kg subgraph "Operation Southern Shield" --depth 2
      kg subgraph Kapigdou --depth 2 -o kapigdou.html
    """
    from kg.graph.local import neighbourhood
    from kg.graph.lookup import find_entity
    from kg.graph.traverse import ego

    with open_for_reading(store, update_url) as st:
        node = find_entity(st, entity)
        G = neighbourhood(st, node, depth=depth, predicate=predicate, evidence=True, closed=True)
    sub = ego(G, node, depth=depth, predicate=predicate)
    if output is not None:
        from kg.export import export_graph, format_for

        name = format_for(output)
        written = export_graph(sub, name, output)
        print(f"wrote {written} ({sub.number_of_nodes()} nodes, {sub.number_of_edges()} edges)")
        return
    if fmt is RowFormat.json:
        from kg.export.d3 import to_node_link

        print_json(to_node_link(sub))
        return
    emit(["subject", "relation", "object", "articles"],
         [[sub.nodes[s]["label"], k, sub.nodes[t]["label"], d.get("weight", 1)]
          for s, t, k, d in sub.edges(keys=True, data=True)], fmt)


@app.command()
def components(
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Connected parts of the graph, largest first, with their best-connected members.

    \b
    Examples:
      kg components
      kg components --format json
    """
    from kg.graph.whole import components as run

    with open_for_reading(store, update_url) as st:
        rows = run(st)
    if fmt is RowFormat.json:
        print_json(rows)
        return
    emit(["#", "entities", "relations", "classes", "members"],
         [[r["component"], r["size"], r["edges"], _join(f"{k} {v}" for k, v in r["classes"].items()),
           _join(r["members"])] for r in rows], fmt)


@app.command()
def timeline(
    entity: Annotated[str | None, typer.Argument(help="Only events involving this entity.")] = None,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Operations and incidents in date order (event date, else first report).

    \b
    Examples:
      kg timeline
      kg timeline "Nineveh Governorate" --format json
    """
    from kg.graph.local import event_graph
    from kg.graph.lookup import find_entity
    from kg.graph.traverse import timeline as run

    if entity:
        with open_for_reading(store, update_url) as st:
            node = find_entity(st, entity)
            G = event_graph(st, node)
    else:
        G, node = _graph(store, update_url), None
    rows = run(G, node)
    if fmt is RowFormat.json:
        print_json(rows)
        return
    emit(["date", "event", "type", "where", "who", "against", "killed"],
         [[r["date"] or "?", r["label"], r["type"], _join(r["places"]), _join(r["actors"]), _join(r["targets"]),
           "" if r["killed"] is None else r["killed"]] for r in rows], fmt)
