"""The projection cache: data-only files keyed by a fingerprint of the store's state.

    <cache dir>/graph-<fingerprint>.npz   the unfiltered graph: node and edge columns as numpy
                                          arrays, the remaining attributes as JSON text
    <cache dir>/rows-<fingerprint>.json   the per-article rows, for date and named-graph filters

Nothing in the cache is code: files are read with ``numpy.load(allow_pickle=False)`` and
``json.loads``, so a replaced file can at worst give a wrong answer or be rejected (and the
graph is then rebuilt from the store). The fingerprint changes with every write to the store,
so a stale file is never read back.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

    from kg.graph.projection import Projection

CACHE_VERSION = 2
_GRAPH = "graph"
_ROWS = "rows"
#: Node attributes kept as columns; every other attribute goes to the JSON side table.
_COLUMNS = ("label", "type", "top", "classes", "articles")
#: Store files that change without the data changing (RocksDB's info log, the lock).
_VOLATILE = ("LOG", "LOCK")


def cache_dir(store: Store) -> Path | None:
    """Where the cache of ``store`` lives (``None``: the store is not cached, e.g. in memory)."""
    return store.cache_dir


def fingerprint(store: Store) -> str | None:
    """A digest that changes whenever the store's data changes (``None``: not cacheable).

    On disk it digests the names, sizes and modification times of the database files: every
    committed write appends to the write-ahead log or adds table files, so any change (a
    renamed label included) gives a new fingerprint; compactions only cost a rebuild. A remote
    endpoint is asked for the quad count and sums of MD5-derived figures over every quad.
    """
    if cache_dir(store) is None:
        return None
    h = hashlib.sha256(f"v{CACHE_VERSION}|{store.location}".encode())
    folder = Path(store.location)
    if store.location.startswith(("http://", "https://")):
        h.update(_remote_digest(store).encode())
    elif folder.is_dir():
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            if entry.name.startswith(_VOLATILE) or not entry.is_file():
                continue
            try:
                st = entry.stat()
            except OSError:
                continue
            h.update(f"|{entry.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    else:
        return None
    return h.hexdigest()[:24]


def _remote_digest(store: Store) -> str:
    # Each quad's MD5 gives the positions of four hex digits; their sums over the store change
    # when any quad changes (a collision needs all four sums to match by chance).
    quad = ('MD5(CONCAT(STR(?g), " ", COALESCE(STR(?s), "_"), " ", STR(?p), " ", COALESCE(STR(?o), "_"), " ", '
            'COALESCE(LANG(?o), ""), " ", COALESCE(STR(DATATYPE(?o)), "")))')
    sums = " ".join(f'(SUM(STRLEN(STRBEFORE(?h, "{d}"))) AS ?d{d})' for d in "05af")
    res = store.query(f"SELECT (COUNT(*) AS ?n) {sums} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} BIND({quad} AS ?h) }}")
    return "|".join("" if t is None else t.value for t in (res.rows[0] if res.rows else ()))


def _path(store: Store, fp: str, part: str, suffix: str) -> Path | None:
    folder = cache_dir(store)
    return folder / f"{part}-{fp}.{suffix}" if folder is not None else None


def _write(path: Path, data: bytes) -> None:
    """Write atomically and remove the files of older store states."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.name.partition("-")[0]
        for old in path.parent.glob(f"{part}-*"):
            if old.name != path.name:
                old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        pass  # a read-only location only costs a rebuild next time


# --- the graph as arrays ---------------------------------------------------------------

@dataclass(slots=True)
class GraphArrays:
    """The unfiltered graph as columns: what whole-graph measures need, without networkx.

    Nodes are rows ``0..n-1``; classes and predicates are codes into the two vocabularies;
    ``class_flat[class_start[i]:class_start[i + 1]]`` are node ``i``'s classes.
    """

    ids: list[str]
    labels: list[str]
    vocabulary: list[str]
    predicates: list[str]
    type: np.ndarray
    top: np.ndarray
    class_flat: np.ndarray
    class_start: np.ndarray
    articles: np.ndarray
    src: np.ndarray
    dst: np.ndarray
    pred: np.ndarray
    weight: np.ndarray
    confidence: np.ndarray

    def matching(self, type_: str | None) -> np.ndarray:
        """Boolean mask of the nodes whose specific, contract or any class is ``type_``."""
        import numpy as np

        n = len(self.ids)
        if not type_:
            return np.ones(n, dtype=bool)
        codes = np.array([i for i, c in enumerate(self.vocabulary) if c.lower() == type_.lower()], dtype=np.int32)
        hit = np.isin(self.type, codes) | np.isin(self.top, codes)
        flat = np.isin(self.class_flat, codes).astype(np.int64)
        counts = np.add.reduceat(np.append(flat, 0), self.class_start[:-1]) if n else np.zeros(0, dtype=np.int64)
        counts[self.class_start[:-1] == self.class_start[1:]] = 0  # reduceat on an empty slice
        return hit | (counts > 0)


