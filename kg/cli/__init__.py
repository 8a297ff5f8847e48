"""The ``kg`` command line: parses arguments, calls the library, formats the results.

Every command module registers on :data:`app` (typer's command group, built on first use);
:func:`main` is the one place where kg's errors become a one-line message and an exit code.

app.py        the typer app and the shared vocabulary: typed options, one format type per output
settings.py   Settings: options over ``KG_*`` environment variables over defaults (read once, here)
output.py     tables, CSV/TSV, JSON; ``-`` as standard output (the only formatting code)
progress.py   the progress display of long runs (stderr, silent off a terminal)
_lite.py      plain argument coercion without pydantic
typer_app.py  the command group: every command registered, usage errors as one line
quick.py      plain ``kg neighbors`` command lines answered without loading typer
commands, one module per group, each parse -> call the library -> format:
core.py       ingest, load, stats, validate
extract.py    extract (the graph of articles, no store)
query.py      query, update
export.py     export
graph.py      neighbors, path, central, subgraph, components, timeline
why.py        why
curate.py     same, different, curations, undo, curate, resolve
serve.py      serve
evaluate.py   evaluate
train.py      train
"""
from __future__ import annotations

import os
import sys
import types
from typing import Any

from kg.cli.quick import answer
from kg.errors import KgError


def main() -> None:
    """Console entry point: every failure becomes one line on stderr and an exit code.

    Exit codes: 0 success; 1 a failure (or inputs skipped); 2 bad usage or unreadable input;
    130 interrupted. ``KG_DEBUG=1`` shows the traceback of an unexpected error.
    """
    try:
        if not answer(sys.argv):
            from kg.cli.typer_app import run

            run(sys.argv)
    except KgError as exc:
        _fail(f"Error: {exc}", exc.exit_code)
    except KeyboardInterrupt:
        _fail("Interrupted.", 130)
    except BrokenPipeError:
        _quiet_exit(0)
    except MemoryError:
        _fail("Error: out of memory (try smaller inputs or fewer --workers)", 1)
    except Exception as exc:  # a bug: still one line, unless debugging
        if _debugging():
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        _fail(f"Error: unexpected {type(exc).__name__}: {first[:300]} (set KG_DEBUG=1 for details)", 1)


def _debugging() -> bool:
    from kg.cli.settings import settings

    try:
        return settings().debug
    except KgError:  # another KG_* value is malformed: that is reported by the command itself
        return False


def _report(message: str) -> None:
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        pass
    print(" ".join(message.split()), file=sys.stderr)


def _fail(message: str, code: int) -> None:
    _report(message)
    sys.exit(code)


def _quiet_exit(code: int) -> None:
    # stdout is a closed pipe (e.g. piped into head): leave without another error
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(code)


class _Package(types.ModuleType):
    """``kg.cli.app`` is the command group, built on first use (``kg/cli/app.py`` is also the
    module of options, which the import system would otherwise bind to that name)."""

    @property
    def app(self) -> Any:
        from kg.cli.typer_app import app

        return app

    @app.setter
    def app(self, _module: Any) -> None:  # the import system binding the submodule kg.cli.app
        pass


sys.modules[__name__].__class__ = _Package


__all__ = ["app", "main"]
