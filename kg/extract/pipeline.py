"""From a parsed Doc to an Extraction: mentions -> entities -> relations (the stages of kg.extract)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.extract.tokens import toks
from kg.extract.mentions.candidate import Cand, is_cap, norm
from kg.extract.entities.geocode import hold_to_countries
from kg.extract.mentions.gather import gather
from kg.extract.entities.coreference import Group, merge_groups
from kg.extract.lookups import force_patterns, lookup_force, lookup_place
from kg.model import Article, Entity, Extraction, Mention
from kg.rdf.ontology import slug, top_class

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_MATCHERS: dict[int, tuple[Any, Any]] = {}
_NO_MATCHER = object()


def matcher_for(nlp: Language | None, vocab) -> Any:
    """A PhraseMatcher of known force names, built once per pipeline (None without table)."""
    hit = _MATCHERS.get(id(vocab))
    m = hit[1] if hit is not None and hit[0] is vocab else None
    if m is not None:
        return None if m is _NO_MATCHER else m
    pats = force_patterns()
    if not pats:
        m = _NO_MATCHER
    else:
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        tokenizer = nlp.tokenizer if nlp is not None else English(vocab=vocab).tokenizer
        m = PhraseMatcher(vocab, attr="LOWER")
        texts = sorted({t for t, _ in pats if t.strip()})
        m.add("FORCE", list(tokenizer.pipe(texts)))
    _MATCHERS[id(vocab)] = (vocab, m)
    return None if m is _NO_MATCHER else m


def _alias_links(doc: Doc, cands: list[Cand]) -> dict[int, list[str]]:
    """Names tied to a candidate by "X (ACR)" or an appositive "X, ... known as Y"."""
    links: dict[int, list[str]] = {}
    by_start = {c.start: c for c in cands}
    sent_starts: dict[int, int] = {}
    if any(c.extra.get("known_as") for c in cands):
        for sp in toks(doc).sents:
            for t in range(sp.start, sp.end):
                sent_starts[t] = sp.start
    for c in cands:
        e = c.end
        if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")":
            acr = doc[e + 1].text
            if _bracketed_alias(doc, c, acr, e + 3):
                links.setdefault(id(c), []).append(acr)
        elif e + 3 < len(doc) and doc[e].text == "(" and doc[e + 3].text == ")" and c.top == "Force" \
                and doc[e + 2].text.isupper() and len(doc[e + 2].text) >= 2 and doc[e + 1].text[:1].isupper():
            links.setdefault(id(c), []).append(doc[e + 1:e + 3].text)  # "(Mandalay PDF)"
        if c.extra.get("known_as"):
            # the named entity the appositive hangs on: nearest earlier candidate in the sentence
            sent_start = sent_starts.get(c.start, 0)
            prev = [p for p in cands if p.end <= c.start and p.start >= sent_start and p is not c
                    and p.top in ("Force",)]
            if prev:
                p = prev[-1]
                between = doc[p.end:c.start]
                if _apposed(doc, p.end, c.start) and any(t.text == "," for t in between) and not any(t.pos_ == "VERB" and t.dep_ == "ROOT" for t in between):
                    links.setdefault(id(p), []).append(c.label)
                    c.extra["alias_of"] = id(p)
        _ = by_start
    return links


def _stated_links(doc: Doc, cands: list[Cand], links: dict[int, list[str]]) -> dict[int, set[str]]:
    """Names the text states for one thing ("X, also spelt Y", "X, which ... call Y"): the other
    name joins X's names, and a candidate of it becomes a mention of X. Returns the stated
    names by candidate."""
    from kg.extract.entities.naming import stated_names

    by_id = {id(c): c for c in cands}

    def root(c: Cand) -> Cand:
        seen = 0
        while c.extra.get("alias_of") is not None and c.extra["alias_of"] in by_id and seen < 5:
            c = by_id[c.extra["alias_of"]]
            seen += 1
        return c

    stated: dict[int, set[str]] = {}
    for main, other, name in stated_names(doc, cands):
        main = root(main)
        known = lookup_force(name)
        if known is not None and (lookup_force(main.label) is None or lookup_force(main.label).label != known.label):
            continue  # a local name of X that the force table gives another group ("known locally as al-Shabab")
        stated.setdefault(id(main), set()).add(name)
        if other is not None and root(other) is not main:
            if other.extra.get("alias_of") is None and not any(
                    x.extra.get("alias_of") == id(other) for x in cands):
                other.extra["alias_of"] = id(main)
        names = links.setdefault(id(main), [])
        if name not in names:
            names.append(name)
        # every other mention of the stated name is the same thing
        key = norm(name)
        for c in cands:
            if c is not main and c is not other and norm(c.label) == key and c.extra.get("alias_of") is None \
                    and c.top not in ("Operation", "Phase") and root(c) is c \
                    and not any(x.extra.get("alias_of") == id(c) for x in cands):
                c.extra["alias_of"] = id(main)
    return stated


def _apposed(doc: Doc, end: int, start: int) -> bool:
    """Only ", (also) known as (the)" or a bracket lies between a name and its other name."""
    words = [t.lower_ for t in doc[end:start]]
    rest = [w for w in words if w not in (",", "also", "known", "called", "dubbed", "referred", "to", "as",
                                          "the", "locally", "widely", "commonly", "(", ")", "'", '"', "“", "”")]
    return not rest


def _bracketed_alias(doc: Doc, c: Cand, acr: str, after: int) -> bool:
    """"Name (ACR)" gives an alias; a dateline's wire credit "KYIV, Ukraine (Agency) -" does not."""
    from kg.extract.entities.coreference import is_acronym_of

    if not acr[:1].isupper() or len(acr) < 2:
        return False
    if after < len(doc) and doc[after].text in ("-", "—", "–", "--") and "\n" not in doc[after].text:
        return False  # a wire credit closes a dateline
    if is_acronym_of(acr, c.label):
        return True
    if _tail_country(doc, c):
        return False  # "Tehreek-i-Taliban Pakistan (TTP)": the bracket names the whole group
    return sum(ch.isupper() for ch in acr) >= 2