def _arrays(G: nx.MultiDiGraph) -> tuple[GraphArrays, list[dict[str, Any]], list[list[list[Any]]]]:
    import numpy as np

    ids = list(G.nodes)
    index = {n: i for i, n in enumerate(ids)}
    vocab: dict[str, int] = {}
    code = lambda c: vocab.setdefault(c, len(vocab))  # noqa: E731
    labels, types, tops, flat, start, arts, extra = [], [], [], [], [0], [], []
    for n in ids:
        d = G.nodes[n]
        labels.append(str(d.get("label", n)))
        types.append(code(str(d.get("type", ""))))
        tops.append(code(str(d.get("top", ""))))
        flat.extend(code(c) for c in d.get("classes", []))
        start.append(len(flat))
        arts.append(int(d.get("articles", 0)))
        extra.append({k: (sorted(v) if isinstance(v, set) else v) for k, v in d.items() if k not in _COLUMNS})
    preds: dict[str, int] = {}
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    evidence = [[[ev["article"], ev["sentence"], ev["start"], ev["end"], ev["confidence"]]
                 for ev in d.get("evidence", [])] for _s, _t, _k, d in edges]
    arrays = GraphArrays(
        ids=ids, labels=labels, vocabulary=list(vocab), predicates=[],
        type=np.array(types, dtype=np.int32), top=np.array(tops, dtype=np.int32),
        class_flat=np.array(flat, dtype=np.int32), class_start=np.array(start, dtype=np.int64),
        articles=np.array(arts, dtype=np.int64),
        src=np.array([index[s] for s, _t, _k, _d in edges], dtype=np.int64),
        dst=np.array([index[t] for _s, t, _k, _d in edges], dtype=np.int64),
        pred=np.array([preds.setdefault(k, len(preds)) for _s, _t, k, _d in edges], dtype=np.int32),
        weight=np.array([int(d.get("weight", 1)) for *_x, d in edges], dtype=np.int64),
        confidence=np.array([float(d.get("confidence", 0.0)) for *_x, d in edges], dtype=np.float64))
    arrays.predicates = list(preds)
    return arrays, extra, evidence


def to_arrays(G: nx.MultiDiGraph) -> GraphArrays:
    """The columns of a projected graph (what the cache file holds, less evidence and extras)."""
    return _arrays(G)[0]


_TEXT_KEYS = ("ids", "labels", "vocabulary", "predicates")
_ARRAY_KEYS = ("type", "top", "class_flat", "class_start", "articles", "src", "dst", "pred", "weight", "confidence")


def _text(value: Any) -> np.ndarray:
    import numpy as np

    return np.frombuffer(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), dtype=np.uint8)


def _untext(array: np.ndarray) -> Any:
    return json.loads(array.tobytes().decode("utf-8"))


def save_graph(store: Store, fp: str, G: nx.MultiDiGraph) -> None:
    """Cache the unfiltered graph of the store state ``fp``."""
    import numpy as np

    path = _path(store, fp, _GRAPH, "npz")
    if path is None:
        return
    arrays, extra, evidence = _arrays(G)
    cols: dict[str, np.ndarray] = {k: _text(getattr(arrays, k)) for k in _TEXT_KEYS}
    cols.update({k: getattr(arrays, k) for k in _ARRAY_KEYS})
    cols["meta"] = _text({"version": CACHE_VERSION, "fingerprint": fp})
    cols["extra"] = _text(extra)
    cols["evidence"] = _text(evidence)
    buf = io.BytesIO()
    np.savez(buf, **cols)
    _write(path, buf.getvalue())


def _open(store: Store, fp: str) -> Any:
    import numpy as np

    path = _path(store, fp, _GRAPH, "npz")
    if path is None or not path.exists():
        return None
    try:
        npz = np.load(path, allow_pickle=False)
        meta = _untext(npz["meta"])
        if meta != {"version": CACHE_VERSION, "fingerprint": fp}:
            return None
        return npz
    except (OSError, ValueError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def load_arrays(store: Store, fp: str) -> GraphArrays | None:
    """The cached graph of state ``fp`` as columns, or ``None`` when not cached (or unreadable)."""
    npz = _open(store, fp)
    if npz is None:
        return None
    try:
        with npz:
            return _columns(npz)
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def _columns(npz: Any) -> GraphArrays | None:
    """The columns of an open cache file, or ``None`` when they do not fit together."""
    arrays = GraphArrays(**{k: _untext(npz[k]) for k in _TEXT_KEYS}, **{k: npz[k] for k in _ARRAY_KEYS})
    n, m = len(arrays.ids), len(arrays.src)
    consistent = (len(arrays.labels) == len(arrays.type) == len(arrays.top) == len(arrays.articles) == n
                  and len(arrays.class_start) == n + 1 and len(arrays.dst) == len(arrays.pred) == m
                  and len(arrays.weight) == len(arrays.confidence) == m
                  and _codes_within(n, arrays.src, arrays.dst)
                  and _codes_within(len(arrays.vocabulary), arrays.type, arrays.top, arrays.class_flat)
                  and _codes_within(len(arrays.predicates), arrays.pred))
    return arrays if consistent else None


def _codes_within(size: int, *columns: np.ndarray) -> bool:
    """Whether every value of the integer ``columns`` indexes a list of ``size`` items."""
    return all(len(c) == 0 or (c.dtype.kind in "iu" and 0 <= c.min() and c.max() < size) for c in columns)


def load_graph(store: Store, fp: str) -> nx.MultiDiGraph | None:
    """The cached unfiltered graph of state ``fp`` as a fresh ``MultiDiGraph``, or ``None``."""
    npz = _open(store, fp)
    if npz is None:
        return None
    try:
        with npz:
            arrays = _columns(npz)
            extra, evidence = _untext(npz["extra"]), _untext(npz["evidence"])
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if arrays is None:
        return None
    try:
        return _graph_of(arrays, extra, evidence)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError):
        return None  # a damaged or foreign file: rebuild from the store


