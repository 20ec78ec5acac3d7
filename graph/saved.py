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

A substitution does not reach into a subquery, so there a parameter is bound
by a ``VALUES`` block in the subquery's group on both kinds of store. Both give
the same rows (a test checks every saved query both ways).

A line that ends in ``# if: NAME`` is kept only when the parameter NAME is
given (``# if not: NAME``: only when it is not), so a filter on an optional
parameter costs nothing when it is left out (Oxigraph evaluates an ``EXISTS``
or a join for every row even when the other side of ``||`` already holds).
Lines are only ever dropped: nothing given is pasted into the text.

Answers come a page at a time when asked (``limit``/``offset``, see
:func:`paged`): a listing question at 10,000 documents holds tens of thousands
of rows, and the queries are written so that a page costs less than the whole.

An optional parameter left out stays unbound. The queries test that with
``COALESCE(STR(?x), "") = ""``, not ``!BOUND(?x)``: pyoxigraph 0.5.13 evaluates
``BOUND(?x)`` as false for a substituted variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from schema.rdf import PREFIXES, name_key

__all__ = [
    "PARAM_TYPES",
    "Param",
    "SavedQuery",
    "SavedQueryError",
    "DEFAULT_PAGE",
    "bind_values",
    "list_saved",
    "load_saved",
    "paged",
    "param_terms",
    "query_text",
    "run_saved",
]

QUERY_FOLDER = Path(__file__).parent / "queries"
# Rows per page where a person reads the answer (``ijkg query saved``, the query page).
DEFAULT_PAGE = 100
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


def _name(value: str) -> ox.Literal:
    if not value.strip():
        raise ValueError("expected a name")
    return ox.Literal(name_key(value))


# How a parameter's text becomes an RDF term, by declared type. A ``name`` is an
# entity's label or alias in any case, matched on the entities graph's
# ``ijkg:nameKey`` (one index lookup, where comparing every label took 0.4 s at
# 10,000 documents).
PARAM_TYPES = {
    "string": ox.Literal,
    "name": _name,
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
    path = folder / f"{name}.rq"
    try:
        if not re.fullmatch(r"[\w-]+", name):  # a name, never a path
            raise ValueError(name)
        return _read(path, path.stat().st_mtime_ns)
    except (OSError, ValueError):
        raise SavedQueryError(f"no saved query {name!r}; saved queries: {', '.join(_paths(folder))}") from None


@lru_cache(maxsize=256)
def _read(path: Path, modified: int) -> SavedQuery:
    """A saved query file parsed once per version of the file (``modified``)."""
    return _parse(path.stem, path.read_text(encoding="utf-8"))


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


# A saved query that takes its page inside (a subquery that orders and cuts the
# rows before their details are read) marks the place with a `# page` line.
_PAGE_LINE = re.compile(r"^([ \t]*)(?:LIMIT\s+\d+\s*)?(?:OFFSET\s+\d+\s*)?(#\s*page)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_TRAILING_LIMIT = re.compile(r"\s+LIMIT\s+\d+(?:\s+OFFSET\s+\d+)?\s*$", re.IGNORECASE)


def paged(sparql: str, limit: int | None, offset: int = 0) -> str:
    r"""The query cut to ``limit`` rows from ``offset`` (``limit=None``: every row from ``offset``).

    The page goes on the query's ``# page`` lines if it has any, else at the
    end, replacing a final ``LIMIT`` of the query's own (top_entities' 25 is a
    default a caller may change).

    >>> paged("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 25", 10, 20)
    'SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 10 OFFSET 20'
    >>> print(paged("SELECT * WHERE {\n  { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n    # page\n  }\n}", 5, 0))
    SELECT * WHERE {
      { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x
        LIMIT 5 # page
      }
    }
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise SavedQueryError(f"a page needs a limit and an offset of 0 or more, not {limit} and {offset}")
    clause = " ".join(part for part in (
        f"LIMIT {limit}" if limit is not None else "", f"OFFSET {offset}" if offset else "") if part)
    if _PAGE_LINE.search(sparql):
        return _PAGE_LINE.sub(lambda m: f"{m.group(1)}{clause + ' ' if clause else ''}{m.group(2)}", sparql)
    body = _TRAILING_LIMIT.sub("", sparql.rstrip())
    return f"{body} {clause}" if clause else body


_IF_GIVEN = re.compile(r"^.*#\s*if( not)?:\s*(\w+)[ \t]*\n?", re.MULTILINE)


def query_text(query: SavedQuery, terms: dict, *, limit: int | None = None, offset: int = 0,
               bind_top: bool = False) -> str:
    r"""The text to run for these parameter terms (:func:`param_terms`): the
    ``# if:`` lines of parameters left out dropped, the page applied, and the
    terms bound by ``VALUES`` in each subquery that uses them (and in the
    top-level group with ``bind_top``, where a substitution does not bind them).

    >>> q = _parse("q", "SELECT ?x ?t WHERE {\n  ?x a ?t . # if: t\n  ?x ?p ?o # if not: t\n}")
    >>> print(query_text(q, {}))
    SELECT ?x ?t WHERE {
      ?x ?p ?o # if not: t
    }
    """
    sparql = _IF_GIVEN.sub(lambda m: m.group(0) if (m.group(2) in terms) != bool(m.group(1)) else "", query.sparql)
    if limit is not None or offset:
        sparql = paged(sparql, limit, offset)
    return bind_values(sparql, terms, top=bind_top)


def run_saved(store, name: str, params: dict[str, str] | None = None, *, limit: int | None = None, offset: int = 0):
    """Run a saved query with its parameters bound as typed terms.

    A local store gets pyoxigraph substitutions; any other store (a SPARQL
    server) gets the query with a ``VALUES`` block (:func:`bind_values`).
    ``limit`` and ``offset`` ask for one page of the answer (:func:`paged`);
    without them the query runs as saved (every row, or its own ``LIMIT``).

    >>> import tempfile
    >>> from graph.store import open_store
    >>> list(run_saved(open_store(tempfile.mkdtemp()), "documents", limit=10))
    []
    """
    query = load_saved(name)
    terms = param_terms(query, params or {})
    oxigraph = getattr(store, "oxigraph", None)
    if oxigraph is None:
        return store.query(query_text(query, terms, limit=limit, offset=offset, bind_top=True))
    return oxigraph.query(
        query_text(query, terms, limit=limit, offset=offset),
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


def _code_spans(sparql: str):
    """(start, end) of each stretch of the query outside comments, strings and IRIs."""
    position = 0
    for skip in _SKIP.finditer(sparql):
        yield position, skip.start()
        position = skip.end()
    yield position, len(sparql)


@lru_cache(maxsize=256)
def _where_groups(sparql: str) -> list[tuple[int, int]]:
    """(just after ``{``, at ``}``) of the WHERE group of the query and of each subquery."""
    opened, groups, stack = [], [], []
    for start, end in _code_spans(sparql):
        wheres = {m.end() - 1 for m in _WHERE.finditer(sparql, start, end)}
        for at in range(start, end):
            if sparql[at] == "{":
                stack.append(at in wheres)
                if at in wheres:
                    opened.append(at + 1)
            elif sparql[at] == "}" and stack and stack.pop():
                groups.append((opened.pop(), at))
    if not groups:
        raise SavedQueryError("cannot bind parameters: the query has no WHERE { … } group")
    return groups


def bind_values(sparql: str, terms: dict[str, ox.NamedNode | ox.Literal], top: bool = True) -> str:
    """The query with ``VALUES (?a ?b) { (term term) }`` first in its WHERE group
    (unless not ``top``), and in the group of each subquery that uses one of the
    parameters (a subquery does not see the variables around it).

    Terms are written by pyoxigraph (``str(term)`` is N-Triples syntax with
    every quote escaped), so a value can never close the block it sits in.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"o": ox.Literal('"} DROP ALL #')})
    'SELECT ?x WHERE { VALUES (?o) { ("\\\\"} DROP ALL #") }\\n ?x ?p ?o }'
    """
    if not terms:
        return sparql
    groups = _where_groups(sparql)
    first = min(start for start, _ in groups)
    mention = re.compile(r"[?$](?:" + "|".join(map(re.escape, terms)) + r")\b")
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(term) for term in terms.values())
    for start, end in sorted(groups, reverse=True):
        if (start == first and top) or (start != first and mention.search(sparql, start, end)):
            sparql = f"{sparql[:start]} VALUES ({names}) {{ ({values}) }}\n{sparql[start:]}"
    return sparql
