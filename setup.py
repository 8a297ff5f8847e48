"""Build hook: ship the ontology (``ontology/*.ttl``, kept at the repository root) inside the package.

Every other setting lives in pyproject.toml. Wheels get ``kg/rdf/ontology/kg.ttl`` and
``shapes.ttl``, where :func:`kg.rdf.ontology.ontology_dir` looks first; a checkout (or an
editable install) reads ``ontology/`` directly.
"""
from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ONTOLOGY = Path(__file__).resolve().parent / "ontology"


class BuildWithOntology(build_py):
    """``build_py`` that also copies the ontology's Turtle files into ``kg/rdf/ontology/``."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "kg" / "rdf" / "ontology"
        self.mkpath(str(target))
        for source in sorted(ONTOLOGY.glob("*.ttl")):
            self.copy_file(str(source), str(target / source.name))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        extra = [str(Path(self.build_lib) / "kg" / "rdf" / "ontology" / p.name) for p in sorted(ONTOLOGY.glob("*.ttl"))]
        return [*super().get_outputs(include_bytecode), *extra]


setup(cmdclass={"build_py": BuildWithOntology})
