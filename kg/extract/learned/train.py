"""``kg train``: every learned layer of the extractor, trained from a folder of gold files.

Writes into one directory: the mention layer (``mentions/``, when this build has one), the
relation classifier of each learned mode (``relations-learned.json``, ``relations-hybrid.json``)
and ``manifest.json`` (what it was trained on, the seed, how long it took). Point ``--extractor``
or ``KG_EXTRACTOR`` at the directory to extract with it.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path

from kg.errors import ArticleError


def train(gold_dir: Path | str, out_dir: Path | str, *, exclude_groups: Iterable[str] = (),
          groups: dict[str, str] | None = None, seed: int = 0, model: str | None = None) -> dict:
    """Train on the gold files of ``gold_dir`` (minus ``exclude_groups``) into ``out_dir``.

    Returns the manifest written to ``out_dir/manifest.json``.

    Raises:
        ArticleError: no gold files left to train on, or one is unreadable.
    """
    from kg.extract.learned.corpus import load_gold_docs
    from kg.extract.learned.crossval import train_all

    t0 = time.perf_counter()
    skip = set(exclude_groups)
    items = [it for it in load_gold_docs(gold_dir, groups=groups, model=model) if it.group not in skip]
    if not items:
        raise ArticleError(f"{gold_dir}: no gold files left after excluding {', '.join(sorted(skip))}")
    out = Path(out_dir)
    parsed = time.perf_counter() - t0
    parts = train_all(items, out, seed=seed)
    manifest = {"trained_on": [it.name for it in items], "excluded_groups": sorted(skip), "seed": seed,
                "parts": parts, "seconds": {"parse": round(parsed, 1),
                                             "total": round(time.perf_counter() - t0, 1)}}
    manifest["parts"] = {k: _relative(v, out) for k, v in parts.items()}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _relative(value, out: Path):
    if isinstance(value, dict):
        return {k: _relative(v, out) for k, v in value.items()}
    try:
        return str(Path(value).resolve().relative_to(out.resolve()))
    except (TypeError, ValueError):
        return value


__all__ = ["train"]
