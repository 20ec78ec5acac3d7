"""The RDF store: one named graph per source document, on disk by default.

One small interface, chosen by location like rdflib's plugins: a folder opens an
embedded Oxigraph store (:class:`LocalStore`); an ``http(s)://`` URL opens a
SPARQL 1.1 server (:class:`graph.remote.RemoteStore`). Every document is written
in one transaction, so a failed or killed build never leaves half a document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from schema.rdf import PREFIXES, document_id_from_iri, document_iri

__all__ = [
    "DEFAULT_STORE",
    "DocumentRecord",
    "GraphStore",
    "LocalStore",
    "StoreError",
    "open_store",
    "store_location",
]

DEFAULT_STORE = "./ijkg-data"


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

    def replace_document(self, doc_id: str, ntriples: str) -> None: ...

    def remove_document(self, doc_id: str) -> bool: ...

    def query(self, sparql: str, union: bool = True): ...

    def dump(self, format: ox.RdfFormat) -> bytes: ...

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

    def replace_document(self, doc_id: str, ntriples: str) -> None:
        """Replace the document's named graph by these triples, in one transaction."""
        graph = f"<{document_iri(doc_id)}>"
        self._update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{ntriples}\n}} }}")

    def remove_document(self, doc_id: str) -> bool:
        graph = ox.NamedNode(str(document_iri(doc_id)))
        if not self._store.contains_named_graph(graph):
            return False
        self._update(f"DROP GRAPH <{graph.value}>")
        return True

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"{self.location}: opened read-only")
        try:
            self._store.update(update)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{self.location}: write failed: {error}") from None

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

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store


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
