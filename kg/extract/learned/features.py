"""Candidate relation pairs of one article and their features (spaCy Doc only, no model).

A candidate is an ordered entity pair ``(s, p, o)`` whose classes fit property ``p``'s domain
and range. It is proposed by

- two mentions in the same sentence,
- a sentence that names no operation (or no force) and the operation (hostile group) the
  article is about there: the last operation named before it, the article's main hostile group,
  and, before any operation is named, the first one the article names when the sentence speaks
  of an operation ("an eight-day offensive" in the lead, the name given further down),
- a force named in any sentence as a party to the operation the article is about (the one it
  names most), when the sentence is not already paired with it ("troops of X kept up the fight" told a few
  paragraphs after the operation, or the units in the lead of a report that names it later),
- two mentions in different sentences of one paragraph (not for locatedIn and partOf, which the
  text states where both ends meet),
- the rule layer, which asserted ``(s, p, o)`` (with a confidence) anywhere in the text.

Each proposal is an *instance* with string features: the dependency path between the two
mentions' heads (lemmas and arcs, truncated), prepositions on it, the words between and
around them, classes and subclasses, distance, order, whether a clause boundary lies between
them, whether the clause joining them is negated, modal, reported or a gerund's, and whether the ends are hostile forces. Open-class words appear both as lemmas and as
their word classes (:mod:`~kg.extract.learned.word_classes`: "~attack", "~harm"), which carry
to reports that use other words of the same kind; names and numbers never appear as words. A candidate's features are the union of its
instances' features, plus the rule layer's decision and confidence for the pair (also as a category:
the rules give each kind of cue its own confidence, a parse's role above a guess), and its standing
among its rivals (the rank of its distance among the candidates of the same subject or object
for that property, and how often each end is mentioned).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.learned.word_classes import classes_of
from kg.extract.relations.context import M as Span  # the rules' mention type, shared
from kg.extract.tokens import toks
from kg.rdf.ontology import PROPERTIES, top_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Arcs that open a new clause: a path through one leaves the clause of its start.
CLAUSE_ARCS = frozenset({"ccomp", "advcl", "relcl", "parataxis", "acl", "xcomp", "csubj"})
#: Path length (arcs) beyond which only the path's outline is kept.
MAX_PATH = 6
#: Token distance beyond which the words between two mentions are not listed.
MAX_BETWEEN = 10


@dataclass(slots=True)
class Candidate:
    """An entity pair for one property, with the union of its instances' features."""

    subject: str
    predicate: str
    object: str
    features: dict[str, float] = field(default_factory=dict)
    sentence: int = -1  # the sentence of its closest instance, -1 when only the rules proposed it
    distance: int = 10**6
    instances: int = 0


def allowed(p: str, s_top: str, o_top: str) -> bool:
    """``s_top -> o_top`` fits property ``p`` (partOf joins two operations or two forces)."""
    dom, rng = PROPERTIES[p]
    if s_top not in dom or o_top not in rng:
        return False
    return p != "partOf" or s_top == o_top


def properties_for(s_top: str, o_top: str) -> list[str]:
    """The properties an ``s_top -> o_top`` pair can hold."""
    return list(_properties_for(s_top, o_top))


@functools.lru_cache(maxsize=256)
def _properties_for(s_top: str, o_top: str) -> tuple[str, ...]:
    return tuple(p for p in PROPERTIES if allowed(p, s_top, o_top))


def _bucket(n: int) -> str:
    for hi in (1, 2, 4, 7, 12, 20):
        if n <= hi:
            return str(hi)
    return "far"


def _lemma(t: Token) -> str:
    """A word as a feature: its lemma, but names and numbers by their kind (names do not
    carry from one conflict to another)."""
    if t.pos_ == "PROPN" or (t.text[:1].isupper() and t.i > 0 and not t.is_sent_start and t.is_alpha
                             and t.pos_ not in ("PRON", "DET")):
        return "<name>"
    if t.like_num:
        return "<num>"
    return t.lemma_.lower() if t.lemma_ else t.lower_


#: Parts of speech whose words are grammar, kept as words in every feature.
CLOSED_POS = frozenset({"ADP", "AUX", "CCONJ", "SCONJ", "DET", "PART", "PRON", "PUNCT", "NUM", "SPACE"})
#: How open-class words appear in features: "lemmas", "both" (lemma and word class) or "classes".
LEXICAL = "both"


