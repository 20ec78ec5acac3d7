"""Check a built graph against the SHACL shapes of ``schema/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

import schema
from graph.store import GraphStore

__all__ = ["SHAPES_PATH", "ValidationReport", "validate"]

SHAPES_PATH = Path(schema.__file__).resolve().parent / "shapes.ttl"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    triples: int
    text: str


def validate(store: GraphStore) -> ValidationReport:
    """Validate the union of every document graph with pyshacl.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> validate(open_store(tempfile.mkdtemp())).conforms
    True
    """
    from pyshacl import validate as shacl_validate

    data = Graph()
    # Oxigraph serialises fast; rdflib only parses the union once for pyshacl.
    data.parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    shapes = Graph().parse(SHAPES_PATH, format="turtle")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    return ValidationReport(bool(conforms), len(data), text)
