"""A remote store on a real Oxigraph server that the tests start and stop."""

import csv
import io
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graph.remote import RemoteStore
from graph.store import StoreError, open_store
from graph.build import write_facts

OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server binary is not installed")
ROOT = Path(__file__).parents[2]

# Invented articles; the extraction finds these names on its own.
ARTICLES = {
    "harbour.txt": "Harbour news\n\nSumitomo Corporation and Tata Steel formed a joint venture in Chennai in 2019.\n",
    "rail.txt": "Rail news\n\nJICA will fund the Mumbai–Ahmedabad High-Speed Rail project.\n",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "oxdata"), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


def column(result, name):
    """One column of `ijkg query -f csv` output."""
    return [row[name] for row in csv.DictReader(io.StringIO(result.stdout))]


def ijkg(*args):
    return subprocess.run([sys.executable, "-m", "graph.cli", *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture()
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_build_query_rebuild_and_remove_on_a_remote_store(server, articles):
    first = ijkg("build", str(articles), "--store", server)
    assert first.returncode == 0, first.stderr
    assert "Built 2 new" in first.stdout

    listed = ijkg("query", "SELECT ?id WHERE { ?d a ijkg:Document ; dcterms:identifier ?id } ORDER BY ?id",
                  "--store", server, "-f", "csv")
    assert column(listed, "id") == ["harbour.txt", "rail.txt"]

    labels = ijkg("query", "SELECT DISTINCT ?l WHERE { ?e skos:prefLabel ?l }", "--store", server, "-f", "csv")
    assert {"Tata Steel", "Sumitomo Corporation"} <= set(column(labels, "l"))

    again = ijkg("build", str(articles), "--store", server)
    assert "0 new, 0 changed, 2 unchanged" in again.stdout

    removed = ijkg("remove", "rail.txt", "--store", server)
    assert removed.returncode == 0, removed.stderr
    assert list(RemoteStore(server).documents()) == ["harbour.txt"]


def test_saved_question_with_a_parameter_on_a_remote_store(server):
    from schema.rdf import facts_to_triples, to_ntriples
    from schema.models import Document, DocumentFacts, Entity

    doc = Document(id="m.md", source="/x/m.md", content_hash="0" * 64, text="")
    facts = DocumentFacts(document=doc, entities=[Entity(name="Kaveri Ports", type="Company", country="IN"),
                                                  Entity(name="Tokai Trading", type="Company", country="JP")])
    store = open_store(server)
    write_facts(store, [facts])
    result = ijkg("query", "saved", "entities_by_type_country", "--param", "country=JP", "--store", server, "-f", "csv")
    assert column(result, "entity") == ["Tokai Trading"]


def test_replace_document_swaps_the_whole_graph(server):
    store = RemoteStore(server)
    doc = "<https://w3id.org/ijkg/doc/a.txt>"
    store.replace_document("a.txt", f"{doc} a <https://w3id.org/ijkg/ontology#Document> . {doc} <http://purl.org/dc/terms/title> \"One\" .")
    store.replace_document("a.txt", f"{doc} a <https://w3id.org/ijkg/ontology#Document> .")
    assert list(store.query("SELECT ?t WHERE { ?d dcterms:title ?t }")) == []
    assert store.remove_document("a.txt") is True
    assert store.remove_document("a.txt") is False


def test_a_malformed_query_raises_syntax_error_counted_from_the_users_text(server):
    with pytest.raises(SyntaxError, match=r"1:1[0-9]"):
        RemoteStore(server).query("SELECT ?x { ?x ")


def test_an_unreachable_server_names_the_url_and_leaves_the_local_store_alone(tmp_path, articles):
    local = tmp_path / "local"
    assert ijkg("build", str(articles), "--store", str(local)).returncode == 0
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=f"{url}: SPARQL server unreachable"):
        RemoteStore(url)
    failed = ijkg("build", str(articles), "--store", url)
    assert failed.returncode == 1
    assert f"{url}: SPARQL server unreachable" in failed.stderr
    assert list(open_store(local, read_only=True).documents()) == ["harbour.txt", "rail.txt"]
