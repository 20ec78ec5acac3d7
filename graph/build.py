"""Build the graph: read documents, extract their facts, write one named graph each.

``build`` is what ``ijkg build`` and the notebooks call. Each document is read
and extracted on its own, in worker processes for large builds (they also
serialise the facts to N-Quads, so the writer only writes): a bad file is
reported in one line and the others go on; a document whose bytes and
extractor are unchanged is skipped.

New documents are written in batches of about :data:`_BATCH_QUADS` quads, each
batch one atomic bulk load; a changed document replaces its graph in one
transaction. Entity descriptions are kept in step by :mod:`graph.entities`.
A large build ends by compacting the store, whose bulk loads each added files
that every later read would look into.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import loaders
from loaders import LoadError, iter_documents, read_document
from schema.models import DocumentFacts
from schema.rdf import (
    ENTITIES_GRAPH,
    MAPPING_VERSION,
    PENDING_GRAPH,
    EntityReading,
    document_iri,
    fact_iris,
    facts_to_nquads,
    reading_of,
)
from graph.entities import DescriptionKeeper, count_mark, document_readings, pending_mark, settle
from graph.facts import ALL_FACTS, stored_facts
from graph.store import GraphStore, StoreError

__all__ = ["BuildReport", "build", "build_fingerprint", "remove_documents", "write_facts"]

# Below this many documents a process pool costs more than it saves.
_PARALLEL_MIN_DOCUMENTS = 64
# Documents per task sent to a worker, and tasks queued per worker.
_GROUP_SIZE = 4
_GROUPS_IN_FLIGHT_PER_WORKER = 4
# New documents are added in batches of about this many quads (one bulk load each).
_BATCH_QUADS = 50_000
# A build writing more documents marks all facts to be counted again with one
# mark, not each fact (about 24 per document; graph.facts).
_MARK_ALL_FACTS_ABOVE = 800
# A build that wrote more quads than this (about 1,700 documents), and at least a
# quarter of the store's documents, compacts the store (GraphStore.compact).
_COMPACT_ABOVE_QUADS = 1_000_000


@dataclass
class BuildReport:
    """What one build did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    triples: int = 0
    words: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> list[str]:
        return self.added + self.updated


def build_fingerprint(registry_paths: Iterable[str | Path] = ()) -> str:
    """A digest of the extractor's code, its reference data and the version of
    the mapping to RDF: when it changes, every document is extracted again."""
    package = Path(loaders.__file__).parent
    files = sorted(package.glob("extract/*.py")) + sorted(p for p in (package / "data").rglob("*") if p.is_file())
    files += [Path(p) for p in registry_paths]
    digest = hashlib.sha256(f"mapping {MAPPING_VERSION}".encode())
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class _Extracted:
    """One document, extracted and serialised by a worker: what the writer needs of it."""

    doc_id: str
    source: str = ""
    nquads: str = ""
    readings: list[EntityReading] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)  # schema.rdf.fact_iris
    entities: int = 0
    relations: int = 0
    triples: int = 0
    words: int = 0
    encoding: str = "utf-8"
    error: str | None = None

    @property
    def graph(self) -> str:
        return str(document_iri(self.doc_id))


def _prepared(facts: DocumentFacts, fingerprint: str | None) -> _Extracted:
    document = facts.document
    nquads, quads = facts_to_nquads(facts, build_fingerprint=fingerprint)
    return _Extracted(
        doc_id=document.id,
        source=document.source,
        nquads=nquads,
        readings=[reading_of(entity) for entity in facts.entities],
        facts=fact_iris(facts),
        entities=len(facts.entities),
        relations=len(facts.relations),
        triples=quads,
        words=len(document.text.split()),
        encoding=document.encoding,
    )


def _extract_one(path: Path, doc_id: str, fingerprint: str | None) -> _Extracted:
    """Read, extract and serialise one file; a failure comes back as one readable line."""
    from loaders.extract import extract

    try:
        return _prepared(extract(read_document(path, doc_id)), fingerprint)
    except LoadError as error:
        return _Extracted(doc_id, error=str(error))
    except Exception as error:  # an extractor bug must not stop the other documents
        return _Extracted(doc_id, error=f"{path}: extraction failed: {type(error).__name__}: {error}")


def _extract_group(group: list[tuple[Path, str]], fingerprint: str | None) -> list[_Extracted]:
    return [_extract_one(path, doc_id, fingerprint) for path, doc_id in group]


