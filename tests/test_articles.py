"""Reading inputs: encodings, bad files, JSONL lines, odd file-system objects (no model needed)."""
from __future__ import annotations

import codecs
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kg.errors import ArticleError
from kg.read.articles import MAX_BYTES, MAX_CHARS, decode, input_problem, make_article, read_articles
from kg.model import Article, Skipped
from kg.extract.timex import parse_published
from tests.conftest import child_env

TEXT = "Patrol boats of the Coastal Guard left Pemberton harbour on Tuesday.\n"


def read(*paths: str | Path) -> tuple[list[Article], list[Skipped]]:
    items = list(read_articles([str(p) for p in paths]))
    return [a for a in items if isinstance(a, Article)], [s for s in items if isinstance(s, Skipped)]


class Opened:
    """Which files this process opens and which folders it lists, recorded by an audit hook.

    Counting work instead of timing it: the counts do not depend on the machine's speed.
    An audit hook cannot be removed, so one hook is installed once and records only while
    a ``with Opened() as seen:`` block is active.
    """

    _active: list[Opened] = []
    _installed = False

    def __init__(self) -> None:
        self.files: list[str] = []
        self.listings = 0

    def __enter__(self) -> Opened:
        if not Opened._installed:
            sys.addaudithook(Opened._hook)
            Opened._installed = True
        Opened._active.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        Opened._active.remove(self)

    @staticmethod
    def _hook(event: str, args: tuple) -> None:
        if not Opened._active:
            return
        if event == "open" and isinstance(args[0], (str, Path)):
            Opened._active[-1].files.append(str(args[0]))
        elif event in ("os.scandir", "os.listdir"):
            Opened._active[-1].listings += 1


def only_skip(path: Path) -> Skipped:
    arts, skips = read(path)
    assert arts == [] and len(skips) == 1, (arts, skips)
    assert str(path) in skips[0].source
    assert "\n" not in skips[0].reason
    return skips[0]


def test_plain_text_with_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Harbour closed\n\n" + TEXT, encoding="utf-8")
    [art], [] = read(f)
    assert art.title == "Harbour closed" and art.source == str(f) and len(art.id) == 64


@pytest.mark.parametrize("content,reason", [(b"", "empty"), (b"  \n\t\r\n  ", "whitespace")])
def test_empty_and_whitespace_files_are_skipped(tmp_path, content, reason):
    f = tmp_path / "blank.txt"
    f.write_bytes(content)
    assert reason in only_skip(f).reason


@pytest.mark.parametrize("text,message", [
    ("", "empty (no text)"), (" \n\t", "no text (only whitespace)"),
    ("x" * (MAX_CHARS + 1), f"too long ({MAX_CHARS + 1:,} characters, limit {MAX_CHARS:,}): split it into articles"),
])
def test_a_text_that_is_no_article_is_an_article_error(text, message):
    """The library raises kg's own error (the readers turn it into a skip record)."""
    with pytest.raises(ArticleError) as caught:
        make_article(text, source="t.txt")
    assert str(caught.value) == message and caught.value.exit_code == 1


def test_binary_file_is_skipped(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in only_skip(f).reason


def test_binary_without_nul_bytes_is_skipped(tmp_path):
    f = tmp_path / "noise.md"
    f.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 13)) * 200)
    assert "binary" in only_skip(f).reason


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + TEXT.replace("Pemberton", "Pembértøn").encode("utf-16-le"),
    codecs.BOM_UTF16_BE + TEXT.replace("Pemberton", "Pembértøn").encode("utf-16-be"),
    codecs.BOM_UTF8 + TEXT.replace("Pemberton", "Pembértøn").encode("utf-8"),
    TEXT.replace("Pemberton", "Pembértøn").encode("latin-1"),
    TEXT.replace("Pemberton", "Pembértøn").encode("cp1252"),
])
def test_encodings(tmp_path, data):
    f = tmp_path / "enc.txt"
    f.write_bytes(data)
    [art], [] = read(f)
    assert "Pembértøn harbour" in art.text and "\ufeff" not in art.text


def test_invalid_utf8_falls_back_without_crash():
    text = decode(b"Caf\xc3\xa9 then a stray \xff\xfe byte in prose.")
    assert text.startswith("Caf") and "prose" in text


