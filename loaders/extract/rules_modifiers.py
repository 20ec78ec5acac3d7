"""Modifiers of mentions, read and then removed before the other rules run.

``the Japan-based X``, ``X (the largest producer)``, ``X, Government of India``,
``Japanese carmaker X``: each states a fact (``country``, ``locatedIn``) or nothing,
and is deleted from the masked clause so that patterns see bare entity lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from loaders.extract.rules_base import (
    NATIONALITY,
    NATIONALITY_ADJECTIVES,
    Clause,
    Found,
    ReadingContext,
    Requirement,
    compile_pattern,
    may_match,
    required_literals,
)

__all__ = ["REWRITES", "resolve_company_references", "simplify"]

_ORGS = "Company|Organization|GovernmentBody"


@dataclass(frozen=True)
class Rewrite:
    """A modifier pattern: the facts it states, and which groups to delete afterwards."""

    name: str
    pattern: re.Pattern[str]
    delete: tuple[str, ...]
    read: Callable[[re.Match[str], Clause, ReadingContext], Iterator[Found]]
    applies: Callable[[re.Match[str], Clause], bool] = lambda match, clause: True
    # the literals a clause must contain for the pattern to match (from the regex)
    needs: Requirement = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.needs:
            object.__setattr__(self, "needs", required_literals(self.pattern))


def _country_of(subject_group: str, country_group: str, rule: str):
    def read(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
        country = clause.slots[int(match.group(country_group))][0]
        for subject in clause.slots[int(match.group(subject_group))]:
            predicate = "locatedIn" if subject.type in ("Place", "Project", "Event") else "country"
            yield Found(subject, predicate, country, rule, match.span(), confidence=0.7)

    return read


def _adjective_country(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    country = ctx.country(NATIONALITY_ADJECTIVES[match.group("adj").lower()])
    if country is None:
        return
    for subject in clause.members(match.group("X")):
        yield Found(subject, "country", country, "nationality_adjective", match.span(), confidence=0.7)


def _located_in_parentheses(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    subject = clause.slots[int(match.group("A"))][0]
    for place in clause.members(match.group("B")):
        yield Found(subject, "locatedIn", place, "place_in_parentheses", match.span(), confidence=0.8)


def _based_in(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    subject = clause.slots[int(match.group("A"))][0]
    for place in clause.group(match, "B"):
        predicate = "country" if place.type == "Country" else "locatedIn"
        yield Found(subject, predicate, place, "based_in", match.span(), confidence=0.75)


_LEGAL_FORM = r"(?:Private\s+Limited|Pvt\.?\s+Ltd\.?|Limited|Ltd\.?|Inc\.?|Corp\.?|Corporation|Co\.,?\s+Ltd\.?|LLP|plc|PLC)"


def _nothing(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    return iter(())


def _rewrite(name: str, template: str, delete: tuple[str, ...], read, applies=None) -> Rewrite:
    if applies is None:
        return Rewrite(name, compile_pattern(template), delete, read)
    return Rewrite(name, compile_pattern(template), delete, read, applies)


def _government_text_country(match: re.Match[str], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    country = ctx.country(match.group("country"))
    subject = clause.slots[int(match.group("A"))][0]
    if country is not None:
        yield Found(subject, "country", country, "comma_government", match.span(), confidence=0.7)


def _names_a_government(match: re.Match[str], clause: Clause) -> bool:
    return clause.slots[int(match.group("G"))][0].name.lower().startswith("government")


REWRITES: list[Rewrite] = [
    # "Sanand (then in Ahmedabad district)", "Mandal (Gujarat)"
    _rewrite(
        "place_in_parentheses",
        r"{A:Place|Project|Company|Organization|Event}\s*(?P<paren>\(\s*(?:(?:then|now|formerly)\s+)?(?:in\s+)?"
        r"{B*:Place}\s*\))",
        ("paren",),
        _located_in_parentheses,
    ),
    # "the Ministry of Steel, Government of India," when the government is a mention of its own
    _rewrite(
        "comma_government",
        r"⟧(?P<post>\s*,\s*(?:the\s+)?⟦GovernmentBody#(?P<G>\d+)⟧)(?=\s*(?:[,.;:)]|and\b|$))",
        ("post",),
        _nothing,
        _names_a_government,
    ),
    # ... and when it is plain text
    _rewrite(
        "comma_government_text",
        r"⟦(?!Country)\w+#(?P<A>\d+)⟧(?P<post>\s*,\s*(?:the\s+)?Government\s+of\s+(?P<country>[A-Z]\w+))"
        r"(?=\s*(?:[,.;:)]|and\b|$))",
        ("post",),
        _government_text_country,
    ),
    # "JSW Steel (the second-largest private producer)", "Ministry of ... (METI)"
    _rewrite("parenthetical", r"⟧(?P<paren>\s*\([^()]*\))", ("paren",), _nothing),
    # "the Japan-based Orchid Alloys", "India's Mahindra", "Japan's Ministry of ..."
    _rewrite(
        "nationality_prefix",
        rf"(?P<pre>⟦Country#(?P<C>\d+)⟧(?:\s*-\s*based|['’]s)\s+)(?:the\s+)?⟦(?:{_ORGS}|Person)#(?P<A>\d+)⟧",
        ("pre",),
        _country_of("A", "C", "nationality_prefix"),
    ),
    # "Japanese companies like Fujitsu", "Japanese carmaker Mazda"
    _rewrite(
        "nationality_adjective",
        rf"(?P<pre>\b(?P<adj>{NATIONALITY})\s+(?:[a-z][\w-]*\s+){{0,3}}?(?:(?:like|such\s+as|including)\s+)?)"
        rf"(?P<X>⟦(?:{_ORGS})#\d+⟧(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)⟦(?:{_ORGS})#\d+⟧)*)",
        ("pre",),
        _adjective_country,
    ),
    # "Kobe Steel Corporation of Japan"
    _rewrite(
        "of_country",
        rf"⟦(?:{_ORGS})#(?P<A>\d+)⟧(?P<post>\s+of\s+⟦Country#(?P<C>\d+)⟧)(?!\s*['’]s)",
        ("post",),
        _country_of("A", "C", "of_country"),
    ),
    # "the Ministry of Steel, Government of India," / "Tokai, Japan"
    _rewrite(
        "comma_country",
        r"⟦(?!Country)\w+#(?P<A>\d+)⟧(?P<post>\s*,\s*(?:the\s+)?(?:Government\s+of\s+)?⟦Country#(?P<C>\d+)⟧)"
        r"(?=\s*(?:[,.;:)]|and\b|$))",
        ("post",),
        _country_of("A", "C", "comma_country"),
    ),
    # "Denso, headquartered in Kariya, will ...", "X, based in Pune,"
    _rewrite(
        "headquartered_in",
        r"⟦(?:Company|Organization|GovernmentBody)#(?P<A>\d+)⟧(?P<post>\s*,\s*(?:which is\s+)?(?:headquartered|based|"
        r"located|registered)\s+in\s+{B*:Place|Country}\s*(?:,|(?=[.;]|$)))",
        ("post",),
        _based_in,
    ),
    # "Cyient, a Hyderabad-based engineering firm, ..."
    _rewrite(
        "place_based_apposition",
        r"⟦(?:Company|Organization)#(?P<A>\d+)⟧(?P<post>\s*,\s*(?:an?|the)\s+(?:[\w-]+\s+)?⟦Place#(?P<B>\d+)⟧\s*-\s*based"
        r"(?:\s+[\w-]+){0,4}\s*(?:,|(?=[.;]|$)))",
        ("post",),
        _based_in,
    ),
    # "the Pune-based Kinetic Engineering"
    _rewrite(
        "place_based",
        rf"(?P<pre>⟦Place#(?P<B>\d+)⟧\s*-\s*based\s+)(?:the\s+)?⟦(?:{_ORGS})#(?P<A>\d+)⟧",
        ("pre",),
        _based_in,
    ),
    # "IREL Limited" where only "IREL" was recognised: the legal form says nothing more
    _rewrite("company_suffix", rf"⟦Company#\d+⟧(?P<suffix>\s+{_LEGAL_FORM})(?![\w-])", ("suffix",), _nothing),
    # honorifics
    _rewrite("honorific", r"(?P<title>\b(?:Mr|Mrs|Ms|Dr|Shri|Smt)\.?\s+)⟦Person#\d+⟧", ("title",), _nothing),
]

_SAID_THE_COMPANY = re.compile(
    r"⟦Person#(?P<P>\d+)⟧,?\s+(?:said|added|noted|stated|told\s+[^⟦,]{0,30}?|announced)(?:\s+that)?\s+"
    r"(?P<ref>(?:the|his|her)\s+(?:company|firm|group))\b"
)


def resolve_company_references(clause: Clause, ctx: ReadingContext) -> None:
    """``Mr. Hori said the company plans to ...``: "the company" is the speaker's employer,
    when an earlier position rule said who that is."""
    for match in reversed(list(_SAID_THE_COMPANY.finditer(clause.masked))):
        speaker = clause.slots[int(match.group("P"))][0]
        employer = ctx.employers.get(speaker.key)
        if employer is not None:
            clause.substitute(*match.span("ref"), employer)


def simplify(clause: Clause, ctx: ReadingContext) -> list[Found]:
    """Read and remove modifiers of mentions, so that patterns see bare entity lists.

    The spans of the facts returned are offsets in ``clause.text`` (the masked
    offsets change as modifiers are deleted).
    """
    found: list[Found] = []
    for rewrite in REWRITES:
        if not may_match(rewrite.needs, clause.masked):
            continue  # a literal the pattern needs is absent: it cannot match
        deletions: list[tuple[int, int]] = []
        for match in rewrite.pattern.finditer(clause.masked):
            if not rewrite.applies(match, clause):
                continue
            for item in rewrite.read(match, clause, ctx):
                item.span = clause.original_span(*item.span)
                found.append(item)
            deletions.extend(match.span(group) for group in rewrite.delete)
        if deletions:
            clause.delete(deletions)
    return found

