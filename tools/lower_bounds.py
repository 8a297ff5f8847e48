"""Print pip constraints pinning every dependency of pyproject.toml to its lower bound.

Used by ``make test-lower``: ``name>=1.2.0,<2`` becomes ``name==1.2.0``.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement


def lower_bounds(pyproject: Path) -> list[str]:
    """``name==version`` for each requirement with a ``>=`` bound (runtime and test extras)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project.get("optional-dependencies", {}).get("test", [])]
    pins = []
    for text in requirements:
        requirement = Requirement(text)
        floors = [spec.version for spec in requirement.specifier if spec.operator == ">="]
        if floors:
            pins.append(f"{requirement.name}=={floors[0]}")
    return pins


if __name__ == "__main__":
    print("\n".join(lower_bounds(Path(sys.argv[1]))))
