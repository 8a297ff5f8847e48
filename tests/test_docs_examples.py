"""Every example in ``kg COMMAND --help`` and every ``kg`` line of the README's shell blocks runs
on the example store, as written, in a fresh folder (with ``examples/`` beside it)."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from kg.cli import app

from .conftest import ROOT, kg, require_program

pytestmark = pytest.mark.slow  # the commands run on a copy of the example store (model: see conftest)

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
#: Examples a test cannot run as written, and where they are tested instead.
ELSEWHERE = {"serve": "runs until stopped; tests/test_serve.py starts and queries it"}
README = (ROOT / "README.md").read_text(encoding="utf-8")


def help_examples(command: str) -> list[str]:
    """The example lines of a command's help (after 'Example:' or 'Examples:')."""
    text = kg(command, "--help").stdout
    block = re.search(r"\n\s*Examples?:\n(.*?)(?:\n\s*\n|\Z)", text, re.S)
    assert block, f"kg {command} --help has no example block"
    lines = [line.strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def readme_blocks() -> list[list[str]]:
    """The ``sh`` blocks of the README that run kg (comments dropped, ``make`` lines left to make)."""
    blocks = []
    for body in re.findall(r"```sh\n(.*?)```", README, re.S):
        lines = [re.sub(r"\s+#\s.*$", "", line).strip() for line in body.splitlines()]
        lines = [line for line in lines if line and not line.startswith("make ")]
        if any(line.startswith("kg ") for line in lines):
            blocks.append(lines)
    return blocks


@pytest.fixture
def workdir(tmp_path, example_store) -> Path:
    """A folder holding ``examples/`` and ``.kg``, a copy of the example store."""
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    shutil.copytree(example_store, tmp_path / ".kg")
    return tmp_path


#: a Dask scheduler address as written in the docs; a live one stands in for it
DASK_ADDRESS = re.compile(r"tcp://[\w.-]+:\d+")


def on_cluster(lines: list[str], address: str) -> list[str]:
    """Dask examples against a live cluster: its start-up lines are the fixture's job."""
    return [DASK_ADDRESS.sub(address, line) for line in lines if not line.startswith(("dask scheduler", "dask worker"))]


def needs_dask(lines: list[str]) -> bool:
    return any(DASK_ADDRESS.search(line) for line in lines)


#: Export formats Graphviz's ``dot`` renders (``kg export`` says so when it is missing).
RENDERED = (".svg", ".png", ".pdf")


def needs_dot(lines: list[str]) -> bool:
    """A line exports a picture that Graphviz renders (``-o x.svg`` or ``--format png``)."""
    for line in lines:
        words = shlex.split(line) if line.startswith("kg export") else []
        if any(w.endswith(RENDERED) or f".{w}" in RENDERED for w in words):
            return True
    return False


def run_lines(lines: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    if needs_dot(lines):
        require_program("dot")
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    for line in lines:
        done = subprocess.run(["bash", "-o", "pipefail", "-c", line], cwd=cwd, capture_output=True, text=True,
                              timeout=600, env={**os.environ, "PATH": path, **(env or {})})
        assert done.returncode == 0, f"{line}\nexit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
        assert "Traceback" not in done.stderr, done.stderr


def test_every_command_has_examples_or_a_reason():
    for command in COMMANDS:
        examples = help_examples(command)
        assert examples and all(line.startswith(("kg ", "cat ", "curl ", "http")) for line in examples), examples
        assert all(line.count("kg ") <= 2 for line in examples), f"examples run together: {examples}"


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in ELSEWHERE])
def test_help_examples_run(command, workdir, request):
    lines = help_examples(command)
    if needs_dask(lines):
        lines = on_cluster(lines, request.getfixturevalue("dask_cluster"))
    run_lines(lines, workdir)


@pytest.mark.parametrize("block", range(len(readme_blocks())))
def test_readme_commands_run(block, workdir, request):
    lines = readme_blocks()[block]
    env = {}
    if lines[0].startswith("export KG_STORE=http"):  # the remote walkthrough: a live server stands in
        env["KG_STORE"] = f"{request.getfixturevalue('sparql_server')}/query"
        lines = lines[1:]
    if needs_dask(lines):
        lines = on_cluster(lines, request.getfixturevalue("dask_cluster"))
    run_lines(lines, workdir, env)


def test_readme_and_help_agree_on_the_predeclared_prefixes():
    from kg.rdf.ontology import PREFIXES

    readme = re.search(r"The prefixes (.*?) are\s+predeclared", README, re.S)
    assert readme, "the README names the predeclared prefixes"
    named = set(re.findall(r"(\w+):", readme.group(1)))
    assert named == set(PREFIXES), (named, set(PREFIXES))
    help_text = " ".join(kg("query", "--help").stdout.split())
    helped = set(re.findall(r"(\w+):", help_text.split(" are predeclared")[0].rsplit("The prefixes", 1)[-1]))
    assert helped == set(PREFIXES), (helped, set(PREFIXES))
