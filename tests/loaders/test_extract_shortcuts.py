"""Tests for the shortcuts extraction takes for speed: each must answer exactly as
the slower way it stands for (spaCy's own attributes and matchers, the ungated
patterns). Texts are written for the test.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from loaders.extract import _ODD_SPACE_CHARACTERS, _ODD_SPACES, _blank_odd_spaces, build_pipeline, qualifiers
from loaders.extract.discovery import _has_twins, _is_abbreviation, _occurrences
from loaders.extract.extensions import doc_text, span_text
from loaders.extract.regex_literals import may_match
from loaders.extract.registry import REGISTRY_VARIABLE
from loaders.extract.rules_base import _gate, rule
from loaders.extract.rules_patterns import PATTERN_RULES
from loaders.extract.words import DocWords, is_chunk_text

SMALL = Path(__file__).parent.parent / "data" / "registry" / "small.csv"

TEXTS = [
    "Kobe Steel Ltd and Mahindra signed an MoU on 4th December 2025 in New Delhi.\n\nThe 2nd plant opens in 2027.",
    "KOBE STEEL said  Kobe Steel will invest ₹1,200 crore;\tthe Mayor of Osaka met\u00a0Mr. Rao.",
    "Market talks: Decision on the May 2024 deal, March 3-4, 2025, and FY 2023-24 (Q1 FY25).",
    "Exports to Japan rose 12% in the early 1990s, between 2000 and 2011, and last year.",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv(REGISTRY_VARIABLE, raising=False)
        yield build_pipeline([SMALL], bundled_registry=False)


# ---------------------------------------------------------------- odd spaces, text


def test_odd_space_characters_are_those_the_pattern_blanks():
    matched = "".join(chr(c) for c in range(sys.maxunicode + 1) if _ODD_SPACES.match(chr(c)))
    assert matched == _ODD_SPACE_CHARACTERS


@pytest.mark.parametrize("text", TEXTS + ["a\u2009b\u200bc\ufeff", "plain text\n"])
def test_blanking_matches_the_substitution(text):
    assert _blank_odd_spaces(text) == _ODD_SPACES.sub(" ", text)


@pytest.mark.parametrize("text", TEXTS)
def test_kept_texts_are_spacys(nlp, text):
    doc = nlp(text)
    assert doc_text(doc) == doc.text
    assert all(span_text(span) == span.text for span in [*doc.ents, *doc.sents])


# ---------------------------------------------------------------- token columns


def _words_from_tokens(doc) -> DocWords:
    """DocWords as read one Token at a time (the reference)."""
    tokens = list(doc)
    return DocWords(
        [t.text for t in tokens],
        [t.lower_ for t in tokens],
        [t.whitespace_ for t in tokens],
        [t.is_sent_start for t in tokens],
        [t.is_space for t in tokens],
        [is_chunk_text(t.text, t.like_num) for t in tokens],
        {t.text for t in tokens if t.is_lower and t.is_alpha},
    )


@pytest.mark.parametrize("text", TEXTS)
def test_doc_words_read_as_tokens_say(nlp, text):
    doc = nlp.make_doc(text)
    assert DocWords.read(doc) == _words_from_tokens(doc)  # no sentence starts yet
    nlp.get_pipe("sentencizer")(doc)
    assert DocWords.read(doc) == _words_from_tokens(doc)


# ---------------------------------------------------------------- phrase matching


_NLP = spacy.blank("en")


def _phrase_matcher(doc, phrases: dict[str, str], attr: str) -> list[tuple[int, int, str]]:
    matcher = PhraseMatcher(doc.vocab, attr=attr)
    for key, phrase in phrases.items():
        matcher.add(key, [_NLP.make_doc(phrase)])
    return [(start, end, doc.vocab.strings[key]) for key, start, end in matcher(doc)]


@pytest.mark.parametrize("attr", ["ORTH", "LOWER"])
def test_occurrences_are_the_phrase_matchers(attr):
    doc = _NLP("Kobe Steel and Kobe Steel India met kobe steel, Kobe and Steel Kobe Steel")
    phrases = {"k": "Kobe", "ks": "Kobe Steel", "ksi": "Kobe Steel India", "s": "Steel", "none": "Osaka"}
    words = [t.lower_ if attr == "LOWER" else t.text for t in doc]
    tokens = {
        key: tuple(t.lower_ if attr == "LOWER" else t.text for t in _NLP.make_doc(p)) for key, p in phrases.items()
    }
    assert _occurrences(words, tokens) == _phrase_matcher(doc, phrases, attr)


def test_twins_are_told():
    assert _has_twins({"a": ("kobe", "steel"), "b": ("kobe", "steel")})
    assert not _has_twins({"a": ("kobe",), "b": ("kobe", "steel")})


def _propagation_matches(nlp, doc, forms: list[str]) -> list[tuple[int, int, str]]:
    """Matches of the forms as propagation found them with two PhraseMatchers."""
    exact = PhraseMatcher(doc.vocab, attr="ORTH")
    folded = PhraseMatcher(doc.vocab, attr="LOWER")
    for form in forms:
        matcher = exact if _is_abbreviation(form) or " " not in form else folded
        matcher.add(form, [nlp.make_doc(form)])
    return [(start, end, doc.vocab.strings[key]) for matcher in (exact, folded) for key, start, end in matcher(doc)]


@pytest.mark.parametrize("text", TEXTS[:2])
@pytest.mark.parametrize(
    "forms",
    [
        ["Kobe Steel", "KOBE STEEL", "Kobe", "Rao", "MoU", "Steel"],
        ["Kobe Steel", "kobe steel", "Kobe"],  # twins: the matchers are built after all
    ],
)
def test_propagation_matches_phrase_matchers(nlp, text, forms):
    doc = nlp(text)
    assert nlp.get_pipe("ijkg_discovery")._occurrences(doc, forms) == _propagation_matches(nlp, doc, forms)


# ---------------------------------------------------------------- rule gate


def _clauses() -> list[str]:
    return [
        "⟦Company#0⟧ and ⟦Company#1⟧ formed a joint venture with ⟦Company#2⟧",
        "⟦Country#0⟧ and ⟦Country#1⟧ strengthened their ties",
        "⟦Person#0⟧ chaired ⟦Event#1⟧ in ⟦Place#2⟧",
        "the meeting was co-chaired by ⟦Person#0⟧",
        "nothing to see here",
        "",
    ]


@pytest.mark.parametrize("text", _clauses())
def test_rule_gate_passes_the_rules_may_match_passes(text):
    assert _gate(PATTERN_RULES).passing(text) == [r for r in PATTERN_RULES if may_match(r.needs, text)]


def test_rule_gate_follows_a_changed_list():
    rules = [rule("a", "{A} teamed up with {B}", ("A", "partnerOf", "B"))]
    assert [r.name for r in _gate(rules).passing("⟦Company#0⟧ teamed up with ⟦Company#1⟧")] == ["a"]
    rules.append(rule("b", "{A} allied with {B}", ("A", "partnerOf", "B")))
    assert [r.name for r in _gate(rules).passing("⟦Company#0⟧ allied with ⟦Company#1⟧")] == ["b"]


# ---------------------------------------------------------------- dates


def _dates_ungated(text: str, reference: str | None):
    """find_dates as written before its shortcuts: every form run over the text."""
    ref = qualifiers._parse_reference(reference)
    forms = qualifiers._DATE_PATTERNS if re.search(r"\d", text) else [("relative", qualifiers._RELATIVE, None)]
    blocked = [
        m.span()
        for p in (qualifiers._QUANTITY, qualifiers._MONEY_PREFIXED.regex, qualifiers._MONEY_SUFFIXED)
        for m in p.finditer(text)
    ]
    candidates = []
    for kind, pattern, convert in forms:
        convert = convert or qualifiers._relative
        for match in pattern.finditer(text):
            start, end = match.span()
            if qualifiers._overlaps(start, end, blocked) or qualifiers._after_page_marker(text, start):
                continue
            candidates.append((start, end, (convert(match, ref), kind)))
    return [
        qualifiers.DateMatch(start, end, text[start:end], iso, kind)
        for start, end, (iso, kind) in qualifiers._leftmost_longest(candidates)
        if iso is not None
    ]


@pytest.mark.parametrize("text", TEXTS + ["Decision 4 at the Market, MAY 5", "4 Marchers on 4 March", "JANUARY 2020"])
@pytest.mark.parametrize("reference", [None, "2025-02-05"])
def test_dates_are_those_of_every_form(text, reference):
    assert qualifiers.find_dates(text, reference) == _dates_ungated(text, reference)
    assert qualifiers.find_dates(text, reference) == _dates_ungated(text, reference)  # kept answer


def test_kept_dates_cannot_be_changed_by_a_caller():
    first = qualifiers.find_dates("Signed in 2019.")
    first.clear()
    assert [d.iso for d in qualifiers.find_dates("Signed in 2019.")] == ["2019"]
