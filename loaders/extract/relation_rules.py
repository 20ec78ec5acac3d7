"""Rules that read typed relations from one clause whose entity mentions are masked.

A :class:`Clause` is a piece of a sentence on one line of text in which every
entity mention is replaced by a placeholder ``⟦Type#i⟧`` (``i`` indexes
``Clause.slots``). Rules are regular expressions over that masked text, so a
pattern reads like the language it describes::

    {A} (?:teamed|tied) up with {B*}

``{A}`` is one mention, ``{B*}`` a list of mentions (``X, Y and Z``), and
``{A:Person}`` / ``{B*:Place|Country}`` restrict the entity type. Before the
patterns run, :func:`simplify` rewrites modifiers away (``the Japan-based X``,
``X (the largest producer)``, ``X, Government of India``), recording the facts
they state (``country``, ``locatedIn``) on the way.

Every rule returns :class:`Found` candidates; :mod:`loaders.extract.relations`
checks their types, adds qualifiers and turns them into ``Relation`` objects.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from loaders.extract.qualifiers import find_dates
from schema.models import Entity, normalize_name

__all__ = [
    "Clause",
    "Found",
    "ReadingContext",
    "Slot",
    "compile_pattern",
    "read_clause",
    "read_document_names",
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


# -- simplification: read modifiers, then remove them ----------------------------------

_ORGS = "Company|Organization|GovernmentBody"


@dataclass(frozen=True)
class Rewrite:
    """A modifier pattern: the facts it states, and which groups to delete afterwards."""

    name: str
    pattern: re.Pattern[str]
    delete: tuple[str, ...]
    read: Callable[[re.Match[str], Clause, ReadingContext], Iterator[Found]]
    applies: Callable[[re.Match[str], Clause], bool] = lambda match, clause: True


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
    # "Kiriburu (then in Orissa and Bihar)", "Bailadilla (Madhya Pradesh)"
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
    # "the Japan-based Yodogawa Steels", "India's JSW Steel", "Japan's Ministry of ..."
    _rewrite(
        "nationality_prefix",
        rf"(?P<pre>⟦Country#(?P<C>\d+)⟧(?:\s*-\s*based|['’]s)\s+)(?:the\s+)?⟦(?:{_ORGS}|Person)#(?P<A>\d+)⟧",
        ("pre",),
        _country_of("A", "C", "nationality_prefix"),
    ),
    # "Japanese companies like Fujitsu", "Japanese steel manufacturer Aichi Steel"
    _rewrite(
        "nationality_adjective",
        rf"(?P<pre>\b(?P<adj>{NATIONALITY})\s+(?:[a-z][\w-]*\s+){{0,3}}?(?:(?:like|such\s+as|including)\s+)?)"
        rf"(?P<X>⟦(?:{_ORGS})#\d+⟧(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)⟦(?:{_ORGS})#\d+⟧)*)",
        ("pre",),
        _adjective_country,
    ),
    # "Aichi Steel Corporation of Japan"
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
    # honorifics
    _rewrite("honorific", r"(?P<title>\b(?:Mr|Mrs|Ms|Dr|Shri|Smt)\.?\s+)⟦Person#\d+⟧", ("title",), _nothing),
]


def simplify(clause: Clause, ctx: ReadingContext) -> list[Found]:
    """Read and remove modifiers of mentions, so that patterns see bare entity lists.

    The spans of the facts returned are offsets in ``clause.text`` (the masked
    offsets change as modifiers are deleted).
    """
    found: list[Found] = []
    for rewrite in REWRITES:
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


def rule(name: str, template: str, *links: Link, confidence: float = 0.8, what: str | None = None) -> PatternRule:
    return PatternRule(name, compile_pattern(template), links, confidence, what)


_VENTURE = r"(?:joint\s+venture|JV|partnership|collaboration|alliance|tie-up|cooperation|venture)"
_HAVE = r"(?:(?:has|have|had|will|would|also|recently|jointly|is|are|was|were)\s+)*"
_BE = r"(?:(?:is|are|was|were|has|have|had|has\s+been|have\s+been|had\s+been|will\s+be|now|also)\s+)*"
_PLANTS = r"(?:operations|plants?|facilit(?:y|ies)|factor(?:y|ies)|presence|capacity|units?|bases?|production|projects?)"
_INVEST_TARGET = "Company|Project|Place|Country"

PATTERN_RULES: list[PatternRule] = [
    # -- partnerOf ---------------------------------------------------------------
    rule("venture_between", rf"{_VENTURE} (?:agreement )?between {{A}} and {{B}}", ("A", "partnerOf", "B"), confidence=0.9),
    rule(
        "dash_partnership",
        rf"{{A:Company|Organization|GovernmentBody}}\s*[-–—/]\s*{{B:Company|Organization|GovernmentBody}} "
        rf"(?:[\w-]+ ){{0,2}}?{_VENTURE}",
        ("A", "partnerOf", "B"),
    ),
    rule("possessive_venture_with", rf"{{A}}['’]s (?:[\w-]+ )?{_VENTURE} with {{B*}}", ("A", "partnerOf", "B"), confidence=0.85),
    rule("pronoun_venture_with", rf"\b(?:its|their) (?:[\w-]+ )?{_VENTURE} with {{B*}}", ("@subject", "partnerOf", "B")),
    rule(
        "in_partnership_with",
        r"{A},? (?:in|through an?) (?:[\w-]+ )?(?:partnership|collaboration|association|cooperation|alliance|joint venture) with {B*}",
        ("A", "partnerOf", "B"),
    ),
    rule(
        "entered_venture_with",
        rf"{{A}} {_HAVE}(?:entered(?: into)?|formed|signed|set up|established|struck|forged|launched) (?:an?|the) "
        rf"(?:[\w-]+ ){{0,2}}?{_VENTURE} with {{B*}}",
        ("A", "partnerOf", "B"),
        confidence=0.9,
    ),
    rule(
        "formed_venture_together",
        rf"{{A*}} {_HAVE}(?:formed|set up|established|launched|created|announced|entered(?: into)?) (?:an?|the) "
        rf"(?:[\w-]+ ){{0,2}}?{_VENTURE}\b",
        ("A", "partnerOf", "A"),
    ),
    rule(
        "teamed_up_with",
        rf"{{A*}} {_HAVE}(?:teamed up|tied up|partnered|collaborated|joined hands|allied|worked together) with {{B*}}",
        ("A", "partnerOf", "B"),
        confidence=0.85,
    ),
    rule(
        "group_led_by",
        r"\bled by {A*},? (?:worked|partnered|collaborated|teamed up|joined hands) with {B*}"
        r"(?: (?:on|in|for|to) (?:[\w-]+ ){0,3}?{P:Project})?",
        ("A", "partnerOf", "A"),
        ("A", "partnerOf", "B"),
        ("A", "involvedIn", "P"),
        ("B", "involvedIn", "P"),
    ),
    rule(
        "countries_partnership",
        r"{A:Country}\s*(?:and|[-–—&])\s*{B:Country}[^⟦.;]{0,60}?\b"
        r"(?:partnership|partners|cooperation|co-operation|ties|relations|relationship|collaboration|alliance)\b",
        ("A", "partnerOf", "B"),
        confidence=0.7,
    ),
    rule(
        "country_partnership_with",
        r"{A:Country}['’]s (?:[\w-]+ ){0,2}?(?:partnership|cooperation|ties|relations|relationship) with {B:Country}",
        ("A", "partnerOf", "B"),
        confidence=0.7,
    ),
    # -- ownedBy -----------------------------------------------------------------
    rule(
        "subsidiary_of",
        r"{A:Company},? (?:(?:which|that) is )?(?:[\w-]+ ){0,3}?(?:an?|the) (?:[\w-]+ ){0,2}?"
        r"(?:subsidiary|unit|arm|affiliate|division|group company) of {B:Company}",
        ("A", "ownedBy", "B"),
        confidence=0.85,
    ),
    rule(
        "possessive_subsidiary",
        r"{B:Company}['’]s (?:[\w-]+ )?(?:subsidiary|unit|arm|affiliate) {A:Company}",
        ("A", "ownedBy", "B"),
        confidence=0.85,
    ),
    # -- investsIn ---------------------------------------------------------------
    rule(
        "takes_stake",
        r"{A} (?:[\w']+ ){0,3}?(?:take|took|takes|taking|acquired?|acquires|acquiring|buy|buys|bought|hold|holds|"
        r"purchased?|purchases|pick(?:ed|s)? up) (?:an? )?(?:[\w.%-]+ ){0,3}?stake in (?:[\w-]+ ){0,4}?(?:of )?{B}",
        ("A", "investsIn", "B"),
        confidence=0.9,
    ),
    rule(
        "invests_in",
        rf"{{A*}} {_HAVE}(?:plans? to |is set to |aims to )?(?:invest(?:ed|s|ing)?|pump(?:ed|s|ing)?|pour(?:ed|s|ing)?|"
        rf"commit(?:ted|s)?|committing|pledg(?:ed|es|ing)) [^⟦;]{{0,50}}?\b(?:in|into|to) (?:new )?"
        rf"(?:(?:[\w-]+ )?{_PLANTS} in )?{{B*:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "expands_operations_in",
        rf"{{A*}} {_BE}(?:expanding|setting up|building|establishing|opening|expanded|set up|built|established|opened) "
        rf"(?:[\w-]+ ){{0,3}}?{_PLANTS} in {{B*:Place|Country}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "possessive_investment_in",
        rf"{{A}}['’]s (?:[^\s⟦]+ ){{0,4}}?investments?(?: [\w-]+){{0,2}}? in {{B:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
    ),
    rule(
        "pronoun_investment_in",
        rf"\b(?:its|their) (?:[\w-]+ ){{0,2}}?investments? in {{B:{_INVEST_TARGET}}}",
        ("@subject", "investsIn", "B"),
        confidence=0.7,
    ),
    rule(
        "investment_pledge_to",
        rf"{{A:Country|Company|GovernmentBody}} [^⟦;]{{0,80}}?\b(?:investments?|FDI)(?: (?:pledges?|commitments?|targets?|plans?))? "
        rf"(?:to|for|in|into) {{B:{_INVEST_TARGET}}}",
        ("A", "investsIn", "B"),
        confidence=0.7,
    ),
    # -- acquires ----------------------------------------------------------------
    rule(
        "acquired",
        r"{A*} (?:(?:has|have|had|will|also)\s+)*(?:acquired|acquires|took over|takes over|bought|buys|purchased) {B:Company}",
        ("A", "acquires", "B"),
        confidence=0.85,
    ),
    rule("acquisition_of_by", r"\bacquisition of (?:[\w-]+ )?{B:Company} by {A*}", ("A", "acquires", "B"), confidence=0.85),
    rule("possessive_acquisition", r"{A}['’]s (?:[\w-]+ )?(?:acquisition|takeover) of {B:Company}", ("A", "acquires", "B")),
    # -- funds -------------------------------------------------------------------
    rule(
        "funded_by",
        r"{B:Project|Initiative},? [^⟦;]{0,30}?(?:funded|financed|backed|bankrolled) (?:[\w-]+ )?by {A*}",
        ("A", "funds", "B"),
        confidence=0.85,
    ),
    rule(
        "loan_for",
        r"{A:Country|GovernmentBody|Company}(?:['’]s)? (?:[^\s⟦]+ ){0,4}?(?:loans?|ODA|grants?|financing|funding)"
        r"(?: (?:loans?|support|assistance))? (?:for|to) (?:the )?{B*:Project|Initiative}",
        ("A", "funds", "B"),
    ),
    rule(
        "provides_loan_for",
        r"{A:Country|GovernmentBody|Company} [^⟦;]{0,40}?\b(?:provid(?:e|es|ed|ing)|extend(?:s|ed|ing)?|offer(?:s|ed)?|"
        r"grant(?:s|ed)?|commit(?:s|ted)?|sanction(?:s|ed)?) [^⟦;]{0,40}?(?:loans?|ODA|grants?|financing|funding|assistance)"
        r" (?:[\w-]+ ){0,2}?(?:for|to) (?:the )?{B*:Project|Initiative|Country}",
        ("A", "funds", "B"),
    ),
    rule(
        "finances",
        r"{A:Country|GovernmentBody|Company} (?:also )?(?:finances|funds|financed|funded|is financing|is funding|will finance|"
        r"will fund) (?:[^\s⟦]+ ){0,6}?{B*:Project|Initiative|Country}",
        ("A", "funds", "B"),
    ),
    rule(
        "projects_include",
        r"^\W*(?:The |These )?(?:[Pp]rojects|[Ss]chemes|[Pp]rogrammes|[Pp]rograms) (?:include|including|such as|like) {B*:Project|Initiative}",
        ("@funder", "funds", "B"),
        confidence=0.6,
    ),
    # -- supplies ----------------------------------------------------------------
    rule(
        "imports_from",
        r"{A:Country|Company}['’]s (?P<what>(?:[\w-]+ ){0,2}?)imports? (?:of (?P<what2>[^⟦]+?) )?from {B:Country|Company}",
        ("B", "supplies", "A"),
        what="what",
    ),
    rule(
        "exports_to",
        r"{A:Country|Company}['’]s (?:major |total |main )?(?P<what>(?:[\w-]+ ){0,2}?)exports? (?:of (?P<what2>[^⟦]+?) )?to {B:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    rule(
        "supplier_of_to",
        r"{A:Country|Company} (?:is|was|has been|had become|became|emerged as|remains|remained)(?: now)?(?: among)?"
        r"(?: the| an?| one of the)? (?:[\w-]+ ){0,3}?(?:suppliers?|exporters?|sources?) of (?P<what>[^⟦]+?) to {B:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    rule(
        "exports_goods_to",
        r"{A:Country|Company} (?:[\w]+ )?(?:exports|exported|supplies|supplied|ships|shipped) (?P<what>[^⟦]+?) to {B:Country|Company}",
        ("A", "supplies", "B"),
        what="what",
    ),
    # -- involvedIn / participatesIn ------------------------------------------------
    rule(
        "involved_in",
        r"{A*} (?:(?:is|are|was|were|has been|have been|also|actively|closely|deeply)\s+)*(?:involved|engaged) in "
        r"(?:[\w-]+ ){0,3}?{B:Project|Initiative}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "role_in",
        r"{A}['’]s (?:[\w-]+ ){0,2}?role in (?:⟦Country#\d+⟧['’]s )?(?:the )?(?:[\w-]+ ){0,3}?{B:Project|Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.75,
    ),
    rule(
        "built_by",
        r"{B:Project},? (?:[\w-]+ ){0,4}?(?:developed|built|constructed|implemented|executed|designed|operated) by {A*}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "builds",
        r"{A*} (?:(?:is|are|was|were|has been|have been|will be)\s+)?(?:building|constructing|implementing|developing|"
        r"supplying|executing) (?:[\w-]+ ){0,3}?(?:for |to )?{B:Project}",
        ("A", "involvedIn", "B"),
    ),
    rule(
        "under_program",
        r"{A:Company|Organization|GovernmentBody|Country} (?:[\w-]+ ){0,3}?under (?:the )?{B:Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.65,
    ),
    rule(
        "participation_in",
        r"{A}['’]s participation in (?:⟦Country#\d+⟧['’]s )?(?:the )?{B:Event|Initiative}",
        ("A", "participatesIn", "B"),
        confidence=0.85,
    ),
    rule(
        "took_part_in",
        r"{A*} (?:(?:have|has|had|will|also)\s+)*(?:participated|participate|participates|took part|take part|joined) in (?:the )?{B:Event|Initiative}",
        ("A", "participatesIn", "B"),
    ),
    rule(
        "launch_initiative",
        r"{A*:Country|GovernmentBody|Organization|Company} [^⟦;]{0,30}?\b(?:launch|launched|establish|established|set up|start|started|"
        r"join|joined|announce|announced|sign up to) (?:an?|the) {B:Initiative}",
        ("A", "participatesIn", "B"),
        confidence=0.65,
    ),
    rule(
        "country_event",
        r"{A:Country|GovernmentBody|Organization}['’]s (?:[\w-]+ ){0,2}?{B:Event}",
        ("A", "organizes", "B"),
        confidence=0.6,
    ),
    rule(
        "organisation_initiative",
        r"{A:Organization|GovernmentBody}['’]s {B:Initiative}",
        ("A", "involvedIn", "B"),
        confidence=0.6,
    ),
    # -- memberOf (countries in organisations) ---------------------------------------
    rule(
        "members_of",
        r"{A*:Country} (?:are|is|were|was|became|become|have become) (?:[\w-]+ ){0,3}?(?:members?|pillars?|part|founders?) of "
        r"(?:the )?{O:Organization}(?: (?:alongside|along with|together with|with) {B*:Country})?",
        ("A", "memberOf", "O"),
        ("B", "memberOf", "O"),
    ),
    # -- events ------------------------------------------------------------------
    rule(
        "organised_by",
        r"(?:jointly )?(?:organi[sz]ed|hosted|convened) (?:jointly )?by {A*:GovernmentBody|Organization|Company|Country}",
        ("A", "organizes", "@event"),
        confidence=0.85,
    ),
    rule(
        "co_chaired_by",
        r"(?:co-)?chaired by (?P<P>[^;]*)",
        ("P", "chairs", "@event"),
        confidence=0.85,
    ),
    rule("chaired", r"{P*:Person} (?:co-)?chaired (?:the )?{E:Event}", ("P", "chairs", "E"), confidence=0.85),
    # -- agreements: signatories and what they establish ------------------------------
    rule("signed_by", r"\b(?:signed|inked) by {P*:Person}", ("@agreement", "signedBy", "P"), confidence=0.8),
    rule(
        "led_to_establishment",
        r"\b(?:led to|resulted in|paved the way for) (?:the )?(?:establishment|creation|formation|launch|setting up) of "
        r"{B:Initiative|Event|Company}",
        ("@agreement", "establishes", "B"),
        confidence=0.75,
    ),
    rule(
        "established_under",
        r"{B:Initiative|Event|Company},? (?:was )?(?:established|set up|created|launched) (?:under|by|through) (?:the )?{G:Agreement}",
        ("G", "establishes", "B"),
        confidence=0.85,
    ),
    # -- positions ---------------------------------------------------------------
    rule(
        "place_chief_minister",
        r"{S:Place} (?:chief minister|Chief Minister|CM|governor|Governor) {P:Person}",
        ("P", "headOf", "S"),
        confidence=0.85,
    ),
]


# -- rules that need more than links between groups --------------------------------

_AGREEMENT_WORD = (
    r"(?:(?:the|an?)\s+)?(?:(?:[\w-]+|⟦Country#\d+⟧\s*-\s*⟦Country#\d+⟧)\s+){0,3}?"
    r"(?P<word>Memorand(?:um|a)\s+of\s+(?:Understanding|Cooperation)|MoUs?|MoC|MOUs?|MOC|agreement|pact)"
)
_AGREEMENT = rf"(?:⟦Agreement#(?P<G>\d+)⟧|{_AGREEMENT_WORD})"
AGREEMENT_PATTERNS = [
    compile_pattern(rf"{_AGREEMENT} (?:(?:was|were|has been|had been|is|will be)\s+)?(?:(?:signed|inked|concluded)\s+)?between {{A}} and {{B}}"),
    compile_pattern(rf"{{A*}} and {{B}} (?:(?:have|has|had|will|jointly|also)\s+)*(?:signed|inked|concluded|exchanged) {_AGREEMENT}"),
    compile_pattern(rf"{{A}} (?:(?:has|have|had|will|also)\s+)*(?:signed|inked|concluded) {_AGREEMENT} with {{B}}"),
]


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
                if {first.type, second.type} <= {"Company", "Organization"}:
                    yield Found(first, "partnerOf", second, "agreement_parties", match.span(), confidence=0.8)
            return


_MEETING = compile_pattern(
    r"(?P<kind>\b(?:[Bb]ilateral |[Oo]fficial |[Ff]ormal )?(?:[Mm]eeting|[Tt]alks))(?: was)? (?:held )?(?:by|between) "
)
_MET = compile_pattern(r"{P*:Person} (?:met|held talks|held a meeting)\b")


def read_meetings(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """A meeting between people: a described Event with its participants and venue."""
    match = _MEETING.search(clause.masked)
    if match:
        people = [s for _, s in clause.slots_between(match.end(), len(clause.masked)) if s.type == "Person"]
        kind = match.group("kind").strip()
    else:
        match = _MET.search(clause.masked)
        if not match:
            return
        people = clause.members(match.group("P"))
        kind = "Meeting"
    people = list(dict.fromkeys(people))[:4]
    if len(people) < 2:
        return
    names = " and ".join(p.name for p in people)
    key_name = "meeting between " + " and ".join(sorted(p.key for p in people))
    event = ctx.describe(f"{kind[0].upper()}{kind[1:]} between {names}", "Event", key_name=key_name)
    ctx.saw_event(event)
    for person in people:
        yield Found(person, "participatesIn", event, "meeting_between", match.span(), confidence=0.8)
    yield from _venues(clause, event, match.end(), "meeting_venue")


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


_HELD = re.compile(r"\b(?:held|hosted|convened|took place|takes place|will take place)\b")


def read_event_venues(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``E was held in February 2025 at V, C``: where an event took place."""
    match = _HELD.search(clause.masked)
    if not match:
        return
    events = [s for _, s in clause.slots_between(0, match.start()) if s.type == "Event"]
    event = events[-1] if events else (ctx.recent_event() if _starts_with_reference(clause) else None)
    if event is not None:
        yield from _venues(clause, event, match.end(), "event_held_in")


