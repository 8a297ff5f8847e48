"""The ``kg`` command line: parses arguments, calls the library, formats the results.

Every command module registers on :data:`app`; :func:`main` is the one place where kg's
errors become a one-line message and an exit code.

app.py        the typer app and the shared vocabulary: typed options, one format type per output
settings.py   Settings: options over ``KG_*`` environment variables over defaults (read once, here)
output.py     tables, CSV/TSV, JSON; ``-`` as standard output (the only formatting code)
progress.py   the progress display of long runs (stderr, silent off a terminal)
_lite.py      plain argument coercion without pydantic
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

from typing import Any, NoReturn

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer vendors Click (as _lite.py)
from typer.core import TyperGroup

from kg.cli.app import app
from kg.cli import core as _core  # noqa: F401  (registers commands)
from kg.errors import KgError

for _name in ("extract", "query", "export", "evaluate", "train", "why", "graph", "serve", "curate"):
    try:
        __import__(f"kg.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group not shipped in this build
        if _exc.name != f"kg.cli.{_name}":
            raise


class _KgGroup(TyperGroup):
    """The command group: a :class:`KgError` from any command becomes ``Error: ...`` and its exit
    code; a usage error (unknown option, bad value) one line and exit 2."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as exc:
            _usage_error(exc)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            _usage_error(exc)
        except KgError as exc:
            if _debugging():  # the whole chain: kg's error and the third-party one it came from
                import traceback

                traceback.print_exception(exc, file=sys.stderr)
            _report(f"Error: {exc}")
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # the reader left (``kg query ... | head -1``): that is success
            _quiet_exit(0)


def _usage_error(exc: UsageError) -> NoReturn:
    """``Error: <what is wrong> (try 'kg CMD -h')`` on one line instead of click's usage block."""
    if isinstance(exc, NoArgsIsHelpError):  # plain ``kg``: the help is the answer
        raise exc
    hint = f" (try '{exc.ctx.command_path} -h')" if exc.ctx is not None else ""
    _report(f"Error: {exc.format_message()}{hint}")
    raise typer.Exit(exc.exit_code) from exc


app.info.cls = _KgGroup


def main() -> None:
    """Console entry point: every failure becomes one line on stderr and an exit code.

    Exit codes: 0 success; 1 a failure (or inputs skipped); 2 bad usage or unreadable input;
    130 interrupted. ``KG_DEBUG=1`` shows the traceback of an unexpected error.
    """
    try:
        _only_the_invoked_command(sys.argv)
        app()
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


def _only_the_invoked_command(argv: list[str]) -> None:
    """Register only the command named on the command line, when it names one.

    typer builds the parameters of every registered command before it runs any (about
    25 ms for kg's commands, a fifth of ``kg neighbors``' start-up); ``kg --help`` and
    mistyped names still see them all.
    """
    if len(argv) < 2 or argv[1].startswith("-"):
        return
    from typer.main import get_command_name

    chosen = [c for c in app.registered_commands
              if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == argv[1]]
    if len(chosen) == 1:
        app.registered_commands = chosen


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


__all__ = ["app", "main"]
