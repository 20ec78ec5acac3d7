"""Rules that read typed relations from one clause whose entity mentions are masked.

The rule families live in their own modules: :mod:`~loaders.extract.rules_base`
(clauses, slots, templates), :mod:`~loaders.extract.rules_modifiers` (modifiers read
and removed first), :mod:`~loaders.extract.rules_patterns` (declarative rules),
:mod:`~loaders.extract.rules_events` (agreements, meetings, venues) and
:mod:`~loaders.extract.rules_people` (titles and positions). This module holds the
rules that need the document's memory (joint-venture names, funding lines), place
rules, and :func:`read_clause`, which runs them all in order.

Every rule returns :class:`Found` candidates; :mod:`loaders.extract.relations`
checks their types, adds qualifiers and turns them into ``Relation`` objects.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator

from loaders.extract.rules_base import Clause, Found, ReadingContext, Slot, compile_pattern, gated_pattern
from loaders.extract.rules_events import (
    read_agreements,
    read_event_venues,
    read_hosted_events,
    read_meetings,
    read_named_meetings,
    read_signatories,
)
from loaders.extract.rules_modifiers import resolve_company_references, simplify
from loaders.extract.rules_patterns import read_patterns
from loaders.extract.rules_people import read_positions, read_titles
from schema.models import Entity

__all__ = [
    "Clause",
    "Found",
    "ReadingContext",
    "Slot",
    "compile_pattern",
    "read_clause",
    "read_document_names",
]

_KNOWN_AS = gated_pattern(
    r"(?:between )?{A*:Company}\s+(?:joint venture|JV)s?,?\s+(?:known as|called|named|now called)\s+{J:Company}"
)


def read_joint_venture_names(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``the X–Y joint venture, known as Z``: Z is owned by both parents, who are partners.

    When the parents are written as one name (``ArcelorMittal Nippon Steel``), they
    are the document's companies whose names make up that name.
    """
    for match in _KNOWN_AS.finditer(clause.masked):
        venture = clause.slots[int(match.group("J"))][0]
        parents = [p for p in clause.members(match.group("A")) if p.key != venture.key]
        if len(parents) < 2:
            written = clause.text[slice(*clause.original_span(*match.span("A")))]
            parents = _companies_named_within(written, ctx, exclude=venture.key)
        for parent in parents:
            yield Found(venture, "ownedBy", parent, "joint_venture_known_as", match.span(), confidence=0.85)
        for first, second in itertools.combinations(parents, 2):
            yield Found(first, "partnerOf", second, "joint_venture_known_as", match.span(), confidence=0.85)


_VENTURE_FORMED = gated_pattern(
    r"{A*:Company} (?:[\w-]+ ){0,2}?(?:formed|forms|form|set up|sets up|established|establishes|establish|launched|"
    r"created|announced|announces|entered into|enter into|signed) (?:an?|the|their) "
    r"(?:(?:formation|creation|establishment|setting up|launch) of (?:an?|the) )?(?:[\w-]+ ){0,2}?(?:joint venture|JV)\b"
    r"(?: (?:agreement )?with {B*:Company})?"
)
_VENTURE_NAMED = gated_pattern(
    r"\b(?:the|this|their|its) (?:(?:new |proposed )?(?:joint venture|JV|venture)(?: company| firm| entity)?|"
    r"new (?:company|firm|entity)),? "
    r"(?:(?:to be|will be|is|was|has been) )?(?:named|called|known as|christened) {J:Company}(?!\s*⟦)"
)


