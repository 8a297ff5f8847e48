"""A progress display for long runs: done/total, rate and time left on stderr; silent off a terminal."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def progress(label: str, *, total: int | None, unit: str, enabled: bool,
             console: Any = None) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; while enabled, show ``label``, a bar, done/total, rate and time left.

    ``enabled`` is False when stderr is not a terminal (pipes, logs, CI) or with ``--quiet``;
    then nothing is imported or printed. ``total`` None shows the count and rate only.
    """
    if not enabled:
        yield lambda n=1: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f} {unit}/s" if task.speed else f"- {unit}/s")

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                          TimeElapsedColumn()]
    if total is not None:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n=1: bar.advance(task, n)
