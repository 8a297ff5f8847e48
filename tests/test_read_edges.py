"""Inputs at the edges: a JSONL line nested 50,000 deep, an 18 MB title, YAML front matter,
Ctrl-C during ``kg ingest -``, and the progress display."""
from __future__ import annotations

import io
import json
import signal
import subprocess
import time

import pytest

from kg.read.articles import MAX_TITLE_CHARS, count_articles, make_article, read_articles, read_jsonl

from .conftest import EXAMPLES, kg_popen


def _line(text: str, ident: str) -> bytes:
    return json.dumps({"id": ident, "text": text}).encode()


def test_a_deeply_nested_jsonl_line_is_skipped_alone():
    deep = b'{"text": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    lines = [_line("The 5th Battalion cleared Tessit.", "a"), deep, _line("Troops entered Gao.", "b")]
    items = list(read_jsonl(b"\n".join(lines), "wire.jsonl"))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[1].source == "wire.jsonl:2" and items[1].reason == "JSON nested too deeply"


def test_an_enormous_title_is_capped():
    article = make_article("Troops entered Gao on Monday.", source="s", title="Gao " * 4_500_000)
    assert len(article.title) <= MAX_TITLE_CHARS and article.title.endswith("…")
    assert make_article("Body.", source="s", title="A short headline").title == "A short headline"


def test_front_matter_gives_title_date_and_url(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Patrol near Gao\ndate: 2024-04-15\nurl: https://example.org/gao\n"
                                   "tags: [sahel]\n---\n\n# Patrol near Gao\n\nThe 5th Battalion patrolled Gao.\n",
                                   encoding="utf-8")
    (tmp_path / "b.txt").write_text("---\npublished: 15 April 2024\n---\nTroops entered Tessit.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("---\nnot: [closed\n---\nA rule, then text.\n", encoding="utf-8")
    a, b, c = read_articles([tmp_path / "a.md", tmp_path / "b.txt", tmp_path / "c.txt"])
    assert (a.title, a.published, a.url) == ("Patrol near Gao", "2024-04-15", "https://example.org/gao")
    assert "tags" not in a.text and a.text.startswith("Patrol near Gao")
    assert b.published == "2024-04-15" and b.text.strip() == "Troops entered Tessit."
    assert c.published is None and c.text.startswith("---")  # not YAML: kept as text


def test_count_articles_for_the_progress_total(tmp_path):
    assert count_articles([EXAMPLES]) == 7  # five files and two JSONL lines
    assert count_articles(["-"]) is None


def test_progress_shows_count_rate_and_time_left_only_when_enabled():
    from rich.console import Console

    from kg.cli.progress import progress

    with progress("ingesting", total=4, unit="articles", enabled=False) as advance:
        advance(1)  # nothing shown, nothing imported
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    with progress("ingesting", total=4, unit="articles", enabled=True, console=console) as advance:
        advance(3)
    shown = out.getvalue()  # the last frame is drawn when the display closes
    assert "ingesting" in shown and "3/4" in shown and "articles/s" in shown


@pytest.mark.model
def _blocked_reading_stdin(pid: int) -> bool:
    """True while the process sleeps in a pipe read on file descriptor 0."""
    with open(f"/proc/{pid}/wchan", encoding="ascii") as fh:
        in_pipe = "pipe" in fh.read()
    with open(f"/proc/{pid}/syscall", encoding="ascii") as fh:
        fields = fh.read().split()
    return in_pipe and len(fields) > 1 and int(fields[1], 16) == 0


@pytest.mark.model
def test_ctrl_c_during_ingest_from_stdin_says_what_was_stored(tmp_path):
    proc = kg_popen("ingest", "-", "--store", tmp_path / "store",
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # wait until kg blocks reading standard input (the model is loaded by then); a pipe wait on
    # another descriptor (an import reading a child process's output) is not that moment
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if _blocked_reading_stdin(proc.pid):
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert b"Interrupted: 0 articles stored" in err and b"Traceback" not in err
