"""One CLI vocabulary: an option means the same thing in every command, formats are checked,
settings come from options, then ``KG_*`` variables, then defaults."""
from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main

from kg.cli import app
from kg.cli.settings import DEFAULT_STORE, Settings, settings
from kg.errors import ConfigError

from .conftest import kg


def _options() -> list[tuple[str, str, list[str]]]:
    """``(command, long option, short flags)`` for every option of every command."""
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            longs = [o for o in param.opts if o.startswith("--")]
            shorts = [o for o in [*param.opts, *param.secondary_opts] if not o.startswith("--")]
            if longs:
                found.append((name, longs[0], shorts))
    return found


def test_a_short_flag_means_one_option_everywhere():
    meaning: dict[str, set[str]] = {}
    for _command, long, shorts in _options():
        for short in shorts:
            meaning.setdefault(short, set()).add(long)
    assert {s: longs for s, longs in meaning.items() if len(longs) > 1} == {}
    assert meaning["-f"] == {"--format"} and meaning["-s"] == {"--store"} and meaning["-o"] == {"--output"}


def test_an_option_has_the_same_short_flag_everywhere():
    shorts: dict[str, set[tuple[str, ...]]] = {}
    for _command, long, flags in _options():
        shorts.setdefault(long, set()).add(tuple(flags))
    assert {long: s for long, s in shorts.items() if len(s) > 1} == {}


@pytest.mark.parametrize("args,message", [
    (["stats", "--format", "xml", "--store", "memory"],
     "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv', 'tsv', 'json'. "
     "(try 'kg stats -h')"),
    (["stats", "--bogus"], "Error: No such option: --bogus (try 'kg stats -h')"),
    (["neighbors"], "Error: Missing argument 'entity'. (try 'kg neighbors -h')"),
    (["nosuch"], "Error: No such command 'nosuch'. (try 'kg -h')"),
], ids=["bad-value", "unknown-option", "missing-argument", "unknown-command"])
def test_a_usage_error_is_one_line_and_exit_2(args, message):
    ran = kg(*args, code=2)
    assert (ran.stdout, ran.stderr) == ("", message + "\n")


def test_format_types_name_what_the_library_writes():
    from kg.cli.app import ExportFormat, RdfFormat
    from kg.export import GRAPH_FORMATS
    from kg.rdf.quads import RDF_FORMATS

    rdf = {f.value for f in RdfFormat}
    assert rdf <= set(RDF_FORMATS)
    assert {f.value for f in ExportFormat} == rdf | set(GRAPH_FORMATS)


def test_stats_prints_csv_and_tsv():
    out = kg("stats", "--format", "csv", "--store", "memory").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["section", "name", "value"]
    assert ["total", "articles", "0"] in rows and ["total", "quads", "0"] in rows
    out = kg("stats", "-f", "tsv", "--store", "memory").stdout
    assert out.splitlines()[0] == "section\tname\tvalue"


def test_version():
    from kg import __version__

    assert kg("--version").stdout == f"kg {__version__}\n"
    assert kg("-V").stdout == f"kg {__version__}\n"


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30", "yesterday", "20240101"])
def test_impossible_dates_are_usage_errors(tmp_path, value):
    ran = kg("export", "-o", tmp_path / "g.gexf", "--since", value, "--store", "memory", code=2)
    assert f"'{value}' is not a date written YYYY-MM-DD" in ran.stderr
    assert not (tmp_path / "g.gexf").exists()


def test_export_to_standard_output():
    out = kg("export", "--format", "nq", "-o", "-", "--store", "memory").stdout
    assert out == ""  # an empty store: no quads, and no file named '-'
    ran = kg("export", "-o", "-", "--store", "memory", code=2)
    assert "-o - (standard output) needs --format" in ran.stderr


def test_settings_precedence():
    env = {"KG_STORE": "from-env", "KG_QUERY_TIMEOUT": "5", "KG_DEBUG": "1"}
    assert settings(env) == Settings(store="from-env", query_timeout=5.0, debug=True)
    assert settings(env, store="given").store == "given"
    assert settings({}) == Settings(store=DEFAULT_STORE)


def test_settings_reject_malformed_environment():
    with pytest.raises(ConfigError, match="KG_QUERY_TIMEOUT='soon' is not a number of seconds"):
        settings({"KG_QUERY_TIMEOUT": "soon"})
    ran = kg("query", "ASK {}", "--store", "memory", env={"KG_QUERY_TIMEOUT": "soon"}, code=2)
    assert "Error: KG_QUERY_TIMEOUT='soon' is not a number of seconds" in ran.stderr


def test_remote_credentials_become_one_header():
    assert settings({"KG_SPARQL_TOKEN": "t0k"}).authorization == "Bearer t0k"
    basic = settings({"KG_SPARQL_USER": "ana", "KG_SPARQL_PASSWORD": "pw"}).authorization
    assert basic == "Basic YW5hOnB3"
    assert "t0k" not in repr(settings({"KG_SPARQL_TOKEN": "t0k"}))


def test_only_the_settings_module_reads_kg_environment_variables():
    import ast
    from pathlib import Path

    import kg as package

    readers = []
    for path in Path(package.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("KG_") \
                    and node.value.isupper():
                readers.append(path.name)
    assert set(readers) <= {"settings.py"}, readers


def test_json_rows_are_a_list_of_objects():
    data = json.loads(kg("components", "--format", "json", "--store", "memory").stdout)
    assert data == []


def test_a_reader_that_leaves_early_is_not_an_error():
    """``kg query ... | head -1``: the closed pipe ends kg quietly with exit 0 (a million rows:
    the reader leaves long before kg is done writing)."""
    import subprocess

    from .conftest import kg_popen

    digits = " ".join(str(i) for i in range(100))
    many = f"SELECT ?x WHERE {{ VALUES ?x {{ {digits} }} VALUES ?y {{ {digits} }} VALUES ?z {{ {digits} }} }}"
    proc = kg_popen("query", many, "--store", "memory", "--format", "csv", stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"x\r\n"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0 and err == b""
