"""Saved questions: SPARQL files in ``graph/queries/`` that analysts run by name.

Each ``.rq`` file opens with comment lines that describe it::

    # title: Joint ventures between Indian and Japanese companies
    # question: Which Indian and Japanese companies partnered, and when?
    # param: year (year, optional) — only partnerships dated in this year

A parameter is bound as a typed RDF term, never pasted into the query text:

- on a local store through pyoxigraph's ``substitutions`` (SEP-0007: the
  variable is replaced by the term everywhere; pyoxigraph wants the variable
  in the SELECT list, so every saved query selects its parameters);
- on a remote store through a ``VALUES`` block put first in the top-level
  ``WHERE`` group (:func:`bind_values`), with each term written by
  pyoxigraph's own serialiser, so a value can only ever be one term.

Both give the same rows as long as a parameter is used in the top-level group
or in an ``OPTIONAL``/``FILTER`` of it (a test checks every saved query both ways).
An optional parameter left out stays unbound. The queries test that with
``COALESCE(STR(?x), "") = ""``, not ``!BOUND(?x)``: pyoxigraph 0.5.13 evaluates
``BOUND(?x)`` as false for a substituted variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from schema.rdf import PREFIXES

__all__ = [
    "PARAM_TYPES",
    "Param",
    "SavedQuery",
    "SavedQueryError",
    "bind_values",
    "list_saved",
    "load_saved",
    "param_terms",
    "run_saved",
]

QUERY_FOLDER = Path(__file__).parent / "queries"
XSD = "http://www.w3.org/2001/XMLSchema#"


class SavedQueryError(ValueError):
    """An unknown saved query, or parameters that do not fit it; one readable line."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a saved query."""

    name: str
    type: str
    description: str
    optional: bool = False


@dataclass(frozen=True)
class SavedQuery:
    """A saved question: its name (the file stem), header and SPARQL text."""

    name: str
    title: str
    question: str
    params: tuple[Param, ...]
    sparql: str

    def as_dict(self) -> dict:
        """The JSON shape the query page and ``ijkg query saved`` show."""
        return {
            "name": self.name,
            "title": self.title,
            "question": self.question,
            "params": [p.__dict__ for p in self.params],
            "sparql": self.sparql,
        }


def _integer(value: str) -> ox.Literal:
    if not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise ValueError("expected a whole number")
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))


def _year(value: str) -> ox.Literal:
    if not re.fullmatch(r"\d{4}", value.strip()):
        raise ValueError("expected a four-digit year")
    return _integer(value)


def _decimal(value: str) -> ox.Literal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError("expected a number") from None
    if not number.is_finite():
        raise ValueError("expected a finite number")
    return ox.Literal(str(number), datatype=ox.NamedNode(XSD + "decimal"))


def _iri(value: str) -> ox.NamedNode:
    value = value.strip()
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise ValueError("expected an absolute IRI such as https://w3id.org/ijkg/id/japan")
    return ox.NamedNode(value)  # raises ValueError on characters an IRI cannot hold


def _boolean(value: str) -> ox.Literal:
    folded = value.strip().lower()
    if folded not in ("true", "false"):
        raise ValueError("expected true or false")
    return ox.Literal(folded, datatype=ox.NamedNode(XSD + "boolean"))


# How a parameter's text becomes an RDF term, by declared type.
PARAM_TYPES = {
    "string": ox.Literal,
    "iri": _iri,
    "integer": _integer,
    "year": _year,
    "decimal": _decimal,
    "boolean": _boolean,
}

_HEADER = re.compile(r"^#\s*(title|question|param):\s*(.*?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*\(\s*(\w+)\s*(,\s*optional\s*)?\)\s*(?:[—–-]+\s*(.*))?$")


def _parse(name: str, text: str) -> SavedQuery:
    header = {"title": "", "question": ""}
    params = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key != "param":
            header[key] = value
            continue
        param = _PARAM.match(value)
        if not param or param.group(2) not in PARAM_TYPES:
            raise SavedQueryError(
                f"{name}.rq: bad parameter line {line!r}; write "
                f"'# param: name (type) — description' with type one of {', '.join(PARAM_TYPES)}"
            )
        params.append(Param(param.group(1), param.group(2), param.group(4) or "", bool(param.group(3))))
    return SavedQuery(name, header["title"], header["question"], tuple(params), text)


