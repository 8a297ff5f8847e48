"""kg's exceptions: one tree, messages written for users (what went wrong, what to do).

    KgError
    ├── ConfigError       bad option or environment value
    ├── ModelNotFound     the spaCy pipeline is not installed
    ├── ArticleError      an input could not be read as an article
    ├── StoreError        the store cannot be opened, read or written
    │   └── StoreBusy     another process holds the embedded store
    ├── QueryError        invalid, refused or timed-out SPARQL
    ├── NodeNotFound      no entity matches a name (carries suggestions)
    ├── ExportError       an export could not be written
    └── ValidationError   data, ontology or shapes unreadable for SHACL validation

The CLI maps every ``KgError`` to a one-line message and a non-zero exit code.
"""
from __future__ import annotations


class KgError(Exception):
    """Base class of every error kg raises on purpose."""

    exit_code: int = 1


class ConfigError(KgError):
    """An option or ``KG_*`` environment value is invalid."""

    exit_code = 2


class ModelNotFound(KgError):
    """The configured spaCy pipeline cannot be loaded."""


class ArticleError(KgError):
    """An input file or record cannot be read as an article."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another process holds the embedded store."""


class QueryError(KgError):
    """A SPARQL query is invalid, refused or timed out."""


class NodeNotFound(KgError):
    """No entity matches the given name; ``candidates`` lists near matches."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class ExportError(KgError):
    """An export cannot be produced or written."""


class ValidationError(KgError):
    """The data, the ontology or the shapes cannot be read for validation."""