def read_venture_memory(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``X and Y today announced a joint venture ... The venture, named Z, ...``: the parents
    are remembered when a joint venture is announced, and the venture named later is owned
    by them."""
    formed = _VENTURE_FORMED.search(clause.masked)
    if formed:
        parents = list(dict.fromkeys(clause.group(formed, "A") + clause.group(formed, "B")))
        if len(parents) >= 2:
            ctx.last_venture = tuple(parents)
    for match in _VENTURE_NAMED.finditer(clause.masked):
        venture = clause.slots[int(match.group("J"))][0]
        if venture in ctx.last_venture:
            continue  # a parent's name read as the venture's: the name was cut short
        for parent in ctx.last_venture:
            yield Found(venture, "ownedBy", parent, "venture_named", match.span(), confidence=0.75)


def _companies_named_within(text: str, ctx: ReadingContext, exclude: str) -> list[Slot]:
    found: dict[str, tuple[int, Slot]] = {}
    for entity in ctx.entities.values():
        if entity.type != "Company" or entity.key == exclude:
            continue
        for name in [entity.name, *entity.aliases]:
            position = text.find(name) if len(name) > 3 else -1
            if position >= 0:
                found.setdefault(entity.key, (position, ctx.slot(entity)))
    return [slot for _, slot in sorted(found.values(), key=lambda item: item[0])]


_FUNDING_WORD = re.compile(r"\b(?:financ(?:ing|es|ed)|fund(?:s|ing|ed)|loans?|ODA)\b", re.IGNORECASE)
_LINE_TOPIC = gated_pattern(r"^\W*{P:Project}[^:⟦]{0,40}:")
_FUNDER = gated_pattern(
    r"{A:Country|GovernmentBody}(?:['’]s (?:[\w-]+ ){0,2}?(?:engagement|financing|funding|ODA|loans?|assistance|investments?)\b|"
    r" (?:also )?(?:finances|funds|is financing|is funding|is (?:also )?providing (?:ODA )?loans?)\b)"
)


def read_funding_lines(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``Project: 85% financing of Rs. N crore`` under a heading sentence that names the funder.

    The funder is the country or agency that a recent sentence called the source of
    financing (``Japan's infrastructure engagement in India``); the project is the
    topic of the line (``Project name:`` at its start).
    """
    funder = _FUNDER.search(clause.masked)
    if funder:
        ctx.last_funder = clause.slots[int(funder.group("A"))][0]
    topic = ctx.line_topic
    if topic is None or ctx.last_funder is None or funder:
        return
    if any(s.type in ("Country", "GovernmentBody") for slots in clause.slots for s in slots):
        return
    word = _FUNDING_WORD.search(clause.masked)
    if word:
        yield Found(ctx.last_funder, "funds", topic, "funding_line", word.span(), confidence=0.6, money_anywhere=True)


def topic_of_line(clause: Clause) -> Slot | None:
    """The project a line is about when it starts ``Project name: ...``."""
    match = _LINE_TOPIC.search(clause.masked)
    return clause.slots[int(match.group("P"))][0] if match else None


_LOCATED_IN_PATTERNS = [
    ("comma_place", gated_pattern(r"{A:Place|Organization|Company|Project}\s*,\s*{B:Place}(?!\s*,?\s*(?:and|or|&)\b)(?!\s*,\s*⟦)")),
    ("in_place", gated_pattern(r"{A:Place|Organization|Company|Project|Event} in {B:Place|Country}")),
]


def read_locations(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``Hyderabad House, New Delhi`` / ``Orchid Alloys in Punjab``: where a thing is."""
    for name, pattern in _LOCATED_IN_PATTERNS:
        for match in pattern.finditer(clause.masked):
            subject = clause.slots[int(match.group("A"))][0]
            place = clause.slots[int(match.group("B"))][0]
            if name == "comma_place" and _continues_list(clause, match.start(), place.type):
                continue
            yield Found(subject, "locatedIn", place, name, match.span(), confidence=0.7)


def _continues_list(clause: Clause, start: int, type_: str) -> bool:
    """Whether the mention at ``start`` follows ``⟦same type⟧,`` (so the pair is part of a list)."""
    before = re.search(r"⟦(\w+)#\d+⟧\s*,\s*(?:the\s+)?$", clause.masked[:start])
    return bool(before and before.group(1) == type_)


FUNCTION_RULES: list[Callable[[Clause, ReadingContext], Iterable[Found]]] = [
    read_titles,
    read_positions,  # before the signatories: who works where names an agreement's parties
    read_agreements,
    read_signatories,
    read_meetings,
    read_named_meetings,
    read_hosted_events,
    read_event_venues,
    read_joint_venture_names,
    read_venture_memory,
    read_funding_lines,
    read_locations,
]


def read_clause(clause: Clause, ctx: ReadingContext) -> list[Found]:
    """Every candidate relation of one clause, modifiers first, then patterns and rules.

    The spans of the results are masked offsets of ``clause.masked`` except for
    modifier facts (already original offsets); :mod:`loaders.extract.relations`
    maps them back with :meth:`Clause.original_span`.
    """
    found = simplify(clause, ctx)
    resolve_company_references(clause, ctx)
    topic = topic_of_line(clause)
    if topic is not None:
        ctx.line_topic = topic
    for read in [read_patterns, *FUNCTION_RULES]:
        for item in read(clause, ctx):
            item.span = clause.original_span(*item.span)
            found.append(item)
    ctx.remember(clause)
    return found


# -- names that contain other entities ----------------------------------------------

_PAIR_IN_NAME = re.compile(r"(?P<a>[A-Z][\w]+)\s*[-–—]\s*(?P<b>[A-Z][\w]+)\b")
_TAKES_PART = {"Event": "participatesIn", "Initiative": "participatesIn", "Agreement": "partyTo"}


def read_document_names(ctx: ReadingContext) -> Iterator[tuple[Entity, Found]]:
    """``the India-Japan Steel Dialogue`` names two countries that take part in it,
    ``the Modi-Ishiba summit`` two people who attend it, ``India-Japan CEPA`` two parties.

    Yields the entity whose name was read with each candidate, so the caller can
    cite the sentence of its first mention.
    """
    for entity in list(ctx.entities.values()):
        predicate = _TAKES_PART.get(entity.type)
        if predicate is None:
            continue
        for name in [entity.name, *entity.aliases, *(m.text for m in entity.mentions)]:
            match = _PAIR_IN_NAME.search(name)
            if not match:
                continue
            members = [_named_member(match.group(g), ctx, entity.type) for g in ("a", "b")]
            if all(members) and members[0].key != members[1].key:
                for member in members:
                    yield entity, Found(member, predicate, ctx.slot(entity), "name_contains_parties", (0, 0), confidence=0.75)
                break


def _named_member(word: str, ctx: ReadingContext, owner_type: str) -> Slot | None:
    country = ctx.country(word)
    if country is not None:
        return country
    if owner_type == "Event":
        return ctx.person_by_word(word)
    return None
