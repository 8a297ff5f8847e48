"""Context cues that settle Place-or-Person ambiguity, and article-level type consistency.

A small NER model often reads unfamiliar village names as persons and surnames as places;
the words around a mention (prepositions, appositions, verbs, list partners) and the other
mentions of the same name in the article decide instead.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.mentions.candidate import Cand, is_cap, norm
from kg.extract.lexicon import CLEAR_VERBS, PLACE_HEADS, ROLE_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Prepositions after which a name is a location (persons rarely follow them).
PLACE_PREPS = {"in", "at", "near", "around", "inside", "outside", "between", "towards", "toward",
               "into", "across", "throughout", "outskirts", "via", "through", "beyond", "within"}
#: Nouns that make "of X" a place ("the villages of X", "the outskirts of X").
PLACE_OF_NOUNS = {"village", "villages", "town", "towns", "city", "district", "districts", "area",
                  "areas", "outskirts", "region", "province", "suburb", "suburbs", "settlement",
                  "settlements", "environs", "vicinity", "community", "communities", "hamlet",
                  "hamlets", "locality", "localities", "neighbourhood", "neighborhood", "axis",
                  "capital", "countryside", "municipality", "island", "islands", "heart",
                  "locations", "location", "stronghold", "strongholds", "enclave"}
#: Nouns an apposition uses for a place ("X, a remote district in ...").
APPOSITION_PLACE_NOUNS = PLACE_HEADS | PLACE_OF_NOUNS | {"hub", "stronghold", "bastion", "port",
                                                         "crossing", "capital", "outpost", "base"}
#: Verbs whose object is a place when the object is a bare name.
PLACE_OBJECT_VERBS = (CLEAR_VERBS - {"search", "destroy", "push", "free"}) | {
    "reach", "recapture", "retake", "liberate", "evacuate", "shell", "bomb", "visit", "tour"}
#: Verbs of speech whose subject is a person (forces say things too: used for NER persons only).
SPEECH_VERBS = {"say", "tell", "announce", "add", "describe", "vow", "praise", "state", "confirm",
                "explain", "note", "warn", "urge", "insist", "deny", "write", "tweet", "pledge"}
#: Words after which a name is a person ("a commander named X").
NAMING_WORDS = {"named", "identified", "surnamed", "nicknamed"}
#: Roles and occupations written right before a person's full name ("AQIM chief X Y",
#: "mountain guide X Y", "former lawmaker X Y").
PERSON_NOUNS = set(ROLE_NOUNS) | {
    "guide", "lawmaker", "legislator", "journalist", "reporter", "photographer", "activist", "politician",
    "businessman", "cleric", "imam", "priest", "pastor", "teacher", "doctor", "engineer", "tourist",
    "hostage", "captive", "warlord", "kingpin", "aide", "strongman", "ringleader", "mastermind", "negotiator",
    "mediator", "lawyer", "judge", "prosecutor", "candidate", "opposition", "ideologue", "preacher"}


def _tok(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def place_cue(doc: Doc, c: Cand, by_start: dict[int, Cand]) -> bool:
    """Words around ``c`` that mark a location."""
    s, e = c.start, c.end
    prev, prev2 = _tok(doc, s - 1), _tok(doc, s - 2)
    if prev in PLACE_PREPS or (prev == "the" and prev2 in PLACE_PREPS):
        return True
    if prev == "of" and prev2 in PLACE_OF_NOUNS:
        return True
    if prev == "of" and prev2 in ("capture", "recapture", "fall", "liberation", "control", "retaking"):
        return True
    # apposition: "X, a remote district in ..."
    if _tok(doc, e) == "," and _tok(doc, e + 1) in ("a", "an", "the"):
        for k in range(e + 2, min(e + 7, len(doc))):
            t = doc[k]
            if t.lower_ in APPOSITION_PLACE_NOUNS and t.pos_ == "NOUN":
                return True
            if t.is_punct or t.pos_ in ("VERB", "AUX") or t.lower_ in ROLE_NOUNS:
                break
    # stated containment: "X in Y province"
    if _tok(doc, e) == "in":
        nxt = by_start.get(e + 1) or by_start.get(e + 2)
        if nxt is not None and nxt.top == "Place" and _tok(doc, nxt.end - 1) in PLACE_HEADS:
            return True
    # object of a verb of capture: "troops retook X"
    head = doc[e - 1].head if doc[e - 1].dep_ in ("compound", "flat") else doc[e - 1]
    while head.dep_ in ("compound", "flat") and head.head is not head:
        head = head.head
    if head.i >= s and head.i < e and head.dep_ == "dobj" and head.head.lemma_.lower() in PLACE_OBJECT_VERBS:
        return True
    return False


def _role_of_name_before(doc: Doc, k: int) -> bool:
    """Tokens before ``k`` read "(role) of/in (Capitalised Name)": "the mayor of X Y, <name>"."""
    j = k - 1
    lo = max(0, k - 6)
    while j >= lo and (is_cap(doc[j]) or doc[j].text in ("-", "'") or doc[j].lower_ in ("al", "el")):
        j -= 1
    if j == k - 1 or j < 1 or doc[j].lower_ not in ("of", "in", "for"):
        return False
    r = j - 1
    if doc[r].lower_ in ("the",) and r >= 1:
        r -= 1
    return doc[r].lower_ in ROLE_NOUNS


def _listed_after_naming(doc: Doc, s: int) -> bool:
    """Token ``s`` continues a list of names opened by "named as" / "identified as"."""
    k = s - 1
    lo = max(0, s - 24)
    while k >= lo and (is_cap(doc[k]) or doc[k].text in (",", "-", "'") or doc[k].lower_ == "and"):
        k -= 1
    return k >= 1 and doc[k].lower_ == "as" and doc[k - 1].lower_ in NAMING_WORDS


def person_cue(doc: Doc, c: Cand) -> bool:
    """Words around ``c`` that mark a person."""
    s, e = c.start, c.end
    prev, prev2 = _tok(doc, s - 1), _tok(doc, s - 2)
    if prev == "to" and prev2 == "according":
        return True
    if prev in PERSON_NOUNS and doc[s - 1].pos_ == "NOUN" and e - s >= 2:
        return True  # "the group's chief Abu Zaid Hamid", "mountain guide Herve Lamont"
    if prev == "as" and prev2 in ("known", "described") and _tok(doc, s - 3) in PERSON_NOUNS:
        return True  # "a bandit chief known as Dakolo"
    if _tok(doc, e) == "," and _tok(doc, e + 1) == "whom":
        return True
    if prev in NAMING_WORDS and prev2 not in PLACE_OF_NOUNS:
        return True
    if prev == "as" and prev2 in NAMING_WORDS:
        return True
    if prev in (",", "and") and _listed_after_naming(doc, s):
        return True
    if prev == "," and prev2 in ROLE_NOUNS:
        return True
    if prev == "," and _role_of_name_before(doc, s - 1) and _tok(doc, e) in (",", "said", "says", "told"):
        return True
    if _tok(doc, e) == ",":
        k = e + 1
        while k < min(e + 5, len(doc)) and doc[k].lower_ in ("a", "an", "the", "senior", "deputy", "former",
                                                             "top", "local", "military", "acting"):
            k += 1
        if _tok(doc, k) in ROLE_NOUNS and _tok(doc, k + 1) in ("of", "in", "for", "at"):
            return True
        # "X, the army's spokesman", "X, a TPLF commander"
        for r in range(k, min(k + 4, len(doc))):
            if doc[r].lower_ in ROLE_NOUNS and doc[r].pos_ == "NOUN":
                # "..., military spokesman Colonel X said": the role names the next person
                return not (r + 1 < len(doc) and is_cap(doc[r + 1]) and doc[r + 1].pos_ == "PROPN")
            if doc[r].is_punct and doc[r].text not in ("'s", "’s") or doc[r].pos_ in ("VERB", "AUX"):
                break
    if e < len(doc) and doc[e].pos_ == "VERB" and doc[e].lemma_.lower() in SPEECH_VERBS \
            and doc[e].dep_ not in ("amod", "compound"):
        return True
    return False


def _unknown_tagged_place(c: Cand) -> bool:
    """A place only the tagger proposed (no table entry, no head word, no context evidence)."""
    from kg.extract.lookups import lookup_place

    return c.type == "Place" and c.prio == 3 and not c.extra and lookup_place(c.label) is None


def retype_by_cues(doc: Doc, cands: list[Cand]) -> None:
    """Untitled PERSON and untyped name candidates take the class their context marks."""
    by_start = {c.start: c for c in cands}
    for c in cands:
        weak_person = c.type == "Person" and not c.extra.get("titled") and c.prio <= 4
        untyped = c.type == "?" and c.extra.get("ner") in ("ORG", "PROPN", "PERSON") and not c.label.isupper()
        if not (weak_person or untyped):
            if _unknown_tagged_place(c) and not place_cue(doc, c, by_start) and person_cue(doc, c) \
                    and all(is_cap(t) for t in doc[c.start:c.end]):
                c.type = "Person"  # "Hidma, commander of ...", "named as A, B and C"
                c.extra["person_ev"] = True
            continue
        if place_cue(doc, c, by_start):
            c.type = "Place"
            c.extra["place_ev"] = True
        elif person_cue(doc, c) and all(is_cap(t) or t.text in ("-", "'") for t in doc[c.start:c.end]):
            c.type = "Person"
            c.extra["person_ev"] = True


def merge_list_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Join two abutting name candidates inside a comma list ("A, B C D, E") into one name."""
    out: list[Cand] = []
    i = 0
    cs = sorted(cands, key=lambda c: c.start)
    while i < len(cs):
        a = cs[i]
        b = cs[i + 1] if i + 1 < len(cs) else None
        if b is not None and b.start == a.end and a.group < 0 and b.group < 0 \
                and a.prio <= 4 and b.prio <= 4 and a.top in ("Place", "Person", "?") \
                and b.top in ("Place", "Person", "?") and not a.extra.get("titled") \
                and not b.extra.get("titled") and "\n" not in doc[a.start:b.end].text \
                and _tok(doc, a.start - 1) in (",", "and", "or") and _tok(doc, b.end) in (",", "and", "or"):
            out.append(Cand(start=a.start, end=b.end, label=doc[a.start:b.end].text, type="?", prio=2,
                            extra={"ner": "PROPN"}))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _strong_place(c: Cand) -> bool:
    return c.top == "Place" and (c.prio >= 3 or c.extra.get("place_ev") or c.extra.get("listed"))


