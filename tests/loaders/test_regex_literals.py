"""Tests for loaders.extract.regex_literals: the literal words a pattern needs.

The gate must never be too strict: wherever a pattern matches, ``may_match``
must say it may. Texts are written for the test.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest

from loaders.extract import qualifiers, relation_rules, rules_events, rules_modifiers, rules_people
from loaders.extract.regex_literals import GatedPattern, may_match, required_literals
from loaders.extract.resolution import SIMILARITY, _spelt_alike
from loaders.extract.rules_base import compile_pattern
from loaders.extract.rules_patterns import PATTERN_RULES


def needs(regex: str, flags: int = 0) -> list[list[str]]:
    return sorted(sorted(options) for options in required_literals(re.compile(regex, flags)))


def test_literal_runs_and_branches_are_needed():
    assert needs(r"stake in") == [["stake in"]]
    assert needs(r"(?:teamed|joined)\s+up") == [["joined", "teamed"], ["up"]]


def test_optional_parts_classes_and_lookarounds_need_nothing():
    assert needs(r"(?:the )?[A-Z]\w*(?=Ltd)(?<!x)") == []
    assert needs(r"a{0,3}") == [] and needs(r"(?:ab)+") == [["ab"]]


def test_a_branch_with_an_empty_alternative_needs_nothing():
    assert needs(r"(?:signed|\d+) deal") == [[" deal"]]


def test_case_insensitive_patterns_need_nothing():
    assert needs(r"stake", re.IGNORECASE) == []
    assert needs(r"(?i:stake) in") == [[" in"]]


def test_options_holding_another_option_are_dropped():
    assert needs(r"(?:Jan|January|Feb)\b") == [["Feb", "Jan"]]


def test_gated_pattern_answers_like_the_pattern():
    gated = GatedPattern(re.compile(r"(?P<who>\w+) signed (?:an|the) MoU"))
    for text in ["Kobe signed the MoU.", "Kobe signed an MoU and Osaka signed the MoU.", "Kobe met Osaka."]:
        assert [m.span() for m in gated.finditer(text)] == [m.span() for m in gated.regex.finditer(text)]
        found, expected = gated.search(text), gated.regex.search(text)
        assert (found and found.span()) == (expected and expected.span())


# Masked clauses in the rules' own wording, so that many rules match one of them.
CLAUSES = [
    "⟦Company#0⟧ and ⟦Company#1⟧ have formed a joint venture with ⟦Company#2⟧.",
    "⟦Company#0⟧ teamed up with ⟦Company#1⟧ and ⟦Organization#2⟧ on ⟦Project#3⟧",
    "⟦Company#0⟧ took a 26% stake in ⟦Company#1⟧, the joint venture named ⟦Company#2⟧",
    "⟦Country#0⟧'s ODA loan for the ⟦Project#1⟧ was signed by ⟦Person#2⟧ in ⟦Place#3⟧",
    "An MoU was signed between ⟦GovernmentBody#0⟧ and ⟦Company#1⟧ on 4 December 2025.",
    "⟦Person#0⟧, Chairman, ⟦Company#1⟧, met Prime Minister ⟦Person#2⟧ in ⟦Place#3⟧",
    "The meeting was co-chaired by ⟦Person#0⟧ and hosted by ⟦GovernmentBody#1⟧",
    "⟦Country#0⟧ and ⟦Country#1⟧ are founding members of the ⟦Organization#2⟧",
    "⟦Company#0⟧ (the largest producer) is a subsidiary of ⟦Company#1⟧ of ⟦Country#2⟧",
    "the Japan-based ⟦Company#0⟧, headquartered in ⟦Place#1⟧, exports steel to ⟦Country#2⟧",
    "⟦Company#0⟧ is building the ⟦Project#1⟧ in ⟦Place#2⟧, funded by ⟦GovernmentBody#3⟧",
    "a business roundtable hosted by ⟦Organization#0⟧, attended by ⟦Person#1⟧",
    "FY 2023-24, Q1 2024, the first quarter of 2025, the 1990s, between 2000 and 2011, last year",
    "USD 68 billion, ₹15,750 crore, Rs. 1.08 lakh crore and a 10 trillion-yen pledge",
]


def _patterns():
    for rule in PATTERN_RULES:
        yield rule.name, rule.pattern
    for rewrite in rules_modifiers.REWRITES:
        yield rewrite.name, rewrite.pattern
    for module in (relation_rules, rules_events, rules_people, qualifiers):
        for name, value in vars(module).items():
            if isinstance(value, GatedPattern):
                yield name, value.regex
    for kind, pattern, _ in qualifiers._DATE_FORMS:
        yield kind, pattern.regex


@pytest.mark.parametrize("name, pattern", list(_patterns()))
def test_the_gate_never_stops_a_pattern_that_matches(name, pattern):
    requirement = required_literals(pattern)
    for clause in CLAUSES:
        for text in (clause, clause.replace("⟧ ", "⟧, ")):
            if pattern.search(text):
                assert may_match(requirement, text), (name, text)


def test_the_rules_match_some_of_the_clauses():
    """The soundness test above is only worth something if the rules fire on its texts."""
    matching = {name for name, pattern in _patterns() for clause in CLAUSES if pattern.search(clause)}
    assert len(matching) >= 25


def test_the_gate_skips_clauses_without_the_words():
    pattern = compile_pattern("{A} (?:teamed|tied) up with {B*}")
    assert not may_match(required_literals(pattern), "⟦Company#0⟧ met ⟦Company#1⟧")


@pytest.mark.parametrize("a, b", [
    ("vardhman special steels", "vardhaman speciality steel"),
    ("kobe steel", "kyoto silk"),
    ("tata", "tata steel india limited"),
    ("", ""),
    ("aichi steel", "aichi steel"),
])
def test_spelling_pre_checks_agree_with_the_ratio(a, b):
    expected = SequenceMatcher(None, a, b).ratio() >= SIMILARITY
    assert _spelt_alike(a, SequenceMatcher(None, "", b)) == expected
