"""Which extractor runs: the mode (rules, learned or hybrid) and where the learned weights are.

Set once per process with :func:`configure` (the CLI does it from ``KG_EXTRACTOR_MODE`` and
``KG_EXTRACTOR``); library callers may call it too. Forked extraction workers inherit it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import ConfigError

MODES = ("rules", "learned", "hybrid")
DEFAULT_MODE = "hybrid"


@dataclass(slots=True)
class ExtractorConfig:
    """The process-wide extractor choice."""

    mode: str = DEFAULT_MODE
    weights: Path | None = None  # a directory written by ``kg train`` (None: the shipped weights)


CONFIG = ExtractorConfig()


def check_mode(mode: str) -> str:
    """``mode`` folded to lower case.

    Raises:
        ConfigError: it names no mode.
    """
    folded = mode.strip().lower()
    if folded not in MODES:
        raise ConfigError(f"extractor mode {mode!r} is not one of: {', '.join(MODES)}")
    return folded


def configure(*, mode: str | None = None, weights: str | Path | None = None) -> None:
    """Choose the extraction mode (None: :data:`DEFAULT_MODE`) and the learned weights'
    directory (None: the shipped weights).

    Raises:
        ConfigError: unknown mode, or ``weights`` is not a directory.
    """
    folded = check_mode(mode) if mode is not None else DEFAULT_MODE
    d = None
    if weights is not None:
        d = Path(weights).expanduser()
        if not d.is_dir():
            raise ConfigError(f"extractor weights directory not found: {d}")
    CONFIG.mode, CONFIG.weights = folded, d


def reset() -> None:
    """Back to the defaults: hybrid mode, shipped weights."""
    CONFIG.mode = DEFAULT_MODE
    CONFIG.weights = None


__all__ = ["CONFIG", "DEFAULT_MODE", "MODES", "ExtractorConfig", "check_mode", "configure", "reset"]
