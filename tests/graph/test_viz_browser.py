"""The network page used as a person would: in Debian's chromium, offline.

Skipped when ``/usr/bin/chromium`` (apt package ``chromium``) is missing; the
browser is never downloaded. The sample-corpus tests also need
``/work/shared/corpus``; they only use entities its articles clearly name
(Japan, India, Vigyan Bhavan where the 3rd steel dialogue was held).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.network import find_entity, to_networkx
from graph.store import open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

CHROMIUM = Path("/usr/bin/chromium")
CORPUS = Path("/work/shared/corpus")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL = "Evil<img src=x onerror=alert(1)> Corporation"

if not CHROMIUM.exists():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page opened from a file, with what it logged, requested and popped up."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors, self.requests, self.dialogs = [], [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.evaluate("layoutSettled")

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def hover_node(self, node_id: str) -> str:
        """Move the mouse onto a node and return the tooltip's text."""
        box = self.page.locator("#network").bounding_box()
        point = self.js("id => network.canvasToDOM(network.getPosition(id))", node_id)
        self.page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        tooltip = self.page.locator("div.vis-tooltip")
        tooltip.wait_for(state="visible")
        return tooltip.inner_text()


def build(paths, store: Path):
    result = CliRunner().invoke(app, ["build", *map(str, paths), "--store", str(store)])
    assert result.exit_code == 0, result.output


def write_page(store: Path, out: Path):
    result = CliRunner().invoke(app, ["viz", "--store", str(store), "-o", str(out)])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- the sample corpus


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip(f"sample corpus {CORPUS} is absent")
    folder = tmp_path_factory.mktemp("corpus")
    build([CORPUS], folder / "kg")
    write_page(folder / "kg", folder / "network.html")
    kg = open_store(folder / "kg", read_only=True)
    G = to_networkx(kg)
    kg.close()
    return folder / "network.html", G


@pytest.fixture()
def corpus_visit(browser, corpus_page):
    visit = Visit(browser, corpus_page[0])
    yield visit
    visit.page.close()


def test_corpus_page_loads_offline_without_errors(corpus_visit, corpus_page):
    path, G = corpus_page

    assert corpus_visit.errors == []
    assert corpus_visit.requests == [path.as_uri()]
    corpus_visit.page.screenshot(path="/tmp/ijkg-network.png")


def test_corpus_page_shows_every_entity_and_statement(corpus_visit, corpus_page):
    _, G = corpus_page
    distinct_links = {(u, v, d["relation"]) for u, v, d in G.edges(data=True)}

    assert corpus_visit.js("network.body.data.nodes.length") == G.number_of_nodes()
    assert corpus_visit.js("edges.length") == len(distinct_links)
    assert corpus_visit.js("edges.get().reduce((n, e) => n + e.statements, 0)") == G.number_of_edges()
    assert corpus_visit.js("Object.keys(network.getPositions()).length") == G.number_of_nodes()


def test_searching_focuses_and_selects_the_entity(corpus_visit, corpus_page):
    _, G = corpus_page
    expected = find_entity(G, "Vigyan Bhavan")

    corpus_visit.page.fill("#search", "vigyan")
    corpus_visit.page.press("#search", "Enter")

    assert corpus_visit.js("network.getSelectedNodes()") == [expected]
    assert corpus_visit.page.inner_text("#search-status") == "Found Vigyan Bhavan (Place)."


def test_type_filter_hides_those_entities_and_their_links(corpus_visit, corpus_page):
    _, G = corpus_page
    countries = {n for n, d in G.nodes(data=True) if d["type"] == "Country"}
    links_kept = {(u, v, d["relation"]) for u, v, d in G.edges(data=True) if u not in countries and v not in countries}
    visible = "[nodes.get({filter: n => !n.hidden}).length, edges.get({filter: e => !e.hidden}).length]"

    corpus_visit.page.uncheck('input[data-filter="type"][value="Country"]')

    assert corpus_visit.js(visible) == [G.number_of_nodes() - len(countries), len(links_kept)]
    assert corpus_visit.js("id => nodes.get(id).hidden", find_entity(G, "Japan")) is True
    assert "showing" in corpus_visit.page.inner_text("#counts")

    corpus_visit.page.check('input[data-filter="type"][value="Country"]')

    assert corpus_visit.js(visible) == [G.number_of_nodes(), len({(u, v, d["relation"]) for u, v, d in G.edges(data=True)})]


# ---------------------------------------------------------------- a hostile article


ARTICLE = (
    f"{EVIL} opens a plant in Pune\n\n"
    f"TOKYO, March 3, 2024 - {EVIL}, a maker of sensors, said it will invest $50 million "
    "in a new factory in Pune, Maharashtra.\n"
)


def hand_made_facts() -> DocumentFacts:
    """The same company as typed facts, in case extraction leaves the odd name out."""
    sentence = f"{EVIL} will invest $50 million in Pune."
    return DocumentFacts(
        document=Document(id="hand.txt", source="hand.txt", content_hash="2" * 64, text=sentence),
        entities=[Entity(name=EVIL, type="Company", country="JP"), Entity(name="Pune", type="Place", country="IN")],
        relations=[Relation(
            subject=Entity(name=EVIL, type="Company").key, predicate="investsIn", object="pune",
            amount=50_000_000, currency="USD",
            provenance=Provenance(document="hand.txt", sentence=sentence, start=0, end=len(sentence), extractor="test"),
        )],
    )


@pytest.fixture(scope="module")
def evil_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    (folder / "articles").mkdir()
    (folder / "articles" / "evil.txt").write_text(ARTICLE, encoding="utf-8")
    build([folder / "articles"], folder / "kg")
    kg = open_store(folder / "kg")
    facts = hand_made_facts()
    write_facts(kg, [facts])
    G = to_networkx(kg)
    kg.close()
    write_page(folder / "kg", folder / "evil.html")
    return folder, G


def test_markup_in_names_and_sentences_never_runs(browser, evil_page):
    folder, G = evil_page
    visit = Visit(browser, folder / "evil.html")
    evil = find_entity(G, EVIL)

    tooltip = visit.hover_node(evil)
    visit.page.fill("#search", "evil<img")
    visit.page.press("#search", "Enter")
    visit.page.wait_for_timeout(300)  # time for an onerror handler to fire, were there one
    visit.page.screenshot(path=str(folder / "evil.png"))

    assert visit.dialogs == [] and visit.errors == []
    assert visit.js("document.querySelectorAll('img').length") == 0
    assert tooltip.splitlines()[0] == EVIL
    assert visit.js("network.getSelectedNodes()") == [evil]
    edge_titles = visit.js("edges.get().map(e => e.title)")
    assert any(f"“{EVIL} will invest $50 million in Pune.”" in title for title in edge_titles)
    visit.page.close()
