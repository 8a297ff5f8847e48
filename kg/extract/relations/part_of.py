"""partOf between named forces: possessives, "of" phrases, appositions and "belongs to".

"the ELN's Eastern War Front", "the Netzah Yehuda Battalion of the Kfir Brigade", "the Qassam
Brigades, the armed wing of Hamas", "Jaysh al-Ayman, an elite al-Shabaab unit", "Hamas's armed
wing, the Qassam Brigades", "the 6th battalion belongs to the Rapid Intervention Battalion" and
"X is a branch of Y" / "X, which is a wing of Y" all make the first force a part of the
second. "linked to" / "allied with", affiliates, offshoots and breakaway factions do not. A bracketed short form after a name ("the Rapid
Response Unit (RRU), the elite force of Y") is passed over, and "of Y's Z" names Z, the nearer
whole ("the 5th Brigade of the army's 27th Division"). A possessive common noun stands for the
force it names ("the army's Third Division", "the division's 571 Brigade": :mod:`.nominals`).
"""
from __future__ import annotations

from kg.extract.relations.context import M, Ctx
from kg.extract.relations.nominals import stands_for
from kg.extract.tokens import toks

#: Nouns naming a part of an armed organisation.
PART_NOUNS = {"wing", "branch", "faction", "arm", "unit", "component", "cell", "division", "battalion", "brigade",
              "regiment", "company", "detachment", "front", "section", "subsidiary", "contingent", "element",
              "formation", "corps", "command", "force"}
#: Plural part nouns that announce a list of named parts: "three of its brigades - A, B and C".
PART_PLURALS = {"units", "brigades", "battalions", "divisions", "regiments", "companies", "components", "wings",
                "branches", "formations", "contingents", "fronts", "factions", "detachments"}
#: Words that make a "part" a separate organisation: "a breakaway faction of Y", "a splinter group".
NOT_PART = {"breakaway", "splinter", "rival", "dissident", "former", "ex", "renegade"}
#: Head words of a unit's own name that may be "of" another force ("X Battalion of the Y Brigade").
UNIT_HEADS = {"battalion", "battalions", "brigade", "brigades", "division", "regiment", "company", "front",
              "wing", "command", "unit", "corps", "squadron", "group", "sector", "zone", "force", "detachment",
              "platoon", "battery", "legion", "army", "committee"}
_POSS = ("'s", "’s", "'", "’")


def _force_at(ctx: Ctx, k: int) -> M | None:
    m = ctx.tok_mention.get(k)
    return m if m is not None and m.top == "Force" else None


def whole_at(ctx: Ctx, k: int) -> M | None:
    """The force named at ``k``, or the one it possesses: "the SNA's 27th Division" -> 27th Division,
    "Iran's Revolutionary Guard" -> the Revolutionary Guard, "the army's Gaza Division" -> Gaza Division."""
    m = ctx.tok_mention.get(k)
    doc = ctx.doc
    if m is None and k + 2 < len(doc) and doc[k + 1].text in _POSS and doc[k].pos_ == "NOUN":
        return _force_at(ctx, k + 2)  # "of the army's Gaza Division": the unit the common noun owns
    if m is not None and m.end + 1 < len(doc) and doc[m.end].text in _POSS:
        sub = _force_at(ctx, m.end + 1)
        if sub is not None:
            return sub
    return m if m is not None and m.top == "Force" else None


def after_name(doc, end: int) -> int:
    """The token after a name ending at ``end``, past a bracketed short form: "X (XYZ), ..." -> ","."""
    if end + 2 < len(doc) and doc[end].text == "(":
        for k in range(end + 1, min(len(doc), end + 6)):
            if doc[k].text == ")":
                return k + 1
    return end


