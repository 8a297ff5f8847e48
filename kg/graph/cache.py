"""The projection cache: data-only files keyed by a fingerprint of the store's state.

    <cache dir>/graph-<fingerprint>.npz   the unfiltered graph: node, edge and evidence columns
                                          as numpy arrays (texts as codes into JSON string
                                          tables), the rarer node attributes as JSON text
    <cache dir>/rows-<fingerprint>.json   the per-article rows, for date and named-graph filters

Nothing in the cache is code: files are read with ``numpy.load(allow_pickle=False)`` and
``json.loads``, so a replaced file can at worst give a wrong answer or be rejected (and the
graph is then rebuilt from the store). The fingerprint changes with every write to the store,
so a stale file is never read back.
"""
from __future__ import annotations

import gc
import hashlib
import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx
    import numpy as np

    from kg.graph.projection import Projection

CACHE_VERSION = 3
_GRAPH = "graph"
_ROWS = "rows"
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


#: The attributes every projected node and edge carries (:func:`kg.graph.projection.node_attributes`
#: and ``edge_attributes``), in their order; nodes may carry more (coordinates, dates, ...).
_NODE_KEYS = ("label", "type", "top", "classes", "aliases", "first_seen", "last_seen", "articles")
_EDGE_KEYS = ("predicate", "weight", "evidence", "confidence")
_EVIDENCE_KEYS = ("article", "sentence", "start", "end", "confidence")


@dataclass(slots=True)
class _Details:
    """What the cache adds to :class:`GraphArrays` to rebuild the networkx graph exactly.

    Every text is a code into ``strings`` (-1: none): a node's aliases are
    ``alias_flat[alias_start[i]:alias_start[i + 1]]`` and edge ``j``'s evidence rows are
    ``ev_start[j]:ev_start[j + 1]`` of the ``ev_*`` columns; ``extra`` holds the rarer node
    attributes, by name: ``[node indexes, values]``.
    """

    strings: list[str]
    alias_flat: np.ndarray
    alias_start: np.ndarray
    first_seen: np.ndarray
    last_seen: np.ndarray
    extra: dict[str, list[list[Any]]]
    ev_start: np.ndarray
    ev_article: np.ndarray
    ev_sentence: np.ndarray
    ev_begin: np.ndarray
    ev_end: np.ndarray
    ev_conf: np.ndarray


def _arrays(G: nx.MultiDiGraph) -> tuple[GraphArrays, _Details | None]:
    """The columns of ``G``, and the details (``None`` when a node or edge is not shaped as projected)."""
    import numpy as np

    ids = list(G.nodes)
    index = {n: i for i, n in enumerate(ids)}
    vocab: dict[str, int] = {}
    code = lambda c: vocab.setdefault(c, len(vocab))  # noqa: E731
    strings: dict[str, int] = {}
    text = lambda t: -1 if t is None else strings.setdefault(t, len(strings))  # noqa: E731
    labels, types, tops, flat, start, arts = [], [], [], [], [0], []
    alias_flat, alias_start, firsts, lasts = [], [0], [], []
    extra: dict[str, list[list[Any]]] = {}
    shaped = True
    for i, n in enumerate(ids):
        d = G.nodes[n]
        labels.append(str(d.get("label", n)))
        types.append(code(str(d.get("type", ""))))
        tops.append(code(str(d.get("top", ""))))
        flat.extend(code(c) for c in d.get("classes", []))
        start.append(len(flat))
        arts.append(int(d.get("articles", 0)))
        shaped = shaped and all(k in d for k in _NODE_KEYS)
        alias_flat.extend(text(a) for a in d.get("aliases", []))
        alias_start.append(len(alias_flat))
        firsts.append(text(d.get("first_seen")))
        lasts.append(text(d.get("last_seen")))
        for k, v in d.items():
            if k not in _NODE_KEYS:
                column = extra.setdefault(k, [[], []])
                column[0].append(i)
                column[1].append(sorted(v) if isinstance(v, set) else v)
    preds: dict[str, int] = {}
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
    ev_start, ev_cols = [0], ([], [], [], [], [])
    for _s, _t, _k, d in edges:
        shaped = shaped and d.keys() == set(_EDGE_KEYS)
        for ev in d.get("evidence", []):
            shaped = shaped and ev.keys() == set(_EVIDENCE_KEYS)
            for col, value in zip(ev_cols, (text(ev.get("article")), text(ev.get("sentence")), ev.get("start", -1),
                                            ev.get("end", -1), ev.get("confidence", 0.0))):
                col.append(value)
        ev_start.append(len(ev_cols[0]))
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
    if not shaped:
        return arrays, None
    details = _Details(
        strings=list(strings), alias_flat=np.array(alias_flat, dtype=np.int32),
        alias_start=np.array(alias_start, dtype=np.int64), first_seen=np.array(firsts, dtype=np.int32),
        last_seen=np.array(lasts, dtype=np.int32), extra=extra, ev_start=np.array(ev_start, dtype=np.int64),
        ev_article=np.array(ev_cols[0], dtype=np.int32), ev_sentence=np.array(ev_cols[1], dtype=np.int32),
        ev_begin=np.array(ev_cols[2], dtype=np.int64), ev_end=np.array(ev_cols[3], dtype=np.int64),
        ev_conf=np.array(ev_cols[4], dtype=np.float64))
    return arrays, details


