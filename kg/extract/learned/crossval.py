"""Leave-one-group-out evaluation: every learned part retrained without the group it is scored on.

The articles are parsed once (:mod:`kg.extract.learned.corpus`); for each group (or each of K
folds of groups, assigned deterministically in sorted order) the learned layers are trained on
the other groups into a temporary directory and the held-out articles are extracted with those
weights and scored. Folds run in up to two worker processes, which read the parses from one
DocBin file.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.evaluate import FileScore, score_extraction, totals
from kg.extract.learned.corpus import GoldDoc, attach_docs, save_docs


@dataclass(slots=True)
class GroupReport:
    """Scores of one held-out group, or of the whole corpus: per file, how many, their micro-average."""

    group: str
    per_file: list[FileScore]
    files: int = field(init=False)
    score: FileScore = field(init=False)

    def __post_init__(self) -> None:
        self.files = len(self.per_file)
        self.score = totals(self.per_file)


@dataclass(slots=True)
class CrossValidation:
    """Per-group scores, their micro-average, and the all-corpus (in-sample) score."""

    mode: str
    folds: int  # number of folds (= groups when leaving one group out)
    by_group: list[GroupReport]
    overall: FileScore
    all_corpus: GroupReport | None = None


def assign_folds(groups: Iterable[str], folds: int | None) -> dict[str, int]:
    """Group -> fold: one fold per group, or ``folds`` folds dealt round-robin in sorted order."""
    names = sorted(set(groups))
    if not folds or folds >= len(names):
        return {g: i for i, g in enumerate(names)}
    return {g: i % folds for i, g in enumerate(names)}


def require_groups(groups: Iterable[str], *, mode: str) -> None:
    """Check that every fold keeps articles to train on: learned modes need two groups or more.

    Raises:
        KgError: no articles, or a learned mode with a single group.
    """
    names = sorted(set(groups))
    if not names:
        raise KgError("no gold articles to evaluate")
    if len(names) == 1 and mode != "rules":
        raise KgError(f"leaving one group out needs two groups or more, and every article is in group "
                      f"{names[0]!r}: name the files GROUP-NAME.txt, give a groups file (--groups FILE) "
                      "or use --mode rules")


def train_all(items: list[GoldDoc], out_dir: Path, *, seed: int = 0,
              modes: tuple[str, ...] = ("learned", "hybrid")) -> dict[str, object]:
    """Train every learned part on ``items`` into ``out_dir``: mentions, then relations."""
    from kg.extract.learned.train_relations import train_relations

    out_dir.mkdir(parents=True, exist_ok=True)
    info: dict[str, object] = {}
    info["mentions"] = _train_mentions(items, out_dir, seed=seed)
    info["relations"] = {m: str(p) for m, p in train_relations(items, out_dir, modes=modes, seed=seed).items()}
    return info


def _train_mentions(items: list[GoldDoc], out_dir: Path, *, seed: int) -> dict:
    """Train the mention tagger on ``items`` into ``out_dir/mentions``, reusing their parsed docs."""
    from kg.extract.learned.mentions import train_mentions

    return train_mentions(items[0].gold_dir, [it.name for it in items], out_dir / "mentions", seed=seed,
                          docs={it.name: it.doc for it in items if it.doc is not None})


def score_items(items: list[GoldDoc], *, mode: str, directory: Path | None) -> list[FileScore]:
    """Extract ``items`` with the given mode and weights and score them."""
    from kg.extract.learned.settings import using
    from kg.extract.pipeline import extract_doc

    with using(mode=mode, directory=directory):
        return [score_extraction(extract_doc(it.doc, it.article), it.gold, it.name) for it in items]


def _run_fold(items: list[GoldDoc], held: set[str], mode: str, seed: int, work: Path) -> list[FileScore]:
    test = [it for it in items if it.group in held]
    if mode == "rules":
        return score_items(test, mode=mode, directory=None)
    train = [it for it in items if it.group not in held]
    out = work / ("fold-" + "-".join(sorted(held))[:60])
    train_all(train, out, seed=seed, modes=(mode,))
    return score_items(test, mode=mode, directory=out)


_WORKER: dict[str, object] = {}


def _worker_init(items_json: str, docbin: str, model: str | None) -> None:
    from kg.model import Article

    meta = json.loads(items_json)
    items = [GoldDoc(m["name"], m["group"], m["gold"], Article(**m["article"]), None,
                     Path(m["gold_dir"]) if m["gold_dir"] else None) for m in meta]
    _WORKER["items"] = attach_docs(items, Path(docbin), model=model)


def _worker_fold(args: tuple[list[str], str, int, str]) -> str:
    held, mode, seed, work = args
    scores = _run_fold(_WORKER["items"], set(held), mode, seed, Path(work))  # type: ignore[arg-type]
    return json.dumps([asdict(s) for s in scores])


def cross_validate(items: list[GoldDoc], *, mode: str = "hybrid", folds: int | None = None, seed: int = 0,
                   workers: int = 2, model: str | None = None, all_corpus: bool = True) -> CrossValidation:
    """Leave each group (or fold of groups) out, retrain, score it; also the all-corpus score.

    Raises:
        KgError: a learned mode and fewer than two groups (see :func:`require_groups`).
    """
    require_groups((it.group for it in items), mode=mode)
    fold_of = assign_folds((it.group for it in items), folds)
    nfolds = len(set(fold_of.values()))
    held_sets = [sorted(g for g, f in fold_of.items() if f == k) for k in range(nfolds)]
    with tempfile.TemporaryDirectory(prefix="kg-crossval-") as tmp:
        work = Path(tmp)
        if workers > 1 and nfolds > 1:
            results = _parallel(items, held_sets, mode, seed, work, workers, model)
        else:
            results = [_run_fold(items, set(h), mode, seed, work) for h in held_sets]
        per_file = {s.name: s for fold in results for s in fold}
        whole = None
        if all_corpus:
            if mode == "rules":
                scores = score_items(items, mode=mode, directory=None)
            else:
                train_all(items, work / "all", seed=seed, modes=(mode,))
                scores = score_items(items, mode=mode, directory=work / "all")
            whole = GroupReport("all", scores)
    reports = []
    for g in sorted(fold_of):
        files = [per_file[it.name] for it in items if it.group == g]
        reports.append(GroupReport(g, files))
    return CrossValidation(mode, nfolds, reports, totals(per_file.values()), whole)


def _parallel(items: list[GoldDoc], held_sets: list[list[str]], mode: str, seed: int, work: Path,
              workers: int, model: str | None) -> list[list[FileScore]]:
    import multiprocessing as mp

    docbin = work / "docs.spacy"
    save_docs(items, docbin)
    meta = json.dumps([{"name": it.name, "group": it.group, "gold": it.gold,
                        "article": asdict(it.article),
                        "gold_dir": str(it.gold_dir) if it.gold_dir else None} for it in items])
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    order = sorted(range(len(held_sets)), key=lambda k: -sum(it.group in held_sets[k] for it in items))
    with ctx.Pool(min(workers, len(held_sets)), initializer=_worker_init,
                  initargs=(meta, str(docbin), model)) as pool:
        raw = pool.map(_worker_fold, [(held_sets[k], mode, seed, str(work)) for k in order], chunksize=1)
    out: list[list[FileScore]] = [[] for _ in held_sets]
    for k, text in zip(order, raw):
        out[k] = [FileScore.from_dict(d) for d in json.loads(text)]
    return out


__all__ = ["CrossValidation", "GroupReport", "assign_folds", "cross_validate", "require_groups", "score_items",
           "train_all"]
