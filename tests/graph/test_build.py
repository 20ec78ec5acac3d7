"""Building: skip what is unchanged, replace what changed, report bad files and go on,
and survive a build killed mid-way."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build
from graph.export import entity_rows
from graph.store import open_store
from graph.validate import validate

ARTICLES = Path(__file__).parent.parent / "data" / "articles"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    return folder


def quads(store, doc_id=None):
    graph = None if doc_id is None else ox.NamedNode(f"https://w3id.org/ijkg/doc/{doc_id}")
    return {str(q) for q in store.oxigraph.quads_for_pattern(None, None, None, graph)}


def test_build_then_rebuild_changes_nothing(corpus, tmp_path):
    store = open_store(tmp_path / "kg")
    first = build([corpus], store)
    assert first.ok and sorted(first.added) == ["jica_metro.md", "kobe_orchid.txt", "summit.html"]
    before = quads(store)
    again = build([corpus], store)
    assert again.written == [] and sorted(again.unchanged) == sorted(first.added)
    assert quads(store) == before


def test_a_changed_document_replaces_exactly_its_own_graph(corpus, tmp_path):
    store = open_store(tmp_path / "kg")
    build([corpus], store)
    untouched = {d: quads(store, d) for d in ("jica_metro.md", "summit.html")}
    (corpus / "kobe_orchid.txt").write_text("Daikin opened a plant in Rajasthan in 2012.\n", encoding="utf-8")
    report = build([corpus], store)
    assert report.updated == ["kobe_orchid.txt"]
    labels = {row["label"]: row for row in entity_rows(store)}
    assert "Daikin" in " ".join(labels) and "Kobe Steel" not in labels
    assert {d: quads(store, d) for d in untouched} == untouched


class CountingStore:
    """A real store that counts its compactions."""

    def __init__(self, store):
        self._store, self.compactions = store, 0

    def compact(self) -> None:
        self.compactions += 1
        self._store.compact()

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_large_build_compacts_the_store_and_a_small_change_does_not(corpus, tmp_path, monkeypatch):
    import graph.build

    # The three small articles stand in for a large build: any number of quads is "many".
    monkeypatch.setattr(graph.build, "_COMPACT_ABOVE_QUADS", 0)
    store = CountingStore(open_store(tmp_path / "kg"))
    build([corpus], store)
    assert store.compactions == 1
    before = {doc: quads(store, doc) for doc in ("jica_metro.md", "summit.html")}
    # One changed article of three is more than a quarter of the store: compacted
    # again, and compaction changes no quad.
    (corpus / "kobe_orchid.txt").write_text("Daikin opened a plant in Rajasthan in 2012.\n", encoding="utf-8")
    build([corpus], store)
    assert store.compactions == 2
    assert {doc: quads(store, doc) for doc in before} == before
    for n in range(10):
        (corpus / f"note{n}.txt").write_text(f"Note {n}: Daikin opened a plant in Rajasthan.\n", encoding="utf-8")
    build([corpus], store)
    assert store.compactions == 3
    # One changed article of thirteen is under a quarter of the store: not compacted.
    (corpus / "note0.txt").write_text("Note 0: Daikin opened a second plant in Rajasthan.\n", encoding="utf-8")
    assert build([corpus], store).updated == ["note0.txt"]
    assert store.compactions == 3
    # Nor is a build of the whole store that wrote fewer quads than the threshold.
    monkeypatch.setattr(graph.build, "_COMPACT_ABOVE_QUADS", 10**9)
    assert len(build([corpus], store, force=True).written) == 13
    assert store.compactions == 3


def test_documents_of_one_entity_are_merged(corpus, tmp_path):
    store = open_store(tmp_path / "kg")
    build([corpus], store)
    rows = {row["label"]: row for row in entity_rows(store)}
    modi = rows["Narendra Modi"]
    assert modi["type"] == "Person" and modi["country"] == "IN"
    assert modi["documents"] == ["jica_metro.md", "summit.html"]
    # the HTML loader keeps scripts, navigation and footers out
    assert not {"Toyota Tsusho", "Sony Group", "Panasonic"} & set(rows)


def test_bad_files_are_reported_and_the_rest_is_built(corpus, tmp_path, monkeypatch):
    (corpus / "empty.txt").write_text("  \n", encoding="utf-8")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus / "only-script.html").write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    (corpus / "big.txt").write_text("Kobe Steel grew. " * 200, encoding="utf-8")
    monkeypatch.setenv("IJKG_MAX_BYTES", "2000")
    store = open_store(tmp_path / "kg")
    report = build([corpus, tmp_path / "missing.txt"], store)
    assert sorted(report.added) == ["jica_metro.md", "kobe_orchid.txt", "summit.html"]
    failed = {Path(e.split(": ")[0]).name: e for e in report.errors}
    assert set(failed) == {"empty.txt", "blob.txt", "notes.docx", "only-script.html", "big.txt", "missing.txt"}
    assert all("\n" not in e for e in report.errors)
    assert validate(store).conforms


def test_cp1252_file_is_decoded_and_noted(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Hitachi said \u201cthe Pune plant\u201d will cost \u20ac5 million.\n".encode("cp1252"))
    store = open_store(tmp_path / "kg")
    report = build([path], store)
    assert report.ok and report.notes == [f"{path}: decoded as cp1252"]
    evidence = [r["l"].value for r in store.query("SELECT ?l WHERE { ?e skos:prefLabel ?l }")]
    assert "Hitachi" in evidence


def _wal_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.log")) if folder.exists() else 0


def test_a_killed_build_leaves_whole_documents_and_resumes(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"a{i:02d}.txt").write_text(
            f"Note {i}\n\nKobe Steel and Mahindra & Mahindra signed an MoU in Pune on March {i % 27 + 1}, 2024. "
            f"Hitachi will invest ₹{i + 10} crore in Gujarat.\n",
            encoding="utf-8",
        )
    path = tmp_path / "kg"
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "build", str(folder), "--store", str(path), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=Path(__file__).parents[2],
    )
    deadline = time.time() + 120
    start_size = None
    while time.time() < deadline and process.poll() is None:
        size = _wal_bytes(path)
        start_size = size if start_size is None else start_size
        if size > start_size + 20_000:  # several documents written
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()

    store = open_store(path)
    partial = store.documents()
    assert validate(store).conforms
    # each stored document is whole: exactly what a clean build writes for it
    clean = open_store(tmp_path / "clean")
    build([folder / doc_id for doc_id in partial], clean)
    for doc_id in partial:
        assert quads(store, doc_id) == quads(clean, doc_id)
    report = build([folder], store)
    print(f"killed after {len(partial)} of 40 documents")
    assert report.ok and len(store.documents()) == 40
    assert sorted(report.unchanged) == sorted(partial)
