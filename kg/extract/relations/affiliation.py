"""affiliatedWith: persons tied by a role noun to a force or a place."""
from __future__ import annotations

from kg.extract.relations.context import M, Ctx
from kg.extract.relations.nominals import national_army as _army, police_force as _police, stands_for
from kg.extract.lexicon import FORCE_ROLES, PLACE_ROLES, ROLE_NOUNS

_STAFF = {"staff", "army", "armed"}
_POSS = ("'s", "’s", "'", "’")
#: Military ranks: a force named right before a rank and a name is the officer's force.
_RANKS = {"gen", "general", "maj", "major", "lt", "lieutenant", "col", "colonel", "brig", "brigadier", "capt",
          "captain", "sgt", "sergeant", "adm", "admiral", "commodore", "marshal", "corporal", "private"}
#: Words of a title between a role and a name ("spokesman Lieutenant General Name").
_TITLE_WORDS = _RANKS | {"the", "senior", "-", "navy", "air", "vice", "rear"} - {"private"}


def _role_at(tok) -> str | None:
    return ROLE_NOUNS.get(tok.lower_)


def _target_after(ctx: Ctx, k: int, limit: int, role: str) -> str | None:
    """Entity following a role noun: "commander of (the) X", "commander in the X"."""
    doc = ctx.doc
    if k + 2 < limit and doc[k].lower_ == "of" and doc[k + 1].lower_ == "staff" and doc[k + 2].lower_ == "of":
        k += 2  # "chief of staff of X"
    if k < len(doc) and doc[k].lower_ in ("of", "in", "for", "at", "with"):
        k += 1
        while k < limit and doc[k].lower_ in ("the", "a", "an"):
            k += 1
        if k + 2 < limit and doc[k].lower_ in ("army", "military") and doc[k + 1].text in _POSS \
                and ctx.tok_mention.get(k + 2) is not None:
            k += 2  # "commander of the army's Red Sea Zone": the unit named, not the army
        m = ctx.tok_mention.get(k)
        if m is not None and m.end + 1 < len(doc) and doc[m.end].text in _POSS:
            sub = ctx.tok_mention.get(m.end + 1)  # "commander of the PLGA's Battalion No. 1"
            if sub is not None and sub.top == m.top:  # "head of Dagestan's Sergokalinsky district"
                m = sub
        if m is not None:
            return _fits(ctx, m, role)
        if k < limit and doc[k].lower_ in _STAFF or (k + 1 < limit and doc[k + 1].lower_ in ("army",)):
            return _army(ctx) if role in FORCE_ROLES | {"director", "chief"} else None
        if k < limit and role in FORCE_ROLES | {"officer"}:
            return stands_for(ctx, k)  # "the head of the service", "commander of the division"
    return None


def _fits(ctx: Ctx, m: M, role: str) -> str | None:
    if m.top == "Force" and role not in ("mayor", "governor", "president", "minister"):
        return m.key
    if m.top == "Place" and role in PLACE_ROLES | {"head"}:
        return m.key  # "the head of Dagestan", "the region's governor"
    return None


#: Nouns that stand for a named armed group in "the group's leader".
_GROUP_WORDS = {"group", "militia", "movement", "rebels", "insurgents", "militants", "alliance", "organisation",
                "organization", "outfit", "faction", "gang", "cartel", "jihadists"}
#: Nouns that stand for a named place in "the region's governor".
_PLACE_WORDS = {"region", "province", "state", "city", "town", "district", "county", "governorate", "department",
                "municipality", "country"}


