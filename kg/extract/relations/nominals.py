"""Common nouns that stand for a named force: "the army", "the division", "the mission".

Reports name a force once and then speak of it by the noun its name is built on: after "the
57 Division", "the division's 571 Brigade" is a brigade of the 57 Division; after "the African
Union Mission in Somalia", "the mission's deputy head" serves that mission; "the army's
spokesman" serves the one army the text names. :func:`stands_for` reads such a noun back as
the force's key, for the partOf and affiliatedWith rules.
"""
from __future__ import annotations

from kg.extract.relations.context import Ctx

#: How the name of a state's army ends: "the army", "the military" of a text stand for it.
ARMY_ENDS = ("army", "armed forces", "military", "defence forces", "defense forces")
#: Nouns that stand for the one army the text names.
ARMY_WORDS = {"army", "military"}
#: Nouns that stand for the last force named with that noun in its name ("the division" after
#: "the 57 Division", "the force" after "the Multinational Joint Task Force").
UNIT_NOUNS = {"division", "brigade", "battalion", "regiment", "corps", "command", "mission", "service", "force",
              "navy", "unit", "squadron", "contingent", "guard", "gendarmerie"}


def national_army(ctx: Ctx) -> str | None:
    """The one army the text names ("Nigerian Army", "Egyptian Armed Forces", "Myanmar
    military"), not counting the hostile groups ("Arakan Army")."""
    armies = {m.key for m in ctx.mentions if m.top == "Force" and m.key not in ctx.hostile
              and ctx.ex.entity(m.key).label.lower().endswith(ARMY_ENDS)}
    return next(iter(armies)) if len(armies) == 1 else None


def police_force(ctx: Ctx) -> str | None:
    """The one police force the text names."""
    forces = {m.key for m in ctx.mentions if m.top == "Force" and ctx.types.get(m.key) == "PoliceForce"}
    return next(iter(forces)) if len(forces) == 1 else None


def _name_words(ctx: Ctx, key: str) -> set[str]:
    e = ctx.ex.entity(key)
    return {w.strip("()\"'.,").lower() for n in (e.label, *e.aliases) for w in n.split()}


def stands_for(ctx: Ctx, k: int) -> str | None:
    """The named force the common noun at token ``k`` stands for, or None.

    "army" / "military" stand for the one army the text names and "police" for its one police
    force; a unit noun after "the" ("the division", "the mission", "the task force") for the
    last force named before it whose name holds that noun. A noun inside a name is not generic.
    """
    doc = ctx.doc
    if k < 0 or k >= len(doc) or k in ctx.tok_mention or not doc[k].text.islower():
        return None
    word = doc[k].lower_
    if word in ARMY_WORDS:
        return national_army(ctx)
    if word == "police":
        return police_force(ctx)
    if word not in UNIT_NOUNS:
        return None
    j = k - 1
    while j >= k - 2 and j >= 0 and doc[j].text.islower() and doc[j].pos_ in ("ADJ", "NOUN") \
            and j not in ctx.tok_mention:
        j -= 1  # "the task force", "the regional force"
    if j < 0 or doc[j].lower_ != "the":
        return None
    for m in reversed(ctx.mentions):
        if m.start < k and m.top == "Force" and word in _name_words(ctx, m.key):
            return m.key
    return None


__all__ = ["ARMY_ENDS", "ARMY_WORDS", "UNIT_NOUNS", "national_army", "police_force", "stands_for"]
