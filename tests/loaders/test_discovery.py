"""Tests for loaders.extract.discovery: names that are in no registry.

Only the small test registry (tests/data/registry/small.csv) is loaded, so every
company, person and programme below is found by the rules. The sentences are
written for the test, about made-up or unrelated things; expected values are
worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract import build_pipeline
from loaders.extract.discovery import heading_lines
from loaders.extract.registry import REGISTRY_VARIABLE

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"


@pytest.fixture()
def nlp(monkeypatch):
    monkeypatch.delenv(REGISTRY_VARIABLE, raising=False)
    return build_pipeline([SMALL], bundled_registry=False)


def found(nlp, text: str) -> dict[str, tuple[str, str | None]]:
    """Entity name → (type, country), countries, places and the relation rules'
    described entities left out."""
    entities = nlp(text)._.entities.values()
    return {
        e.name: (e.type, e.country)
        for e in entities
        if e.type not in ("Country", "Place") and e.origin != "described"
    }


# ---------------------------------------------------------------- organisations


def test_company_suffixes_and_a_company_joined_by_and(nlp):
    assert found(nlp, "Hokuriku Cement Ltd and Mahindra signed a supply deal.") == {
        "Hokuriku Cement Ltd": ("Company", None),
        "Mahindra": ("Company", None),
    }


def test_home_country_from_the_words_around_a_company(nlp):
    text = (
        "The Osaka-based Naniwa Steels will supply India's Deccan Motors. "
        "Japanese tube maker Sakai Tubes Corporation joined them."
    )
    assert found(nlp, text) == {
        "Naniwa Steels": ("Company", "JP"),
        "Deccan Motors": ("Company", "IN"),
        "Sakai Tubes Corporation": ("Company", "JP"),
    }


def test_a_company_of_a_country_drops_the_country_from_its_name(nlp):
    assert found(nlp, "Recently, Shinano Cable Corporation of Japan opened a plant.") == {
        "Shinano Cable Corporation": ("Company", "JP"),
    }


def test_ministries_with_comma_lists_and_agencies(nlp):
    text = (
        "The Ministry of Land, Infrastructure, Transport and Tourism and the "
        "Korea Port Agency met the Ministry of Railways."
    )
    assert found(nlp, text) == {
        "Ministry of Land, Infrastructure, Transport and Tourism": ("GovernmentBody", None),
        "Korea Port Agency": ("GovernmentBody", None),
        "Ministry of Railways": ("GovernmentBody", "IN"),  # the registry's entry
    }


def test_universities_and_institutes(nlp):
    text = "Researchers of Kyushu University and the Nagpur Institute of Marine Studies met."
    assert found(nlp, text) == {
        "Kyushu University": ("Organization", None),
        "Nagpur Institute of Marine Studies": ("Organization", "IN"),
    }


def test_parenthesised_abbreviation_becomes_an_alias_and_later_mentions_resolve(nlp):
    doc = nlp("Hokuriku Cement Corporation (HCC) grew. Later, HCC hired 40 people.")
    entity = doc._.entities["hokuriku-cement-corporation"]
    assert entity.aliases == ["HCC"]
    assert [m.text for m in entity.mentions] == ["Hokuriku Cement Corporation", "HCC", "HCC"]


def test_names_listed_after_a_plural_noun(nlp):
    assert found(nlp, "Carmakers gathered, including automakers such as Mazda, Subaru and Isuzu.") == {
        "Mazda": ("Company", None),
        "Subaru": ("Company", None),
        "Isuzu": ("Company", None),
    }


# ---------------------------------------------------------------- people


def test_people_after_titles(nlp):
    text = (
        "Union Minister of Railways Ashwini Vaishnaw met Japanese Prime Minister Taro Yamada "
        "and Mr. Ravi K. Menon in Nagpur."
    )
    assert found(nlp, text) == {
        "Ashwini Vaishnaw": ("Person", "IN"),
        "Taro Yamada": ("Person", "JP"),
        "Ravi K. Menon": ("Person", None),
    }


def test_people_before_titles_and_joined_to_a_person(nlp):
    text = "It was signed by Anil Kumar Rao and Keiko Mori, Deputy Director General, Ministry of Railways."
    assert found(nlp, text) == {
        "Anil Kumar Rao": ("Person", None),
        "Keiko Mori": ("Person", "IN"),  # the country of the ministry after the title
        "Ministry of Railways": ("GovernmentBody", "IN"),
    }


def test_a_glued_country_and_a_japanese_name_in_capitals(nlp):
    doc = nlp("Minister of Trade of JapanSato Kenji spoke. Later SATO Kenji left.")
    (person,) = [e for e in doc._.entities.values() if e.type == "Person"]
    assert person.country == "JP"
    assert sorted(m.text for m in person.mentions) == ["SATO Kenji", "Sato Kenji"]


def test_people_after_a_role_and_before_is_a_role(nlp):
    text = "The Indian poet Kalidasa wrote plays.\n\nMeera Joshi is a marine researcher in Goa."
    assert found(nlp, text) == {"Kalidasa": ("Person", "IN"), "Meera Joshi": ("Person", None)}


def test_a_surname_alone_is_the_same_person(nlp):
    doc = nlp("Chief Minister Devendra Patil opened the road. Patil said it was late.")
    (person,) = [e for e in doc._.entities.values() if e.origin != "described"]
    assert [m.text for m in person.mentions] == ["Devendra Patil", "Patil"]


# ---------------------------------------------------------------- agreements, events, programmes


def test_agreements(nlp):
    text = (
        "A Memorandum of Cooperation on battery recycling signed in May followed the "
        "Treaty of Lisbon and the Coastal Shipping Agreement."
    )
    assert found(nlp, text) == {
        "Memorandum of Cooperation on battery recycling": ("Agreement", None),
        "Treaty of Lisbon": ("Agreement", None),
        "Coastal Shipping Agreement": ("Agreement", None),
    }


def test_an_ordinal_makes_a_dialogue_an_event(nlp):
    text = "The 7th India-Japan Port Dialogue reviewed the India-Japan Port Dialogue itself."
    assert found(nlp, text) == {
        "7th India-Japan Port Dialogue": ("Event", None),
        "India-Japan Port Dialogue": ("Initiative", None),
    }


def test_exercises_and_programmes(nlp):
    text = (
        "Navies held exercises like Sea Dragon, and the Skills for Tomorrow program "
        "joined the Green Hydrogen Mission."
    )
    assert found(nlp, text) == {
        "Sea Dragon": ("Event", None),
        "Skills for Tomorrow program": ("Initiative", None),
        "Green Hydrogen Mission": ("Initiative", None),
    }


def test_projects_keep_their_phase_numbers_apart(nlp):
    text = "Loans fund Pune Metro Phase 3, Pune Metro Phase 2, the Nagpur Outer Ring Corridor and the Surat-Nashik freight project."
    assert found(nlp, text) == {
        "Pune Metro Phase 3": ("Project", None),
        "Pune Metro Phase 2": ("Project", None),
        "Nagpur Outer Ring Corridor": ("Project", "IN"),
        "Surat-Nashik freight project": ("Project", None),
    }


# ---------------------------------------------------------------- what is never a name


def test_generic_phrases_are_not_entities(nlp):
    text = (
        "Japanese firms and Indian plants welcomed it. The two countries agreed. "
        "Steel matters. Crude steel output rose, and Crude Steel prices fell. "
        "Strategic Partnership talks and the Global Framework continued."
    )
    assert found(nlp, text) == {}


def test_title_case_headings_yield_no_weak_names():
    text = "Coastal Shipping Partnership Gains Pace\nNew Trade Framework\nOfficials met on Monday."
    assert heading_lines(text) == [(0, 39), (40, 59)]


def test_a_heading_name_counts_when_the_body_writes_it(nlp):
    weak_only = "Coastal Shipping Partnership Gains Pace\nOfficials met on Monday."
    confirmed = "Coastal Shipping Partnership\nThe Coastal Shipping Partnership began in May."
    assert found(nlp, weak_only) == {}
    assert found(nlp, confirmed) == {"Coastal Shipping Partnership": ("Initiative", None)}


def test_titles_are_not_companies(nlp):
    assert found(nlp, "The Union Minister of Steel spoke about Ties of Steel.") == {}


def test_a_known_company_name_continued_by_a_business_line_is_another_company():
    from loaders.extract import extract
    from schema.models import Document

    text = "Hitachi Energy will supply transformers, and Sony opened a plant. Hitachi said it would grow."
    facts = extract(Document(id="t.txt", source="t.txt", content_hash="0" * 64, text=text))
    companies = {e.name: e for e in facts.entities if e.type == "Company"}
    assert "Hitachi Energy" in companies and companies["Hitachi Energy"].origin == "discovered"
    assert "Hitachi" in companies  # the parent, named alone in the last sentence, stays itself
    # a word that is no business line does not extend the name
    assert not any(name.startswith("Sony ") and name != "Sony Group Corporation" for name in companies)
