"""The ground the relation rules stand on: masked clauses, slots, candidates, templates.

A :class:`Clause` is a piece of a sentence on one line of text in which every
entity mention is replaced by a placeholder ``⟦Type#i⟧`` (``i`` indexes
``Clause.slots``). Rules are regular expressions over that masked text, so a
pattern reads like the language it describes::

    {A} (?:teamed|tied) up with {B*}

``{A}`` is one mention, ``{B*}`` a list of mentions (``X, Y and Z``), and
``{A:Person}`` / ``{B*:Place|Country}`` restrict the entity type
(:func:`compile_pattern`). A :class:`PatternRule` states which links a template's
groups stand in; :func:`apply_pattern_rules` runs a list of them.

The rule families live in ``rules_*`` modules; :mod:`loaders.extract.relation_rules`
runs them in order.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from loaders.extract.regex_literals import GatedPattern, Requirement, may_match, required_literals
from schema.models import Entity, normalize_name

__all__ = [
    "GENERIC_AGREEMENTS",
    "NATIONALITY",
    "NATIONALITY_ADJECTIVES",
    "PLACEHOLDER",
    "Clause",
    "Found",
    "GatedPattern",
    "PatternRule",
    "ReadingContext",
    "Requirement",
    "Slot",
    "apply_pattern_rules",
    "compile_pattern",
    "gated_pattern",
    "may_match",
    "required_literals",
    "rule",
]

PLACEHOLDER = re.compile(r"⟦(\w+)#(\d+)⟧")

NATIONALITY_ADJECTIVES = {
    "japanese": "Japan",
    "indian": "India",
    "chinese": "China",
    "american": "United States",
    "australian": "Australia",
    "korean": "South Korea",
    "german": "Germany",
    "french": "France",
    "british": "United Kingdom",
    "russian": "Russia",
    "taiwanese": "Taiwan",
    "singaporean": "Singapore",
}
NATIONALITY = r"(?:" + "|".join(a.capitalize() for a in NATIONALITY_ADJECTIVES) + r")"

GENERIC_AGREEMENTS = {
    "memorandum of understanding": "MoU",
    "mou": "MoU",
    "memoranda of understanding": "MoU",
    "mous": "MoU",
    "memorandum of cooperation": "MoC",
    "moc": "MoC",
    "agreement": "Agreement",
    "pact": "Agreement",
    "deal": "Agreement",
}


@dataclass(frozen=True)
class Slot:
    """One entity a placeholder stands for."""

    key: str
    type: str
    name: str
    start: int = -1
    end: int = -1


@dataclass
class Found:
    """A candidate relation read by a rule, before types and qualifiers are checked."""

    subject: Slot
    predicate: str
    object: Slot
    rule: str
    span: tuple[int, int]
    confidence: float = 0.8
    role: str | None = None
    what: str | None = None
    date: str | None = None
    money_anywhere: bool = False


@dataclass
class Clause:
    """A sentence piece with its mentions masked as ``⟦Type#i⟧``.

    ``origin[j]`` / ``origin_end[j]`` give, for masked character ``j``, the
    offsets in ``text`` it stands for, so a match maps back to the original.
    """

    text: str
    start: int
    masked: str
    origin: list[int]
    origin_end: list[int]
    slots: list[tuple[Slot, ...]]

    def members(self, masked_text: str) -> list[Slot]:
        """Entities of every placeholder in a piece of the masked text.

        >>> clause = Clause.plain("A and B", [Slot("a", "Company", "A"), Slot("b", "Company", "B")])
        >>> [s.key for s in clause.members(clause.masked)]
        ['a', 'b']
        """
        found: list[Slot] = []
        for match in PLACEHOLDER.finditer(masked_text):
            found.extend(self.slots[int(match.group(2))])
        return found

    def group(self, match: re.Match[str], name: str) -> list[Slot]:
        """Entities of a named group of a pattern match: one placeholder's index or a list."""
        text = match.group(name)
        if not text:
            return []
        return list(self.slots[int(text)]) if text.isdigit() else self.members(text)

    def slots_between(self, start: int, end: int) -> list[tuple[int, Slot]]:
        """(masked offset, entity) of the placeholders inside ``masked[start:end]``."""
        return [
            (start + m.start(), slot)
            for m in PLACEHOLDER.finditer(self.masked[start:end])
            for slot in self.slots[int(m.group(2))]
        ]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in ``text`` of the masked range ``[start, end)``."""
        if not self.masked:
            return (0, 0)
        start = min(max(start, 0), len(self.masked) - 1)
        end = min(max(end, start + 1), len(self.masked))
        return self.origin[start], self.origin_end[end - 1]

    def delete(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Drop masked ranges (modifiers already read), keeping the offset maps aligned."""
        dropped = set()
        for start, end in ranges:
            dropped.update(range(start, end))
        keep = [j for j in range(len(self.masked)) if j not in dropped]
        self.masked = "".join(self.masked[j] for j in keep)
        self.origin = [self.origin[j] for j in keep]
        self.origin_end = [self.origin_end[j] for j in keep]

    def substitute(self, start: int, end: int, slot: Slot) -> None:
        """Replace ``masked[start:end]`` (a reference such as "the company") by a placeholder for ``slot``.

        >>> clause = Clause.plain("the company grew", [])
        >>> clause.substitute(0, 11, Slot("k", "Company", "K"))
        >>> clause.masked, [s.key for s in clause.members(clause.masked)]
        ('⟦Company#0⟧ grew', ['k'])
        """
        placeholder = f"⟦{slot.type}#{len(self.slots)}⟧"
        self.slots.append((slot,))
        first, last = self.origin[start], self.origin_end[end - 1]
        self.masked = self.masked[:start] + placeholder + self.masked[end:]
        self.origin[start:end] = [first] * len(placeholder)
        self.origin_end[start:end] = [last] * len(placeholder)

    @classmethod
    def plain(cls, masked: str, entities: list[Slot]) -> Clause:
        """A clause written directly in masked form (single letters become placeholders).

        Only for examples and tests: each capital letter ``A``–``Z`` standing alone
        is replaced, in order, by the next entity.
        """
        slots = [(e,) for e in entities]
        counter = itertools.count()
        masked = re.sub(r"\b[A-Z]\b", lambda m: "⟦{0}#{1}⟧".format(*_typed(entities, next(counter))), masked)
        return cls(masked, 0, masked, list(range(len(masked))), list(range(1, len(masked) + 1)), slots)


