"""Which extractor runs: rules only, learned layers only, or both (hybrid), and from which weights.

- ``KG_EXTRACTOR_MODE=rules|learned|hybrid`` picks the mode (default :data:`DEFAULT_MODE`, the
  best of the leave-one-theatre-out table in the README);
- ``KG_EXTRACTOR=DIR`` points at a directory written by ``kg train`` (default: the weights shipped
  in the package, :data:`SHIPPED`).

Code that trains or evaluates in-process overrides both with :func:`using`. Nothing here reads the
environment at import time.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import ConfigError

MODES = ("rules", "learned", "hybrid")
#: The mode used when ``KG_EXTRACTOR_MODE`` is unset.
DEFAULT_MODE = "rules"
#: The trained weights shipped with kg (written by ``make train``).
SHIPPED = Path(__file__).resolve().parent / "weights"


@dataclass(frozen=True, slots=True)
class ExtractorConfig:
    """The extractor's mode, its weights directory, and whether the relation classifier decides."""

    mode: str = DEFAULT_MODE
    directory: Path = SHIPPED
    relations: bool = True  # False while the relation classifier is being trained

    @property
    def learned(self) -> bool:
        """Learned layers take part (mode learned or hybrid)."""
        return self.mode != "rules"


_OVERRIDE: list[ExtractorConfig] = []


def check_mode(mode: str) -> str:
    """``mode`` if it is one of :data:`MODES`.

    Raises:
        ConfigError: an unknown mode.
    """
    if mode not in MODES:
        raise ConfigError(f"unknown extractor mode '{mode}'; choose one of {', '.join(MODES)} "
                          "(KG_EXTRACTOR_MODE)")
    return mode


def current() -> ExtractorConfig:
    """The configuration in force: an in-process override, else the environment, else defaults.

    Raises:
        ConfigError: ``KG_EXTRACTOR_MODE`` is not a mode, or ``KG_EXTRACTOR`` is not a directory.
    """
    if _OVERRIDE:
        return _OVERRIDE[-1]
    mode = check_mode(os.environ.get("KG_EXTRACTOR_MODE", "").strip() or DEFAULT_MODE)
    raw = os.environ.get("KG_EXTRACTOR", "").strip()
    directory = Path(raw).expanduser() if raw else SHIPPED
    if raw and not directory.is_dir():
        raise ConfigError(f"KG_EXTRACTOR={raw}: not a directory written by 'kg train'")
    return ExtractorConfig(mode=mode, directory=directory)


@contextmanager
def using(*, mode: str | None = None, directory: Path | str | None = None,
          relations: bool | None = None) -> Iterator[ExtractorConfig]:
    """Run the extractor with some settings changed (in this process, until the block ends)."""
    cfg = current()
    cfg = replace(cfg, mode=check_mode(mode) if mode else cfg.mode,
                  directory=Path(directory) if directory is not None else cfg.directory,
                  relations=cfg.relations if relations is None else relations)
    _OVERRIDE.append(cfg)
    try:
        yield cfg
    finally:
        _OVERRIDE.pop()


__all__ = ["DEFAULT_MODE", "MODES", "SHIPPED", "ExtractorConfig", "check_mode", "current", "using"]
