"""The benchmark's article generator: deterministic, varied, and its articles
build into a graph that has the relations it claims to state."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.corpus import ANY, CLAIMED_PREDICATES, generate_article, registry_names, write_corpus  # noqa: E402
from graph.build import build  # noqa: E402
from graph.store import open_store  # noqa: E402
from loaders import read_document  # noqa: E402
from schema.models import normalize_name  # noqa: E402

ARTICLES = 30


def test_same_seed_same_files_and_a_prefix_of_a_larger_corpus(tmp_path):
    first = write_corpus(6, seed=11, out=tmp_path / "a")
    again = write_corpus(9, seed=11, out=tmp_path / "b")
    assert [p.name for p in first] == [p.name for p in again[:6]]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again[:6]]


def test_another_seed_gives_other_articles():
    assert generate_article(1, 0).text != generate_article(2, 0).text
    assert generate_article(1, 0).text != generate_article(1, 1).text


def test_articles_are_news_sized_varied_and_in_three_formats(tmp_path):
    paths = write_corpus(ARTICLES, seed=5, out=tmp_path)
    assert {p.suffix for p in paths} == {".txt", ".md", ".html"}
    texts = [read_document(p, p.name).text for p in paths]
    assert all(400 <= len(t.split()) <= 900 for t in texts)
    # Not one text repeated: no two articles end with the same 200 characters.
    assert len({t[-200:] for t in texts}) == len(texts)
    # The words are many: over 30 articles (~16,000 words) more than 1,500 distinct tokens.
    assert len({w for t in texts for w in t.split()}) > 1500


def test_hedges_dates_and_currencies_are_all_written():
    text = " ".join(generate_article(5, i).text for i in range(ARTICLES))
    for cue in ("is expected to", "plans to", "₹", "¥", "$", " crore", " billion", "FY20"):
        assert cue in text, cue


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(ARTICLES, seed=5, out=folder)
    store = open_store(tmp_path_factory.mktemp("store"))
    report = build([folder], store)
    assert report.ok, report.errors
    yield store
    store.close()


def _labelled_triples(store) -> set[tuple[str, str, str]]:
    """(subject name, relation, object name) for every name and alias of both ends."""
    rows = store.query(
        "SELECT DISTINCT ?s ?p ?o WHERE { ?a ?rel ?b . ?a skos:prefLabel|skos:altLabel ?s . "
        "?b skos:prefLabel|skos:altLabel ?o . "
        "FILTER(STRSTARTS(STR(?rel), STR(ijkg:))) BIND(STRAFTER(STR(?rel), '#') AS ?p) }"
    )
    return {(normalize_name(r["s"].value), r["p"].value, normalize_name(r["o"].value)) for r in rows}


def _matches(fact, found) -> bool:
    """``fact`` is among the found triples; ``ANY`` matches any entity (a described MoU or meeting)."""

    def fits(stated: str, name: str) -> bool:
        return stated == ANY or normalize_name(stated) == name

    return any(p == fact.predicate and fits(fact.subject, s) and fits(fact.object, o) for s, p, o in found)


def test_every_claimed_relation_type_is_read_from_the_articles(built):
    found = _labelled_triples(built)
    stated = [f for i in range(ARTICLES) for f in generate_article(5, i).facts]
    assert {f.predicate for f in stated} == set(CLAIMED_PREDICATES)
    for predicate in CLAIMED_PREDICATES:
        assert any(_matches(f, found) for f in stated if f.predicate == predicate), f"no stated {predicate} fact was extracted"


def test_invented_names_are_discovered_and_some_statements_are_planned(built):
    registry = {normalize_name(n) for names in registry_names().values() for n in names}
    discovered = {
        normalize_name(r["name"].value)
        for r in built.query('SELECT DISTINCT ?name WHERE { ?e ijkg:origin "discovered" ; skos:prefLabel ?name }')
    }
    assert len(discovered - registry) >= 20
    planned = built.query('ASK { ?r ijkg:status "planned" }')
    assert bool(planned)
