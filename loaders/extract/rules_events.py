"""Agreements and events: who signed what, who met whom, where an event was held.

Some of these things have no name in the text ("an MoU was signed between X and Y",
"Modi met Ishiba in Tokyo"); the rules describe them (:meth:`ReadingContext.describe`)
so that their relations have an entity to point to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from loaders.extract.qualifiers import find_dates
from loaders.extract.rules_base import (
    GENERIC_AGREEMENTS,
    Clause,
    Found,
    GatedPattern,
    ReadingContext,
    Slot,
    gated_pattern,
)
from schema.models import normalize_name

__all__ = [
    "read_agreements",
    "read_event_venues",
    "read_hosted_events",
    "read_meetings",
    "read_named_meetings",
    "read_signatories",
    "starts_with_reference",
]

_AGREEMENT_WORD = (
    r"(?:(?:the|an?)\s+)?(?:(?:[\w-]+|⟦Country#\d+⟧\s*-\s*⟦Country#\d+⟧)\s+){0,3}?"
    r"(?P<word>Memorand(?:um|a)\s+of\s+(?:Understanding|Cooperation)|MoUs?|MoC|MOUs?|MOC|agreement|pact|deal)"
)
_AGREEMENT = rf"(?:(?:(?:the|an?)\s+)?⟦Agreement#(?P<G>\d+)⟧|{_AGREEMENT_WORD})"
_SIGNED = r"(?:signed|signs|sign|inked|inks|ink|concluded|concludes)"
AGREEMENT_PATTERNS = [
    gated_pattern(
        rf"{_AGREEMENT}(?: (?:on|for|in|and|to) [^⟦;,]{{1,50}}?)? (?:(?:was|were|has been|had been|is|will be)\s+)?"
        rf"(?:(?:signed|inked|concluded)\s+)?between {{A}} and {{B}}"
    ),
    gated_pattern(
        rf"{{A*}} and {{B}} (?:(?:have|has|had|will|jointly|also|today)\s+)*(?:{_SIGNED}|exchanged) {_AGREEMENT}"
    ),
    gated_pattern(rf"{{A}} (?:(?:has|have|had|will|also|today)\s+)*{_SIGNED} {_AGREEMENT} with {{B}}"),
]


# Two governments signing an agreement are parties to it; the partnership is the countries'.
_GOVERNMENTS = {"GovernmentBody", "Country"}


def _agreement_parties(clause: Clause, match: re.Match[str]) -> list[Slot]:
    parties = clause.group(match, "A") + clause.group(match, "B")
    return list(dict.fromkeys(parties))


def _agreement_slot(clause: Clause, match: re.Match[str], parties: list[Slot], ctx: ReadingContext) -> Slot:
    """The agreement a match names, or a described one: ``MoU between X and Y (2025-12-04)``."""
    if match.group("G") is not None:
        named = clause.slots[int(match.group("G"))][0]
        if normalize_name(named.name) not in GENERIC_AGREEMENTS:
            return named
        kind = GENERIC_AGREEMENTS[normalize_name(named.name)]
    else:
        named = None
        kind = GENERIC_AGREEMENTS.get(normalize_name(match.group("word")), "Agreement")
    dates = find_dates(clause.text, ctx.doc_date)
    label = f"{kind} between " + " and ".join(p.name for p in parties)
    if dates:
        label += f" ({dates[0].iso})"
    described = ctx.describe(label, "Agreement")
    if named is not None:
        ctx.described_as.setdefault(named.key, set()).add(described.key)
    return described


def read_agreements(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``the MoU between X and Y`` / ``X and Y signed an MoU``: parties of an agreement."""
    for pattern in AGREEMENT_PATTERNS:
        for match in pattern.finditer(clause.masked):
            parties = _agreement_parties(clause, match)
            if len(parties) < 2:
                continue
            agreement = _agreement_slot(clause, match, parties, ctx)
            ctx.saw_agreement(agreement)
            for party in parties:
                yield Found(party, "partyTo", agreement, "agreement_parties", match.span(), confidence=0.85)
            for first, second in itertools.combinations(parties, 2):
                if not {first.type, second.type} <= _GOVERNMENTS:
                    yield Found(first, "partnerOf", second, "agreement_parties", match.span(), confidence=0.8)
            return


