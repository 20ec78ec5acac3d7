"""The RDF store: one named graph per source document, on disk by default.

One small interface, chosen by location like rdflib's plugins: a folder opens an
embedded Oxigraph store (:class:`LocalStore`); an ``http(s)://`` URL opens a
SPARQL 1.1 server (:class:`graph.remote.RemoteStore`). Every write is atomic,
so a failed or killed build never leaves half a document.

Two ways to write, both atomic:

- :meth:`LocalStore.add` adds N-Quads. New documents go this way, many at a
  time, through pyoxigraph's ``bulk_load``: it writes RocksDB table files
  directly and ingests them in one call across all indexes (atomic when the
  input is one loader batch, under 1,000,000 quads; batches here stay far
  below, at :data:`MAX_ADD_QUADS`). Measured here: 2,000 documents of 600
  quads in 12 s by ``bulk_load`` in batches of 20 documents, 38 s by ``load``
  and 55 s by one SPARQL ``INSERT DATA`` each.
- :meth:`LocalStore.replace` empties some named graphs and adds N-Quads in one
  SPARQL update (one transaction): changed documents, and removals.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from schema.rdf import PREFIXES, document_id_from_iri, document_iri

__all__ = [
    "DEFAULT_STORE",
    "MAX_ADD_QUADS",
    "DocumentRecord",
    "GraphStore",
    "LocalStore",
    "StoreError",
    "open_store",
    "replacement_update",
    "store_location",
]

DEFAULT_STORE = "./ijkg-data"
# One add stays one bulk-loader batch (pyoxigraph's is 1,000,000 quads), so it is atomic.
MAX_ADD_QUADS = 200_000


class StoreError(Exception):
    """A store that cannot be opened or written; the message is one readable line."""


@dataclass(frozen=True)
class DocumentRecord:
    """What the store knows about one built document."""

    id: str
    content_hash: str | None
    build_fingerprint: str | None
    source: str | None


def store_location(location: str | Path | None = None) -> str:
    """The store to use: the argument, else ``$IJKG_STORE``, else ``./ijkg-data``."""
    return str(location or os.environ.get("IJKG_STORE") or DEFAULT_STORE)


class GraphStore(Protocol):
    """What the rest of ijkg needs from a store."""

    location: str

    def documents(self) -> dict[str, DocumentRecord]: ...

    def add(self, nquads: str) -> None: ...

    def replace(self, graphs: Iterable[str], nquads: str) -> None: ...

    def update(self, sparql: str) -> None: ...

    def replace_document(self, doc_id: str, ntriples: str) -> None: ...

    def remove_document(self, doc_id: str) -> bool: ...

    def query(self, sparql: str, union: bool = True): ...

    def dump(self, format: ox.RdfFormat) -> bytes: ...

    def compact(self) -> None: ...

    def close(self) -> None: ...


_DOCUMENTS_QUERY = """
SELECT ?g ?hash ?fingerprint ?source WHERE {
  GRAPH ?g {
    ?g a ijkg:Document .
    OPTIONAL { ?g ijkg:contentHash ?hash }
    OPTIONAL { ?g ijkg:buildFingerprint ?fingerprint }
    OPTIONAL { ?g ijkg:sourcePath ?source }
  }
}"""


def _text(term) -> str | None:
    return None if term is None else term.value


def replacement_update(graphs: Iterable[str], nquads: str) -> str:
    """One SPARQL update that empties ``graphs`` and adds the N-Quads ``nquads``.

    >>> print(replacement_update(["urn:g"], '<urn:s> <urn:p> "o" <urn:g> .\\n'))
    DROP SILENT GRAPH <urn:g> ;
    INSERT DATA {
    GRAPH <urn:g> {
    <urn:s> <urn:p> "o" .
    }
    }
    """
    by_graph: dict[str, list[str]] = defaultdict(list)
    for line in nquads.splitlines():
        if line.strip():
            # An N-Quads line of ours ends with its graph IRI: "s p o <g> ."
            triple, graph, _ = line.rsplit(" ", 2)
            by_graph[graph].append(triple + " .")
    parts = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
    if by_graph:
        blocks = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
        parts.append(f"INSERT DATA {{\n{blocks}\n}}")
    return " ;\n".join(parts)


class LocalStore:
    """An Oxigraph store in a folder.

    Writers hold the folder's lock; readers open a read-only snapshot, so
    ``ijkg query`` works while a build runs elsewhere.

    >>> import tempfile
    >>> store = LocalStore(tempfile.mkdtemp() + "/kg")
    >>> store.replace_document("a.txt", "<https://w3id.org/ijkg/doc/a.txt> a <https://w3id.org/ijkg/ontology#Document> .")
    >>> list(store.documents())
    ['a.txt']
    """

    def __init__(self, path: str | Path, read_only: bool = False):
        self.location = str(path)
        self.read_only = read_only
        try:
            if read_only:
                if not (Path(path) / "CURRENT").exists():
                    raise StoreError(f"{path}: no ijkg store here yet (run `ijkg build` first)")
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreError(
                    f"{path}: the store is being written by another process; "
                    "wait for that build to finish and try again"
                ) from None
            raise StoreError(f"{path}: cannot open the store: {error}") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for fast native queries."""
        return self._store

    def rdflib_dataset(self):
        """The same store through rdflib's API (oxrdflib), for users of rdflib.

        Writes should still go through :meth:`replace_document`: oxrdflib's
        commit and rollback do nothing, so only that call is one transaction.

        >>> import tempfile
        >>> LocalStore(tempfile.mkdtemp()).rdflib_dataset().default_union
        True
        """
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        dataset = Dataset(store=OxigraphStore(store=self._store), default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        return dataset

    def documents(self) -> dict[str, DocumentRecord]:
        records = {}
        for row in self.query(_DOCUMENTS_QUERY, union=False):
            doc_id = document_id_from_iri(row["g"].value)
            records[doc_id] = DocumentRecord(
                doc_id, _text(row["hash"]), _text(row["fingerprint"]), _text(row["source"])
            )
        return dict(sorted(records.items()))

    def add(self, nquads: str) -> None:
        """Add N-Quads in one atomic write (a bulk load of at most :data:`MAX_ADD_QUADS` lines).

        IRIs are not validated (``lenient``): the N-Quads come from
        :mod:`schema.rdf`, whose IRIs are made from slugs, quoted paths and
        digests. That is a fifth of the load's CPU (1.5M quads: 21.7 s → 17.7 s);
        a line that is not N-Quads is still refused, with nothing written.
        """
        self._writable()
        if nquads.count("\n") > MAX_ADD_QUADS:
            raise StoreError(f"{self.location}: one add takes at most {MAX_ADD_QUADS:,} quads")
        try:
            self._store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS, lenient=True)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{self.location}: write failed: {_first_line(error)}") from None

    def replace(self, graphs: Iterable[str], nquads: str) -> None:
        """Empty the named graphs ``graphs`` and add ``nquads``, in one transaction."""
        self.update(replacement_update(graphs, nquads))

    def replace_document(self, doc_id: str, ntriples: str) -> None:
        """Replace the document's named graph by these triples, in one transaction.

        A raw write: entity descriptions are not merged (``graph.build.write_facts`` does that).
        """
        graph = f"<{document_iri(doc_id)}>"
        self.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}")

    def remove_document(self, doc_id: str) -> bool:
        """Drop the document's named graph (raw: ``graph.build.remove_documents`` also
        merges the descriptions of its entities again)."""
        graph = ox.NamedNode(str(document_iri(doc_id)))
        if not self._store.contains_named_graph(graph):
            return False
        self.update(f"DROP GRAPH <{graph.value}>")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL update, in one transaction."""
        self._writable()
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{self.location}: write failed: {_first_line(error)}") from None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")

    def query(self, sparql: str, union: bool = True):
        """Run SPARQL; with ``union`` all named graphs together are the default graph."""
        return self._store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)

    def dump(self, format: ox.RdfFormat) -> bytes:
        if format.supports_datasets:
            return self._store.dump(format=format)
        # A triple format gets the union of every document graph.
        triples = self._store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        return triples.serialize(format=format) or b""

    def count_quads(self) -> int:
        return len(self._store)

    def compact(self) -> None:
        """Merge the store's files (RocksDB compaction), as after a large build.

        Each bulk load adds files, and a read looks in each that may hold its key:
        after a 10,000-document build (126 loads), compacting took 12 s and made
        the queries that read many statements up to 1.9x faster.
        """
        self._writable()
        try:
            self._store.optimize()
        except OSError as error:
            raise StoreError(f"{self.location}: compaction failed: {_first_line(error)}") from None

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def open_store(location: str | Path | None = None, read_only: bool = False) -> GraphStore:
    """Open the store at a folder or a SPARQL server URL.

    >>> import tempfile
    >>> open_store(tempfile.mkdtemp()).__class__.__name__
    'LocalStore'
    """
    location = store_location(location)
    if location.startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        return RemoteStore(location)
    return LocalStore(location, read_only=read_only)
