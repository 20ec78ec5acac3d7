"""The ``ijkg_relations`` component: typed relations between the entities of each sentence.

For every sentence (cut further at line breaks, since flattened tables and bullet
lists run on without a full stop) the component masks the entity mentions
(``doc.ents``), lets the rules of :mod:`loaders.extract.relation_rules` read
candidates, then keeps those whose entity types fit the relation type and adds
their qualifiers: date, amount and currency, share, status (a hedged statement is
``planned``, a negated one is dropped) and provenance.

>>> import spacy
>>> from spacy.tokens import Span
>>> from schema.models import Entity
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Kobe Steel teamed up with Mahindra in 2019.")
>>> doc.ents = [Span(doc, 0, 2, "Company", kb_id="kobe-steel"), Span(doc, 5, 6, "Company", kb_id="mahindra")]
>>> doc._.entities = {"kobe-steel": Entity(name="Kobe Steel", type="Company"),
...                   "mahindra": Entity(name="Mahindra", type="Company")}
>>> [(r.subject, r.predicate, r.object, r.date) for r in relations_component(doc)._.relations]
[('kobe-steel', 'partnerOf', 'mahindra', '2019')]
"""

from __future__ import annotations

import bisect

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from loaders.extract.extensions import doc_text, span_text
from loaders.extract.qualifiers import find_dates, find_money, find_shares, modality
from loaders.extract.relation_rules import Clause, Found, ReadingContext, Slot, read_clause, read_document_names
from schema.models import Entity, Provenance, Relation, entity_key

__all__ = ["SIGNATURES", "fits_signature", "relations_component"]

_ACTORS = frozenset({"Country", "Company", "GovernmentBody", "Organization", "Person"})

SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "partnerOf": (_ACTORS, _ACTORS),
    "ownedBy": (frozenset({"Company"}), frozenset({"Company"})),
    "investsIn": (frozenset({"Company", "Country", "GovernmentBody"}), frozenset({"Company", "Project", "Place", "Country"})),
    "acquires": (frozenset({"Company"}), frozenset({"Company"})),
    # A loan or ODA to a country as a whole is funding too (the gold reads it so).
    "funds": (frozenset({"GovernmentBody", "Country", "Company"}), frozenset({"Project", "Initiative", "Country"})),
    # Countries build and supply projects as well (the gold reads it so).
    "involvedIn": (frozenset({"Company", "Organization", "GovernmentBody", "Country"}), frozenset({"Project", "Initiative"})),
    "partyTo": (frozenset({"Country", "Company", "GovernmentBody", "Organization"}), frozenset({"Agreement"})),
    "signedBy": (frozenset({"Agreement"}), frozenset({"Person"})),
    "establishes": (frozenset({"Agreement", "Event"}), frozenset({"Initiative", "Event", "Company"})),
    "participatesIn": (_ACTORS, frozenset({"Event", "Initiative"})),
    "chairs": (frozenset({"Person"}), frozenset({"Event"})),
    "organizes": (frozenset({"GovernmentBody", "Organization", "Company", "Country"}), frozenset({"Event"})),
    "locatedIn": (frozenset({"Place", "Project", "Event", "Company", "Organization"}), frozenset({"Place", "Country"})),
    "memberOf": (frozenset({"Person", "Country"}), frozenset({"GovernmentBody", "Organization", "Company"})),
    # A chief minister heads a state, which is a Place.
    "headOf": (frozenset({"Person"}), frozenset({"Country", "GovernmentBody", "Company", "Place"})),
    "country": (frozenset({"Company", "GovernmentBody", "Organization", "Person"}), frozenset({"Country"})),
    "supplies": (frozenset({"Country", "Company"}), frozenset({"Country", "Company"})),
}
"""Entity types allowed at each end of each relation type (domain, range)."""

