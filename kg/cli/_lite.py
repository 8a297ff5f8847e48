"""Fast argument coercion for typer: plain types without importing pydantic.

typer converts every parameter through a pydantic ``TypeAdapter``; importing pydantic
costs about 0.3 s per command, more than the command itself for ``kg query`` or
``kg stats``. For kg's parameter types (str, Path, Enum, int, float, bool, optionals and
lists of those, without custom parsers or path checks) this module converts values
directly; any other parameter keeps typer's own coercion.
"""
from __future__ import annotations

import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

_SIMPLE = (str, Path, int, float, bool)


def _unwrap(annotation: Any) -> tuple[Any, bool] | None:
    """``(leaf type, is_list)`` when kg can convert the annotation itself."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else None
    if origin is list:
        args = typing.get_args(annotation)
        inner = _unwrap(args[0]) if len(args) == 1 else None
        return (inner[0], True) if inner and not inner[1] else None
    if annotation in _SIMPLE or (isinstance(annotation, type) and issubclass(annotation, Enum)):
        return annotation, False
    return None


def _plain(info: Any) -> bool:
    """No parser, clamping or path checks that only typer's own coercion implements."""
    if getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None:
        return False
    if getattr(info, "clamp", False):
        return False
    checks = ("exists", "dir_okay", "file_okay", "writable", "readable", "resolve_path", "allow_dash", "path_type")
    defaults = {"exists": False, "dir_okay": True, "file_okay": True, "writable": False, "readable": True,
                "resolve_path": False, "allow_dash": False, "path_type": None}
    return all(getattr(info, c, defaults[c]) == defaults[c] for c in checks)


def _convert(leaf: Any, value: Any, info: Any) -> Any:
    if leaf is str:
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    if leaf is Path:
        return value if isinstance(value, Path) else Path(value)
    if leaf is bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "y", "on", "t"):
            return True
        if text in ("", "0", "false", "no", "n", "off", "f"):
            return False
        raise ValueError(f"'{value}' is not a valid boolean.")
    if leaf in (int, float):
        try:
            number = leaf(value)
        except (TypeError, ValueError):
            raise ValueError(f"'{value}' is not a valid {'integer' if leaf is int else 'number'}.") from None
        lo, hi = getattr(info, "min", None), getattr(info, "max", None)
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            bounds = " and ".join(x for x in (f">= {lo}" if lo is not None else "",
                                              f"<= {hi}" if hi is not None else "") if x)
            raise ValueError(f"{value} is not in the range: must be {bounds}.")
        return number
    # Enum
    for member in leaf:
        if value == member.value or value is member:
            return member
        if not getattr(info, "case_sensitive", True) and str(value).lower() == str(member.value).lower():
            return member
    raise ValueError(f"'{value}' is not one of {', '.join(repr(m.value) for m in leaf)}.")


def install() -> None:
    """Route kg's plain parameters around pydantic (idempotent; a no-op on other typer versions)."""
    try:
        from typer import _coercion, core
        from typer._click.exceptions import BadParameter
    except ImportError:
        return
    original = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "_kg_lite", False) or not hasattr(_coercion, "RuntimeParam"):
        return

    class LiteRuntimeParam(_coercion.RuntimeParam):  # type: ignore[misc, valid-type]
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            leaf, many = _unwrap(self.annotation)  # type: ignore[misc]
            try:
                if many:
                    items = value if isinstance(value, (list, tuple)) else [value]
                    return [_convert(leaf, v, self.parameter_info) for v in items]
                return _convert(leaf, value, self.parameter_info)
            except ValueError as exc:
                raise BadParameter(str(exc), ctx=ctx, param=param) from None

    def build(descriptor: Any) -> Any:
        if descriptor.file_annotation is None and _unwrap(descriptor.annotation) and _plain(descriptor.parameter_info):
            return LiteRuntimeParam(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        return original(descriptor)

    build._kg_lite = True  # type: ignore[attr-defined]
    core.build_runtime_param = build
