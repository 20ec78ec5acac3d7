"""Checks on the curated reference registry in ``loaders/data/registry/``.

The registry is hand-written CSV data, so these tests guard its shape
(header, types, country codes), its uniqueness (one row per real-world
entity, no alias shared by two rows) and its safety for matching (no alias
that is an ordinary English word). The spot checks at the end state facts
worked out by hand, not read back from the files.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

REGISTRY = Path(__file__).resolve().parents[2] / "loaders" / "data" / "registry"
HEADER = ["name", "type", "country", "aliases", "description"]
ENTITY_TYPES = {
    "Country", "Company", "GovernmentBody", "Organization", "Person",
    "Place", "Project", "Agreement", "Event", "Initiative",
}

# Which types each file may hold; government files also hold state-owned
# companies (NHSRCL, DMRC, …) so that users find them next to their ministries.
FILE_TYPES = {
    "countries.csv": {"Country"},
    "companies_japan.csv": {"Company"},
    "companies_india.csv": {"Company"},
    "companies_other.csv": {"Company"},
    "government_india.csv": {"GovernmentBody", "Company"},
    "government_japan.csv": {"GovernmentBody"},
    "people.csv": {"Person"},
    "places_india.csv": {"Place"},
    "places_japan.csv": {"Place"},
    "places_other.csv": {"Place"},
    "organizations.csv": {"Organization"},
    "projects.csv": {"Project"},
    "agreements.csv": {"Agreement"},
    "initiatives.csv": {"Initiative"},
    "events.csv": {"Event"},
}

# Single words that would match ordinary prose if used as an alias.
COMMON_WORDS = {
    "steel", "ministry", "sail", "power", "reliance", "total", "shell", "apple",
    "intel", "micron", "saga", "escorts", "alphabet", "bank", "motor", "group",
    "corporation", "company", "government", "centre", "center", "council",
    "agency", "university", "project", "metro", "corridor", "summit", "dialogue",
    "partnership", "agreement", "mou", "sharp", "disco", "dot", "vi", "bob",
    "tel", "toyo", "vale", "oil", "energy", "state", "union", "national",
}
# Lower-case aliases are suspicious (they look like prose); these are brand
# spellings that really are written in lower case.
LOWERCASE_BRANDS = {"worldsteel"}

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def normalise(text: str) -> str:
    """Fold a name the way a tolerant matcher would compare it.

    >>> normalise("Mumbai\u2013Ahmedabad  High-Speed Rail")
    'mumbai-ahmedabad high-speed rail'
    >>> normalise("Larsen & Toubro") == normalise("larsen and toubro")
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate({ord(dash): "-" for dash in DASHES})
    text = text.replace("&", " and ")
    text = re.sub(r"[.,'’()]", "", text)
    return " ".join(text.split())


def split_aliases(field: str) -> list[str]:
    """Split the ``aliases`` field on ``|``; an empty field has no aliases."""
    return field.split("|") if field else []


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Return the header and the rows of one registry file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, values, strict=True)) for values in reader]
    return header, rows


@pytest.fixture(scope="module")
def registry() -> dict[str, list[dict[str, str]]]:
    """All registry rows, keyed by file name."""
    return {path.name: read_rows(path)[1] for path in sorted(REGISTRY.glob("*.csv"))}


def all_rows(registry):
    return [(name, row) for name, rows in registry.items() for row in rows]


def find(registry, name: str) -> dict[str, str]:
    matches = [row for _, row in all_rows(registry) if row["name"] == name]
    assert len(matches) == 1, f"{name!r} should be exactly one row"
    return matches[0]


def test_the_expected_files_exist_and_no_others():
    assert {path.name for path in REGISTRY.glob("*.csv")} == set(FILE_TYPES)


@pytest.mark.parametrize("file_name", sorted(FILE_TYPES))
def test_header_is_exact(file_name):
    header, _ = read_rows(REGISTRY / file_name)
    assert header == HEADER


@pytest.mark.parametrize("file_name", sorted(FILE_TYPES))
def test_types_are_valid_and_fit_the_file(file_name, registry):
    for row in registry[file_name]:
        assert row["type"] in ENTITY_TYPES, row
        assert row["type"] in FILE_TYPES[file_name], row


def test_country_codes_are_two_capital_letters_or_empty(registry):
    for file_name, row in all_rows(registry):
        assert re.fullmatch(r"(|[A-Z]{2})", row["country"]), (file_name, row)


def test_every_country_has_its_own_code(registry):
    codes = [row["country"] for row in registry["countries.csv"]]
    assert all(codes)
    assert len(codes) == len(set(codes))


def test_names_and_descriptions_are_filled_and_trimmed(registry):
    for file_name, row in all_rows(registry):
        for field in ("name", "description"):
            value = row[field]
            assert value and value == value.strip(), (file_name, field, row)