def _referent(ctx: Ctx, j: int, role: str) -> str | None:
    """The entity a possessive before a role stands for: "its spokesman", "their leader" (the last
    force, or place for a mayor or governor, named before it in this or the previous sentence),
    "the group's leader" (the last hostile group), "the region's governor" (the last place)."""
    doc = ctx.doc
    word = doc[j].lower_
    place_role = role in ("mayor", "governor")
    if word in ("its", "their"):
        want = "Place" if place_role else "Force"
    elif word in _GROUP_WORDS and not place_role:
        want = "hostile"
    elif word in _PLACE_WORDS and place_role:
        want = "Place"
    else:
        return None
    sent = ctx.tok_mention.get(j)
    here = next((i for i, sp in enumerate(ctx.sents) if sp.start <= j < sp.end), 0) if sent is None else sent.sent
    lo = ctx.sents[max(0, here - 1)].start
    for mm in reversed([x for x in ctx.mentions if lo <= x.start and x.end <= j]):
        if want == "hostile" and mm.top == "Force" and mm.key in ctx.hostile:
            return mm.key
        if want == mm.top:
            return mm.key
    return None


#: Titles of a head of state or government.
_HEAD_TITLES = {"president", "minister"}
#: Words before a title that make it someone else's office: a former or deputy holder.
_NOT_HEAD = {"former", "ex", "late", "vice", "deputy", "opposition", "interim", "rebel", "foreign", "defence",
             "defense", "interior", "finance", "security"}


