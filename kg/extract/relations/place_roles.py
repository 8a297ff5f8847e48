"""Where a place mention stands in its sentence: the syntactic role behind tookPlaceIn.

A place is "where it happened" when it is the object of a locative preposition ("in",
"near", "around", "on the outskirts of"), or what was cleared, captured or secured (the
object of a clearing verb, the subject of its passive, a member of the list a clearing
sentence "includes"). Coordinated lists ("A, B and C", "A, along with B") share the role
of their first member; generic area nouns ("the villages of X", "the X area") pass theirs on.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.lexicon import CLEAR_VERBS, DIRECTION_WORDS, LOCATIVE_PREPS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Nouns that stand for a stretch of ground around a named place.
AREA_NOUNS = {
    "area", "areas", "outskirts", "fringes", "parts", "part", "village", "villages", "town",
    "towns", "city", "region", "countryside", "desert", "district", "camps", "camp",
    "settlements", "settlement", "surroundings", "vicinity", "environs", "heart", "edge",
    "edges", "orchards", "farmland", "stronghold", "strongholds", "hideouts", "bases",
    "forest", "neighbourhood", "neighborhood", "suburbs", "locations", "provinces",
    "governorates", "districts", "states", "regions", "province", "governorate",
}
#: Prepositions whose object is where something happened.
WHERE_PREPS = LOCATIVE_PREPS | {"into", "across", "over", "throughout", "inside", "beyond", "off"}
#: Nouns naming a clearing action ("the clearing of X from Y", "the capture of X").
CLEAR_NOUNS = {"clearing", "clearance", "capture", "recapture", "liberation", "seizure",
               "fall", "takeover", "sweep", "raid", "storming"}
_COORD_HEADS = {"along", "together", "alongside"}


def span_root(doc: Doc, start: int, end: int) -> Token:
    """The syntactic head of tokens [start, end)."""
    for k in range(end - 1, start - 1, -1):
        h = doc[k].head
        if h.i < start or h.i >= end or h.i == k:
            return doc[k]
    return doc[end - 1]


def list_head(tok: Token) -> Token:
    """The first member of the coordinated list ``tok`` belongs to (itself when none)."""
    for _ in range(40):
        if tok.dep_ in ("conj", "appos") and tok.head is not tok:
            tok = tok.head
            continue
        # "A, along with B" / "A together with B"
        if tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.lower_ in _COORD_HEADS:
            tok = tok.head.head
            continue
        # "A as well as B"
        if tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.lower_ == "well":
            tok = tok.head.head
            continue
        break
    return tok


def _through_area_noun(tok: Token) -> Token:
    """Climb from a name to the generic area noun it names ("the X area", "villages of X")."""
    for _ in range(4):
        h = tok.head
        if h is tok:
            break
        if tok.dep_ in ("compound", "nmod", "amod") and h.lower_ in AREA_NOUNS:
            tok = list_head(h)
            continue
        if tok.dep_ == "pobj" and h.lower_ == "of" and h.head.lower_ in AREA_NOUNS:
            tok = list_head(h.head)
            continue
        break
    return tok


def place_role(doc: Doc, start: int, end: int) -> str | None:
    """"where" (locative object), "cleared" (what was taken/secured) or None."""
    tok = _through_area_noun(list_head(span_root(doc, start, end)))
    tok = list_head(tok)
    dep = tok.dep_
    head = tok.head
    if tok.lower_ in _COORD_HEADS:  # "along with X" hangs on the verb whose object list it extends
        dep, head = "dobj", tok.head
    if dep == "pobj":
        prep = head.lower_
        gov = head.head
        if prep == "of" and gov.lower_ in DIRECTION_WORDS:
            return None
        if prep in WHERE_PREPS:
            return "where"
        if prep == "from" and (gov.lemma_.lower() in CLEAR_VERBS or gov.lower_ in CLEAR_NOUNS
                               or gov.lemma_.lower() in ("expel", "drive", "flush", "oust", "dislodge")):
            return "cleared"
        if prep == "of" and gov.lower_ in CLEAR_NOUNS:
            return "cleared"
        return None
    if dep in ("dobj", "nsubjpass", "oprd") and head.lemma_.lower() in CLEAR_VERBS:
        return "cleared"
    if dep in ("dobj", "attr") and head.lemma_.lower() == "include":
        if any(x.lemma_.lower() in CLEAR_VERBS for x in toks(head.doc).sent(head.i) if x.pos_ == "VERB"):
            return "cleared"
    return None
