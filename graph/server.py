"""A read-only SPARQL 1.1 endpoint over the ijkg store, with a query page.

``ijkg serve`` calls :func:`serve`. Standard library only (``http.server``):

- ``/sparql``: the SPARQL 1.1 Protocol (GET ``query=``, POST form ``query=`` or
  ``update=``, POST ``application/sparql-query`` / ``application/sparql-update``).
  Every document graph together is the default graph unless the query or the
  ``default-graph-uri`` parameter names graphs.
- ``/saved`` lists the saved questions (JSON); ``/saved/NAME?param=value`` runs
  one with its parameters bound as typed terms, a page of ``limit`` rows
  (default 100; 0 for all, up to ``max_rows``) from ``offset``.
- ``/`` is the query page (``graph/static/query.*``, no CDN, works offline).

Results by content negotiation (``Accept``, or ``format=`` to override):
SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as
Turtle (default), JSON-LD or N-Triples.

Limits, and why they look like this:

- **Time.** pyoxigraph releases the GIL while it evaluates, but a running query
  cannot be stopped from Python. So queries on a local store run in worker
  processes (each holding a read-only view of the store, reopened when the
  store's files change); a worker that passes the deadline is terminated and
  replaced, the client gets 503 with a readable message, and the server goes on.
- **Rows.** A result longer than ``max_rows`` is truncated to ``max_rows`` rows
  (or triples) and the response carries ``X-IJKG-Truncated: <max_rows>``; the
  query page shows a warning. Truncating rather than failing keeps a careless
  ``SELECT *`` useful; clients that must have everything check the header.
- **Writes.** Any update is refused with 403 unless the server was started with
  ``allow_update``. Updates then run in the server process, one at a time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from schema.rdf import PREFIXES
from graph.saved import DEFAULT_PAGE, SavedQueryError, list_saved, load_saved, param_terms, query_text
from graph.store import LocalStore, StoreError, open_store

__all__ = ["Answer", "Endpoint", "QueryFailed", "execute", "make_server", "negotiate", "serve"]

STATIC = Path(__file__).parent / "static"
STATIC_FILES = {
    "/": ("query.html", "text/html; charset=utf-8"),
    "/static/query.js": ("query.js", "text/javascript; charset=utf-8"),
    "/static/query.css": ("query.css", "text/css; charset=utf-8"),
}

SOLUTION_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
# Short names for ?format=, handy from a browser's address bar.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
}


class QueryFailed(Exception):
    """A query or update the endpoint answers with an HTTP error status."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Answer:
    """A response body with its media type, and whether rows were cut off."""

    body: bytes
    content_type: str
    truncated: bool = False


# ---------------------------------------------------------------- results


def negotiate(accept: str | None, kind: str) -> str:
    """The media type to answer with: the client's most preferred one we can
    write for this kind of result (``solutions`` or ``graph``), else the default.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "solutions")
    'application/sparql-results+xml'
    >>> negotiate("text/html,*/*;q=0.8", "graph")
    'text/turtle'
    """
    supported = GRAPH_FORMATS if kind == "graph" else SOLUTION_FORMATS
    choices = []
    for position, part in enumerate((accept or "").split(",")):
        media, *options = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    quality = float(option[2:])
                except ValueError:
                    quality = 0.0
        if media.lower() in supported and quality > 0:
            choices.append((-quality, position, media.lower()))
    return min(choices)[2] if choices else next(iter(supported))


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        parts = zip(("subject", "predicate", "object"), term)
        return {"type": "triple", "value": {k: _term_json(t) for k, t in parts}}
    value = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        value["datatype"] = term.datatype.value
    return value


def _solutions_json(variables: list[str], rows: list) -> bytes:
    bindings = [
        {name: _term_json(row[name]) for name in variables if row[name] is not None} for row in rows
    ]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()


def _first(results, limit: int) -> tuple[list, bool]:
    rows = []
    for item in results:
        if len(rows) == limit:
            return rows, True
        rows.append(item)
    return rows, False


