"""The model-to-RDF mapping: stable IRIs, a faithful round trip, a closed vocabulary."""

import rdflib
import rdflib.compare
from rdflib import Graph
from rdflib.namespace import SKOS

from schema.models import Document, DocumentFacts, Entity, Provenance, Relation, entity_key, normalize_name
from schema.rdf import (
    EntityReading,
    description_triples,
    document_iri,
    entity_iri,
    facts_from_graph,
    facts_to_triples,
    to_nquads,
    to_ntriples,
)
from schema.vocab import IJKG
from graph.validate import SHAPES_PATH

ONTOLOGY = SHAPES_PATH.parent / "ontology.ttl"
SENTENCE = "Kobe Steel will take a 26% stake in Orchid Alloys for ₹1,200 crore."


def sample_facts(doc_id="news/kobe.txt") -> DocumentFacts:
    doc = Document(
        id=doc_id, source="/tmp/kobe.txt", title="Kobe Steel buys into Orchid Alloys",
        date="2024-03-05", author="A. Writer", content_hash="ab" * 32, text="...",
    )
    kobe = Entity(name="Kobe Steel", type="Company", country="JP", aliases=["Kobe Steel Ltd"], origin="registry")
    orchid = Entity(name="Orchid Alloys", type="Company", country="IN")
    stake = Relation(
        subject=kobe.key, predicate="investsIn", object=orchid.key, date="2024-03",
        amount=12_000_000_000, currency="INR", share=0.26, status="planned",
        provenance=Provenance(document=doc_id, sentence=SENTENCE, start=10, end=10 + len(SENTENCE),
                              extractor="stake", confidence=0.9),
    )
    return DocumentFacts(document=doc, entities=[kobe, orchid], relations=[stake])


def graph_of(facts) -> Graph:
    g = Graph()
    for triple in facts_to_triples(facts):
        g.add(triple)
    return g


def test_round_trip_keeps_every_field():
    facts = sample_facts()
    back = facts_from_graph(graph_of(facts), facts.document.id)
    assert back.document.model_dump(exclude={"text"}) == facts.document.model_dump(exclude={"text"})
    assert [e.model_dump(exclude={"mentions"}) for e in back.entities] == sorted(
        (e.model_dump(exclude={"mentions"}) for e in facts.entities), key=lambda d: entity_key(d["name"], d["type"])
    )
    assert back.relations == facts.relations


def test_ntriples_parse_back_to_the_same_graph():
    facts = sample_facts()
    parsed = Graph().parse(data=to_ntriples(facts_to_triples(facts)), format="nt")
    assert rdflib.compare.isomorphic(parsed, graph_of(facts))


def test_direct_triple_and_statement_for_each_relation():
    g = graph_of(sample_facts())
    kobe, orchid = rdflib.URIRef("https://w3id.org/ijkg/id/kobe-steel"), rdflib.URIRef("https://w3id.org/ijkg/id/orchid-alloys")
    assert (kobe, IJKG.investsIn, orchid) in g
    statement = g.value(predicate=rdflib.RDF.subject, object=kobe)
    assert str(g.value(statement, IJKG.evidence)) == SENTENCE
    assert float(g.value(statement, IJKG.share)) == 0.26
    assert str(g.value(statement, IJKG.status)) == "planned"
    assert g.value(kobe, IJKG.readLabel) == rdflib.Literal("Kobe Steel")
    # The description (prefLabel, types) lives in the entities graph, not in each document's.
    assert g.value(kobe, SKOS.prefLabel) is None


def test_description_triples_describe_an_entity_once():
    description = EntityReading("https://w3id.org/ijkg/id/kobe-steel", "Kobe Steel", "Company", "JP",
                                ("Kobelco",), "registry")
    g = Graph()
    for triple in description_triples(description):
        g.add(triple)
    kobe = rdflib.URIRef(description.iri)
    assert set(g.objects(kobe, rdflib.RDF.type)) == {IJKG.Entity, IJKG.Company}
    assert g.value(kobe, SKOS.prefLabel) == rdflib.Literal("Kobe Steel")
    assert [str(a) for a in g.objects(kobe, SKOS.altLabel)] == ["Kobelco"]
    assert str(g.value(kobe, IJKG.countryCode)) == "JP"


def test_nquads_escape_quotes_backslashes_and_line_breaks():
    tricky = 'He said "yes"\\no\nnext line'
    line = to_nquads([(rdflib.URIRef("urn:s"), IJKG.evidence, rdflib.Literal(tricky))], rdflib.URIRef("urn:g"))
    parsed = rdflib.Dataset()
    parsed.parse(data=line, format="nquads")
    assert [str(o) for _, _, o, _ in parsed.quads()] == [tricky]


def test_entity_iris_are_stable_and_independent_of_document():
    a = sample_facts("a.txt").entities[0]
    b = sample_facts("b.txt").entities[0]
    assert entity_iri(a) == entity_iri(b) == rdflib.URIRef("https://w3id.org/ijkg/id/kobe-steel")
    # a Japanese name in either order and in capitals is one person
    assert entity_key("NISHIMURA Yasutoshi", "Person") == entity_key("Yasutoshi Nishimura", "Person")
    assert entity_key("Tata Steel", "Company") != entity_key("Tata Electronics", "Company")


def test_normalize_name_follows_the_gold_rules():
    assert normalize_name("The Bhushan Power & Steel") == "bhushan power and steel"
    assert normalize_name("Mumbai–Ahmedabad") == "mumbai-ahmedabad"
    assert normalize_name("Japan’s") == "japan"
    assert normalize_name("CEPA 2.0") == "cepa 2.0"


def test_document_iri_escapes_spaces():
    assert str(document_iri("my folder/a b.txt")) == "https://w3id.org/ijkg/doc/my%20folder/a%20b.txt"


def test_every_vocabulary_term_is_declared_in_the_ontology_and_back():
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    ns = str(IJKG._NS)
    declared = {str(s)[len(ns):] for s in ontology.subjects() if str(s).startswith(ns)}
    assert declared == set(IJKG.__annotations__)
    for term in declared:
        assert (IJKG[term], rdflib.RDFS.label, None) in ontology, term
        assert (IJKG[term], rdflib.RDFS.comment, None) in ontology, term


def test_misspelt_term_raises():
    import pytest

    with pytest.raises(AttributeError):
        IJKG.investIn  # noqa: B018


def test_bad_values_are_refused():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Entity(name="X", type="Company", country="Japan")
    with pytest.raises(ValidationError):
        Entity(name="X", type="Firm")
    facts = sample_facts()
    with pytest.raises(ValidationError):
        Relation(**{**facts.relations[0].model_dump(), "date": "March 2024"})
    with pytest.raises(ValidationError):
        Relation(**{**facts.relations[0].model_dump(), "share": 26})