def _words_of(lem: str, pos: str) -> list[str]:
    if pos in CLOSED_POS or lem.startswith("<") or not any(ch.isalpha() for ch in lem):
        return [lem]
    classes = [f"~{c}" for c in classes_of(lem)]
    if LEXICAL == "lemmas":
        return [lem]
    if LEXICAL == "both":
        return [lem, *classes]
    return classes or [f"~{pos}"]


def _words(t: Token) -> list[str]:
    """A token as feature values: closed-class words and names as :func:`_lemma`; open-class
    words by lemma, by class (``~harm``), or both (see :data:`LEXICAL`)."""
    return _words_of(_lemma(t), t.pos_)


def _cls_of(lem: str, pos: str) -> str:
    if pos in CLOSED_POS or lem.startswith("<") or not any(ch.isalpha() for ch in lem):
        return lem
    classes = classes_of(lem)
    return f"~{classes[0]}" if classes else f"~{pos}"


def _cls(t: Token) -> str:
    """A token in a sequence of classes: grammar words and names as themselves, an open-class
    word by its first class, else by its part of speech."""
    return _cls_of(_lemma(t), t.pos_)


class Tokens:
    """What the features read of a doc's tokens, taken from spaCy once per doc: parts of
    speech, arcs and heads, feature words (:func:`_lemma`, :func:`_words`, :func:`_cls`), and
    the dependency paths and context words of the mentions, kept as pairs reuse them.

    Indices are token positions; a negative one counts from the end, as on a Doc.
    """

    __slots__ = ("n", "pos", "dep", "head", "lower", "text", "plain", "is_space", "lemma",
                 "_words", "_cls", "_up", "_roots", "_context")

    def __init__(self, doc: Doc) -> None:
        self.n = len(doc)
        self.pos: list[str] = []
        self.dep: list[str] = []
        self.head: list[int] = []
        self.lower: list[str] = []
        self.text: list[str] = []
        self.plain: list[bool] = []  # alphabetic or number-like: written as words, not as text
        self.is_space: list[bool] = []
        self.lemma: list[str] = []
        # heads as offsets, read in one call: ``t.head`` would build a second Token per token
        for t, off in zip(doc, doc.to_array("HEAD").view("int64").tolist()):
            self.pos.append(t.pos_)
            self.dep.append(t.dep_)
            self.head.append(t.i + off)
            self.lower.append(t.lower_)
            self.text.append(t.text)
            self.plain.append(t.is_alpha or t.like_num)
            self.is_space.append(t.is_space)
            self.lemma.append(_lemma(t))
        self._words: list[list[str] | None] = [None] * self.n
        self._cls: list[str | None] = [None] * self.n
        self._up: dict[int, list[int]] = {}
        self._roots: dict[tuple[int, int], int] = {}
        self._context: dict[tuple[int, int, str], list[str]] = {}

    def at(self, i: int) -> int:
        """Position ``i`` counted from the start (a negative one from the end)."""
        return i + self.n if i < 0 else i

    def words(self, i: int) -> list[str]:
        """:func:`_words` of token ``i``."""
        w = self._words[i]
        if w is None:
            w = self._words[i] = _words_of(self.lemma[i], self.pos[i])
        return w

    def cls(self, i: int) -> str:
        """:func:`_cls` of token ``i``."""
        c = self._cls[i]
        if c is None:
            c = self._cls[i] = _cls_of(self.lemma[i], self.pos[i])
        return c

    def root(self, m: Span) -> int:
        """:func:`_root` of mention ``m``, as a position."""
        key = (m.start, m.end)
        r = self._roots.get(key)
        if r is None:
            r = self.at(m.end - 1)
            for i in range(m.start, m.end):
                h = self.head[i]
                if h < m.start or h >= m.end or h == self.at(i):
                    r = self.at(i)
                    break
            self._roots[key] = r
        return r

    def ancestors(self, i: int) -> list[int]:
        """Token ``i`` and its heads up to the root (or a cycle)."""
        up = self._up.get(i)
        if up is None:
            up = [i]
            seen = {i}
            head = self.head
            while head[up[-1]] != up[-1] and head[up[-1]] not in seen:
                up.append(head[up[-1]])
                seen.add(up[-1])
            self._up[i] = up
        return up

    def path(self, a: int, b: int) -> tuple[list[str], list[int], int | None]:
        """:func:`dep_path` between positions ``a`` and ``b``."""
        up_a, up_b = self.ancestors(a), self.ancestors(b)
        pos_b = {t: k for k, t in enumerate(up_b)}
        lca_k = next((k for k, t in enumerate(up_a) if t in pos_b), None)
        if lca_k is None:
            return [], [], None
        lca = up_a[lca_k]
        kb = pos_b[lca]
        dep = self.dep
        steps = [f"{dep[t]}^" for t in up_a[:lca_k]] + [f"{dep[t]}_" for t in reversed(up_b[:kb])]
        inner = up_a[1:lca_k + 1] + list(reversed(up_b[1:kb]))
        inner = [t for t in inner if t not in (a, b)]
        return steps, inner, lca

    def context(self, m: Span, side: str) -> list[str]:
        """The features :func:`_context` gives mention ``m`` on ``side``, in order."""
        key = (m.start, m.end, side)
        out = self._context.get(key)
        if out is None:
            out = []
            k = m.start - 1
            if k >= 0 and self.lower[k] in ("the", "a", "an"):
                k -= 1
            if k >= 0:
                out += [f"{side}_prev={w}" for w in self.words(k)]
                if k >= 1:
                    _seq(f"{side}_prev2", [k - 1, k], "", out.append, self)
            if m.end < self.n:
                out += [f"{side}_next={w}" for w in self.words(self.at(m.end))]
            self._context[key] = out
        return out


