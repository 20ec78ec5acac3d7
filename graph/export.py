"""Tables and dumps of the graph: entities, relations, the whole dataset, counts.

Entity rows are the merged descriptions of the entities graph (see
:mod:`graph.entities`), with the documents that mention each entity.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict

import pyoxigraph as ox

from schema.models import RELATION_TYPES
from schema.rdf import ENTITIES_GRAPH, document_id_from_iri
from graph.entities import read_descriptions
from graph.store import GraphStore

__all__ = [
    "ENTITY_COLUMNS",
    "GRAPH_FORMATS",
    "RELATION_COLUMNS",
    "dump_graph",
    "entity_rows",
    "relation_rows",
    "stats",
    "write_rows",
]

ENTITY_COLUMNS = ["id", "label", "type", "country", "aliases", "documents"]
RELATION_COLUMNS = [
    "subject", "subject_label", "predicate", "object", "object_label",
    "date", "amount", "currency", "share", "status", "document", "evidence",
    "role", "what", "start", "end", "extractor",
]
GRAPH_FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}

_ENTITY_DOCUMENTS_QUERY = "SELECT ?e ?g WHERE { GRAPH ?g { ?e ijkg:mentionedIn ?g } }"

_RELATION_QUERY = """
SELECT ?s ?p ?o ?g ?date ?amount ?currency ?share ?status ?evidence ?role ?what ?start ?end ?extractor
WHERE {
  GRAPH ?g {
    ?s ?p ?o .
    VALUES ?p { %s }
    OPTIONAL {
      ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
      OPTIONAL { ?r ijkg:date ?date } OPTIONAL { ?r ijkg:amount ?amount }
      OPTIONAL { ?r ijkg:currency ?currency } OPTIONAL { ?r ijkg:share ?share }
      OPTIONAL { ?r ijkg:status ?status } OPTIONAL { ?r ijkg:evidence ?evidence }
      OPTIONAL { ?r ijkg:role ?role } OPTIONAL { ?r ijkg:what ?what }
      OPTIONAL { ?r ijkg:startOffset ?start } OPTIONAL { ?r ijkg:endOffset ?end }
      OPTIONAL { ?r ijkg:extractor ?extractor }
    }
  }
}
ORDER BY ?g ?start ?s ?p ?o""" % " ".join(f"ijkg:{p}" for p in RELATION_TYPES)


def _value(term) -> str | None:
    return None if term is None else term.value


def entity_rows(store: GraphStore) -> list[dict]:
    """One row per entity, sorted by id: its merged description and the documents naming it.

    Each row has the ``ENTITY_COLUMNS`` with ``aliases`` and ``documents`` as lists.
    """
    documents: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_ENTITY_DOCUMENTS_QUERY, union=False):
        documents[row["e"].value].add(document_id_from_iri(row["g"].value))
    rows = []
    for iri, description in sorted(read_descriptions(store).items()):
        rows.append(
            {
                "id": iri,
                "label": description.label,
                "type": description.type,
                "country": description.country,
                "aliases": list(description.aliases),
                "documents": sorted(documents.get(iri, ())),
            }
        )
    return rows


def relation_rows(store: GraphStore, labels: dict[str, str] | None = None) -> list[dict]:
    """One row per relation (per evidence sentence), in document order.

    Each row has the ``RELATION_COLUMNS``; ``predicate`` is the relation's IRI.
    """
    if labels is None:
        labels = {row["id"]: row["label"] for row in entity_rows(store)}
    rows = []
    for row in store.query(_RELATION_QUERY):
        s, o = row["s"].value, row["o"].value
        amount, share = _value(row["amount"]), _value(row["share"])
        rows.append(
            {
                "subject": s,
                "subject_label": labels.get(s),
                "predicate": row["p"].value,
                "object": o,
                "object_label": labels.get(o),
                "date": _value(row["date"]),
                "amount": None if amount is None else float(amount),
                "currency": _value(row["currency"]),
                "share": None if share is None else float(share),
                "status": _value(row["status"]),
                "document": document_id_from_iri(row["g"].value),
                "evidence": _value(row["evidence"]),
                "role": _value(row["role"]),
                "what": _value(row["what"]),
                "start": None if row["start"] is None else int(row["start"].value),
                "end": None if row["end"] is None else int(row["end"].value),
                "extractor": _value(row["extractor"]),
            }
        )
    return rows


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_rows(rows: list[dict], columns: list[str], format: str, out: io.TextIOBase) -> None:
    """Write rows as CSV (lists joined with ``|``) or as a JSON array."""
    if format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(_csv_cell(row.get(c)) for c in columns)
    else:
        raise ValueError(f"unknown format {format!r}: use csv or json")


def dump_graph(store: GraphStore, format: str) -> bytes:
    """The whole graph in one of ``GRAPH_FORMATS``; triple formats get the union of documents."""
    try:
        rdf_format = GRAPH_FORMATS[format]
    except KeyError:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(GRAPH_FORMATS)}") from None
    return store.dump(rdf_format)


_COUNT_QUERIES = {
    "documents": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a ijkg:Document } }",
    "entities": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ijkg:Entity }} }}",
    "relations": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r a ijkg:RelationStatement } }",
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def stats(store: GraphStore) -> dict:
    """Counts of documents, entities, relations and triples, entities by type and
    relations by predicate."""
    counts = {name: int(next(iter(store.query(q)))["n"].value) for name, q in _COUNT_QUERIES.items()}
    by_type = Counter(row["type"] for row in entity_rows(store))
    by_predicate = Counter()
    for row in store.query(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?r a ijkg:RelationStatement ; rdf:predicate ?p } } GROUP BY ?p"
    ):
        by_predicate[row["p"].value.rsplit("#", 1)[-1]] = int(row["n"].value)
    counts["entities_by_type"] = dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))
    counts["relations_by_predicate"] = dict(sorted(by_predicate.items(), key=lambda kv: (-kv[1], kv[0])))
    return counts
