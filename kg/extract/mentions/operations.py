"""Operation recognition: "Operation X", quoted names, "X operation", phases."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.mentions.boundaries import hyphen_end
from kg.extract.tokens import toks
from kg.extract.mentions.candidate import QUOTES, Cand, is_cap
from kg.extract.lexicon import HOSTILE_WORDS, OPERATION_NOUNS, STOP_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{0,3}|IX|X|\d{1,2})$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_ORD_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth", "tenth", "final", "last", "next", "new", "latest", "initial", "opening"}
_NAME_LINKS = {"of", "for", "to"}
_OPEN_Q = "'‘“\"«"
_CLOSE_Q = "'’”\"»"


def _is_known_place(word: str) -> bool:
    """True for a gazetteer place ("deployed under Operation X to Mali" ends the name)."""
    from kg.extract.lookups import lookup_place

    return lookup_place(word) is not None


_OWNER_NOUNS = {"military", "army", "armed", "forces", "force", "police", "troops", "government",
                "navy", "gendarmerie", "authorities", "defence", "defense"}


def _owner_phrase(doc: Doc, k: int) -> bool:
    """"Operation X of the Nigerian military": the words after "of" name its owner, not the name."""
    if doc[k].ent_type_ == "NORP":
        return True
    e = k
    while e < len(doc) and is_cap(doc[e]):
        e += 1
    return e < len(doc) and doc[e].lower_ in _OWNER_NOUNS and not doc[e].text[:1].isupper()


def named_operations(doc: Doc) -> list[Cand]:
    """"Operation Inherent Resolve" (capitalised "Operation" + capitalised words)."""
    out = []
    n = len(doc)
    for i in toks(doc).where_text(("Operation", "Operations")):
        tok = doc[i]
        if tok.text != "Operation" and tok.text != "Operations":
            continue
        if i + 1 < n and doc[i + 1].lower_ in ("command", "commands", "centre", "center"):
            continue
        j = i + 1
        while j < n:
            if (is_cap(doc[j]) or _ROMAN.match(doc[j].text) and j > i + 1) \
                    and doc[j].lower_ not in ("command",) and doc[j].text not in QUOTES:
                j += 1
                continue
            # "Operation Shield of Valour", "Operation Path to Freedom": a lower-case
            # connector inside the name when a capitalised word follows it
            k = j + 1 if doc[j].lower_ in _NAME_LINKS and j > i + 1 else j
            if k > j and k < n and doc[k].lower_ == "the":
                k += 1
            if k > j and k < n and is_cap(doc[k]) and doc[k].text not in QUOTES \
                    and not (doc[j].lower_ != "of" and _is_known_place(doc[k].text)) \
                    and not _owner_phrase(doc, k):
                j = k
                continue
            break
        if j == i + 1 and j < n and doc[j].text.isdigit() and len(doc[j].text) >= 2:
            j += 1  # "Operation 1027"
        elif j > i + 1 and j < n and _YEAR.match(doc[j].text):
            j += 1  # "Operation Sinai 2018"
        if j == i + 1:
            continue
        j = hyphen_end(doc, j)  # "Operation Khyber-IV", "Operation Radd-ul-Fasaad"
        label = doc[i:j].text
        c = Cand(start=i, end=j, label=label, type="Operation", prio=9)
        c.alias = doc[i + 1:j].text
        out.append(c)
    return out


_NAMING_VERBS = {"named", "dubbed", "codenamed", "code-named", "called", "christened", "titled"}


def named_after_noun(doc: Doc) -> list[Cand]:
    """"the operation, named Bohoma Anger", "an offensive dubbed Desert Shield": the name is an Operation."""
    out = []
    n = len(doc)
    for i in toks(doc).positions(_NAMING_VERBS | {"code"}):
        j = i + 1
        if doc[i].lower_ == "code":  # "code - named" split by the tokenizer
            if not (i + 2 < n and doc[i + 1].text == "-" and doc[i + 2].lower_ == "named"):
                continue
            j = i + 3
        elif doc[i].lower_ not in _NAMING_VERBS:
            continue
        b = i - 1
        while b >= 0 and (doc[b].text in (",", "(") or doc[b].lower_ in ("also", "now", "later", "first")):
            b -= 1
        nouns = OPERATION_NOUNS | {"phase", "mission"}
        if b < 0 or doc[b].lower_ not in nouns:
            # "a counter-offensive against X, which it named Y": the clause's antecedent
            if not _relative_to_operation(doc, i, nouns):
                continue
        while j < n and doc[j].text in QUOTES:
            j += 1
        if j < n and doc[j].text == "Operation":
            continue  # "Operation X" is read by named_operations
        e = hyphen_end(doc, name_end(doc, j))
        if e == j or e - j > 6 or doc[j].lower_ in STOP_NAMES:
            continue
        out.append(Cand(start=j, end=e, label=doc[j:e].text, type="Operation", prio=8))
    return out


def _relative_to_operation(doc: Doc, i: int, nouns: set[str]) -> bool:
    """"an offensive against X, which it named Y": the naming verb at ``i`` opens a relative
    clause ("which it", "that they had") after an operation noun of the same sentence."""
    b = i - 1
    while b >= 0 and doc[b].lower_ in ("had", "has", "have", "later", "then", "also"):
        b -= 1
    if b < 1 or doc[b].pos_ != "PRON" or doc[b - 1].lower_ not in ("which", "that"):
        return False
    start = doc[i].sent.start
    return any(t.lower_ in nouns for t in doc[max(start, b - 13):b - 1])


_OPENING_PREPS = {"under", "in", "during", "with", "after", "before", "since", "through", "throughout"}


def apposed_operations(doc: Doc) -> list[Cand]:
    """"Volcano of Rage, the GNA's military operation": a name in apposition to an operation noun.

    Also "Under Gideon's Chariots, the broad offensive it launched ...". The name must not be a
    place or force the tables know.
    """
    from kg.extract.lookups import lookup_force, lookup_place

    out = []
    n = len(doc)
    for i in toks(doc).positions({"operation", "offensive", "campaign", "counteroffensive"}):
        if not doc[i].text.islower():
            continue
        # back over modifiers, a possessive owner and the determiner to a comma
        j = i - 1
        while j >= 0 and (doc[j].text.islower() and doc[j].pos_ in ("ADJ", "NOUN", "VERB") or doc[j].text == "-"):
            j -= 1
        if j >= 1 and doc[j].text in ("'s", "’s"):
            j -= 1
            while j >= 0 and (is_cap(doc[j]) or doc[j].pos_ == "NOUN" and doc[j].text.islower()
                              and doc[j].lower_ not in ("the", "a", "an", "its", "their")):
                j -= 1  # "the GNA's", "the army's"
        if j < 1 or doc[j].lower_ not in ("the", "a", "an", "its", "their"):
            continue
        j -= 1
        if j < 1 or doc[j].text != ",":
            continue
        e = j
        b = e - 1
        while b >= 0 and (is_cap(doc[b]) or doc[b].text.isdigit() or doc[b].lower_ in ("of", "'s", "’s")
                          and b - 1 >= 0 and is_cap(doc[b - 1])
                          or doc[b].lower_ == "the" and b - 2 >= 0 and doc[b - 1].lower_ == "of"
                          and is_cap(doc[b - 2]) and is_cap(doc[b + 1])):
            b -= 1  # "Spears of the West"
        b += 1
        if b < e and b >= 2 and doc[b - 1].text == "-":
            b = _name_start(doc, e)  # "Dir al-Gharb"
        while b < e and (not is_cap(doc[b]) or doc[b].is_sent_start and doc[b].lower_ in _OPENING_PREPS):
            b += 1
        alias = None
        lead = _known_as_lead(doc, b)
        if lead is not None:  # "X, known in Arabic as Y, an operation ...": X, also called Y
            alias, (b, e) = doc[b:e].text, lead
        if b >= e or doc[b].lower_ in STOP_NAMES:
            continue
        name = doc[b:e].text
        if lookup_place(name) is not None or lookup_force(name) is not None or e - b > 6 \
                or any(t.ent_type_ in ("GPE", "LOC", "FAC", "PERSON", "NORP") for t in doc[b:e]
                       if not any(w.lower_ == "of" for w in doc[b:t.i])):
            continue  # a place, person or people described by the phrase, not an operation's name
        out.append(Cand(start=b, end=e, label=name, type="Operation", prio=8, alias=alias))
    return out


def _known_as_lead(doc: Doc, b: int) -> tuple[int, int] | None:
    """The name before ", known (in Arabic) as" / ", also called" that ends at token ``b``."""
    k = b - 1
    if k < 2 or doc[k].lower_ != "as":
        return None
    m = k - 1
    while m > 0 and m > k - 5 and doc[m].lower_ not in ("known", "called", "referred"):
        m -= 1
    if doc[m].lower_ not in ("known", "called", "referred"):
        return None
    m -= 1
    if m >= 0 and doc[m].lower_ in ("also", "locally", "widely"):
        m -= 1
    if m < 1 or doc[m].text != ",":
        return None
    e = m
    s = _name_start(doc, e)
    return (s, e) if s < e and hyphen_end(doc, name_end(doc, s)) >= e else None


def _name_start(doc: Doc, e: int) -> int:
    """Start of the capitalised name ending before token ``e`` ("Shield of the West", "Dir al-Gharb")."""
    s = e
    while s > 0:
        p = doc[s - 1]
        if is_cap(p) and p.text not in QUOTES or p.text == "-" and not p.whitespace_ \
                or p.lower_ in ("al", "el") and s < e and doc[s].text == "-" \
                or p.lower_ in ("of", "the", "to") and s < e and (is_cap(doc[s]) or doc[s].lower_ == "the"):
            s -= 1
            continue
        break
    while s < e and not is_cap(doc[s]):
        s += 1
    return s


def quoted_operations(doc: Doc) -> list[Cand]:
    """A quoted capitalised name next to an operation noun ("the 'Desert Lion' offensive")."""
    out = []
    text = toks(doc).doc_text
    for m in list(re.finditer(r"[‘“\"']([A-Z][^‘’“”\"\n]{1,60}?)[’”\"']", text)) + \
            list(re.finditer(r"[‘“\"]([a-z][^‘’“”\"\n]{1,80}?)[’”\"]", text)):
        inner = m.group(1).strip()
        if len(inner.split()) > (8 if inner[0].isupper() else 12):
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        k = span.end
        while k < len(doc) and doc[k].is_punct:
            k += 1
        after = doc[k] if k < len(doc) else None
        b = span.start - 1
        while b >= 0 and (doc[b].is_punct or doc[b].text in QUOTES):
            b -= 1
        before = doc[b] if b >= 0 else None
        name_as = before is not None and before.lower_ == "as" and any(
            t.lower_ in ("name", "names", "codename", "code") for t in doc[max(0, b - 3):b])
        last = inner.split()[-1].lower()
        words = inner.split()
        is_op = (after is not None and after.lower_ in OPERATION_NOUNS) \
            or (before is not None and before.lower_ in ("operation", "codenamed", "dubbed", "named", "code-named")) \
            or name_as or "Operation" in words[1:]
        if last in OPERATION_NOUNS:
            # a quoted descriptive name: "the third phase of the X inspection"
            name = re.sub(r"^(the\s+)?((" + "|".join(_ORD_WORDS) + r")\s+phase\s+of\s+(the\s+)?)?",
                          "", inner, flags=re.I)
            if name and name[0].isalpha() and any(w[:1].isupper() for w in name.split()):
                s2 = doc.char_span(m.end(1) - len(name), m.end(1), alignment_mode="expand")
                if s2 is not None:
                    out.append(Cand(start=s2.start, end=s2.end, label=name, type="Operation", prio=8))
            continue
        if not is_op or not all(w[0].isupper() or w.isdigit() or w.lower() in ("of", "to", "the", "and", "for")
                                for w in words):
            continue
        if inner.lower() in STOP_NAMES:
            continue
        c = Cand(start=span.start, end=span.end, label=inner, type="Operation", prio=8)
        if "Operation" in words[1:]:
            # "Comprehensive Operation Sinai 2018": the quoted whole is the name, "Operation ..." its short form
            c.prio = 9
            c.alias = " ".join(words[words.index("Operation", 1):])
        out.append(c)
    return out


_HEAD_OPS = {"operation", "operations", "offensive", "campaign", "campaigns", "offensives"}
_GENERIC_MODS = {"security", "military", "ground", "air", "joint", "new", "fresh", "major", "latest",
                 "clearance", "clearing", "large", "big", "recent", "same", "whole", "wider"}


def place_operations(doc: Doc, place_spans: list[tuple[int, int]]) -> list[Cand]:
    """Unnamed but identified operations, labelled with the text's own phrase.

    "the Idlib operation", "the Raqqa clearance operation", "the river villages offensive",
    "the offensive in central Kordofan" (definite, tied to a place or noun modifiers).
    """
    out = []
    starts = {s: e for s, e in place_spans}
    ends = {e: s for s, e in place_spans}
    heads = ("operation", "offensive", "campaign", "counteroffensive", "counter-offensive")
    for i in toks(doc).positions(heads):
        tok = doc[i]
        if tok.lower_ not in heads or tok.pos_ not in ("NOUN", "PROPN") and not (
                tok.lower_ in ("offensive", "counteroffensive", "counter-offensive") and i > 0
                and (doc[i - 1].pos_ == "NOUN" or i in ends)):
            continue
        # modifiers before the noun: nouns / one place span, after "the"
        j = i
        has_place = False
        place_span: tuple[int, int] | None = None
        while j - 1 >= 0:
            if (j in ends) and not has_place:
                place_span = (ends[j], j)
                j = ends[j]
                has_place = True
                continue
            p = doc[j - 1]
            if p.pos_ == "NOUN" and p.lower_ not in _HEAD_OPS and (p.dep_ == "compound" or tok.pos_ == "ADJ") \
                    and i - j < 3:
                j -= 1
                continue
            if not has_place and p.pos_ == "PROPN" and is_cap(p) and p.dep_ == "compound" and p.lower_ not in STOP_NAMES:
                k = j - 1
                while k - 1 >= 0 and (doc[k - 1].pos_ == "PROPN" and is_cap(doc[k - 1]) or doc[k - 1].text == "-"):
                    k -= 1
                if doc[k].text != "-":
                    place_span = (k, j)
                    j = k
                    has_place = True
                    continue
            break
        if j < i and j - 1 >= 0 and doc[j - 1].lower_ in ("the", "its", "their") \
                and (doc[j - 2].text not in ("'s", "’s") if j >= 2 else True):
            mods = [t.lower_ for t in doc[j:i]]
            if has_place or (len(mods) >= 2 and not set(mods) & _GENERIC_MODS):
                c = Cand(start=j, end=i + 1, label=doc[j:i + 1].text, type="Operation", prio=7)
                if place_span is not None:
                    c.extra["place_span"] = place_span
                out.append(c)
                continue
        # "the offensive in (adj) Place"
        if i >= 1 and doc[i - 1].lower_ == "the" and i + 1 < len(doc) and doc[i + 1].lower_ == "in":
            k = i + 2
            if k < len(doc) and doc[k].pos_ == "ADJ" and not doc[k].text[0].isupper():
                k += 1
            if k in starts:
                e = starts[k]
                out.append(Cand(start=i, end=e, label=doc[i:e].text, type="Operation", prio=7))
    return out


_ORD_NUM = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
            "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "i": 1, "ii": 2, "iii": 3, "iv": 4,
            "v": 5, "vi": 6, "initial": 1, "opening": 1}
_PHASE_NOUNS = {"phase", "part", "stage"}
#: Words that single out one phase of an operation without numbering it ("the decisive phase of X").
_PHASE_ADJ = {"decisive", "main", "critical", "concluding", "closing", "preparatory", "next"}
_OP_ANAPHORS = {"operation", "operations", "offensive", "campaign", "push", "counteroffensive",
                "counter-offensive", "assault", "mission", "drive", "sweep"}
_POSS_DETS = {"its", "their", "his", "her", "our", "the", "a", "this", "that"}


def _ordinal_phrase(doc: Doc, i: int) -> tuple[int, int, str] | None:
    """Tokens [start, end) and key of "the third (and final) phase", "phase two", "Part 2", "Phase-I"."""
    n = len(doc)
    low = doc[i].lower_
    if low not in _PHASE_NOUNS:
        return None
    # after the noun: "phase two", "Part 2", "Phase-I", "phase 3"
    k = i + 1
    if k + 1 < n and doc[k].text == "-" and not doc[i].whitespace_:
        k += 1
    if k < n and (doc[k].text.isdigit() and len(doc[k].text) <= 2 or doc[k].lower_ in _ORD_NUM
                  and doc[k].lower_ not in ("first", "initial", "opening", "i") or doc[k].text in ("I", "II", "III", "IV", "V", "VI")):
        if low == "part" and not doc[i].text[:1].isupper() and not doc[k].text.isdigit():
            return None  # "part one of the problem" is no phase
        key = doc[k].lower_ if not doc[k].text.isdigit() else doc[k].text
        return i, k + 1, str(_ORD_NUM.get(key, key))
    if low == "part":
        return None
    # before the noun: "third phase", "third and final phase", "final phase"
    j = i - 1
    if j < 0:
        return None
    if doc[j].lower_ in ("final", "last") and j >= 2 and doc[j - 1].lower_ == "and" and doc[j - 2].lower_ in _ORD_NUM:
        return j - 2, i + 1, "final"
    if doc[j].lower_ in ("final", "last"):
        return j, i + 1, "final"
    if doc[j].lower_ in _PHASE_ADJ and doc[j].text.islower():
        return j, i + 1, doc[j].lower_
    if doc[j].lower_ in _ORD_NUM and doc[j].lower_ not in ("i", "v", "one", "two", "three", "four", "five", "six",
                                                          "seven", "eight", "nine", "ten"):
        return j, i + 1, str(_ORD_NUM[doc[j].lower_])
    return None


def phases(doc: Doc, ops: list[Cand]) -> list[Cand]:
    """Phases of an operation, each a Phase partOf its parent.

    "the third phase of X", "the third and final phase of X", "Part 2 of X", "Phase-I of the
    operation" (the operation last named), "the second phase" alone (the operation last named).
    Mentions of the same phase of one parent ("Part 2", "the second phase") share one label,
    the fullest one.
    """
    out: list[Cand] = []
    whole = sorted((c for c in ops if c.type != "Phase"), key=lambda c: c.start)
    by_start = {c.start: c for c in whole}
    n = len(doc)
    for i in toks(doc).positions(_PHASE_NOUNS):
        found = _ordinal_phrase(doc, i)
        if found is None:
            continue
        s, e, key = found
        parent, direct_end = _phase_parent(doc, e, by_start, whole, s)
        if parent is None:
            named = _named_parent(doc, e)
            if named is None:
                continue
            parent = next((c for c in whole if named.label in (c.label, c.alias)), None)
            direct_end = named.end
            if parent is None:
                if not _may_name_operation(doc, named):
                    continue
                parent = named
                out.append(parent)
                by_start[parent.start] = parent
        ordtxt = doc[s:e].text
        lab_parent = parent.label if parent.label[:1].isupper() else "the " + parent.label
        c = Cand(start=s, end=e, label=f"{ordtxt} of {lab_parent}", type="Phase", prio=9)
        c.extra["parent"] = parent.label
        c.extra["phase_key"] = (parent.label, key)
        if direct_end is not None and direct_end - e <= 14:
            surf = doc[s:direct_end].text
            if surf != c.label and " what " not in surf:
                c.alias = surf
        out.append(c)
        _ = n
    out += sequels(doc, whole, {c.start for c in out})
    # one label per phase of one parent: the fullest form the text uses
    best: dict[tuple[str, str], str] = {}
    for c in out:
        if c.type != "Phase":
            continue
        k = c.extra["phase_key"]
        if len(c.label) > len(best.get(k, "")):
            best[k] = c.label
    for c in out:
        if c.type != "Phase":
            continue
        lab = best[c.extra["phase_key"]]
        if lab != c.label:
            if c.alias is None:
                c.alias = c.label
            c.label = lab
    return out


_SEQUEL = re.compile(r"^(?P<base>.*\S)(?:\s+|-)(?P<num>I{1,3}|IV|V|VI{0,3}|\d{1,2})$")


def _short(label: str) -> str:
    return label[len("Operation "):] if label.startswith("Operation ") else label


def sequels(doc: Doc, whole: list[Cand], taken: set[int]) -> list[Cand]:
    """Numbered sequels of an operation the text names, as its phases: "Operation X III",
    "Operation X-3", "X II" (the short name and a number) when "Operation X" is named too.

    Each gets the phase key of its number, so "Operation X-3" and "the third phase of Operation X"
    are one phase.
    """
    bases: dict[str, Cand] = {}
    for c in whole:
        for name in (c.label, c.alias):
            if name and not _SEQUEL.match(name):
                bases.setdefault(_short(name).lower(), c)
    if not bases:
        return []
    out: list[Cand] = []
    for c in whole:
        m = _SEQUEL.match(c.label)
        parent = bases.get(_short(m.group("base")).lower()) if m else None
        if parent is None or parent is c:
            continue
        c.type = "Phase"
        c.extra["parent"] = parent.label
        c.extra["phase_key"] = (parent.label, str(_ORD_NUM.get(m.group("num").lower(), m.group("num"))))
        out.append(c)
    # "X II" without "Operation": the short name of a named operation and a number
    n = len(doc)
    for short, parent in bases.items():
        words = short.split()
        if not words or not parent.label.startswith("Operation "):
            continue
        for i in toks(doc).positions({words[0]}):
            e = i + len(words)
            if i in taken or e >= n or doc[i:e].text.lower() != short or i > 0 and doc[i - 1].text == "Operation":
                continue
            num = doc[e].text
            if not (_ROMAN.match(num) and (num.isdigit() or num.isupper())) or not is_cap(doc[i]):
                continue
            c = Cand(start=i, end=e + 1, label=doc[i:e + 1].text, type="Phase", prio=9)
            c.extra["parent"] = parent.label
            c.extra["phase_key"] = (parent.label, str(_ORD_NUM.get(num.lower(), num)))
            out.append(c)
    return out


def name_end(doc: Doc, k: int) -> int:
    """End of the capitalised name starting at ``k``, through "of (the)" / "to" / "for" links
    ("Storm of the North", "Path to Freedom")."""
    n = len(doc)
    j = k
    while j < n:
        if is_cap(doc[j]) and doc[j].text not in QUOTES or j > k and _ROMAN.match(doc[j].text):
            j += 1
            continue
        m = j + 1 if j > k and doc[j].lower_ in _NAME_LINKS else j
        if m > j and m < n and doc[m].lower_ == "the":
            m += 1
        if m > j and m < n and is_cap(doc[m]) and doc[m].text not in QUOTES:
            j = m
            continue
        break
    return j


def _named_parent(doc: Doc, e: int) -> Cand | None:
    """"the second phase of Storm of the North": a capitalised name after "phase of" is the
    operation's name, or the short name of one already named."""
    n = len(doc)
    if e + 1 >= n or doc[e].lower_ != "of":
        return None
    k = e + 1
    if doc[k].text in QUOTES:
        k += 1
    j = name_end(doc, k)
    if j == k or j - k > 6 or doc[k].lower_ in STOP_NAMES:
        return None
    return Cand(start=k, end=j, label=doc[k:j].text, type="Operation", prio=8)


