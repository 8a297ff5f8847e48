"""Reading inputs into :class:`~kg.model.Article` records.

Supported: ``.txt``, ``.md`` (with optional YAML front matter: title, date, url),
``.html``/``.htm`` (main text only), ``.jsonl`` (one article per line: id, title, date, url,
text), directories (recursively) and ``-`` for standard input. Unreadable inputs are
reported as :class:`~kg.model.Skipped`, never raised, so one bad file does not stop an ingest.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import ArticleError
from kg.model import Article, Skipped

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_CHARS = 1_000_000  # spaCy's default max_length; longer texts are books, not news reports
MAX_BYTES = 20_000_000  # larger files (HTML included) are refused without being read
MAX_TITLE_CHARS = 300  # a headline longer than this is cut (at a word) and marked with an ellipsis

_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # category Cc but tab and newline


def content_id(text: str) -> str:
    """SHA-256 of the text (NFC, stripped): the article's identity."""
    return hashlib.sha256(unicodedata.normalize("NFC", text.strip()).encode("utf-8")).hexdigest()


def decode(data: bytes) -> str:
    """Decode bytes of a text file: BOMs honoured, UTF-8, then Windows-1252/Latin-1.

    Raises:
        ArticleError: the data looks binary.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, "replace")
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    head = text[:8192]
    controls = sum(1 for ch in head if ch < " " and ch not in "\r\n\t\f" or "\x7f" <= ch <= "\x9f")
    if controls > max(8, 0.1 * len(head)):
        raise ArticleError("binary file (not text in UTF-8, UTF-16 or Latin-1)")
    return text


def clean_text(text: str) -> str:
    """Normalise line endings and Unicode (NFC); drop control characters."""
    text = _SURROGATES.sub("\ufffd", text)  # lone surrogates cannot be encoded or stored
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROLS.sub("", text)


def split_title(text: str) -> str | None:
    """The first line as title when it is short and followed by a blank line."""
    lines = text.lstrip().split("\n", 2)
    if len(lines) >= 2 and lines[1].strip() == "" and 0 < len(lines[0].strip()) <= 200:
        return lines[0].strip().lstrip("#").strip()
    return None


MARKDOWN_SUFFIXES = {".md", ".markdown"}
_MD_HEADING = re.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def strip_markdown(text: str) -> str:
    r"""Plain text of Markdown prose: heading marks and bold markers removed.

    >>> strip_markdown("# Title\n\nThe **10th Brigade** advanced.")
    'Title\n\nThe 10th Brigade advanced.'
    """
    return _MD_EMPHASIS.sub(r"\2", _MD_HEADING.sub("", text))


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEYS = {
    "title": ("title", "headline"),
    "published": ("date", "published", "datePublished", "date_published", "pubDate", "publication_date"),
    "url": ("url", "link", "canonical_url", "source_url"),
}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    r"""YAML front matter (between ``---`` lines at the very start) as title/published/url, and the rest.

    Text without front matter, or whose block is not a YAML mapping, comes back unchanged.

    >>> split_front_matter("---\ntitle: Convoy attacked\ndate: 2024-04-15\n---\nThe convoy ...")
    ({'title': 'Convoy attacked', 'published': '2024-04-15'}, 'The convoy ...')
    """
    match = _FRONT_MATTER.match(text[:20_000])
    if not match:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    fields: dict[str, str] = {}
    for field, keys in _FRONT_KEYS.items():
        value = next((data[k] for k in keys if data.get(k) not in (None, "")), None)
        if value is not None:
            fields[field] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return fields, text[match.end():].lstrip("\n")


def make_article(text: str, *, source: str, title: str | None = None, published: str | None = None,
                 url: str | None = None) -> Article:
    """Build an :class:`Article` from text and metadata.

    Raises:
        ArticleError: the text is empty or longer than :data:`MAX_CHARS`.
    """
    text = clean_text(text)
    if not text.strip():
        raise ArticleError("empty (no text)" if not text else "no text (only whitespace)")
    if len(text) > MAX_CHARS:
        raise ArticleError(f"too long ({len(text):,} characters, limit {MAX_CHARS:,}): split it into articles")
    if published:
        from kg.extract.timex import parse_published

        published = parse_published(published)
    if title:
        title = " ".join(clean_text(title[: MAX_TITLE_CHARS * 4]).split()) or None
    return Article(id=content_id(text), text=text, title=cap_title(title or split_title(text)),
                   published=published, url=url or None, source=source)


def cap_title(title: str | None) -> str | None:
    """``title`` cut to :data:`MAX_TITLE_CHARS` at a word boundary, with an ellipsis when cut.

    >>> cap_title("Convoy attacked near Bama")
    'Convoy attacked near Bama'
    >>> long = cap_title("Convoy attacked near Bama " * 30)
    >>> len(long) <= MAX_TITLE_CHARS and long.endswith("…")
    True
    """
    if title is None or len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    if " " in cut[MAX_TITLE_CHARS // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (None when it is a readable regular file)."""
    try:
        st = path.stat()
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ELOOP) and os.path.lexists(path):
            return "broken or looping symbolic link"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        kind = "named pipe" if stat.S_ISFIFO(st.st_mode) else "socket" if stat.S_ISSOCK(st.st_mode) else "device"
        return f"not a regular file ({kind})"
    return None


