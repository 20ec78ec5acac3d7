"""Entity descriptions merged across documents into one entities graph."""

from graph.build import build, remove_documents, write_facts
from graph.entities import DescriptionKeeper, merge_readings, read_descriptions
from graph.export import entity_rows
from graph.store import StoreError, open_store
from schema.models import Document, DocumentFacts, Entity, Provenance, Relation
from schema.rdf import COUNTS_GRAPH, PENDING_GRAPH, EntityReading, document_iri, facts_to_triples, reading_of, to_nquads

ID = "https://w3id.org/ijkg/id/"


def facts(doc_id: str, *entities: Entity) -> DocumentFacts:
    doc = Document(id=doc_id, source=f"/x/{doc_id}", content_hash="0" * 64, text="")
    return DocumentFacts(document=doc, entities=list(entities))


def company(name: str, country: str | None = None, **kwargs) -> Entity:
    return Entity(name=name, type="Company", country=country, **kwargs)


def labels_in_union(store, iri: str) -> list[str]:
    rows = store.query(f"SELECT ?l WHERE {{ <{iri}> skos:prefLabel ?l }}")
    return [row["l"].value for row in rows]


def test_union_of_graphs_holds_one_label_however_many_documents_name_the_entity(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [facts(f"{n}.txt", company("Hokuriku Cement", "JP")) for n in range(12)])
    # Without DISTINCT: twelve documents, one label.
    assert labels_in_union(store, ID + "hokuriku-cement") == ["Hokuriku Cement"]
    (row,) = entity_rows(store)
    assert row["documents"] == sorted(f"{n}.txt" for n in range(12))


def test_most_common_country_wins_and_order_does_not_matter(tmp_path):
    readings = [("a.txt", "IN"), ("b.txt", "JP"), ("c.txt", "JP"), ("d.txt", None)]
    for order in (readings, readings[::-1]):
        store = open_store(tmp_path / f"kg-{order[0][0]}")
        write_facts(store, [facts(doc, company("Sakura Pumps", country)) for doc, country in order])
        assert read_descriptions(store)[ID + "sakura-pumps"].country == "JP"


def test_registry_label_beats_a_more_common_discovered_one(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [
        facts("a.txt", company("Kaveri Motors", key_name="Kaveri Motors")),
        facts("b.txt", company("KAVERI MOTORS", key_name="Kaveri Motors")),
        facts("c.txt", company("KAVERI MOTORS", key_name="Kaveri Motors")),
        facts("d.txt", company("Kaveri Motors Limited", key_name="Kaveri Motors", origin="registry")),
    ])
    description = read_descriptions(store)[ID + "kaveri-motors"]
    assert description.label == "Kaveri Motors Limited"
    assert description.origin == "registry"
    assert set(description.aliases) == {"Kaveri Motors", "KAVERI MOTORS"}


def test_removing_a_document_merges_its_entities_again(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [
        facts("a.txt", company("Sakura Pumps", "IN"), company("Orchid Alloys", "IN")),
        facts("b.txt", company("Sakura Pumps", "JP")),
        facts("c.txt", company("Sakura Pumps", "JP")),
    ])
    assert remove_documents(store, ["b.txt", "c.txt", "missing.txt"]) == ["b.txt", "c.txt"]
    assert read_descriptions(store)[ID + "sakura-pumps"].country == "IN"
    remove_documents(store, ["a.txt"])
    # Nobody names them any more: no description is left behind.
    assert read_descriptions(store) == {}
    assert labels_in_union(store, ID + "orchid-alloys") == []


def test_a_changed_document_replaces_its_reading(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [facts("a.txt", company("Sakura Pumps", "JP"))])
    write_facts(store, [facts("a.txt", company("Sakura Pumps", "IN", aliases=["Sakura"]))])
    description = read_descriptions(store)[ID + "sakura-pumps"]
    assert (description.country, description.aliases) == ("IN", ("Sakura",))


def test_marks_left_by_a_killed_build_are_settled_by_the_next_build(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [facts("a.txt", company("Sakura Pumps", "JP"))])
    # What a build killed before its end leaves: a second reading written, its mark, no merge.
    late = facts("b.txt", company("Sakura Pumps", "JP", aliases=["Sakura"]))
    graph = document_iri("b.txt")
    keeper = DescriptionKeeper(store)
    store.add(to_nquads(facts_to_triples(late), graph) + keeper.quads_for(str(graph), [reading_of(e) for e in late.entities]))
    assert read_descriptions(store)[ID + "sakura-pumps"].aliases == ()
    report = build([], store)
    assert report.ok
    assert read_descriptions(store)[ID + "sakura-pumps"].aliases == ("Sakura",)