def _may_name_operation(doc: Doc, c: Cand) -> bool:
    """Not a place, force, person or people the tables or the parser know."""
    from kg.extract.lookups import lookup_force, lookup_place

    ent = doc[c.start].ent_type_
    return lookup_place(c.label) is None and lookup_force(c.label) is None and not (
        ent in ("GPE", "LOC", "PERSON", "NORP", "DATE") and all(t.ent_type_ == ent for t in doc[c.start:c.end]))


def _phase_parent(doc: Doc, e: int, by_start: dict[int, Cand], whole: list[Cand],
                  s: int) -> tuple[Cand | None, int | None]:
    """The operation a phase belongs to, and the end of the parent's mention when it follows."""
    n = len(doc)
    k = e
    if k < n and doc[k].lower_ == "of":
        k += 1
        # "of what the government calls its X"
        if k < n and doc[k].lower_ == "what":
            m = k + 1
            while m < min(n, k + 6) and doc[m].lower_ not in ("calls", "called", "dubs", "dubbed", "terms", "termed"):
                m += 1
            if m < min(n, k + 6):
                k = m + 1
        while k < n and (doc[k].lower_ in _POSS_DETS or doc[k].text in QUOTES):
            k += 1
        parent = by_start.get(k)
        if parent is not None:
            return parent, parent.end
        # "of the operation", "of the federal campaign", "of Gharyan push": the operation meant
        for m in range(k, min(n, k + 4)):
            if doc[m].lower_ in _OP_ANAPHORS:
                before = [c for c in whole if c.end <= s]
                after = [c for c in whole if c.start >= m]
                return (before[-1] if before else after[0] if after else None), None
            if doc[m].is_punct or doc[m].pos_ in ("VERB", "AUX"):
                break
        return None, None
    before = [c for c in whole if c.end <= s]
    return (before[-1] if before else None), None