def _possessor(ctx: Ctx, start: int) -> M | None:
    """Force named by a possessive right before token ``start`` ("the ELN's X"), or the one "its"
    stands for ("the State Police said its Special Task Force")."""
    doc = ctx.doc
    k = toks(doc).skip_back(start - 1, ("the", "elite", "special", "feared", "powerful"))
    while k >= 1 and doc[k].lower_ in ("and", ",") and doc[start - 1].lower_ != "the":
        prev = ctx.tok_mention.get(k - 1 if doc[k - 1].text != "," else k - 2)
        if prev is None or prev.top != "Force":
            break  # "its A and B teams", "X's A, B and C": a bare later member shares the first's owner
        start = prev.start
        k = toks(doc).skip_back(start - 1, ("the", "elite", "special", "feared", "powerful"))
    if k >= 1 and doc[k].text in _POSS:
        return _owner_noun(ctx, k - 1)
    if k >= 0 and doc[k].lower_ in ("its", "their"):
        return pronoun_owner(ctx, doc[k], ctx.tok_mention.get(start))
    return None


def _owner_noun(ctx: Ctx, k: int) -> M | None:
    """The force named, or stood for, by the possessor at ``k``: "the ELN", "the army", "the division"."""
    key = stands_for(ctx, k)  # "the army's Third Division", "the division's 571 Brigade"
    if key is not None:
        return next((x for x in reversed(ctx.mentions) if x.key == key), None)
    return _force_at(ctx, k)


def pronoun_owner(ctx: Ctx, pron, part: M | None = None) -> M | None:
    """The force "its" / "their" stands for: the subject of its clause ("X said its unit"), else the
    force the sentence names last before it, or that force's owner ("the police's A and its B"),
    but not a peer of ``part`` ("the 2nd Brigade ... and its 3rd Brigade")."""
    own = _subject_force(ctx, pron)
    if own is not None or pron.dep_ != "poss":
        return own
    near = next((x for x in reversed(ctx.mentions) if pron.sent.start <= x.start and x.end <= pron.i), None)
    if near is not None and near.start >= 2 and ctx.doc[near.start - 1].text == "(":
        near = ctx.tok_mention.get(near.start - 2, near)  # "A (AA)": the name the short form repeats
    if near is None or near.top != "Force":
        return None
    owner = _possessor(ctx, near.start) if ctx.doc[near.start - 1].lower_ not in ("its", "their") else None
    if owner is not None:
        return owner
    if part is not None and ctx.doc[near.end - 1].lower_.rstrip("s") == ctx.doc[part.end - 1].lower_.rstrip("s"):
        return None
    return near


def _subject_force(ctx: Ctx, pron) -> M | None:
    """The force a possessive pronoun stands for: the subject of the clause it is in, or of the
    verb that clause reports ("X said its unit ...", "the group said its armed wing ...")."""
    cur = pron
    for _ in range(6):
        if cur.head is cur or cur.dep_ == "conj":
            return None  # "X's 1st and 2nd units ... and its 3rd": a peer's subject is not the owner
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pron.i), None)
            if subj is not None:
                return _force_at(ctx, subj.i) or _group_noun(ctx, subj)
    return None


#: Common nouns that stand for the armed group the text last named: "the group said its wing ...".
GROUP_NOUNS = {"group", "movement", "militia", "organisation", "organization", "outfit", "party", "alliance"}


def _group_noun(ctx: Ctx, tok) -> M | None:
    """The last hostile force named before "the group" (or the force a unit noun stands for)."""
    key = stands_for(ctx, tok.i)
    if key is None and tok.lower_ in GROUP_NOUNS and tok.i >= 1 and ctx.doc[tok.i - 1].lower_ == "the":
        key = next((x.key for x in reversed(ctx.mentions) if x.start < tok.i and x.key in ctx.hostile), None)
    return next((x for x in reversed(ctx.mentions) if x.key == key), None) if key else None


