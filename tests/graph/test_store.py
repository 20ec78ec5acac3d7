"""The on-disk store: one transaction per document, clear errors, read-only readers."""

import subprocess
import sys

import pytest

from graph.store import LocalStore, StoreError, open_store
from schema.models import Document, DocumentFacts, Entity
from graph.build import write_facts


def facts(doc_id: str, *names: str) -> DocumentFacts:
    doc = Document(id=doc_id, source=f"/x/{doc_id}", content_hash="0" * 64, text="")
    return DocumentFacts(document=doc, entities=[Entity(name=n, type="Company") for n in names])


def write(store, doc_id, *names):
    write_facts(store, [facts(doc_id, *names)])


def labels(store, doc_id):
    query = f"SELECT ?l WHERE {{ GRAPH <https://w3id.org/ijkg/doc/{doc_id}> {{ ?e ijkg:readLabel ?l }} }}"
    return sorted(row["l"].value for row in store.query(query, union=False))


def test_replace_changes_only_that_documents_graph(tmp_path):
    store = open_store(tmp_path / "kg")
    write(store, "a.txt", "Kobe Steel", "Orchid Alloys")
    write(store, "b.txt", "Kobe Steel")
    write(store, "a.txt", "Daikin")
    assert labels(store, "a.txt") == ["Daikin"]
    assert labels(store, "b.txt") == ["Kobe Steel"]
    assert sorted(store.documents()) == ["a.txt", "b.txt"]


def test_a_failed_write_leaves_the_previous_graph_whole(tmp_path):
    store = open_store(tmp_path / "kg")
    write(store, "a.txt", "Kobe Steel")
    with pytest.raises(StoreError):
        store.replace_document("a.txt", "<https://w3id.org/ijkg/id/x> <broken")
    assert labels(store, "a.txt") == ["Kobe Steel"]


def test_remove_document(tmp_path):
    store = open_store(tmp_path / "kg")
    write(store, "a.txt", "Kobe Steel")
    assert store.remove_document("a.txt") is True
    assert store.remove_document("a.txt") is False
    assert store.documents() == {}


def test_compaction_keeps_every_quad_and_a_reader_may_not_compact(tmp_path):
    store = open_store(tmp_path / "kg")
    for n in range(5):
        write(store, f"{n}.txt", "Kobe Steel", f"Orchid Alloys {n}")
    before = sorted(str(q) for q in store.oxigraph)
    store.compact()
    assert sorted(str(q) for q in store.oxigraph) == before
    store.close()
    reader = open_store(tmp_path / "kg", read_only=True)
    with pytest.raises(StoreError, match="opened read-only"):
        reader.compact()


def test_reading_a_missing_store_says_to_build_first(tmp_path):
    with pytest.raises(StoreError, match="run `ijkg build` first"):
        open_store(tmp_path / "nothing", read_only=True)


def test_a_second_writer_gets_a_clear_message(tmp_path):
    path = tmp_path / "kg"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import pyoxigraph, time; s = pyoxigraph.Store({str(path)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="being written by another process"):
            LocalStore(path)
    finally:
        holder.kill()
        holder.wait()


def test_union_default_graph_sees_every_document(tmp_path):
    store = open_store(tmp_path / "kg")
    write(store, "a.txt", "Kobe Steel")
    write(store, "b.txt", "Orchid Alloys")
    rows = store.query("SELECT DISTINCT ?l WHERE { ?e skos:prefLabel ?l } ORDER BY ?l")
    assert [r["l"].value for r in rows] == ["Kobe Steel", "Orchid Alloys"]


def test_rdflib_sees_the_same_graph(tmp_path):
    store = open_store(tmp_path / "kg")
    write(store, "a.txt", "Kobe Steel")
    write(store, "b.txt", "Orchid Alloys")
    dataset = store.rdflib_dataset()
    rows = dataset.query("SELECT DISTINCT ?l WHERE { ?e a ijkg:Company ; skos:prefLabel ?l } ORDER BY ?l")
    assert [str(r.l) for r in rows] == ["Kobe Steel", "Orchid Alloys"]


def test_an_add_with_a_broken_line_writes_none_of_its_quads(tmp_path):
    store = open_store(tmp_path / "kg")
    good = '<urn:a> <urn:p> "1" <urn:g1> .\n<urn:b> <urn:p> "2" <urn:g2> .\n'
    with pytest.raises(StoreError, match="write failed"):
        store.add(good + "<urn:c> <urn:p> <broken\n")
    assert store.count_quads() == 0
    store.add(good)
    assert store.count_quads() == 2


def test_an_add_larger_than_one_bulk_load_batch_is_refused(tmp_path, monkeypatch):
    import graph.store

    monkeypatch.setattr(graph.store, "MAX_ADD_QUADS", 2)
    store = open_store(tmp_path / "kg")
    with pytest.raises(StoreError, match="at most 2 quads"):
        store.add("".join(f'<urn:a> <urn:p> "{n}" <urn:g> .\n' for n in range(3)))
    assert store.count_quads() == 0


def test_replace_swaps_graphs_and_adds_in_one_update(tmp_path):
    store = open_store(tmp_path / "kg")
    store.add('<urn:a> <urn:p> "old" <urn:g1> .\n<urn:b> <urn:p> "kept" <urn:g2> .\n')
    store.replace(["urn:g1"], '<urn:a> <urn:p> "new" <urn:g1> .\n<urn:c> <urn:p> "more" <urn:g3> .\n')
    rows = store.query("SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", union=False)
    assert [(r["g"].value, r["o"].value) for r in rows] == [("urn:g1", "new"), ("urn:g2", "kept"), ("urn:g3", "more")]