def _seq(name: str, tokens: list[int], prefix: str, on, tab: Tokens) -> None:
    """A sequence feature ``name=prefix|words``, by lemma and/or by class (see :data:`LEXICAL`)."""
    if LEXICAL in ("lemmas", "both"):
        on(f"{name}={prefix}{' '.join(tab.lemma[t] for t in tokens)}")
    if LEXICAL in ("both", "classes"):
        on(f"{name}~{prefix}{' '.join(tab.cls(t) for t in tokens)}")


def dep_path(a: Token, b: Token) -> tuple[list[str], list[Token], Token | None]:
    """Arc steps from ``a`` up to the lowest common ancestor and down to ``b``.

    Returns the step labels ("nsubj^" going up, "dobj_" going down), the tokens strictly
    between the ends on the path, and the common ancestor (None across sentences).
    """
    doc = a.doc
    steps, inner, lca = Tokens(doc).path(a.i, b.i)
    return steps, [doc[i] for i in inner], None if lca is None else doc[lca]


def instance_features(doc: Doc, s: Span, o: Span, *, hostile: frozenset[str] = frozenset(),
                      via: str = "", main: str | None = None, tokens: Tokens | None = None) -> dict[str, float]:
    """Features of one proposal of the pair (s, o); ``via`` names a non-sentence proposal;
    ``tokens`` is the doc's :class:`Tokens` when the caller holds it."""
    tab = tokens if tokens is not None else Tokens(doc)
    f: dict[str, float] = {}

    def on(name: str) -> None:
        f[name] = 1.0

    def on_all(names: list[str]) -> None:
        for name in names:
            f[name] = 1.0

    on(f"types={s.type}>{o.type}")
    on(f"tops={s.top}>{o.top}")
    on(f"s_hostile={s.key in hostile}")
    on(f"o_hostile={o.key in hostile}")
    if main is not None and main in (s.key, o.key):
        on(f"main_hostile={'s' if s.key == main else 'o'}")
    if via == "para":
        on("via=para")
        on(f"para_sdist={min(abs(s.sent - o.sent), 3)}")
        on(f"para_order={'so' if s.sent < o.sent else 'os'}")
        on(f"para|types={s.type}>{o.type}|o_hostile={o.key in hostile}")
        on(f"para_s_dep={tab.dep[tab.root(s)]}")
        on(f"para_o_dep={tab.dep[tab.root(o)]}")
        on_all(tab.context(s, "s"))
        on_all(tab.context(o, "o"))
        return f
    if via:
        on(f"via={via}")
        on(f"via={via}|o_hostile={o.key in hostile}")
        on_all(tab.context(s, "s") if via in _OBJECT_VIAS else tab.context(o, "o"))
        return f
    first, second = (s, o) if s.start <= o.start else (o, s)
    gap = max(0, second.start - first.end)
    on(f"order={'so' if s.start <= o.start else 'os'}")
    on(f"dist={_bucket(gap)}")
    a, b = tab.root(s), tab.root(o)
    pos, dep = tab.pos, tab.dep
    steps, inner, lca = tab.path(a, b)
    if lca is not None:
        on(f"dpath={' '.join(steps) if len(steps) <= MAX_PATH else 'long'}")
        if len(steps) <= 4:
            _seq("path", inner, f"{' '.join(steps)}|", on, tab)
        for st in steps[:3]:
            on(f"step_s={st}")
        for st in steps[-3:]:
            on(f"step_o={st}")
        for t in inner:
            kind = ("path_verb" if pos[t] in ("VERB", "AUX") else
                    "path_prep" if pos[t] == "ADP" or dep[t] in ("prep", "agent") else
                    "path_noun" if pos[t] in ("NOUN", "PROPN") else None)
            if kind:
                for w in tab.words(t):
                    on(f"{kind}={w}")
        on(f"lca={'s' if lca == a else 'o' if lca == b else pos[lca]}")
        if lca not in (a, b):
            for w in tab.words(lca):
                on(f"lca_lemma={w}")
        _clause_context([doc[t] for t in (*inner, lca) if pos[t] in ("VERB", "AUX")] or [doc[lca]], on)
        crossings = sum(1 for st in steps if st[:-1] in CLAUSE_ARCS)
        on(f"clauses={min(crossings, 2)}")
        if any(st.startswith("conj") for st in steps):
            on("conj_on_path")
        if any(st.startswith("appos") for st in steps):
            on("appos_on_path")
    else:
        on("no_path")
    on(f"s_dep={dep[a]}")
    on(f"o_dep={dep[b]}")
    on(f"s_dep={dep[a]}|o_dep={dep[b]}")
    if dep[a] in ("pobj", "dobj", "nsubj", "nsubjpass", "poss", "compound"):
        for w in tab.words(tab.head[a]):
            on(f"s_gov={dep[a]}:{w}")
    if dep[b] in ("pobj", "dobj", "nsubj", "nsubjpass", "poss", "compound"):
        for w in tab.words(tab.head[b]):
            on(f"o_gov={dep[b]}:{w}")
    if gap <= MAX_BETWEEN:
        words = range(first.end, second.start)
        for t in words:
            if not tab.is_space[t]:
                for w in (tab.words(t) if tab.plain[t] else [tab.text[t]]):
                    on(f"btw={w}")
        if gap == 0:
            on("adjacent")
        elif len(words) == 1:
            for w in tab.words(words[0]):
                on(f"btw1={w}")
        elif len(words) == 2:
            _seq("btw2", list(words), "", on, tab)
    else:
        on("btw=far")
    on_all(tab.context(s, "s"))
    on_all(tab.context(o, "o"))
    return f