def _included_in(ctx: Ctx, m: M) -> M | None:
    """"Y includes X", "Y groups A with X", "Y, an alliance of militias that includes X": Y, for the
    force X included."""
    doc = ctx.doc
    tok = doc[m.end - 1]
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    verb = tok.head
    if tok.dep_ == "pobj" and verb.lower_ == "with" and verb.head.lemma_.lower() in ("group", "unite"):
        tok, verb = verb, verb.head  # "Y groups A with B and C"
    if tok.dep_ not in ("dobj", "prep") or verb.lemma_.lower() not in ("include", "comprise", "group", "unite"):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    if subj.lower_ in ("that", "which") and verb.dep_ == "relcl":
        ante = verb.head  # "an alliance of militias that includes X": the alliance's name
        while ante.dep_ in ("pobj", "prep", "appos") and ante.head is not ante:
            ante = ante.head
        return _force_at(ctx, ante.i)
    return _force_at(ctx, subj.i)


def _of_owner(ctx: Ctx, m: M) -> M | None:
    """"X Battalion of the Y Brigade": Y, when X's name ends in a unit word."""
    doc = ctx.doc
    end = after_name(doc, m.end)
    if doc[m.end - 1].lower_ not in UNIT_HEADS or end + 1 >= len(doc) or doc[end].lower_ != "of":
        return None
    return whole_at(ctx, toks(doc).skip_ahead(end + 1, ("the",)))


def _apposed_whole(ctx: Ctx, m: M) -> M | None:
    """"M, the armed wing of O" / "M, an elite O unit" / "M, a O unit": O."""
    doc = ctx.doc
    k = after_name(doc, m.end)
    if k < len(doc) and doc[k].text == ")" and m.start > 0 and doc[m.start - 1].text == "(":
        k += 1  # the short form itself: "Full Name (XYZ), the armed wing of O"
    if k + 2 >= len(doc) or doc[k].text != ",":
        return None
    k += 1
    if doc[k].lower_ not in ("the", "a", "an", "its", "one"):
        return _possessed_part(ctx, k)
    if doc[k].lower_ == "one" and k + 1 < len(doc) and doc[k + 1].lower_ == "of":
        # "X, one of three ethnic armies in the Y alliance": a member of Y
        for r in range(k + 2, min(len(doc), k + 9)):
            t = doc[r]
            if t.text in (",", ";", ".") or t.pos_ in ("VERB", "AUX"):
                return None
            if t.lower_ in ("in", "of", "within") and doc[r - 1].tag_ == "NNS":
                return _force_at(ctx, toks(doc).skip_ahead(r + 1, ("the",)))
        return None
    hi = min(len(doc), k + 8)
    for r in range(k + 1, hi):
        t = doc[r]
        if _force_at(ctx, r) is not None:
            continue  # "X, the Y Force": a word of another name is not a part noun
        if t.text in (",", ";", ".", "(") or t.pos_ in ("VERB", "AUX") and t.tag_ not in ("VBN", "VBG"):
            return None  # a finite verb ends the apposition; "US-trained", "fast-moving" modify its noun
        if t.lower_ in NOT_PART:
            return None  # "X, a breakaway faction of O" is no longer O's
        if t.lower_ in PART_NOUNS and t.pos_ in ("NOUN", "PROPN"):
            # "the armed wing of O"
            if r + 1 < len(doc) and doc[r + 1].lower_ == "of":
                o = whole_at(ctx, toks(doc).skip_ahead(r + 2, ("the",)))
                if o is not None and o.end < len(doc) and doc[o.end].pos_ == "NOUN":
                    return None  # "a joint force of O soldiers" says what it is made of
                return o
            # "an elite O unit", "a O brigade"
            o = next((ctx.tok_mention[x] for x in range(k + 1, r) if _force_at(ctx, x) is not None), None)
            return o
    return None


