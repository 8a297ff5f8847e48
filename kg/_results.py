"""Query results for Python users: rows as dictionaries or as a pandas DataFrame with typed columns."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from kg.store import QueryResult

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}
_DATES = {f"{_XSD}date", f"{_XSD}dateTime", f"{_XSD}dateTimeStamp"}
_BOOLEAN = f"{_XSD}boolean"


class Result:
    """The answer to a SPARQL query.

    SELECT: :attr:`variables` and :attr:`rows` (pyoxigraph terms, ``None`` where unbound);
    ASK: :attr:`boolean`; CONSTRUCT/DESCRIBE: :attr:`triples`. Iterating gives the rows as
    dictionaries of plain values; :meth:`df` gives a DataFrame.
    """

    __slots__ = ("_result",)

    def __init__(self, result: QueryResult) -> None:
        self._result = result

    @property
    def kind(self) -> str:
        """``"select"``, ``"ask"`` or ``"graph"``."""
        return self._result.kind

    @property
    def variables(self) -> list[str]:
        return list(self._result.variables)

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        return self._result.rows

    @property
    def boolean(self) -> bool | None:
        return self._result.boolean

    @property
    def triples(self) -> list[Any]:
        return self._result.triples

    def __len__(self) -> int:
        return len(self._result.rows) if self.kind == "select" else len(self._result.triples)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.dicts())

    def __repr__(self) -> str:
        if self.kind == "ask":
            return f"<kg Result ASK {self.boolean}>"
        if self.kind == "graph":
            return f"<kg Result {len(self)} triples>"
        return f"<kg Result {len(self)} rows: {', '.join(self.variables)}>"

    def dicts(self) -> list[dict[str, Any]]:
        """SELECT rows (CONSTRUCT triples as subject/predicate/object) as ``{name: python value}``."""
        names, rows = self._table()
        return [{n: _python(t) for n, t in zip(names, row)} for row in rows]

    def df(self) -> pd.DataFrame:
        """The rows as a ``pandas.DataFrame``, one typed column per variable.

        A column whose values are all xsd integers becomes ``int64`` (``Int64`` with gaps),
        decimals and doubles ``float64``, xsd:date and xsd:dateTime ``datetime64``, booleans
        ``bool`` (``boolean`` with gaps); IRIs, strings and anything mixed stay strings
        (``object``). CONSTRUCT/DESCRIBE give subject, predicate and object columns.
        """
        import pandas as pd

        names, rows = self._table()
        columns = {name: _column([row[i] for row in rows]) for i, name in enumerate(names)}
        return pd.DataFrame(columns, columns=names)

    def _table(self) -> tuple[list[str], list[tuple[Any, ...]]]:
        if self.kind == "ask":
            return ["boolean"], [(self.boolean,)]
        if self.kind == "graph":
            return ["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in self.triples]
        return self.variables, self.rows


def _datatype(term: Any) -> str | None:
    datatype = getattr(term, "datatype", None)
    return getattr(datatype, "value", None)


def _python(term: Any) -> Any:
    """A plain Python value: IRIs and strings as str, typed literals converted, blank nodes as ``_:id``."""
    if term is None or isinstance(term, bool):
        return term
    kind = type(term).__name__
    if kind == "BlankNode":
        return f"_:{term.value}"
    if kind != "Literal":
        return getattr(term, "value", str(term))
    datatype = _datatype(term)
    try:
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype in _FLOATS:
            return float(term.value)
        if datatype == _BOOLEAN:
            return term.value in ("true", "1")
    except ValueError:  # an ill-typed literal ("abc"^^xsd:integer) stays its text
        pass
    return term.value


def _column(terms: list[Any]) -> Any:
    """One DataFrame column: the dtype all its (bound) values agree on, else strings."""
    import pandas as pd

    present = [t for t in terms if t is not None]
    types = {_datatype(t) if type(t).__name__ == "Literal" else type(t).__name__ for t in present}
    gaps = len(present) < len(terms)
    if present and types <= _INTEGERS:
        values = [_python(t) for t in terms]
        if all(isinstance(v, int) or v is None for v in values):
            return pd.array(values, dtype="Int64") if gaps else pd.array(values, dtype="int64")
    if present and types <= _INTEGERS | _FLOATS:
        values = [_python(t) for t in terms]
        if all(isinstance(v, (int, float)) or v is None for v in values):
            return pd.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if present and types <= _DATES:
        return pd.to_datetime(pd.Series([None if t is None else t.value for t in terms], dtype=object),
                              errors="coerce", format="ISO8601", utc=any(_has_zone(t) for t in present))
    if present and types == {_BOOLEAN}:
        values = [_python(t) for t in terms]
        return pd.array(values, dtype="boolean") if gaps else pd.array(values, dtype=bool)
    if present and types == {"bool"}:  # the ASK answer
        return pd.array(terms, dtype=bool)
    return pd.array([_python(t) for t in terms], dtype=object)


def _has_zone(term: Any) -> bool:
    text = term.value
    return "T" in text and (text.endswith("Z") or "+" in text[10:] or "-" in text[10:])
