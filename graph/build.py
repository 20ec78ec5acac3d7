"""Build the graph: read documents, extract their facts, write one named graph each.

``build`` is what ``ijkg build`` and the notebooks call. Each document is read,
extracted and written on its own: a bad file is reported in one line and the
others go on; a document whose bytes and extractor are unchanged is skipped.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import loaders
from loaders import LoadError, iter_documents, read_document
from schema.models import DocumentFacts
from schema.rdf import facts_to_triples, to_ntriples
from graph.store import GraphStore, StoreError

__all__ = ["BuildReport", "build", "build_fingerprint"]

# Below this many documents a process pool costs more than it saves.
_PARALLEL_MIN_DOCUMENTS = 64


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
    """A digest of the extractor's code and reference data: when it changes,
    every document is extracted again."""
    package = Path(loaders.__file__).parent
    files = sorted(package.glob("extract/*.py")) + sorted(p for p in (package / "data").rglob("*") if p.is_file())
    files += [Path(p) for p in registry_paths]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _extract_one(path: Path, doc_id: str) -> tuple[DocumentFacts | None, str | None]:
    """Read and extract one file; a failure comes back as one readable line."""
    from loaders.extract import extract

    try:
        document = read_document(path, doc_id)
        return extract(document), None
    except LoadError as error:
        return None, str(error)
    except Exception as error:  # an extractor bug must not stop the other documents
        return None, f"{path}: extraction failed: {type(error).__name__}: {error}"


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

    for (path, doc_id), (facts, error) in zip(todo, _extract_all(todo, workers)):
        if error is None:
            error = _write(store, facts, fingerprint, report, replacing=doc_id in known)
        if error:
            report.errors.append(error)
        if progress:
            progress(doc_id)
    report.seconds = time.perf_counter() - started
    return report


def _extra_registry_paths() -> list[str]:
    return [p for p in os.environ.get("IJKG_REGISTRY", "").split(os.pathsep) if p]


def _extract_all(todo: list[tuple[Path, str]], workers: int | None):
    workers = workers or (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < _PARALLEL_MIN_DOCUMENTS:
        return (_extract_one(path, doc_id) for path, doc_id in todo)
    pool = ProcessPoolExecutor(max_workers=workers)
    paths, ids = zip(*todo)
    # Results stream back in order while the main process writes: the store
    # has one writer, extraction uses every core.
    return _closing(pool, pool.map(_extract_one, paths, ids, chunksize=8))


def _closing(pool: ProcessPoolExecutor, results):
    try:
        yield from results
    finally:
        pool.shutdown(cancel_futures=True)


def _write(store: GraphStore, facts: DocumentFacts, fingerprint: str, report: BuildReport, replacing: bool):
    document = facts.document
    triples = facts_to_triples(facts, build_fingerprint=fingerprint)
    try:
        store.replace_document(document.id, to_ntriples(triples))
    except StoreError as error:
        return f"{document.source}: not stored: {error}"
    (report.updated if replacing else report.added).append(document.id)
    report.entities += len(facts.entities)
    report.relations += len(facts.relations)
    report.triples += len(triples)
    report.words += len(document.text.split())
    if document.encoding not in ("utf-8", "utf-8-sig"):
        report.notes.append(f"{document.source}: decoded as {document.encoding}")
    return None
