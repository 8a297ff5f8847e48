"""Graph commands: neighbors, path, central, subgraph, components, timeline.

Commands about one entity read its neighbourhood through SPARQL (:mod:`kg.graph.local`);
whole-graph commands read the projected graph (cached per store state). They print a
table, or JSON with ``--format json``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app
from kg.cli.output import emit

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
DepthOpt = Annotated[int, typer.Option("--depth", "-d", min=1, help="Hops to follow.")]
PredicateOpt = Annotated[str | None, typer.Option("--predicate", "-p", help="Follow only this relation, e.g. partOf.")]
TypeOpt = Annotated[str | None, typer.Option("--type", "-t", help="Keep entities of this class, e.g. Force or Settlement.")]


def open_for_reading(store: str | None, update_url: str | None) -> Any:
    """Open the store read-only when it exists (so a running ingest does not block reading)."""
    from kg.errors import StoreError
    from kg.store import open_store

    try:
        return open_store(store, update_url=update_url, read_only=True)
    except StoreError:
        return open_store(store, update_url=update_url)


def _graph(store: str | None, update_url: str | None) -> Any:
    from kg.graph.projection import project

    with open_for_reading(store, update_url) as st:
        return project(st)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        from kg.errors import ConfigError

        raise ConfigError(f"unknown --format '{fmt}': choose table or json")


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _join(values: list[Any] | None) -> str:
    return ", ".join(str(v) for v in values or [])


@app.command()
def neighbors(
    entity: Annotated[str, typer.Argument(help="Name, alias or IRI of the entity.")],
    depth: DepthOpt = 1,
    predicate: PredicateOpt = None,
    type_: TypeOpt = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Entities related to ENTITY, nearest first (relations followed both ways).

    \b
    Examples:
      kg neighbors "Kestrel Brigade"
      kg neighbors Tarsk --depth 2 --type Force --format json
    """
    from kg.graph.local import neighbourhood
    from kg.graph.lookup import find_entity
    from kg.graph.traverse import neighbours

    _check_format(fmt)
    with open_for_reading(store, update_url) as st:
        node = find_entity(st, entity)
        G = neighbourhood(st, node, depth=depth, predicate=predicate, full=False)
    rows = neighbours(G, node, depth=depth, predicate=predicate, type=type_)
    if fmt == "json":
        _json({"entity": node, "label": G.nodes[node]["label"], "neighbors": rows})
        return
    arrow = {"out": "->", "in": "<-"}
    emit(["dist", "entity", "type", "relation", "via"],
         [[r["distance"], r["label"], r["type"], f"{arrow[r['direction']]} {r['predicate']}",
           G.nodes[r["via"]]["label"]] for r in rows])


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
    max_length: Annotated[int | None, typer.Option("--max-length", "-m", min=1, help="Longest path accepted.")] = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """How two entities are connected: each hop's relation, its direction and evidence.

    Exit code 1 when there is no path (within --max-length).

    \b
    Examples:
      kg path "Kestrel Brigade" Ostra
      kg path "Dara Venn" Tarsk --all --max-length 4 --format json

    The search reads the store hop by hop from both ends and stops after --max-length
    hops (default 8).
    """
    from kg.graph.local import DEFAULT_MAX_PATH, shortest_paths
    from kg.graph.lookup import find_entity

    _check_format(fmt)
    with open_for_reading(store, update_url) as st:
        a, b = find_entity(st, source), find_entity(st, target)
        paths, G, exhausted = shortest_paths(st, a, b, all_paths=all_, max_length=max_length)
    if fmt == "json":
        _json({"source": a, "target": b, "paths": paths})
    elif paths:
        _print_paths(paths)
    if not paths:
        within = "" if exhausted else f" within {max_length or DEFAULT_MAX_PATH} hops"
        print(f"no path between {G.nodes[a]['label']} and {G.nodes[b]['label']}{within}", file=sys.stderr)
        raise typer.Exit(1)


@app.command()
def central(
    type_: TypeOpt = None,
    metric: Annotated[str, typer.Option("--metric", "-m", help="degree, betweenness or pagerank.")] = "degree",
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="How many entities.")] = 10,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """The most central entities (undirected graph; relations weighted by articles).

    \b
    Examples:
      kg central --type Force --top 5
      kg central --metric pagerank --format json
    """
    from kg.graph.traverse import centrality

    _check_format(fmt)
    rows = centrality(_graph(store, update_url), metric=metric, type=type_, top=top)
    if fmt == "json":
        _json(rows)
        return
    emit(["rank", "entity", "type", metric, "neighbours", "articles"],
         [[i, r["label"], r["type"], f"{r['score']:.4g}", r["degree"], r["articles"]] for i, r in enumerate(rows, 1)])


@app.command()
def subgraph(
    entity: Annotated[str, typer.Argument(help="Centre entity (name, alias or IRI).")],
    depth: DepthOpt = 1,
    predicate: PredicateOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the subgraph to this file.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=(
        "table or json when printing; with -o a graph format (graphml, gexf, cyjs, d3, dot, svg, png, "
        "geojson, neo4j, html), else taken from the file suffix."))] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Everything within --depth hops of ENTITY: printed as relations, or exported with -o.

    \b
    Examples:
      kg subgraph "Red Hand Front" --depth 2
      kg subgraph Tarsk --depth 2 -o tarsk.html
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

        name = {"json": "d3", "table": None}.get(fmt or "", fmt) or format_for(output)
        written = export_graph(sub, name, output)
        print(f"wrote {written} ({sub.number_of_nodes()} nodes, {sub.number_of_edges()} edges)")
        return
    fmt = fmt or "table"
    _check_format(fmt)
    if fmt == "json":
        from kg.export.d3 import to_node_link

        _json(to_node_link(sub))
        return
    emit(["subject", "relation", "object", "articles"],
         [[sub.nodes[s]["label"], k, sub.nodes[t]["label"], d.get("weight", 1)]
          for s, t, k, d in sub.edges(keys=True, data=True)])


@app.command()
def components(
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Connected parts of the graph, largest first, with their best-connected members.

    \b
    Examples:
      kg components
      kg components --format json
    """
    from kg.graph.traverse import components as run

    _check_format(fmt)
    rows = run(_graph(store, update_url))
    if fmt == "json":
        _json(rows)
        return
    emit(["#", "entities", "relations", "classes", "members"],
         [[r["component"], r["size"], r["edges"], _join(f"{k} {v}" for k, v in r["classes"].items()),
           _join(r["members"])] for r in rows])


@app.command()
def timeline(
    entity: Annotated[str | None, typer.Argument(help="Only events involving this entity.")] = None,
    fmt: FormatOpt = "table",
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Operations and incidents in date order (event date, else first report).

    \b
    Examples:
      kg timeline
      kg timeline "Velmar Province" --format json
    """
    from kg.graph.local import event_graph
    from kg.graph.lookup import find_entity
    from kg.graph.traverse import timeline as run

    _check_format(fmt)
    if entity:
        with open_for_reading(store, update_url) as st:
            node = find_entity(st, entity)
            G = event_graph(st, node)
    else:
        G, node = _graph(store, update_url), None
    rows = run(G, node)
    if fmt == "json":
        _json(rows)
        return
    emit(["date", "event", "type", "where", "who", "against", "killed"],
         [[r["date"] or "?", r["label"], r["type"], _join(r["places"]), _join(r["actors"]), _join(r["targets"]),
           "" if r["killed"] is None else r["killed"]] for r in rows])
