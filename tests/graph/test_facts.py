"""Facts stated by several documents, counted in the counts graph (graph.facts)."""

import pytest

from graph.build import remove_documents, write_facts
from graph.store import open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from schema.rdf import COUNTS_GRAPH, PENDING_GRAPH, fact_iri, relation_iri

SAKURA, ORCHID, HOKURIKU = "sakura-pumps", "orchid-alloys", "hokuriku-cement"
ENTITIES = [Entity(name="Sakura Pumps", type="Company", country="JP"),
            Entity(name="Orchid Alloys", type="Company", country="IN"),
            Entity(name="Hokuriku Cement", type="Company", country="JP")]


def article(doc_id: str, *statements: tuple) -> DocumentFacts:
    """Statements as (subject, predicate, object, status, date)."""
    doc = Document(id=doc_id, source=f"/x/{doc_id}", content_hash="0" * 64, text="")
    relations = [
        Relation(subject=s, predicate=p, object=o, status=status, date=date,
                 provenance=Provenance(document=doc_id, sentence=f"sentence {n}", start=n * 10, end=n * 10 + 5,
                                       extractor="hand"))
        for n, (s, p, o, status, date) in enumerate(statements)
    ]
    return DocumentFacts(document=doc, entities=ENTITIES, relations=relations)


def fact_table(store) -> dict[str, dict]:
    """The fact nodes of the counts graph, each checked to name one of its own statements as its sample."""
    rows = store.query(f"SELECT ?f ?p ?o WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?f a ijkg:Fact ; ?p ?o }} }}")
    table: dict[str, dict] = {}
    for row in rows:
        name = row["p"].value.rsplit("#", 1)[-1]
        if name != "type":
            table.setdefault(row["f"].value, {})[name] = row["o"].value
    for fact, node in table.items():
        (spo,) = store.query(f"SELECT ?s ?p ?o WHERE {{ <{node.pop('sampleStatement')}> rdf:subject ?s ; "
                             "rdf:predicate ?p ; rdf:object ?o }")
        assert fact_iri(spo["s"].value.rsplit("/", 1)[-1], spo["p"].value.rsplit("#", 1)[-1],
                        spo["o"].value.rsplit("/", 1)[-1]) == fact
    return table


def statement(facts: DocumentFacts, n: int) -> str:
    return str(relation_iri(facts.relations[n]))


INVESTS = (SAKURA, "investsIn", ORCHID)
PARTNERS = (SAKURA, "partnerOf", ORCHID)


@pytest.fixture
def three(tmp_path):
    # a: plans the investment (2019) and states the partnership; b: states both (2021),
    # the investment twice, once undated; c: states the partnership only, undated.
    a = article("a.txt", (*INVESTS, "planned", "2019-06"), (*PARTNERS, "stated", "2018"))
    b = article("b.txt", (*INVESTS, "stated", None), (*INVESTS, "stated", "2021-02"), (*PARTNERS, "stated", "2021"))
    c = article("c.txt", (*PARTNERS, "stated", None), (HOKURIKU, "partnerOf", ORCHID, "stated", None))
    store = open_store(tmp_path / "kg")
    write_facts(store, [a, b, c])
    return store, a, b, c


def test_facts_of_several_documents_are_counted_with_their_first_statements(three):
    store, a, b, c = three
    assert fact_table(store) == {
        # Planned in a, stated in b: the dated statement of b comes before the undated one.
        fact_iri(*INVESTS): {"sourceCount": "2", "plannedCount": "1",
                             "firstPlanned": statement(a, 0), "firstStated": statement(b, 1)},
        # Stated in a (2018), b (2021) and c (undated); never planned, so no first statements kept.
        fact_iri(*PARTNERS): {"sourceCount": "3", "plannedCount": "0"},
        # Hokuriku partnerOf Orchid: one document only, no node.
    }
    assert not list(store.query(f"SELECT * WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?s ?p ?o }} }}", union=False))


def test_a_changed_or_removed_document_is_counted_out_of_its_facts(three):
    store, a, b, c = three
    # a no longer plans the investment: b alone states it, so it has no node.
    write_facts(store, [article("a.txt", (*PARTNERS, "stated", "2018"))])
    assert set(fact_table(store)) == {fact_iri(*PARTNERS)}
    remove_documents(store, ["a.txt"])
    assert fact_table(store) == {fact_iri(*PARTNERS): {"sourceCount": "2", "plannedCount": "0"}}


def test_counting_all_facts_at_once_gives_the_same_table(three, monkeypatch):
    import graph.facts

    store, a, b, c = three
    expected = fact_table(store)
    monkeypatch.setattr(graph.facts, "_RECOUNT_ALL_ABOVE", 0)
    d = article("d.txt", (HOKURIKU, "partnerOf", ORCHID, "planned", "2022"))
    write_facts(store, [d])
    # Hokuriku partnerOf Orchid: planned in d, stated (undated) in c.
    expected[fact_iri(HOKURIKU, "partnerOf", ORCHID)] = {"sourceCount": "2", "plannedCount": "1",
                                                         "firstPlanned": statement(d, 0), "firstStated": statement(c, 1)}
    assert fact_table(store) == expected


def test_a_large_build_marks_all_facts_at_once_and_counts_the_same(tmp_path, monkeypatch):
    import graph.build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text("Suzuki Motor Corporation will invest Rs 500 crore in Maruti Suzuki India Limited.\n")
    tables = []
    for above in (100, 0):  # each fact marked, then one mark for all
        monkeypatch.setattr(graph.build, "_MARK_ALL_FACTS_ABOVE", above)
        store = open_store(tmp_path / f"kg-{above}")
        assert graph.build.build([corpus], store).ok
        assert not list(store.query(f"SELECT * WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?s ?p ?o }} }}", union=False))
        tables.append(fact_table(store))
    # Suzuki invests in Maruti, planned in both articles.
    fact = fact_iri("suzuki-motor-corporation", "investsIn", "maruti-suzuki-india-limited")
    assert [{f: (n["sourceCount"], n["plannedCount"]) for f, n in t.items()} for t in tables] == [{fact: ("2", "2")}] * 2
    assert tables[0] == tables[1]