def _typed(entities: list[Slot], index: int) -> tuple[str, int]:
    return entities[index].type, index


# -- the reading context: what the document has said so far -------------------------


@dataclass
class ReadingContext:
    """The document's entities and what earlier sentences referred to.

    Rules resolve "it", "the two companies" or "the meeting" against this memory,
    and add entities the text describes without naming (:meth:`describe`).
    """

    entities: dict[str, Entity]
    doc_date: str | None = None
    last_event: Slot | None = None
    last_agreement: Slot | None = None
    last_funder: Slot | None = None
    # the parent companies of the joint venture the document last announced
    last_venture: tuple[Slot, ...] = ()
    # person key -> the company or body a position rule said they work for
    employers: dict[str, Slot] = field(default_factory=dict)
    line_topic: Slot | None = None
    last_pairs: dict[str, tuple[Slot, Slot]] = field(default_factory=dict)
    # generic agreement mention ("the MoU") -> the described agreements it stood for
    described_as: dict[str, set[str]] = field(default_factory=dict)
    clauses_read: int = 0
    _event_seen_at: int = -99
    _agreement_seen_at: int = -99

    # "It was organised by ..." refers back at most this many clauses.
    REACH = 2

    def recent_event(self) -> Slot | None:
        return self.last_event if self.clauses_read - self._event_seen_at <= self.REACH else None

    def recent_agreement(self) -> Slot | None:
        return self.last_agreement if self.clauses_read - self._agreement_seen_at <= self.REACH else None

    def referred_agreement(self, definite: bool) -> Slot | None:
        """The agreement a clause refers to: a recent one, or with a definite
        reference ("The agreement was signed by ...") the last one the document named."""
        return self.recent_agreement() or (self.last_agreement if definite else None)

    def saw_event(self, event: Slot) -> None:
        self.last_event, self._event_seen_at = event, self.clauses_read

    def saw_agreement(self, agreement: Slot) -> None:
        self.last_agreement, self._agreement_seen_at = agreement, self.clauses_read

    def slot(self, entity: Entity) -> Slot:
        return Slot(entity.key, entity.type, entity.name)

    def find(self, name: str, types: Iterable[str]) -> Slot | None:
        """The entity of one of ``types`` whose name or alias is ``name`` (normalised)."""
        wanted = normalize_name(name)
        for entity in self.entities.values():
            if entity.type in types and wanted in {normalize_name(n) for n in [entity.name, *entity.aliases]}:
                return self.slot(entity)
        return None

    def country(self, name: str | None = None, iso: str | None = None) -> Slot | None:
        """A Country entity of the document by name, alias or ISO code."""
        if name:
            return self.find(name, ["Country"])
        for entity in self.entities.values():
            if entity.type == "Country" and iso and entity.country == iso:
                return self.slot(entity)
        return None

    def person_by_word(self, word: str) -> Slot | None:
        """A Person of the document one of whose name words is ``word`` (a surname)."""
        wanted = normalize_name(word)
        for entity in self.entities.values():
            names = [entity.name, *entity.aliases]
            if entity.type == "Person" and any(wanted in normalize_name(n).split() for n in names):
                return self.slot(entity)
        return None

    def describe(self, name: str, type_: str, key_name: str | None = None) -> Slot:
        """Add (or reuse) an entity the text refers to without naming it."""
        entity = Entity(name=name, type=type_, origin="described", key_name=key_name)
        existing = self.entities.get(entity.key)
        if existing is None:
            self.entities[entity.key] = entity
            return self.slot(entity)
        if normalize_name(name) != normalize_name(existing.name) and name not in existing.aliases:
            existing.aliases.append(name)
        return self.slot(existing)

    def remember(self, clause: Clause) -> None:
        """Update the memory from the mentions of a clause that has been read."""
        seen: dict[str, list[Slot]] = {}
        for slots in clause.slots:
            for slot in slots:
                group = "org" if slot.type in ("Company", "Organization") else slot.type
                if slot not in seen.setdefault(group, []):
                    seen[group].append(slot)
        if seen.get("Event"):
            self.saw_event(seen["Event"][-1])
        if seen.get("Agreement"):
            self.saw_agreement(seen["Agreement"][-1])
        if len(seen.get("Country", [])) >= 2:
            self.last_pairs["Country"] = (seen["Country"][0], seen["Country"][1])
        if len(seen.get("org", [])) == 2:
            self.last_pairs["org"] = (seen["org"][0], seen["org"][1])
        self.clauses_read += 1