_MEETING = gated_pattern(
    r"(?P<kind>\b(?:[Bb]ilateral |[Oo]fficial |[Ff]ormal )?(?:[Mm]eeting|[Tt]alks))(?: was)? (?:held )?(?:by|between) "
)
# "X met Y", "X, President of Z, met Y", "X called on Y", "X held talks with Y"
_MET = gated_pattern(
    r"{P*:Person}(?:,[^,;⟦]*(?:⟦\w+#\d+⟧[^,;⟦]*)?,)? (?:(?:also|today|later|separately|then)\s+)*"
    r"(?:met(?: with)?|called on|held (?:bilateral |wide-ranging )?talks(?: with)?|had (?:bilateral )?talks with|"
    r"held an? (?:bilateral )?meeting(?: with)?|had an? (?:bilateral )?meeting with)\b"
)
# the people met: the first person within a short reach of the verb, with any list that follows
_MET_OBJECT = gated_pattern(r"^[^;⟦]{0,80}?(?:⟦(?:Country|Place|GovernmentBody|Organization)#\d+⟧[^;⟦]{0,60}?)?{Q*:Person}")


def read_meetings(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """A meeting between people: a described Event with its participants and venue."""
    found = _meeting_between(clause) or _people_who_met(clause)
    if found is None:
        return
    kind, people, span = found
    people = list(dict.fromkeys(people))[:4]
    if len(people) < 2:
        return
    names = " and ".join(p.name for p in people)
    key_name = "meeting between " + " and ".join(sorted(p.key for p in people))
    event = ctx.describe(f"{kind[0].upper()}{kind[1:]} between {names}", "Event", key_name=key_name)
    ctx.saw_event(event)
    for person in people:
        yield Found(person, "participatesIn", event, "meeting_between", span, confidence=0.8)
    yield from _venues(clause, event, span[1], "meeting_venue")


def _meeting_between(clause: Clause) -> tuple[str, list[Slot], tuple[int, int]] | None:
    """``A bilateral meeting was held between X and Y``: kind, people, span."""
    match = _MEETING.search(clause.masked)
    if not match:
        return None
    people = [s for _, s in clause.slots_between(match.end(), len(clause.masked)) if s.type == "Person"]
    return match.group("kind").strip(), people, match.span()


def _people_who_met(clause: Clause) -> tuple[str, list[Slot], tuple[int, int]] | None:
    """``X met Y``, ``X, President of Z, called on Prime Minister Y``: kind, people, span."""
    match = _MET.search(clause.masked)
    if not match:
        return None
    people = clause.members(match.group("P"))
    met = _MET_OBJECT.search(clause.masked[match.end() :])
    if met is None:
        return "Meeting", people, match.span()
    return "Meeting", people + clause.group(met, "Q"), (match.start(), match.end() + met.end())


def _venues(clause: Clause, event: Slot, after: int, rule_name: str) -> Iterator[Found]:
    """Places after ``in``/``at`` (or right after another venue) from ``after`` to the clause end."""
    previous_end = after
    previous_was_venue = False
    for offset, slot in clause.slots_between(after, len(clause.masked)):
        gap = clause.masked[previous_end:offset]
        is_venue = slot.type in ("Place", "Country") and (
            re.search(r"\b(?:in|at)\s+(?:the\s+)?$", gap) or (previous_was_venue and re.fullmatch(r"\s*,\s*", gap))
        )
        if is_venue:
            yield Found(event, "locatedIn", slot, rule_name, (offset, offset + 1), confidence=0.8)
        previous_was_venue = bool(is_venue)
        previous_end = clause.masked.index("⟧", offset) + 1


_HELD = GatedPattern(re.compile(r"\b(?:held|hosted|convened|took place|takes place|will take place)\b"))


def read_event_venues(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``E was held in February 2025 at V, C``: where an event took place."""
    match = _HELD.search(clause.masked)
    if not match:
        return
    events = [s for _, s in clause.slots_between(0, match.start()) if s.type == "Event"]
    event = events[-1] if events else (ctx.recent_event() if starts_with_reference(clause) else None)
    if event is not None:
        yield from _venues(clause, event, match.end(), "event_held_in")


_REFERENCE_START = re.compile(
    r"^\W*(?:It|This|These|They|The\s+(?:meeting|dialogue|event|summit|conference|forum|session|talks|"
    r"agreement|memorandum|MoU|MoC|pact|deal))\b"
)


def starts_with_reference(clause: Clause) -> bool:
    return bool(_REFERENCE_START.match(clause.masked))



# -- signatories -------------------------------------------------------------------------

_SIGNED_BY = GatedPattern(re.compile(
    r"\b(?:signed|inked|initialled|exchanged)\s+(?:on\s+behalf\s+of\s+[^⟦;]*?(?:⟦\w+#\d+⟧[^⟦;]*?)*)?by\s+"
    r"(?P<P>(?:(?!\bin\s+the\s+presence\s+of\b|\bwitnessed\s+by\b|\bwhile\b)[^;])*)"
))
# "X, Governor, JBIC, and Y, Chairman, SBI, signed the agreement"
_PEOPLE_SIGNED = GatedPattern(re.compile(
    r"⟧[\s,]*(?:(?:have|has|had|jointly|also|today|formally)\s+)*(?:signed|inked|exchanged)\s+"
    r"(?:(?P<named>(?:(?:the|an?)\s+)?⟦Agreement#(?P<G>\d+)⟧)|(?P<article>the|an?|this)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:agreement|MoU|MoC|memorandum|pact|deal|contract)s?\b)"
))
_DEFINITE_AGREEMENT = re.compile(r"^\W*(?:The|This|That)\s+(?:[\w-]+\s+){0,2}?(?:agreement|pact|deal|MoU|MoC|memorandum|contract)\b")


def read_signatories(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``The agreement was signed by A, Director, X, and B, President, Y`` / ``A and B signed the
    agreement``: the people named (up to "in the presence of") signed the agreement.

    The agreement is the one named in the clause, else a recent one; a definite reference
    ("The agreement ...") reaches back to the document's last agreement or, failing that,
    is described from the signers' employers or the joint venture last announced.
    """
    signing = _signing(clause)
    if signing is None:
        return
    signers, named, definite, span = signing
    agreement = named or ctx.referred_agreement(definite)
    if agreement is None and definite:
        agreement, parties = _described_agreement(signers, ctx)
        for party in parties:
            yield Found(party, "partyTo", agreement, "signed_agreement_parties", span, confidence=0.7)
        for first, second in itertools.combinations(parties, 2):
            if not {first.type, second.type} <= _GOVERNMENTS:
                yield Found(first, "partnerOf", second, "signed_agreement_parties", span, confidence=0.7)
    if agreement is None:
        return
    for person in signers:
        yield Found(agreement, "signedBy", person, "signed_by", span, confidence=0.8)


def _signing(clause: Clause) -> tuple[list[Slot], Slot | None, bool, tuple[int, int]] | None:
    """Signers, the agreement named in the clause, whether it is referred to as "the ...", span."""
    match = _SIGNED_BY.search(clause.masked)
    if match:
        signers = [s for s in clause.members(match.group("P")) if s.type == "Person"]
        named = [s for _, s in clause.slots_between(0, match.start()) if s.type == "Agreement"]
        definite = bool(_DEFINITE_AGREEMENT.match(clause.masked))
    else:
        match = _PEOPLE_SIGNED.search(clause.masked)
        if not match:
            return None
        signers = [s for _, s in clause.slots_between(0, match.start() + 1) if s.type == "Person"]
        named = clause.group(match, "G")
        definite = match.group("article") in ("the", "this")
    if not signers:
        return None
    return list(dict.fromkeys(signers)), (named[-1] if named else None), definite, match.span()


def _described_agreement(signers: list[Slot], ctx: ReadingContext) -> tuple[Slot | None, list[Slot]]:
    """An agreement the text refers to without naming it, from who signed it: between the
    signers' employers, else between the parents of the joint venture last announced."""
    employers = list(dict.fromkeys(ctx.employers[s.key] for s in signers if s.key in ctx.employers))
    if len(employers) >= 2:
        label = "Agreement between " + " and ".join(e.name for e in employers)
        parties = employers
    elif len(ctx.last_venture) >= 2:
        label = "Joint venture agreement between " + " and ".join(p.name for p in ctx.last_venture)
        parties = list(ctx.last_venture)
    else:
        return None, []
    agreement = ctx.describe(label, "Agreement")
    ctx.saw_agreement(agreement)
    return agreement, parties


# -- events the text describes without naming -----------------------------------------------

_EVENT_NOUN = (
    r"(?:meeting|summit|dialogue|conference|session|forum|roundtable|round-table|seminar|symposium|workshop|"
    r"reception|expo|exhibition|webinar|conclave|business event)"
)
_NAMED_MEETING = gated_pattern(
    rf"(?:(?P<verb>co-chaired|chaired|attended|addressed|hosted) )?(?:the )?{{I:Initiative|Organization}} "
    rf"(?P<kind>(?:ministerial |annual |joint )?{_EVENT_NOUN})\b(?: with {{P*:Person}})?"
)


def read_named_meetings(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``co-chaired the Clean Energy Partnership meeting with X``: a meeting named after a
    programme or body, described as an Event so that "The meeting was organised by ..." can
    refer to it. Only a meeting someone chairs or attends is described."""
    for match in _NAMED_MEETING.finditer(clause.masked):
        verb, people = match.group("verb"), clause.group(match, "P")
        subject = [s for _, s in clause.slots_between(0, match.start()) if s.type == "Person"][-1:]
        if verb is None or not (people or subject):
            continue
        programme = clause.slots[int(match.group("I"))][0]
        event = ctx.describe(f"{programme.name} {match.group('kind')}", "Event")
        ctx.saw_event(event)
        predicate = "chairs" if "chaired" in verb else "participatesIn"
        for person in dict.fromkeys(subject + people):
            yield Found(person, predicate, event, "named_meeting", match.span(), confidence=0.75)


_HOSTED_EVENT = gated_pattern(
    rf"\b(?:an?) (?P<kind>(?:[\w-]+ ){{0,2}}?{_EVENT_NOUN})s? (?:jointly )?(?:hosted|organi[sz]ed|convened) (?:jointly )?"
    r"by {A*:GovernmentBody|Organization|Company|Country}"
)
_ATTENDS = GatedPattern(re.compile(
    r"⟦Person#(?P<P>\d+)⟧\s+(?:(?:also|later|then)\s+)*(?:addressed|attended|spoke at|participated in|took part in|"
    r"inaugurated|joined)\s+$"
))
_ATTENDED_BY = re.compile(r"\battended\s+by\b(?P<rest>[^;]*)")
_DELEGATES_OF = gated_pattern(
    r"\b(?:executives|representatives|officials|delegates|leaders|delegations) (?:from|of) {C*:Company|Organization|GovernmentBody}"
)


def read_hosted_events(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``X addressed a business roundtable hosted by Y in Z, attended by P and executives of C``:
    an unnamed event, described with its organisers, venue and participants."""
    match = _HOSTED_EVENT.search(clause.masked)
    if not match:
        return
    hosts = clause.group(match, "A")
    kind = match.group("kind")
    event = ctx.describe(f"{kind[0].upper()}{kind[1:]} hosted by " + " and ".join(h.name for h in hosts), "Event")
    ctx.saw_event(event)
    for host in hosts:
        yield Found(host, "organizes", event, "hosted_event", match.span(), confidence=0.8)
    yield from _venues(clause, event, match.end(), "hosted_event_venue")
    attendee = _ATTENDS.search(clause.masked[: match.start()])
    participants = [clause.slots[int(attendee.group("P"))][0]] if attendee else []
    attended = _ATTENDED_BY.search(clause.masked, match.end())
    if attended:
        rest = attended.group("rest")
        participants += [s for s in clause.members(rest) if s.type == "Person"]
        for delegates in _DELEGATES_OF.finditer(rest):
            participants += clause.group(delegates, "C")
    for participant in dict.fromkeys(participants):
        yield Found(participant, "participatesIn", event, "hosted_event", match.span(), confidence=0.75)

