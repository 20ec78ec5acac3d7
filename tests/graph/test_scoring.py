"""Tests for graph.scoring.

The companies, people and agreements here are made up for the tests; every expected
figure is worked out by hand from the small gold and extracted rows of each test.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from graph.scoring import (
    GoldFormatError,
    fold_name,
    format_report,
    is_generic_name,
    load_gold,
    merge_gold,
    name_numbers,
    score,
)

SEED_GOLD = Path("/work/shared/eval/seeds.gold.json")


# ---------------------------------------------------------------- helpers


def entity(name, type_="Company", country=None, aliases=()):
    found = {"name": name, "type": type_, "aliases": list(aliases)}
    if country:
        found["country"] = country
    return found


def document(doc, entities, relations=()):
    relations = [{"s": s, "p": p, "o": o} for s, p, o in relations]
    return {"doc": doc, "entities": entities, "relations": relations}


def row(id_, label, type_="Company", country=None, aliases=()):
    found = {"id": id_, "label": label, "type": type_, "country": country}
    return found | {"aliases": list(aliases), "documents": []}


def link(subject, predicate, obj):
    return {"subject": subject, "predicate": predicate, "object": obj}


def partners_gold():
    """One document: Sakura Steel partnerOf Deccan Alloys."""
    entities = [entity("Sakura Steel"), entity("Deccan Alloys")]
    return [document("a", entities, [("Sakura Steel", "partnerOf", "Deccan Alloys")])]


def figures(ratio):
    return (ratio.hits, ratio.extracted, ratio.gold)


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name, folded",
    [
        ("The Sakura & Fuji Ltd.'s", "sakura and fuji ltd"),
        ("Kanto \u2013 Deccan  Link", "kanto-deccan link"),
        ("Kanto\u2014Deccan Link", "kanto-deccan link"),
        ("\uff2b\uff21\uff2e\uff34\uff2f Rail", "kanto rail"),  # full-width letters, folded by NFKC
        ("Indus/Ganga (Holdings), Inc.", "indus ganga holdings inc"),
        ("Nilgiri Motors\u2019 plant", "nilgiri motors plant"),
        ("Port Pact 2.0", "port pact 2.0"),
        ("Theta Labs", "theta labs"),  # only a whole leading word "the" goes
    ],
)
def test_fold_name(name, folded):
    assert fold_name(name) == folded


def test_generic_names_are_agreement_and_meeting_words_only():
    assert is_generic_name(fold_name("Memorandum of Understanding"))
    assert is_generic_name(fold_name("MoC"))
    assert is_generic_name(fold_name("the Agreement"))
    assert not is_generic_name(fold_name("Harbour Logistics Memorandum"))
    assert not is_generic_name(fold_name("7th Annual Summit"))


def test_numbers_include_ordinals_and_roman_numerals():
    assert name_numbers(fold_name("15th Port Forum")) == (15.0,)
    assert name_numbers(fold_name("Plant Phase IV")) == (4.0,)
    assert name_numbers(fold_name("Line 3 Phase II")) == (2.0, 3.0)
    assert name_numbers(fold_name("Sakura Steel")) == ()


# ---------------------------------------------------------------- entities


def test_exact_names_match_and_the_rest_is_missed_or_spurious():
    gold = [document("a", [entity("Sakura Steel"), entity("Deccan Alloys"), entity("Kaveri Robotics")])]
    rows = [row("e1", "Sakura Steel"), row("e2", "deccan alloys"), row("e3", "Nilgiri Motors")]
    result = score(gold, rows, [])
    assert figures(result.entities) == (2, 3, 3)
    assert result.entities.precision == pytest.approx(2 / 3)
    assert result.entities.recall == pytest.approx(2 / 3)
    assert result.entities.f1 == pytest.approx(2 / 3)
    assert result.missed_entities == ["Kaveri Robotics"]
    assert result.spurious_entities == ["Nilgiri Motors"]


def test_a_label_or_alias_matches_a_gold_name_or_alias():
    gold = [
        document(
            "a",
            [
                entity("Kaveri Robotics Limited", aliases=["KRL"]),
                entity("Port of Hakata Authority", "GovernmentBody", aliases=["Hakata Port"]),
            ],
        )
    ]
    rows = [
        row("e1", "KRL"),  # label = gold alias
        # an alias = the gold name
        row("e2", "Hakata Port Board", "GovernmentBody", aliases=["Port of Hakata Authority"]),
    ]
    result = score(gold, rows, [])
    assert figures(result.entities) == (2, 2, 2)
    assert result.duplicates == []


def test_a_persons_words_match_in_any_order_but_other_names_do_not():
    gold = [
        document("a", [entity("Haruto Sakamoto", "Person"), entity("Pune Kyoto Society", "Organization")])
    ]
    rows = [row("e1", "SAKAMOTO Haruto", "Person"), row("e2", "Kyoto Pune Society", "Organization")]
    result = score(gold, rows, [])
    assert figures(result.entities) == (1, 2, 2)
    assert result.missed_entities == ["Pune Kyoto Society"]


def test_near_identical_spellings_match_only_with_the_same_numbers():
    gold = [
        document(
            "a",
            [
                entity("Lakshmi Textile Mills Corporation"),
                entity("Deccan Metro Rail Corridor Phase 2", "Project"),
                entity("3rd Indo-Nippon Coastal Shipping and Port Logistics Forum", "Event"),
                entity("Kaveri Harbour Desalination Plant Phase I", "Project"),
                entity("Godavari Water Treatment Plant Phase IV", "Project"),
            ],
        )
    ]
    rows = [
        row("e1", "Laxmi Textile Mills Corporation"),  # one letter off: same company
        row("e2", "Deccan Metro Rail Corridor Phase 4", "Project"),  # another phase
        row("e3", "15th Indo-Nippon Coastal Shipping and Port Logistics Forum", "Event"),  # another forum
        row("e4", "Kaveri Harbour Desalination Plant Phase II", "Project"),  # another phase
        row("e5", "Godavari Water Treatment Plant Phase 4", "Project"),  # IV written as 4
    ]
    result = score(gold, rows, [])
    assert figures(result.entities) == (2, 5, 5)
    assert result.loose_matches == [
        ("Laxmi Textile Mills Corporation", "Lakshmi Textile Mills Corporation", "spelling"),
        ("Godavari Water Treatment Plant Phase 4", "Godavari Water Treatment Plant Phase IV", "spelling"),
    ]
    assert result.spurious_entities == [
        "Deccan Metro Rail Corridor Phase 4",
        "15th Indo-Nippon Coastal Shipping and Port Logistics Forum",
        "Kaveri Harbour Desalination Plant Phase II",
    ]


def test_a_second_entity_for_a_matched_gold_entity_is_a_duplicate():
    gold = [document("a", [entity("Sakura Steel", aliases=["Sakura Steel Ltd"])])]
    rows = [row("e1", "Sakura Steel"), row("e2", "Sakura Steel Ltd")]
    result = score(gold, rows, [])
    assert figures(result.entities) == (1, 2, 1)
    assert result.entities.precision == 0.5
    assert result.entities.recall == 1.0
    assert result.duplicates == [("Sakura Steel Ltd", "Sakura Steel")]
    assert result.duplicate_count == 1
    assert result.spurious_entities == []  # a duplicate is reported once, as a duplicate


def test_full_name_matches_are_assigned_before_alias_matches():
    # Both gold entities have the alias KPA; "KPA" comes first by id, yet the full
    # name match of e2 is assigned first, so both extracted entities find a partner.
    gold = [
        document(
            "a",
            [entity("Kobe Port Authority", aliases=["KPA"]), entity("Kolkata Port Agency", aliases=["KPA"])],
        )
    ]
    rows = [row("e1", "KPA"), row("e2", "Kobe Port Authority")]
    result = score(gold, rows, [])
    assert figures(result.entities) == (2, 2, 2)
    assert result.duplicates == []


def test_the_result_does_not_depend_on_row_order():
    gold = [document("a", [entity("Sakura Steel", aliases=["SSC"]), entity("Deccan Alloys")])]
    rows = [
        row("e1", "SSC"), row("e2", "Sakura Steel"), row("e3", "Deccan Alloys"), row("e4", "Deccan Alloy")
    ]
    shuffled = rows[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != rows
    assert score(gold, shuffled, []) == score(gold, rows, [])


def test_entity_rows_must_have_distinct_ids():
    with pytest.raises(ValueError, match="e1"):
        score([], [row("e1", "Sakura Steel"), row("e1", "Sakura Steel Ltd")], [])


# ---------------------------------------------------------------- the gold of several documents


def test_gold_entities_of_different_documents_join_on_a_shared_name_or_alias():
    gold = [
        document(
            "a",
            [
                entity("Kaveri Robotics Limited", aliases=["KRL"]),
                entity("Haruto Sakamoto", "Person"),
                entity("Memorandum of Cooperation", "Agreement", aliases=["MoC"]),
                entity("Memorandum of Understanding", "Agreement", aliases=["MoU"]),
                entity("Kobe Port Authority", aliases=["KPA"]),
                entity("Kolkata Port Agency", aliases=["KPA"]),
            ],
        ),
        document(
            "b",
            [
                entity("KRL"),
                entity("SAKAMOTO Haruto", "Person"),
                entity("Memorandum of Cooperation", "Agreement"),  # same full name: joins
                # a generic alias: does not join
                entity("Harbour Logistics Memorandum", "Agreement", aliases=["MoU"]),
            ],
        ),
    ]
    merged = merge_gold(gold)
    assert [(e.name, e.documents) for e in merged.entities] == [
        ("Kaveri Robotics Limited", ["a", "b"]),
        ("Haruto Sakamoto", ["a", "b"]),
        ("Memorandum of Cooperation", ["a", "b"]),
        ("Memorandum of Understanding", ["a"]),
        ("Kobe Port Authority", ["a"]),  # a shared alias in one document does not join
        ("Kolkata Port Agency", ["a"]),
        ("Harbour Logistics Memorandum", ["b"]),
    ]
    assert score(gold, [], []).entities.gold == 7


def test_a_joined_gold_entity_keeps_the_relations_of_every_document():
    gold = [
        partners_gold()[0],
        document(
            "b",
            [entity("Sakura Steel"), entity("Kaveri Robotics")],
            [("Sakura Steel", "investsIn", "Kaveri Robotics")],
        ),
    ]
    rows = [row("e1", "Sakura Steel"), row("e2", "Deccan Alloys"), row("e3", "Kaveri Robotics")]
    relations = [link("e1", "partnerOf", "e2"), link("e1", "investsIn", "e3")]
    result = score(gold, rows, relations)
    assert figures(result.entities) == (3, 3, 3)
    assert figures(result.relations) == (2, 2, 2)


# ---------------------------------------------------------------- unnamed agreements and events


def unnamed_gold():
    return [
        document(
            "a",
            [
                entity("Sakura Steel"),
                entity("Deccan Alloys"),
                entity("Nilgiri Motors"),
                entity("Memorandum of Understanding", "Agreement", aliases=["MoU"]),
                entity("Annual Summit", "Event"),
            ],
            [
                ("Sakura Steel", "partyTo", "Memorandum of Understanding"),
                ("Deccan Alloys", "partyTo", "Memorandum of Understanding"),
                ("Nilgiri Motors", "organizes", "Annual Summit"),
            ],
        )
    ]


def test_an_unnamed_agreement_is_matched_by_two_linked_entities():
    rows = [
        row("e1", "Sakura Steel"),
        row("e2", "Deccan Alloys"),
        row("e3", "MoU between Sakura Steel and Deccan Alloys (2024-03-01)", "Agreement"),
    ]
    relations = [link("e1", "partyTo", "e3"), link("e2", "partyTo", "e3")]
    result = score(unnamed_gold(), rows, relations)
    assert figures(result.entities) == (3, 3, 5)
    assert result.loose_matches == [
        ("MoU between Sakura Steel and Deccan Alloys (2024-03-01)", "Memorandum of Understanding", "links")
    ]
    assert figures(result.relations) == (2, 2, 3)


def test_an_unnamed_event_is_matched_by_the_one_entity_its_gold_has():
    rows = [row("e1", "Nilgiri Motors"), row("e2", "Summit hosted by Nilgiri Motors (2024)", "Event")]
    result = score(unnamed_gold(), rows, [link("e1", "organizes", "e2")])
    assert figures(result.entities) == (2, 2, 5)
    assert result.loose_matches == [("Summit hosted by Nilgiri Motors (2024)", "Annual Summit", "links")]


def test_one_link_in_common_is_not_enough_when_the_gold_has_two():
    rows = [row("e1", "Sakura Steel"), row("e2", "Deal of Sakura Steel (2024)", "Agreement")]
    result = score(unnamed_gold(), rows, [link("e1", "partyTo", "e2")])
    assert figures(result.entities) == (1, 2, 5)
    assert result.spurious_entities == ["Deal of Sakura Steel (2024)"]


def test_a_second_unnamed_agreement_with_the_same_links_is_a_duplicate():
    rows = [
        row("e1", "Sakura Steel"),
        row("e2", "Deccan Alloys"),
        row("e3", "MoU between Sakura Steel and Deccan Alloys", "Agreement"),
        row("e4", "Sakura Steel and Deccan Alloys agreement", "Agreement"),
    ]
    relations = [link(s, "partyTo", a) for s in ("e1", "e2") for a in ("e3", "e4")]
    result = score(unnamed_gold(), rows, relations)
    assert figures(result.entities) == (3, 4, 5)
    assert result.duplicates == [("Sakura Steel and Deccan Alloys agreement", "Memorandum of Understanding")]


# ---------------------------------------------------------------- relations


def test_partner_of_counts_once_whichever_way_it_is_stated():
    rows = [row("e1", "Sakura Steel"), row("e2", "Deccan Alloys")]
    relations = [link("e2", "partnerOf", "e1"), link("e1", "partnerOf", "e2"), link("e1", "partnerOf", "e2")]
    result = score(partners_gold(), rows, relations)
    assert figures(result.relations) == (1, 1, 1)
    assert figures(result.pairs) == (1, 1, 1)


def test_direction_matters_for_other_relations_but_not_for_pairs():
    gold = [
        document(
            "a",
            [entity("Sakura Steel"), entity("Deccan Alloys Japan"), entity("Kaveri Robotics")],
            [
                ("Deccan Alloys Japan", "ownedBy", "Sakura Steel"),
                ("Sakura Steel", "investsIn", "Kaveri Robotics"),
            ],
        )
    ]
    rows = [row("e1", "Sakura Steel"), row("e2", "Deccan Alloys Japan"), row("e3", "Kaveri Robotics")]
    relations = [link("e1", "ownedBy", "e2"), link("e1", "investsIn", "e3")]
    result = score(gold, rows, relations)
    assert figures(result.relations) == (1, 2, 2)
    assert (result.relations.precision, result.relations.recall) == (0.5, 0.5)
    assert figures(result.pairs) == (2, 2, 2)
    assert result.missed_relations == [("Deccan Alloys Japan", "ownedBy", "Sakura Steel")]
    assert result.spurious_relations == [("Sakura Steel", "ownedBy", "Deccan Alloys Japan")]


def test_country_relations_are_scored_through_the_entity_country_only():
    gold = [
        document(
            "a",
            [entity("Japan", "Country", "JP"), entity("Sakura Steel"), entity("Deccan Alloys")],
            [("Sakura Steel", "country", "Japan"), ("Sakura Steel", "partnerOf", "Deccan Alloys")],
        )
    ]
    rows = [
        row("e1", "Sakura Steel", country="JP"),
        row("e2", "Japan", "Country", "JP"),
        row("e3", "India", "Country", "IN"),
        row("e4", "Deccan Alloys"),
    ]
    relations = [link("e1", "country", "e2"), link("e1", "country", "e3"), link("e1", "partnerOf", "e4")]
    result = score(gold, rows, relations)
    assert figures(result.relations) == (1, 1, 1)
    assert figures(result.pairs) == (1, 1, 1)
    # Sakura Steel's gold country comes from its country relation (JP), Japan's from its field.
    assert (result.countries.correct, result.countries.total) == (2, 2)


def test_relations_to_things_that_are_not_entities_are_left_out():
    rows = [row("e1", "Sakura Steel"), row("e2", "Deccan Alloys")]
    relations = [link("e1", "partnerOf", "e2"), link("e1", "mentionedIn", "doc:a")]
    assert figures(score(partners_gold(), rows, relations).relations) == (1, 1, 1)


# ---------------------------------------------------------------- type and country accuracy


def test_type_and_country_accuracy_over_matched_entities():
    gold = [
        document(
            "a",
            [
                entity("Sakura Steel", country="JP"),
                entity("Deccan Alloys", country="IN"),
                entity("Godavari Delta", "Place"),
                entity("Haruto Sakamoto", "Person", "JP"),
                entity("Kaveri Robotics", country="IN"),  # not extracted: in neither accuracy
            ],
        )
    ]
    rows = [
        row("e1", "Sakura Steel", country="jp"),
        row("e2", "Deccan Alloys", "Organization", "JP"),
        row("e3", "Godavari Delta", "Place", "IN"),  # the gold gives no country: not counted
        row("e4", "Haruto Sakamoto", "Person", None),
    ]
    result = score(gold, rows, [])
    assert (result.types.correct, result.types.total) == (3, 4)
    assert result.types.value == 0.75
    assert (result.countries.correct, result.countries.total) == (1, 3)
    assert [(m.extracted, m.found, m.expected) for m in result.type_mismatches] == [
        ("Deccan Alloys", "Organization", "Company")
    ]
    assert [(m.extracted, m.found, m.expected) for m in result.country_mismatches] == [
        ("Deccan Alloys", "JP", "IN"),
        ("Haruto Sakamoto", None, "JP"),
    ]


# ---------------------------------------------------------------- loading and reporting


def test_load_gold_reads_a_valid_file(tmp_path):
    path = tmp_path / "gold.json"
    gold = [document("a", [entity("Sakura Steel")])]
    path.write_text(json.dumps(gold), encoding="utf-8")
    assert load_gold(path) == gold


@pytest.mark.parametrize(
    "content, message",
    [
        ("[{", "not valid JSON"),
        ('{"doc": "a"}', "top level must be a list"),
        ('[{"doc": "a", "entities": [{"name": "Sakura Steel"}], "relations": []}]', "'type'"),
        ('[{"doc": "a", "entities": []}]', "'relations' must be a list"),
        (
            '[{"doc": "a", "entities": [{"name": "Sakura Steel", "type": "Company"},'
            ' {"name": "Sakura Steel", "type": "Person"}], "relations": []}]',
            "'Sakura Steel' appears twice",
        ),
        (
            '[{"doc": "a", "entities": [{"name": "Sakura Steel", "type": "Company"}],'
            ' "relations": [{"s": "Sakura Steel", "p": "partnerOf", "o": "Deccan Alloys"}]}]',
            "'Deccan Alloys' is not one of its entities",
        ),
        (
            '[{"doc": "a", "entities": [{"name": "Sakura Steel", "type": "Company"}],'
            ' "relations": [{"s": "Sakura Steel", "p": "likes", "o": "Sakura Steel"}]}]',
            "unknown type 'likes'",
        ),
    ],
)
def test_load_gold_names_the_file_and_the_fault(tmp_path, content, message):
    path = tmp_path / "broken.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError) as error:
        load_gold(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_report_shows_the_figures_and_lists_only_when_verbose():
    gold = [document("a", [entity("Sakura Steel"), entity("Deccan Alloys"), entity("Kaveri Robotics")])]
    rows = [row("e1", "Sakura Steel"), row("e2", "Deccan Alloys"), row("e3", "Nilgiri Motors")]
    result = score(gold, rows, [])
    short, verbose = format_report(result), format_report(result, verbose=True)
    assert "entities        0.667  0.667  0.667" in short
    assert "type accuracy 1.000 (2/2)" in short
    assert "duplicates 0" in short
    assert "Kaveri Robotics" not in short
    assert "missed entities (1)\n  Kaveri Robotics" in verbose
    assert "spurious entities (1)\n  Nilgiri Motors" in verbose


# ---------------------------------------------------------------- the gold against itself


@pytest.mark.skipif(not SEED_GOLD.exists(), reason="the seed gold file is not here")
def test_the_seed_gold_scored_against_itself_is_perfect():
    gold = load_gold(SEED_GOLD)
    merged = merge_gold(gold)
    assert len(merged.entities) < sum(len(d["entities"]) for d in gold)  # India, Japan… are shared
    rows = [
        row(f"x:{e.id}", e.name, e.types[0], (e.countries or [None])[0], e.names[1:] + e.aliases)
        for e in merged.entities
    ]
    relations = [link(f"x:{s}", p, f"x:{o}") for s, p, o in merged.relations]
    result = score(gold, rows, relations)
    for ratio in (result.entities, result.relations, result.pairs):
        assert (ratio.precision, ratio.recall, ratio.f1) == (1.0, 1.0, 1.0)
    assert result.types.value == 1.0
    assert result.countries.value == 1.0
    assert result.duplicates == []
    assert result.missed_relations == [] and result.spurious_relations == []