# -- pattern templates ---------------------------------------------------------------

_MACRO = re.compile(r"\{(?P<name>[A-Z]\w*)(?P<many>\*)?(?::(?P<types>[\w|]+))?\}")
_LIST_SEPARATOR = r"(?:\s*,\s*(?:and\s+|&\s+)?|\s+and\s+|\s*&\s*)"
_AND_OTHERS = r"(?:,?\s+and\s+(?:several\s+|many\s+)?other\s+[\w-]+)?"


def _one(types: str, name: str | None = None) -> str:
    group = f"(?P<{name}>\\d+)" if name else r"\d+"
    return rf"(?:the\s+)?⟦(?:{types})#{group}⟧"


def _expand(match: re.Match[str]) -> str:
    types = match.group("types") or r"\w+"
    name = match.group("name")
    if match.group("many"):
        one = _one(types)
        return rf"(?P<{name}>{one}(?:{_LIST_SEPARATOR}{one})*){_AND_OTHERS}"
    return _one(types, name)


def compile_pattern(template: str) -> re.Pattern[str]:
    """Compile a rule template: ``{A}``, ``{A*}`` and ``{A:Type|Type}`` become placeholders,
    a space matches any run of white space.

    >>> pattern = compile_pattern("{A:Company} teamed up with {B*}")
    >>> clause = Clause.plain("A teamed up with B and C", [Slot("a", "Company", "A"),
    ...     Slot("b", "Company", "B"), Slot("c", "Company", "C")])
    >>> [s.key for s in clause.members(pattern.search(clause.masked).group("B"))]
    ['b', 'c']
    """
    regex = _MACRO.sub(_expand, template.replace(" ", r"\s+"))
    return re.compile(regex)


def gated_pattern(template: str) -> GatedPattern:
    """:func:`compile_pattern`, gated by the literals the template needs."""
    return GatedPattern(compile_pattern(template))


# -- declarative pattern rules ----------------------------------------------------------

Link = tuple[str, str, str]