#: Nouns of an unnamed operation described by its place or aim.
_PHRASE_HEADS = {"operation", "offensive", "counteroffensive", "counter-offensive", "campaign", "push", "crackdown"}
#: Nouns of a movement on a place that is an operation when definite and aimed at a named place:
#: "the assault on X", "the advance on X" ("an assault on a checkpoint" is an incident).
_ONSET_HEADS = {"assault", "advance"}
#: Verbs of an operation's aim: "an offensive to seize X".
_AIM_VERBS = {"retake", "seize", "capture", "recapture", "liberate", "clear", "take", "free", "reclaim",
              "secure", "regain", "encircle", "besiege", "track", "hunt", "root", "flush"}
_DIRECTION_ADJ = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                  "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
                  "north-western", "south-eastern", "south-western", "upper", "lower", "rural", "greater"}
#: Size and scale words that describe an operation without identifying it ("a large operation").
_SIZE_WORDS = {"large", "major", "big", "massive", "huge", "small", "broad", "wide", "wider", "sweeping",
               "full-scale", "all-out", "limited", "large-scale", "massive-scale"}
#: Words that give an operation's state, not its identity ("the ongoing operation in X").
_STATUS_WORDS = {"ongoing", "continuing", "renewed", "current"}
#: Particles of an aim verb ("an operation to track down X").
_AIM_PARTICLES = {"down", "out"}
_DURATION = ("-day", "-week", "-month", "-year", "-long", "-hour")


