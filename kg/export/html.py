"""A self-contained interactive HTML page (vis-network inlined: opens without network access).

Nodes are coloured by class and sized by degree; a search box finds entities by name;
clicking an edge lists its evidence sentences, clicking a node its attributes and relations;
``graph.html#find=NAME`` opens the page on an entity.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from kg.errors import ExportError
from kg.export.common import CLASS_COLOURS, colour, degrees, sentences, write_text

#: The vis-network bundle, vendored unmodified with its licence (kg/export/vendor/).
VIS_RESOURCE = ("kg.export", "vendor/vis-network-9.1.2.min.js")
#: Above this many nodes the layout settles in fewer steps and edge labels are hidden.
LARGE = 800


def vis_network_js() -> str:
    """The vis-network bundle shipped inside kg.

    Raises:
        ExportError: the bundled script is missing from the installation.
    """
    from importlib import resources

    package, name = VIS_RESOURCE
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError) as exc:
        raise ExportError(f"the HTML export's vis-network script is missing from this kg installation ({exc})") from exc


def page_data(G: Any) -> dict[str, Any]:
    """The nodes and edges the page draws (vis-network DataSet items)."""
    deg = degrees(G)
    nodes = []
    for n, d in G.nodes(data=True):
        top = d.get("top", "")
        info = [f"{d.get('label', n)} ({d.get('type', '')})"]
        if d.get("aliases"):
            info.append("also: " + ", ".join(d["aliases"][:6]))
        for key in ("date", "end_date", "killed", "wounded", "role", "first_seen", "last_seen", "articles"):
            if d.get(key) not in (None, ""):
                info.append(f"{key}: {d[key]}")
        nodes.append({"id": n, "label": d.get("label", n), "group": top, "title": "\n".join(info),
                      "color": colour(top), "value": deg[n] + 1, "aliases": list(d.get("aliases", []))})
    edges = []
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        ev = [{"sentence": " ".join(str(x.get("sentence", "")).split()), "article": x.get("article", ""),
               "confidence": x.get("confidence", 0.0)} for x in d.get("evidence", [])]
        edges.append({"id": f"e{i}", "from": s, "to": t, "label": k, "value": int(d.get("weight", 1)),
                      "title": f"{k} ({d.get('weight', 1)} articles)\n" + "\n".join(sentences(ev)[:3]),
                      "evidence": ev})
    return {"nodes": nodes, "edges": edges, "colours": CLASS_COLOURS}


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font: 14px/1.4 "DejaVu Sans", Arial, sans-serif; color: #222; }}
#graph {{ position: absolute; left: 0; top: 0; bottom: 0; right: 340px; background: #fbfbf8; }}
#side {{ position: absolute; top: 0; right: 0; bottom: 0; width: 340px; box-sizing: border-box; padding: 12px;
        overflow-y: auto; border-left: 1px solid #ddd; background: #fff; }}
#side h1 {{ font-size: 16px; margin: 0 0 8px; }}
#search {{ width: 100%; box-sizing: border-box; padding: 6px; font-size: 14px; }}
#legend span {{ display: inline-block; margin: 6px 8px 0 0; }}
#legend i {{ display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 4px; }}
#details blockquote {{ margin: 8px 0; padding: 6px 8px; background: #f3f3ef; border-left: 3px solid #999; }}
#details small {{ color: #666; }}
#details h3 {{ font-size: 14px; margin: 12px 0 4px; }}
#details .rel {{ cursor: pointer; color: #1f4e8c; margin-top: 6px; }}
.vis-tooltip {{ position: absolute; visibility: hidden; padding: 5px; white-space: pre-wrap; max-width: 360px;
               background: #ffffe8; border: 1px solid #999; border-radius: 3px; font-size: 12px; }}
</style>
</head>
<body>
<div id="graph"></div>
<div id="side">
  <h1>{title}</h1>
  <form id="find"><input id="search" list="names" placeholder="Find an entity by name" autocomplete="off">
  <datalist id="names"></datalist></form>
  <div id="legend"></div>
  <p><small>{summary}. Click a node or an edge for details.</small></p>
  <div id="details"></div>
</div>
<script>{vis}</script>
<script type="application/json" id="kg-data">{data}</script>
<script>
(function () {{
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var large = data.nodes.length > {large};
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), {{nodes: nodes, edges: edges}}, {{
    nodes: {{shape: "dot", scaling: {{min: 6, max: 30}}, font: {{size: 13, strokeWidth: 3, strokeColor: "#fff"}}}},
    edges: {{arrows: {{to: {{enabled: true, scaleFactor: 0.5}}}}, color: {{color: "#9a9a9a", highlight: "#333"}},
            scaling: {{min: 1, max: 6, label: {{enabled: false}}}}, smooth: false,
            font: {{size: large ? 0 : 9, align: "middle", color: "#555"}}}},
    physics: {{solver: "forceAtlas2Based",
              forceAtlas2Based: {{gravitationalConstant: -80, springLength: 110, avoidOverlap: 0.5}},
              stabilization: {{iterations: large ? 60 : 250, updateInterval: 50}}}},
    interaction: {{hover: true, tooltipDelay: 150}}
  }});
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{physics: false}}); }});
  window.kgNetwork = network;
  var details = document.getElementById("details");
  function el(tag, text) {{ var e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; }}
  function label(id) {{ var n = nodes.get(id); return n ? n.label : id; }}
  Object.keys(data.colours).forEach(function (cls) {{
    var s = el("span"), dot = el("i"); dot.style.background = data.colours[cls];
    s.appendChild(dot); s.appendChild(document.createTextNode(cls));
    document.getElementById("legend").appendChild(s);
  }});
  var list = document.getElementById("names");
  data.nodes.forEach(function (n) {{ var o = el("option"); o.value = n.label; list.appendChild(o); }});
  function fold(s) {{ return s.normalize("NFKD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase().trim(); }}
  function showNode(id) {{
    var n = nodes.get(id); details.textContent = "";
    details.appendChild(el("h2", n.label));
    n.title.split("\\n").slice(1).forEach(function (line) {{ details.appendChild(el("div", line)); }});
    details.appendChild(el("div", "id: " + n.id));
    var rel = network.getConnectedEdges(id);
    if (rel.length) details.appendChild(el("h3", "Relations"));
    rel.slice(0, 30).forEach(function (eid) {{
      var e = edges.get(eid), out = e.from === id;
      var line = el("div", (out ? "\u2192 " : "\u2190 ") + e.label + " " + label(out ? e.to : e.from));
      line.className = "rel"; line.onclick = function () {{ network.selectEdges([eid]); showEdge(eid); }};
      details.appendChild(line);
      if (e.evidence.length) details.appendChild(el("blockquote", e.evidence[0].sentence));
    }});
  }}
  function showEdge(id) {{
    var e = edges.get(id); details.textContent = "";
    details.appendChild(el("h2", label(e.from) + " \\u2192 " + e.label + " \\u2192 " + label(e.to)));
    details.appendChild(el("div", "supported by " + e.value + " article(s)"));
    if (!e.evidence.length) details.appendChild(el("p", "no evidence sentence recorded"));
    e.evidence.forEach(function (ev) {{
      details.appendChild(el("blockquote", ev.sentence));
      details.appendChild(el("small", ev.article + " \\u00b7 confidence " + ev.confidence));
    }});
  }}
  network.on("click", function (p) {{
    if (p.nodes.length) showNode(p.nodes[0]); else if (p.edges.length) showEdge(p.edges[0]);
  }});
  function find(text, move) {{
    var q = fold(text); if (!q) return;
    var hit = data.nodes.find(function (n) {{ return fold(n.label) === q; }}) ||
              data.nodes.find(function (n) {{ return n.aliases.some(function (a) {{ return fold(a) === q; }}); }}) ||
              data.nodes.find(function (n) {{ return fold(n.label).indexOf(q) >= 0; }});
    if (!hit) {{ details.textContent = "no entity named " + text; return; }}
    network.selectNodes([hit.id]); if (move) network.focus(hit.id, {{scale: 1.3, animation: true}});
    showNode(hit.id);
  }}
  document.getElementById("find").addEventListener("submit", function (ev) {{
    ev.preventDefault(); find(document.getElementById("search").value, true);
  }});
  if (location.hash.indexOf("#find=") === 0) {{  // graph.html#find=NAME selects an entity
    var wanted = decodeURIComponent(location.hash.slice(6));
    document.getElementById("search").value = wanted;
    network.once("stabilizationIterationsDone", function () {{ find(wanted, false); }});
  }}
}})();
</script>
</body>
</html>
"""


def _inline_js(code: str) -> str:
    """Script code safe inside a <script> element (no closing tag, no comment opener)."""
    import re

    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\u0021--")


def _inline_json(text: str) -> str:
    """JSON text safe inside a <script> element: every ``<`` escaped."""
    return text.replace("<", "\\u003c")


def to_html(G: Any, *, title: str = "kg knowledge graph") -> str:
    """The complete HTML page for ``G``."""
    data = json.dumps(page_data(G), ensure_ascii=False, separators=(",", ":"))
    summary = f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations"
    return _TEMPLATE.format(title=html.escape(title), summary=summary, vis=_inline_js(vis_network_js()),
                            data=_inline_json(data), large=LARGE)


def write_html(G: Any, path: str | Path, *, title: str = "kg knowledge graph") -> Path:
    """Write the interactive page for ``G`` to ``path``."""
    return write_text(path, to_html(G, title=title))