def to_arrays(G: nx.MultiDiGraph) -> GraphArrays:
    """The columns of a projected graph (what the cache file holds, less the details)."""
    return _arrays(G)[0]


_TEXT_KEYS = ("ids", "labels", "vocabulary", "predicates")
_ARRAY_KEYS = ("type", "top", "class_flat", "class_start", "articles", "src", "dst", "pred", "weight", "confidence")
_DETAIL_TEXT = ("strings", "extra")
_DETAIL_ARRAYS = ("alias_flat", "alias_start", "first_seen", "last_seen", "ev_start", "ev_article", "ev_sentence",
                  "ev_begin", "ev_end", "ev_conf")


def _text(value: Any) -> np.ndarray:
    import numpy as np

    return np.frombuffer(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), dtype=np.uint8)


def _untext(array: np.ndarray) -> Any:
    return json.loads(array.tobytes().decode("utf-8"))


def save_graph(store: Store, fp: str, G: nx.MultiDiGraph) -> None:
    """Cache the unfiltered graph of the store state ``fp`` (a graph not shaped as projected is not cached)."""
    import numpy as np

    path = _path(store, fp, _GRAPH, "npz")
    if path is None:
        return
    arrays, details = _arrays(G)
    if details is None:
        return
    cols: dict[str, np.ndarray] = {k: _text(getattr(arrays, k)) for k in _TEXT_KEYS}
    cols.update({k: getattr(arrays, k) for k in _ARRAY_KEYS})
    cols.update({k: _text(getattr(details, k)) for k in _DETAIL_TEXT})
    cols.update({k: getattr(details, k) for k in _DETAIL_ARRAYS})
    cols["meta"] = _text({"version": CACHE_VERSION, "fingerprint": fp})
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
                  and _codes_within(len(arrays.predicates), arrays.pred)
                  and _offsets(arrays.class_start, len(arrays.class_flat)))
    return arrays if consistent else None


def _details(npz: Any, n: int, m: int) -> _Details | None:
    """The details of an open cache file, or ``None`` when they do not fit the columns."""
    d = _Details(**{k: _untext(npz[k]) for k in _DETAIL_TEXT}, **{k: npz[k] for k in _DETAIL_ARRAYS})
    k = len(d.ev_article)
    consistent = (len(d.alias_start) == n + 1 and len(d.first_seen) == len(d.last_seen) == n
                  and len(d.ev_start) == m + 1
                  and len(d.ev_sentence) == len(d.ev_begin) == len(d.ev_end) == len(d.ev_conf) == k
                  and _offsets(d.alias_start, len(d.alias_flat)) and _offsets(d.ev_start, k)
                  and _codes_within(len(d.strings), d.alias_flat, d.ev_article, d.ev_sentence)
                  and _codes_within(len(d.strings), d.first_seen + 1, d.last_seen + 1, shift=1)
                  and all(len(idx) == len(values) and (not idx or 0 <= min(idx) and max(idx) < n)
                          for idx, values in d.extra.values()))
    return d if consistent else None


def _codes_within(size: int, *columns: np.ndarray, shift: int = 0) -> bool:
    """Whether every value of the integer ``columns`` indexes a list of ``size`` (+ ``shift``) items."""
    return all(len(c) == 0 or (c.dtype.kind in "iu" and 0 <= c.min() and c.max() < size + shift) for c in columns)


def _offsets(start: np.ndarray, total: int) -> bool:
    """Whether ``start`` are non-decreasing offsets from 0 to ``total``."""
    import numpy as np

    return (start.dtype.kind in "iu" and len(start) > 0 and int(start[0]) == 0 and int(start[-1]) == total
            and bool(np.all(start[1:] >= start[:-1])))