def _modifiers_start(doc: Doc, i: int) -> int:
    """First lower-case modifier of the head noun at ``i`` ("fresh", "ground", "intelligence-based")."""
    j = i
    while j - 1 >= 0:
        p = doc[j - 1]
        if p.text == "-" and j - 2 >= 0 and not p.whitespace_ and not doc[j - 2].whitespace_:
            j -= 2  # "intelligence - based"
            continue
        if p.pos_ in ("ADJ", "NOUN", "VERB") and p.text.islower() and p.is_alpha and p.dep_ in (
                "amod", "compound", "nmod") and p.lower_ not in _PHRASE_HEADS and i - j < 4:
            j -= 1
            continue
        break
    while j < i:
        if j + 2 < i and doc[j + 1].text == "-" and doc[j:j + 3].text.lower() in _SIZE_WORDS:
            j += 3  # "large-scale", split by the tokenizer
        elif doc[j].text == "-" or any(doc[j:j + 3].text.endswith(d) for d in _DURATION) \
                or doc[j].like_num or doc[j].lower_ in _SIZE_WORDS | _STATUS_WORDS:
            j += 1
        else:
            break
    return j


def phrase_operations(doc: Doc, place_spans: list[tuple[int, int]],
                      force_spans: list[tuple[int, int]] = ()) -> list[Cand]:
    """Unnamed operations named by their place, aim or adversary, labelled with the text's
    fullest phrase.

    "its ground operation in southern Lebanon", "a fresh offensive in Beit Hanoun", "the
    counteroffensive in the southern Kherson region", "an offensive on Tripoli", "its offensive to
    seize Gharyan", "an operation to track down X", "the battle for Kidal", "the assault on X",
    "the advance on X" (a place's name only, not "the assault on its base"), "the government
    offensive against X" (definite or owned: "a campaign against X" is no identified one). An
    apposition describing an operation already named ("..., an offensive on X") is left to that
    operation.
    """
    out: list[Cand] = []
    starts = dict(place_spans)
    forces = dict(force_spans)
    n = len(doc)
    for i in toks(doc).positions(_PHRASE_HEADS | _ONSET_HEADS | {"battle", "operations"}):
        tok = doc[i]
        low = tok.lower_
        if tok.pos_ not in ("NOUN", "PROPN") or not tok.text.islower() or i + 2 >= n:
            continue
        if low == "operations" and (_modifiers_start(doc, i) == i or any(
                doc[x].lower_ in HOSTILE_WORDS or doc[x].lower_.rstrip("s") in HOSTILE_WORDS
                for x in range(_modifiers_start(doc, i), i))):
            continue  # "operations in X" alone is any activity, "insurgent operations" are the other side's
        k = i + 1
        prep = doc[k].lower_
        if low == "battle":
            if prep not in ("for", "of"):
                continue
        elif low in _ONSET_HEADS:
            if prep != "on" or i == 0 or doc[i - 1].lower_ != "the":
                continue
        elif prep == "to" and (doc[k + 1].lemma_.lower() in _AIM_VERBS or doc[k + 1].lower_ in _AIM_VERBS):
            k += 1
            if k + 1 < n and doc[k + 1].lower_ in _AIM_PARTICLES:
                k += 1
            elif doc[k].lower_ in ("track", "hunt", "root", "flush"):
                continue  # "to track X" without "down" is no aim
        elif prep == "against":
            pass
        elif prep not in ("in", "on", "inside", "across"):
            continue
        k += 1
        while k < n and (doc[k].lower_ == "the" or doc[k].lower_ in _DIRECTION_ADJ and doc[k].text.islower()):
            k += 1
        if prep == "against" or doc[k - 1].lower_ in _AIM_PARTICLES:
            e = forces.get(k) or _proper_run_end(doc, k)
            if e is None or prep == "against" and not _identified(doc, i):
                continue
            force_end = e
            if e + 1 < n and doc[e].text in ("'s", "’s") and doc[e + 1].pos_ == "NOUN":
                e += 2  # "to track down X's members"
            j = _modifiers_start(doc, i)
            # outranks the force it names, which is kept beside it (see ``nested_forces``)
            out.append(Cand(start=j, end=e, label=doc[j:e].text, type="Operation", prio=10,
                            extra={"force_span": (k, force_end)}))
            continue
        e = starts.get(k)
        if e is None:
            continue
        if e < n and doc[e].lower_ in ("area", "region", "province", "district", "state", "governorate") \
                and doc[e].text.islower():
            e += 1
        if i > 0 and is_cap(doc[i - 1]) and doc[i - 1].pos_ == "PROPN":
            continue  # "the Hodeidah operation in Hodeidah province" is named by its place already
        j = i if low == "battle" or low in _ONSET_HEADS else _modifiers_start(doc, i)
        if j >= 2 and doc[j - 1].lower_ in ("a", "an") and doc[j - 2].text == ",":
            continue  # "the third phase of X, an offensive on Mekelle"
        out.append(Cand(start=j, end=e, label=doc[j:e].text, type="Operation", prio=7,
                        extra={"place_span": (k, starts[k])}))
    return out


