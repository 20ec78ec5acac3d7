"""Tests for loaders.extract.registry: matching registry names in text.

The registry is tests/data/registry/small.csv (made-up rows); every sentence is
written for the test and the expected mentions are worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.extract import build_pipeline
from loaders.extract.registry import (
    REGISTRY_VARIABLE,
    dash_variants,
    is_short_capitals,
    read_registry_csv,
    registry_paths,
)
from schema.models import entity_key

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"


@pytest.fixture()
def nlp(monkeypatch):
    monkeypatch.delenv(REGISTRY_VARIABLE, raising=False)
    return build_pipeline([SMALL], bundled_registry=False)


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    """(text, label, kb_id) of every mention."""
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


def test_reading_the_csv_keeps_aliases_and_skips_unknown_types():
    entries = {e.name: e for e in read_registry_csv(SMALL)}
    assert entries["Kobe Steel"].aliases == ("Kobe Steel Ltd", "Kobelco")
    assert entries["Kobe Steel"].country == "JP"
    assert "Harbour Council" not in entries  # its type "Dragon" is no entity type


def test_ordinary_names_match_in_any_case_when_written_like_names(nlp):
    assert mentions(nlp, "KOBE STEEL raised prices.") == [("KOBE STEEL", "Company", "kobe-steel")]
    assert mentions(nlp, "a kobe steel plate") == []  # lower case: not written as a name


def test_short_capitals_match_only_exactly(nlp):
    found = mentions(nlp, "Ships sail from Osaka while SAIL and L&T sign. Let us thank the US team.")
    assert [(t, label) for t, label, _ in found] == [
        ("Osaka", "Place"),
        ("SAIL", "Company"),
        ("L&T", "Company"),
        ("US", "Country"),
    ]


def test_an_alias_resolves_to_the_canonical_key(nlp):
    (text, label, key), = mentions(nlp, "Kobelco opened an office.")
    assert (text, label, key) == ("Kobelco", "Company", entity_key("Kobe Steel", "Company"))


def test_longest_match_wins(nlp):
    assert mentions(nlp, "Kobe Steel Ltd hired staff.") == [("Kobe Steel Ltd", "Company", "kobe-steel")]


def test_dashes_of_any_kind_match(nlp):
    for dash in ("-", "\u2014", "\u2013"):
        found = mentions(nlp, f"The Mumbai{dash}Pune Expressway reopened.")
        assert found == [(f"Mumbai{dash}Pune Expressway", "Project", "mumbai-pune-expressway")]


def test_possessive_and_adjective(nlp):
    assert mentions(nlp, "Kobe Steel's new mill") == [("Kobe Steel", "Company", "kobe-steel")]
    assert mentions(nlp, "Indian engineers and Japanese buyers") == []  # "Indian" is not India


def test_a_country_glued_to_the_next_name_is_split(nlp):
    doc = nlp("He met the trade minister of IndiaMeera Joshi yesterday.")
    assert [t.text for t in doc][6:9] == ["India", "Meera", "Joshi"]
    assert ("India", "Country") in [(e.text, e.label_) for e in doc.ents]


def test_registry_paths_read_the_environment_variable(monkeypatch, tmp_path):
    extra = tmp_path / "extra.csv"
    extra.write_text("name,type,country,aliases,description\nNaniwa Tubes,Company,JP,,\n", encoding="utf-8")
    monkeypatch.setenv(REGISTRY_VARIABLE, str(extra))
    assert registry_paths(bundled=False) == [extra]
    nlp = build_pipeline([SMALL], bundled_registry=False)
    assert mentions(nlp, "Naniwa Tubes grew.") == [("Naniwa Tubes", "Company", "naniwa-tubes")]


def test_helpers():
    assert is_short_capitals("L&T") and is_short_capitals("US")
    assert not is_short_capitals("Kobelco") and not is_short_capitals("1999")
    assert dash_variants("Kobe") == {"Kobe"}
    assert "A\u2014B" in dash_variants("A-B")