def _strong_person(c: Cand) -> bool:
    return c.type == "Person" and (c.extra.get("titled") or c.extra.get("person_ev"))


def consistent_types(doc: Doc, cands: list[Cand]) -> None:
    """One name, one class in an article: strong evidence for one mention types the others."""
    from kg.extract.entities.coreference import key_of
    from kg.extract.lookups import lookup_place

    place_keys = {key_of(c.label, "Place") for c in cands if _strong_place(c)}
    person_names = {key_of(c.label, "Person") for c in cands if _strong_person(c)}
    surnames = set()
    head_end = _title_case_line(doc)
    for c in cands:
        if c.type == "Person" and len(c.label.split()) >= 2 and (c.extra.get("titled") or c.prio >= 4) \
                and c.start >= head_end:
            last = key_of(c.label.split()[-1], "Person")
            surnames.add(last)
            if last.startswith(("al ", "el ")):
                surnames.add(last[3:])
    name_words = _person_name_words(cands, head_end)
    by_start = {c.start: c for c in cands}
    for c in cands:
        if c.prio > 4 or c.extra.get("titled") or c.extra.get("known"):
            continue
        kp = key_of(c.label, "Place")
        kn = key_of(c.label, "Person")
        if c.top in ("Person", "?") and kp in place_keys and kn not in person_names:
            c.type = "Place"
            c.extra["place_ev"] = True
        elif c.top in ("Place", "?") and not _strong_place(c) and (kn in person_names or kn in surnames) \
                and kp not in place_keys and (c.extra.get("was_person") or lookup_place(c.label) is None):
            c.type = "Person"
        elif c.top in ("Place", "?") and c.end - c.start == 1 and kn in name_words \
                and not c.extra.get("place_ev") and not c.extra.get("listed") and lookup_place(c.label) is None \
                and not place_cue(doc, c, by_start):
            # "Sallau said" after "Ibrahim Sallau Ali": a word of a person's name the tables
            # do not know as a place is that person
            c.type = "Person"
            c.extra["person_ev"] = True