def _home_country(ctx: Ctx) -> str | None:
    """The country the article reports from: the country its dateline names, else the country
    it names most often (none when two tie)."""
    countries = [m for m in ctx.mentions if m.type == "Country"]
    if not countries:
        return None
    doc = ctx.doc
    first = ctx.sents[0].start if ctx.sents else 0
    for m in countries:  # "BAGHDAD, Iraq (Agency) -", "KYIV, Ukraine, Nov 8 -"
        if m.start - first <= 8 and m.start >= 2 and doc[m.start - 1].text == "," and doc[m.start - 2].is_upper:
            return m.key
    counts: dict[str, int] = {}
    for m in countries:
        counts[m.key] = counts.get(m.key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _head_of_state(ctx: Ctx, m: M, home: str | None) -> tuple[str, str] | None:
    """"President Name", "Prime Minister Name" with no country named: the head of the article's
    own country (a foreign one is named: "Kenyan President Name", "the President of Kenya")."""
    if home is None:
        return None
    doc = ctx.doc
    k = m.start - 1
    if k < 0 or doc[k].lower_ not in _HEAD_TITLES:
        return None
    if doc[k].lower_ == "minister" and (k < 1 or doc[k - 1].lower_ != "prime"):
        return None
    j = k - (2 if doc[k].lower_ == "minister" else 1)
    if j >= 0 and (doc[j].lower_ in _NOT_HEAD or doc[j].ent_type_ in ("NORP", "GPE") or doc[j].text in ("'s", "’s")
                   or j in ctx.tok_mention):
        return None
    return "president" if doc[k].lower_ == "president" else "prime minister", home


def _country_of_adj(ctx: Ctx, word: str) -> str | None:
    """The country a nationality adjective names ("Turkish" -> Turkey, "Iraqi" -> Iraq)."""
    w = word.lower()
    best, best_len = None, 0
    for e in ctx.ex.entities:
        if e.type == "Country":
            lab = e.label.lower()
            common = 0
            while common < min(len(w), len(lab)) and w[common] == lab[common]:
                common += 1
            if len(lab) >= 4 and w != lab and common >= max(4, len(lab) - 2) and common > best_len:
                best, best_len = e.key, common
    return best


def _start(ctx: Ctx, i: int) -> int:
    """Where sentence ``i`` starts, taken back over breaks the parser put after a rank
    abbreviation ("... Relations, Brig. | Gen. Name")."""
    doc = ctx.doc
    start = ctx.sents[i].start
    while i > 0 and start >= 2:
        last = doc[start - 1]
        word = doc[start - 2].lower_ if last.text == "." else last.lower_.rstrip(".")
        if word not in _RANKS or not (last.text == "." or last.text.endswith(".")):
            break
        i -= 1
        start = ctx.sents[i].start
    return start


def affiliations(ctx: Ctx) -> None:
    """Read roles around each person mention and link the person to the named force/place."""
    home = _home_country(ctx)
    for m in ctx.mentions:
        if m.top != "Person":
            continue
        sent = ctx.sents[m.sent]
        found = (_before(ctx, m, _start(ctx, m.sent)) or _after(ctx, m, sent.end) or _led_by(ctx, m)
                 or _under(ctx, m) or _head_of_state(ctx, m, home) or _sides_with(ctx, m, sent.end))
        if found:
            role, key = found
            ctx.add(m.key, "affiliatedWith", key, m.sent, 0.7)
            ent = ctx.ex.entity(m.key)
            ent.attributes.setdefault("role", role)


#: Words after a name's apposition that tie the person to a force: "who speaks for X", "aligned with X".
_SIDE_WORDS = {("speak", "for"): "spokesman", ("align", "with"): "member", ("aligned", "with"): "member",
               ("loyal", "to"): "member", ("allegiance", "to"): "member"}
#: Nouns between such a word and the force that name a part of it: "aligned with the faction of X".
_SIDE_PARTS = {"faction", "wing", "branch", "camp"}


def _sides_with(ctx: Ctx, m: M, send: int) -> tuple[str, str] | None:
    """"Name, who speaks for X", "Name, a senior officer aligned with (the faction of) X", "Name,
    who pledged allegiance to X": the force X, read in the clause or apposition after the name."""
    doc = ctx.doc
    if m.end >= send or doc[m.end].text != ",":
        return None
    hi = min(send, m.end + 12)
    for r in range(m.end + 1, hi - 1):
        t = doc[r]
        if t.text in (";", ".") or (ctx.tok_mention.get(r) is not None and ctx.tok_mention[r].key != m.key):
            return None
        role = _SIDE_WORDS.get((t.lemma_.lower(), doc[r + 1].lower_)) or _SIDE_WORDS.get((t.lower_, doc[r + 1].lower_))
        if role is None:
            continue
        k = r + 2
        while k < hi and doc[k].lower_ in ("the", "a", "an"):
            k += 1
        if k + 1 < hi and doc[k].lower_ in _SIDE_PARTS and doc[k + 1].lower_ == "of":
            k += 2  # "aligned with the faction of X"
            while k < hi and doc[k].lower_ == "the":
                k += 1
        mm = ctx.tok_mention.get(k)
        return (role, mm.key) if mm is not None and mm.top == "Force" else None
    return None


_LEAD_VERBS = {"lead": "leader", "head": "leader", "command": "commander", "coordinate": "leader",
               "found": "leader", "run": "leader"}


def _led_by(ctx: Ctx, m: M) -> tuple[str, str] | None:
    """"X, a militia led by Name", "the faction of X headed by Name": the force led."""
    doc = ctx.doc
    tok = doc[m.end - 1]
    while tok.dep_ in ("compound", "flat") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ != "by":
        return None
    verb = tok.head.head
    role = _LEAD_VERBS.get(verb.lemma_.lower())
    while role is not None and verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head  # "which is nominally headed by A but has been led by B"
    if role is None or verb.dep_ not in ("acl", "relcl", "ROOT", "ccomp") or verb.head is verb:
        return None
    noun = verb.head
    for cand in (noun, noun.head if noun.dep_ == "appos" else None,
                 *[g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]):
        if cand is None:
            continue
        mm = ctx.tok_mention.get(cand.i)
        if mm is not None and mm.top == "Force":
            return role, mm.key
    return None


def _under(ctx: Ctx, m: M) -> tuple[str, str] | None:
    """"Task Force 1 under Brigadier Name", "the brigade, under the command of Colonel Name": the
    force the person commands."""
    doc = ctx.doc
    tok = doc[m.end - 1]
    while tok.dep_ in ("compound", "flat") and tok.head is not tok:
        tok = tok.head
    if tok.dep_ != "pobj":
        return None
    prep = tok.head
    if prep.lower_ == "of" and prep.head.lemma_.lower() in ("command", "leadership") and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "under the command of Name"
    if prep.lower_ != "under":
        return None
    k = prep.i - 1  # the force named right before "under" (the parser may hang "under" on a verb)
    while k >= 0 and (doc[k].text == "," or doc[k].like_num):
        k -= 1
    mm = ctx.tok_mention.get(k) if k >= 0 else None
    if mm is not None and mm.top == "Force":
        return "commander", mm.key
    return None


def _before(ctx: Ctx, m: M, sstart: int) -> tuple[str, str] | None:
    doc = ctx.doc
    lo = max(sstart, m.start - 12)
    k = m.start - 1
    # skip titles/punctuation between the role phrase and the name
    while k >= lo and (doc[k].is_punct or doc[k].text.endswith(".") or doc[k].lower_ in _TITLE_WORDS
                       or (doc[k].is_title and doc[k].lower_ not in ROLE_NOUNS and ctx.tok_mention.get(k) is None
                           and doc[k].lower_ in ("lt.", "gen.", "maj.", "brig.", "col.", "capt."))):
        k -= 1
    if k < lo:
        return None
    ranked = k < m.start - 1 and any(doc[x].lower_.rstrip(".") in _RANKS for x in range(k + 1, m.start))
    rank_force = ctx.tok_mention.get(k)
    if ranked and rank_force is not None and rank_force.top == "Force":
        return "officer", rank_force.key  # "TNLA Major General Name": a rank in the force before it
    role = _role_at(doc[k])
    if role is not None:
        # "X commander Name" / "X's spokesman Name" / "Iraqi Prime Minister Name"
        j = k - 1
        while j >= lo and (doc[j].lower_ in ROLE_NOUNS or doc[j].lower_ in ("force", "theatre", "logistics",
                                                                              "deputy", "prime", "army", "police")
                           or doc[j].lower_ == "military"
                           or doc[j].pos_ == "ADJ" and doc[j].text.islower()  # "Hezbollah's longtime leader"
                           or _modifies_role(doc[j], k)):  # "the force's public information officer"
            j -= 1
        if j >= lo and doc[j].text in ("'s", "’s"):
            j -= 1
        if j - 2 >= lo and doc[j].text == ")" and doc[j - 2].text == "(":
            j -= 3  # "Uganda People's Defence Forces (UPDF) spokesman Name": the name before its short form
        mm = ctx.tok_mention.get(j)
        said = {doc[x].lower_ for x in range(max(j, lo), k)}
        if mm is None and j >= lo and role in FORCE_ROLES | {"officer"}:
            # "the force's spokesman Name", "the mission's Deputy Head, Name", "the force commander, Name"
            noun = j + 1 if doc[j].lower_ == "the" else j
            key = stands_for(ctx, noun) if noun < k else None
            if key:
                return role, key
        if mm is None and said & {"army", "military"} and role in FORCE_ROLES:
            key = _army(ctx)  # "the army's spokesman Name", "military spokesman Colonel Name"
            if key:
                return role, key
        if mm is None and "police" in said and role in FORCE_ROLES:
            key = _police(ctx)  # "police spokesman Name", "regional police commander Name"
            if key:
                return role, key
        if mm is not None and not (mm.top == "Place" and said & {"army", "military", "police"}):
            key = _fits(ctx, mm, role)  # "X State police commissioner Name" serves the police, not X
            if key:
                return role, key
        if j >= lo and doc[j].ent_type_ == "NORP" and role in ("president", "minister"):
            key = _country_of_adj(ctx, doc[j].text)
            if key:
                return role, key
        if mm is None and j >= lo and role not in ("president", "minister"):
            key = _referent(ctx, j, role)
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
        if any(doc[x].pos_ == "VERB" and doc[x].text.islower() for x in range(r + 1, m.start)):
            return None  # "the commander of X, said Name": the role is another clause's
        key = _target_after(ctx, r + 1, m.start, role) or _possessor_of_title(ctx, r - 1, lo, role)
        if key:
            return role, key
        return None
    return None


def _modifies_role(tok, role_i: int) -> bool:
    """A lower-case noun of the role's own phrase: "information" in "public information officer"."""
    return tok.pos_ == "NOUN" and tok.text.islower() and tok.dep_ in ("compound", "amod") \
        and tok.i < tok.head.i <= role_i


def _possessor_of_title(ctx: Ctx, j: int, lo: int, role: str) -> str | None:
    """The force a possessive before a capitalised title names: "the division's General Officer
    Commanding, Name" (title words and ranks between the possessive and the role)."""
    doc = ctx.doc
    while j >= lo and (doc[j].lower_.rstrip(".") in _RANKS or doc[j].lower_ in ROLE_NOUNS):
        j -= 1
    if j <= lo or doc[j].text not in ("'s", "’s"):
        return None
    mm = ctx.tok_mention.get(j - 1)
    if mm is not None:
        return _fits(ctx, mm, role)
    return stands_for(ctx, j - 1) if role in FORCE_ROLES | {"officer"} else None


def _titled_of(ctx: Ctx, m: M) -> tuple[str, str] | None:
    """"Deputy Superintendent Name of the X Police", "Prime Minister Name of Iraq": a titled
    name followed by "of" and a force (a country or region for a head of state or government)."""
    doc = ctx.doc
    if m.start < 1 or m.end + 1 >= len(doc) or doc[m.end].lower_ != "of":
        return None
    title = doc[m.start - 1].lower_.rstrip(".")
    role = _role_at(doc[m.start - 1])
    if role is None and title not in _RANKS | {"superintendent", "inspector", "sergeant"}:
        return None
    k = m.end + 1
    while k < len(doc) and doc[k].lower_ == "the":
        k += 1
    mm = ctx.tok_mention.get(k)
    if mm is None:
        return None
    key = _fits(ctx, mm, role or "officer")
    return (role or "officer", key) if key else None


def _after(ctx: Ctx, m: M, send: int) -> tuple[str, str] | None:
    doc = ctx.doc
    found = _titled_of(ctx, m)
    if found:
        return found
    k = m.end
    if k < send and doc[k].text in ('"', "”", "'") and k + 1 < send and doc[k + 1].text == ",":
        k += 1  # 'signed by "Name", spokesman of X
    if k >= send or doc[k].text not in (",", "("):
        # "Name, who commands X"
        return None
    hi = min(send, m.end + 14)
    for r in range(k + 1, hi):
        t = doc[r]
        mm = ctx.tok_mention.get(r)
        if mm is not None and mm.top == "Person" and mm.key != m.key:
            return None
        if t.lemma_.lower() in ("command", "lead", "head") and t.pos_ == "VERB":
            j = r + 1
            while j < hi and doc[j].lower_ in ("the",):
                j += 1
            if ctx.tok_mention.get(j) is None and j + 2 < hi and doc[j + 1].text in ("'s", "’s"):
                j += 2  # "who heads the army's 15 Corps"
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
        nxt = r + 1
        if nxt + 3 < len(doc) and doc[nxt].text == "-" and doc[nxt + 1].lower_ == "in" and doc[nxt + 2].text == "-":
            nxt += 4  # "commander-in-chief of X"
        key = _target_after(ctx, nxt, hi, role)
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
        if mm is None and j > k + 1 and doc[j - 1].lower_ == "the" and role in FORCE_ROLES | {"officer"}:
            key = stands_for(ctx, j)  # "Name, the army's spokesman", "Name, the mission's deputy head"
            if key:
                return role, key
        return None
    return None
