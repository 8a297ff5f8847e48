"""affiliatedWith: persons tied by a role noun to a force or a place."""
from __future__ import annotations

from kg.extract.context import M, Ctx
from kg.extract.lexicon import FORCE_ROLES, PLACE_ROLES, ROLE_NOUNS

_STAFF = {"staff", "army", "armed"}


def _role_at(tok) -> str | None:
    return ROLE_NOUNS.get(tok.lower_)


def _target_after(ctx: Ctx, k: int, limit: int, role: str) -> str | None:
    """Entity following a role noun: "commander of (the) X", "commander in the X"."""
    doc = ctx.doc
    if k < len(doc) and doc[k].lower_ in ("of", "in", "for", "at", "with"):
        k += 1
        while k < limit and doc[k].lower_ in ("the", "a", "an"):
            k += 1
        m = ctx.tok_mention.get(k)
        if m is not None and m.top == "Force" and m.end + 1 < len(doc) and doc[m.end].text in ("'s", "’s"):
            sub = ctx.tok_mention.get(m.end + 1)  # "commander of the PLGA's Battalion No. 1"
            if sub is not None and sub.top == "Force":
                m = sub
        if m is not None:
            return _fits(ctx, m, role)
        if k < limit and doc[k].lower_ in _STAFF or (k + 1 < limit and doc[k + 1].lower_ in ("army",)):
            return _army(ctx) if role in FORCE_ROLES | {"director", "chief"} else None
    return None


def _fits(ctx: Ctx, m: M, role: str) -> str | None:
    if m.top == "Force" and role not in ("mayor", "governor", "president", "minister"):
        return m.key
    if m.top == "Place" and role in PLACE_ROLES:
        return m.key
    return None


def _army(ctx: Ctx) -> str | None:
    armies = {m.key for m in ctx.mentions if m.top == "Force"
              and ctx.ex.entity(m.key).label.lower().endswith("army")}
    return next(iter(armies)) if len(armies) == 1 else None


def _country_of_adj(ctx: Ctx, word: str) -> str | None:
    w = word.lower()
    for e in ctx.ex.entities:
        if e.type == "Country":
            lab = e.label.lower()
            if len(lab) >= 4 and w != lab and (w.startswith(lab[:-1]) or w.startswith(lab)):
                return e.key
    return None


def affiliations(ctx: Ctx) -> None:
    """Read roles around each person mention and link the person to the named force/place."""
    for m in ctx.mentions:
        if m.top != "Person":
            continue
        sent = ctx.sents[m.sent]
        found = _before(ctx, m, sent.start) or _after(ctx, m, sent.end)
        if found:
            role, key = found
            ctx.add(m.key, "affiliatedWith", key, m.sent, 0.7)
            ent = ctx.ex.entity(m.key)
            ent.attributes.setdefault("role", role)


def _before(ctx: Ctx, m: M, sstart: int) -> tuple[str, str] | None:
    doc = ctx.doc
    lo = max(sstart, m.start - 12)
    k = m.start - 1
    # skip titles/punctuation between the role phrase and the name
    while k >= lo and (doc[k].is_punct or doc[k].text.endswith(".") or doc[k].lower_ in
                       ("gen", "maj", "lt", "col", "brig", "general", "major", "colonel", "the")
                       or (doc[k].is_title and doc[k].lower_ not in ROLE_NOUNS and ctx.tok_mention.get(k) is None
                           and doc[k].lower_ in ("lt.", "gen.", "maj.", "brig.", "col.", "capt."))):
        k -= 1
    if k < lo:
        return None
    role = _role_at(doc[k])
    if role is not None:
        # "X commander Name" / "X's spokesman Name" / "Iraqi Prime Minister Name"
        j = k - 1
        while j >= lo and (doc[j].lower_ in ROLE_NOUNS or doc[j].lower_ in ("force", "theatre", "logistics",
                                                                              "deputy", "prime", "army")):
            j -= 1
        if j >= lo and doc[j].text in ("'s", "’s"):
            j -= 1
        mm = ctx.tok_mention.get(j)
        if mm is not None:
            key = _fits(ctx, mm, role)
            if key:
                return role, key
        if j >= lo and doc[j].ent_type_ == "NORP" and role in ("president", "minister"):
            key = _country_of_adj(ctx, doc[j].text)
            if key:
                return role, key
        return None
    # "the mayor of Tal Afar, Name" / "The force commander of the X, Lt. Gen. Name"
    for r in range(k, lo - 1, -1):
        role = _role_at(doc[r])
        if role is None:
            continue
        if any(ctx.tok_mention.get(x) is not None and ctx.tok_mention[x].top == "Person" for x in range(r, m.start)):
            return None
        key = _target_after(ctx, r + 1, m.start, role)
        if key:
            return role, key
        return None
    return None


def _after(ctx: Ctx, m: M, send: int) -> tuple[str, str] | None:
    doc = ctx.doc
    k = m.end
    if k >= send or doc[k].text not in (",", "("):
        # "Name, who commands X"
        return None
    hi = min(send, m.end + 14)
    for r in range(k + 1, hi):
        t = doc[r]
        mm = ctx.tok_mention.get(r)
        if mm is not None and mm.top == "Person":
            return None
        if t.lemma_.lower() in ("command", "lead", "head") and t.pos_ == "VERB":
            j = r + 1
            while j < hi and doc[j].lower_ in ("the",):
                j += 1
            mm = ctx.tok_mention.get(j)
            if mm is not None and mm.top == "Force":
                # "who commands X's Y": the possessed unit is the one commanded
                if mm.end + 1 < len(doc) and doc[mm.end].text in ("'s", "’s"):
                    sub = ctx.tok_mention.get(mm.end + 1)
                    if sub is not None and sub.top == "Force":
                        return "commander", sub.key
                return "commander", mm.key
        role = _role_at(t)
        if role is None:
            continue
        key = _target_after(ctx, r + 1, hi, role)
        if key:
            return role, key
        # "Name, the X spokesman" / "Name, X's commander"
        j = r - 1
        if doc[j].text in ("'s", "’s"):
            j -= 1
        mm = ctx.tok_mention.get(j)
        if mm is not None and j > k:
            key = _fits(ctx, mm, role)
            if key:
                return role, key
        return None
    return None
