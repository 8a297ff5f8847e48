"""The typer command group: every command registered, a usage error or a kg error as one line.

:func:`kg.cli.main` runs it for every command line that :mod:`kg.cli.quick` does not answer.
"""
from __future__ import annotations

import sys
from typing import Any, NoReturn

import typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError  # typer vendors Click (as _lite.py)
from typer.core import TyperGroup

from kg.cli import _debugging, _quiet_exit, _report
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


def run(argv: list[str]) -> None:
    """Parse ``argv`` with typer and run the command it names."""
    _only_the_invoked_command(argv)
    app()


def _only_the_invoked_command(argv: list[str]) -> None:
    """Register only the command named on the command line, when it names one.

    typer builds the parameters of every registered command before it runs any (about
    25 ms for kg's commands); ``kg --help`` and mistyped names still see them all.
    """
    if len(argv) < 2 or argv[1].startswith("-"):
        return
    from typer.main import get_command_name

    chosen = [c for c in app.registered_commands
              if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == argv[1]]
    if len(chosen) == 1:
        app.registered_commands = chosen
