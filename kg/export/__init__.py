"""Graph exports: one module per format, each a pure ``to_*``/``generate_*`` core and a ``write_*``.

:data:`GRAPH_FORMATS` names every format of the projected graph; :func:`export_graph`
writes one, :func:`export_all` every format (RDF included) into a folder, and
:func:`export_store` does either from a store, with the projection's filters.

rdf.py        the store as N-Triples, N-Quads, Turtle, TriG or JSON-LD, streamed
graphml.py    GraphML (yEd, Gephi, Cytoscape, igraph)
gexf.py       GEXF 1.3 (Gephi), with time
cytoscape.py  Cytoscape.js JSON
d3.py         D3 node-link JSON
dot.py        Graphviz DOT, and SVG/PNG through the ``dot`` program
geojson.py    GeoJSON of the located places and the events at them
neo4j.py      CSV files for ``neo4j-admin database import``
html.py       a self-contained interactive page (vis-network, from vendor/ with its licence)
common.py     what every format shares: class colours, flat attributes, atomic writes
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.errors import ConfigError

#: format -> (file name used by ``--all``, description)
GRAPH_FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("graph.graphml", "GraphML for yEd, Gephi, Cytoscape, igraph"),
    "gexf": ("graph.gexf", "GEXF 1.3 for Gephi (colours by class, sizes by degree)"),
    "cyjs": ("graph.cyjs", "Cytoscape.js JSON (elements)"),
    "d3": ("graph.d3.json", "D3 node-link JSON"),
    "dot": ("graph.dot", "Graphviz DOT"),
    "svg": ("graph.svg", "SVG drawn by Graphviz dot"),
    "png": ("graph.png", "PNG drawn by Graphviz dot"),
    "geojson": ("places.geojson", "GeoJSON of located places and the events at them"),
    "neo4j": ("neo4j", "folder of CSV files for neo4j-admin database import"),
    "html": ("graph.html", "self-contained interactive HTML page"),
}
#: RDF formats of the whole store (not filtered) -> file name used by ``--all``.
RDF_FILES: dict[str, str] = {"ttl": "graph.ttl", "nt": "graph.nt", "nq": "graph.nq", "trig": "graph.trig",
                             "jsonld": "graph.jsonld"}
SUFFIXES: dict[str, str] = {
    ".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cyjs", ".json": "d3", ".dot": "dot", ".gv": "dot",
    ".svg": "svg", ".png": "png", ".geojson": "geojson", ".html": "html", ".htm": "html",
    ".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
}
#: ``export_all`` draws SVG/PNG only up to this many nodes (Graphviz layout is slow beyond).
RENDER_LIMIT = 1500


def format_for(path: str | Path) -> str:
    """The format named by a file's suffix.

    Raises:
        ConfigError: the suffix names no format.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    raise ConfigError(f"cannot tell the format of '{p.name}' from its suffix; pass --format")


def _writer(fmt: str) -> Callable[[Any, Path], Path]:
    if fmt == "graphml":
        from kg.export.graphml import write_graphml as w
    elif fmt == "gexf":
        from kg.export.gexf import write_gexf as w
    elif fmt == "cyjs":
        from kg.export.cytoscape import write_cytoscape as w
    elif fmt == "d3":
        from kg.export.d3 import write_node_link as w
    elif fmt == "dot":
        from kg.export.dot import write_dot as w
    elif fmt in ("svg", "png"):
        from kg.export.dot import write_rendered

        return lambda G, path: write_rendered(G, path, fmt)
    elif fmt == "geojson":
        from kg.export.geojson import write_geojson as w
    elif fmt == "neo4j":
        from kg.export.neo4j import write_neo4j as w
    elif fmt == "html":
        from kg.export.html import write_html as w
    else:
        raise ConfigError(f"unknown graph format '{fmt}'; choose one of {', '.join(GRAPH_FORMATS)}")
    return w


