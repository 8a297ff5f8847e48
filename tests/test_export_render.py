"""Exports opened by the programs they are for: Graphviz for DOT, headless Chromium for HTML."""
from __future__ import annotations

import json
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from kg.export import export_graph
from kg.export.common import CLASS_COLOURS, rgb
from kg.export.dot import render_dot, to_dot
from kg.export.html import page_data, to_html
from tests import graph_data as gd
from tests.conftest import require_program

BACKGROUND = (0xFB, 0xFB, 0xF8)  # the page's graph canvas colour


@pytest.fixture
def G(graph):
    return graph


# --- a small PNG decoder (8-bit RGB/RGBA, non-interlaced: what Chromium and Graphviz write) ---

def decode_png(data: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """(width, height, pixels as RGB tuples) of a PNG file."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour_type, _c, _f, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    pixels: list[tuple[int, ...]] = []
    i = 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        pixels.extend(tuple(line[x:x + 3]) for x in range(0, stride, bpp))
        prev = line
    return width, height, pixels


def _near(p: tuple[int, ...], q: tuple[int, ...], tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(p, q))


# --- DOT ---------------------------------------------------------------------------------

@pytest.mark.external
def test_dot_text_is_valid_for_graphviz(G, tmp_path):
    dot = require_program("dot")
    path = export_graph(G, "dot", tmp_path / "g.dot")
    out = subprocess.run([dot, "-Tplain", str(path)], capture_output=True, text=True, check=True).stdout
    nodes = [ln for ln in out.splitlines() if ln.startswith("node ") and not ln.startswith('node "legend:')]
    edges = [ln for ln in out.splitlines() if ln.startswith("edge ")]
    linked = [n for n in G if G.degree(n)]
    assert len(nodes) == len(linked) and len(edges) == G.number_of_edges()
    assert any('"Sélva"' in ln or " Sélva " in ln for ln in nodes)
    legend = [ln.split()[1].strip('"') for ln in out.splitlines() if ln.startswith('node "legend:')]
    assert legend == [f"legend:{c}" for c in CLASS_COLOURS if any(G.nodes[n]["top"] == c for n in linked)]


def test_dot_leaves_out_entities_without_relations_and_draws_a_legend():
    import networkx as nx

    H = nx.MultiDiGraph()
    H.add_node("a", label="Alpha Unit", top="Force", type="MilitaryUnit")
    H.add_node("b", label="Bravo Town", top="Place", type="Settlement")
    H.add_node("lonely", label="Lonely Person", top="Person", type="Person")
    H.add_edge("a", "b", key="tookPlaceIn", weight=1)
    text = to_dot(H)
    assert "Lonely Person" not in text and text.startswith("// 1 entities without relations left out")
    assert "subgraph cluster_legend" in text
    assert '"legend:Force" [label="Force", shape=box, fillcolor="#d62728"' in text
    assert '"legend:Place"' in text and '"legend:Person"' not in text  # only classes drawn
    alone = nx.MultiDiGraph()
    alone.add_node("lonely", label="Lonely Person", top="Person", type="Person")
    assert "Lonely Person" in to_dot(alone)  # nothing linked: the entities are the drawing


@pytest.mark.external
def test_dot_quotes_awkward_labels(tmp_path):
    import networkx as nx

    dot = require_program("dot")
    H = nx.MultiDiGraph()
    H.add_node("a", label='The "Quoted" \\ Unit', top="Force", type="Force")
    H.add_node("b", label="Line\nbreak", top="Place", type="Place")
    H.add_edge("a", "b", key="tookPlaceIn", weight=1)
    out = subprocess.run([dot, "-Tplain"], input=to_dot(H), capture_output=True, text=True, check=True).stdout
    assert out.count("\nnode ") - out.count('\nnode "legend:') == 2 and out.count("\nedge ") == 1


@pytest.mark.external
def test_svg_and_png_rendered_by_dot(G, tmp_path):
    from lxml import etree

    require_program("dot")
    svg = export_graph(G, "svg", tmp_path / "g.svg")
    root = etree.parse(str(svg)).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    titles = [g.findtext("s:title", namespaces=ns) for g in root.findall(".//s:g[@class='node']", ns)]
    assert len([t for t in titles if not t.startswith("legend:")]) == len([n for n in G if G.degree(n)])
    assert len(root.findall(".//s:g[@class='edge']", ns)) == G.number_of_edges()
    fills = {el.get("fill", "").lower() for shape in ("path", "polygon", "ellipse")
             for el in root.iterfind(f".//s:g[@class='node']//s:{shape}", ns)}
    assert set(CLASS_COLOURS.values()) <= fills
    png = export_graph(G, "png", tmp_path / "g.png")
    width, height, pixels = decode_png(png.read_bytes())
    assert width > 200 and height > 100
    assert sum(_near(p, rgb(CLASS_COLOURS["Force"])) for p in pixels) > 200


def test_render_without_a_known_format_is_an_error():
    from kg.errors import ExportError

    with pytest.raises(ExportError, match="cannot render DOT as 'pdf'"):
        render_dot("digraph {}", "pdf")


# --- HTML --------------------------------------------------------------------------------

def _scripts(page: str) -> list[str]:
    """Contents of the page's <script> elements, as an HTML parser splits them."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Scripts(HTMLParser):
        inside = False

        def handle_starttag(self, tag, attrs):
            if tag == "script":
                self.inside = True
                found.append("")

        def handle_endtag(self, tag):
            if tag == "script":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                found[-1] += data

    Scripts().feed(page)
    return found


def test_html_is_self_contained(G):
    page = to_html(G, title="Test <graph>")
    assert "<title>Test &lt;graph&gt;</title>" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "page loads something remote"
    assert "vis.Network" in page and len(page) > 400_000  # the vis-network bundle is inline
    scripts = _scripts(page)
    assert len(scripts) == 3
    assert json.loads(scripts[1]) == json.loads(json.dumps(page_data(G)))
    data = page_data(G)
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    ev = next(e for e in data["edges"] if e["from"] == gd.KESTREL and e["to"] == gd.GRANITE)["evidence"]
    assert len(ev) == 2 and ev[0]["sentence"].startswith("The Kestrel Brigade")


def test_html_data_cannot_close_the_script(tmp_path):
    import networkx as nx

    H = nx.MultiDiGraph()
    H.add_node("x", label="</script><b>bold</b>", top="Force", type="Force")
    page = to_html(H)
    assert "</script><b>" not in page
    scripts = _scripts(page)
    assert len(scripts) == 3
    assert json.loads(scripts[1])["nodes"][0]["label"] == "</script><b>bold</b>"


def screenshot(chromium: str, page: Path, out: Path, tmp: Path) -> bytes:
    """Screenshot of ``page`` in headless Chromium (no network, throwaway profile)."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp}",
           f"--screenshot={out}", "--window-size=1200,800", "--virtual-time-budget=10000",
           page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, timeout=180, check=False)
    assert out.exists(), proc.stderr.decode("utf-8", "replace")[-2000:]
    return out.read_bytes()


@pytest.mark.external
def test_html_draws_the_graph_in_chromium(G, tmp_path):
    chromium = require_program("chromium")
    page = export_graph(G, "html", tmp_path / "graph.html")
    width, height, pixels = decode_png(screenshot(chromium, page, tmp_path / "shot.png", tmp_path / "profile"))
    assert (width, height) == (1200, 800)
    canvas = [p for i, p in enumerate(pixels) if i % width < 840]  # the graph area, left of the side panel
    drawn = sum(not _near(p, BACKGROUND, 3) for p in canvas) / len(canvas)
    assert 0.02 < drawn < 0.6, f"graph area {drawn:.1%} non-background"
    for cls, hex_colour in CLASS_COLOURS.items():  # a node of every class is painted in its colour
        assert sum(_near(p, rgb(hex_colour)) for p in canvas) > 100, f"no {cls} node visible"


@pytest.mark.external
def test_empty_graph_page_still_loads(tmp_path):
    import networkx as nx

    chromium = require_program("chromium")
    page = export_graph(nx.MultiDiGraph(), "html", tmp_path / "empty.html")
    _w, _h, pixels = decode_png(screenshot(chromium, page, tmp_path / "shot.png", tmp_path / "profile"))
    canvas = [p for i, p in enumerate(pixels) if i % 1200 < 840]
    assert sum(not _near(p, BACKGROUND, 3) for p in canvas) / len(canvas) < 0.01