def test_control_characters_and_crlf_are_cleaned(tmp_path):
    f = tmp_path / "ctl.txt"
    f.write_bytes(b"Line one\x07 has a bell.\r\nLine two\x1b[0m.\r\n")
    [art], [] = read(f)
    assert "\r" not in art.text and "\x07" not in art.text and "\x1b" not in art.text


def test_non_english_text_is_read(tmp_path):
    f = tmp_path / "ar.txt"
    f.write_text("قالت الشرطة إن دورية تعرضت لهجوم قرب المعبر الحدودي.\n", encoding="utf-8")
    [art], [] = read(f)
    assert "الشرطة" in art.text


def test_unknown_extension_is_skipped_with_the_accepted_list(tmp_path):
    f = tmp_path / "report.pdf"
    f.write_bytes(b"%PDF-1.4")
    s = only_skip(f)
    assert "unsupported file type '.pdf'" in s.reason and ".jsonl" in s.reason


def test_too_large_file_is_skipped_without_reading(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:  # 50 MB of real text
        line = (TEXT * 100).encode()
        while fh.tell() < 50_000_000:
            fh.write(line)
    with Opened() as seen:
        s = only_skip(f)
    assert "too large" in s.reason and "50.0 MB" in s.reason
    assert str(f) not in seen.files  # judged by its size: never opened


def test_text_longer_than_spacy_limit_is_skipped(tmp_path):
    f = tmp_path / "book.txt"
    f.write_text(TEXT * (MAX_CHARS // len(TEXT) + 10), encoding="utf-8")
    assert f.stat().st_size < MAX_BYTES
    assert "too long" in only_skip(f).reason


def test_jsonl_bad_lines_are_skipped_good_lines_read(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "title": "One", "date": "2023-05-03", "text": TEXT}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4", "title": "No text"}),
        json.dumps({"id": "a5", "text": 42}),
        "",
        json.dumps({"id": "a7", "text": "   "}),
        json.dumps({"id": "a8", "title": 5, "text": TEXT}),
        json.dumps({"id": "a9", "date": "sometime soon", "text": TEXT + " Again."}),
    ]
    f.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe{\"text\": \"x\"}\n")
    arts, skips = read(f)
    assert [a.source for a in arts] == [f"{f}:1 (a1)", f"{f}:9 (a9)"]
    assert arts[0].published == "2023-05-03" and arts[1].published is None
    where = {s.source.rsplit(":", 1)[1]: s.reason for s in skips}
    assert set(where) == {"2", "3", "4", "5", "7", "8", "10"}
    assert "invalid JSON" in where["2"] and "not a JSON object" in where["3"]
    assert "no 'text'" in where["4"] and "not a string" in where["5"] and "empty" in where["7"]
    assert "must be strings" in where["8"] and "UTF-8" in where["10"]


def test_jsonl_lone_surrogates_become_replacement_characters(tmp_path):
    f = tmp_path / "s.jsonl"
    f.write_text(json.dumps({"title": "T\ud800", "text": "Bad \udfff char in text."}) + "\n", encoding="utf-8")
    [art], [] = read(f)
    assert "\ufffd" in art.text and art.title == "T\ufffd"
    art.text.encode("utf-8")


def test_html_scripts_and_styles_are_dropped(tmp_path):
    f = tmp_path / "page.html"
    body = " ".join([TEXT.strip()] * 6)
    f.write_text(
        "<html><head><title>Harbour news</title><style>p { color: red; } .secretcss {}</style>"
        "<script>var trackingToken = 'zzq';</script></head><body><nav>Home | About</nav>"
        f"<article><h1>Harbour closed</h1><p>{body}</p><script>alert('zzq2')</script></article>"
        "</body></html>", encoding="utf-8")
    [art], [] = read(f)
    assert "Coastal Guard" in art.text
    for junk in ("trackingToken", "zzq", "secretcss", "color: red"):
        assert junk not in art.text


def test_html_without_main_text_is_skipped(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8")
    only_skip(f)


def test_fifo_is_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # Held open for reading and writing here, so a reader opening it would not block forever:
    # the audit record then fails the test instead of hanging it.
    held = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        with Opened() as seen:
            assert "named pipe" in only_skip(fifo).reason
            arts, skips = read(tmp_path)
        assert arts == [] and "named pipe" in skips[0].reason
        assert str(fifo) not in seen.files
    finally:
        os.close(held)
    assert input_problem(fifo) == "not a regular file (named pipe)"


def test_dangling_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    assert "broken" in only_skip(link).reason
    assert "broken" in (input_problem(link) or "")


def test_symlink_loops_terminate(tmp_path):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    (d / "sub" / "up").symlink_to(d)  # folder loop
    (d / "self.txt").symlink_to(d / "self.txt")  # file loop
    arts, skips = read(d)
    assert len(arts) == 1
    assert any("self.txt" in s.source and "looping" in s.reason for s in skips)


def test_folder_where_a_file_is_expected(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    arts, skips = read(tmp_path / "folder.txt")
    assert arts == [] and skips == []  # an empty folder: nothing to read, nothing wrong
    assert input_problem(tmp_path / "folder.txt") is None


def test_missing_path():
    assert input_problem("/nonexistent/x.txt") == "no such file or folder"
    arts, skips = read("/nonexistent/x.txt")
    assert skips == [Skipped("/nonexistent/x.txt", "no such file or folder")]


def _as_nobody(code: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child process as user 'nobody' when root (root ignores file modes)."""
    uid = pwd.getpwnam("nobody").pw_uid if os.geteuid() == 0 else None
    prologue = (  # import first: the interpreter's own files may not be readable by 'nobody'
        "import os, sys, typing\n"
        "from kg.read.articles import read_articles, input_problem\n"
        f"if {uid!r} is not None: os.setgid({uid!r}); os.setuid({uid!r})\n"
    )
    out = subprocess.run([sys.executable, "-c", prologue + code], capture_output=True, text=True, env=child_env(),
                         cwd="/", timeout=60)
    assert out.returncode == 0, out.stderr
    return out


def test_unreadable_file_and_folder_for_an_unprivileged_user():
    base = Path(tempfile.mkdtemp(prefix="kg-perm-"))
    try:
        base.chmod(0o755)
        secret = base / "secret.txt"
        secret.write_text(TEXT, encoding="utf-8")
        secret.chmod(0o000)
        locked = base / "locked"
        locked.mkdir()
        (locked / "x.txt").write_text(TEXT, encoding="utf-8")
        locked.chmod(0o000)
        out = _as_nobody(
            f"items = list(read_articles([{str(secret)!r}, {str(locked)!r}, {str(locked / 'x.txt')!r}]))\n"
            "print(repr([(type(i).__name__, i.source, getattr(i, 'reason', '')) for i in items]))\n"
            f"print(input_problem({str(secret)!r}), input_problem({str(locked)!r}))\n")
        items = eval(out.stdout.splitlines()[0])  # noqa: S307 - our own repr output
        assert [i[0] for i in items] == ["Skipped"] * 3
        assert [i[1] for i in items] == [str(secret), str(locked), str(locked / "x.txt")]
        assert all("Permission denied" in i[2] for i in items)
        assert out.stdout.splitlines()[1] == ("cannot read: permission denied "
                                              "cannot read folder: permission denied")
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def test_ten_thousand_small_files_stream_in_linear_time(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(10_000):
        (d / f"{i:05d}.txt").write_text(f"Item {i}: a patrol reached checkpoint {i}.\n", encoding="utf-8")
    with Opened() as seen:
        first = next(iter(read_articles([d])))
    assert isinstance(first, Article) and first.source == str(d / "00000.txt")
    assert seen.files == [str(d / "00000.txt")] and seen.listings == 1  # streams: no pass over the files first
    with Opened() as seen:
        n = sum(1 for item in read_articles([d]) if isinstance(item, Article))
    assert n == 10_000
    assert len(seen.files) == 10_000 and len(set(seen.files)) == 10_000  # each file read once: linear
    assert seen.listings == 1


@pytest.mark.parametrize("value,expected", [
    ("2021-03-05", "2021-03-05"), ("2021-03-05T23:59:00+02:00", "2021-03-05"),
    ("Fri, 05 Mar 2021 10:00:00 +0000", "2021-03-05"), ("March 5, 2021", "2021-03-05"),
    ("2021-02-30", None), ("March 2021", None), ("yesterday", None), ("", None),
    ("99999999999999999999999", None), ("0000-00-00", None), ("x" * 10_000, None),
])
def test_published_dates(value, expected):
    assert parse_published(value) == expected
