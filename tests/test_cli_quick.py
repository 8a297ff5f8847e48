"""Plain ``kg neighbors`` command lines answered without typer: the same options, the same output."""
from __future__ import annotations

import pytest
from tests.conftest import kg

from kg.cli.quick import _DEFAULTS, _NEIGHBORS, parse_neighbors


def test_the_options_are_the_typer_commands_own():
    import typer.main

    from kg.cli import app

    command = typer.main.get_command(app).commands["neighbors"]
    declared = {p.name: (tuple(sorted(p.opts)), p.default) for p in command.params if p.name != "entity"}
    ours = {name: (tuple(sorted(flags)), _DEFAULTS[name]) for name, (flags, _read) in _NEIGHBORS.items()}
    fmt_flags, fmt_default = declared.pop("fmt")
    assert (fmt_flags, getattr(fmt_default, "value", fmt_default)) == ours.pop("fmt")
    assert declared == ours
    from kg.cli.app import RowFormat

    assert sorted(m.value for m in RowFormat) == ["csv", "json", "table", "tsv"]  # the formats read here
    assert {p.name for p in command.params} == {"entity", *_NEIGHBORS}


@pytest.mark.parametrize("args, expected", [
    (["Kestrel Brigade"], {}),
    (["Kestrel Brigade", "--depth", "2", "-f", "json"], {"depth": 2, "fmt": "json"}),
    (["-s", "st", "Kestrel Brigade", "--type=Place", "-p", "partOf"],
     {"store": "st", "type_": "Place", "predicate": "partOf"}),
    (["--update-url", "http://x/update", ""], {"update_url": "http://x/update", "entity": ""}),
])
def test_plain_command_lines_are_read_here(args, expected):
    params = parse_neighbors(args)
    assert params == {"entity": "Kestrel Brigade", **_DEFAULTS, **expected}


@pytest.mark.parametrize("args", [
    [], ["-h"], ["Kestrel Brigade", "--help"], ["Kestrel Brigade", "--depth", "0"], ["Kestrel Brigade", "-d", "two"],
    ["Kestrel Brigade", "-d2"], ["Kestrel Brigade", "-f", "xml"], ["Kestrel Brigade", "-f", "JSON"],
    ["Kestrel Brigade", "--depth", "1", "--depth", "2"], ["Kestrel Brigade", "--top", "3"], ["A", "B"],
    ["Kestrel Brigade", "--store"], ["Kestrel Brigade", "--store", "-"], ["--", "Kestrel Brigade"],
    ["Kestrel Brigade", "-s=st"],
])
def test_anything_else_goes_to_typer(args):
    assert parse_neighbors(args) is None


def _run(*argv: str, quick: bool) -> tuple[int, str]:
    import subprocess
    import sys

    entry = "main()" if quick else "from kg.cli.typer_app import run\nrun(sys.argv)"
    code = (f"import sys\nsys.argv = {['kg', *argv]!r}\nfrom kg.cli import main\n{entry}\n"
            "assert ('typer' in sys.modules) is " + ("False" if quick else "True"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Traceback" not in out.stderr, out.stderr
    return out.returncode, out.stdout + out.stderr


@pytest.mark.parametrize("argv", [
    ("neighbors", "Kestrel Brigade", "--depth", "2"),
    ("neighbors", "kestrel brigade", "-t", "Place", "-d", "2", "-f", "json"),
    ("neighbors", "Kestrel Brigade", "-p", "partOf", "--format=csv"),
    ("neighbors", "Kestrel Brigad"),  # not found: the same message and exit code
    ("neighbors", "Kestrel Brigade", "-p", "nearby"),  # an unknown predicate
])
def test_the_same_answer_as_the_typer_command(graph_store_path, argv):
    argv = (*argv, "--store", graph_store_path)
    assert _run(*argv, quick=True) == _run(*argv, quick=False)


def test_help_and_bad_values_still_come_from_typer(graph_store_path):
    assert "Entities related to ENTITY" in kg("neighbors", "-h", process=True).output
    result = kg("neighbors", "Kestrel Brigade", "--depth", "0", "--store", graph_store_path, code=2, process=True)
    assert "Error: Invalid value for '--depth'" in result.output