#: Prefixes of a word giving an operation's purpose: "counter-terrorist", "anti-Maoist".
_PURPOSE_PREFIXES = ("anti", "counter")
_PURPOSE_HEADS = {"operation", "offensive", "campaign"}


def purpose_operations(doc: Doc, force_spans: list[tuple[int, int]] = ()) -> list[Cand]:
    """An unnamed operation identified by its purpose: "the counter-terrorist operation", "a joint
    anti-Maoist operation by the X and the Y" (definite, owned or given its conductor; "counter-
    insurgency operations" in general are none). Labelled "joint anti-Maoist operation"."""
    out = []
    forces = dict(force_spans)
    n = len(doc)
    for i in toks(doc).positions(_PURPOSE_HEADS):
        tok = doc[i]
        if tok.pos_ != "NOUN" or not tok.text.islower() or i < 1:
            continue
        p = doc[i - 1]
        if i >= 3 and p.text[:1].isalpha() and doc[i - 2].text == "-" and not doc[i - 2].whitespace_                 and not doc[i - 3].whitespace_ and doc[i - 3].lower_ in _PURPOSE_PREFIXES:
            j = i - 3  # "counter - terrorist"
        elif p.text.islower() and p.is_alpha and len(p.text) > 8 and p.lower_.startswith(_PURPOSE_PREFIXES)                 and p.dep_ in ("amod", "compound") and not p.lower_.startswith("counteroffensive"):
            j = i - 1  # "counterterrorism"
        else:
            continue
        while j >= 1 and doc[j - 1].lower_ in ("joint", "combined"):
            j -= 1
        det = doc[j - 1] if j >= 1 else None
        k = i + 1
        if k < n and doc[k].lower_ == "by":
            k += 1
            if k < n and doc[k].lower_ == "the":
                k += 1
        by_force = k > i + 1 and k in forces
        if not by_force and (det is None or not (det.lower_ in ("the", "this", "that") or det.text in ("'s", "’s"))):
            continue
        out.append(Cand(start=j, end=i + 1, label=doc[j:i + 1].text, type="Operation", prio=6))
    return out