@dataclass(frozen=True)
class PatternRule:
    """A template and the links it states between its groups.

    A link end is a group name, or ``@subject`` (the first mention of the clause
    before the match: what "its"/"it" refers to), ``@event`` / ``@agreement`` (the
    one in the clause, else the last one the document mentioned), ``@funder``.
    A link from a group to itself links every pair of its members.
    """

    name: str
    pattern: re.Pattern[str]
    links: tuple[Link, ...]
    confidence: float = 0.8
    what_group: str | None = None
    # the literals a clause must contain for the pattern to match (from the regex)
    needs: Requirement = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.needs:
            object.__setattr__(self, "needs", required_literals(self.pattern))


def rule(name: str, template: str, *links: Link, confidence: float = 0.8, what: str | None = None) -> PatternRule:
    return PatternRule(name, compile_pattern(template), links, confidence, what)


_INDEFINITE_BEFORE = re.compile(r"\b(?:[Aa]n?)\s+(?:[\w-]+\s+){0,3}$")


def _link_end(end: str, match: re.Match[str], clause: Clause, ctx: ReadingContext) -> list[Slot]:
    """The entities one end of a link stands for (see :class:`PatternRule`)."""
    if end == "@subject":
        before = [s for _, s in clause.slots_between(0, match.start())]
        actors = [s for s in before if s.type in ("Company", "Organization", "GovernmentBody", "Country")]
        return actors[:1]
    if end in ("@event", "@agreement"):
        if _INDEFINITE_BEFORE.search(clause.masked[: match.start()]):
            return []  # "a roundtable hosted by X" is a new event, not the last one
        wanted = "Event" if end == "@event" else "Agreement"
        here = [s for _, s in clause.slots_between(0, match.start()) if s.type == wanted]
        if here:
            return here[-1:]
        remembered = ctx.recent_event() if end == "@event" else ctx.recent_agreement()
        return [remembered] if remembered is not None else []
    if end == "@funder":
        return [ctx.last_funder] if ctx.last_funder is not None else []
    return clause.group(match, end)


def _what(match: re.Match[str], group: str | None) -> str | None:
    if group is None:
        return None
    parts = [match.groupdict().get(name) for name in (group, group + "2")]
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return text or None


class _RuleGate:
    """Which rules of a list may match a text (:func:`may_match` of each), found with
    one test per literal of the rules' first needs.

    A clause is tried with every rule, and most rules fail on their first need.
    Testing each literal of those needs once (rules share ``⟦Company#``, ``with``,
    ``investment``...) tells which rules are worth a full test.
    """

    def __init__(self, rules: tuple[PatternRule, ...]):
        self.rules = rules
        self.always: list[int] = []  # rules that need nothing
        self.by_literal: dict[str, list[int]] = {}  # literal of a first need -> rules
        for i, pattern_rule in enumerate(rules):
            if not pattern_rule.needs:
                self.always.append(i)
            for literal in pattern_rule.needs[0] if pattern_rule.needs else ():
                self.by_literal.setdefault(literal, []).append(i)
        self.rest = [r.needs[1:] for r in rules]

    def passing(self, text: str) -> list[PatternRule]:
        """The rules, in order, whose needs ``text`` meets."""
        by_literal = self.by_literal
        candidates = set(self.always)
        for literal in by_literal:
            if literal in text:
                candidates.update(by_literal[literal])
        rest = self.rest
        return [self.rules[i] for i in sorted(candidates) if may_match(rest[i], text)]


_GATES: dict[int, _RuleGate] = {}


def _gate(rules: list[PatternRule]) -> _RuleGate:
    """The gate of a rule list, built once (and again if the list changed)."""
    gate = _GATES.get(id(rules))
    if gate is None or gate.rules != tuple(rules):
        gate = _GATES[id(rules)] = _RuleGate(tuple(rules))
    return gate


def apply_pattern_rules(rules: list[PatternRule], clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """Apply every rule of ``rules`` to the clause."""
    # a rule lacking a literal its pattern needs cannot match, and is not run
    for pattern_rule in _gate(rules).passing(clause.masked):
        for match in pattern_rule.pattern.finditer(clause.masked):
            what = _what(match, pattern_rule.what_group)
            for subject_end, predicate, object_end in pattern_rule.links:
                subjects = _link_end(subject_end, match, clause, ctx)
                objects = _link_end(object_end, match, clause, ctx)
                for subject, obj in itertools.product(subjects, objects):
                    if subject.key != obj.key:
                        yield Found(subject, predicate, obj, pattern_rule.name, match.span(), pattern_rule.confidence, what=what)
