"""threatenedBy: a hostile group the sentence puts in a specific place.

The place must be tied to a presence predicate by the parse: the object of "hold",
"control", "attack"; the object of "in/across" under "operate", "active", "hide", "presence",
"bases"; the scene of an attack the group makes ("attacked a convoy in X", "a patrol was ambushed
by the rebels near X"); a place whose relative clause or apposition says so ("X, which the group still
holds", "X, the insurgents' main bastion"); or a member of a list that such a subject
"includes" ("places that still face a threat include X and Y"). A clause that names who holds
or held the place names the group: "drove X from Y", "keep X out of Y", "retook Y from X",
"cleared Y of X", "Y was under the control of X", "the X-held town of Y". A presence noun ("camp",
"base", "stronghold") counts for the group it belongs to ("an ISIS camp in Y", "the militants'
bases"), never for another force's ("an army base in Y"). A "where" clause on the place says who is
there ("Y, where the rebels hold out"), even on a reference point. A clause's subject names the group:
"they" of a reported clause stands for whoever says it ("X said they had taken Y"), a generic subject
for the groups it lists ("criminal groups operating in Y, among them A and B"), "its" for the group
named before it. Reference points and places merely mentioned in the same sentence are left out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.tokens import toks as _toks
from kg.extract.relations.context import Ctx, described_by, hostile_in_focus
from kg.extract.relations.place_roles import _through_area_noun, list_head, span_root
from kg.model import Extraction

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Verbs whose object place is held, used or attacked by their subject.
HOLD_VERBS = {"hold", "control", "occupy", "attack", "storm", "infiltrate", "use", "overrun",
              "besiege", "seize", "capture", "run", "dominate", "raid", "shell", "target", "enter",
              "reach", "take", "retake", "recapture", "encircle", "surround", "penetrate", "loot",
              "torch", "ransack", "terrorise", "terrorize", "infest", "strike", "hit", "bomb", "ambush"}
#: Predicates whose locative complement is where the group is.
PRESENT_WORDS = {"operate", "active", "present", "presence", "hide", "remain", "regroup",
                 "re-group", "roam", "base", "bases", "based", "stronghold", "strongholds",
                 "bastion", "bastions", "hideout", "hideouts", "camp", "camps", "market",
                 "markets", "threat", "cell", "cells", "hub", "sanctuary", "haven", "foothold",
                 "shelter", "headquarters", "lair", "enclave", "fief", "heartland", "insurgency", "rebellion",
                 "uprising", "attack", "attacks", "refuge", "front", "fronts", "faction", "factions",
                 "branch", "affiliate", "grip", "sway", "stranglehold"}
#: Verbs of a group going somewhere: their destination is where it now is ("fled to X", "massed in X").
MOVE_VERBS = {"flee", "retreat", "relocate", "mass", "gather", "escape", "withdraw", "move"}
_PRES = HOLD_VERBS | PRESENT_WORDS | MOVE_VERBS
#: Holding verbs whose place is their direct object only ("entered X", not "took them into X").
_OBJECT_ONLY = {"enter", "reach", "take", "retake", "recapture", "encircle", "surround", "penetrate", "loot",
                "torch", "ransack", "terrorise", "terrorize", "infest"}
_ATTACK = {"attack", "storm", "raid", "shell", "target", "besiege", "overrun", "seize", "capture", "strike", "hit",
           "bomb", "ambush"}
_GENERIC_HOSTILE = {"militant", "insurgent", "group", "jihadist", "fighter", "cell", "remnant",
                    "terrorist", "attacker", "extremist", "rebel", "gunman", "gang", "cartel", "bandit",
                    "guerrilla", "separatist", "militiaman", "jihadi"}


def _pred_for(tok: Token) -> Token | None:
    """The presence predicate the place ``tok`` (a list head) depends on, if any."""
    members = [tok, *tok.conjuncts]
    anchors = members + [c for x in members for c in x.children if c.dep_ == "appos"]
    for a in anchors:
        if a is not tok and a.lemma_.lower() in PRESENT_WORDS:
            return a
        for r in a.children:
            if r.dep_ in ("relcl", "acl") and r.lemma_.lower() in _PRES:
                return r
            if r.dep_ == "relcl" and any(c.lower_ == "where" for c in r.children) and any(
                    c.dep_ in ("dobj", "attr") and c.lemma_.lower() in PRESENT_WORDS for c in r.children):
                return r  # "X, where the group has its headquarters / keeps its bases"
    cur = tok
    for _ in range(5):
        dep = cur.dep_
        if cur.head is cur or dep not in ("pobj", "dobj", "nsubjpass", "attr", "appos", "prep", "conj",
                                          "npadvmod", "pcomp", "compound", "oprd", "nsubj", "agent"):
            return None
        if dep == "conj" and cur.pos_ == "NOUN":
            return None  # "an ISIS camp and a police post in X": X is the post's, not the camp's
        cur = cur.head
        lem = _verb_lemma(cur)
        if lem in _PRES and not (dep == "nsubj" and lem in HOLD_VERBS):
            if lem in _OBJECT_ONLY and dep == "prep":
                return None  # "took them into the bush", "reached an agreement in X"
            if lem in MOVE_VERBS and not (dep == "prep" and tok.head.lower_ in ("to", "into", "in", "inside")
                                          and cur.i == tok.head.head.i):
                return None  # "fled to X", "massed in X"; not "fled from X" or "moved supplies"
            return cur
        if lem == "be":
            comp = next((c for c in cur.children if c.dep_ in ("acomp", "attr")
                         and c.lemma_.lower() in PRESENT_WORDS), None)
            if comp is not None:
                return comp
        if cur.pos_ == "VERB" and dep in ("prep", "conj"):
            # "opened markets at X", "established bases in X"
            obj = next((c for c in cur.children if c.dep_ == "dobj" and c.lemma_.lower() in PRESENT_WORDS), None)
            if obj is not None:
                return obj
        if cur.dep_ == "relcl" and any(c.lower_ == "where" for c in cur.children):
            return cur
        if lem == "include" and dep in ("dobj", "attr"):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and any(x.lemma_.lower() in _PRES for x in subj.subtree):
                return subj
            return None
        if cur.pos_ in ("VERB", "AUX") and lem not in ("be", "have"):
            return None
    return None


def threats(ctx: Ctx, is_reference, is_dateline) -> None:
    """Add Place threatenedBy Force for each place a hostile group is put in."""
    doc = ctx.doc
    for i, sent in enumerate(ctx.sents):
        ms = ctx.by_sent.get(i, [])
        places = [m for m in ms if m.top == "Place"]
        if not places:
            continue
        main = hostile_in_focus(ctx, i)
        mains = main_hostiles(ctx, main)
        hostile = [m for m in ms if m.key in ctx.hostile and not described_by(doc, m)]
        generic = any(x in _GENERIC_HOSTILE for x in _toks(doc).lemma_low[sent.start:sent.end])
        if not hostile and not generic:
            continue
        for m in places:
            if is_dateline(doc, m):
                continue
            root = span_root(doc, m.start, m.end)
            where = _where_clause(list_head(root))
            if where is not None:
                found = _clause_holders(ctx, where, hostile, mains, named_only=not _presence_clause(where))
                for h in found:
                    ctx.add(m.key, "threatenedBy", h, i, 0.55)
                if found:
                    continue
            if is_reference(doc, m):
                continue
            raw = list_head(root)
            tok = list_head(_through_area_noun(raw))
            held_by = _held_by(ctx, tok) or _held_by(ctx, raw) or (_held_by(ctx, root) if root is not raw else None)
            holders = _owners(ctx, held_by, hostile, mains) if held_by is not None else []
            if holders:
                for h in holders:
                    ctx.add(m.key, "threatenedBy", h, i, 0.6)
                continue
            owner = _attack_owner(root)
            if owner is not None:
                attackers = _owners(ctx, owner, hostile, mains)
                for h in attackers:
                    ctx.add(m.key, "threatenedBy", h, i, 0.55)
                if attackers:
                    continue
            pred = _pred_for(tok) or (_pred_for(raw) if raw is not tok else None)
            if pred is not None and pred.pos_ in ("NOUN", "PROPN") and pred.lemma_.lower() in PRESENT_WORDS:
                owner = _noun_owner(pred)
                if owner is not None:
                    # "the militants' camps in X", "an ISIS hideout in X", "an army base in X":
                    # whose base it is decides, not which group the sentence names
                    for h in _owners(ctx, owner, hostile, mains):
                        ctx.add(m.key, "threatenedBy", h, i, 0.6)
                    continue
            if pred is None:
                # "killed three X militants in the Y area", "X's attacks on posts in Y": the group
                # acts or is acted on in the clause that has the place as its scene
                for h in _acting_here(doc, m, hostile):
                    ctx.add(m.key, "threatenedBy", h.key, i, 0.45)
                continue
            if pred.pos_ == "NOUN" and pred.dep_ == "dobj" and pred.head.pos_ == "VERB":
                # "X and Y said they had taken control of Z", "the group launched attacks on Z"
                found = _clause_holders(ctx, pred.head, hostile, mains)
                for h in found:
                    ctx.add(m.key, "threatenedBy", h, i, 0.6 if h in {x.key for x in hostile} else 0.5)
                if found:
                    continue
            if pred.pos_ in ("VERB", "AUX"):
                found = _clause_holders(ctx, pred, hostile, mains)
                for h in found:
                    ctx.add(m.key, "threatenedBy", h, i, 0.6 if h in {x.key for x in hostile} else 0.5)
                if found or _verb_lemma(pred) in HOLD_VERBS | MOVE_VERBS or (
                        pred.dep_ == "relcl" and pred.lemma_.lower() not in _PRES):
                    continue
            if hostile:
                h = min(hostile, key=lambda x: abs(x.start - pred.i))
                ctx.add(m.key, "threatenedBy", h.key, i, 0.6)
            elif main:
                for h in mains:
                    ctx.add(m.key, "threatenedBy", h, i, 0.5)


#: Verbs that remove a group from a place: "drove X from Y", "keep X out of Y", "flush X out of Y".
REMOVAL_VERBS = {"drive", "keep", "flush", "push", "expel", "dislodge", "oust", "evict", "chase", "rout",
                 "root", "force", "purge", "smoke", "clear"}
#: Verbs that take a place back from its holder: "retook Y from X", "liberated Y from X".
RETAKING_VERBS = {"retake", "recapture", "reclaim", "recover", "liberate", "free", "wrest", "take", "seize",
                  "capture", "win", "regain"}
#: Verbs that rid a place of a group: "cleared Y of X".
RIDDING_VERBS = {"clear", "rid", "purge", "cleanse"}
#: Nouns of a hold over a place: "under the control of X", "under X control".
CONTROL_NOUNS = {"control", "rule", "occupation", "grip", "sway", "siege", "command", "hands", "hand"}
#: Participles of a hold in a compound modifier: "the X-held town", "X-controlled villages".
HELD_WORDS = {"held", "controlled", "occupied", "run", "dominated", "infested", "besieged"}


#: Irregular verb forms the parser's lemmatiser leaves as they are.
_IRREGULAR = {"retook": "retake", "retaken": "retake", "overran": "overrun", "fell": "fall", "drove": "drive",
              "driven": "drive", "took": "take", "taken": "take", "won": "win", "rid": "rid"}


def _verb_lemma(tok: Token) -> str:
    """The lemma of a verb, with the irregular forms the lemmatiser misses."""
    low = tok.lower_
    return _IRREGULAR.get(low, tok.lemma_.lower())


def _held_by(ctx: Ctx, tok: Token) -> list[int] | None:
    """Token ids that name who holds or held the place ``tok``, when the clause says so.

    "drove X from Y" / "keep X out of Y" (the verb's object), "retook Y from X" / "cleared Y of
    X" (the object of "from" / "of"), "Y had been under the control of X" / "under X control",
    "Y fell to X", "the X-held town of Y". None when the clause says nothing of a holder.
    """
    doc = tok.doc
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("at", "in", "of", "near") and head.head.pos_ == "NOUN" \
            and head.head.dep_ in ("dobj", "nsubjpass"):
        tok = head.head  # "captured the airfield at X from Y": the thing taken stands for its place
        head = tok.head
    # "the X-held town", "X-controlled Y": a participle of holding among the place's modifiers
    for c in tok.children:
        if c.dep_ in ("amod", "compound") and c.lower_ in HELD_WORDS and c.i < tok.i:
            left = c.i - 1
            if left >= 0 and doc[left].text == "-":
                return [x.i for x in doc[left].subtree] + [x.i for x in doc[max(0, left - 4):left]]
    if tok.dep_ == "pobj" and head.lower_ in ("from", "of") and head.head is not head:
        gov = head.head
        if gov.lower_ == "out" and gov.head is not gov:  # "keep X out of Y"
            gov = gov.head
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ == "dobj" and _verb_lemma(gov.head) in REMOVAL_VERBS \
                and head.lower_ == "from":
            return [x.i for x in gov.subtree if x.i < head.i]  # "clear the group from Y", "from" on the group
        lem = _verb_lemma(gov)
        if gov.pos_ in ("VERB", "AUX") and lem in REMOVAL_VERBS and not (lem == "clear" and head.lower_ == "of"):
            obj = [c for c in gov.children if c.dep_ == "dobj"]
            if obj:
                return [x.i for x in obj[0].subtree]
    elif tok.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        lem = _verb_lemma(head)
        want = "from" if lem in RETAKING_VERBS else "of" if lem in RIDDING_VERBS else None
        for c in head.children:
            if want and c.dep_ == "prep" and c.lower_ == want:
                return [x.i for x in c.subtree if x.i != c.i]
    if tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        found = _under_control(head)
        if found is not None:
            return found
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "into") and _verb_lemma(head) == "fall":  # "Y fell to X"
                return [x.i for x in c.subtree if x.i != c.i]
    # "Y, a town that had been under X control", "Y and Z, the latter still in X hands"
    nouns = [tok, *(c for c in tok.children if c.dep_ == "appos" and c.lower_ != "latter")]
    if tok.dep_ == "conj" and not any(c.dep_ == "conj" for c in tok.children):
        nouns += [c for c in tok.head.children if c.dep_ == "appos" and c.lower_ == "latter"]
    for n in nouns:
        for c in n.children:
            if c.dep_ in ("relcl", "acl"):
                found = _under_control(c)
                if found is not None:
                    return found
    return None


def _under_control(head: Token) -> list[int] | None:
    """Token ids of X in a phrase of ``head`` saying who holds its subject: "under the control of
    X", "under X control", "in X hands", "in the hands of X"; ``head`` may be that preposition."""
    preps = [head] if head.dep_ in ("relcl", "acl") and head.pos_ == "ADP" else []
    preps += [c for c in head.children if c.dep_ == "prep"]
    for c in preps:
        if c.lower_ not in ("under", "in"):
            continue
        obj = next((x for x in c.children if x.dep_ == "pobj"), None)
        if obj is None or obj.lemma_.lower() not in CONTROL_NOUNS:
            continue
        if c.lower_ == "in" and obj.lemma_.lower() != "hand":
            continue
        return [x.i for x in obj.subtree if x.i != obj.i]
    return None


#: Nouns of an assault whose object ("on X", "into X") is the place attacked.
ATTACK_NOUNS = {"attack", "raid", "assault", "incursion", "offensive", "ambush", "push", "advance", "bombing",
                "shelling", "onslaught", "incursions"}


def _attack_owner(tok: Token) -> list[int] | None:
    """Token ids of who makes the assault a place is the object of: "X's attack on Y", "the X
    raid on Y", "attacks by X on Y", "incursions by X into Y" (the last also when the parser
    hangs "into Y" on the verb whose object the assault is). None for any other place."""
    if tok.dep_ == "conj":
        tok = list_head(tok)
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ in ("in", "at", "near") and head.head.dep_ in ("pobj", "conj"):
        # "attacks on police posts and an army base in Y": the place of what was attacked
        target = list_head(head.head)
        if target.dep_ == "pobj" and target.head.lower_ in ("on", "against", "upon"):
            tok, head = target, target.head
    if tok.dep_ != "pobj" or head.lower_ not in ("on", "into", "against", "upon"):
        return None
    gov = head.head
    if gov.pos_ in ("NOUN", "PROPN") and gov.lemma_.lower() in ATTACK_NOUNS:
        noun = gov
    elif gov.pos_ in ("VERB", "AUX"):
        noun = next((c for c in gov.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")
                     and c.lemma_.lower() in ATTACK_NOUNS and c.i < head.i), None)
        if noun is None:
            return None
    else:
        return None
    own: list[int] = []
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i < noun.i:
            own.extend(x.i for x in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("by", "of"):
            own.extend(x.i for x in c.subtree if x.i != c.i)
    if not own and noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        own.extend(_subject(noun.head))  # "X launched an attack on Y"
    return own or None


#: Nouns whose presence needs no owner in the phrase: the text says the threat itself is there.
_OWNERLESS = {"presence", "threat"}


def _noun_owner(noun: Token) -> list[int] | None:
    """Token ids of whoever a presence noun belongs to: its possessor, its modifiers, its "of"
    phrase, or the subject of the verb it is the object of ("set up camps in X"); None when the
    text does not say."""
    if noun.lemma_.lower() in _OWNERLESS:
        return None
    own: list[int] = []
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "nmod", "amod") and c.i < noun.i:
            own.extend(x.i for x in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("of", "for", "used"):
            own.extend(x.i for x in c.subtree if x.i != c.i)
    verb = noun.head
    if noun.dep_ in ("dobj", "attr", "nsubjpass") and verb.pos_ in ("VERB", "AUX"):
        own.extend(_subject(verb))
    return own or None


def _owners(ctx: Ctx, toks: list[int], hostile: list, mains: list[str]) -> list[str]:
    """The hostile groups named among ``toks``: a hostile mention, else the article's main
    hostile group when the tokens only say "the militants" / "its" / "their"."""
    doc = ctx.doc
    ids = set(toks)
    own = [h.key for h in hostile if h.start in ids or h.end - 1 in ids]
    if own:
        return list(dict.fromkeys(own))
    others = [k for t in ids if (k := ctx.tok_mention.get(t)) is not None and k.top == "Force"]
    if others:
        return []  # the holder is a force not presented as hostile
    if not _says_hostile(ctx, ids):
        return []
    before = _antecedent(ctx, ids, hostile)
    return [before] if before is not None else list(mains)


def _antecedent(ctx: Ctx, ids, hostile: list) -> str | None:
    """The hostile group a possessive pronoun of ``ids`` stands for: the last one the sentence names
    before it ("keep the Y group from pushing in from its stronghold in X")."""
    doc = ctx.doc
    pron = [x for x in ids if doc[x].lower_ in ("its", "their")]
    if not pron:
        return None
    k = min(pron)
    sent = _toks(doc).sent(k)
    prior = [h for h in hostile if sent.start <= h.start and h.end <= k]
    return max(prior, key=lambda h: h.start).key if prior else None


def _says_hostile(ctx: Ctx, ids) -> bool:
    """Some token of ``ids`` outside a named force is a generic hostile noun ("the militants",
    "the group") or a pronoun standing for one ("its", "their"); a named force's own words ("the
    Special Service Group") are not."""
    doc = ctx.doc
    return any(x not in ctx.tok_mention and (doc[x].lemma_.lower() in _GENERIC_HOSTILE
                                             or doc[x].lower_ in ("its", "their", "they")) for x in ids)


#: Words that make a hostile group's own mention the scene's actor or target ("X militants", "X fighters").
_ACTION_HEADS = {"attack", "attacks", "raid", "raids", "ambush", "ambushes", "offensive", "assault",
                 "bombing", "bombings", "strike", "strikes", "insurgency"}


def _clause_verb(tok: Token) -> Token | None:
    """The nearest verb governing ``tok`` (itself when a verb)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def _acting_here(doc, m, hostile: list) -> list:
    """The hostile mentions of the clause whose scene is the place ``m`` (a locative or cleared place)."""
    from kg.extract.relations.place_roles import place_role

    if not hostile or place_role(doc, m.start, m.end) is None:
        return []
    verb = _clause_verb(span_root(doc, m.start, m.end))
    if verb is None:
        return []
    out = []
    for h in hostile:
        root = span_root(doc, h.start, h.end)
        other = _clause_verb(root)
        if other is not None and other.i == verb.i and h.key not in {x.key for x in out}:
            out.append(h)
    return out


def _where_clause(tok: Token) -> Token | None:
    """The verb of a "where" clause that describes the place ``tok``: "X, where the group has its
    bases", "X is the valley where the rebels hide" (the clause of the place's predicate noun)."""
    nouns = [tok, *(c for c in tok.children if c.dep_ == "appos")]
    if tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
        nouns += [c for c in tok.head.children if c.dep_ == "attr"]
    for n in nouns:
        for r in n.children:
            if r.dep_ == "relcl" and r.pos_ in ("VERB", "AUX") and any(
                    c.lower_ == "where" and c.i < r.i for c in r.children):
                return r
    return None


def _presence_clause(verb: Token) -> bool:
    """A clause of presence: "where the group hides", "where it has its headquarters"."""
    return verb.lemma_.lower() in PRESENT_WORDS or any(
        c.dep_ in ("dobj", "attr", "acomp") and {c.lemma_.lower(), c.lower_} & PRESENT_WORDS for c in verb.children)


def _clause_holders(ctx: Ctx, pred: Token, hostile: list, mains: list[str], *,
                    named_only: bool = False) -> list[str]:
    """The hostile groups that are the subject of ``pred``: named ones ("the RSF seized X"), those a
    pronoun stands for through a verb of saying ("the TNLA said it had taken X"), those a generic
    subject lists ("armed groups operating in X, among them A and B"), else the article's main
    hostile group for a generic subject ("the militants", "they"), unless ``named_only``."""
    toks = _subject(pred)
    if not toks:
        return []
    if all(ctx.doc[t].pos_ == "PRON" for t in toks):
        toks = _speaker(pred) or toks
    own = [h.key for h in hostile if h.start in toks]
    if own:  # "joint forces of X and Y struck Z", "X and the Y militia said they took Z": each group
        return list(dict.fromkeys(own + _coordinated(ctx, own, toks)))
    if named_only or not _says_hostile(ctx, toks):
        return []
    listed = _listed_forces(ctx, toks)
    if listed:
        return listed
    return list(mains)


def _coordinated(ctx: Ctx, own: list[str], toks: set[int]) -> list[str]:
    """Other forces of ``toks`` coordinated with a hostile group of ``own`` ("X and the Y militia")."""
    doc = ctx.doc
    out = []
    for t in sorted(toks):
        m = ctx.tok_mention.get(t)
        if m is None or m.top != "Force" or m.key in own or m.key in out:
            continue
        root = span_root(doc, m.start, m.end)
        if root.dep_ != "conj":
            continue
        first = ctx.tok_mention.get(list_head(root).i)
        if first is not None and first.key in own:
            out.append(m.key)
    return out


#: Verbs by which a group speaks of what it did ("the group said it had seized X").
SAY_VERBS = {"say", "claim", "announce", "state", "report", "declare", "confirm", "add"}


def _speaker(pred: Token) -> set[int]:
    """Token ids of who says the clause of ``pred`` ("X and Y said they had taken Z": X and Y)."""
    cur = pred
    for _ in range(4):
        if cur.head is cur:
            return set()
        if cur.dep_ in ("ccomp", "advcl", "conj", "xcomp") and cur.head.lemma_.lower() in SAY_VERBS:
            subj = [c for c in cur.head.children if c.dep_ == "nsubj"]
            return {x.i for x in subj[0].subtree} if subj else set()
        cur = cur.head
    return set()


#: Words that open the list of named members of a group noun: "among them", "including", "such as".
_LIST_OPENERS = (("among", "them"), ("including",), ("such", "as"), ("notably",), ("namely",))


def _listed_forces(ctx: Ctx, toks: set[int]) -> list[str]:
    """Named forces listed after a generic group noun of ``toks``: "more than a dozen criminal groups
    operating in X, among them A, B and C" gives A, B and C."""
    doc = ctx.doc
    low = _toks(doc).lower
    sent = _toks(doc).sent(min(toks))
    k = max(toks) + 1
    while k < sent.end and low[k] not in (";", "."):
        opener = next((o for o in _LIST_OPENERS if tuple(low[k:k + len(o)]) == o), None)
        if opener is not None:
            return _forces_from(ctx, k + len(opener), sent.end)
        k += 1
    return []


def _forces_from(ctx: Ctx, k: int, end: int) -> list[str]:
    """The forces of a list of names starting at token ``k``: names joined by commas, "and", "the"
    and bracketed short forms; the list ends at the first other word."""
    low = _toks(ctx.doc).lower
    out: list[str] = []
    depth = 0
    while k < end:
        m = ctx.tok_mention.get(k)
        if m is not None:
            if m.top != "Force":
                break
            if m.key not in out:
                out.append(m.key)
            k = m.end
            continue
        w = low[k]
        if w in ("(", ")"):
            depth += 1 if w == "(" else -1
        elif not (depth or w in (",", "and", "the", "or", "as", "well")):
            break
        k += 1
    return out


def _subject(pred: Token) -> set[int]:
    """Token ids of the subject (or passive agent) of ``pred``, following xcomp and relcl."""
    cur = pred
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "agent")]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "which", "that") and cur.dep_ == "relcl":
                return {x.i for x in cur.head.subtree if x.i < cur.i}
            return {x.i for x in s.subtree}
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head is not cur:
            cur = cur.head
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head is not cur:
            return {x.i for x in cur.head.subtree if x.i < cur.i}
        break
    return set()


