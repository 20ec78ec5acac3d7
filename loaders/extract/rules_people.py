"""People's positions: titles before names and appositions after them.

``Prime Minister X`` heads a country, ``Union Minister of Steel X`` a ministry,
``X, Joint Secretary, Ministry of Steel`` is a member with a role, ``X, CEO of Y``
heads a company.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from loaders.extract.rules_base import (
    NATIONALITY,
    NATIONALITY_ADJECTIVES,
    Clause,
    Found,
    GatedPattern,
    ReadingContext,
    Slot,
    gated_pattern,
)

__all__ = ["read_positions", "read_titles"]

_TITLE_ROLE = (
    r"(?P<role>(?:(?:former|then|late|current|Union|Cabinet|Federal|" + NATIONALITY + r")\s+)*"
    r"(?:Prime\s+Minister|President|Chief\s+Minister|Governor|Minister\s+(?:of|for)\s+(?P<dept>[A-Z][\w,&\s]*?[A-Za-z])))"
    r"(?:\s+of\s+(?:the\s+)?⟦(?P<of_type>Country|Place)#(?P<of>\d+)⟧)?\s*,?\s*⟦Person#(?P<P>\d+)⟧"
)
_TITLE_BEFORE_PERSON = GatedPattern(re.compile(_TITLE_ROLE))


def read_titles(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``Prime Minister X`` / ``Union Minister of Steel X``: who heads a country, ministry or state."""
    for match in _TITLE_BEFORE_PERSON.finditer(clause.masked):
        person = clause.slots[int(match.group("P"))][0]
        role = re.sub(rf"\s*\b{NATIONALITY}\s+", " ", match.group("role")).strip()
        target = _title_target(match, clause, ctx, person)
        if target is not None:
            yield Found(person, "headOf", target, "title_before_person", match.span(), confidence=0.85, role=role)


def _title_target(match: re.Match[str], clause: Clause, ctx: ReadingContext, person: Slot) -> Slot | None:
    stated = clause.slots[int(match.group("of"))][0] if match.group("of") else None
    if match.group("dept"):
        return ctx.find(f"Ministry of {match.group('dept')}", ["GovernmentBody"]) or ctx.find(
            f"Ministry for {match.group('dept')}", ["GovernmentBody"]
        )
    if "Chief Minister" in match.group("role") or "Governor" in match.group("role"):
        return stated if stated is not None and stated.type == "Place" else None
    if stated is not None and stated.type == "Country":
        return stated
    adjective = re.search(rf"\b({NATIONALITY})\b", match.group("role"))
    if adjective:
        return ctx.country(NATIONALITY_ADJECTIVES[adjective.group(1).lower()])
    entity = ctx.entities.get(person.key)
    return ctx.country(iso=entity.country) if entity is not None and entity.country else None


_HEAD_ROLE = re.compile(
    r"^(?:(?:Union|Cabinet)\s+)?Minister\b|^(?:CEO|Chief Executive|Chairman|Chairperson|Chair|President|"
    r"Managing Director|MD|Head|Director[- ]General|Secretary[- ]General|Governor|Founder)\b",
    re.IGNORECASE,
)
_POSITION_APPOSITION = gated_pattern(
    r"{P:Person},\s*(?P<role>(?:[A-Z][\w.-]*|&)(?:\s+(?:[A-Z][\w.-]*|of|for|and|&))*),\s*(?:the\s+)?"
    r"{O:GovernmentBody|Organization|Company}"
)
_POSITION_OF = gated_pattern(
    r"{P:Person},?\s*(?:the\s+|an?\s+)?(?P<role>(?:[\w-]+\s+){0,2}?(?i:CEO|chief executive|chairman|chairperson|president|"
    r"managing director|director|founder|head|professor|researcher|fellow|scientist|economist|engineer|official))"
    r"\s+(?:of|at|with)\s+{O:GovernmentBody|Organization|Company}"
)
_POSITION_IS = gated_pattern(
    r"{P:Person} (?:is|was|serves as|served as|works as|worked as) (?:an?|the) (?P<role>[a-z][\w-]*(?: [a-z][\w-]*){0,3}?)"
    r"(?: in (?:[A-Z][\w-]*\s*)+)? (?:at|of|with|in) (?:the )?{O:GovernmentBody|Organization|Company}"
)
# "Toyota's chairman X", "SBI Chairman X", "JBIC Governor X"
_POSSESSIVE_HEAD = gated_pattern(
    r"{O:Company|Organization|GovernmentBody}(?:['’]s)? (?P<role>(?i:CEO|chief executive|chairman|chairperson|president|"
    r"founder|managing director|head|governor|director[- ]general|secretary[- ]general)(?: and (?i:CEO|managing director))?)"
    r" {P:Person}"
)


_HEADED_BY = gated_pattern(
    r"{O:GovernmentBody|Organization|Company},? (?:which is |that is )?(?:currently )?(?:headed|chaired) by "
    r"(?:(?:its|the) )?(?P<role>(?:[A-Z][\w-]*\s+){1,3})?{P:Person}"
)


def read_positions(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``X, Joint Secretary, Ministry of Steel`` / ``X is a researcher at Y`` / ``Y, headed by X``:
    memberOf or headOf with a role. Remembers who works where, for "the company" later."""
    for pattern in (_POSITION_APPOSITION, _POSITION_OF, _POSITION_IS, _POSSESSIVE_HEAD, _HEADED_BY):
        for match in pattern.finditer(clause.masked):
            person = clause.slots[int(match.group("P"))][0]
            body = clause.slots[int(match.group("O"))][0]
            role = " ".join((match.group("role") or "").split()) or None
            predicate = "headOf" if pattern is _HEADED_BY or _HEAD_ROLE.match(role or "") else "memberOf"
            if body.type in ("Company", "Organization", "GovernmentBody"):
                ctx.employers[person.key] = body
            yield Found(person, predicate, body, "person_position", match.span(), confidence=0.8, role=role)