def _person_name_words(cands: list[Cand], head_end: int) -> set[str]:
    """Folded words of the multi-word person names the text gives (first, middle and last)."""
    from kg.extract.entities.coreference import key_of

    out: set[str] = set()
    for c in cands:
        if c.type == "Person" and c.end - c.start >= 2 and (c.extra.get("titled") or c.prio >= 4
                                                           or c.extra.get("person_ev")) and c.start >= head_end:
            for w in c.label.split():
                if len(w) >= 3 and w[:1].isupper():
                    out.add(key_of(w, "Person"))
    return out


#: Nouns a name modifies without being mentioned as an entity ("US air strikes", "African Union troops").
MODIFIED_NOUNS = {"troops", "soldiers", "forces", "base", "bases", "air", "airstrikes", "airstrike",
                  "strikes", "drones", "drone", "warplanes", "jets", "aircraft", "personnel",
                  "officials", "official", "authorities", "embassy", "envoy", "backing", "support",
                  "funding", "funded", "weapons", "advisers", "advisors", "intelligence"}
#: Second halves of "X-led" style compounds.
_COMPOUND_PARTS = ("led", "backed", "trained", "based", "funded", "aligned", "linked", "allied",
                   "supported", "sponsored", "armed", "equipped", "brokered", "owned", "run")