def _paths(folder: Path) -> dict[str, Path]:
    return {path.stem: path for path in sorted(folder.glob("*.rq"))}


def list_saved(folder: Path = QUERY_FOLDER) -> list[SavedQuery]:
    """Every saved query, by name.

    >>> names = [q.name for q in list_saved()]
    >>> "joint_ventures" in names
    True
    """
    return [_parse(name, path.read_text(encoding="utf-8")) for name, path in _paths(folder).items()]


def load_saved(name: str, folder: Path = QUERY_FOLDER) -> SavedQuery:
    """One saved query by name; an unknown name lists the existing ones.

    >>> load_saved("documents").params
    ()
    """
    paths = _paths(folder)
    if name not in paths:
        raise SavedQueryError(f"no saved query {name!r}; saved queries: {', '.join(paths)}")
    return _parse(name, paths[name].read_text(encoding="utf-8"))


def param_terms(query: SavedQuery, params: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Check ``params`` against the declared ones and convert each to its RDF term.

    >>> param_terms(load_saved("joint_ventures"), {"year": "1968"})
    {'year': <Literal value=1968 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>}
    """
    declared = {p.name: p for p in query.params}
    names = ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in query.params) or "none"
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise SavedQueryError(f"{query.name}: unknown parameter {', '.join(unknown)}; declared: {names}")
    missing = [p.name for p in query.params if not p.optional and p.name not in params]
    if missing:
        raise SavedQueryError(f"{query.name}: missing parameter {', '.join(missing)}; declared: {names}")
    terms = {}
    for name, value in params.items():
        param = declared[name]
        try:
            terms[name] = PARAM_TYPES[param.type](value)
        except ValueError as error:
            raise SavedQueryError(f"{query.name}: parameter {name}={value!r}: {error}") from None
    return terms


def run_saved(store, name: str, params: dict[str, str] | None = None):
    """Run a saved query with its parameters bound as typed terms.

    A local store gets pyoxigraph substitutions; any other store (a SPARQL
    server) gets the query with a ``VALUES`` block (:func:`bind_values`).

    >>> import tempfile
    >>> from graph.store import open_store
    >>> list(run_saved(open_store(tempfile.mkdtemp()), "documents"))
    []
    """
    query = load_saved(name)
    terms = param_terms(query, params or {})
    oxigraph = getattr(store, "oxigraph", None)
    if oxigraph is None:
        return store.query(bind_values(query.sparql, terms))
    return oxigraph.query(
        query.sparql,
        use_default_graph_as_union=True,
        prefixes=PREFIXES,
        substitutions={ox.Variable(n): t for n, t in terms.items()},
    )


# Skipped while looking for WHERE: comments, strings (long ones first) and IRIs.
_SKIP = re.compile(
    r'#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>'
)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _where_brace(sparql: str) -> int:
    """Offset just after the ``{`` that opens the query's top-level WHERE group."""
    position = 0
    while position < len(sparql):
        skip = _SKIP.search(sparql, position)
        end = skip.start() if skip else len(sparql)
        where = _WHERE.search(sparql, position, end)
        if where:
            return where.end()
        if not skip:
            break
        position = skip.end()
    raise SavedQueryError("cannot bind parameters: the query has no WHERE { … } group")


def bind_values(sparql: str, terms: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with ``VALUES (?a ?b) { (term term) }`` first in its WHERE group.

    Terms are written by pyoxigraph (``str(term)`` is N-Triples syntax with
    every quote escaped), so a value can never close the block it sits in.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('"} DROP ALL #')})
    'SELECT ?x WHERE { VALUES (?o) { ("\\\\"} DROP ALL #") }\\n ?x ?p ?o }'
    """
    if not terms:
        return sparql
    at = _where_brace(sparql)
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())
    return f"{sparql[:at]} VALUES ({names}) {{ ({values}) }}\n{sparql[at:]}"
