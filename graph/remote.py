"""A store on a SPARQL 1.1 server: the same interface as :class:`graph.store.LocalStore`.

Writes use the Graph Store Protocol: one ``PUT`` per document replaces that
document's named graph in one request (the server swaps it atomically).
Reads are SPARQL queries; the answers are parsed back into pyoxigraph result
objects, so the rest of ijkg cannot tell a remote store from a local one.
HTTP is the standard library's ``urllib``.

Endpoints, from the URL given as ``--store``:

- ``http://host:port`` (no path) is an **Oxigraph server**: queries at
  ``/query``, updates at ``/update``, the Graph Store at ``/store``. The union
  of all graphs is the default graph through Oxigraph's ``union-default-graph``
  query parameter.
- ``http://host:port/NAME`` (a path) is a **Fuseki-style dataset**:
  ``/NAME/query``, ``/NAME/update``, ``/NAME/data``. Fuseki has no
  per-request union switch: configure the dataset with
  ``tdb2:unionDefaultGraph true`` (or query ``GRAPH ?g``). GraphDB already
  treats every named graph as part of its default graph; give its endpoints
  explicitly (``query_url=…/repositories/R``, ``update_url=…/statements``,
  ``store_url=…/rdf-graphs/service``).

The project's prefixes (``ijkg:``, ``skos:``…) are declared in front of every
query, on the query's own first line, so a server's error line numbers still
match the text the user wrote.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from schema.rdf import PREFIXES, document_id_from_iri, document_iri
from graph.store import _DOCUMENTS_QUERY, DocumentRecord, StoreError, replacement_update

__all__ = ["RemoteStore"]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_PROLOGUE = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()) + " "


def _user_position(message: str) -> str:
    """Oxigraph's ``error at 1:C`` counted from the prologue we added; count from the user's text.

    >>> _user_position(f"error at 1:{len(_PROLOGUE) + 5}: expected GRAPH")
    'error at 1:5: expected GRAPH'
    """
    return re.sub(r"\b1:(\d+)\b", lambda m: f"1:{max(1, int(m.group(1)) - len(_PROLOGUE))}", message, count=1)


class RemoteStore:
    """A SPARQL 1.1 server holding one named graph per document.

    Parameters
    ----------
    url : the server (Oxigraph) or dataset (Fuseki) URL; see the module docs.
    query_url, update_url, store_url : explicit endpoints, overriding the convention.
    timeout : seconds to wait for any one request.
    check : ask the server a trivial query now, so an unreachable URL fails at once.

    Examples
    --------
    >>> store = RemoteStore("http://127.0.0.1:7878", check=False)
    >>> store.query_url, store.store_url, store.union_parameter
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store', True)
    >>> RemoteStore("http://localhost:3030/ds", check=False).store_url
    'http://localhost:3030/ds/data'
    """

    def __init__(self, url: str, query_url: str | None = None, update_url: str | None = None,
                 store_url: str | None = None, timeout: float = 30.0, check: bool = True):
        self.location = url.rstrip("/")
        oxigraph = urlsplit(self.location).path in ("", "/")
        self.query_url = query_url or f"{self.location}/query"
        self.update_url = update_url or f"{self.location}/update"
        self.store_url = store_url or f"{self.location}/{'store' if oxigraph else 'data'}"
        self.union_parameter = oxigraph
        self.timeout = timeout
        if check:
            self.query("ASK {}")  # fail now, naming the URL, rather than halfway through a build

    # ------------------------------------------------------------ HTTP

    def _request(self, method: str, url: str, body: bytes | None = None,
                 headers: dict | None = None) -> tuple[int, bytes, str]:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Content-Type", "")
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise StoreError(f"{self.location}: SPARQL server unreachable: {reason}") from None

    def _graph_url(self, doc_id: str) -> str:
        return f"{self.store_url}?{urlencode({'graph': str(document_iri(doc_id))})}"

    # ------------------------------------------------------------ reading

    def query(self, sparql: str, union: bool = True):
        """Run SPARQL on the server; results come back as pyoxigraph objects.

        A query the server rejects raises ``SyntaxError`` with the server's
        message (as a local store does).
        """
        url = self.query_url
        if union and self.union_parameter:
            url += "?union-default-graph"
        body = urlencode({"query": _PROLOGUE + sparql}).encode()
        status, data, media = self._request(
            "POST", url, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT}
        )
        if status == 400:
            raise SyntaxError(_user_position(data.decode("utf-8", "replace").strip()))
        if status != 200:
            raise StoreError(f"{self.location}: query failed ({status}): {data.decode('utf-8', 'replace').strip()}")
        if "sparql-results+json" in media or media.startswith("application/json"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        # CONSTRUCT / DESCRIBE: an iterator of triples, like pyoxigraph's QueryTriples.
        return (quad.triple for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))

    def documents(self) -> dict[str, DocumentRecord]:
        records = {}
        for row in self.query(_DOCUMENTS_QUERY, union=False):
            doc_id = document_id_from_iri(row["g"].value)
            records[doc_id] = DocumentRecord(
                doc_id, *(None if row[k] is None else row[k].value for k in ("hash", "fingerprint", "source"))
            )
        return dict(sorted(records.items()))

    def dump(self, format: ox.RdfFormat) -> bytes:
        if format.supports_datasets:
            rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
            quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]
            return ox.serialize(quads, format=format) or b""
        triples = list(self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
        return ox.serialize(triples, format=format) or b""

    # ------------------------------------------------------------ writing

    def add(self, nquads: str) -> None:
        """Add N-Quads: one Graph Store ``POST`` of the dataset."""
        status, data, _ = self._request(
            "POST", self.store_url, nquads.encode("utf-8"), {"Content-Type": "application/n-quads"}
        )
        if status not in (200, 201, 204):
            raise StoreError(f"{self.location}: write failed ({status}): {data.decode('utf-8', 'replace').strip()}")

    def replace(self, graphs, nquads: str) -> None:
        """Empty ``graphs`` and add ``nquads``: one SPARQL update, which the server applies atomically."""
        self.update(replacement_update(graphs, nquads))

    def replace_document(self, doc_id: str, ntriples: str) -> None:
        """Replace the document's named graph: one Graph Store ``PUT``."""
        status, data, _ = self._request(
            "PUT", self._graph_url(doc_id), ntriples.encode("utf-8"), {"Content-Type": "text/turtle"}
        )
        if status not in (200, 201, 204):
            raise StoreError(f"{self.location}: write of {doc_id} failed ({status}): {data.decode('utf-8', 'replace').strip()}")

    def remove_document(self, doc_id: str) -> bool:
        status, data, _ = self._request("DELETE", self._graph_url(doc_id))
        if status == 404:
            return False
        if status not in (200, 204):
            raise StoreError(f"{self.location}: removal of {doc_id} failed ({status}): {data.decode('utf-8', 'replace').strip()}")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL update on the server (``ijkg serve --allow-update`` uses it)."""
        body = urlencode({"update": _PROLOGUE + sparql}).encode()
        status, data, _ = self._request("POST", self.update_url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        if status == 400:
            raise SyntaxError(data.decode("utf-8", "replace").strip())
        if status not in (200, 204):
            raise StoreError(f"{self.location}: update failed ({status}): {data.decode('utf-8', 'replace').strip()}")

    def compact(self) -> None:
        """Nothing to do: the server keeps its own storage."""

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
