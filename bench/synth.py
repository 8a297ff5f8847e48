"""Synthetic conflict reporting at any scale: seeded, deterministic, invented names.

Every article mentions military units, armed groups, police forces, places (settlements in
districts in provinces in countries), an operation, incidents with casualty counts and a
spokesperson, in varied sentence forms. The generator knows what each article says, so
:func:`extraction` builds the matching :class:`~kg.model.Extraction` without spaCy: a way
to fill a store with millions of triples in kg's exact RDF layout in seconds.

    >>> recs = list(articles(2, seed=7))
    >>> recs == list(articles(2, seed=7))
    True
"""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kg.read.articles import make_article
from kg.model import Article, Entity, Evidence, Extraction, Mention, Relation

_ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "dr", "kh", "sh", "tr", "gr", "th", "ch", "kr", "st"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei"]
_CODAS = ["", "n", "r", "sh", "l", "m", "st", "k", "v", "z"]
_ORDINAL_WORDS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth"]
_UNIT_KINDS = ["Brigade", "Battalion", "Regiment", "Division", "Mechanised Brigade", "Infantry Battalion",
               "Special Forces Group", "Armoured Regiment", "Rapid Reaction Brigade", "Border Guard Battalion"]
_GROUP_KINDS = ["Liberation Front", "Popular Army", "Resistance Movement", "Brigades", "Defence Council",
                "Revolutionary Guard", "Salvation Front"]
_OP_WORDS = ["Iron", "Silent", "Northern", "Desert", "Granite", "Falcon", "Copper", "Steel", "Amber", "Storm",
             "Winter", "Crimson", "Eagle", "Thunder", "Cedar", "Lantern", "Shield", "Arrow", "Harvest", "Anvil",
             "Tide", "Ridge", "Spear", "Beacon", "Dawn", "Horizon", "Citadel", "Sentinel", "Cobalt", "Valley"]
_INCIDENTS = [("Ambush", "ambush"), ("Attack", "attack"), ("Airstrike", "airstrike"), ("Bombing", "bombing"),
              ("Raid", "raid"), ("Clash", "clash")]
_ROLES = ["spokesman", "commander", "deputy commander", "spokeswoman", "chief of staff"]


def invented(i: int, salt: int, syllables: int = 3) -> str:
    """A pronounceable invented name, distinct for each ``i`` (and deterministic)."""
    n = (i * 2654435761 + salt * 97) % (len(_ONSETS) * len(_VOWELS) * len(_CODAS)) ** syllables
    parts = []
    for _ in range(syllables):
        n, r = divmod(n, len(_ONSETS) * len(_VOWELS) * len(_CODAS))
        a, r = divmod(r, len(_VOWELS) * len(_CODAS))
        b, c = divmod(r, len(_CODAS))
        parts.append(_ONSETS[a] + _VOWELS[b] + _CODAS[c])
    return "".join(parts).capitalize()


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(slots=True)
class Fact:
    """One entity an article mentions: key, class, label, attributes."""

    key: str
    type: str
    label: str
    attributes: dict = field(default_factory=dict)


@dataclass(slots=True)
class Synthetic:
    """A generated article: its record, the entities it names and the relations it states."""

    record: dict
    entities: list[Fact]
    relations: list[tuple[str, str, str, int, int]]  # subject key, property, object key, sentence start, end