def _tail_country(doc: Doc, c: Cand) -> bool:
    """``c`` is a country closing a longer name ("... Party of Peru", "Tehreek-i-Taliban Pakistan")."""
    if c.top != "Place" or c.start < 2:
        return False
    hit = lookup_place(c.label)
    if hit is None or hit.kind != "Country":
        return False
    before = doc[c.start - 1]
    if before.lower_ in ("of", "de", "del", "for") and is_cap(doc[c.start - 2]):
        return True
    return is_cap(before) and before.pos_ == "PROPN" and before.sent == doc[c.start].sent


def build_entities(doc: Doc, cands: list[Cand]) -> tuple[list[Entity], dict[int, str]]:
    """Group candidates into entities; returns the entities and cand id -> entity key."""
    links = _alias_links(doc, cands)
    stated = _stated_links(doc, cands, links)
    text = toks(doc).doc_text
    groups: list[Group] = []
    gof: dict[int, Group] = {}
    for c in cands:
        if c.extra.get("alias_of") is not None:
            continue
        g = Group(type=c.type, names=[c.label], cands=[c])
        if c.group >= 0:
            g.fixed_label = c.label
        else:
            surf = text[doc[c.start].idx: doc[c.end - 1].idx + len(doc[c.end - 1].text)]
            if surf != c.label and surf.lower() != "the " + c.label.lower() and c.type != "Phase":
                g.names.append(surf)
        if c.alias:
            g.names.append(c.alias)
        for a in links.get(id(c), []):
            if a not in g.names:
                g.names.append(a)
                if a in stated.get(id(c), ()):
                    g.stated.add(a)
        kf = c.extra.get("known")
        if kf is not None:
            g.names.append(kf.label)
        g.mentions.append((doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1].text),
                           doc[c.start:c.end].text))
        groups.append(g)
        gof[id(c)] = g
    for c in cands:
        if c.extra.get("alias_of") is not None:
            gof[id(c)] = gof.get(c.extra["alias_of"])
    merged = merge_groups(groups)
    entities: list[Entity] = []
    key_of_group: dict[int, str] = {}
    used: set[str] = set()
    for g in merged:
        label = g.label()
        if not label or norm(label) == "":
            continue
        key = f"{top_class(g.type).lower()}:{slug(label)}"
        while key in used:
            key += "_"
        used.add(key)
        ent = Entity(key=key, type=g.type if g.type != "?" else "Force", label=label)
        lab_n = norm(label)
        ent.aliases = {n for n in g.names if n != label and norm(n) and norm(n) != lab_n or
                       (n != label and norm(n) == lab_n and False)}
        ent.mentions = [Mention(s, e, t) for s, e, t in g.mentions]
        parent = next((c.extra["parent"] for c in g.cands if c.extra.get("parent")), None)
        if parent:
            ent.attributes["_parent"] = parent
        _attributes(ent)
        entities.append(ent)
        key_of_group[id(g)] = key
    cand_key: dict[int, str] = {}
    # map each cand to its final group
    final_of: dict[int, Group] = {}
    for g in merged:
        for c in g.cands:
            final_of[id(c)] = g
    for c in cands:
        g = final_of.get(id(c))
        if g is None and c.extra.get("alias_of") is not None:
            src = next((x for x in cands if id(x) == c.extra["alias_of"]), None)
            g = final_of.get(id(src)) if src is not None else None
        if g is not None and id(g) in key_of_group:
            cand_key[id(c)] = key_of_group[id(g)]
    return entities, cand_key


