"""Tests for graph.viz and ``ijkg viz``: what the page holds, read from its HTML.

The names, sentences and documents are invented for the tests; some carry HTML
and script on purpose, to show that text from documents is never markup.
"""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.store import open_store
from graph.viz import TYPE_STYLES, default_view, page_html, select_view, to_pyvis, write_page
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

ID = "https://w3id.org/ijkg/id/"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"


def page_data(html: str) -> dict:
    """The nodes, edges and options the page hands to vis-network."""
    return json.loads(re.search(r"^var DATA = (.*);$", html, re.M).group(1))


def evil_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("e", label=f"Evil{IMG} Corporation", type="Company", country="JP",
               aliases=[f"Evil{SCRIPT}"], documents=[f"{IMG}.txt"])
    G.add_node("v", label="Victim & <b>Sons</b>", type="Company", country=f"<i>{IMG}", aliases=[], documents=[])
    G.add_edge("e", "v", relation=f"owns{IMG}", evidence=f"Evil{IMG} Corporation bought {SCRIPT} Victim.",
               document=f"{SCRIPT}.txt", date="2024", status="stated")
    return G


# ---------------------------------------------------------------- escaping


def test_no_text_from_documents_becomes_markup():
    html = page_html(evil_graph(), title=f"My {IMG} graph", subtitle=SCRIPT, notice=IMG)

    assert "<img" not in html
    assert "<script>alert" not in html and "<b>Sons" not in html and "<i><" not in html
    assert html.count("</script>") == 2  # the inlined vis-network and the page's own script
    assert "My &lt;img src=x onerror=alert(1)&gt; graph" in html  # title escaped by Jinja


def test_tooltips_hold_the_text_literally_as_plain_strings():
    data = page_data(page_html(evil_graph()))

    evil = next(n for n in data["nodes"] if n["id"] == "e")
    assert evil["label"] == f"Evil{IMG} Corporation"
    assert evil["title"].splitlines()[0] == f"Evil{IMG} Corporation"
    assert f"Documents (1): {IMG}.txt" in evil["title"]
    assert f"Also written: Evil{SCRIPT}" in evil["title"]
    (edge,) = data["edges"]
    assert edge["title"].splitlines() == [
        f"Evil{IMG} Corporation → owns{IMG} → Victim & <b>Sons</b>",
        "• 2024 · stated",
        f"  “Evil{IMG} Corporation bought {SCRIPT} Victim.”",
        f"  — {SCRIPT}.txt",
    ]


def test_the_page_loads_nothing_from_the_network():
    html = page_html(evil_graph())

    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "<link" not in html and not re.search(r"<script[^>]+src", html)
    assert "@import" not in html
    assert "var network = new vis.Network" in html  # the global tests and scripts use


# ---------------------------------------------------------------- what is drawn


def test_links_group_statements_per_relation_and_show_planned_as_dashed():
    G = nx.MultiDiGraph()
    G.add_node("a", label="Alpha Works", type="Company", country="IN")
    G.add_node("b", label="Beta Agency", type="GovernmentBody", country="JP")
    G.add_node("c", label="Gamma Port", type="Project", country=None)
    G.add_edge("b", "c", relation="funds", status="planned", evidence="Beta will fund Gamma.", document="x.txt")
    G.add_edge("b", "c", relation="funds", status="planned", evidence="Beta may fund Gamma.", document="y.txt")
    G.add_edge("a", "c", relation="involvedIn", status="stated", evidence="Alpha builds Gamma.")
    G.add_edge("a", "c", relation="involvedIn", status="planned", evidence="Alpha will expand Gamma.")
    G.add_edge("a", "b", relation="partnerOf", evidence="Alpha and Beta are partners.")
    G.add_edge("b", "a", relation="funds", evidence="Beta funds Alpha.")

    net = to_pyvis(G)
    edges = {(e["from"], e["to"], e["relation"]): e for e in net.edges}
    nodes = {n["id"]: n for n in net.nodes}

    assert len(net.edges) == 4  # six statements, four distinct (source, relation, target)
    assert edges[("b", "c", "funds")]["statements"] == 2 and edges[("b", "c", "funds")]["dashes"] is True
    assert edges[("a", "c", "involvedIn")]["dashes"] is False  # one of the two is stated
    assert "Beta may fund Gamma." in edges[("b", "c", "funds")]["title"]
    # the second link between a and b bends so it does not hide the first
    assert edges[("a", "b", "partnerOf")]["smooth"] == {"enabled": False}
    assert edges[("b", "a", "funds")]["smooth"]["enabled"] is True
    assert {n: nodes[n]["value"] for n in nodes} == {"a": 2, "b": 2, "c": 2}
    assert (nodes["b"]["color"], nodes["b"]["shape"]) == TYPE_STYLES["GovernmentBody"][:2]
    assert nodes["c"]["country"] == ""


def star(n: int) -> nx.MultiDiGraph:
    """hub linked to n-1 leaves; leaf i also linked to leaf i+1 for i < 4."""
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"n{i}", label=f"Node {i}", type="Company", country="IN")
    for i in range(1, n):
        G.add_edge("n0", f"n{i}", relation="partnerOf")
    for i in range(1, 4):
        G.add_edge(f"n{i}", f"n{i + 1}", relation="supplies")
    return G


