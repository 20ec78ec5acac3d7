"""A store written by an earlier mapping to RDF is brought up to date by the next build."""

from graph.build import build, mapping_version
from graph.store import open_store
from schema.rdf import COUNTS_GRAPH, ENTITIES_GRAPH, MAPPING_VERSION

ARTICLE = ("Tokyo, 3 March 2024\n\n"
           "Suzuki Motor Corporation will invest Rs 500 crore in Maruti Suzuki India Limited.\n")
# What a version-1 store lacked: name keys, fact lines, fact nodes, the version itself.
VERSION_2_ONLY = f"""
DELETE WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e ijkg:nameKey ?k }} }} ;
DELETE WHERE {{ GRAPH ?g {{ ?f ijkg:firstPlanned ?r }} }} ;
DELETE WHERE {{ GRAPH ?g {{ ?f ijkg:firstStated ?r }} }} ;
DELETE WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?f a ijkg:Fact ; ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?s ijkg:mappingVersion ?v }} }} ;
DELETE {{ GRAPH ?g {{ ?d ijkg:buildFingerprint ?old }} }} INSERT {{ GRAPH ?g {{ ?d ijkg:buildFingerprint "v1" }} }}
WHERE {{ GRAPH ?g {{ ?d ijkg:buildFingerprint ?old }} }}
"""


def count(store, pattern: str) -> int:
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))["n"].value)


def test_an_older_store_gets_name_keys_fact_lines_and_fact_nodes_back(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text(ARTICLE, encoding="utf-8")
    store = open_store(tmp_path / "kg")
    assert build([corpus], store).ok
    assert mapping_version(store) == MAPPING_VERSION
    # Suzuki invests in Maruti, planned, in both articles: one fact of two documents.
    assert count(store, "?f ijkg:sourceCount 2") == 1
    store.update(VERSION_2_ONLY)
    assert mapping_version(store) is None
    assert count(store, "?e ijkg:nameKey ?k") == 0

    report = build([corpus], store)
    assert sorted(report.updated) == ["a.txt", "b.txt"]
    assert mapping_version(store) == MAPPING_VERSION
    rows = store.query(f"SELECT ?e WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e ijkg:nameKey "
                       '"maruti suzuki india limited" } }')
    assert [row["e"].value.rsplit("/", 1)[-1] for row in rows] == ["maruti-suzuki-india-limited"]
    assert count(store, f"GRAPH ?g {{ ?f ijkg:firstPlanned ?r }} FILTER(?g != <{COUNTS_GRAPH}>)") == 2
    assert count(store, "?f ijkg:sourceCount 2 ; ijkg:plannedCount 2") == 1
