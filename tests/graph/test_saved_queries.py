"""Saved questions: each on a small hand-made graph with rows worked out by hand,
parameters bound as typed terms, and a few facts the sample articles state."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.query import term_value
from graph.saved import SavedQueryError, bind_values, list_saved, load_saved, paged, param_terms, query_text, run_saved
from graph.store import open_store
from schema.models import RELATION_TYPES, Document, DocumentFacts, Entity, Provenance, Relation
from graph.build import write_facts

CORPUS = Path("/work/shared/corpus")

# Two invented articles. Keys are entity_key(name, type) of the entities below.
SAKURA, GANGA, KAVERI, TOKAI = "sakura-heavy-industries", "ganga-motors", "kaveri-ports", "tokai-trading"
JICA, RAIL, ACCORD, SUMMIT = "japan-international-cooperation-agency", "coastal-rail-link", "harbour-accord", "port-summit-2021"
RAVI, AIKO, CHENNAI, GREEN = "kumar-ravi", "aiko-tanaka", "chennai", "green-port-initiative"
INDIA, JAPAN = "india", "japan"


def entity(name, type_, country=None, aliases=()):
    return Entity(name=name, type=type_, country=country, aliases=list(aliases), origin="registry")


def relation(doc_id, n, subject, predicate, obj, sentence="", **qualifiers):
    provenance = Provenance(document=doc_id, sentence=sentence or f"sentence {n}", start=n * 100,
                            end=n * 100 + 50, extractor="hand")
    return Relation(subject=subject, predicate=predicate, object=obj, provenance=provenance, **qualifiers)


def article_a() -> DocumentFacts:
    doc = Document(id="a.txt", source="/x/a.txt", title="Harbour deals", date="2021-05-01",
                   publisher="Coast Weekly", content_hash="a" * 64, text="")
    entities = [
        entity("Sakura Heavy Industries", "Company", "JP"),
        entity("Ganga Motors", "Company", "IN"),
        entity("Kaveri Ports", "Company", "IN"),
        entity("Japan International Cooperation Agency", "GovernmentBody", "JP", ["JICA"]),
        entity("Coastal Rail Link", "Project", "IN"),
        entity("Harbour Accord", "Agreement"),
        entity("Port Summit 2021", "Event"),
        entity("Chennai", "Place", "IN"),
        entity("Ravi Kumar", "Person", "IN"),
        entity("Aiko Tanaka", "Person", "JP"),
        entity("Green Port Initiative", "Initiative"),
        entity("India", "Country", "IN"),
        entity("Japan", "Country", "JP"),
    ]
    r = lambda n, *args, **kw: relation("a.txt", n, *args, **kw)  # noqa: E731
    relations = [
        r(1, GANGA, "partnerOf", SAKURA, date="2019-03"),
        r(2, SAKURA, "investsIn", KAVERI, amount=2.5e9, currency="INR", share=0.26, date="2021-04", status="planned"),
        r(3, JICA, "funds", RAIL, amount=1.2e11, currency="JPY", share=0.8, date="2020",
          sentence="JICA lends 80% of the rail link's cost as a 40-year loan at 0.2% interest."),
        r(4, SAKURA, "partyTo", ACCORD, date="2021-02"),
        r(5, KAVERI, "partyTo", ACCORD),
        r(6, ACCORD, "signedBy", RAVI),
        r(7, RAVI, "participatesIn", SUMMIT, date="2021-05"),
        r(8, AIKO, "chairs", SUMMIT),
        r(9, SUMMIT, "locatedIn", CHENNAI),
        r(10, RAVI, "headOf", KAVERI, role="Managing Director"),
        r(11, AIKO, "memberOf", SAKURA, role="Director"),
        r(12, INDIA, "supplies", JAPAN, what="iron ore", amount=3e8, currency="USD", date="2020"),
        r(13, KAVERI, "participatesIn", GREEN),
    ]
    return DocumentFacts(document=doc, entities=entities, relations=relations)


def article_b() -> DocumentFacts:
    doc = Document(id="b.txt", source="/x/b.txt", title="Follow-up", date="2022-01-10",
                   content_hash="b" * 64, text="")
    entities = [
        entity("Sakura Heavy Industries", "Company", "JP"),
        entity("Kaveri Ports", "Company", "IN"),
        entity("Ganga Motors", "Company", "IN"),
        entity("Tokai Trading", "Company", "JP"),
        entity("India", "Country", "IN"),
        entity("Japan", "Country", "JP"),
    ]
    r = lambda n, *args, **kw: relation("b.txt", n, *args, **kw)  # noqa: E731
    relations = [
        r(1, SAKURA, "investsIn", KAVERI, amount=2.5e9, currency="INR", share=0.26, date="2022-01", status="stated"),
        r(2, GANGA, "partnerOf", SAKURA),
        r(3, TOKAI, "acquires", GANGA, amount=4e9, currency="INR", share=0.51, date="2022"),
        r(4, JAPAN, "supplies", INDIA, what="steel machinery"),
    ]
    return DocumentFacts(document=doc, entities=entities, relations=relations)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    kg = open_store(tmp_path_factory.mktemp("saved") / "kg")
    for facts in (article_a(), article_b()):
        write_facts(kg, [facts])
    yield kg
    kg.close()


def rows(store, name, **params):
    results = run_saved(store, name, params)
    columns = [v.value for v in results.variables]
    return [{c: term_value(solution[c]) for c in columns} for solution in results]


def picked(result_rows, *columns):
    return sorted((tuple(row[c] for c in columns) for row in result_rows), key=repr)


# ---------------------------------------------------------------- the catalogue


def test_there_are_at_least_fifteen_saved_questions_each_described():
    saved = list_saved()
    assert len(saved) >= 15
    for query in saved:
        assert query.title and query.question, query.name
        assert query.sparql.lstrip().startswith("# title:"), query.name


def test_every_declared_parameter_is_selected_so_it_can_be_substituted():
    for query in list_saved():
        select = query.sparql.split("WHERE")[0]
        for param in query.params:
            assert f"?{param.name}" in select, (query.name, param.name)


def test_unknown_query_names_the_existing_ones():
    with pytest.raises(SavedQueryError, match="no saved query 'nope'.*joint_ventures"):
        load_saved("nope")


def test_unknown_and_missing_parameters_name_the_declared_ones(store):
    with pytest.raises(SavedQueryError, match=r"unknown parameter yr; declared: year \(year, optional\)"):
        run_saved(store, "joint_ventures", {"yr": "2019"})
    with pytest.raises(SavedQueryError, match=r"missing parameter entity; declared: entity \(name\)"):
        run_saved(store, "entity_profile", {})


def test_parameters_are_converted_by_declared_type():
    query = load_saved("joint_ventures")
    assert param_terms(query, {"year": "2019"})["year"].datatype.value.endswith("#integer")
    with pytest.raises(SavedQueryError, match="four-digit year"):
        param_terms(query, {"year": "19"})


# ---------------------------------------------------------------- each question, by hand


def test_joint_ventures(store):
    assert picked(rows(store, "joint_ventures"), "indian_company", "japanese_company", "date", "document") == sorted(
        [("Ganga Motors", "Sakura Heavy Industries", "2019-03", "a.txt"),
         ("Ganga Motors", "Sakura Heavy Industries", None, "b.txt")], key=repr)
    assert picked(rows(store, "joint_ventures", year="2019"), "indian_company", "document") == [("Ganga Motors", "a.txt")]
    assert rows(store, "joint_ventures", year="2022") == []


def test_investments_largest_first(store):
    found = rows(store, "investments")
    assert [(r["investor"], r["relation"], r["amount"], r["document"]) for r in found[:1]] == [
        ("Tokai Trading", "acquires", 4e9, "b.txt")]
    assert picked(found[1:], "investor", "target", "share", "status") == [
        ("Sakura Heavy Industries", "Kaveri Ports", 0.26, "planned"),
        ("Sakura Heavy Industries", "Kaveri Ports", 0.26, "stated")]
    assert len(rows(store, "investments", currency="inr")) == 3
    assert rows(store, "investments", currency="JPY") == []


def test_japanese_lenders(store):
    found = rows(store, "japanese_lenders")
    assert picked(found, "funder", "project", "amount", "currency", "share") == [
        ("Japan International Cooperation Agency", "Coastal Rail Link", 1.2e11, "JPY", 0.8)]
    assert "40-year loan" in found[0]["loan_terms"]
    assert len(rows(store, "japanese_lenders", lender="jica")) == 1
    assert rows(store, "japanese_lenders", lender="Sakura Heavy Industries") == []


def test_agreements_by_year(store):
    [row] = rows(store, "agreements_by_year")
    assert (row["agreement"], row["date"], row["signatories"]) == ("Harbour Accord", "2021-02", "Ravi Kumar")
    assert sorted(row["parties"].split("; ")) == ["Kaveri Ports", "Sakura Heavy Industries"]
    assert len(rows(store, "agreements_by_year", year="2021")) == 1
    assert rows(store, "agreements_by_year", year="2020") == []


def test_meetings(store):
    expected = [("Port Summit 2021", "Aiko Tanaka", "chair", "Chennai", None),
                ("Port Summit 2021", "Ravi Kumar", "participant", "Chennai", "2021-05")]
    assert picked(rows(store, "meetings"), "event", "participant", "role", "place", "date") == expected
    assert len(rows(store, "meetings", person="aiko tanaka")) == 2
    assert rows(store, "meetings", person="Nobody") == []


def test_entity_profile_by_name_and_alias(store):
    assert picked(rows(store, "entity_profile", entity="Harbour Accord"), "direction", "relation", "other") == [
        ("←", "partyTo", "Kaveri Ports"), ("←", "partyTo", "Sakura Heavy Industries"), ("→", "signedBy", "Ravi Kumar")]
    assert picked(rows(store, "entity_profile", entity="jica"), "relation", "other", "document") == [
        ("funds", "Coastal Rail Link", "a.txt")]
    # A name matches in any case and spacing; an empty one is refused.
    assert rows(store, "entity_profile", entity="  harbour   ACCORD ") == rows(store, "entity_profile", entity="Harbour Accord")
    assert rows(store, "entity_profile", entity="Harbour") == []
    with pytest.raises(SavedQueryError, match=r"parameter entity=' ': expected a name"):
        run_saved(store, "entity_profile", {"entity": " "})


def test_path_between(store):
    assert picked(rows(store, "path_between", **{"from": "Ganga Motors", "to": "Ravi Kumar"}), "hops", "via_1", "via_2") == [
        (3, "Sakura Heavy Industries", "Harbour Accord"), (3, "Sakura Heavy Industries", "Kaveri Ports")]
    assert picked(rows(store, "path_between", **{"from": "Ganga Motors", "to": "Sakura Heavy Industries"}), "hops", "via_1") == [
        (1, None)]


def test_path_between_walks_every_relation_but_country_both_ways():
    # The walk names the relations one by one, so a new relation type must be added to it.
    walk = load_saved("path_between").sparql.split("?v1 .")[0].split("FILTER(BOUND(?b)")[1]
    named = {word.split(":")[1].strip("()^|") for word in walk.replace("|", " ").split() if "ijkg:" in word}
    assert named == set(RELATION_TYPES) - {"country"}
    assert "^(" in walk


def test_path_between_does_not_pass_through_a_country(tmp_path):
    # Ganga Motors is linked to India and India to Japan, but a path may end at a
    # country, not pass through one; through Sakura it is linked to Japan in three hops.
    doc = Document(id="c.txt", source="/x/c.txt", title="Links", content_hash="c" * 64, text="")
    r = lambda n, *args: relation("c.txt", n, *args)  # noqa: E731
    facts = DocumentFacts(
        document=doc,
        entities=[entity("Ganga Motors", "Company", "IN"), entity("Sakura Heavy Industries", "Company", "JP"),
                  entity("Tokai Trading", "Company", "JP"), entity("India", "Country", "IN"),
                  entity("Japan", "Country", "JP")],
        relations=[r(1, GANGA, "locatedIn", INDIA), r(2, INDIA, "supplies", JAPAN),
                   r(3, GANGA, "partnerOf", SAKURA), r(4, TOKAI, "acquires", SAKURA), r(5, TOKAI, "locatedIn", JAPAN)])
    kg = open_store(tmp_path / "kg")
    write_facts(kg, [facts])
    assert picked(rows(kg, "path_between", **{"from": "Ganga Motors", "to": "India"}), "hops") == [(1,)]
    assert picked(rows(kg, "path_between", **{"from": "Ganga Motors", "to": "Japan"}), "hops", "via_1", "via_2") == [
        (3, "Sakura Heavy Industries", "Tokai Trading")]
    kg.close()


def test_document_entities(store):
    assert picked(rows(store, "document_entities", document="b.txt"), "entity", "type", "country") == sorted([
        ("Sakura Heavy Industries", "Company", "JP"), ("Kaveri Ports", "Company", "IN"),
        ("Ganga Motors", "Company", "IN"), ("Tokai Trading", "Company", "JP"),
        ("India", "Country", "IN"), ("Japan", "Country", "JP")], key=repr)


def test_multi_source_facts(store):
    found = rows(store, "multi_source_facts")
    assert picked(found, "subject", "relation", "object", "sources") == [
        ("Ganga Motors", "partnerOf", "Sakura Heavy Industries", 2),
        ("Sakura Heavy Industries", "investsIn", "Kaveri Ports", 2)]
    assert all(sorted(r["documents"].split("; ")) == ["a.txt", "b.txt"] for r in found)


def test_multi_source_facts_lists_ten_documents_of_a_fact_and_counts_them_all(tmp_path):
    # Twelve short notes all saying Ganga Motors partners Sakura Heavy Industries.
    notes = []
    for n in range(12):
        doc_id = f"note{n:02d}.txt"
        doc = Document(id=doc_id, source=f"/x/{doc_id}", title="Note", content_hash=f"{n:064d}", text="")
        notes.append(DocumentFacts(
            document=doc,
            entities=[entity("Ganga Motors", "Company", "IN"), entity("Sakura Heavy Industries", "Company", "JP")],
            relations=[relation(doc_id, 1, GANGA, "partnerOf", SAKURA)]))
    kg = open_store(tmp_path / "kg")
    write_facts(kg, notes)
    [row] = rows(kg, "multi_source_facts")
    assert (row["subject"], row["relation"], row["object"], row["sources"]) == (
        "Ganga Motors", "partnerOf", "Sakura Heavy Industries", 12)
    listed = row["documents"].split("; ")
    assert len(listed) == 10 and listed == sorted(set(listed))
    assert set(listed) <= {f"note{n:02d}.txt" for n in range(12)}
    kg.close()


def test_status_changes(store):
    assert picked(rows(store, "status_changes"), "subject", "relation", "object", "planned_in", "planned_date",
                  "stated_in", "stated_date") == [
        ("Sakura Heavy Industries", "investsIn", "Kaveri Ports", "a.txt", "2021-04", "b.txt", "2022-01")]


def test_top_entities(store):
    found = rows(store, "top_entities")
    assert [(r["entity"], r["relations"]) for r in found[:2]] == [
        ("Sakura Heavy Industries", 6), ("Kaveri Ports", 5)]
    assert [(r["entity"], r["relations"]) for r in rows(store, "top_entities", type="Person")] == [
        ("Ravi Kumar", 3), ("Aiko Tanaka", 2)]


def test_entities_by_type_and_country(store):
    assert picked(rows(store, "entities_by_type_country", type="Company", country="jp"), "entity", "documents") == [
        ("Sakura Heavy Industries", 2), ("Tokai Trading", 1)]
    assert picked(rows(store, "entities_by_type_country", type="Person"), "entity", "home_country") == [
        ("Aiko Tanaka", "JP"), ("Ravi Kumar", "IN")]
    assert len(rows(store, "entities_by_type_country")) == 14


def test_people_positions(store):
    assert picked(rows(store, "people_positions"), "person", "relation", "organisation_name", "position") == [
        ("Aiko Tanaka", "member", "Sakura Heavy Industries", "Director"),
        ("Ravi Kumar", "head", "Kaveri Ports", "Managing Director")]
    assert picked(rows(store, "people_positions", organisation="kaveri ports"), "person") == [("Ravi Kumar",)]


def test_trade_flows(store):
    assert picked(rows(store, "trade_flows"), "supplier", "receiver", "what", "amount") == [
        ("India", "Japan", "iron ore", 3e8), ("Japan", "India", "steel machinery", None)]
    assert picked(rows(store, "trade_flows", goods="ORE"), "what") == [("iron ore",)]


def test_initiatives(store):
    assert picked(rows(store, "initiatives"), "initiative", "participants", "documents") == [
        ("Green Port Initiative", "Kaveri Ports", "a.txt")]


def test_documents(store):
    assert picked(rows(store, "documents"), "document", "title", "date", "publisher", "entities", "relations") == [
        ("a.txt", "Harbour deals", "2021-05-01", "Coast Weekly", 13, 13),
        ("b.txt", "Follow-up", "2022-01-10", None, 6, 4)]


# ---------------------------------------------------------------- pages


def page(store, name, limit, offset=0, **params):
    results = run_saved(store, name, params, limit=limit, offset=offset)
    columns = [v.value for v in results.variables]
    return [{c: term_value(solution[c]) for c in columns} for solution in results]


def test_pages_follow_the_order_of_the_question(store):
    # Documents oldest first: a.txt (2021-05-01), then b.txt (2022-01-10).
    assert [r["document"] for r in page(store, "documents", 1)] == ["a.txt"]
    assert [r["document"] for r in page(store, "documents", 1, offset=1)] == ["b.txt"]
    assert page(store, "documents", 1, offset=2) == []
    # Largest amount first: Tokai's ₹4 billion for Ganga Motors, then the two ₹2.5 billion stakes.
    assert [(r["investor"], r["amount"]) for r in page(store, "investments", 1)] == [("Tokai Trading", 4e9)]
    assert [r["amount"] for r in page(store, "investments", 2, offset=1)] == [2.5e9, 2.5e9]


@pytest.mark.parametrize("saved", list_saved(), ids=lambda q: q.name)
def test_pages_of_two_rows_add_up_to_the_whole_answer(store, saved):
    params = PARAMS.get(saved.name, {})
    whole = rows(store, saved.name, **params)
    if saved.name == "top_entities":  # its own default page is 25 rows
        whole = page(store, saved.name, None, **params)
    pages = [page(store, saved.name, 2, offset, **params) for offset in range(0, len(whole) + 2, 2)]
    assert all(len(p) <= 2 for p in pages)
    assert sorted(map(repr, sum(pages, []))) == sorted(map(repr, whole))


def test_a_page_goes_on_the_page_line_or_at_the_end():
    inner = "SELECT * WHERE {\n  { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x\n    # page\n  }\n}"
    assert "    LIMIT 10 OFFSET 20 # page\n" in paged(inner, 10, 20)
    assert paged(inner, None) == inner
    assert paged("SELECT ?x WHERE { ?x ?p ?o } LIMIT 25", None) == "SELECT ?x WHERE { ?x ?p ?o }"
    assert paged("SELECT ?x WHERE { ?x ?p ?o }", 5, 0) == "SELECT ?x WHERE { ?x ?p ?o } LIMIT 5"
    with pytest.raises(SavedQueryError, match="0 or more"):
        paged(inner, -1)


def test_lines_for_a_parameter_left_out_are_dropped_and_subqueries_bound():
    saved = load_saved("top_entities")
    assert "# if: type" not in query_text(saved, {})
    bound = query_text(saved, param_terms(saved, {"type": "Person"}))
    # Bound in both subqueries that use it; the top level is left to the substitution.
    assert bound.count('VALUES (?type) { ("Person") }') == 2
    assert "WHERE {\n  { SELECT ?e ?relations WHERE { VALUES (?type)" in bound


# ---------------------------------------------------------------- binding is safe and consistent

HOSTILE = '"} ; DROP ALL ; #'
PARAMS = {
    "joint_ventures": {"year": "2019"}, "investments": {"currency": "INR"}, "japanese_lenders": {"lender": "JICA"},
    "agreements_by_year": {"year": "2021"}, "meetings": {"person": "Ravi Kumar"},
    "entity_profile": {"entity": "Kaveri Ports"}, "path_between": {"from": "Ganga Motors", "to": "Ravi Kumar"},
    "document_entities": {"document": "a.txt"}, "top_entities": {"type": "Company"},
    "entities_by_type_country": {"type": "Company", "country": "IN"},
    "people_positions": {"organisation": "Sakura Heavy Industries"}, "trade_flows": {"goods": "ore"},
}


def test_a_parameter_holding_sparql_is_only_ever_a_string(store):
    assert rows(store, "entity_profile", entity=HOSTILE) == []
    assert rows(store, "document_entities", document=HOSTILE) == []
    # The VALUES path (used for remote stores) too: same query, no rows, nothing dropped.
    sparql = bind_values(load_saved("entity_profile").sparql, param_terms(load_saved("entity_profile"), {"entity": HOSTILE}))
    assert list(store.query(sparql)) == []
    assert sorted(store.documents()) == ["a.txt", "b.txt"]


def test_an_iri_parameter_must_be_one_iri():
    query = load_saved("joint_ventures")
    fake = query.__class__(query.name, query.title, query.question,
                           (query.params[0].__class__("node", "iri", ""),), query.sparql)
    with pytest.raises(SavedQueryError, match="node"):
        param_terms(fake, {"node": "https://w3id.org/ijkg/id/x> } ; DROP ALL ; #"})


@pytest.mark.parametrize("saved", list_saved(), ids=lambda q: q.name)
def test_values_binding_gives_the_same_rows_as_substitution(store, saved):
    params = PARAMS.get(saved.name, {})
    by_substitution = rows(store, saved.name, **params)
    results = store.query(bind_values(saved.sparql, param_terms(saved, params)))
    columns = [v.value for v in results.variables]
    by_values = [{c: term_value(s[c]) for c in columns} for s in results]
    assert sorted(map(repr, by_values)) == sorted(map(repr, by_substitution))
    assert by_substitution, "each parameter set is chosen to give rows"


def test_bind_values_skips_where_inside_strings_comments_and_iris():
    sparql = '# WHERE { in a comment\nPREFIX w: <http://x/where/> SELECT ("WHERE {" AS ?t) ?y WHERE { ?s ?p ?y }'
    bound = bind_values(sparql, param_terms(load_saved("joint_ventures"), {"year": "2019"}))
    assert bound.endswith('?y WHERE { VALUES (?year) { ("2019"^^<http://www.w3.org/2001/XMLSchema#integer>) }\n ?s ?p ?y }')


# ---------------------------------------------------------------- the sample articles


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    if not CORPUS.is_dir() or shutil.which("ijkg") is None:
        pytest.skip("the sample corpus /work/shared/corpus is not here")
    location = tmp_path_factory.mktemp("corpus") / "kg"
    subprocess.run([sys.executable, "-m", "graph.cli", "build", str(CORPUS), "--store", str(location)],
                   check=True, capture_output=True, cwd=Path(__file__).parents[2])
    kg = open_store(location, read_only=True)
    yield kg
    kg.close()


def jfe_stake(corpus_store):
    return [r for r in rows(corpus_store, "investments")
            if r["investor"].startswith("JFE Steel") and r["target"].startswith("Bhushan Power")]


def test_corpus_jfe_takes_half_of_bhushan_power(corpus_store):
    # "JFE will take a 50% stake in the integrated steel business of Bhushan Power & Steel"
    assert any(r["share"] == 0.5 for r in jfe_stake(corpus_store))


def test_corpus_jfe_pays_15750_crore(corpus_store):
    assert any(r["amount"] == 1.575e11 and r["amount_currency"] == "INR" for r in jfe_stake(corpus_store))


def test_corpus_tata_yodogawa_joint_venture_in_1968(corpus_store):
    found = rows(corpus_store, "joint_ventures", year="1968")
    assert ("Tata Steel", "1968") in {(r["indian_company"], r["date"]) for r in found}
    assert any(r["japanese_company"].startswith("Yodogawa") for r in found)


def test_corpus_steel_memorandum_of_2020_signed_by_shigehiro_tanaka(corpus_store):
    found = rows(corpus_store, "agreements_by_year", year="2020")
    assert any("Shigehiro Tanaka" in (r["signatories"] or "") for r in found)