#: Auxiliaries and verbs that make a statement possible, planned or wished rather than done.
MODAL = frozenset({"will", "would", "may", "might", "could", "can", "should", "must", "shall", "plan", "intend",
                   "aim", "threaten", "vow", "seek", "try", "prepare", "expect", "hope", "want", "propose"})
#: Verbs of reporting: the statement is someone's account.
REPORTING = frozenset({"say", "claim", "allege", "accuse", "report", "deny", "tell", "announce", "state", "add"})


def _clause_context(verbs: list[Token], on) -> None:
    """How the clauses joining two mentions hold their statement: negated, modal (possible,
    planned), reported by someone, or as a gerund's background."""
    for v in verbs:
        for ch in v.children:
            if ch.dep_ == "neg":
                on("ctx_neg")
            elif ch.dep_ in ("aux", "auxpass") and ch.lemma_.lower() in MODAL:
                on(f"ctx_modal={ch.lemma_.lower()}")
        if v.lemma_.lower() in MODAL and any(ch.dep_ == "xcomp" for ch in v.children):
            on(f"ctx_modal={v.lemma_.lower()}")
        if v.dep_ in ("ccomp", "parataxis") and v.head.lemma_.lower() in REPORTING:
            on("ctx_reported")
        if v.tag_ == "VBG" and v.dep_ in ("pcomp", "acl", "advcl"):
            on("ctx_gerund")


def _merge(cand: Candidate, feats: dict[str, float], sent: int, dist: int) -> None:
    cand.instances += 1
    for k, v in feats.items():
        if v > cand.features.get(k, 0.0):
            cand.features[k] = v
    if dist < cand.distance:
        cand.distance, cand.sentence = dist, sent


#: Properties proposed across the sentences of a paragraph.
PARAGRAPH_PROPERTIES = frozenset({"participatedIn", "targets", "tookPlaceIn", "threatenedBy", "perpetratedBy",
                                  "targeted", "affiliatedWith"})