def _attributes(ent: Entity) -> None:
    top = top_class(ent.type)
    if top == "Place":
        for n in [ent.label, *sorted(ent.aliases)]:
            hit = lookup_place(n)
            if hit is not None:
                if ent.type == "Place" and hit.kind:
                    ent.type = hit.kind
                for k in ("lat", "lon", "geonames", "wikidata"):
                    v = getattr(hit, k)
                    if v is not None:
                        ent.attributes[k] = v
                break
        ent.type = _place_kind(ent)
    elif top == "Force":
        for n in [ent.label, *sorted(ent.aliases)]:
            kf = lookup_force(n)
            if kf is not None:
                if kf.wikidata:
                    ent.attributes["wikidata"] = kf.wikidata
                if ent.type in ("Force",) and kf.type:
                    ent.type = kf.type
                break


def _place_kind(ent: Entity) -> str:
    """One class per place, read from its label: a compass-only name is an Area ("the North East"),
    a head word gives the kind ("Gao Region" -> Province), else the gazetteer's kind for the label."""
    from kg.extract.lexicon import DIRECTION_WORDS
    from kg.extract.mentions.places import KIND_OF_HEAD

    words = ent.label.replace("-", " ").lower().split()
    if words and all(w in DIRECTION_WORDS or w in ("central", "centre", "center") for w in words):
        return "Area"
    if len(words) >= 2 and words[-1] in KIND_OF_HEAD:
        return KIND_OF_HEAD[words[-1]]
    hit = lookup_place(ent.label)
    if hit is not None and hit.kind and top_class(hit.kind) == "Place" and norm(hit.name) == norm(ent.label):
        return hit.kind
    return ent.type


_NAMING = {"referred", "known", "dubbed", "called", "codenamed", "code-named", "named"}
_ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"}


def _named_as(doc: Doc, entities: list[Entity]) -> None:
    """"This phase is known as X": X is another name of the operation just named."""
    ops = [e for e in entities if top_class(e.type) == "Operation" and e.mentions]
    if not ops:
        return
    for i in toks(doc).positions(_NAMING):
        tok = doc[i]
        if tok.lower_ not in _NAMING:
            continue
        j = i + 1
        if j < len(doc) and doc[j].lower_ == "to":
            j += 1
        if j >= len(doc) or doc[j].lower_ != "as":
            continue
        k = j + 1
        while k < len(doc) and doc[k].text in ("'", '"', "‘", "“"):
            k += 1
        e = k
        while e < len(doc) and (is_cap(doc[e]) or doc[e].lower_ in _ROMAN and e > k or doc[e].text.isdigit()):
            e += 1
        if e == k or e - k > 6:
            continue
        subj = [t.lower_ for t in doc[max(toks(doc).sent(i).start, i - 5):i]]
        if not any(w in ("phase", "operation", "offensive", "campaign", "it", "push") for w in subj):
            continue
        name = doc[k:e].text
        before = [o for o in ops if o.mentions[0].start < tok.idx]
        if not before:
            continue
        near = max(before, key=lambda o: max(m.start for m in o.mentions if m.start < tok.idx))
        if "phase" in subj:
            phases = [o for o in before if o.type == "Phase"]
            near = phases[-1] if phases else near
        if norm(name) != norm(near.label):
            near.aliases.add(name)


def extract_doc(doc: Doc, article: Article) -> Extraction:
    """Extract entities and relations from a parsed article."""
    from kg.extract.relations.threats import drop_own_forces

    ex, cands, cand_key = rule_extraction(doc, article)
    _learned_relations(doc, ex, cands, cand_key)
    drop_own_forces(ex)
    return ex


def rule_extraction(doc: Doc, article: Article) -> tuple[Extraction, list[Cand], dict[int, str]]:
    """Entities and the rule layer's relations, with the mention candidates and their entity keys."""
    from kg.extract.relations.rules import find_relations
    from kg.extract.relations.threats import drop_own_forces

    from kg.extract.learned.merge import apply_learned

    matcher = matcher_for(None, doc.vocab)
    cands = apply_learned(doc, gather(doc, matcher))
    entities, cand_key = build_entities(doc, cands)
    hold_to_countries(entities)
    _named_as(doc, entities)
    ex = Extraction(article=article, entities=entities)
    find_relations(doc, article, cands, cand_key, ex)
    drop_own_forces(ex)
    return ex, cands, cand_key


def _learned_relations(doc: Doc, ex: Extraction, cands: list[Cand], cand_key: dict[int, str]) -> None:
    """In learned and hybrid modes the relation classifier decides the relations."""
    from kg.extract.learned.settings import current

    cfg = current()
    if not cfg.learned or not cfg.relations:
        return
    from kg.extract.learned.relations import apply, load_model, model_file

    apply(doc, ex, cands, cand_key, load_model(model_file(cfg.directory, cfg.mode)))


__all__ = ["extract_doc", "is_cap", "matcher_for", "rule_extraction"]