def test_aliases_are_trimmed_and_not_repeated_within_a_row(registry):
    for file_name, row in all_rows(registry):
        aliases = split_aliases(row["aliases"])
        assert all(alias and alias == alias.strip() for alias in aliases), row
        assert len(aliases) == len(set(aliases)), row
        assert row["name"] not in aliases, row


def test_no_name_or_alias_is_shared_by_two_rows(registry):
    owner: dict[str, str] = {}
    clashes = []
    for file_name, row in all_rows(registry):
        row_id = f"{file_name}:{row['name']}"
        for label in {normalise(x) for x in [row["name"], *split_aliases(row["aliases"])]}:
            if label in owner and owner[label] != row_id:
                clashes.append((label, owner[label], row_id))
            owner[label] = row_id
    assert clashes == []


def test_no_alias_is_a_common_english_word(registry):
    # All-caps aliases (SAIL, TEL) are matched case-sensitively, so only the
    # others can be mistaken for prose.
    for file_name, row in all_rows(registry):
        for alias in split_aliases(row["aliases"]):
            if alias.isupper():
                continue
            assert alias.casefold() not in COMMON_WORDS, (file_name, alias)
            if alias == alias.lower() and alias.isalpha():
                assert alias in LOWERCASE_BRANDS, (file_name, alias)


def test_registry_is_broad(registry):
    assert sum(len(rows) for rows in registry.values()) >= 700
    assert len(registry["companies_japan.csv"]) >= 120
    assert len(registry["companies_india.csv"]) >= 120


def test_common_words_check_would_catch_a_bad_alias():
    """The word list really covers the examples the registry must avoid."""
    assert {"steel", "sail", "ministry"} <= COMMON_WORDS


def test_normalise_folds_dashes_ampersands_and_case():
    assert normalise("Delhi\u2013Mumbai Industrial Corridor") == "delhi-mumbai industrial corridor"
    assert normalise("L&T") == normalise("l and t")
    assert normalise("U.S.") == "us"


# Spot checks: facts written down by hand.

def test_meti_is_a_japanese_government_body(registry):
    meti = find(registry, "Ministry of Economy, Trade and Industry")
    assert (meti["type"], meti["country"]) == ("GovernmentBody", "JP")
    assert "METI" in split_aliases(meti["aliases"])


def test_odisha_keeps_its_old_name(registry):
    odisha = find(registry, "Odisha")
    assert (odisha["type"], odisha["country"]) == ("Place", "IN")
    assert "Orissa" in split_aliases(odisha["aliases"])


def test_suzuki_motor_and_maruti_suzuki_stay_apart(registry):
    suzuki = find(registry, "Suzuki Motor Corporation")
    maruti = find(registry, "Maruti Suzuki India Limited")
    assert suzuki["country"] == "JP" and maruti["country"] == "IN"
    assert "Suzuki Motor" in split_aliases(suzuki["aliases"])
    assert "Suzuki Motor" not in split_aliases(maruti["aliases"])


def test_am_ns_india_is_not_nippon_steel(registry):
    amns = find(registry, "ArcelorMittal Nippon Steel India")
    nippon = find(registry, "Nippon Steel Corporation")
    assert "AM/NS India" in split_aliases(amns["aliases"])
    assert "Nippon Steel" in split_aliases(nippon["aliases"])
    assert "Nippon Steel" not in split_aliases(amns["aliases"])


def test_japanese_people_have_family_name_first_aliases(registry):
    kishida = find(registry, "Fumio Kishida")
    assert kishida["type"] == "Person" and kishida["country"] == "JP"
    assert "Kishida Fumio" in split_aliases(kishida["aliases"])


def test_new_delhi_and_delhi_are_two_places(registry):
    new_delhi = find(registry, "New Delhi")
    delhi = find(registry, "Delhi")
    assert new_delhi["type"] == delhi["type"] == "Place"
    assert "Delhi" not in split_aliases(new_delhi["aliases"])


def test_bullet_train_project_carries_its_dash_variants(registry):
    mahsr = find(registry, "Mumbai\u2013Ahmedabad High-Speed Rail Project")
    aliases = split_aliases(mahsr["aliases"])
    assert {"MAHSR", "Mumbai-Ahmedabad bullet train", "Ahmedabad-Mumbai bullet train"} <= set(aliases)


def test_multilateral_bodies_have_no_country(registry):
    for name in ("Quadrilateral Security Dialogue", "G20", "European Union"):
        row = find(registry, name)
        assert row["type"] == "Organization" and row["country"] == ""


def test_every_japanese_person_can_be_found_family_name_first(registry):
    # Okakura Kakuzo is already listed family name first, as is usual for
    # Meiji-era figures; emperors are known by their given names only.
    for row in registry["people.csv"]:
        words = row["name"].split()
        if row["country"] != "JP" or len(words) != 2 or words[0] == "Emperor":
            continue
        labels = {row["name"], *split_aliases(row["aliases"])}
        assert f"{words[1]} {words[0]}" in labels, row["name"]