def _graph_of(arrays: GraphArrays, extra: list[Any], evidence: list[Any]) -> nx.MultiDiGraph:
    if len(extra) != len(arrays.ids) or len(evidence) != len(arrays.src):
        raise ValueError("cache columns do not fit together")
    vocab, starts, flat = arrays.vocabulary, arrays.class_start.tolist(), arrays.class_flat.tolist()
    types, tops, arts = arrays.type.tolist(), arrays.top.tolist(), arrays.articles.tolist()
    nodes = []
    for i, n in enumerate(arrays.ids):
        attrs = {"label": arrays.labels[i], "type": vocab[types[i]], "top": vocab[tops[i]],
                 "classes": [vocab[c] for c in flat[starts[i]:starts[i + 1]]], "articles": arts[i]}
        attrs.update(extra[i])
        nodes.append((n, attrs))
    ids, preds = arrays.ids, arrays.predicates
    edges = []
    for s, t, p, w, c, ev in zip(arrays.src.tolist(), arrays.dst.tolist(), arrays.pred.tolist(),
                                 arrays.weight.tolist(), arrays.confidence.tolist(), evidence):
        edges.append((ids[s], ids[t], preds[p], {
            "predicate": preds[p], "weight": w, "confidence": c,
            "evidence": [{"article": a, "sentence": x, "start": b, "end": e, "confidence": f}
                         for a, x, b, e, f in ev]}))
    return _multidigraph(nodes, edges)


def _multidigraph(nodes: list[tuple[str, dict[str, Any]]],
                  edges: list[tuple[str, str, str, dict[str, Any]]]) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of ``nodes`` and ``edges`` (keyed), filled in bulk.

    ``add_edges_from`` checks and looks up each edge through networkx's views, which is most
    of the time of loading a large graph; a fresh graph with the default dict factories is
    filled here through the same adjacency structure networkx builds (one key dict per
    (u, v) pair, shared by successors and predecessors). Other graph classes go the usual way.
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    plain = (type(G._node) is dict and type(G._succ) is dict and type(G._pred) is dict
             and G.node_dict_factory is dict and G.adjlist_inner_dict_factory is dict
             and G.edge_key_dict_factory is dict and G.edge_attr_dict_factory is dict)
    if not plain:
        G.add_nodes_from(nodes)
        G.add_edges_from(edges)
        return G
    node, succ, pred = G._node, G._succ, G._pred
    for n, attrs in nodes:
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, k, d in edges:
        if u not in node or v not in node:
            raise ValueError(f"edge ({u}, {v}) between unknown nodes")
        keys = succ[u].get(v)
        if keys is None:
            keys = succ[u][v] = pred[v][u] = {}
        keys[k] = d
    getattr(nx, "_clear_cache", lambda _g: None)(G)  # networkx >= 3.3 caches views
    return G


# --- the rows ---------------------------------------------------------------------------

def save_rows(store: Store, fp: str, rows: Projection) -> None:
    """Cache the per-article rows of the store state ``fp``."""
    path = _path(store, fp, _ROWS, "json")
    if path is None:
        return
    attrs = {e: {k: (sorted(v) if isinstance(v, set) else v) for k, v in a.items()} for e, a in rows.attrs.items()}
    doc = {"version": CACHE_VERSION, "fingerprint": fp, "articles": rows.articles, "types": rows.types,
           "labels": rows.labels, "attrs": attrs, "relations": rows.relations, "evidence": rows.evidence}
    _write(path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def load_rows(store: Store, fp: str) -> Projection | None:
    """The cached rows of state ``fp``, or ``None`` when not cached (or unreadable)."""
    from kg.graph.projection import Projection

    path = _path(store, fp, _ROWS, "json")
    if path is None or not path.exists():
        return None
    try:
        doc = json.loads(path.read_bytes())
        if doc.get("version") != CACHE_VERSION or doc.get("fingerprint") != fp:
            return None
        attrs = {e: {k: (set(v) if k == "same_as" else v) for k, v in a.items()} for e, a in doc["attrs"].items()}
        return Projection(fp, {g: (d, h) for g, (d, h) in doc["articles"].items()},
                          [tuple(t) for t in doc["types"]], [tuple(t) for t in doc["labels"]], attrs,
                          [tuple(t) for t in doc["relations"]], [tuple(t) for t in doc["evidence"]])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None
