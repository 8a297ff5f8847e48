"""Reading inputs into :class:`~kg.model.Article` records.

Supported: ``.txt``, ``.md``, ``.html``/``.htm`` (main text only), ``.jsonl`` (one
article per line: id, title, date, url, text), directories (recursively) and ``-`` for
standard input. Unreadable inputs are reported as :class:`~kg.model.Skipped`, never raised,
so one bad file does not stop an ingest.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.model import Article, Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_BYTES = 20_000_000  # larger single articles are refused: they are not news reports

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def content_id(text: str) -> str:
    """SHA-256 of the text (NFC, stripped): the article's identity."""
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode("utf-8")).hexdigest()


def decode(data: bytes) -> str:
    """Decode bytes of a text file: BOMs honoured, UTF-8, then Windows-1252/Latin-1.

    Raises:
        ValueError: the data looks binary.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, "replace")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text[:8192] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > 0.05 * min(len(text), 8192):
        raise ValueError("binary file (not text in UTF-8, UTF-16 or Latin-1)")
    return text


def clean_text(text: str) -> str:
    """Normalise line endings and Unicode (NFC); drop control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")


def split_title(text: str) -> str | None:
    """The first line as title when it is short and followed by a blank line."""
    lines = text.lstrip().split("\n", 2)
    if len(lines) >= 2 and lines[1].strip() == "" and 0 < len(lines[0].strip()) <= 200:
        return lines[0].strip().lstrip("#").strip()
    return None


def make_article(text: str, *, source: str, title: str | None = None, published: str | None = None,
                 url: str | None = None) -> Article:
    """Build an :class:`Article` from text and metadata.

    Raises:
        ValueError: the text is empty.
    """
    text = clean_text(text)
    if not text.strip():
        raise ValueError("empty text")
    if published:
        from kg.dates import parse_published

        published = parse_published(published)
    return Article(id=content_id(text), text=text, title=title or split_title(text),
                   published=published, url=url or None, source=source)


def read_path(path: Path, source: str | None = None) -> Iterator[Article | Skipped]:
    """Articles from one file (several for JSONL)."""
    src = source or str(path)
    suffix = path.suffix.lower()
    try:
        if path.stat().st_size > MAX_BYTES:
            yield Skipped(src, f"larger than {MAX_BYTES // 1_000_000} MB")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(src, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(data, src)
        return
    try:
        text = decode(data)
    except ValueError as exc:
        yield Skipped(src, str(exc))
        return
    try:
        if suffix in HTML_SUFFIXES:
            from kg.html import html_article

            yield html_article(text, source=src)
        else:
            yield make_article(text, source=src)
    except ValueError as exc:
        yield Skipped(src, str(exc))


def read_jsonl(data: bytes, source: str) -> Iterator[Article | Skipped]:
    """Articles from JSON Lines: ``{"id", "title", "date", "url", "text"}`` per line."""
    for n, raw in enumerate(data.splitlines(), 1):
        where = f"{source}:{n}"
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield Skipped(where, f"not a JSON object ({exc.__class__.__name__}: {str(exc)[:80]})")
            continue
        if not isinstance(rec, dict):
            yield Skipped(where, "not a JSON object")
            continue
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(where, "no 'text' field")
            continue
        meta = {k: rec.get(k) for k in ("title", "date", "url")}
        if not all(v is None or isinstance(v, str) for v in meta.values()):
            yield Skipped(where, "'title', 'date' and 'url' must be strings")
            continue
        ident = rec.get("id")
        src = f"{where} ({ident})" if isinstance(ident, (str, int)) and str(ident) else where
        try:
            yield make_article(text, source=src, title=meta["title"], published=meta["date"], url=meta["url"])
        except ValueError as exc:
            yield Skipped(where, str(exc))


def iter_files(root: Path) -> Iterator[Path | Skipped]:
    """Files under ``root`` with a supported suffix, sorted, following no symlink loops."""
    seen: set[tuple[int, int]] = set()

    def walk(d: Path) -> Iterator[Path | Skipped]:
        try:
            st = d.stat()
        except OSError as exc:
            yield Skipped(str(d), f"cannot read folder: {exc.strerror or exc}")
            return
        if (st.st_dev, st.st_ino) in seen:
            return
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            yield Skipped(str(d), f"cannot read folder: {exc.strerror or exc}")
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                if entry.is_dir():
                    yield from walk(p)
                elif entry.is_file():
                    if p.suffix.lower() in SUFFIXES:
                        yield p
                    elif not entry.name.startswith("."):
                        yield Skipped(str(p), f"unsupported file type '{p.suffix or entry.name}'")
                else:
                    yield Skipped(str(p), "not a regular file (broken link?)")
            except OSError as exc:
                yield Skipped(str(p), f"cannot read: {exc.strerror or exc}")

    yield from walk(root)


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Articles (or skip records) from paths, directories and ``-`` (stdin), streamed."""
    for item in inputs:
        if str(item) == "-":
            data = sys.stdin.buffer.read()
            try:
                yield make_article(decode(data), source="<stdin>")
            except ValueError as exc:
                yield Skipped("<stdin>", str(exc))
            continue
        path = Path(item)
        if path.is_dir():
            for f in iter_files(path):
                if isinstance(f, Skipped):
                    yield f
                else:
                    yield from read_path(f)
        elif path.exists():
            if path.suffix.lower() not in SUFFIXES:
                yield Skipped(str(path), f"unsupported file type '{path.suffix or path.name}' "
                              f"(use {', '.join(sorted(SUFFIXES))})")
                continue
            yield from read_path(path)
        else:
            yield Skipped(str(path), "no such file or folder")

