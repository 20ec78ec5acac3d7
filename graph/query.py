"""Run SPARQL over the store and turn the results into tables, CSV, JSON or DataFrames."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from rich.table import Table

from graph.store import GraphStore

__all__ = ["QueryError", "format_results", "query_dataframe", "query_rows", "run_query", "term_value"]


class QueryError(Exception):
    """A query the store refused; the message is the parser's, with line and column."""


def run_query(store: GraphStore, sparql: str):
    """Run a query with every document graph as the default graph (unless the
    query says otherwise with FROM or GRAPH)."""
    try:
        return store.query(sparql)
    except SyntaxError as error:
        raise QueryError(f"syntax {error}") from None
    except (OSError, ValueError, RuntimeError) as error:
        raise QueryError(str(error)) from None


_XSD = "http://www.w3.org/2001/XMLSchema#"
# How a typed literal becomes a Python value, by datatype IRI (others stay strings).
_CONVERTERS = {
    **{_XSD + name: int for name in ("integer", "int", "long", "nonNegativeInteger")},
    **{_XSD + name: float for name in ("decimal", "double", "float")},
    _XSD + "boolean": lambda value: value == "true",
}


def term_value(term) -> object:
    """A Python value for an RDF term: numbers and booleans for typed literals,
    strings for IRIs and other literals, None when unbound.

    >>> term_value(ox.Literal("2.5", datatype=ox.NamedNode(_XSD + "decimal"))), term_value(ox.NamedNode("urn:x"))
    (2.5, 'urn:x')
    """
    if term is None:
        return None
    value = term.value
    if isinstance(term, ox.Literal):
        convert = _CONVERTERS.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(value)
            except ValueError:
                return value
    return value


def query_rows(store: GraphStore, sparql: str) -> tuple[list[str], list[dict]]:
    """Columns and rows of a SELECT (or ``s, p, o`` of a CONSTRUCT, ``ask`` of an ASK).

    >>> import tempfile
    >>> from graph.store import open_store
    >>> query_rows(open_store(tempfile.mkdtemp()), "SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    (['x'], [{'x': 1}, {'x': 2}])
    """
    return _rows(run_query(store, sparql))


def _rows(results) -> tuple[list[str], list[dict]]:
    if isinstance(results, ox.QueryBoolean):
        return ["ask"], [{"ask": bool(results)}]
    if isinstance(results, ox.QuerySolutions):
        columns = [v.value for v in results.variables]
        return columns, [dict(zip(columns, map(term_value, solution))) for solution in results]
    columns = ["subject", "predicate", "object"]
    return columns, [dict(zip(columns, (term_value(t) for t in triple))) for triple in results]


def query_dataframe(store: GraphStore, sparql: str):
    """A SELECT's results as a pandas DataFrame (for notebooks)."""
    import pandas as pd

    columns, rows = query_rows(store, sparql)
    return pd.DataFrame(rows, columns=columns)


def format_results(results, format: str) -> Table | str:
    """Results as a rich Table, or CSV or JSON text."""
    if format in ("csv", "json") and isinstance(results, (ox.QuerySolutions, ox.QueryBoolean)):
        if format == "csv" and isinstance(results, ox.QuerySolutions):
            # Plain values, not SPARQL's CSV term syntax, so a spreadsheet reads them.
            columns, rows = _rows(results)
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([[_plain(r[c]) for c in columns] for r in rows])
            return out.getvalue()
        return results.serialize(format=ox.QueryResultsFormat.JSON).decode() + "\n"
    columns, rows = _rows(results)
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    table = Table(caption=f"{len(rows)} rows")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_display(row[c]) for c in columns))
    return table


def _plain(value) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return str(value)