def test_large_graphs_default_to_the_best_connected_and_say_so(tmp_path):
    G = star(30)

    summary = write_page(G, tmp_path / "big.html", limit=20, top=4)
    html = (tmp_path / "big.html").read_text(encoding="utf-8")

    # distinct neighbours: n0 29, n2 3, n3 3, n1 2 and n4 2 (n1 wins the tie by label), others 1
    assert sorted(n["id"] for n in page_data(html)["nodes"]) == ["n0", "n1", "n2", "n3"]
    assert (summary.nodes, summary.total_nodes, summary.trimmed) == (4, 30, True)
    assert 'id="notice"' in html and "This graph has 30 entities" in html and "best-connected" in html
    assert sorted(default_view(G, limit=30)) == sorted(G)  # at the limit: everything


def test_small_graphs_are_drawn_whole_without_a_notice(tmp_path):
    summary = write_page(star(10), tmp_path / "small.html")

    assert (summary.nodes, summary.edges, summary.trimmed) == (10, 12, False)
    assert 'id="notice"' not in (tmp_path / "small.html").read_text(encoding="utf-8")


def test_select_view_filters_then_focuses():
    G = star(6)  # n0 hub; n1-n2, n2-n3, n3-n4 supplies

    assert sorted(select_view(G, focus="Node 2", relations={"supplies"})) == ["n1", "n2", "n3"]
    assert sorted(select_view(G, focus="node 1", depth=2, relations={"supplies"})) == ["n1", "n2", "n3"]
    with pytest.raises(LookupError, match="excluded by the filters"):
        select_view(G, focus="Node 5", relations={"supplies"})


# ---------------------------------------------------------------- ijkg viz


def relation(subject, predicate, obj, doc, sentence, **qualifiers):
    return Relation(subject=subject, predicate=predicate, object=obj, **qualifiers,
                    provenance=Provenance(document=doc, sentence=sentence, start=0, end=len(sentence), extractor="test"))


@pytest.fixture()
def store_dir(tmp_path):
    text = "Tamarind Rail and Sakura Signals formed a venture in 2019. Sakura Signals will fund Tamarind Rail in 2025."
    facts = DocumentFacts(
        document=Document(id="rail.txt", source="rail.txt", content_hash="1" * 64, text=text),
        entities=[
            Entity(name="Tamarind Rail", type="Company", country="IN"),
            Entity(name="Sakura Signals", type="Company", country="JP"),
            Entity(name="Gujarat", type="Place", country="IN"),
        ],
        relations=[
            relation("tamarind-rail", "partnerOf", "sakura-signals", "rail.txt",
                     "Tamarind Rail and Sakura Signals formed a venture in 2019.", date="2019"),
            relation("sakura-signals", "funds", "tamarind-rail", "rail.txt",
                     "Sakura Signals will fund Tamarind Rail in 2025.", date="2025", status="planned"),
        ],
    )
    kg = open_store(tmp_path / "kg")
    write_facts(kg, [facts])
    kg.close()
    return str(tmp_path / "kg")


def run_viz(store_dir, tmp_path, *options):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["viz", "--store", store_dir, "-o", str(out), *options])
    data = page_data(out.read_text(encoding="utf-8")) if result.exit_code == 0 else None
    return result, data


def labels(data):
    return sorted(n["label"] for n in data["nodes"])


def test_viz_command_draws_the_whole_graph(store_dir, tmp_path):
    result, data = run_viz(store_dir, tmp_path)

    assert result.exit_code == 0, result.output
    assert labels(data) == ["Gujarat", "Sakura Signals", "Tamarind Rail"]
    assert "3 entities, 2 statements" in result.output


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--type", "place"], ["Gujarat"]),
        (["--country", "jp", "--country", "IN"], ["Gujarat", "Sakura Signals", "Tamarind Rail"]),
        (["--country", "JP"], ["Sakura Signals"]),
        (["--relation", "funds"], ["Sakura Signals", "Tamarind Rail"]),
        (["--since", "2020"], ["Sakura Signals", "Tamarind Rail"]),
        (["--until", "2018"], []),
        (["--focus", "gujarat"], ["Gujarat"]),
        (["--focus", "Sakura Signals", "--type", "Company"], ["Sakura Signals", "Tamarind Rail"]),
    ],
)
def test_viz_command_filters(store_dir, tmp_path, options, expected):
    result, data = run_viz(store_dir, tmp_path, *options)

    assert result.exit_code == 0, result.output
    assert labels(data) == expected


def test_viz_command_date_filter_keeps_only_links_in_the_years(store_dir, tmp_path):
    _, data = run_viz(store_dir, tmp_path, "--since", "2020")

    assert [e["relation"] for e in data["edges"]] == ["funds"]


@pytest.mark.parametrize(
    "options, message",
    [
        (["--focus", "Tamarnd Rail"], "did you mean: Tamarind Rail"),
        (["--type", "Compnay"], "unknown type 'Compnay'"),
        (["--relation", "owns"], "unknown relation 'owns'"),
    ],
)
def test_viz_command_explains_bad_options(store_dir, tmp_path, options, message):
    result, _ = run_viz(store_dir, tmp_path, *options)

    assert result.exit_code == 1
    assert message in result.output
