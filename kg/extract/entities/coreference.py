"""In-article coreference of candidate mentions: one entity per thing the text names.

Mentions merge when their names fold to the same key (case, accents, a leading "the",
"Operation", administrative words such as "province"), when one is the acronym of another
("SDF" / "Syrian Democratic Forces"), a person's surname, a spelling variant of the same
type ("Desert Lion" / "Desert Lions"), or the first word of a multi-word force name.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.extract.mentions.candidate import norm
from kg.extract.entities.spelling import same_spelling, skeleton
from kg.extract.lexicon import STRIPPABLE_PLACE_HEADS
from kg.rdf.ontology import normalise, top_class

_MINOR = {"of", "the", "and", "in", "for", "on", "de", "al", "el", "s"}
_TYPE_RANK = {"Force": 0, "Operation": 1, "Person": 2, "Place": 3, "Incident": 4}


_norm = norm


@dataclass(slots=True, eq=False)
class Group:
    """Mentions judged to name one entity (compared by identity)."""

    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # char start, end, text
    cands: list = field(default_factory=list)
    fixed_label: str | None = None
    #: other names the text states ("X, also spelt Y"): names of the entity, never its label
    stated: set[str] = field(default_factory=set)
    _feat: _Feat | None = field(default=None, repr=False)

    @property
    def top(self) -> str:
        return top_class(self.type)

    def label(self) -> str:
        return self.feat().label

    def _label(self) -> str:
        if self.fixed_label:
            return self.fixed_label
        variants = {c.label for c in self.cands if getattr(c, "extra", {}).get("variant_of")}
        names = [n for n in self.names if n not in variants and n not in self.stated] \
            or [n for n in self.names if n not in variants] or self.names
        return max(names, key=lambda s: (len(_norm(s)), s[:1].isupper(), -self.names.index(s)))

    def feat(self) -> _Feat:
        """Derived values used for merging, recomputed when names, cands or type change.

        Names and cands only ever grow, so their lengths and the type identify a state.
        """
        f = self._feat
        state = (self.type, len(self.names), len(self.cands), self.fixed_label)
        if f is not None and f.state == state:
            return f
        top = top_class(self.type)
        lab = self._label()
        f = _Feat(
            state=state, top=top, label=lab, norm=_norm(lab), words=lab.split(), key=key_of(lab, top),
            name_keys=frozenset(key_of(n, top) for n in self.names),
            variant_keys=frozenset(key_of(c.extra["variant_of"], top) for c in self.cands
                                   if hasattr(c, "extra") and c.extra.get("variant_of")),
            upper_names=tuple(n for n in self.names if n.isupper()),
            prio=max((c.prio for c in self.cands), default=0))
        self._feat = f
        return f


@dataclass(slots=True)
class _Feat:
    state: tuple
    top: str
    label: str
    norm: str
    words: list[str]
    key: str
    name_keys: frozenset[str]
    variant_keys: frozenset[str]
    upper_names: tuple[str, ...]
    prio: int


@functools.lru_cache(maxsize=16384)
def key_of(name: str, top: str) -> str:
    """Folded name used to merge mentions of one entity."""
    k = normalise(name)
    if top == "Place":
        for h in STRIPPABLE_PLACE_HEADS:
            if k.endswith(" " + h) and len(k) > len(h) + 2:
                k = k[: -len(h) - 1]
                break
        k = re.sub(r"^(eastern|western|northern|southern|central|north|south|east|west) ", "", k)
        # a feature named with and without its generic word: "Mount X" / "Jebel X" / "X mountain",
        # "X Strip", "X Peninsula", "X Valley" (the text's bare "X" names the same feature)
        k = re.sub(r"^(mount|mt|jebel|djebel|jabal|jbel) (?=\S{3})", "", k)
        k = re.sub(r"(?<=\S{3}) (mountain|strip|peninsula|valley|hills)$", "", k)
    elif top == "Operation":
        # "operation in Kokernag" is "the Kokernag operation"
        m = re.match(r"^(?:[a-z-]+ ){0,3}?(operation|offensive|campaign|counteroffensive) (?:in|on) (?:the )?(.+)$", k)
        if m:  # "a fresh operation in Salahuddin province" is "the Salahuddin operation"
            k = re.sub(r" (province|governorate|region|district|area|state)$", "", m.group(2)) + " " + m.group(1)
        m = re.match(r"^(?:[a-z-]+ ){0,3}?(operation|offensive|campaign|counteroffensive)s? against (?:the )?(.+)$", k)
        if m:  # "the military campaign against X" is "the campaign against X"
            k = f"{m.group(1)} against {m.group(2)}"
        k = re.sub(r"^operation ", "", k)
        k = re.sub(r" (operations|operation|campaign|offensive|mission)$", "", k)
    elif top == "Force":
        k = re.sub(r"^(s|of) ", "", k)
        # "the Three Kolo Alliance" is "the Kolo Alliance": a count of members is no part of the name
        k = re.sub(r"^(two|three|four|five|six|seven|eight|nine|ten) (?=\S+ \S+)", "", k)
        # "the Egyptian military" is "the Egyptian army", "Myanmar's military" the "Myanmar military"
        k = re.sub(r"^(\S+?)s? military$", r"\1 army", k)
    return k


def initials(name: str) -> str:
    """First letters of the words of ``name`` (all words, lower case)."""
    words = re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
    return "".join(w[0].lower() for w in words)


@functools.lru_cache(maxsize=16384)
def is_acronym_of(acr: str, name: str) -> bool:
    """``acr`` ("UNMISS") abbreviates ``name`` ("United Nations Mission in South Sudan")."""
    a = acr.lower().replace(".", "").replace("-", "")  # "SPLA-IO"
    if not (2 <= len(a) <= 8) or " " in acr.strip():
        return False
    ini = initials(name)
    if len(ini) < 2 or a[0] != ini[0]:
        return False
    strict = "".join(w[0].lower() for w in re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
                     if w.lower() not in _MINOR)
    if a == strict or a == ini:
        return True
    if len(a) <= 5 and _segments(a, [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
                                      if w.lower() not in _MINOR]):
        return True
    # subsequence with the last word's initial matched
    it = iter(ini)
    if all(ch in it for ch in a) and a[-1] == ini[-1] and len(a) >= max(2, len(strict) - 1):
        return True
    return False


def _segments(acr: str, words: list[str]) -> bool:
    """Each word opens one run of ``acr``; a run may go on with letters inside its word ("JHQ")."""
    if not words:
        return not acr
    if not acr or acr[0] != words[0][0]:
        return False
    w = words[0]
    for k in range(1, len(acr) + 1):
        if k > 1:
            pos = w.find(acr[k - 1], 1)
            if pos < 0:
                return False
            w = w[:1] + w[pos:]
        if _segments(acr[k:], words[1:]):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def _fuzzy(a: str, b: str) -> bool:
    if any(ch.isdigit() for ch in a + b):
        return False
    if len(a) < 6 or len(b) < 6 or a.split()[0][:2] != b.split()[0][:2]:
        return False
    if len(a.split()) != len(b.split()):
        return False
    if a.startswith(b) or b.startswith(a):  # "Tal Kaif" / "Tal Kaifa": another name, not a spelling
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= 86


def merge_groups(groups: list[Group]) -> list[Group]:
    """Merge groups by key, acronym, surname, first word and spelling variant."""
    # 1. exact keys of any name (type-compatible)
    by_key: dict[tuple[str, str], Group] = {}
    out: list[Group] = []
    for g in groups:
        keys = [(g.top, _norm(g.fixed_label))] if g.fixed_label else \
            [(g.top, key_of(n, g.top)) for n in g.names]
        hits = []
        for k in keys:
            h = by_key.get(k)
            if h is not None and h not in hits:
                hits.append(h)
        if not hits:
            out.append(g)
            target = g
        else:
            target = hits[0]
            _absorb(target, g)
            for h in hits[1:]:
                if h in out and not (h.fixed_label and target.fixed_label):
                    _absorb(target, h)
                    out.remove(h)
        for n in target.names:
            by_key.setdefault((target.top, key_of(n, target.top)), target)
        if target.fixed_label:
            by_key.setdefault((target.top, _norm(target.fixed_label)), target)
    # 2. cross-type exact names: trust the stronger typing
    out = _merge_cross_type(out)
    out = _place_acronyms(out)
    # 3. acronyms, surnames, first words, variants
    # _same depends only on the two groups' current state (their feat objects): a pair
    # already compared in an earlier pass is not compared again until one of them changes
    memo: dict[tuple[int, int], tuple[_Feat, _Feat, bool]] = {}
    changed = True
    while changed:
        changed = False
        gone: set[int] = set()
        snap = list(out)
        # merging never changes a group's top class, so each group is only compared with
        # the groups _same can accept: its own class, or (for a person) forces and places too
        by_top: dict[str, list[Group]] = {}
        for g in snap:
            by_top.setdefault(g.feat().top, []).append(g)
        person_pool = [g for g in snap if g.feat().top in ("Person", "Force", "Place")]
        for a in snap:
            ta = a.feat().top
            for b in person_pool if ta == "Person" else by_top[ta]:
                if a is b or id(a) in gone or id(b) in gone:
                    continue
                fa, fb = a.feat(), b.feat()
                hit = memo.get((id(a), id(b)))
                if hit is not None and hit[0] is fa and hit[1] is fb:
                    same = hit[2]
                else:
                    same = _same(a, b, fa, fb)
                    memo[(id(a), id(b))] = (fa, fb, same)
                if same:
                    keep, drop = (a, b) if len(a.feat().norm) >= len(b.feat().norm) else (b, a)
                    if keep.fixed_label is None and drop.fixed_label is not None:
                        keep, drop = drop, keep
                    _absorb(keep, drop)
                    out.remove(drop)
                    gone.add(id(drop))
                    changed = True
    return out


def _absorb(keep: Group, drop: Group) -> None:
    for n in drop.names:
        if n not in keep.names:
            keep.names.append(n)
    keep.mentions.extend(drop.mentions)
    keep.cands.extend(drop.cands)
    keep.stated |= drop.stated - set(keep.names[:1])
    if _TYPE_RANK.get(keep.top, 9) == _TYPE_RANK.get(drop.top, 9) and keep.type in ("Force", "Place") \
            and drop.type not in ("Force", "Place"):
        keep.type = drop.type


def _place_acronyms(groups: list[Group]) -> list[Group]:
    """An acronym typed a force that abbreviates a place the text names, and no force, is that
    place ("CAR" after "Central African Republic", "FATA" after "Federally Administered Tribal Areas")."""
    places = [g for g in groups if g.top == "Place" and len(g.feat().words) >= 2]
    forces = [g for g in groups if g.top == "Force"]
    if not places:
        return groups
    out = list(groups)
    for g in forces:
        if len(g.names) != 1 or not g.names[0].isupper() or g.fixed_label:
            continue
        acr = g.names[0]
        owners = [p for p in places if any(is_acronym_of(acr, n) for n in p.names)]
        if len(owners) != 1 or any(is_acronym_of(acr, n) for f in forces if f is not g for n in f.names):
            continue
        _absorb(owners[0], g)
        out.remove(g)
    return out


def _merge_cross_type(groups: list[Group]) -> list[Group]:
    by_name: dict[str, Group] = {}
    out = []
    for g in groups:
        k = _norm(g.label())
        h = by_name.get(k)
        if h is None:
            by_name[k] = g
            out.append(g)
            continue
        strong_h = max((c.prio for c in h.cands), default=0)
        strong_g = max((c.prio for c in g.cands), default=0)
        keep, drop = (h, g) if strong_h >= strong_g else (g, h)
        keep_type = keep.type
        _absorb(keep, drop)
        keep.type = keep_type
        if keep is g:
            out[out.index(h)] = g
            by_name[k] = g
    return out


def _same(a: Group, b: Group, fa: _Feat | None = None, fb: _Feat | None = None) -> bool:
    """``a`` and ``b`` name one entity (``fa``/``fb``: their current :meth:`Group.feat`)."""
    if a.fixed_label and b.fixed_label:
        return False
    fa = fa or a.feat()
    fb = fb or b.feat()
    if fa.top == "Person" and fb.top in ("Person", "Force", "Place"):
        words = fa.words
        if len(words) >= 2 and len(fb.words) == 1 and _surname(fb.norm) == _surname(_norm(words[-1])) \
                and (fb.top == "Person" or fb.prio <= 3):
            return True
        # "Quispe Palomino" after "Victor Quispe Palomino": a surname of two words
        if len(words) >= 3 and len(fb.words) == 2 and fb.top == "Person" and fb.norm == _norm(" ".join(words[-2:])):
            return True
        # "Abu Tarek al-Halabi" is the nom de guerre of "Omar Sami al-Halabi": a kunya with the
        # same family name (nisba) as a full name of three words or more
        if fb.top == "Person" and _kunya_of(fa.words, fb.words):
            return True
        # "Abiy" after "Abiy Ahmed", "Sallau" after "Ibrahim Sallau Ali": a bare given or middle name
        if len(words) >= 2 and len(fb.words) == 1 and fb.top == "Person" and len(fb.norm) >= 3 \
                and fb.norm in {_norm(w) for w in words[:-1]}:
            return True
    if fa.top != fb.top:
        return False
    if fa.name_keys & fb.variant_keys or fb.name_keys & fa.variant_keys:
        return True
    la = fa.label
    if fa.top == "Force":
        for n in fb.upper_names:
            if is_acronym_of(n, la):
                return True
        wa, wb = fa.words, fb.words
        if len(wb) == 1 and len(wa) >= 2 and _norm(wa[0]) == _norm(wb[0]) and len(wb[0]) >= 4 \
                and not wb[0].isupper() and b.fixed_label is None:
            return True
    if fa.top in ("Place", "Operation", "Force", "Person"):
        ka, kb = fa.key, fb.key
        if ka == kb:
            return True
        if _fuzzy(ka, kb):
            return True
    if fa.top in ("Place", "Force") and (a.fixed_label is None or b.fixed_label is None):
        if any(same_spelling(x, y) for x in a.names for y in b.names):
            return True
    if fa.top == "Place" and _same_place(a.names, b.names):
        return True
    if fa.top == "Force" and (same_unit(fa.label, fb.label) or _first_word_of_alias(a, b)
                              or _with_unit_noun(fa.norm, fb.norm) or _with_unit_noun(fb.norm, fa.norm)
                              or any(_without_country(n, fb.label) for n in a.names)):
        return True
    return False


#: Last words that say what kind of force a name is ("the Kolo Yehuda Battalion" / "Kolo Yehuda").
_KIND_NOUNS = frozenset({"battalion", "brigade", "brigades", "regiment", "militia", "forces", "force",
                         "army", "movement", "group", "front", "battalions", "unit"})


def _with_unit_noun(long_: str, short: str) -> bool:
    """``long_`` is ``short`` (two words or more) with a kind-of-force noun after it."""
    if not long_.startswith(short + " ") or len(short.split()) < 2:
        return False
    return long_[len(short) + 1:] in _KIND_NOUNS


def _without_country(long_: str, short: str) -> bool:
    """``short`` is the force name ``long_`` without its closing country ("Tehreek-i-Taliban" /
    "Tehreek-i-Taliban Pakistan")."""
    from kg.extract.lookups import lookup_place

    long_, short = normalise(long_), normalise(short)
    if len(short.split()) < 2 or len(long_.split()) <= len(short.split()):
        return False
    n = len(short.split())
    head, tail = long_.split()[:n], long_.split()[n:]
    if skeleton(" ".join(head)) != skeleton(short) or len(tail) > 2:
        return False
    hit = lookup_place(" ".join(tail))
    return hit is not None and hit.kind == "Country"


def _same_place(names_a: list[str], names_b: list[str]) -> bool:
    """The gazetteer resolves a name of each group to the same place (its alternate names:
    "DR Congo" / "Congo", "Izyum" / "Izium")."""
    from kg.extract.lookups import lookup_place

    def ids(names: list[str]) -> set[tuple[str, str | None]]:
        out = set()
        for n in names:
            n = re.sub(r"^(?:eastern|western|northern|southern|central) (?=\S+ \S+)", "", n, flags=re.I)
            hit = lookup_place(n)
            if hit is None and " of " in n and " of the " not in n:
                hit = lookup_place(n.replace(" of ", " of the ", 1))  # "Republic of Congo"
            if hit is not None:
                out.add((hit.name, hit.country))
        return out

    found_a = ids(names_a)
    return bool(found_a) and bool(found_a & ids(names_b))


_UNIT_HEADS = frozenset({"brigade", "battalion", "division", "regiment", "corps", "company", "squadron",
                         "battery", "group", "army", "brigades", "battalions", "fleet", "wing"})


def same_unit(a: str, b: str) -> bool:
    """One numbered unit named with and without its arm: "188th Armored Brigade" / "188th Brigade".

    Both names give the same number and the same unit noun; the shorter one's words all occur
    in the longer one.
    """
    wa, wb = normalise(a).split(), normalise(b).split()
    if len(wa) < 2 or len(wb) < 2 or wa == wb:
        return False
    if wa[-1] != wb[-1] or wa[-1] not in _UNIT_HEADS:
        return False
    num_a = [w for w in wa if any(ch.isdigit() for ch in w)]
    num_b = [w for w in wb if any(ch.isdigit() for ch in w)]
    if not num_a or num_a != num_b:
        return False
    short, long_ = (wa, wb) if len(wa) < len(wb) else (wb, wa)
    return set(short) <= set(long_)


def _first_word_of_alias(a: Group, b: Group) -> bool:
    """``b`` is one word that opens a multi-word name ``a`` also goes by ("Hashd" after
    "Popular Mobilization Forces (Hashd al-Shaabi)")."""
    fb = b.feat()
    if len(fb.words) != 1 or b.fixed_label is not None or fb.words[0].isupper() or len(fb.norm) < 4:
        return False
    return any(len(n.split()) >= 2 and _norm(n.split()[0]) == fb.norm for n in a.names if n != a.feat().label)


def _kunya_of(a: list[str], b: list[str]) -> bool:
    """One of two person names is a kunya ("Abu X al-Y") whose nisba ends the other, longer name."""
    for kunya, full in ((a, b), (b, a)):
        if len(kunya) >= 3 and kunya[0].lower() in ("abu", "umm") and len(full) >= 3 \
                and full[0].lower() not in ("abu", "umm") and kunya[-1].lower().startswith(("al-", "el-")) \
                and _norm(kunya[-1]) == _norm(full[-1]):
            return True
    return False


_SURNAME_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an) ")


def _surname(name: str) -> str:
    """A folded surname without its Arabic article: "al-Kadhimi" and "Kadhimi" are one surname."""
    return _SURNAME_ARTICLE.sub("", name)


def _variant_link(a: Group, b: Group) -> bool:
    """``b`` holds a mention the text gives as another spelling of a name of ``a``."""
    return bool(a.feat().name_keys & b.feat().variant_keys)