def _read_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    *,
    workers: int | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the documents under ``paths`` into ``store``.

    Parameters
    ----------
    paths : files and folders (searched recursively).
    store : an open, writable store.
    workers : processes for extraction; default: one per core for large builds.
    force : extract and write every document even when unchanged.
    progress : called with each document id once it is done.

    Examples
    --------
    >>> import tempfile
    >>> from graph.store import open_store
    >>> report = build([], open_store(tempfile.mkdtemp()))
    >>> report.ok, report.added
    (True, [])
    """
    started = time.perf_counter()
    report = BuildReport()
    fingerprint = build_fingerprint(_extra_registry_paths())
    known = store.documents()

    todo: list[tuple[Path, str]] = []
    for path, doc_id in iter_documents(paths):
        record = known.get(doc_id)
        if (
            not force
            and record is not None
            and record.build_fingerprint == fingerprint
            and record.content_hash == _read_hash(path)
        ):
            report.unchanged.append(doc_id)
            if progress:
                progress(doc_id)
            continue
        todo.append((path, doc_id))

    writer = _Writer(store, report, known, progress, mark_all_facts=len(todo) > _MARK_ALL_FACTS_ABOVE)
    for extracted in _extract_all(todo, workers, fingerprint):
        writer.write(extracted)
    writer.finish()
    report.seconds = time.perf_counter() - started
    return report


def write_facts(store: GraphStore, facts: Iterable[DocumentFacts], fingerprint: str | None = None) -> BuildReport:
    """Write documents' facts (new, or replacing the stored version) and merge entity descriptions.

    What :func:`build` does after extraction, for facts made some other way (tests, imports).
    """
    report = BuildReport()
    writer = _Writer(store, report, store.documents(), None)
    for item in facts:
        writer.write(_prepared(item, fingerprint))
    writer.finish()
    return report


def remove_documents(store: GraphStore, doc_ids: Iterable[str]) -> list[str]:
    """Drop documents' graphs and merge the descriptions of their entities again; returns the ids removed.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> remove_documents(open_store(tempfile.mkdtemp()), ["nowhere.txt"])
    []
    """
    known = store.documents()
    removed = []
    for doc_id in doc_ids:
        if doc_id not in known:
            continue
        graph = str(document_iri(doc_id))
        read = document_readings(store, graph)
        marks = "".join(pending_mark(iri, graph) + count_mark(iri, graph) for iri in read)
        marks += "".join(count_mark(iri, graph) for iri in stored_facts(store, graph))
        store.replace([graph], marks)
        removed.append(doc_id)
    settle(store)
    return removed


def mapping_version(store: GraphStore) -> int | None:
    """The version of the mapping to RDF that wrote the store (None: none recorded)."""
    rows = store.query(f"SELECT ?v WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ <{ENTITIES_GRAPH}> ijkg:mappingVersion ?v }} }}",
                       union=False)
    return max((int(row["v"].value) for row in rows), default=None)


def _upgrade(store: GraphStore, has_documents: bool) -> None:
    """Record the mapping's version in a store written by an earlier one (or by none).

    Its documents are extracted and written again anyway (the version is part of
    the build fingerprint), but the entities graph is only merged again where a
    reading changed; so every entity is marked to be merged again, in the same
    update that records the version, and the build's :func:`settle` does it.
    """
    if mapping_version(store) == MAPPING_VERSION:
        return
    graph = f"<{ENTITIES_GRAPH}>"
    marks = (f"INSERT {{ GRAPH <{PENDING_GRAPH}> {{ ?e ijkg:awaitsMerge {graph} }} }} "
             f"WHERE {{ GRAPH {graph} {{ ?e a ijkg:Entity }} }} ;\n") if has_documents else ""
    store.update(marks + f"DELETE WHERE {{ GRAPH {graph} {{ {graph} ijkg:mappingVersion ?v }} }} ;\n"
                 f"INSERT DATA {{ GRAPH {graph} {{ {graph} ijkg:mappingVersion {MAPPING_VERSION} }} }}")


class _Writer:
    """Writes extracted documents: new ones in bulk batches, changed ones one
    transaction each, entity descriptions kept in step (:mod:`graph.entities`)."""

    def __init__(self, store: GraphStore, report: BuildReport, known: Iterable[str], progress,
                 mark_all_facts: bool = False):
        self.store, self.report, self.progress = store, report, progress
        self.mark_all_facts = mark_all_facts
        self.known = set(known)  # documents in the store, so a second version replaces the first
        _upgrade(store, bool(self.known))
        self.keeper = DescriptionKeeper(store)
        self.batch: list[_Extracted] = []
        self.batch_parts: list[str] = []
        self.batch_quads = 0

    def write(self, item: _Extracted) -> None:
        if item.error:
            self.report.errors.append(item.error)
            self._done(item)
        elif item.doc_id in self.known or any(b.doc_id == item.doc_id for b in self.batch):
            self.flush()
            self._replace(item)
        else:
            extra = self._marked(item)
            self.batch.append(item)
            self.batch_parts += [item.nquads, extra]
            self.batch_quads += item.triples + extra.count("\n")
            if self.batch_quads >= _BATCH_QUADS:
                self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        batch, parts = self.batch, self.batch_parts
        self.batch, self.batch_parts, self.batch_quads = [], [], 0
        try:
            self.store.add("".join(parts))
        except StoreError:
            # Find the document at fault: each alone, descriptions recounted from the store.
            self.keeper = DescriptionKeeper(self.store)
            for item in batch:
                self._add_alone(item)
            return
        for item in batch:
            self._stored(item, replacing=False)

    def _add_alone(self, item: _Extracted) -> None:
        self._write_alone(item, replacing=False, write=lambda: self.store.add(item.nquads + self._marked(item)))

    def _marked(self, item: _Extracted) -> str:
        """What a new document's write adds: descriptions and marks of its entities, marks of its facts."""
        return self.keeper.quads_for(item.graph, item.readings) + self._fact_marks(item.graph, item.facts)

    def _fact_marks(self, document_iri: str, facts: Iterable[str]) -> str:
        """Marks of a document's facts, or in a large build one mark for all facts
        (the keeper writes it once, and again after a failed write)."""
        return self.keeper.count_marks(document_iri, [ALL_FACTS] if self.mark_all_facts else facts)

    def _replace(self, item: _Extracted) -> None:
        old = document_readings(self.store, item.graph)
        new = {reading.iri: reading for reading in item.readings}
        # An entity the document no longer names, or reads differently, may need a new
        # description; a reading the document had before changes nothing.
        marks = "".join(self.keeper.mark_line(iri, item.graph, reread=True)
                        for iri, reading in old.items() if new.get(iri) != reading)
        marks += self.keeper.count_marks(item.graph, old.keys() | new.keys())
        marks += self._fact_marks(item.graph, set(stored_facts(self.store, item.graph)) | set(item.facts))
        changed = [reading for reading in item.readings if old.get(reading.iri) != reading]
        self._write_alone(item, replacing=True, write=lambda: self.store.replace(
            [item.graph], item.nquads + self.keeper.quads_for(item.graph, changed) + marks))

    def _write_alone(self, item: _Extracted, replacing: bool, write: Callable[[], None]) -> None:
        """One document in its own atomic write. A failure is one error line, and the
        descriptions are read again from the store: ``quads_for`` had counted the
        document's new entities as described."""
        try:
            write()
        except StoreError as error:
            self.keeper = DescriptionKeeper(self.store)
            self.report.errors.append(f"{item.source}: not stored: {error}")
            self._done(item)
            return
        self._stored(item, replacing)

    def _stored(self, item: _Extracted, replacing: bool) -> None:
        self.known.add(item.doc_id)
        report = self.report
        (report.updated if replacing else report.added).append(item.doc_id)
        report.entities += item.entities
        report.relations += item.relations
        report.triples += item.triples
        report.words += item.words
        if item.encoding not in ("utf-8", "utf-8-sig"):
            report.notes.append(f"{item.source}: decoded as {item.encoding}")
        self._done(item)

    def _done(self, item: _Extracted) -> None:
        if self.progress:
            self.progress(item.doc_id)

    def finish(self) -> None:
        self.flush()
        settle(self.store, self.keeper.known_readings)
        if self.report.triples > _COMPACT_ABOVE_QUADS and 4 * len(self.report.written) >= len(self.known):
            self.store.compact()


def _extra_registry_paths() -> list[str]:
    return [p for p in os.environ.get("IJKG_REGISTRY", "").split(os.pathsep) if p]


def _extract_all(todo: list[tuple[Path, str]], workers: int | None, fingerprint: str | None):
    """Extracted documents in order; above a few dozen, from a pool of processes.

    Only a bounded number of groups is in flight, so a large build holds a few
    documents' N-Quads in memory, not the whole corpus's.
    """
    workers = workers or (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < _PARALLEL_MIN_DOCUMENTS:
        yield from (_extract_one(path, doc_id, fingerprint) for path, doc_id in todo)
        return
    groups = [todo[i:i + _GROUP_SIZE] for i in range(0, len(todo), _GROUP_SIZE)]
    pending: deque = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for group in groups:
                pending.append(pool.submit(_extract_group, group, fingerprint))
                if len(pending) >= workers * _GROUPS_IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