# Facts about what a thing is, not about something that happened: hedges do not apply.
_STATIVE = {"headOf", "memberOf", "country", "locatedIn"}
_MONEY_PREDICATES = {"investsIn", "funds", "supplies", "acquires"}
_SHARE_PREDICATES = {"investsIn", "funds", "acquires", "ownedBy"}
_UNDATED = {"country", "headOf", "memberOf"}
# Words allowed between a relation's words and the amount that belongs to it.
_MONEY_LEAD = re.compile(
    # an abbreviation in parentheses may stand between: "… Limited (OAL), for ₹N"
    r"^[\s,:()]*(?:\([A-Z][A-Za-z&.\-]{1,12}\)[\s,:]*)?(?:(?:at|of|for|worth|touched|touching|reached|reaching|totall?ing|valued|amounting|to|stood|was|were|is|"
    r"approximately|about|around|nearly|over|some|roughly|almost|an?|estimated|total|of|with|initial|investments?|outlay|"
    r"capital)\b[\s,:()]*)*$"
)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:while|whereas|but)\b|\s+while\s+")
_ANAPHORS = re.compile(
    r"\b(?:the two|both)\s+(?:(?:[\w-]+\s+){0,3}?)(?P<kind>companies|firms|countries|nations|governments|sides)\b",
    re.IGNORECASE,
)