def paragraphs(doc: Doc, sents: list) -> list[int]:
    """Paragraph number of each sentence: a new paragraph starts after a line break."""
    text = toks(doc).doc_text  # spaCy rebuilds doc.text on every access
    out, k = [], 0
    for i, sp in enumerate(sents):
        if i and "\n" in text[sents[i - 1].end_char:sp.start_char] + doc[sp.start - 1].text_with_ws:
            k += 1
        out.append(k)
    return out


#: Mentions in different sentences of one paragraph are paired when at most this many
#: sentences apart. A news paragraph is a few sentences; a text without line breaks is one
#: "paragraph" of thousands, where pairing every mention with every other would make the
#: work grow with the square of the text's length.
PARAGRAPH_WINDOW = 6


#: Proposals of a sentence's mention (the subject) with an operation named elsewhere (the object).
_OBJECT_VIAS = frozenset({"focus_o", "ahead_o", "main_op_o"})

#: Nouns by which a text speaks of an operation before naming it.
_LEAD_OP_WORDS = {"operation", "offensive", "campaign", "counteroffensive", "counter-offensive", "sweep"}


def candidates(doc: Doc, spans: list[Span], *, hostile: Iterable[str] = (),
               main_hostile: str | None = None, paragraph_of: list[int] | None = None,
               rule_relations: Iterable[tuple[str, str, str, float]] = (),
               types: dict[str, str] | None = None,
               use_rules: bool = True) -> list[Candidate]:
    """Every candidate of an article, with features.

    ``spans`` are the article's mentions (incidents included, by their trigger token);
    ``rule_relations`` the rule layer's (s, p, o, confidence); ``types`` entity key -> class.
    """
    hostile = frozenset(hostile)
    types = dict(types or {})
    for m in spans:
        types.setdefault(m.key, m.type)
    by_sent: dict[int, list[Span]] = {}
    for m in sorted(spans, key=lambda x: (x.start, x.end)):
        by_sent.setdefault(m.sent, []).append(m)
    out: dict[tuple[str, str, str], Candidate] = {}
    tab = Tokens(doc)

    def propose(s: Span, o: Span, via: str = "", dist: int | None = None) -> None:
        props = _properties_for(s.top, o.top)
        if via == "para":
            props = [p for p in props if p in PARAGRAPH_PROPERTIES]
        if not props or s.key == o.key:
            return
        feats = instance_features(doc, s, o, hostile=hostile, via=via, main=main_hostile, tokens=tab)
        d = dist if dist is not None else abs(o.start - s.start)
        for p in props:
            c = out.get((s.key, p, o.key))
            if c is None:
                c = out[(s.key, p, o.key)] = Candidate(s.key, p, o.key)
            _merge(c, feats, o.sent if via in _OBJECT_VIAS else s.sent, d)

    focus_op: Span | None = None
    # an article's lead often tells of "an operation" or "an eight-day offensive" it names only later
    first_op = next((m for i in sorted(by_sent) for m in by_sent[i] if m.top == "Operation"), None)
    main_op = main_operation(spans)
    for i in sorted(by_sent):
        ms = by_sent[i]
        for s in ms:
            for o in ms:
                if s is not o:
                    propose(s, o)
        ops = [m for m in ms if m.top == "Operation"]
        paired = {m.key for m in ops}
        if ops:
            focus_op = ops[0]
        elif focus_op is None and first_op is not None and ms and _LEAD_OP_WORDS & {
                t.lemma_.lower() for t in doc[ms[0].start].sent}:
            paired.add(first_op.key)
            for m in ms:
                if m.top in ("Force", "Place"):
                    fo = Span(first_op.start, first_op.end, first_op.key, first_op.type, i)
                    propose(fo, m, "ahead_s", 10**5)
                    propose(m, fo, "ahead_o", 10**5)
        elif focus_op is not None:
            paired.add(focus_op.key)
            for m in ms:
                if m.top in ("Force", "Place"):
                    fo = Span(focus_op.start, focus_op.end, focus_op.key, focus_op.type, i)
                    propose(fo, m, "focus_s", 10**5)
                    propose(m, fo, "focus_o", 10**5)
        if main_op is not None and main_op.key not in paired:
            mo = Span(main_op.start, main_op.end, main_op.key, main_op.type, i)
            for m in ms:
                if m.top == "Force":
                    propose(m, mo, "main_op_o", 10**5)
        if main_hostile is not None and not any(m.top == "Force" for m in ms):
            mh = Span(-1, -1, main_hostile, types.get(main_hostile, "Force"), i)
            for m in ms:
                if m.top in ("Place", "Incident", "Operation"):
                    propose(m, mh, "main_hostile", 10**5)
    if paragraph_of:
        by_para: dict[int, list[int]] = {}
        for i in sorted(by_sent):
            if 0 <= i < len(paragraph_of):
                by_para.setdefault(paragraph_of[i], []).append(i)
        for sents in by_para.values():
            for a, i in enumerate(sents):
                near = [o for j in sents[max(0, a - PARAGRAPH_WINDOW): a + PARAGRAPH_WINDOW + 1]
                        if j != i and abs(j - i) <= PARAGRAPH_WINDOW for o in by_sent[j]]
                for s in by_sent[i]:
                    for o in near:
                        if s.key != o.key:
                            propose(s, o, "para", 10**4 + abs(s.sent - o.sent))
    rules: dict[tuple[str, str], dict[str, float]] = {}
    for s, p, o, conf in rule_relations:
        rules.setdefault((s, o), {})[p] = max(conf, rules.get((s, o), {}).get(p, 0.0))
        if use_rules and (s, p, o) not in out and s in types and o in types \
                and allowed(p, top_class(types[s]), top_class(types[o])):
            out[(s, p, o)] = Candidate(s, p, o, {"rule_only_pair": 1.0,
                                                 f"types={types[s]}>{types[o]}": 1.0})
    rule_subjects: dict[tuple[str, str], int] = {}
    for (s, o), ps in rules.items():
        for p in ps:
            rule_subjects[(s, p)] = rule_subjects.get((s, p), 0) + 1
    for (s, p, o), c in out.items():
        c.features["bias_pair"] = 1.0
        if not use_rules:
            continue
        mine = rules.get((s, o), {})
        if p in mine:
            c.features["rule"] = 1.0
            c.features["rule_conf"] = mine[p]
            c.features[f"rule_conf={mine[p]:.2f}"] = 1.0  # which of the rules' cues decided it
        elif mine:
            c.features["rule_other"] = 1.0
        if rule_subjects.get((s, p), 0) > (1 if p in mine else 0):
            c.features["rule_same_s_other_o"] = 1.0
    for c in out.values():
        c.features["log_instances"] = math.log1p(c.instances)
    found = list(out.values())
    _standing(found, spans)
    return found


