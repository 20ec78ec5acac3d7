"""The SPARQL endpoint over real HTTP on a free loopback port."""

import csv
import re
import io
import json
import threading
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pyoxigraph as ox
import pytest

from graph.server import Endpoint, make_server
from graph.store import open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

# Two companies and one partnership, invented for the test.
def harbour_facts() -> DocumentFacts:
    doc = Document(id="port.txt", source="/x/port.txt", content_hash="c" * 64, text="")
    entities = [Entity(name="Sakura Heavy Industries", type="Company", country="JP"),
                Entity(name="Ganga Motors", type="Company", country="IN")]
    provenance = Provenance(document="port.txt", sentence="Ganga Motors teamed up with Sakura.", start=0, end=35,
                            extractor="hand")
    relations = [Relation(subject="ganga-motors", predicate="partnerOf", object="sakura-heavy-industries",
                          date="2019-03", provenance=provenance)]
    return DocumentFacts(document=doc, entities=entities, relations=relations)


LABELS = "SELECT ?label WHERE { ?e skos:prefLabel ?label } ORDER BY ?label"
# Cross product of every triple with itself three times: far beyond any time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def start(location, **options):
    endpoint = Endpoint(str(location), workers=1, **options)
    server = make_server(endpoint, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def stop(server):
    server.shutdown()
    server.server_close()
    server.endpoint.close()


@pytest.fixture(scope="module")
def location(tmp_path_factory):
    path = tmp_path_factory.mktemp("served") / "kg"
    store = open_store(path)
    facts = harbour_facts()
    write_facts(store, [facts])
    store.close()
    return path


@pytest.fixture(scope="module")
def url(location):
    server, base = start(location, timeout=3, max_rows=1)
    yield base
    stop(server)


def fetch(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def get(base, query, accept=None):
    return fetch(f"{base}/sparql?query={quote(query)}", headers={"Accept": accept} if accept else {})


def test_get_answers_sparql_json_by_default_with_every_document_graph_as_default(url):
    status, headers, body = get(url, "SELECT ?label WHERE { ?e skos:prefLabel ?label FILTER(?label = 'Ganga Motors') }")
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"] == [{"label": {"type": "literal", "value": "Ganga Motors"}}]


@pytest.mark.parametrize("accept, first_line", [
    ("application/sparql-results+xml", b'<?xml version="1.0"?><sparql'),
    ("text/csv", b"date\r\n"),
    ("text/tab-separated-values", b"?date\n"),
])
def test_select_results_by_content_negotiation(url, accept, first_line):
    status, headers, body = get(url, "SELECT ?date WHERE { ?r ijkg:date ?date }", accept)
    assert status == 200 and headers["Content-Type"] == accept
    assert body.startswith(first_line)
    assert b"2019-03" in body


@pytest.mark.parametrize("accept, check", [
    (None, lambda body: b"ijkg:partnerOf" in body),  # Turtle, with the project's prefixes
    ("application/ld+json", lambda body: json.loads(body)[0]["@id"] == "https://w3id.org/ijkg/id/ganga-motors"),
    ("application/n-triples", lambda body: body.startswith(b"<https://w3id.org/ijkg/id/ganga-motors> <https://w3id.org/ijkg/ontology#partnerOf>")),
])
def test_construct_as_turtle_jsonld_or_ntriples(url, accept, check):
    status, headers, body = get(url, "CONSTRUCT { ?a ijkg:partnerOf ?b } WHERE { ?a ijkg:partnerOf ?b }", accept)
    assert status == 200
    assert headers["Content-Type"] == (accept or "text/turtle")
    assert check(body)


def test_post_form_and_post_sparql_query(url):
    query = "ASK { ?a ijkg:partnerOf ?b }"
    form = fetch(f"{url}/sparql", urlencode({"query": query}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})
    direct = fetch(f"{url}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
    for status, _, body in (form, direct):
        assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("data, content_type", [
    (urlencode({"update": "DROP ALL"}).encode(), "application/x-www-form-urlencoded"),
    (b"DROP ALL", "application/sparql-update"),
])
def test_updates_are_refused_and_change_nothing(url, data, content_type):
    status, _, body = fetch(f"{url}/sparql", data, {"Content-Type": content_type})
    assert status == 403
    assert b"read-only" in body
    assert get(url, "ASK { ?a ijkg:partnerOf ?b }")[2] == b'{"head":{},"boolean":true}'


def test_a_malformed_query_is_400_with_line_and_column(url):
    status, _, body = get(url, "SELECT ?x WHERE {\n  ?x ?y\n}")
    assert status == 400
    # The parser's own message: the error is on line 3 (the closing brace), with a column.
    assert re.search(rb"error at 3:\d+: expected", body)


def test_row_cap_truncates_and_says_so_in_a_header(url):
    status, headers, body = get(url, LABELS)
    assert status == 200
    assert headers["X-IJKG-Truncated"] == "1"
    assert [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Ganga Motors"]


def test_a_runaway_query_is_stopped_and_the_server_answers_the_next_one(url):
    status, _, body = get(url, RUNAWAY)
    assert status == 503
    assert b"3 s time limit" in body
    status, _, body = get(url, "ASK { ?a ijkg:partnerOf ?b }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_saved_questions_are_listed_and_run_with_typed_parameters(url):
    status, _, body = fetch(f"{url}/saved")
    saved = {q["name"]: q for q in json.loads(body)}
    assert saved["joint_ventures"]["params"][0]["name"] == "year"
    status, _, body = fetch(f"{url}/saved/joint_ventures?year=2019&format=csv")
    assert status == 200
    assert list(csv.DictReader(io.StringIO(body.decode())))[0]["indian_company"] == "Ganga Motors"
    status, _, body = fetch(f"{url}/saved/joint_ventures?yr=2019")
    assert status == 400 and b"declared: year" in body


def test_saved_questions_come_a_page_at_a_time(location):
    server, url = start(location)  # the module's server cuts every answer to one row

    def companies(query):
        status, _, body = fetch(f"{url}/saved/entities_by_type_country?type=Company&format=csv{query}")
        assert status == 200
        return [row["entity"] for row in csv.DictReader(io.StringIO(body.decode()))]

    try:
        both = companies("")
        assert sorted(both) == ["Ganga Motors", "Sakura Heavy Industries"]
        assert companies("&limit=1") + companies("&limit=1&offset=1") == both
        assert companies("&limit=0") == both
        status, _, body = fetch(f"{url}/saved/entities_by_type_country?limit=ten")
        assert status == 400 and b"limit='ten'" in body
    finally:
        stop(server)


def test_the_query_page_and_its_assets_are_served(url):
    status, headers, page = fetch(f"{url}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'src="/static/query.js"' in page and b"http" not in page.split(b"<body>")[0].replace(b"http-equiv", b"")
    assert fetch(f"{url}/static/query.js")[0] == 200
    assert fetch(f"{url}/static/../server.py")[0] == 404


def test_updates_run_when_allowed(tmp_path):
    path = tmp_path / "kg"
    store = open_store(path)
    write_facts(store, [harbour_facts()])
    store.close()
    server, base = start(path, allow_update=True)
    try:
        update = "DELETE WHERE { GRAPH ?g { ?a ijkg:partnerOf ?b } }"
        status, _, _ = fetch(f"{base}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})
        assert status == 204
        assert json.loads(get(base, "ASK { ?a ijkg:partnerOf ?b }")[2])["boolean"] is False
    finally:
        stop(server)


def test_execute_serialises_triples_terms_and_languages():
    from graph.server import execute

    results = ox.Store().query('SELECT ?l ?i WHERE { VALUES (?l ?i) { ("Tokyo"@en <http://x/t>) } }')
    binding = json.loads(execute(results, None, 10).body)["results"]["bindings"][0]
    assert binding == {"l": {"type": "literal", "value": "Tokyo", "xml:lang": "en"},
                       "i": {"type": "uri", "value": "http://x/t"}}
