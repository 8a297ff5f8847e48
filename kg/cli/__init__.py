"""The ``kg`` command line: parses arguments, calls the library, formats the results.

Every command module registers on :data:`app`; :func:`main` is the one place where kg's
errors become a one-line message and an exit code.
"""
from __future__ import annotations

import sys

from kg.cli.app import app
from kg.cli import core as _core  # noqa: F401  (registers commands)
from kg.errors import KgError

for _name in ("extract", "query", "export", "graph", "serve"):
    try:
        __import__(f"kg.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command group not shipped in this build
        if _exc.name != f"kg.cli.{_name}":
            raise


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KgError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)


__all__ = ["app", "main"]