_REFERENCE_START = re.compile(
    r"^\W*(?:It|This|These|They|The\s+(?:meeting|dialogue|event|summit|conference|forum|session|talks|"
    r"agreement|memorandum|MoU|MoC|pact|deal))\b"
)


def _starts_with_reference(clause: Clause) -> bool:
    return bool(_REFERENCE_START.match(clause.masked))


_TITLE_ROLE = (
    r"(?P<role>(?:(?:former|then|late|current|Union|Cabinet|Federal|" + NATIONALITY + r")\s+)*"
    r"(?:Prime\s+Minister|President|Chief\s+Minister|Governor|Minister\s+(?:of|for)\s+(?P<dept>[A-Z][\w,&\s]*?[A-Za-z])))"
    r"(?:\s+of\s+(?:the\s+)?⟦(?P<of_type>Country|Place)#(?P<of>\d+)⟧)?\s*,?\s*⟦Person#(?P<P>\d+)⟧"
)
_TITLE_BEFORE_PERSON = re.compile(_TITLE_ROLE)


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
_POSITION_APPOSITION = compile_pattern(
    r"{P:Person},\s*(?P<role>(?:[A-Z][\w.-]*|&)(?:\s+(?:[A-Z][\w.-]*|of|for|and|&))*),\s*(?:the\s+)?"
    r"{O:GovernmentBody|Organization|Company}"
)
_POSITION_OF = compile_pattern(
    r"{P:Person},?\s*(?:the\s+|an?\s+)?(?P<role>(?:[\w-]+\s+){0,2}?(?:CEO|chief executive|chairman|chairperson|president|"
    r"managing director|director|founder|head|professor|researcher|fellow|scientist|economist|engineer|official))"
    r"\s+(?:of|at|with)\s+{O:GovernmentBody|Organization|Company}"
)
_POSITION_IS = compile_pattern(
    r"{P:Person} (?:is|was|serves as|served as|works as|worked as) (?:an?|the) (?P<role>[a-z][\w-]*(?: [a-z][\w-]*){0,3}?)"
    r"(?: in (?:[A-Z][\w-]*\s*)+)? (?:at|of|with|in) (?:the )?{O:GovernmentBody|Organization|Company}"
)
_POSSESSIVE_HEAD = compile_pattern(
    r"{O:Company|Organization|GovernmentBody}['’]s (?P<role>CEO|chief executive|chairman|chairperson|president|founder|"
    r"managing director|head) {P:Person}"
)


