"""Extraction speed on news articles, per extractor mode, against bare ``nlp.pipe``.

Both sides parse the same texts with the same pipeline object in one process, runs interleaved
(medians), so the ratio ``bare / kg`` is what kg's rules and learned layers cost on top of
spaCy's own parse. The articles are the repository's examples, or any folders and files given
(``python -m bench.extract_speed ../shared/corpus/dev``; ``KG_BENCH_ARTICLES`` in ``make bench``).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench.common import ROOT, Row, render, side_by_side

TARGET = 0.6
DEFAULT_ARTICLES = (ROOT / "examples" / "articles",)


def load_articles(paths: list[Path] | tuple[Path, ...], *, at_least: int = 40) -> list:
    """The articles of ``paths`` (gold ``.json`` files are skipped), repeated up to ``at_least``."""
    from kg.model import Article
    from kg.read.articles import read_articles

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files += sorted(f for f in p.iterdir() if f.suffix in (".txt", ".md", ".jsonl")) if p.is_dir() else [p]
    arts = [a for a in read_articles(files) if isinstance(a, Article)]
    if not arts:
        raise SystemExit(f"no articles in {', '.join(map(str, paths))}")
    return (arts * (at_least // len(arts) + 1))[:max(at_least, len(arts))]


def extraction_modes(paths: list[Path] | tuple[Path, ...] = DEFAULT_ARTICLES, *, runs: int = 3,
                     modes: tuple[str, ...] = ("rules", "hybrid")) -> list[Row]:
    """One row per extractor mode: kg's articles/s beside bare ``nlp.pipe`` on the same texts."""
    from kg.extract import extract_many
    from kg.extract.learned.settings import DEFAULT_MODE, using
    from kg.extract.nlp import load_pipeline

    nlp = load_pipeline()
    arts = load_articles(paths)
    texts = [a.text for a in arts]
    words = sum(len(t.split()) for t in texts) // len(texts)
    rows = []
    for mode in modes:
        with using(mode=mode):
            list(extract_many(arts[:3], nlp=nlp))  # warm up: tables, matchers, learned weights
            t = side_by_side({
                "bare": lambda: sum(len(d) for d in nlp.pipe(texts, batch_size=32)),
                "kg": lambda: sum(len(e.entities) for e in extract_many(arts, nlp=nlp, batch_size=32)),
            }, runs)
        ratio = t["bare"] / t["kg"]
        default = " (default)" if mode == DEFAULT_MODE else ""
        rows.append(Row("extraction", f"{mode} mode{default}: articles/s ({len(arts)} news articles, ~{words} words)",
                        f"{len(arts) / t['kg']:.1f}/s", f"{len(arts) / t['bare']:.1f}/s (nlp.pipe)", ratio,
                        f">= {TARGET}x", ratio >= TARGET, "same texts, same pipeline, one process"))
    return rows


def paths_from_env() -> tuple[Path, ...]:
    """``KG_BENCH_ARTICLES`` (paths separated by the OS path separator), else the examples."""
    value = os.environ.get("KG_BENCH_ARTICLES", "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p) or DEFAULT_ARTICLES


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.extract_speed", description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, help="article files or folders (default: examples/articles)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--modes", nargs="+", default=["rules", "hybrid"], choices=["rules", "learned", "hybrid"])
    args = ap.parse_args(argv)
    rows = extraction_modes(args.paths or paths_from_env(), runs=args.runs, modes=tuple(args.modes))
    print(render(rows))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
