"""A gold directory parsed once: articles, gold records, groups and spaCy Docs (kept as a DocBin).

Training and leave-one-group-out evaluation read every article many times; the parse is the
costly step, so it is done once and the Docs are reused (and handed to worker processes as a
DocBin file, never pickled).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import ArticleError
from kg.model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(slots=True)
class GoldDoc:
    """One annotated article: its name, group, gold record, article and parse."""

    name: str
    group: str
    gold: dict
    article: Article
    doc: Doc
    gold_dir: Path | None = None


def group_of(name: str, groups: dict[str, str] | None = None) -> str:
    """The group of a gold file: from ``groups`` when given, else its name up to the first '-'."""
    if groups and name in groups:
        return groups[name]
    return name.split("-", 1)[0]


def read_groups(path: Path) -> dict[str, str]:
    """A mapping file: one ``NAME GROUP`` (or ``NAME,GROUP`` / tab) per line; '#' starts a comment.

    Raises:
        ArticleError: unreadable file or a line without two fields.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(f"{path}: cannot read the groups file ({exc})") from exc
    out: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        line = line.split("#", 1)[0].replace(",", " ").replace("\t", " ").strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2:
            raise ArticleError(f"{path}:{n}: expected 'NAME GROUP', got {line!r}")
        out[parts[0]] = parts[1]
    return out


def load_gold_docs(gold_dir: Path | str, *, names: Iterable[str] | None = None,
                   groups: dict[str, str] | None = None, model: str | None = None) -> list[GoldDoc]:
    """Read and parse every ``NAME.txt`` with its ``NAME.json`` (or only ``names``).

    Raises:
        ArticleError: no gold files, or one is unreadable.
    """
    from kg.evaluate import gold_pairs, read_article, read_gold
    from kg.extract.nlp import DEFAULT_MODEL, load_pipeline

    pairs = gold_pairs(Path(gold_dir))
    if names is not None:
        wanted = set(names)
        pairs = [(t, g) for t, g in pairs if t.stem in wanted]
    arts = [read_article(t) for t, _ in pairs]
    golds = [read_gold(g) for _, g in pairs]
    nlp = load_pipeline(model or DEFAULT_MODEL)
    docs = nlp.pipe((a.text for a in arts), batch_size=16)
    return [GoldDoc(t.stem, group_of(t.stem, groups), g, a, d, Path(gold_dir))
            for (t, _), a, g, d in zip(pairs, arts, golds, docs)]


def save_docs(items: list[GoldDoc], path: Path) -> None:
    """Write the parses as one DocBin file (order kept)."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=True)
    for it in items:
        db.add(it.doc)
    db.to_disk(path)


def attach_docs(items: list[GoldDoc], path: Path, *, model: str | None = None) -> list[GoldDoc]:
    """Replace the parses of ``items`` by those of a DocBin file written by :func:`save_docs`."""
    from spacy.tokens import DocBin

    from kg.extract.nlp import DEFAULT_MODEL, load_pipeline

    vocab = load_pipeline(model or DEFAULT_MODEL).vocab
    docs = list(DocBin().from_disk(path).get_docs(vocab))
    return [GoldDoc(it.name, it.group, it.gold, it.article, d, it.gold_dir) for it, d in zip(items, docs)]


def read_names(gold_dir: Path | str) -> list[str]:
    """The names of the gold files of ``gold_dir``.

    Raises:
        ArticleError: no gold files.
    """
    from kg.evaluate import gold_pairs

    return [t.stem for t, _ in gold_pairs(Path(gold_dir))]


__all__ = ["GoldDoc", "attach_docs", "group_of", "load_gold_docs", "read_groups", "read_names",
           "save_docs"]