def _count_param(query: str, name: str, value: str) -> int:
    if not value.strip().isdigit():
        raise SavedQueryError(f"{query}: {name}={value!r}: expected a whole number, 0 or more")
    return int(value)


def execute(results, accept: str | None, max_rows: int) -> Answer:
    """Serialise pyoxigraph results in the negotiated format, at most ``max_rows``.

    >>> answer = execute(ox.Store().query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"), "text/csv", 2)
    >>> answer.body, answer.truncated
    (b'x\\r\\n1\\r\\n2\\r\\n', True)
    """
    if isinstance(results, ox.QueryBoolean):
        media = negotiate(accept, "solutions")
        return Answer(results.serialize(format=SOLUTION_FORMATS[media]), media)
    if isinstance(results, ox.QuerySolutions):
        media = negotiate(accept, "solutions")
        variables = [v.value for v in results.variables]
        rows, truncated = _first(results, max_rows)
        body = _solutions_json(variables, rows)
        if SOLUTION_FORMATS[media] != ox.QueryResultsFormat.JSON:
            # Our JSON is read back so pyoxigraph's own writers do XML, CSV and TSV.
            parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            body = parsed.serialize(format=SOLUTION_FORMATS[media])
        return Answer(body, media, truncated)
    media = negotiate(accept, "graph")
    triples, truncated = _first(results, max_rows)
    prefixes = PREFIXES if GRAPH_FORMATS[media] == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=GRAPH_FORMATS[media], prefixes=prefixes) or b""
    return Answer(body, media, truncated)


@dataclass(frozen=True)
class Request:
    """One query as the workers need it: picklable, no open handles."""

    sparql: str
    accept: str | None
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: tuple[tuple[str, object], ...] = ()


def _run(store: ox.Store, request: Request) -> Answer:
    options: dict = {"prefixes": PREFIXES}
    if request.default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if request.named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    if request.substitutions:
        options["substitutions"] = {ox.Variable(n): t for n, t in request.substitutions}
    results = store.query(request.sparql, **options)
    return execute(results, request.accept, request.max_rows)


def _outcome(run) -> tuple[str, object]:
    """Run and classify: ("ok", Answer), ("syntax", message) or ("error", message)."""
    try:
        return "ok", run()
    except SyntaxError as error:
        return "syntax", str(error)
    except (ValueError, RuntimeError) as error:
        return "invalid", str(error)
    except OSError as error:
        return "error", str(error)


# ---------------------------------------------------------------- workers


def _store_signature(path: str) -> tuple:
    """Names, sizes and times of the store's files: they change on every write."""
    with os.scandir(path) as entries:
        return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()))


def _worker_main(connection, location: str) -> None:
    """A worker process: answer requests from a read-only view of the store."""
    store, signature = None, None
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        current = _store_signature(location)
        if current != signature:
            store, signature = ox.Store.read_only(location), current
        connection.send(_outcome(lambda: _run(store, request)))


class _Worker:
    def __init__(self, context, location: str):
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, location), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """Worker processes for a local store; a query past its deadline is killed.

    Each call takes a free worker (waiting up to the deadline), sends the
    request and waits for the answer; on time-out the worker is terminated
    and a fresh one takes its place.
    """

    def __init__(self, location: str, size: int = 2):
        self.location = location
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(size):
            self._idle.put(_Worker(self._context, location))

    def run(self, request: Request, timeout: float) -> tuple[str, object]:
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return "busy", f"every query worker was busy for {timeout:g} s; try again shortly"
        try:
            worker.connection.send(request)
            if worker.connection.poll(timeout):
                outcome = worker.connection.recv()
                self._idle.put(worker)
                return outcome
            outcome = "timeout", None
        except (EOFError, OSError) as error:
            outcome = "error", f"the query worker stopped unexpectedly ({error})"
        worker.stop()
        self._idle.put(_Worker(self._context, self.location))
        return outcome

    def close(self) -> None:
        while not self._idle.empty():
            self._idle.get_nowait().stop()


# ---------------------------------------------------------------- endpoint