def load_graph(store: Store, fp: str) -> nx.MultiDiGraph | None:
    """The cached unfiltered graph of state ``fp`` as a fresh ``MultiDiGraph``, or ``None``."""
    with _no_collection():
        return _load_graph(store, fp)


def _load_graph(store: Store, fp: str) -> nx.MultiDiGraph | None:
    npz = _open(store, fp)
    if npz is None:
        return None
    try:
        with npz:
            arrays = _columns(npz)
            details = _details(npz, len(arrays.ids), len(arrays.src)) if arrays is not None else None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if arrays is None or details is None:
        return None
    try:
        return _graph_of(arrays, details)
    except (IndexError, KeyError, TypeError, ValueError, AttributeError):
        return None  # a damaged or foreign file: rebuild from the store


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a graph is built.

    Building half a million dicts and lists sets it off again and again, each time walking
    every object made so far (half the time of loading 100k entities); they hold no cycles.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _graph_of(a: GraphArrays, d: _Details) -> nx.MultiDiGraph:
    """The networkx graph of the columns, every attribute list built by slicing whole columns."""
    vocab, strings = a.vocabulary, [*d.strings, None]  # code -1 is None
    class_names = [vocab[c] for c in a.class_flat.tolist()]
    starts = a.class_start.tolist()
    classes = [class_names[i:j] for i, j in zip(starts, starts[1:])]
    alias_names = [strings[c] for c in d.alias_flat.tolist()]
    starts = d.alias_start.tolist()
    aliases = [alias_names[i:j] for i, j in zip(starts, starts[1:])]
    nodes = [{"label": lab, "type": typ, "top": top, "classes": cls, "aliases": al, "first_seen": first,
              "last_seen": last, "articles": n}
             for lab, typ, top, cls, al, first, last, n in zip(
                 a.labels, [vocab[t] for t in a.type.tolist()], [vocab[t] for t in a.top.tolist()], classes,
                 aliases, [strings[c] for c in d.first_seen.tolist()], [strings[c] for c in d.last_seen.tolist()],
                 a.articles.tolist())]
    for name, (idx, values) in d.extra.items():
        for i, value in zip(idx, values):
            nodes[i][name] = value
    rows = [{"article": art, "sentence": sent, "start": b, "end": e, "confidence": c}
            for art, sent, b, e, c in zip([strings[c] for c in d.ev_article.tolist()],
                                          [strings[c] for c in d.ev_sentence.tolist()], d.ev_begin.tolist(),
                                          d.ev_end.tolist(), d.ev_conf.tolist())]
    starts = d.ev_start.tolist()
    keys = [a.predicates[p] for p in a.pred.tolist()]
    edges = [{"predicate": k, "weight": w, "evidence": rows[i:j], "confidence": c}
             for k, w, i, j, c in zip(keys, a.weight.tolist(), starts, starts[1:], a.confidence.tolist())]
    ids = a.ids
    return _multidigraph(ids, nodes, [ids[s] for s in a.src.tolist()], [ids[t] for t in a.dst.tolist()], keys,
                         edges)


def _multidigraph(ids: list[str], nodes: list[dict[str, Any]], sources: list[str], targets: list[str],
                  keys: list[str], edges: list[dict[str, Any]]) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of nodes ``ids`` (attributes ``nodes``) and keyed edges, filled in bulk.

    ``add_edges_from`` checks and looks up each edge through networkx's views, which is most
    of the time of loading a large graph; a fresh graph with the default dict factories is
    filled here through the same adjacency structure networkx builds (one key dict per
    (u, v) pair, shared by successors and predecessors). Other graph classes go the usual way.
    Every edge's ends must be among ``ids``.
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    plain = (type(G._node) is dict and type(G._succ) is dict and type(G._pred) is dict
             and G.node_dict_factory is dict and G.adjlist_inner_dict_factory is dict
             and G.edge_key_dict_factory is dict and G.edge_attr_dict_factory is dict)
    if not plain:
        G.add_nodes_from(zip(ids, nodes))
        G.add_edges_from(zip(sources, targets, keys, edges))
        return G
    G._node.update(zip(ids, nodes))
    succ, pred = G._succ, G._pred
    succ.update({n: {} for n in ids})
    pred.update({n: {} for n in ids})
    for u, v, k, d in zip(sources, targets, keys, edges):
        out = succ[u]
        keyed = out.get(v)
        if keyed is None:
            keyed = out[v] = pred[v][u] = {}
        keyed[k] = d
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