def _proper_run_end(doc: Doc, k: int) -> int | None:
    """End of the capitalised name starting at ``k`` ("Ansar al-Khilafa"), if one does."""
    n = len(doc)
    if k >= n or not is_cap(doc[k]) or doc[k].lower_ in STOP_NAMES:
        return None
    e = k
    while e < n and (is_cap(doc[e]) or doc[e].lower_ in ("al", "el", "-") and e + 1 < n and
                     (is_cap(doc[e + 1]) or doc[e + 1].text == "-")):
        e += 1
    return e if e > k and doc[e - 1].text != "-" else None


def nested_forces(doc: Doc, before: list[Cand], selected: list[Cand]) -> list[Cand]:
    """``selected`` plus the force candidates of ``before`` that an operation phrase naming its
    adversary or aim ("the offensive against X") covered (a bare name when none was)."""
    spans = {c.extra["force_span"] for c in selected if c.type == "Operation" and c.extra.get("force_span")}
    if not spans:
        return selected
    have = {id(c) for c in selected}
    back = [c for c in before if (c.start, c.end) in spans and id(c) not in have]
    for s, e in spans - {(c.start, c.end) for c in back}:
        back.append(Cand(start=s, end=e, label=doc[s:e].text, type="?", prio=0,
                         extra={"ner": "PROPN", "nested": True}))
    return sorted(selected + back, key=lambda c: c.start)