class Endpoint:
    """What the HTTP handler calls: queries, updates and saved questions.

    Parameters
    ----------
    location : a store folder or a SPARQL server URL.
    timeout : seconds a query may run.
    max_rows : rows (or triples) returned at most; more are cut off.
    allow_update : accept SPARQL updates (refused with 403 otherwise).
    workers : query processes for a local store.
    """

    def __init__(self, location: str, timeout: float = 10.0, max_rows: int = 10_000,
                 allow_update: bool = False, workers: int = 2):
        self.timeout = timeout
        self.max_rows = max_rows
        self.allow_update = allow_update
        self.store = open_store(location, read_only=not allow_update)
        self._write_lock = threading.Lock()
        self._pool = WorkerPool(self.store.location, workers) if isinstance(self.store, LocalStore) else None

    def query(self, request: Request) -> Answer:
        kind, value = self._dispatch(request)
        if kind == "ok":
            return value
        if kind == "syntax":
            raise QueryFailed(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {value}")
        if kind == "invalid":
            raise QueryFailed(HTTPStatus.BAD_REQUEST, f"query cannot be run: {value}")
        if kind == "timeout":
            raise QueryFailed(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"query stopped after the {self.timeout:g} s time limit; "
                "narrow the pattern or add a LIMIT, and try again",
            )
        if kind == "busy":
            raise QueryFailed(HTTPStatus.SERVICE_UNAVAILABLE, value)
        raise QueryFailed(HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {value}")

    def _dispatch(self, request: Request) -> tuple[str, object]:
        if self._pool is not None:
            return self._pool.run(request, self.timeout)
        return self._in_thread(request)

    def _in_thread(self, request: Request) -> tuple[str, object]:
        # A remote store: the server at the other end does the work, and the
        # HTTP client gives up at its own time-out; we stop waiting at ours.
        outcome: list = []

        def run():
            sparql = request.sparql
            if request.substitutions:
                from graph.saved import bind_values

                sparql = bind_values(sparql, dict(request.substitutions))
            outcome.append(_outcome(lambda: execute(self.store.query(sparql), request.accept, request.max_rows)))

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(self.timeout)
        return outcome[0] if outcome else ("timeout", None)

    def saved(self, name: str, params: dict[str, str], accept: str | None) -> Answer:
        params = dict(params)
        try:
            limit = _count_param(name, "limit", params.pop("limit", str(DEFAULT_PAGE)))
            offset = _count_param(name, "offset", params.pop("offset", "0"))
            saved = load_saved(name)
            terms = param_terms(saved, params)
        except SavedQueryError as error:
            raise QueryFailed(HTTPStatus.BAD_REQUEST, str(error)) from None
        sparql = query_text(saved, terms, limit=limit or None, offset=offset)
        return self.query(Request(sparql, accept, self.max_rows, substitutions=tuple(terms.items())))

    def update(self, sparql: str) -> None:
        if not self.allow_update:
            raise QueryFailed(
                HTTPStatus.FORBIDDEN,
                "this endpoint is read-only: SPARQL updates are refused "
                "(start it with `ijkg serve --allow-update` to accept them)",
            )
        with self._write_lock:
            try:
                if isinstance(self.store, LocalStore):
                    self.store.oxigraph.update(sparql, prefixes=PREFIXES)
                else:
                    self.store.update(sparql)
            except SyntaxError as error:
                raise QueryFailed(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {error}") from None
            except (StoreError, OSError) as error:
                raise QueryFailed(HTTPStatus.INTERNAL_SERVER_ERROR, f"update failed: {error}") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        self.store.close()


class Handler(BaseHTTPRequestHandler):
    """Routes requests to the :class:`Endpoint` held by the server."""

    server_version = "ijkg"
    protocol_version = "HTTP/1.1"

    @property
    def endpoint(self) -> Endpoint:
        return self.server.endpoint

    def log_message(self, format: str, *args) -> None:
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        self._answer(lambda: self._get(url.path, params))

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        self._answer(lambda: self._post(url.path, params))

    def _get(self, path: str, params: dict) -> Answer | None:
        if path in STATIC_FILES:
            name, media = STATIC_FILES[path]
            return Answer((STATIC / name).read_bytes(), media)
        if path == "/saved":
            body = json.dumps([q.as_dict() for q in list_saved()], ensure_ascii=False).encode()
            return Answer(body, "application/json")
        if path.startswith("/saved/"):
            values = {k: v[-1] for k, v in params.items() if k != "format"}
            return self.endpoint.saved(unquote(path[len("/saved/"):]), values, self._accept(params))
        if path == "/sparql":
            if "update" in params:
                raise QueryFailed(HTTPStatus.FORBIDDEN if not self.endpoint.allow_update else HTTPStatus.BAD_REQUEST,
                                  "updates must be sent with POST"
                                  + ("" if self.endpoint.allow_update else "; and this endpoint is read-only"))
            if "query" not in params:
                raise QueryFailed(HTTPStatus.BAD_REQUEST, "missing the query= parameter")
            return self._query(params["query"][-1], params)
        raise QueryFailed(HTTPStatus.NOT_FOUND, f"nothing at {path}; try / or /sparql")

    def _post(self, path: str, params: dict) -> Answer | None:
        if path != "/sparql":
            raise QueryFailed(HTTPStatus.NOT_FOUND, f"nothing to POST to at {path}; use /sparql")
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if media == "application/sparql-query":
            return self._query(body, params)
        if media == "application/sparql-update":
            self.endpoint.update(body)
            return None
        if media == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            merged = {**params, **form}
            if "update" in form:
                self.endpoint.update(form["update"][-1])
                return None
            if "query" in form:
                return self._query(form["query"][-1], merged)
            raise QueryFailed(HTTPStatus.BAD_REQUEST, "the form has neither query= nor update=")
        raise QueryFailed(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "POST a form (query= or update=), application/sparql-query or application/sparql-update",
        )

    def _accept(self, params: dict) -> str | None:
        if "format" in params:
            return FORMAT_NAMES.get(params["format"][-1], params["format"][-1])
        return self.headers.get("Accept")

    def _query(self, sparql: str, params: dict) -> Answer:
        request = Request(
            sparql,
            self._accept(params),
            self.endpoint.max_rows,
            tuple(params.get("default-graph-uri", ())),
            tuple(params.get("named-graph-uri", ())),
        )
        return self.endpoint.query(request)

    def _answer(self, respond) -> None:
        try:
            answer = respond()
        except QueryFailed as error:
            self._send(error.status, (str(error) + "\n").encode(), "text/plain; charset=utf-8")
            return
        except Exception as error:  # keep serving; say what went wrong
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"server error: {error}\n".encode(), "text/plain; charset=utf-8")
            return
        if answer is None:
            self._send(HTTPStatus.NO_CONTENT, b"", None)
            return
        extra = {"X-IJKG-Truncated": str(self.endpoint.max_rows)} if answer.truncated else {}
        self._send(HTTPStatus.OK, answer.body, answer.content_type, extra)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None, extra: dict | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Expose-Headers", "X-IJKG-Truncated")
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(endpoint: Endpoint, host: str = "127.0.0.1", port: int = 7878, verbose: bool = False):
    """An HTTP server (not yet serving) for this endpoint; port 0 picks a free one.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> folder = tempfile.mkdtemp(); open_store(folder).close()
    >>> server = make_server(Endpoint(folder, workers=1), port=0)
    >>> server.server_address[0]
    '127.0.0.1'
    >>> server.endpoint.close(); server.server_close()
    """
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.endpoint = endpoint
    server.verbose = verbose
    return server


def serve(location: str, host: str = "127.0.0.1", port: int = 7878, timeout: float = 10.0,
          max_rows: int = 10_000, allow_update: bool = False, on_ready=None) -> None:
    """Serve until interrupted (Ctrl-C). ``on_ready`` gets the server's URL."""
    endpoint = Endpoint(location, timeout=timeout, max_rows=max_rows, allow_update=allow_update)
    server = make_server(endpoint, host, port, verbose=True)
    if on_ready:
        on_ready(f"http://{server.server_address[0]}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        endpoint.close()
