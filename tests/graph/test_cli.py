"""Every `ijkg` command, driven as a user would, through typer's CliRunner."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app

ARTICLES = Path(__file__).parent.parent / "data" / "articles"
runner = CliRunner()


def ijkg(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def store(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(ARTICLES, folder)
    path = tmp_path / "kg"
    result = ijkg("build", folder, "--store", path)
    assert result.exit_code == 0, result.output
    assert "Built 3 new, 0 changed, 0 unchanged, 0 failed" in result.output
    return path


def test_build_prints_counts_and_says_when_nothing_changed(store, tmp_path):
    result = ijkg("build", tmp_path / "articles", "--store", store)
    assert "0 new, 0 changed, 3 unchanged" in result.output and "Nothing changed." in result.output
    assert "3 documents" in result.output


def test_store_from_environment(store, monkeypatch):
    monkeypatch.setenv("IJKG_STORE", str(store))
    result = ijkg("stats", "--format", "json")
    assert json.loads(result.output)["documents"] == 3


def test_query_formats(store):
    sparql = "SELECT DISTINCT ?label WHERE { ?e a ijkg:Company ; skos:prefLabel ?label } ORDER BY ?label"
    rows = list(csv.DictReader(io.StringIO(ijkg("query", sparql, "--store", store, "--format", "csv").output)))
    labels = [r["label"] for r in rows]
    assert {"Kobe Steel", "Hitachi", "Tata Consultancy Services"} <= set(labels)
    data = json.loads(ijkg("query", sparql, "--store", store, "--format", "json").output)
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == labels
    table = ijkg("query", sparql, "--store", store).output
    assert "Kobe Steel" in table and f"{len(labels)} rows" in table


def test_query_from_a_file_and_a_bad_query(store, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK { ?e skos:prefLabel \"Hitachi\" }", encoding="utf-8")
    assert '"boolean":true' in ijkg("query", path, "--store", store, "--format", "json").output.replace(" ", "")
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE {\n  ?s ?p \n", encoding="utf-8")
    result = ijkg("query", bad, "--store", store)
    assert result.exit_code == 1
    assert "bad.rq" in result.output and "error at 3:" in result.output


def test_export_entities_csv_columns_and_values(store):
    out = ijkg("export", "entities", "--store", store, "--format", "csv").output
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames[:6] == ["id", "label", "type", "country", "aliases", "documents"]
    rows = {r["label"]: r for r in reader}
    jica = rows["Japan International Cooperation Agency"]
    assert (jica["type"], jica["country"]) == ("GovernmentBody", "JP")
    assert "JICA" in jica["aliases"].split("|")
    assert rows["Narendra Modi"]["documents"] == "jica_metro.md|summit.html"
    assert rows["Kobe Steel"]["id"] == "https://w3id.org/ijkg/id/kobe-steel"


def test_export_relations_have_evidence_and_document(store, tmp_path):
    out_file = tmp_path / "relations.json"
    ijkg("export", "relations", "--store", store, "--format", "json", "-o", out_file)
    rows = json.loads(out_file.read_text(encoding="utf-8"))
    assert rows, "the articles state relations"
    for row in rows:
        assert row["predicate"].startswith("https://w3id.org/ijkg/ontology#")
        assert row["evidence"] and row["document"] in {"jica_metro.md", "kobe_orchid.txt", "summit.html"}
    header = ijkg("export", "relations", "--store", store).output.splitlines()[0]
    assert header.startswith(
        "subject,subject_label,predicate,object,object_label,date,amount,currency,share,status,document,evidence"
    )


@pytest.mark.parametrize("format,parser", [("trig", "trig"), ("nquads", "nquads"), ("turtle", "turtle"), ("jsonld", "json-ld")])
def test_export_graph_parses_back(store, tmp_path, format, parser):
    out = tmp_path / f"graph.{format}"
    assert ijkg("export", "graph", "--store", store, "--format", format, "-o", out).exit_code == 0
    data = rdflib.Dataset()
    data.parse(out, format=parser)
    labels = {str(q[2]) for q in data.quads((None, rdflib.SKOS.prefLabel, None, None))}
    assert "Kobe Steel" in labels
    if format in ("trig", "nquads"):
        graphs = {str(g.identifier) for g in data.graphs()} - {str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID)}
        assert "https://w3id.org/ijkg/doc/summit.html" in graphs


def test_validate_and_remove(store):
    assert "conforms" in ijkg("validate", "--store", store).output
    result = ijkg("remove", "summit.html", "--store", store)
    assert result.exit_code == 0 and "Removed summit.html" in result.output
    assert json.loads(ijkg("stats", "--store", store, "--format", "json").output)["documents"] == 2
    missing = ijkg("remove", "nope.txt", "--store", store)
    assert missing.exit_code == 1 and "nope.txt" in missing.output


def test_build_exit_status_is_non_zero_when_a_file_fails(tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    result = ijkg("build", tmp_path / "empty.md", "--store", tmp_path / "kg")
    assert result.exit_code == 1
    assert "empty.md" in result.output and "1 failed" in result.output


def test_reading_commands_on_a_missing_store(tmp_path):
    result = ijkg("stats", "--store", tmp_path / "none")
    assert result.exit_code == 1 and "run `ijkg build` first" in result.output


def test_eval_on_a_small_gold_file(tmp_path):
    gold = [{
        "doc": "kobe_orchid.txt",
        "meta": {},
        "entities": [
            {"name": "Kobe Steel", "type": "Company", "country": "JP", "aliases": []},
            {"name": "Mahindra & Mahindra", "type": "Company", "country": "IN", "aliases": ["Mahindra"]},
            {"name": "Pune", "type": "Place", "country": "IN", "aliases": []},
        ],
        "relations": [{"s": "Kobe Steel", "p": "partnerOf", "o": "Mahindra & Mahindra", "date": "2019"}],
    }]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    out_json = tmp_path / "score.json"
    result = ijkg("eval", path, "--corpus", ARTICLES, "--json", out_json)
    assert result.exit_code == 0, result.output
    figures = json.loads(out_json.read_text())
    assert "entities" in result.output.lower()
    assert figures  # the report's numbers are checked in tests/graph/test_scoring.py


def test_saved_questions_come_a_page_at_a_time(store):
    whole = ijkg("query", "saved", "documents", "--store", store, "--format", "csv", "--limit", "0").output
    documents = [r["document"] for r in csv.DictReader(io.StringIO(whole))]
    assert len(documents) == 3
    pages = [ijkg("query", "saved", "documents", "--store", store, "-f", "csv", "-n", "2", "--offset", str(offset)).output
             for offset in (0, 2)]
    assert [[r["document"] for r in csv.DictReader(io.StringIO(page))] for page in pages] == [documents[:2], documents[2:]]
    # A full page in a table says how to get the next one.
    table = ijkg("query", "saved", "documents", "--store", store, "--limit", "2")
    assert "the next page: --offset 2" in table.output