def _possessed_part(ctx: Ctx, k: int) -> M | None:
    """"M, O's wing in the Sahel", "M, O's West Africa branch": O, for an apposition that
    starts with a possessed force and heads on a part noun (token ``k`` starts the apposition)."""
    doc = ctx.doc
    owner = _force_at(ctx, k)
    if owner is None or owner.end + 1 >= len(doc) or doc[owner.end].text not in _POSS:
        return None
    for r in range(owner.end + 1, min(len(doc), owner.end + 5)):
        t = doc[r]
        if t.lower_ in NOT_PART or t.text in (",", ";", ".", "(") or t.pos_ in ("VERB", "AUX"):
            return None
        if t.lower_ in PART_NOUNS and t.pos_ in ("NOUN", "PROPN") and _force_at(ctx, r) is None:
            return owner
    return None


#: Marks that open an apposition or a list after a noun: "its armed wing, X", "its brigades - A, B".
_APPOS_MARKS = (",", "-", "–", "—", ":")


def _possessed_apposition(ctx: Ctx, m: M) -> M | None:
    """"O's armed wing, M", "its armed wing, M", "three of its brigades - A, B and M": O, for the
    force M in apposition to (a list after) a possessed part noun."""
    doc = ctx.doc
    k = _list_start(ctx, toks(doc).skip_back(m.start - 1, ("the",)))
    if k < 2 or doc[k].text not in _APPOS_MARKS:
        return None
    r = k - 1
    if doc[r].lower_ not in PART_NOUNS | PART_PLURALS:
        return None
    j = r - 1
    while j >= 0 and (doc[j].pos_ == "ADJ" or doc[j].like_num) and doc[j].lower_ not in NOT_PART:
        j -= 1
    if j >= 1 and doc[j].text in _POSS:
        return _owner_noun(ctx, j - 1)
    if j >= 0 and doc[j].lower_ in ("its", "their"):
        return pronoun_owner(ctx, doc[j])
    return None


def _list_start(ctx: Ctx, k: int) -> int:
    """Back from ``k`` over the earlier members of a list of forces ("A, B and" before C): the
    token before the first member."""
    doc = ctx.doc
    for _ in range(8):
        if k < 1 or doc[k].lower_ not in (",", "and") and doc[k].text not in _APPOS_MARKS:
            return k
        j = k - 1 if doc[k].lower_ != "and" or doc[k - 1].text != "," else k - 2
        if doc[j].text == ")":  # "A (AA)": the name before its short form
            j = next((x - 1 for x in range(j - 1, max(0, j - 6), -1) if doc[x].text == "("), j)
        prev = ctx.tok_mention.get(j)
        if prev is None or prev.top != "Force":
            return k
        k = toks(doc).skip_back(prev.start - 1, ("the",))
    return k


def _belongs_to(ctx: Ctx, m: M) -> M | None:
    """"M belongs to O", "M is part of O", "M, which belongs to O"."""
    doc = ctx.doc
    tok = doc[m.end - 1]
    head = tok.head
    if tok.dep_ == "relcl" or head.i == tok.i:
        return None
    verb = None
    if tok.dep_ in ("nsubj",) and head.lemma_.lower() == "belong":
        verb = head
    else:
        for c in tok.children:
            if c.dep_ == "relcl" and c.lemma_.lower() in ("belong",):
                verb = c
    if verb is None:
        return None
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "to":
            for g in c.children:
                o = _force_at(ctx, g.i) or next((ctx.tok_mention[x.i] for x in g.subtree
                                                 if _force_at(ctx, x.i) is not None), None)
                if o is not None:
                    return o
    return None


_COPULAS = {"be", "become", "remain", "serve", "act", "operate", "function"}