def _identified(doc: Doc, i: int) -> bool:
    """The operation noun at ``i`` is definite or owned by a named party ("the government
    offensive", "the army's campaign"), not indefinite or owned by a pronoun."""
    j = _modifiers_start(doc, i)
    while j - 1 >= 0 and doc[j - 1].pos_ in ("ADJ", "NOUN", "PROPN") and doc[j - 1].text not in ("'s", "’s"):
        j -= 1
    return j - 1 >= 0 and (doc[j - 1].lower_ in ("the", "this") or doc[j - 1].text in ("'s", "’s"))


_TAKING_NOUNS = {"recapture", "liberation", "retaking", "capture", "recovery"}
#: Nouns of an action that lasts by its nature and is an operation when its ground is named:
#: "the siege of X", "the blockade of X". ("A sweep of X" mostly describes an operation the
#: text names otherwise, so it makes no operation of its own.)
_LASTING_NOUNS = {"siege", "blockade", "encirclement"}
_DESCRIBED_HEADS = _TAKING_NOUNS | _LASTING_NOUNS | {"operation", "offensive", "campaign"}
_FRONT_NOUNS = {"fronts", "axes", "flanks", "sectors", "directions"}
#: How many words may lie between "siege of" and the place that ends the phrase.
_GROUND_WORDS = 5


