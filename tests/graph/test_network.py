"""Tests for graph.network.

Every graph here is small and made up; the expected degrees, betweenness,
PageRank order, paths, communities and bridges are worked out by hand in the
comments next to them.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph.network import (
    EntityNotFound,
    bridges_between,
    communities,
    edge_table,
    ego_network,
    find_entity,
    node_table,
    rankings,
    shortest_evidence_path,
    subgraph,
    to_networkx,
    write_gexf,
    write_graphml,
)
from graph.store import open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

ID = "https://w3id.org/ijkg/id/"


# ---------------------------------------------------------------- helpers


def graph(nodes: dict, edges: list) -> nx.MultiDiGraph:
    """nodes: {id: (label, type, country)}; edges: (u, v, relation, extra attributes)."""
    G = nx.MultiDiGraph()
    for n, (label, type_, country) in nodes.items():
        G.add_node(n, label=label, type=type_, country=country, aliases=[], documents=[])
    for u, v, relation, *extra in edges:
        G.add_edge(u, v, relation=relation, **(extra[0] if extra else {}))
    return G


def relation(subject, predicate, obj, doc, sentence, **qualifiers):
    return Relation(
        subject=subject, predicate=predicate, object=obj,
        provenance=Provenance(document=doc, sentence=sentence, start=0, end=len(sentence), extractor="test"),
        **qualifiers,
    )


def facts(doc_id, text, entities, relations):
    document = Document(id=doc_id, source=doc_id, content_hash="0" * 64, text=text)
    return DocumentFacts(document=document, entities=entities, relations=relations)


@pytest.fixture()
def store(tmp_path):
    """Two invented articles: one company appears in both under two spellings."""
    kg = open_store(tmp_path / "kg")
    first = facts(
        "one.txt",
        "Kaveri Motors and Hoshino Steel signed a joint venture. Hoshino Steel will invest $20 million.",
        [
            Entity(name="Kaveri Motors", type="Company", country="IN"),
            Entity(name="Hoshino Steel", type="Company", country="JP", aliases=["Hoshino"]),
        ],
        [
            relation("kaveri-motors", "partnerOf", "hoshino-steel", "one.txt",
                     "Kaveri Motors and Hoshino Steel signed a joint venture.", date="2021-03"),
            relation("hoshino-steel", "investsIn", "kaveri-motors", "one.txt",
                     "Hoshino Steel will invest $20 million.", amount=20_000_000, currency="USD",
                     share=0.26, status="planned"),
        ],
    )
    second = facts(
        "two.txt",
        "Hoshino Steel Corp set up a plant in Pune.",
        [
            Entity(name="Hoshino Steel Corp", type="Company", country="JP", key_name="Hoshino Steel"),
            Entity(name="Pune", type="Place", country="IN"),
        ],
        [relation("hoshino-steel", "locatedIn", "pune", "two.txt", "Hoshino Steel Corp set up a plant in Pune.")],
    )
    for f in (first, second):
        write_facts(kg, [f])
    yield kg
    kg.close()


# ---------------------------------------------------------------- projection


def test_to_networkx_has_a_node_per_entity_and_an_edge_per_statement(store):
    G = to_networkx(store)

    assert sorted(G) == [ID + "hoshino-steel", ID + "kaveri-motors", ID + "pune"]
    assert G.number_of_edges() == 3
    hoshino = G.nodes[ID + "hoshino-steel"]
    assert hoshino["type"] == "Company" and hoshino["country"] == "JP"
    assert hoshino["documents"] == ["one.txt", "two.txt"]
    assert "Hoshino" in hoshino["aliases"]
    invests = [d for *_, d in G.edges(data=True) if d["relation"] == "investsIn"]
    assert invests == [{
        "relation": "investsIn", "date": None, "amount": 20_000_000.0, "currency": "USD", "share": 0.26,
        "status": "planned", "document": "one.txt", "evidence": "Hoshino Steel will invest $20 million.",
    }]
    partner = G.get_edge_data(ID + "kaveri-motors", ID + "hoshino-steel")
    assert [d["date"] for d in partner.values()] == ["2021-03"]


def test_to_networkx_from_a_construct_keeps_only_what_it_returns(store):
    query = """CONSTRUCT { ?r ?p ?o } WHERE {
        ?r a ijkg:RelationStatement ; rdf:predicate ijkg:investsIn ; ?p ?o }"""
    G = to_networkx(store, query)

    assert sorted(G) == [ID + "hoshino-steel", ID + "kaveri-motors"]
    assert [(u, v, d["relation"], d["amount"]) for u, v, d in G.edges(data=True)] == [
        (ID + "hoshino-steel", ID + "kaveri-motors", "investsIn", 20_000_000.0)
    ]
    assert G.nodes[ID + "kaveri-motors"]["label"] == "Kaveri Motors"  # labels come from the store


def test_construct_of_direct_links_makes_bare_edges(store):
    query = "CONSTRUCT { ?a <urn:test:sharesDocumentWith> ?b } WHERE { ?a ijkg:locatedIn ?b }"
    G = to_networkx(store, query)

    assert [(u, v, d["relation"], d["evidence"]) for u, v, d in G.edges(data=True)] == [
        (ID + "hoshino-steel", ID + "pune", "sharesDocumentWith", None)
    ]


# ---------------------------------------------------------------- lookup


def test_find_entity_by_label_alias_or_iri_ignoring_case(store):
    G = to_networkx(store)

    assert find_entity(G, "KAVERI motors") == ID + "kaveri-motors"
    assert find_entity(G, "hoshino") == ID + "hoshino-steel"  # an alias
    assert find_entity(G, "Hoshino Steel Corp") == ID + "hoshino-steel"  # the other document's spelling
    assert find_entity(G, ID + "pune") == ID + "pune"


def test_find_entity_names_close_matches_when_missing(store):
    G = to_networkx(store)

    with pytest.raises(EntityNotFound, match="Kaveri Motors") as error:
        find_entity(G, "Kaveri Motor Co")
    assert "no entity named 'Kaveri Motor Co'" in str(error.value)


# ---------------------------------------------------------------- views


def chain():
    # a -> b -> c -> d, plus e linked to nothing
    return graph(
        {n: (n.upper(), "Company", None) for n in "abcde"},
        [("a", "b", "partnerOf"), ("b", "c", "funds"), ("c", "d", "supplies")],
    )


def test_ego_network_follows_links_both_ways_to_the_depth():
    G = chain()

    assert sorted(ego_network(G, "C")) == ["b", "c", "d"]
    assert sorted(ego_network(G, "c", depth=2)) == ["a", "b", "c", "d"]
    assert sorted(ego_network(G, "e")) == ["e"]


def dated():
    nodes = {
        "in1": ("Indian One", "Company", "IN"),
        "jp1": ("Japan One", "Company", "JP"),
        "jp2": ("Japan Two", "GovernmentBody", "JP"),
        "p": ("Some Project", "Project", None),
    }
    edges = [
        ("in1", "jp1", "partnerOf", {"date": "2018-05"}),
        ("jp2", "p", "funds", {"date": "2022-04/2023-03"}),  # a fiscal year: 2022 and 2023
        ("in1", "p", "involvedIn", {"date": None}),
    ]
    return graph(nodes, edges)


def test_subgraph_by_type_and_country_keeps_isolated_entities():
    G = dated()

    assert sorted(subgraph(G, types={"Company"})) == ["in1", "jp1"]
    assert sorted(subgraph(G, countries={"JP"})) == ["jp1", "jp2"]  # no link between them, both kept
    assert sorted(subgraph(G, countries={None})) == ["p"]


def test_subgraph_by_relation_drops_entities_left_without_links():
    H = subgraph(dated(), relations={"funds"})

    assert sorted(H) == ["jp2", "p"]
    assert [d["relation"] for *_, d in H.edges(data=True)] == ["funds"]


def test_subgraph_by_year_keeps_overlapping_dates_and_drops_undated_links():
    G = dated()

    assert [d["relation"] for *_, d in subgraph(G, since=2023).edges(data=True)] == ["funds"]
    assert [d["relation"] for *_, d in subgraph(G, until=2019).edges(data=True)] == ["partnerOf"]
    assert subgraph(G, since=2019, until=2021).number_of_edges() == 0
    assert subgraph(G, since=2024).number_of_nodes() == 0
    assert subgraph(G).number_of_edges() == 3  # no date filter: the undated link stays


# ---------------------------------------------------------------- paths


def test_shortest_evidence_path_gives_each_step_with_its_sentence():
    nodes = {n: (n.upper(), "Company", None) for n in "abcdefg"}
    edges = [
        ("a", "b", "partnerOf", {"evidence": "A and B are partners.", "document": "d1.txt"}),
        ("b", "a", "partnerOf", {"evidence": None, "document": "d0.txt"}),  # no sentence: not chosen
        ("c", "b", "funds", {"evidence": "C funds B.", "document": "d2.txt"}),
        ("c", "d", "supplies", {"evidence": "C supplies D.", "document": "d3.txt"}),
        # a longer way round, four steps instead of three
        ("a", "e", "partnerOf"), ("e", "f", "partnerOf"), ("f", "g", "partnerOf"), ("g", "d", "partnerOf"),
    ]
    G = graph(nodes, edges)

    steps = shortest_evidence_path(G, "A", "d")

    assert [(s.source, s.target, s.relation, s.direction, s.evidence, s.document) for s in steps] == [
        ("a", "b", "partnerOf", "forward", "A and B are partners.", "d1.txt"),
        ("b", "c", "funds", "backward", "C funds B.", "d2.txt"),
        ("c", "d", "supplies", "forward", "C supplies D.", "d3.txt"),
    ]
    assert steps[1].sentence(G) == "C funds B"


def test_shortest_evidence_path_says_when_there_is_none():
    with pytest.raises(nx.NetworkXNoPath, match="'A' and 'E'"):
        shortest_evidence_path(chain(), "a", "e")


# ---------------------------------------------------------------- measures


def test_rankings_degree_betweenness_and_pagerank_order():
    # hub - a, hub - b, hub - c, c - d (c -> d stated twice)
    nodes = {n: (n, "Company", None) for n in ["hub", "a", "b", "c", "d"]}
    G = graph(nodes, [("hub", "a", "funds"), ("b", "hub", "funds"), ("hub", "c", "funds"),
                      ("c", "d", "supplies"), ("c", "d", "supplies")])

    table = rankings(G).set_index("id")

    assert table["degree"].to_dict() == {"hub": 3, "c": 2, "d": 1, "a": 1, "b": 1}
    assert table.loc["c", "statements"] == 3
    # betweenness, normalised by (n-1)(n-2)/2 = 6 pairs: hub lies on a-b, a-c, a-d,
    # b-c, b-d (5 pairs), c on hub-d, a-d, b-d (3 pairs).
    assert table.loc["hub", "betweenness"] == pytest.approx(5 / 6)
    assert table.loc["c", "betweenness"] == pytest.approx(3 / 6)
    assert table.loc["a", "betweenness"] == 0
    # PageRank weighted by statements (c-d counts 2): solving x_i = .03 + .85 Σ_j x_j w_ij / w_j
    # for the five unknowns gives hub .306 > c .275 > d .186 > a = b .117.
    assert list(table.index[:3]) == ["hub", "c", "d"]
    assert table.loc["a", "pagerank"] == pytest.approx(table.loc["b", "pagerank"])
    assert table["pagerank"].sum() == pytest.approx(1.0)


def test_communities_split_two_triangles_joined_by_one_link():
    nodes = {n: (n, "Company", None) for n in "abcxyz"}
    edges = [(u, v, "partnerOf") for u, v in ["ab", "bc", "ca", "xy", "yz", "zx", "cx"]]
    G = graph(nodes, edges)

    groups = communities(G, seed=7)

    assert [sorted(g) for g in groups] == [["a", "b", "c"], ["x", "y", "z"]]
    assert communities(G, seed=7) == groups


def test_bridges_between_counts_distinct_neighbours_in_each_country():
    nodes = {
        "proj": ("Project", "Project", None),
        "a": ("A", "Company", "IN"), "b": ("B", "Company", "IN"), "c": ("C", "Company", "JP"),
        "x": ("X", "Company", "IN"), "y": ("Y", "Company", "JP"),
        "v": ("V", "Company", "JP"), "w": ("W", "Company", "JP"),
    }
    edges = [("proj", "a", "involvedIn"), ("a", "proj", "involvedIn"), ("b", "proj", "involvedIn"),
             ("c", "proj", "funds"), ("x", "y", "partnerOf"), ("x", "a", "partnerOf"), ("w", "v", "partnerOf")]
    G = graph(nodes, edges)

    table = bridges_between(G, "IN", "JP")

    # proj: a, b in India and c in Japan -> 3; x: a in India, y in Japan -> 2.
    # a has x (IN) and proj (no country); c, y, v, w see one country only.
    assert table[["id", "neighbours_IN", "neighbours_JP", "ties"]].values.tolist() == [
        ["proj", 2, 1, 3],
        ["x", 1, 1, 2],
    ]


# ---------------------------------------------------------------- tables and files


def test_node_and_edge_tables(store):
    G = to_networkx(store)

    nodes, edges = node_table(G), edge_table(G)

    assert len(nodes) == 3 and list(nodes.columns) == ["id", "label", "type", "country", "aliases", "documents"]
    assert sorted(edges["relation"]) == ["investsIn", "locatedIn", "partnerOf"]
    assert edges.set_index("relation").loc["locatedIn", "document"] == "two.txt"


@pytest.mark.parametrize("write, read", [(write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)])
def test_graph_files_turn_lists_and_none_into_strings(store, tmp_path, write, read):
    G = to_networkx(store)
    path = tmp_path / "g.out"

    write(G, path)
    back = read(path)

    assert back.number_of_nodes() == 3 and back.number_of_edges() == 3
    assert back.nodes[ID + "hoshino-steel"]["documents"] == "one.txt|two.txt"
    located = [d for *_, d in back.edges(data=True) if d["relation"] == "locatedIn"][0]
    assert located["amount"] == ""  # None became an empty string