#: Nouns naming a media outlet ("the official news agency X").
MEDIA_NOUNS = {"agency", "broadcaster", "newspaper", "daily", "channel", "outlet", "website", "station",
               "tv", "television", "radio", "weekly", "magazine", "newswire", "wire"}


def is_modifier_only(doc: Doc, c: Cand) -> bool:
    """``c`` only qualifies a noun ("US-led", "African Union troops") or names a media outlet."""
    e = c.end
    if e + 1 < len(doc) and doc[e].text == "-" and doc[e + 1].lower_ in _COMPOUND_PARTS:
        return True
    if e < len(doc) and "-" in doc[e].text and doc[e].text.split("-")[-1].lower() in _COMPOUND_PARTS \
            and doc[e].text.startswith("-"):
        return True
    if e < len(doc) and doc[e].lower_ in MODIFIED_NOUNS and doc[e].pos_ in ("NOUN", "ADJ") \
            and not doc[e].text[:1].isupper():
        return True
    if c.start > 0 and doc[c.start - 1].lower_ in MEDIA_NOUNS:
        return True
    return False


def drop_modifiers(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Remove weak name candidates that are used only as modifiers."""
    return [c for c in cands if not (c.prio <= 3 and not c.extra.get("known")
                                     and c.top in ("Place", "Force", "?") and is_modifier_only(doc, c))]


def _title_case_line(doc: Doc) -> int:
    """Token end of a first line written in Title Case (a headline), else 0."""
    end = 0
    while end < len(doc) and "\n" not in doc[end].text_with_ws:
        end += 1
    words = [t for t in doc[:end + 1] if t.is_alpha and len(t.text) >= 4]
    if len(words) < 2:
        return 0
    caps = sum(1 for t in words if t.text[0].isupper())
    return end + 1 if caps >= 0.8 * len(words) else 0


def headline_filter(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """In a Title Case headline capitals say nothing: keep only names the body or the tables know."""
    from kg.extract.entities.coreference import key_of
    from kg.extract.lookups import lookup_place

    end = _title_case_line(doc)
    if not end:
        return cands
    body = {key_of(c.label, c.top) for c in cands if c.start >= end}
    body_text = doc[end:].text.lower() if end < len(doc) else ""
    out = []
    for c in cands:
        if c.start < end and not c.extra.get("known") and key_of(c.label, c.top) not in body \
                and c.label.lower() not in body_text and lookup_place(c.label) is None:
            continue
        out.append(c)
    return out


_SPELT = {"spelt", "spelled", "written", "transliterated", "rendered"}


def spelling_variants(doc: Doc, cands: list[Cand]) -> None:
    """"X, also spelt Y or Z": Y and Z take the class of X and are marked as its variants."""
    cs = sorted(cands, key=lambda c: c.start)
    for i in toks(doc).positions(_SPELT):
        tok = doc[i]
        if tok.lower_ not in _SPELT or i == 0 or doc[i - 1].lower_ not in ("also", "alternatively", "sometimes"):
            continue
        before = [c for c in cs if c.end <= i - 1 and i - 1 - c.end <= 3]
        if not before:
            continue
        src = before[-1]
        k = i + 1
        if k < len(doc) and doc[k].lower_ == "as":
            k += 1
        for c in cs:
            if c.start < k:
                continue
            if c.start > k:
                break
            if c.prio <= 4 and not c.extra.get("known"):
                c.type = src.type
                c.extra["variant_of"] = src.label
                if src.top == "Place":
                    c.extra["place_ev"] = True
            k = c.end
            if k < len(doc) and doc[k].lower_ in ("or", ",", "and"):
                k += 1


#: Plural nouns that open a list of forces ("criminal groups, among them A, B and C").
FORCE_LIST_NOUNS = {"groups", "gangs", "cartels", "militias", "factions", "organisations", "organizations",
                    "outfits", "movements", "syndicates"}
#: Plural nouns that open a list of places ("villages such as A and B").
PLACE_LIST_NOUNS = {"towns", "villages", "cities", "districts", "areas", "provinces", "regions", "localities",
                    "communities", "settlements", "countries", "neighbourhoods", "neighborhoods", "hamlets",
                    "municipalities", "counties", "states"}
_LIST_OPENERS = {("among", "them"), ("such", "as"), ("including",), ("namely",)}


def _list_class(doc: Doc, i: int) -> tuple[str | None, int]:
    """The class a list opener at token ``i`` gives its members, and the first member token."""
    for opener in _LIST_OPENERS:
        if tuple(t.lower_ for t in doc[i:i + len(opener)]) != opener:
            continue
        start = i + len(opener)
        k = i - 1
        if k >= 0 and doc[k].text == ",":
            k -= 1
        lo = max(0, i - 8)
        while k >= lo:
            t = doc[k]
            if t.pos_ == "NOUN" and t.text.islower():
                if t.lower_ in FORCE_LIST_NOUNS:
                    return "Force", start
                if t.lower_ in PLACE_LIST_NOUNS:
                    return "Place", start
                return None, start
            if t.is_sent_start or t.text in (";", ":", "(", ")"):
                break
            k -= 1
        return None, start
    return None, i


def list_head_types(doc: Doc, cands: list[Cand]) -> None:
    """Members of a list a plural noun opens take its class: "criminal groups, among them A,
    B and C" lists forces, "villages such as A and B" places (tables and titles still win)."""
    by_start = {c.start: c for c in cands}
    for i in toks(doc).positions({"among", "such", "including", "namely"}):
        cls, k = _list_class(doc, i)
        if cls is None:
            continue
        members = []
        n = len(doc)
        while k < n:
            if doc[k].lower_ in ("the", "and", "or", ",", "a"):
                k += 1
                continue
            c = by_start.get(k)
            if c is None:
                break
            members.append(c)
            k = c.end
            if k + 2 < n and doc[k].text == "(" and doc[k + 2].text == ")":
                k += 3  # "(CJNG)"
        if len(members) < 2:
            continue
        for c in members:
            if c.top == cls or c.top == "Operation" or c.extra.get("known") or c.extra.get("titled") \
                    or c.group >= 0 or c.prio >= 6:
                continue
            c.type = cls
            c.extra["list_ev"] = cls


#: Nouns an apposition uses for an armed group ("X, the North Caucasus branch of the Islamic State").
FORCE_APPOSITION_NOUNS = {"branch", "affiliate", "offshoot", "franchise", "faction", "splinter", "wing",
                          "militia", "insurgency", "group", "outfit", "cell"}
_APPOSITION_OPEN = {"the", "a", "an", "its", "their"}


def force_apposition(doc: Doc, c: Cand) -> bool:
    """An apposition calls ``c`` an armed group: "X, the North Caucasus branch of the Islamic
    State", "X, an Islamic State affiliate," (a noun of :data:`FORCE_APPOSITION_NOUNS` heads it)."""
    e = c.end
    n = len(doc)
    if e + 2 >= n or doc[e].text != "," or doc[e + 1].lower_ not in _APPOSITION_OPEN:
        return False
    for k in range(e + 2, min(e + 9, n)):
        t = doc[k]
        if t.lower_ in FORCE_APPOSITION_NOUNS and t.pos_ == "NOUN":
            nxt = doc[k + 1].lower_ if k + 1 < n else ""
            # the head noun ends the noun phrase or takes "of"/"in" ("the Sahel branch of ...")
            return nxt in ("of", "in", ",", ".", "that", "which", "linked", "allied", "loyal") or \
                doc[k + 1].is_punct
        if t.is_punct and t.text not in ("'s", "’s", "-") or t.pos_ in ("VERB", "AUX", "ADP") \
                or t.lower_ in ROLE_NOUNS or t.lower_ in PLACE_OF_NOUNS | APPOSITION_PLACE_NOUNS:
            return False
    return False


def apposed_forces(doc: Doc, cands: list[Cand]) -> None:
    """Names an apposition calls an armed group are forces (tables and titled persons keep
    their class)."""
    from kg.extract.lookups import lookup_place

    def weak(c: Cand) -> bool:
        return not (c.top in ("Force", "Operation") or c.extra.get("known") or c.extra.get("titled")
                    or c.group >= 0 or c.prio > 5 or c.extra.get("dateline"))

    named: set[str] = set()
    for c in cands:
        if not weak(c):
            continue
        hit = lookup_place(c.label)
        if hit is not None and hit.kind in ("Country", "Province"):
            continue
        if force_apposition(doc, c):
            c.type = "ArmedGroup"
            c.extra["force_ev"] = True
            named.add(norm(c.label))
    # one name, one class: the other mentions of the same name are that group too
    for c in cands:
        if named and norm(c.label) in named and weak(c):
            c.type = "ArmedGroup"
            c.extra["force_ev"] = True


#: Verbs whose subject is an armed group when their object is one of the nouns beside them
#: ("X claimed responsibility", "X claimed the attack").
_CLAIM_OBJECTS = {"responsibility", "attack", "attacks", "bombing", "bombings", "ambush", "killing", "killings",
                  "assault", "raid", "kidnapping", "abduction"}


def claims_attack(doc: Doc, c: Cand) -> bool:
    """``c`` is the subject of "claimed responsibility" / "claimed the attack"."""
    head = doc[c.end - 1]
    while head.dep_ in ("compound", "flat") and head.head is not head and c.start <= head.head.i < c.end:
        head = head.head
    if head.dep_ != "nsubj" or head.head.lemma_.lower() != "claim":
        return False
    return any(ch.dep_ == "dobj" and ch.lower_ in _CLAIM_OBJECTS for ch in head.head.children)


def claiming_forces(doc: Doc, cands: list[Cand]) -> None:
    """A name that claims an attack is an armed group; its other mentions follow (tables,
    titled persons and strong candidates keep their class)."""
    from kg.extract.lookups import lookup_place

    named: set[str] = set()
    weak = [c for c in cands if c.top in ("Place", "Person", "?") and not c.extra.get("known")
            and not c.extra.get("titled") and c.group < 0 and c.prio <= 5 and not c.extra.get("dateline")]
    for c in weak:
        hit = lookup_place(c.label)
        if (hit is None or hit.kind not in ("Country", "Province")) and claims_attack(doc, c):
            named.add(norm(c.label))
    for c in weak:
        if norm(c.label) in named:
            c.type = "ArmedGroup"
            c.extra["force_ev"] = True
