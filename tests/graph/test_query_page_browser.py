"""The query page in a real browser: pick a saved question, run it, see rows."""

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph.server import Endpoint, make_server
from graph.store import open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path("/tmp/ijkg-query-page.png")

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium (/usr/bin/chromium) is not installed")


def partnership_facts() -> DocumentFacts:
    """One invented partnership, with a label holding markup that must stay text."""
    doc = Document(id="p.txt", source="/x/p.txt", content_hash="d" * 64, text="")
    entities = [Entity(name="Sakura <b>Heavy</b> Industries", type="Company", country="JP"),
                Entity(name="Ganga Motors", type="Company", country="IN")]
    provenance = Provenance(document="p.txt", sentence="Ganga Motors and Sakura set up a venture.", start=0, end=41,
                            extractor="hand")
    relation = Relation(subject="ganga-motors", predicate="partnerOf", object=entities[0].key, date="2019-03",
                        provenance=provenance)
    return DocumentFacts(document=doc, entities=entities, relations=[relation])


@pytest.fixture()
def base_url(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [partnership_facts()])
    store.close()
    server = make_server(Endpoint(str(tmp_path / "kg"), workers=1), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def test_pick_a_saved_question_run_it_and_see_the_rows(base_url):
    sync_api = pytest.importorskip("playwright.sync_api")
    console_errors, hosts = [], set()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
        page.on("pageerror", lambda e: console_errors.append(str(e)))
        page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
        page.goto(base_url + "/")
        page.wait_for_selector("#saved option[value=joint_ventures]", state="attached")
        page.select_option("#saved", "joint_ventures")
        assert "SELECT DISTINCT ?year ?indian_company" in page.input_value("#editor")
        page.fill("input[data-param=year]", "2019")
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        headers = page.locator("#results th").all_inner_texts()
        cells = page.locator("#results tbody tr").first.locator("td").all_inner_texts()
        row = dict(zip(headers, cells))
        assert (row["indian_company"], row["japanese_company"], row["date"]) == (
            "Ganga Motors", "Sakura <b>Heavy</b> Industries", "2019-03")
        assert page.locator("#results b").count() == 0  # markup in data stayed text
        assert page.inner_text("#status").startswith("1 row in")
        assert console_errors == [], console_errors

        # A broken query: the browser logs the 400 response, the page shows the parser's message.

        page.fill("#editor", "SELECT ?x WHERE {")
        page.click("#run")
        page.wait_for_selector("#error:not([hidden])")
        assert "syntax error" in page.inner_text("#error")
        page.select_option("#saved", "joint_ventures")
        page.click("#run")
        page.wait_for_selector("#results tbody tr")
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        browser.close()
    assert hosts == {"127.0.0.1"}
    assert [e for e in console_errors if "status of 400" not in e] == []
