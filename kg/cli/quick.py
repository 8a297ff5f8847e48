"""Plain ``kg neighbors`` command lines, answered without loading typer.

Importing typer and building a command costs about 25 ms, a quarter of a one-entity
question on a million-quad store. A command line made only of the entity and options of
``kg neighbors`` given as ``--option value``, ``--option=value`` or ``-o value``, each once,
with values typer would accept, is parsed here and runs the same code as the typer command
(:func:`neighbors`). Anything else (help, an unknown or repeated option, a value typer
would refuse) goes to typer, which answers or reports it as always. A test checks that the
options here are the typer command's own.
"""
from __future__ import annotations

from typing import Any

#: ``kg neighbors``' options: flags, the parameter, how a value is read (None: refused here).
_NEIGHBORS: dict[str, tuple[tuple[str, ...], Any]] = {
    "depth": (("--depth", "-d"), lambda v: int(v) if v.isdigit() and int(v) >= 1 else None),
    "predicate": (("--predicate", "-p"), str),
    "type_": (("--type", "-t"), str),
    "fmt": (("--format", "-f"), lambda v: v if v in ("table", "csv", "tsv", "json") else None),
    "store": (("--store", "-s"), str),
    "update_url": (("--update-url",), str),
}
_DEFAULTS = {"depth": 1, "predicate": None, "type_": None, "fmt": "table", "store": None, "update_url": None}


def parse_neighbors(args: list[str]) -> dict[str, Any] | None:
    """The parameters of ``kg neighbors ARGS``, or None when typer should read them."""
    by_flag = {flag: name for name, (flags, _read) in _NEIGHBORS.items() for flag in flags}
    values: dict[str, Any] = {}
    entity: str | None = None
    i = 0
    while i < len(args):
        token = args[i]
        if token.startswith("-") and token != "-":
            flag, eq, value = token.partition("=")
            if flag not in by_flag or (eq and not flag.startswith("--")):
                return None  # help, an unknown option, a short flag with its value attached
            if not eq:
                i += 1
                if i == len(args) or args[i].startswith("-"):
                    return None
                value = args[i]
            name = by_flag[flag]
            read = _NEIGHBORS[name][1](value)
            if name in values or read is None:
                return None
            values[name] = read
        elif entity is None:
            entity = token
        else:
            return None
        i += 1
    if entity is None:
        return None
    return {"entity": entity, **_DEFAULTS, **values}


def answer(argv: list[str]) -> bool:
    """Run ``argv`` here when it is a plain ``kg neighbors`` command line; whether it was."""
    if len(argv) < 2 or argv[1] != "neighbors":
        return False
    params = parse_neighbors(argv[2:])
    if params is None:
        return False
    from kg.errors import KgError

    try:
        neighbors(**params)
    except KgError as exc:  # as typer's command group reports it
        from kg.cli import _debugging, _fail

        if _debugging():
            import sys
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        _fail(f"Error: {exc}", exc.exit_code)
    return True


def neighbors(entity: str, depth: int, predicate: str | None, type_: str | None, fmt: str, store: str | None,
              update_url: str | None) -> None:
    """``kg neighbors``: entities related to ``entity``, nearest first, as rows in ``fmt``."""
    from kg.cli.output import emit, print_json
    from kg.cli.settings import settings
    from kg.graph.local import neighbours
    from kg.graph.lookup import find_entity

    with settings(store=store, update_url=update_url).open_store("r") as st:
        node = find_entity(st, entity)
        rows, labels = neighbours(st, node, depth=depth, predicate=predicate, type=type_)
    if fmt == "json":
        print_json({"entity": node, "label": labels[node], "neighbors": rows})
        return
    arrow = {"out": "->", "in": "<-"}
    emit(["dist", "entity", "type", "relation", "via"],
         [[r["distance"], r["label"], r["type"], f"{arrow[r['direction']]} {r['predicate']}",
           labels[r["via"]]] for r in rows], fmt)