def main_operation(spans: list[Span]) -> Span | None:
    """The operation an article is about: the one it names most often (the first named of
    those), as its first mention; None when it names none."""
    count: dict[str, int] = {}
    first: dict[str, Span] = {}
    for m in sorted(spans, key=lambda x: (x.start, x.end)):
        if m.top == "Operation":
            count[m.key] = count.get(m.key, 0) + 1
            first.setdefault(m.key, m)
    if not count:
        return None
    best = max(count.values())
    return next(m for k, m in first.items() if count[k] == best)


def _standing(cands: list[Candidate], spans: list[Span]) -> None:
    """Features of a candidate among its rivals: how its distance ranks among the candidates
    of the same subject (and of the same object) for that property, how many rivals it has,
    and how often each end is mentioned (an incident's place is usually the nearest one; the
    force a text is about is mentioned most)."""
    mentions: dict[str, int] = {}
    for m in spans:
        mentions[m.key] = mentions.get(m.key, 0) + 1
    most = max(mentions.values(), default=0)
    for side in ("s", "o"):
        rivals: dict[tuple[str, str], list[Candidate]] = {}
        for c in cands:
            rivals.setdefault((c.subject if side == "s" else c.object, c.predicate), []).append(c)
        for group in rivals.values():
            dists = sorted({c.distance for c in group})
            for c in group:
                c.features[f"rank_{side}={min(dists.index(c.distance), 2)}"] = 1.0
                c.features[f"rivals_{side}={min(len(group) - 1, 3)}"] = 1.0
    for c in cands:
        for side, key in (("s", c.subject), ("o", c.object)):
            n = mentions.get(key, 0)
            c.features[f"mentions_{side}={min(n, 3)}"] = 1.0
            if n and n == most:
                c.features[f"most_mentioned_{side}"] = 1.0


__all__ = ["CLAUSE_ARCS", "Candidate", "Span", "Tokens", "allowed", "candidates", "dep_path", "instance_features",
           "main_operation", "paragraphs", "properties_for"]
