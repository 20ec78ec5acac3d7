"""Robustness of loaders.extract.extract: any text gives valid facts.

Arbitrary Unicode (hypothesis), plus hand-written awkward inputs: no-break and
zero-width spaces, curly quotes, Devanagari and Japanese inside English, a very
long sentence, a table flattened to lines. Every mention's offsets must slice
the document text to the mention's own text.
"""

from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.extract import build_pipeline, extract
from schema.models import Document, DocumentFacts, entity_key


def document(text: str) -> Document:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document(id="t.txt", source="t.txt", content_hash=digest, text=text, date="2025-03-01")


def check(facts: DocumentFacts) -> None:
    """What must hold for any input."""
    text = facts.document.text
    keys = [e.key for e in facts.entities]
    assert len(keys) == len(set(keys))
    for entity in facts.entities:
        assert entity.key == entity_key(entity.key_name or entity.name, entity.type)
        for mention in entity.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start:mention.end] == mention.text
    for relation in facts.relations:
        assert relation.subject in keys and relation.object in keys
    DocumentFacts.model_validate(facts.model_dump())


NAME_LIKE = st.sampled_from([
    "Kobe Steel Ltd", "Ministry of Steel", "Prime Minister", "India", "Japan", "(", ")", "MoU",
    "3rd", "Phase 2", "-", "\u2013", ",", ".", "\n", "\n\n", " and ", " of ", "\u00a0", "\u200b",
    "Mr.", "Corporation", "’s", "'s", "Dialogue", "Summit", "exercise", "project", "JapanOsaka",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_unicode_text_gives_valid_facts(text):
    check(extract(document(text), build_pipeline()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(NAME_LIKE, st.text(max_size=8)), max_size=40).map(" ".join))
def test_name_like_fragments_give_valid_facts(text):
    check(extract(document(text), build_pipeline()))


def test_odd_spaces_do_not_split_offsets_from_text():
    text = "Minister\u00a0of Trade Hana\u00a0Sato met Kobe\u200bSteel officials\tin\r\nOsaka."
    facts = extract(document(text))
    check(facts)
    people = [e for e in facts.entities if e.type == "Person"]
    assert [m.text for p in people for m in p.mentions] == ["Hana\u00a0Sato"]


def test_mixed_scripts_curly_quotes_and_a_flattened_table():
    text = (
        "“Green steel” — said Mr. Rajesh Nair (राजेश नायर) of Deccan Motors Ltd in 東京.\n"
        "Company | Country | Stake\nDeccan Motors Ltd | India | 50%\nKansai Bolt Corporation | Japan | 20%\n"
    )
    facts = extract(document(text))
    check(facts)
    names = {e.name for e in facts.entities}
    assert {"Rajesh Nair", "Deccan Motors Ltd", "Kansai Bolt Corporation"} <= names


def test_a_very_long_sentence_and_empty_text():
    long_text = "Kansai Bolt Corporation and " * 300 + "Deccan Motors Ltd signed."
    facts = extract(document(long_text))
    check(facts)
    assert {e.name for e in facts.entities} == {"Kansai Bolt Corporation", "Deccan Motors Ltd"}
    assert extract(document("")).entities == []


def test_abbreviations_do_not_end_sentences():
    nlp = build_pipeline()
    doc = nlp("The bridge cost Rs. 2,400 crore in all. Shri. Rao of Orchid Pvt. Ltd. opened it.")
    assert [s.text for s in doc.sents] == [
        "The bridge cost Rs. 2,400 crore in all.",
        "Shri. Rao of Orchid Pvt. Ltd. opened it.",
    ]