def read_path(path: Path, source: str | None = None) -> Iterator[Article | Skipped]:
    """Articles from one file (several for JSONL)."""
    src = source or str(path)
    suffix = path.suffix.lower()
    why = _not_regular(path)
    if why:
        yield Skipped(src, why)
        return
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, src)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            yield Skipped(src, f"too large ({_mb(size)}, limit {_mb(MAX_BYTES)}): split it into articles")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(src, f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = decode(data)
    except ArticleError as exc:
        yield Skipped(src, str(exc))
        return
    try:
        if suffix in HTML_SUFFIXES:
            from kg.read.html import html_article

            yield html_article(text, source=src)
        else:
            meta, text = split_front_matter(text)
            if suffix in MARKDOWN_SUFFIXES:
                text = strip_markdown(text)
            yield make_article(text, source=src, **meta)
    except ArticleError as exc:
        yield Skipped(src, str(exc))


def read_jsonl_file(path: Path, source: str) -> Iterator[Article | Skipped]:
    """Articles from a JSON Lines file, read line by line (any file size)."""
    try:
        with path.open("rb") as fh:
            yield from read_jsonl(fh, source)
    except OSError as exc:
        yield Skipped(source, f"cannot read: {exc.strerror or exc}")


def read_jsonl(data: bytes | Iterable[bytes], source: str) -> Iterator[Article | Skipped]:
    """Articles from JSON Lines: ``{"id", "title", "date", "url", "text"}`` per line.

    Bad lines are skipped with their line number (``file:line``); good lines are read.
    """
    lines = data.splitlines() if isinstance(data, bytes) else data
    for n, raw in enumerate(lines, 1):
        where = f"{source}:{n}"
        if not raw.strip():
            continue
        if len(raw) > MAX_BYTES:
            yield Skipped(where, f"record too large ({_mb(len(raw))}, limit {_mb(MAX_BYTES)})")
            continue
        try:
            rec = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            why = "not UTF-8" if isinstance(exc, UnicodeDecodeError) else f"invalid JSON: {str(exc)[:80]}"
            yield Skipped(where, why)
            continue
        except RecursionError:  # arrays or objects nested thousands deep: this line only
            yield Skipped(where, "JSON nested too deeply")
            continue
        if not isinstance(rec, dict):
            yield Skipped(where, "not a JSON object")
            continue
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Skipped(where, "no 'text' field" if text is None else
                          "'text' is not a string" if not isinstance(text, str) else "empty 'text'")
            continue
        meta = {k: rec.get(k) for k in ("title", "date", "url")}
        if not all(v is None or isinstance(v, str) for v in meta.values()):
            yield Skipped(where, "'title', 'date' and 'url' must be strings")
            continue
        ident = rec.get("id")
        label = " ".join(str(ident).split())[:80] if isinstance(ident, (str, int)) else ""
        src = f"{where} ({label})" if label else where
        try:
            yield make_article(text, source=src, title=meta["title"], published=meta["date"], url=meta["url"])
        except ArticleError as exc:
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
                elif not entry.name.startswith("."):
                    yield Skipped(str(p), _not_regular(p) or "not a regular file")
            except OSError as exc:
                yield Skipped(str(p), _not_regular(p) or f"cannot read: {exc.strerror or exc}")

    yield from walk(root)


def read_articles(inputs: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Articles (or skip records) from paths, directories and ``-`` (stdin), streamed."""
    for item in inputs:
        if str(item) == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                yield Skipped("<stdin>", f"too large (over {_mb(MAX_BYTES)}): split it into articles")
                continue
            try:
                meta, text = split_front_matter(decode(data))
                yield make_article(text, source="<stdin>", **meta)
            except ArticleError as exc:
                yield Skipped("<stdin>", str(exc))
            continue
        path = Path(item)
        try:
            kind = _kind(path)
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if kind == "dir":
            for f in iter_files(path):
                if isinstance(f, Skipped):
                    yield f
                else:
                    yield from read_path(f)
        elif kind == "missing":
            yield Skipped(str(path), "no such file or folder")
        elif kind == "file" and path.suffix.lower() not in SUFFIXES:
            yield Skipped(str(path), f"unsupported file type '{path.suffix or path.name}' "
                          f"(use {', '.join(sorted(SUFFIXES))})")
        else:
            yield from read_path(path)


def count_articles(inputs: Iterable[str | Path]) -> int | None:
    """At most how many articles ``inputs`` hold (a file each, a JSONL file a line each); None for stdin."""
    total = 0
    for item in inputs:
        if str(item) == "-":
            return None
        path = Path(item)
        files = [f for f in iter_files(path) if not isinstance(f, Skipped)] if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() not in JSONL_SUFFIXES:
                total += 1
                continue
            try:
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                continue
    return total


def _kind(path: Path) -> str:
    """"dir", "file" (regular), "missing", or "other" (link to nothing, pipe, device...).

    Raises:
        OSError: the path cannot be examined (e.g. a folder on the way is not searchable).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        return "other" if os.path.lexists(path) else "missing"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "other"
        raise
    return "dir" if stat.S_ISDIR(st.st_mode) else "file" if stat.S_ISREG(st.st_mode) else "other"


def input_problem(item: str | Path) -> str | None:
    """Why a command-line input cannot be read at all (None when it is a file, folder or ``-``)."""
    if str(item) == "-":
        return None
    path = Path(item)
    try:
        kind = _kind(path)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if kind == "missing":
        return "no such file or folder"
    if kind == "dir":
        return None if os.access(path, os.R_OK | os.X_OK) else "cannot read folder: permission denied"
    why = _not_regular(path)
    if why:
        return why
    return None if os.access(path, os.R_OK) else "cannot read: permission denied"