def fits_signature(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether a relation type may link these entity types.

    >>> fits_signature("chairs", "Person", "Event"), fits_signature("chairs", "Company", "Event")
    (True, False)
    >>> fits_signature("memberOf", "Country", "GovernmentBody")
    False
    """
    domain, range_ = SIGNATURES[predicate]
    if predicate == "memberOf" and subject_type == "Country":
        return object_type == "Organization"
    return subject_type in domain and object_type in range_


@Language.component("ijkg_relations")
def relations_component(doc: Doc) -> Doc:
    """Fill ``doc._.relations`` from the sentences of ``doc`` (see the module docstring)."""
    if doc._.entities is None:
        doc._.entities = {}
    ctx = ReadingContext(entities=doc._.entities, doc_date=doc._.doc_date)
    collected = _Collected(doc)
    mentions = _Mentions(doc)
    for sentence in doc.sents:
        for clause in _clauses(doc, sentence, ctx, mentions):
            for found in read_clause(clause, ctx):
                collected.add(found, clause, sentence)
    # "the India-Japan recycling MoU between X and Y": stated parties outrank the name.
    with_parties = {r.object for r in collected.relations if r.predicate == "partyTo"}
    for entity, found in read_document_names(ctx):
        if found.predicate == "partyTo" and found.object.key in with_parties:
            continue
        sentence = _sentence_of_first_mention(doc, entity)
        if sentence is not None:
            collected.add(found, _whole_sentence(sentence), sentence)
    doc._.relations = _fold_generic_agreements(collected.relations, ctx)
    return doc


def _fold_generic_agreements(relations: list[Relation], ctx: ReadingContext) -> list[Relation]:
    """One entity per agreement: a generic mention ("the MoU") that stood for exactly
    one described agreement ("MoU between X and Y (2025-12-04)") becomes part of it,
    its wording an alias and its mentions and relations moved over."""
    entities = ctx.entities
    renamed = {}
    for generic_key, described_keys in ctx.described_as.items():
        if len(described_keys) != 1 or generic_key not in entities:
            continue
        generic, described = entities[generic_key], entities[next(iter(described_keys))]
        for alias in (generic.name, *generic.aliases):
            if alias not in described.aliases:
                described.aliases.append(alias)
        described.mentions.extend(generic.mentions)
        del entities[generic_key]
        renamed[generic_key] = described.key
    if not renamed:
        return relations
    folded = [
        r.model_copy(update={"subject": renamed.get(r.subject, r.subject), "object": renamed.get(r.object, r.object)})
        for r in relations
    ]
    unique = {}
    for r in folded:
        if r.subject != r.object:
            unique.setdefault((r.subject, r.predicate, r.object, r.provenance.start), r)
    return list(unique.values())


# -- clauses: sentence pieces with masked mentions --------------------------------------


class _Mentions:
    """The document's mentions, looked up by character range.

    ``doc.ents`` is rebuilt from the tokens on each access, so it is read once here
    (and ``doc._``, a new object on each access, once for the entities).
    """

    def __init__(self, doc: Doc):
        self.entities: dict[str, Entity] = doc._.entities
        self.text = doc_text(doc)
        self.ents = sorted(doc.ents, key=lambda e: e.start_char)
        self.starts = [e.start_char for e in self.ents]

    def within(self, start: int, end: int) -> list[Span]:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_right(self.starts, end)
        return [e for e in self.ents[first:last] if e.end_char <= end]


def _clauses(doc: Doc, sentence: Span, ctx: ReadingContext, mentions: _Mentions) -> Iterator[Clause]:
    """The lines of a sentence as masked clauses; a new text line forgets the line's topic."""
    offset = sentence.start_char
    # the sentence's text, cut from the document's (Span.text joins its tokens anew)
    for line in mentions.text[offset:sentence.end_char].split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        if start == 0 or mentions.text[start - 1] == "\n":
            ctx.line_topic = None
        yield _mask(doc, start, end, ctx, mentions)


def _whole_sentence(sentence: Span) -> Clause:
    text = sentence.text
    return Clause(text, sentence.start_char, text, list(range(len(text))), list(range(1, len(text) + 1)), [])


def _slot(entities: dict[str, Entity], ent: Span) -> Slot:
    key = ent.kb_id_ or entity_key(span_text(ent), ent.label_)
    entity = entities.get(key)
    return Slot(key, ent.label_, entity.name if entity else span_text(ent), ent.start_char, ent.end_char)


def _anaphor_slots(text: str, start: int, ctx: ReadingContext) -> list[tuple[int, int, tuple[Slot, ...]]]:
    """``the two companies`` / ``both countries``: the last pair of that kind mentioned."""
    found = []
    for match in _ANAPHORS.finditer(text):
        kind = "Country" if match.group("kind").lower() in ("countries", "nations", "governments", "sides") else "org"
        pair = ctx.last_pairs.get(kind)
        if pair:
            found.append((start + match.start(), start + match.end(), pair))
    return found


def _mask(doc: Doc, start: int, end: int, ctx: ReadingContext, mentions: _Mentions) -> Clause:
    """Replace each mention in ``doc.text[start:end]`` by ``⟦Type#i⟧``."""
    full_text = mentions.text
    text = full_text[start:end]
    pieces = [(e.start_char, e.end_char, (_slot(mentions.entities, e),)) for e in mentions.within(start, end)]
    taken = [(a, b) for a, b, _ in pieces]
    for a, b, members in _anaphor_slots(text, start, ctx):
        if not any(a < y and x < b for x, y in taken):
            pieces.append((a, b, members))
    pieces.sort(key=lambda piece: piece[0])
    masked, origin, origin_end, slots = [], [], [], []
    cursor = start
    for a, b, members in pieces:
        _keep_unmasked(full_text, cursor, a, start, masked, origin, origin_end)
        placeholder = f"⟦{members[0].type}#{len(slots)}⟧"
        masked.append(placeholder)
        origin.extend([a - start] * len(placeholder))
        origin_end.extend([b - start] * len(placeholder))
        slots.append(members)
        cursor = b
    _keep_unmasked(full_text, cursor, end, start, masked, origin, origin_end)
    return Clause(text, start, "".join(masked), origin, origin_end, slots)


def _keep_unmasked(
    full_text: str, a: int, b: int, start: int, masked: list[str], origin: list[int], origin_end: list[int]
) -> None:
    """Copy ``full_text[a:b]`` as it is, each character standing for itself (offsets
    relative to the clause ``start``); whole slices, not one character at a time."""
    if a < b:
        masked.append(full_text[a:b])
        origin.extend(range(a - start, b - start))
        origin_end.extend(range(a - start + 1, b - start + 1))


def _sentence_of_first_mention(doc: Doc, entity: Entity) -> Span | None:
    mentions = sorted(entity.mentions, key=lambda m: m.start)
    if not mentions:
        return None
    span = doc.char_span(mentions[0].start, mentions[0].end, alignment_mode="expand")
    return span.sent if span is not None else None


# -- from candidates to relations ------------------------------------------------------


@dataclass
class _Collected:
    """Relations kept so far, with what is needed to deduplicate them."""

    doc: Doc

    def __post_init__(self) -> None:
        self.relations: list[Relation] = []
        self._seen: set[tuple] = set()

    def add(self, found: Found, clause: Clause, sentence: Span) -> None:
        if found.subject.key == found.object.key:
            return
        if not fits_signature(found.predicate, found.subject.type, found.object.type):
            return
        identity = _identity(found, sentence)
        if identity in self._seen:
            return
        part = _clause_part(clause.text, found.span)
        status = "stated" if found.predicate in _STATIVE else modality(clause.text, *found.span)
        if status == "negated":
            return
        self._seen.add(identity)
        self.relations.append(_relation(found, clause, part, status, self.doc, sentence))


def _identity(found: Found, sentence: Span) -> tuple:
    """Same triple in the same sentence; a partnership of two countries once per document."""
    ends = (found.subject.key, found.object.key)
    if found.predicate == "partnerOf":
        ends = tuple(sorted(ends))
        if found.subject.type == found.object.type == "Country":
            return ("partnerOf", *ends)
    return (sentence.start_char, found.predicate, *ends)


def _clause_part(text: str, span: tuple[int, int]) -> tuple[int, int, str]:
    """The part of ``text`` between clause breaks (``;``, ``, while``) around ``span``."""
    start, end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= span[0]:
            start = match.end()
        elif match.start() >= span[1]:
            end = match.start()
            break
    return start, end, text[start:end]


def _relation(found: Found, clause: Clause, part: tuple[int, int, str], status: str, doc: Doc, sentence: Span) -> Relation:
    qualifiers = _qualifiers(found, clause.text, part, doc._.doc_date)
    return Relation(
        subject=found.subject.key,
        predicate=found.predicate,
        object=found.object.key,
        role=found.role,
        what=found.what,
        status=status,
        provenance=Provenance(
            document=doc._.doc_id or "",
            # the line of the sentence it was read from: a flattened list or table
            # is one spaCy "sentence" of many lines
            sentence=clause.text.strip(),
            start=clause.start + len(clause.text) - len(clause.text.lstrip()),
            end=clause.start + len(clause.text.rstrip()),
            extractor=found.rule,
            confidence=found.confidence,
        ),
        **qualifiers,
    )


def _qualifiers(found: Found, text: str, part: tuple[int, int, str], reference: str | None) -> dict:
    start, _, part_text = part
    span = (found.span[0] - start, found.span[1] - start)
    qualifiers: dict = {}
    dated = found.predicate not in _UNDATED and (found.predicate != "locatedIn" or found.subject.type == "Event")
    date = found.date or (_nearest(find_dates(part_text, reference), span) if dated else None)
    if date is not None:
        qualifiers["date"] = date if isinstance(date, str) else date.iso
    if found.predicate in _MONEY_PREDICATES:
        money = _attached(find_money(part_text), part_text, span, found.money_anywhere)
        if money is not None:
            qualifiers["amount"], qualifiers["currency"] = money.amount, money.currency
    if found.predicate in _SHARE_PREDICATES:
        share = _attached(find_shares(part_text), part_text, span, found.money_anywhere)
        if share is not None:
            qualifiers["share"] = share.share
    return qualifiers


def _nearest(matches: list, span: tuple[int, int]):
    """The match closest to ``span`` (inside it counts as distance 0)."""

    def distance(match) -> int:
        if match.end <= span[0]:
            return span[0] - match.end
        if match.start >= span[1]:
            return match.start - span[1]
        return 0

    return min(matches, key=distance) if matches else None


def _attached(matches: list, text: str, span: tuple[int, int], anywhere: bool):
    """The amount (or share) that belongs to a relation's words: inside them, or right after
    them with only linking words between (``exports to India at USD 17.69 billion``)."""
    if anywhere:
        return matches[0] if matches else None
    for match in matches:
        if span[0] <= match.start and match.end <= span[1]:
            return match
        if match.start >= span[1] and _MONEY_LEAD.match(text[span[1] : match.start]):
            return match
    return None