class World:
    """Pools of invented entities; ``scale`` widens the pools so big corpora stay varied."""

    def __init__(self, seed: int = 0, scale: int = 1, skew: float = 0.3) -> None:
        self.seed = seed
        self.skew = skew
        self.countries = 12
        self.provinces = 40 * scale
        self.districts = 400 * scale
        self.towns = 8000 * scale
        self.units = 3000 * scale
        self.groups = 300 * scale
        self.police = 200 * scale
        self.ops = 2000 * scale
        self.persons = 6000 * scale

    def country(self, i: int) -> Fact:
        name = invented(i, self.seed + 1, 2) + "ia"
        return Fact(f"country:{i}", "Country", name)

    def province(self, i: int) -> Fact:
        return Fact(f"province:{i}", "Province", f"{invented(i, self.seed + 2, 2)} Province")

    def district(self, i: int) -> Fact:
        return Fact(f"district:{i}", "District", f"{invented(i, self.seed + 3, 2)} District")

    def town(self, i: int) -> Fact:
        rnd = random.Random(i * 31 + self.seed)
        attrs = {"lat": round(rnd.uniform(-30, 45), 4), "lon": round(rnd.uniform(-15, 75), 4)}
        if i % 3 == 0:
            attrs["geonames"] = str(9_000_000 + i)
        return Fact(f"town:{i}", "Settlement", invented(i, self.seed + 4), attrs)

    def unit(self, i: int) -> Fact:
        kind = _UNIT_KINDS[i % len(_UNIT_KINDS)]
        num = i // len(_UNIT_KINDS) + 1
        label = f"{_ORDINAL_WORDS[num - 1]} {kind}" if num <= 9 and i % 2 else f"{_ordinal(num)} {kind}"
        return Fact(f"unit:{i}", "MilitaryUnit", label)

    def group(self, i: int) -> Fact:
        kind = _GROUP_KINDS[i % len(_GROUP_KINDS)]
        return Fact(f"group:{i}", "ArmedGroup", f"{invented(i, self.seed + 5, 2)} {kind}")

    def police_force(self, i: int) -> Fact:
        return Fact(f"police:{i}", "PoliceForce", f"{invented(i, self.seed + 6, 2)} Provincial Police")

    def operation(self, i: int) -> Fact:
        a = _OP_WORDS[i % len(_OP_WORDS)]
        b = _OP_WORDS[(i // len(_OP_WORDS) * 7 + 3) % len(_OP_WORDS)]
        label = f"Operation {a} {b}" if i < len(_OP_WORDS) ** 2 else f"Operation {a} {invented(i, self.seed + 7, 2)}"
        return Fact(f"op:{i}", "Operation", label)

    def person(self, i: int) -> Fact:
        return Fact(f"person:{i}", "Person", f"{invented(i, self.seed + 8, 2)} {invented(i, self.seed + 9, 2)}")

    def hierarchy(self, town: int) -> tuple[int, int, int]:
        """District, province and country of a town (fixed, so facts agree across articles)."""
        d = (town * 7919) % self.districts
        p = (d * 104729) % self.provinces
        return d, p, p % self.countries


def _pick(rnd: random.Random, n: int, skew: float) -> int:
    # Skewed: a few entities are in the news a lot, most rarely.
    return min(int(rnd.paretovariate(0.8)) - 1, n - 1) if rnd.random() < skew else rnd.randrange(n)


class _Writer:
    """Accumulates sentences and remembers the offsets of each."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.relations: list[tuple[str, str, str, int, int]] = []

    def say(self, sentence: str, *rels: tuple[str, str, str]) -> None:
        start = self.pos
        self.parts.append(sentence)
        self.pos += len(sentence)
        for s, p, o in rels:
            self.relations.append((s, p, o, start, self.pos))
        self.parts.append(" ")
        self.pos += 1

    def paragraph(self) -> None:
        if self.parts and self.parts[-1] == " ":
            self.parts[-1] = "\n\n"
            self.pos += 1

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


def generate(i: int, world: World) -> Synthetic:
    """Article number ``i`` of the corpus of ``world`` (same inputs, same article)."""
    rnd = random.Random(world.seed * 1_000_003 + i)
    day = date(2021, 1, 1) + timedelta(days=rnd.randrange(1200))
    when = f"{day.day} {day.strftime('%B')}"
    facts: dict[str, Fact] = {}

    def use(f: Fact) -> Fact:
        facts.setdefault(f.key, f)
        return f

    u1, u2 = use(world.unit(_pick(rnd, world.units, world.skew))), use(world.unit(_pick(rnd, world.units, world.skew)))
    parent = use(world.unit(world.units - 1 - (int(u1.key.split(":")[1]) % 50)))
    grp = use(world.group(_pick(rnd, world.groups, world.skew)))
    pol = use(world.police_force(_pick(rnd, world.police, world.skew)))
    op = use(world.operation(_pick(rnd, world.ops, world.skew)))
    towns = [_pick(rnd, world.towns, world.skew) for _ in range(3)]
    t1, t2, t3 = (use(world.town(t)) for t in towns)
    d_i, p_i, c_i = world.hierarchy(towns[0])
    dist, prov, ctry = use(world.district(d_i)), use(world.province(p_i)), use(world.country(c_i))
    who = use(world.person(_pick(rnd, world.persons, world.skew)))
    role = _ROLES[rnd.randrange(len(_ROLES))]
    who.attributes["role"] = role
    op.attributes["date"] = day.isoformat()
    inc_cls, inc_word = _INCIDENTS[rnd.randrange(len(_INCIDENTS))]
    an = "an" if inc_word[0] in "aeiou" else "a"
    killed, wounded = rnd.randrange(0, 30), rnd.randrange(0, 60)
    inc = use(Fact(f"inc:{i}:1", inc_cls, f"{inc_word} near {t2.label}",
                   {"date": day.isoformat(), "killed": killed, "wounded": wounded, "kind": inc_word}))

    w = _Writer()
    openers = [
        ((f"{t1.label}, {ctry.label} — Troops of the {u1.label} launched {op.label} on {when} "
         f"against {grp.label} positions around {t1.label}."),
         (u1.key, "participatedIn", op.key), (op.key, "targets", grp.key), (op.key, "tookPlaceIn", t1.key)),
        (f"The {u1.label} began {op.label} in the {dist.label} on {when}, officials said.",
         (u1.key, "participatedIn", op.key), (op.key, "tookPlaceIn", dist.key)),
        (f"{op.label}, a new offensive aimed at the {grp.label}, got under way near {t1.label} on {when}.",
         (op.key, "targets", grp.key), (op.key, "tookPlaceIn", t1.key)),
    ]
    s, *rels = openers[rnd.randrange(len(openers))]
    w.say(s, *rels)
    w.say(f"{t1.label} is a market town in the {dist.label} of {prov.label}.",
          (t1.key, "locatedIn", dist.key), (dist.key, "locatedIn", prov.key))
    forms = [
        (f"Soldiers from the {u2.label} also joined the operation, according to a military statement.",
         (u2.key, "participatedIn", op.key)),
        (f"The {u2.label}, which is part of the {parent.label}, provided artillery support.",
         (u2.key, "participatedIn", op.key), (u2.key, "partOf", parent.key)),
        (f"Units of the {u2.label} and the {pol.label} took part in {op.label}.",
         (u2.key, "participatedIn", op.key), (pol.key, "participatedIn", op.key)),
    ]
    s, *rels = forms[rnd.randrange(len(forms))]
    w.say(s, *rels)
    w.paragraph()
    inc_forms = [
        ((f"On {when}, {an} {inc_word} near {t2.label} killed {killed} people and wounded {wounded}, "
         f"local officials said."), (inc.key, "tookPlaceIn", t2.key)),
        ((f"{killed} soldiers were killed and {wounded} wounded in {an} {inc_word} on a convoy of the "
         f"{u1.label} outside {t2.label}."), (inc.key, "tookPlaceIn", t2.key), (inc.key, "targeted", u1.key)),
        ((f"The {grp.label} claimed responsibility for {an} {inc_word} in {t2.label} that left {killed} dead "
         f"and {wounded} injured."), (inc.key, "tookPlaceIn", t2.key), (inc.key, "perpetratedBy", grp.key)),
    ]
    s, *rels = inc_forms[rnd.randrange(len(inc_forms))]
    w.say(s, *rels)
    if rnd.random() < 0.6:
        w.say(f"Witnesses blamed fighters of the {grp.label} for the {inc_word}, which targeted the {pol.label}.",
              (inc.key, "perpetratedBy", grp.key), (inc.key, "targeted", pol.key))
    w.say(f"Residents of {t3.label} said {grp.label} fighters were still active in the surrounding villages.",
          (t3.key, "threatenedBy", grp.key))
    w.say(f"Aid groups reported that hundreds of families had left {t3.label} and {t2.label} since the fighting began.")
    w.paragraph()
    quote = [
        (f"\"We will continue until the area is secure,\" said {who.label}, {role} of the {u1.label}.",
         (who.key, "affiliatedWith", u1.key)),
        (f"{who.label}, a {role} for the {grp.label}, denied that its fighters had withdrawn.",
         (who.key, "affiliatedWith", grp.key)),
        (f"According to {who.label}, the {role} of the {pol.label}, checkpoints were reinforced across {prov.label}.",
         (who.key, "affiliatedWith", pol.key)),
    ]
    s, *rels = quote[rnd.randrange(len(quote))]
    w.say(s, *rels)
    fillers = [
        f"The road between {t1.label} and {t3.label} remained closed on {when}.",
        f"Mobile networks in the {dist.label} were cut for most of the day.",
        "Independent verification of the casualty figures was not possible.",
        f"Previous offensives in {prov.label} stalled after heavy rains washed out supply routes.",
        "Officials did not say how long the operation would last.",
        f"Schools in {t1.label} were closed as a precaution.",
    ]
    for sentence in rnd.sample(fillers, k=rnd.randrange(2, len(fillers) + 1)):
        w.say(sentence)
    text = w.text
    record = {"id": f"synth-{world.seed}-{i}", "title": f"{op.label} launched in {prov.label}",
              "date": day.isoformat(), "url": f"https://news.example.org/{world.seed}/{i}", "text": text}
    used = {k for s_, _, o_, _, _ in w.relations for k in (s_, o_)}
    ents = [f for f in facts.values() if f.key in used or f.label in text]
    return Synthetic(record, ents, w.relations)


def articles(n: int, *, seed: int = 0, start: int = 0, scale: int | None = None) -> Iterator[dict]:
    """JSONL-ready records of articles ``start`` .. ``start + n - 1``, streamed."""
    world = World(seed, scale or max(1, (start + n) // 5000))
    for i in range(start, start + n):
        yield generate(i, world).record


def write_jsonl(path: str | Path, n: int, *, seed: int = 0, scale: int | None = None) -> Path:
    """Write ``n`` articles to a JSONL file (streamed) and return its path."""
    path = Path(path)
    with path.open("w", encoding="utf-8") as fh:
        for rec in articles(n, seed=seed, scale=scale):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def extraction(syn: Synthetic) -> Extraction:
    """The extraction a perfect extractor would return for a synthetic article."""
    rec = syn.record
    art: Article = make_article(rec["text"], source=rec["id"], title=rec["title"], published=rec["date"],
                                url=rec["url"])
    text = art.text
    ents = []
    for f in syn.entities:
        pos = text.find(f.label)
        mentions = [Mention(pos, pos + len(f.label), f.label)] if pos >= 0 else []
        ents.append(Entity(key=f.key, type=f.type, label=f.label, mentions=mentions, attributes=dict(f.attributes)))
    keys = {e.key for e in ents}
    rels = [Relation(s, p, o, Evidence(text[a:b], a, b), confidence=0.8)
            for s, p, o, a, b in syn.relations if s in keys and o in keys]
    return Extraction(art, ents, rels)


def extractions(n: int, *, seed: int = 0, start: int = 0, scale: int | None = None) -> Iterator[Extraction]:
    """Extractions of ``n`` synthetic articles without running spaCy, streamed."""
    world = World(seed, scale or max(1, (start + n) // 5000))
    for i in range(start, start + n):
        yield extraction(generate(i, world))


def network(n: int, *, seed: int = 0) -> Iterator[list]:
    """Per-article quads of entities and relations only (no evidence): a wide, sparse graph.

    ``n`` articles give about ``10 * n`` distinct entities, for traversal at scale.
    """
    from datetime import datetime, timezone

    from kg.rdf.quads import article_quads

    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    world = World(seed, scale=max(1, n // 100), skew=0.02)
    for i in range(n):
        quads = article_quads(extraction(generate(i, world)), ingested_at=when)
        yield [q for q in quads if "/evidence/" not in q.subject.value]


def main(argv: list[str] | None = None) -> None:
    """``python -m bench.synth N OUT.jsonl [--seed S]``: write a synthetic corpus."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.synth", description="Write N synthetic articles as JSONL.")
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    write_jsonl(args.out, args.n, seed=args.seed)


if __name__ == "__main__":
    main()