def read_positions(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``X, Joint Secretary, Ministry of Steel`` / ``X is a researcher at Y``: memberOf or headOf with a role."""
    for pattern in (_POSITION_APPOSITION, _POSITION_OF, _POSITION_IS, _POSSESSIVE_HEAD):
        for match in pattern.finditer(clause.masked):
            person = clause.slots[int(match.group("P"))][0]
            body = clause.slots[int(match.group("O"))][0]
            role = " ".join(match.group("role").split())
            predicate = "headOf" if _HEAD_ROLE.match(role) else "memberOf"
            yield Found(person, predicate, body, "person_position", match.span(), confidence=0.8, role=role)


_KNOWN_AS = compile_pattern(
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
_LINE_TOPIC = compile_pattern(r"^\W*{P:Project}[^:⟦]{0,40}:")
_FUNDER = compile_pattern(
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


# -- running the rules --------------------------------------------------------------


def _link_end(end: str, match: re.Match[str], clause: Clause, ctx: ReadingContext) -> list[Slot]:
    """The entities one end of a link stands for (see :class:`PatternRule`)."""
    if end == "@subject":
        before = [s for _, s in clause.slots_between(0, match.start())]
        actors = [s for s in before if s.type in ("Company", "Organization", "GovernmentBody", "Country")]
        return actors[:1]
    if end in ("@event", "@agreement"):
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


def read_patterns(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """Apply every :data:`PATTERN_RULES` entry to the clause."""
    for pattern_rule in PATTERN_RULES:
        for match in pattern_rule.pattern.finditer(clause.masked):
            what = _what(match, pattern_rule.what_group)
            for subject_end, predicate, object_end in pattern_rule.links:
                subjects = _link_end(subject_end, match, clause, ctx)
                objects = _link_end(object_end, match, clause, ctx)
                for subject, obj in itertools.product(subjects, objects):
                    if subject.key != obj.key:
                        yield Found(subject, predicate, obj, pattern_rule.name, match.span(), pattern_rule.confidence, what=what)


_LOCATED_IN_PATTERNS = [
    ("comma_place", compile_pattern(r"{A:Place|Organization|Company|Project}\s*,\s*{B:Place}(?!\s*,?\s*(?:and|or|&)\b)(?!\s*,\s*⟦)")),
    ("in_place", compile_pattern(r"{A:Place|Organization|Company|Project|Event} in {B:Place|Country}")),
]


def read_locations(clause: Clause, ctx: ReadingContext) -> Iterator[Found]:
    """``Vigyan Bhavan, New Delhi`` / ``Vardhman Special Steels in Punjab``: where a thing is."""
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
    read_agreements,
    read_meetings,
    read_event_venues,
    read_titles,
    read_positions,
    read_joint_venture_names,
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