def main_hostiles(ctx: Ctx, main: str | None) -> list[str]:
    """The main hostile group and those the text coordinates with it ("X and Y fighters")."""
    if main is None:
        return []
    doc = ctx.doc
    out = [main]
    for a, b in zip(ctx.mentions, ctx.mentions[1:]):
        if {a.key, b.key} & {main} and a.key in ctx.hostile and b.key in ctx.hostile and a.key != b.key:
            between = doc[a.end:b.start]
            if len(between) <= 2 and all(t.lower_ in ("and", ",", "/", "or") for t in between):
                other = b.key if a.key == main else a.key
                if other not in out:
                    out.append(other)
    return out


#: Force classes of non-state armed groups: a group of one of these classes may threaten any place.
NON_STATE = frozenset({"ArmedGroup", "Paramilitary"})


def force_country(labels: list[str]) -> str | None:
    """The state a known state force serves (ISO2), from the force table; None for a non-state group."""
    from kg.extract.lookups import lookup_force

    for name in labels:
        hit = lookup_force(name)
        if hit is not None:
            return None if hit.type in NON_STATE else hit.country
    return None


def place_countries(ex: Extraction) -> dict[str, str]:
    """Place key -> ISO2 of its country: the gazetteer's entry, else a country the text puts it in
    (locatedIn, up to three steps), else the article's only country."""
    from kg.extract.entities.geocode import article_countries
    from kg.extract.lookups import lookup_place
    from kg.rdf.ontology import top_class

    places = {e.key: e for e in ex.entities if top_class(e.type) == "Place"}
    out: dict[str, str] = {}
    for key, e in places.items():
        hit = next((h for h in map(lookup_place, [e.label, *sorted(e.aliases)]) if h is not None and h.country),
                   None)
        if hit is not None and (e.type == "Country" or hit.kind != "Country"):
            out[key] = hit.country
    up: dict[str, list[str]] = {}
    for r in ex.relations:
        if r.predicate == "locatedIn" and r.subject in places and r.object in places:
            up.setdefault(r.subject, []).append(r.object)
    for _ in range(3):
        for key, parents in up.items():
            if key not in out:
                found = {out[p] for p in parents if p in out}
                if len(found) == 1:
                    out[key] = found.pop()
    only = article_countries(ex.entities)
    if len(only) == 1:
        iso = next(iter(only))
        for key in places:
            out.setdefault(key, iso)
    return out


def drop_own_forces(ex: Extraction) -> None:
    """Remove "place threatenedBy F" where F is a state force of the place's own country: a
    state's forces in its own territory are never a threat to it (foreign armies may be)."""
    threats = [r for r in ex.relations if r.predicate == "threatenedBy"]
    if not threats:
        return
    forces = {e.key: force_country([e.label, *sorted(e.aliases)]) for e in ex.entities}
    if not any(forces.get(r.object) for r in threats):
        return
    where = place_countries(ex)
    ex.relations = [r for r in ex.relations if not (
        r.predicate == "threatenedBy" and forces.get(r.object) and forces.get(r.object) == where.get(r.subject))]
