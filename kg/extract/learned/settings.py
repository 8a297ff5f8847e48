"""Which extractor runs: rules only, learned layers only, or both (hybrid), and from which weights.

The mode (``rules``, ``learned`` or ``hybrid``; default :data:`DEFAULT_MODE`, the best of the
leave-one-theatre-out table in the README) and the weights directory (written by ``kg train``;
default :data:`SHIPPED`, the weights inside the package) are set for the process with
:func:`configure` (the CLI does it from ``--extractor``, ``KG_EXTRACTOR`` and
``KG_EXTRACTOR_MODE``), and for one block of code with :func:`using` (training, evaluation).
Forked worker processes inherit them.
"""
from __future__ import annotations

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
                          "(--mode / KG_EXTRACTOR_MODE)")
    return mode


_DEFAULT: list[ExtractorConfig] = []


def configure(*, mode: str | None = None, directory: Path | str | None = None) -> ExtractorConfig:
    """Set the process's extractor (``None`` keeps the default) and return it.

    Raises:
        ConfigError: an unknown mode, or ``directory`` is not a directory.
    """
    path = SHIPPED
    if directory is not None and str(directory).strip():
        path = Path(directory).expanduser()
        if not path.is_dir():
            raise ConfigError(f"extractor weights {directory}: not a directory written by 'kg train' "
                              "(--extractor / KG_EXTRACTOR)")
    cfg = ExtractorConfig(mode=check_mode(mode.strip()) if mode and mode.strip() else DEFAULT_MODE,
                          directory=path)
    _DEFAULT[:] = [cfg]
    return cfg


def current() -> ExtractorConfig:
    """The configuration in force: the innermost :func:`using` block, else :func:`configure`'s."""
    if _OVERRIDE:
        return _OVERRIDE[-1]
    return _DEFAULT[0] if _DEFAULT else ExtractorConfig()


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


__all__ = ["DEFAULT_MODE", "MODES", "SHIPPED", "ExtractorConfig", "check_mode", "configure", "current", "using"]
