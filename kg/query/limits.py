"""The limits every request runs under, with their one default each (no heavy imports)."""
from __future__ import annotations

import os
import re

from kg.errors import ConfigError

#: Seconds a request may run: ``kg query``, ``kg serve`` and the Python API share it.
DEFAULT_TIMEOUT = 60.0


def _default_max_memory() -> int:
    """A quarter of the machine's memory (2 GiB when it cannot be read)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 4
    except (AttributeError, ValueError, OSError):
        return 2 * 2**30


#: Bytes one request may use beyond what its worker process starts with.
DEFAULT_MAX_MEMORY = _default_max_memory()

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.I)


def parse_size(text: str) -> int:
    """Bytes from ``"512M"``, ``"2G"``, ``"1.5GiB"`` or a plain number of bytes.

    Raises:
        ConfigError: not a size.
    """
    m = _SIZE.fullmatch(text)
    if not m:
        raise ConfigError(f"'{text}' is not a size: use a number with K, M or G, e.g. 512M or 2G")
    factor = 1024 ** "_kmgt".index(m.group(2).lower() or "_")
    return int(float(m.group(1)) * factor)