def export_graph(G: Any, fmt: str, path: str | Path) -> Path:
    """Write graph ``G`` in ``fmt`` to ``path`` (a folder for ``neo4j``).

    Raises:
        ConfigError: unknown format.
        ExportError: the file cannot be produced or written.
    """
    return _writer(fmt)(G, Path(path))


def export_all(G: Any, folder: str | Path, *, store: Any = None, title: str = "kg knowledge graph",
               render_limit: int = RENDER_LIMIT) -> list[tuple[str, Path | None, str]]:
    """Write every graph format of ``G`` (and the RDF of ``store``, when given) into ``folder``.

    Returns ``(format, path or None, note)`` per format; SVG/PNG are skipped, with a note,
    when Graphviz is missing or the graph has more than ``render_limit`` nodes.
    """
    from kg.export.dot import dot_program

    folder = Path(folder)
    done: list[tuple[str, Path | None, str]] = []
    if store is not None:
        from kg.export.rdf import write_rdf

        for fmt, name in RDF_FILES.items():
            n = write_rdf(store, fmt, folder / name)
            done.append((fmt, folder / name, f"{n} quads"))
    summary = f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    for fmt, (name, _desc) in GRAPH_FORMATS.items():
        if fmt in ("svg", "png"):
            if dot_program() is None:
                done.append((fmt, None, "skipped: Graphviz 'dot' is not installed"))
                continue
            if G.number_of_nodes() > render_limit:
                done.append((fmt, None, f"skipped: more than {render_limit} nodes (use --entity/--type)"))
                continue
        if fmt == "html":
            from kg.export.html import LARGE, write_html

            note = summary if G.number_of_nodes() <= 10 * LARGE else \
                f"{summary}; too many for a browser: filter with --type or --entity"
            done.append((fmt, write_html(G, folder / name, title=title), note))
        else:
            done.append((fmt, export_graph(G, fmt, folder / name), _note(G, fmt, summary)))
    return done


def export_store(store: Any, fmt: str | None, output: str | Path, *, classes: list[str] | None = None,
                 predicates: list[str] | None = None, since: str | None = None, until: str | None = None,
                 entity: str | None = None, depth: int = 1,
                 title: str = "kg knowledge graph") -> list[tuple[str, Path | None, str]]:
    """Write ``store`` in ``fmt`` to ``output``, or every format into folder ``output`` when ``fmt`` is None.

    RDF formats are the whole store; graph formats are the projection, filtered by
    ``classes``, ``predicates``, publication dates ``since``/``until`` (YYYY-MM-DD) and the
    ``depth``-hop neighbourhood of ``entity``. Returns ``(format, path or None, note)`` per file.

    Raises:
        ConfigError: filters given for an RDF format, an unknown format, class or entity.
        ExportError: a file cannot be produced or written.
    """
    output = Path(output)
    if fmt in RDF_FILES:
        if any((classes, predicates, since, until, entity)):
            raise ConfigError("filters apply to graph formats only; RDF exports are the whole store")
        from kg.export.rdf import write_rdf

        return [(fmt, output, f"{write_rdf(store, fmt, output)} quads")]
    from kg.graph.projection import project

    G = project(store, classes=classes, predicates=predicates, since=since, until=until)
    if entity:
        from kg.graph.lookup import find_entity
        from kg.graph.traverse import ego

        G = ego(G, find_entity(G, entity), depth=depth)
    if fmt is None:
        return export_all(G, output, store=store, title=title)
    if fmt == "html":
        from kg.export.html import write_html

        path = write_html(G, output, title=title)
    else:
        path = export_graph(G, fmt, output)
    return [(fmt, path, _note(G, fmt, f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"))]


def _note(G: Any, fmt: str, summary: str) -> str:
    """What to say about a written file: the map also says how many places it could not place."""
    if fmt != "geojson":
        return summary
    from kg.export.geojson import summary as placed

    return f"{summary}; {placed(G)}"