def test_a_build_of_new_documents_describes_each_entity_once(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hokuriku Cement Ltd opened a plant in Japan.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Hokuriku Cement Ltd hired engineers in India.\n", encoding="utf-8")
    store = open_store(tmp_path / "kg")
    assert build([corpus], store).ok
    rows = store.query("SELECT ?e ?l WHERE { ?e a ijkg:Company ; skos:prefLabel ?l }")
    assert [(r["e"].value, r["l"].value) for r in rows] == [(ID + "hokuriku-cement-ltd", "Hokuriku Cement Ltd")]


def test_merge_readings_prefers_entity_type_order_on_a_tie():
    a = EntityReading("urn:x", "Hoshino", "Person", None, (), "discovered")
    b = a._replace(type="Company")
    assert merge_readings([a, b]).type == merge_readings([b, a]).type == "Company"


def test_a_document_written_twice_in_one_call_keeps_only_its_second_version(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, [facts("a.txt", company("Sakura Pumps", "JP")), facts("a.txt", company("Orchid Alloys", "IN"))])
    assert sorted(read_descriptions(store)) == [ID + "orchid-alloys"]
    rows = store.query("SELECT ?e WHERE { GRAPH ?g { ?e ijkg:mentionedIn ?g } }")
    assert [row["e"].value for row in rows] == [ID + "orchid-alloys"]


class RefusingStore:
    """A store whose adds fail whenever they hold the document ``bad.txt``."""

    def __init__(self, store):
        self._store = store

    def add(self, nquads: str) -> None:
        if "/doc/bad.txt>" in nquads:
            raise StoreError(f"{self._store.location}: write failed: disk full")
        self._store.add(nquads)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_a_document_that_cannot_be_written_costs_only_itself(tmp_path):
    store = RefusingStore(open_store(tmp_path / "kg"))
    report = write_facts(store, [
        facts("a.txt", company("Sakura Pumps", "JP")),
        facts("bad.txt", company("Orchid Alloys", "IN")),
        facts("c.txt", company("Orchid Alloys", "IN"), company("Sakura Pumps", "JP")),
    ])
    assert report.errors == ["/x/bad.txt: not stored: " + f"{store.location}: write failed: disk full"]
    assert sorted(report.added) == ["a.txt", "c.txt"]
    # Orchid Alloys was first read in the failed document: c.txt must still describe it.
    assert sorted(read_descriptions(store)) == [ID + "orchid-alloys", ID + "sakura-pumps"]


# ---------------------------------------------------------------- tallies in the counts graph


def with_relations(doc_id: str, entities: list[Entity], pairs: list[tuple[str, str, str]]) -> DocumentFacts:
    made = facts(doc_id, *entities)
    made.relations = [
        Relation(subject=s, predicate=p, object=o,
                 provenance=Provenance(document=doc_id, sentence=f"sentence {n}", start=n * 10, end=n * 10 + 5, extractor="hand"))
        for n, (s, p, o) in enumerate(pairs)
    ]
    return made


def tallies(store) -> dict[str, tuple[int, int]]:
    rows = store.query(f"SELECT ?e ?d ?r WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?e ijkg:documentCount ?d ; ijkg:relationCount ?r }} }}")
    return {row["e"].value[len(ID):]: (int(row["d"].value), int(row["r"].value)) for row in rows}


SAKURA, ORCHID, HOKURIKU = company("Sakura Pumps", "JP"), company("Orchid Alloys", "IN"), company("Hokuriku Cement", "JP")


def three_documents():
    return [
        with_relations("a.txt", [SAKURA, ORCHID], [("sakura-pumps", "partnerOf", "orchid-alloys"),
                                                   ("sakura-pumps", "investsIn", "orchid-alloys")]),
        with_relations("b.txt", [SAKURA, ORCHID, HOKURIKU], [("hokuriku-cement", "partnerOf", "orchid-alloys")]),
        with_relations("c.txt", [SAKURA], []),
    ]


def test_each_entity_counts_the_documents_naming_it_and_the_statements_naming_it(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, three_documents())
    # Sakura: named in a, b, c; subject of two statements. Orchid: a, b; object of three.
    assert tallies(store) == {"sakura-pumps": (3, 2), "orchid-alloys": (2, 3), "hokuriku-cement": (1, 1)}
    assert not list(store.query(f"SELECT * WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?s ?p ?o }} }}", union=False))


def test_counting_everything_at_once_gives_the_same_tallies_and_drops_the_stale_ones(tmp_path, monkeypatch):
    import graph.entities

    store = open_store(tmp_path / "kg")
    write_facts(store, three_documents())
    monkeypatch.setattr(graph.entities, "_COUNT_ALL_ABOVE", 0)
    # b.txt now names only Hokuriku, with no statement: Orchid loses a document and a statement.
    write_facts(store, [with_relations("b.txt", [HOKURIKU], [])])
    assert tallies(store) == {"sakura-pumps": (2, 2), "orchid-alloys": (1, 2), "hokuriku-cement": (1, 0)}


def test_a_changed_or_removed_document_is_counted_out(tmp_path):
    store = open_store(tmp_path / "kg")
    write_facts(store, three_documents())
    write_facts(store, [with_relations("a.txt", [SAKURA], [])])
    assert tallies(store) == {"sakura-pumps": (3, 0), "orchid-alloys": (1, 1), "hokuriku-cement": (1, 1)}
    remove_documents(store, ["b.txt"])
    # Orchid and Hokuriku are named nowhere now: no tallies left for them.
    assert tallies(store) == {"sakura-pumps": (2, 0)}


def test_count_marks_left_by_a_killed_build_are_counted_by_the_next_build(tmp_path):
    store = open_store(tmp_path / "kg")
    late = facts("b.txt", company("Sakura Pumps", "JP"))
    graph = document_iri("b.txt")
    store.add(to_nquads(facts_to_triples(late), graph)
              + DescriptionKeeper(store).quads_for(str(graph), [reading_of(e) for e in late.entities]))
    assert tallies(store) == {}
    assert build([], store).ok
    assert tallies(store) == {"sakura-pumps": (1, 0)}