def _predicated_part(ctx: Ctx, m: M) -> M | None:
    """"M is a branch of O", "M, which is a wing of O", "M became O's armed wing",
    "M serves as an O unit": O, for a part noun predicated of the force M."""
    doc = ctx.doc
    tok = doc[m.end - 1]
    verbs = [tok.head] if tok.dep_ == "nsubj" and tok.head is not tok else []
    verbs += [c for c in tok.children if c.dep_ == "relcl"
              and any(x.dep_ == "nsubj" and x.lower_ in ("which", "that", "who") for x in c.children)]
    for verb in verbs:
        if verb.lemma_.lower() not in _COPULAS:
            continue
        attrs = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
        attrs += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children
                  if g.dep_ == "pobj"]
        for a in attrs:
            if a.lower_ not in PART_NOUNS | {"part", "member"}:
                continue
            for c in a.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    o = next((ctx.tok_mention[x.i] for x in c.subtree if _force_at(ctx, x.i) is not None), None)
                    if o is not None:
                        return o
                if c.dep_ in ("poss", "compound", "nmod") and c.i < a.i:
                    o = next((ctx.tok_mention[x.i] for x in c.subtree if _force_at(ctx, x.i) is not None), None)
                    if o is not None:
                        return o
    return None


def _relative_member(ctx: Ctx, m: M) -> M | None:
    """"Y, ... to which M belongs", "Y, an umbrella of groups of which M is a part", "Y, the
    alliance whose main component is M": Y."""
    doc = ctx.doc
    k = toks(doc).skip_back(m.start - 1, ("the",))
    nxt = doc[m.end] if m.end < len(doc) else None
    if k >= 1 and doc[k].lower_ == "which" and doc[k - 1].lower_ == "to" and nxt is not None \
            and nxt.lemma_.lower() == "belong":
        return _clause_owner(ctx, k - 1)
    if k >= 1 and doc[k].lower_ == "which" and doc[k - 1].lower_ == "of" and nxt is not None \
            and nxt.lemma_.lower() == "be" and m.end + 2 < len(doc) \
            and doc[toks(doc).skip_ahead(m.end + 1, ("a", "an", "the", "key", "main"))].lower_ in ("part", "member"):
        return _clause_owner(ctx, k - 1)
    if k >= 2 and doc[k].lemma_.lower() == "be":
        j = k - 1
        if doc[j].lower_ not in PART_NOUNS | PART_PLURALS:
            return None
        j -= 1
        while j >= 0 and doc[j].pos_ == "ADJ":
            j -= 1
        if j >= 0 and doc[j].lower_ == "whose":
            return _clause_owner(ctx, j)
    return None


def _clause_owner(ctx: Ctx, k: int) -> M | None:
    """The force a relative clause starting at ``k`` describes: the force whose apposition it
    ends ("Y, a faction of Z to which ..." -> Y), else the force right before it."""
    doc = ctx.doc
    lo = doc[k].sent.start
    before = next((ctx.tok_mention[x] for x in range(k - 1, max(lo, k - 4) - 1, -1)
                   if doc[x].text not in (")", "(") and x in ctx.tok_mention), None)
    for c in range(k - 1, lo, -1):
        if doc[c].pos_ in ("VERB", "AUX") and doc[c].tag_ not in ("VBN", "VBG"):
            break
        if doc[c].text == "," and c + 1 < k and doc[c + 1].lower_ in ("a", "an", "the"):
            j = c - 1
            if doc[j].text == ")":
                j = next((x - 1 for x in range(j - 1, max(lo, j - 6), -1) if doc[x].text == "("), j)
            o = _force_at(ctx, j)
            if o is not None:
                return o
    return before if before is not None and before.top == "Force" else None


def named_unit_structure(ctx: Ctx) -> None:
    """Add Force partOf Force for every named force the text puts inside another."""
    for m in ctx.mentions:
        if m.top != "Force":
            continue
        for find in (_possessor_of, _of_owner, _apposed_whole, _possessed_apposition, _belongs_to,
                     _predicated_part, _included_in, _relative_member):
            o = find(ctx, m)
            if o is not None and o.key != m.key:
                ctx.add(m.key, "partOf", o.key, m.sent, 0.65)
                break


def _possessor_of(ctx: Ctx, m: M) -> M | None:
    return _possessor(ctx, m.start)