def described_operations(doc: Doc, place_spans: list[tuple[int, int]]) -> list[Cand]:
    """Unnamed operations the text identifies by a phrase of its own.

    "the recapture of Kidal" (a taking noun + of + a place), "the siege of the X swamp" / "the
    blockade of the hills near X" (an action that lasts by its nature, with its ground) and "a security
    operation on three fronts" (an operation noun with a stated extent) are labelled with that
    phrase.
    """
    out = []
    starts = dict(place_spans)
    n = len(doc)
    for i in toks(doc).positions(_DESCRIBED_HEADS):
        tok = doc[i]
        low = tok.lower_
        if low in _TAKING_NOUNS and tok.pos_ == "NOUN" and i + 2 < n and doc[i + 1].lower_ == "of":
            e = starts.get(i + 2)
            if e is not None:
                out.append(Cand(start=i, end=e, label=doc[i:e].text, type="Operation", prio=7))
            continue
        if low in _LASTING_NOUNS and tok.pos_ == "NOUN" and i + 2 < n and doc[i + 1].lower_ in ("of", "through"):
            ground = _ground(doc, i + 2, starts)
            if ground is not None:
                e, ps, pe = ground
                out.append(Cand(start=i, end=e, label=doc[i:e].text, type="Operation", prio=7,
                                extra={"place_span": (ps, pe)}))
            continue
        if low in ("operation", "offensive", "campaign") and tok.pos_ == "NOUN" and i + 3 < n \
                and doc[i + 1].lower_ == "on" and doc[i + 2].like_num and doc[i + 3].lower_ in _FRONT_NOUNS:
            j = i
            while j - 1 >= 0 and doc[j - 1].pos_ == "NOUN" and doc[j - 1].dep_ == "compound":
                j -= 1
            out.append(Cand(start=j, end=i + 4, label=doc[j:i + 4].text, type="Operation", prio=7))
    return out


def _ground(doc: Doc, k: int, starts: dict[int, int]) -> tuple[int, int, int] | None:
    """The ground named from token ``k``: "the X swamp", "a mountainous area near X" (a few
    lower-case words, then a place, then its own feature noun), as (phrase end, place start,
    place end); None when no place comes first."""
    n = len(doc)
    for m in range(k, min(n, k + _GROUND_WORDS + 1)):
        e = starts.get(m)
        if e is not None:
            end = e
            if e < n and doc[e].pos_ == "NOUN" and doc[e].text.islower() and doc[e - 1].head.i == e:
                end = e + 1  # "the Hutaelueyo swamp": the feature noun the name modifies
            return end, m, e
        t = doc[m]
        if t.is_punct or t.pos_ in ("AUX", "PRON") or t.pos_ == "VERB" and t.dep_ != "amod" \
                or not t.text.islower():
            return None
    return None


_CALLING = {"called", "calls", "call", "dubbed", "dubs", "termed", "terms", "labelled", "labeled", "described"}
#: Heads of a speaker's own term for an operation ("what it called clearance operations").
_CALLED_HEADS = OPERATION_NOUNS | {"operations", "measures", "offensives", "campaigns", "sweeps", "mission"}


def called_operations(doc: Doc) -> list[Cand]:
    """An operation under the name its author gives it: "launched what it called clearance
    operations", "what the army terms a counter-terrorism campaign". Labelled with the term."""
    out = []
    n = len(doc)
    for i in toks(doc).positions({"what"}):
        k = i + 1
        while k < min(n, i + 5) and doc[k].lower_ not in _CALLING:
            k += 1
        if k >= min(n, i + 5) or any(t.is_punct for t in doc[i + 1:k]):
            continue
        j = k + 1
        if doc[k].lower_ == "described":
            if j >= n or doc[j].lower_ != "as":
                continue
            j += 1
        while j < n and (doc[j].lower_ in ("a", "an", "the", "its", "their") or doc[j].text in QUOTES):
            j += 1
        e, end = j, None
        while e < n and e - j < 5 and (doc[e].text.islower() and doc[e].is_alpha or doc[e].text == "-"):
            if doc[e].pos_ in ("VERB", "AUX", "ADP", "CCONJ", "DET", "PRON") and doc[e].dep_ != "amod":
                break
            if doc[e].lower_ in _CALLED_HEADS and doc[e].pos_ == "NOUN":
                end = e + 1  # the last head of the run: "clearance operations"
            e += 1
        if end is not None:
            out.append(Cand(start=j, end=end, label=doc[j:end].text, type="Operation", prio=8))
    return out
