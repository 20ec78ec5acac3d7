"""Tests for loaders.extract.resolution: one entity per real-world thing.

Sentences are written for the test; only the small test registry is loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract import build_pipeline
from loaders.extract.registry import REGISTRY_VARIABLE
from loaders.extract.resolution import is_short_form, numbers_of, similar
from schema.models import entity_key

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"


@pytest.fixture()
def nlp(monkeypatch):
    monkeypatch.delenv(REGISTRY_VARIABLE, raising=False)
    return build_pipeline([SMALL], bundled_registry=False)


def entities(nlp, text: str):
    """Named entities by name (the relation rules' described entities left out)."""
    return {e.name: e for e in nlp(text)._.entities.values() if e.origin != "described"}


# ---------------------------------------------------------------- pure helpers


def test_numbers_of_reads_ordinals_decimals_and_roman_numerals():
    assert numbers_of("5th Port Dialogue") == ("5",)
    assert numbers_of("Harbour Plan 2.0") == ("2.0",)
    assert numbers_of("Dam Phase III") == ("III",)


def test_similar_spellings_merge_but_different_numbers_never_do():
    assert similar("Naniwa Special Steels", "Naniwa Speciality Steel")
    assert not similar("Pune Metro Phase 2", "Pune Metro Phase 3")
    assert not similar("5th Port Dialogue", "6th Port Dialogue")
    assert not similar("Kobe Steel", "Kyoto Silk")


def test_short_forms():
    assert is_short_form("Hokuriku Cement", "Hokuriku Cement Corporation", "Company")
    assert not is_short_form("Suzuki Motor", "Maruti Suzuki", "Company")
    assert not is_short_form("Tata Steel", "Tata Electronics", "Company")
    assert not is_short_form("Nippon Steel", "ArcelorMittal Nippon Steel", "Company")
    assert is_short_form("Menon", "Ravi K. Menon", "Person")
    assert is_short_form("Ravi Menon", "Ravi K. Menon", "Person")
    assert not is_short_form("Ravi Kumar", "Ravi K. Menon", "Person")


# ---------------------------------------------------------------- in the pipeline


def test_a_short_form_joins_the_full_name(nlp):
    found = entities(nlp, "Hokuriku Cement Corporation opened a kiln. Hokuriku Cement said costs fell.")
    assert list(found) == ["Hokuriku Cement Corporation"]
    assert found["Hokuriku Cement Corporation"].aliases == ["Hokuriku Cement"]


def test_case_variants_are_one_entity(nlp):
    found = entities(nlp, "DECCAN Motors grew. Later Deccan Motors shrank.")
    assert list(found) == ["Deccan Motors"]
    assert len(found["Deccan Motors"].mentions) == 2


def test_spelling_variants_of_one_article_merge(nlp):
    text = "Naniwa Special Steels signed. The deal lifts Naniwa Speciality Steel shares."
    found = entities(nlp, text)
    assert list(found) == ["Naniwa Speciality Steel"]  # the longer form is kept as the name
    assert found["Naniwa Speciality Steel"].aliases == ["Naniwa Special Steels"]


def test_a_bilateral_name_without_its_countries_is_the_same_event(nlp):
    text = "The 5th India-Japan Port Dialogue met. At the 5th Port Dialogue, ports were discussed."
    found = entities(nlp, text)
    assert [n for n, e in found.items() if e.type == "Event"] == ["5th India-Japan Port Dialogue"]


def test_different_editions_stay_apart(nlp):
    found = entities(nlp, "The 5th Port Dialogue followed the 4th Port Dialogue.")
    assert sorted(found) == ["4th Port Dialogue", "5th Port Dialogue"]


def test_different_companies_sharing_words_stay_apart(nlp):
    text = "Deccan Steel Ltd and Deccan Electronics Ltd both grew."
    assert sorted(entities(nlp, text)) == ["Deccan Electronics Ltd", "Deccan Steel Ltd"]


def test_a_person_written_in_either_order_and_capitals_is_one_person(nlp):
    text = "Prime Minister Hanako Ueda spoke. UEDA Hanako left. Ueda waved."
    (person,) = entities(nlp, text).values()
    assert person.name == "Hanako Ueda"
    assert [m.text for m in person.mentions] == ["Hanako Ueda", "UEDA Hanako", "Ueda"]


def test_registry_names_are_canonical_and_every_mention_gets_the_key(nlp):
    doc = nlp("Kobelco and Kobe Steel Ltd are one firm; Larsen & Toubro is another.")
    keys = {e.text: e.kb_id_ for e in doc.ents}
    assert keys == {
        "Kobelco": entity_key("Kobe Steel", "Company"),
        "Kobe Steel Ltd": entity_key("Kobe Steel", "Company"),
        "Larsen & Toubro": entity_key("Larsen & Toubro", "Company"),
    }
    kobe = doc._.entities[entity_key("Kobe Steel", "Company")]
    assert (kobe.name, kobe.origin, kobe.key_name, kobe.country) == ("Kobe Steel", "registry", "Kobe Steel", "JP")
