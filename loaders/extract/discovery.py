"""Discovery: names that are in no registry, found by the shape of the language.

The ``ijkg_discovery`` component runs after ``ijkg_registry`` and adds mentions of

- names ending in a type word (:file:`head_words.csv`): ``Kobe Steel Ltd`` (Company),
  ``Japan Science Agency`` (GovernmentBody), ``Osaka University`` (Organization),
  ``Green Hydrogen Mission`` (Initiative), ``Chennai Metro Phase 2`` (Project), with a
  complement (``Institute of Marine Studies``) or a phase number kept;
- ``Ministry of …`` / ``Department of …`` with comma lists;
- ``Memorandum of Understanding/Cooperation (on …)``;
- a capitalised name closed by a lower-case type word (``Chips to Startup program``,
  ``Sea Dragon naval exercise``) and named exercises (``Exercise Sea Dragon``);
- people after a title (``Union Minister of Railways Ashwini Vaishnaw``, ``Mr. X``),
  before a title (``X, Joint Secretary``), after a role (``Indian monk X``), joined
  to another person (``X and <person>``), and ``X is a … researcher``;
- abbreviations in parentheses after a name (``(BPSL)``), which become aliases, and
  every later mention of a name found here (a surname alone for a person).

Words are only names when written like names, and a heading line (every word
capitalised) yields only strong names (legal suffix, ordinal, ministry) unless the
same name is written in the body too, so headlines do not become entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from loaders.extract.extensions import MentionInfo, doc_text, mention_info
from loaders.extract.lexicon import LEXICON_DIR, Lexicon, lexicon
from loaders.extract.regex_literals import GatedPattern
from loaders.extract.registry import dash_variants
from loaders.extract.words import ORDINAL as _ORDINAL
from loaders.extract.words import DocWords, words_of
from loaders.extract.words import is_chunk_text as _is_chunk_text

__all__ = ["Candidate", "Discovery", "DocWords", "heading_lines", "words_of"]

_CONNECTORS = {"of", "and", "&", "for", "on", "to", "de", "the"}
_DASH_TOKENS = {"-", "\u2013", "\u2014", "\u2010", "\u2011"}
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_VERSION = re.compile(r"^(?:\d+\.\d+|II|III|IV)$")
_EDITIONED = ("Event", "Initiative", "Agreement", "Project")
_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{0,3}|IX|X)$")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:['\u2019][A-Z]?[a-z]+)?|[A-Z]\.)$")
_CAPS_WORD = re.compile(r"^[A-Z]{3,}$")
# Gated (see loaders.extract.regex_literals): both run over the whole text, and
# most articles name no ministry and no memorandum.
_MINISTRY = GatedPattern(re.compile(
    r"\b(?:Ministry|Department)\s+(?:of|for)\s+(?:the\s+)?"
    r"(?P<words>[A-Z][\w'-]*(?:\s+(?:of\s+)?[A-Z][\w'-]*)*"
    r"(?:(?:\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)*\s*,?\s+(?:and|&)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)?)"
))
_MEMORANDUM = GatedPattern(re.compile(
    r"\bMemorandum\s+of\s+(?:Understanding|Cooperation|Co-operation)"
    r"(?:\s+(?:on|in|for)\s+(?:the\s+field\s+of\s+)?(?P<topic>[\w-]+(?:\s+(?!signed\b|was\b|were\b|is\b|has\b|between\b"
    r"|with\b|by\b|in\b|at\b|on\b|to\b|for\b|and\b|that\b|which\b)[\w-]+){0,3}))?"
))
_BUSINESS_LINES = frozenset(
    line.strip() for line in (LEXICON_DIR / "business_lines.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_STRONG_HEADS = {"Corporation", "Corp", "Corp.", "Ltd", "Ltd.", "Limited", "Inc", "Inc.", "Co.", "Pvt", "plc",
                 "PLC", "LLP", "K.K.", "Ministry", "Department", "University"}
_COMPLEMENT_ONLY_HEADS = {"Bureau"}
_LONGEST_NAME = 16  # tokens; a longer run of capitalised words is several names or none
_FORM_CACHE_SIZE = 4096  # tokenised forms kept for propagation, across documents
# Type words that may open a name followed by "of …" ("Bank of Japan"); others
# ("Foundation of Trust") are ordinary English there.
_LEADING_HEADS = {"Ministry", "Department", "Bureau", "University", "Institute", "Academy", "College", "Embassy",
                  "Consulate", "Bank", "Council", "Federation", "Confederation", "Association", "Chamber",
                  "Directorate", "Commission", "Treaty", "Declaration", "Agency"}
_PERSON_FIRST_TITLES = {"mr.", "mr", "ms.", "ms", "mrs.", "mrs", "dr.", "dr", "shri", "smt.", "smt", "sri",
                        "prime minister", "president", "chief minister", "prof.", "professor"}


@dataclass
class Candidate:
    """A mention a rule proposes: token offsets, what it is, and how sure the rule is."""

    start: int
    end: int
    info: MentionInfo
    strong: bool = False


def heading_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of heading lines: short, no closing full stop, every word capitalised.

    >>> heading_lines("Steel and the New Age\\nKobe Steel said so.\\n")
    [(0, 21)]
    """
    ranges = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if line.endswith((".", "?", "!", ";", ",")):
            continue  # tested first: most lines are sentences, and need no word count
        words = re.findall(r"(?<![\w'\u2019])[^\W\d_][\w'\u2019&.-]*", line)
        if not words or len(words) > 14:
            continue
        if all(w[0].isupper() or w.lower() in _CONNECTORS | {"a", "an", "in", "at", "by", "with", "from", "vs"}
               for w in words):
            ranges.append((match.start(), match.end()))
    return ranges


class Discovery:
    """The ``ijkg_discovery`` component."""

    def __init__(self, nlp: Language):
        self.lex: Lexicon = lexicon()
        self.title_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for title in self.lex.titles:
            self.title_matcher.add(title.lower(), [nlp.make_doc(v) for v in dash_variants(title)])
        self.nlp = nlp
        self._form_cache: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    # ------------------------------------------------------------------ running

    def __call__(self, doc: Doc) -> Doc:
        info = mention_info(doc)
        self.common_words = words_of(doc).common
        self.drop_government_qualifiers(doc)
        chunks = list(self.chunks(doc))  # both rule families below read the same runs
        candidates = [
            *self.registry_company_extensions(doc),
            *self.people(doc),
            *self.regex_names(doc),
            *self.chunk_names(doc, chunks),
            *self.lowercase_head_names(doc, chunks),
            *self.named_exercises(doc),
            *self.ordinal_editions(doc),
        ]
        candidates = self.drop_unconfirmed_headings(doc, candidates)
        self.merge(doc, candidates)
        self.merge(doc, [*self.listed_names(doc), *self.coordinated_names(doc)])
        self.add_parenthesised_aliases(doc, info)
        self.propagate(doc, info)
        self.merge(doc, list(self.ordinal_editions(doc)))
        return doc

    def merge(self, doc: Doc, candidates: list[Candidate]) -> None:
        """Put candidates into ``doc.ents``: earlier mentions stay, unless a candidate
        strictly contains them and they are only countries or places (or the
        candidate is an edition of them, ``3rd`` + a dialogue)."""
        info = mention_info(doc)
        ents = list(doc.ents)
        chosen = []
        for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
            overlapping = [e for e in ents if e.start < cand.end and cand.start < e.end]
            replaceable = ("Country", "Place", *_EDITIONED) if cand.info.rule == "edition" else (
                ("Country", "Place", "Company") if cand.info.rule == "company extension" else ("Country", "Place"))
            if any(not _contains(cand, e) or e.label_ not in replaceable for e in overlapping):
                continue
            if any(c.start < cand.end and cand.start < c.end for c in chosen):
                continue
            ents = [e for e in ents if e not in overlapping]
            chosen.append(cand)
        if not chosen:
            return  # the mentions stay as they are (setting doc.ents costs ~0.1 ms)
        spans = []
        for cand in chosen:
            span = Span(doc, cand.start, cand.end, label=cand.info.type)
            info[(span.start_char, span.end_char)] = cand.info
            spans.append(span)
        doc.ents = filter_spans(ents + spans)

    def registry_company_extensions(self, doc: Doc) -> Iterator[Candidate]:
        """A known company's name continued by more name words ending in a company
        word is another company: ``Hitachi Energy``, ``Tata Power Renewable Energy Ltd``,
        ``Kobe Steel India Pvt Ltd`` (a subsidiary, not its parent)."""
        info = mention_info(doc)
        for ent in doc.ents:
            found = info.get((ent.start_char, ent.end_char))
            if ent.label_ != "Company" or found is None or found.origin != "registry":
                continue
            end = ent.end
            while end < len(doc) and not doc[end].is_sent_start and "\n" not in doc[end - 1].whitespace_ \
                    and self.is_capitalised(doc[end]) and doc[end].ent_type_ in ("", "Country"):
                end += 1
            while end > ent.end and self.lex.head_type(doc[end - 1].text) != "Company" \
                    and doc[end - 1].text not in _BUSINESS_LINES:
                end -= 1  # the longer name must close on a company word
            if end > ent.end:
                name = doc[ent.start:end].text
                country = self.context_country(doc, ent.start, end) or self._country_inside(doc[ent.start:end])
                yield Candidate(ent.start, end, MentionInfo(name, "Company", country, rule="company extension"), True)

    # ------------------------------------------------------------------ word tests

    def is_capitalised(self, token: Token) -> bool:
        return token.text[:1].isupper()

    def is_chunk_word(self, token: Token) -> bool:
        """A word that may sit inside a name: capitalised, a number or an ordinal."""
        return _is_chunk_text(token.text, token.like_num)

    def is_name_word(self, token: Token) -> bool:
        """A word that may be part of a person's name (``Scindia``, ``M.``, ``NISHIMURA``)."""
        text = token.text
        if not (_NAME_WORD.match(text) or _CAPS_WORD.match(text)):
            return False
        lex = self.lex
        return not (
            text in lex.generic_words
            or text in lex.head_types
            or text in lex.demonyms
            or text in lex.portfolio_words
            or text.lower() in _TITLE_WORDS
            or text in _MONTHS
            or token.ent_type_ in ("Country", "Place", "Company", "GovernmentBody", "Organization")
        )

    def is_distinctive(self, token: Token, type_: str) -> bool:
        """A word that tells one named thing from another (not ``Global``, not ``Japanese``)."""
        text = token.text
        if not text[:1].isupper() and not _ORDINAL.match(text):
            return False
        if text in self.lex.generic_words or text in self.lex.demonyms:
            return False
        if token.ent_type_ == "Country":
            return type_ != "Company"
        head = self.lex.head_type(text)
        return head is None or head != type_

    # ------------------------------------------------------------------ chunks

    def chunks(self, doc: Doc) -> Iterator[tuple[int, int]]:
        """Maximal runs of name words, joined by dashes and small connectors, cut at
        sentence starts, line breaks, ordinals and registry names that are not places."""
        words = words_of(doc)
        named = _named_things(doc)
        chunk_word = words.chunk_words
        start = None
        for i, text in enumerate(words.texts):
            joins = start is not None and self._joins(words, named, i)
            breaks = words.sent_starts[i] or named[i] or (start is not None and _ORDINAL.match(text))
            if start is not None and (breaks or not (chunk_word[i] or joins)):
                yield from self._trimmed(words, start, i)
                start = None
            if start is None and chunk_word[i] and not named[i]:
                start = i
        if start is not None:
            yield from self._trimmed(words, start, len(words.texts))

    def _joins(self, words: DocWords, named: list[bool], i: int) -> bool:
        """Whether the dash or connector at ``i`` joins the run to a following name word."""
        lowers, chunk_word = words.lowers, words.chunk_words
        if words.texts[i] not in _DASH_TOKENS and lowers[i] not in _CONNECTORS:
            return False
        if i + 1 >= len(lowers) or words.whitespace[i] == "\n":
            return False
        if lowers[i] == "the":
            return lowers[i - 1] in ("of", "on") and chunk_word[i + 1]
        if lowers[i + 1] == "the" and lowers[i] in ("of", "on") and i + 2 < len(lowers):
            return chunk_word[i + 2]
        return chunk_word[i + 1] and not named[i + 1]

    def _is_named_thing(self, token: Token) -> bool:
        """Inside a registry name that a discovered name must not swallow."""
        return token.ent_type_ not in ("", "Country", "Place")

    def _trimmed(self, words: DocWords, start: int, end: int) -> Iterator[tuple[int, int]]:
        """The run without sentence openers (``The``, ``Recently``) or a year in front,
        and without joiners at either end."""
        texts, lowers = words.texts, words.lowers
        while start < end and (texts[start] in self.lex.sentence_openers or _is_joiner_word(texts[start], lowers[start])
                               or _NUMBER.match(texts[start])):
            start += 1
        if start + 2 < end and words.sent_starts[start] and lowers[start + 1] == "of" \
                and not self.lex.head_type(texts[start]):
            start += 2  # "Researchers of Kyushu University": a sentence's first noun is no name
        while end > start and _is_joiner_word(texts[end - 1], lowers[end - 1]):
            end -= 1
        if end > start:
            yield start, end

    def chunk_names(self, doc: Doc, chunks: list[tuple[int, int]] | None = None) -> Iterator[Candidate]:
        """Names classified by their type word in each run of name words (``chunks``
        when the caller has them already)."""
        for start, end in self.chunks(doc) if chunks is None else chunks:
            for part_start, part_end in self._split_joined_names(doc, start, end):
                cand = self.classify(doc, part_start, part_end)
                if cand:
                    yield cand

    def _split_joined_names(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """Two names joined into one run: ``Kobe Steel and Osaka University`` at ``and``
        when one side is a name by itself, ``Kobe Steel-Mahindra Electronics`` at a dash
        when the right side is a company and the left has two words or more."""
        parts = []
        split = self._first_join(doc, start, end)
        while split is not None:
            parts.append((start, split))
            start = split + 1
            split = self._first_join(doc, start, end)
        return [*parts, (start, end)]

    def _first_join(self, doc: Doc, start: int, end: int) -> int | None:
        for i in range(start + 1, min(end - 1, start + _LONGEST_NAME)):
            word = doc[i]
            if word.lower_ == "and":
                if self.classify(doc, start, i) or _only_countries(doc[start:i]) or (
                        _is_abbreviation(doc[start:i].text) and self.classify(doc, i + 1, end)):
                    return i
            elif word.text in _DASH_TOKENS and i - start >= 2:
                right = self.classify(doc, i + 1, end)
                if right and right.info.type == "Company":
                    return i
        return None

    def classify(self, doc: Doc, start: int, end: int) -> Candidate | None:
        """The name inside ``doc[start:end]`` by its last type word, or ``None``."""
        lex = self.lex
        head = next((i for i in range(end - 1, start - 1, -1) if lex.head_type(doc[i].text)), None)
        if head is None:
            return self._phase_project(doc, start, end)
        head_word = doc[head].text
        type_ = lex.head_type(head_word)
        chunk_end = end
        end, country = self._tail_end(doc, head, end, type_)
        ordinal = bool(_ORDINAL.match(doc[start].text))
        if not self._is_well_formed(doc, start, head, end, type_, ordinal):
            return None
        if head_word == "Dialogue" and ordinal:
            type_ = "Event"
        strong = ordinal or head_word in _STRONG_HEADS or type_ in ("GovernmentBody", "Organization")
        strong = (strong and end == chunk_end) or _parenthesis_after(doc, end) is not None
        name = doc[start:end].text
        country = country or self._country_inside(doc[start:end]) or self.context_country(doc, start, end)
        return Candidate(start, end, MentionInfo(name, type_, country, rule="type word"), strong)

    def _is_well_formed(self, doc: Doc, start: int, head: int, end: int, type_: str, ordinal: bool) -> bool:
        """Whether ``doc[start:end]`` with its type word at ``head`` reads as a name."""
        head_word = doc[head].text
        words = [t for t in doc[start:end] if t.i != head]
        if head == start:  # "Ministry of …", "Exercise Sea Dragon"; a bare type word is no name
            if head_word == "Exercise":
                return end > head + 1
            return head_word in _LEADING_HEADS and end > head + 1 and doc[head + 1].lower_ in ("of", "for", "on")
        if head_word in _COMPLEMENT_ONLY_HEADS:
            return False
        if any(t.text in _OFFICE_WORDS for t in words):
            return False  # "Union Minister of Steel" is a title, not a steel company
        if head_word == "Meeting" and not ordinal:
            return False
        if type_ == "Company" and not lex_is_legal(head_word):
            # "Ties of Steel", "Crude Steel": an industry word needs a proper name before it
            before = doc[start:head]
            if any(t.lower_ in _CONNECTORS for t in before):
                return False
            return any(self.is_distinctive(t, type_) and t.text not in self.common_words
                       and t.text.lower() not in self.common_words for t in before)
        return ordinal or any(self.is_distinctive(t, type_) for t in words)

    def _tail_end(self, doc: Doc, head: int, end: int, type_: str) -> tuple[int, str | None]:
        """Where a name ending in ``doc[head]`` stops: after a complement (``of Marine
        Studies``) or a phase number; a bare ``of Japan`` after a company is dropped
        and read as its country."""
        tail = doc[head + 1:end]
        if not len(tail):
            return end, None
        if tail[0].lower_ in ("of", "for", "on"):
            rest = doc[head + 2:end]
            if type_ == "Company" and len(rest) == 1 and rest[0].ent_type_ == "Country":
                return head + 1, self._registry_country(doc, rest[0])
            return end, None
        if _is_phase_tail(tail):
            return end, None
        return head + 1, None

    def _phase_project(self, doc: Doc, start: int, end: int) -> Candidate | None:
        """``Chennai Phase 2``: a capitalised name and a phase number is a project."""
        words = doc[start:end]
        for i in range(start + 1, end - 1):
            if doc[i].text in ("Phase", "Stage") and _is_phase_tail(doc[i:end]):
                if any(self.is_distinctive(t, "Project") for t in doc[start:i]):
                    name = words.text
                    return Candidate(start, end, MentionInfo(name, "Project", self._country_inside(words),
                                                             rule="phase"))
        return None

    def lowercase_head_names(self, doc: Doc, chunks: list[tuple[int, int]] | None = None) -> Iterator[Candidate]:
        """``Chips to Startup program``: a capitalised name, up to three lower-case
        words and a lower-case type word that ends the noun phrase (after each of
        ``chunks``, when the caller has them already)."""
        for start, end in self.chunks(doc) if chunks is None else chunks:
            head = self._lowercase_head(doc, end)
            if head is None:
                continue
            type_ = self.lex.lowercase_heads[doc[head].text]
            chunk = doc[start:end]
            only_places = _only_countries(chunk)
            if only_places and head == end:
                continue
            if not only_places and not any(self.is_distinctive(t, type_) for t in chunk):
                continue
            if any(t.text in self.lex.demonyms for t in chunk):
                continue
            name = doc[start:head + 1].text
            yield Candidate(start, head + 1, MentionInfo(name, type_, self._country_inside(chunk),
                                                         rule="lower type word"))

    def _lowercase_head(self, doc: Doc, i: int) -> int | None:
        """Index of a lower-case type word at ``doc[i]`` or after up to three modifiers."""
        for j in range(i, min(i + 4, len(doc))):
            token = doc[j]
            if token.text in self.lex.lowercase_heads:
                nxt = doc[j + 1] if j + 1 < len(doc) else None
                ends_phrase = nxt is None or not (nxt.is_alpha and nxt.is_lower and not nxt.is_stop
                                                  and not nxt.text.endswith(("ed", "ing")))
                return j if ends_phrase else None
            if not (token.is_alpha and token.is_lower) or token.is_stop:
                return None
        return None

    def named_exercises(self, doc: Doc) -> Iterator[Candidate]:
        """``exercises like Sea Dragon`` / ``exercise named Sea Dragon``."""
        lowers = words_of(doc).lowers  # not a Token object per word (see DocWords)
        for index, lower in enumerate(lowers):
            if lower not in ("exercise", "exercises"):
                continue
            i = index + 1
            while i < len(lowers) and lowers[i] in ("like", "such", "as", "named", "called", ","):
                i += 1
            if i == index + 1:
                continue
            end = i
            while end < len(doc) and self.is_capitalised(doc[end]) and not doc[end].ent_type_:
                end += 1
            if end > i and all(t.text not in self.lex.generic_words for t in doc[i:end]):
                yield Candidate(i, end, MentionInfo(doc[i:end].text, "Event", rule="named exercise"))

    def ordinal_editions(self, doc: Doc) -> Iterator[Candidate]:
        """Editions of a known name are things of their own: ``the 4th Quad Summit``
        (an ordinal before a dialogue or summit, an event) and ``CEPA 2.0`` (a version
        number after an agreement or programme)."""
        for ent in doc.ents:
            if ent.label_ in ("Event", "Initiative") and ent.start > 0 and _ORDINAL.match(doc[ent.start - 1].text):
                start = ent.start - 1
                name = doc[start:ent.end].text
                yield Candidate(start, ent.end, MentionInfo(name, "Event", rule="edition"), strong=True)
            if ent.label_ in _EDITIONED and ent.end < len(doc) and _VERSION.match(doc[ent.end].text):
                name = doc[ent.start:ent.end + 1].text
                yield Candidate(ent.start, ent.end + 1, MentionInfo(name, ent.label_, rule="edition"), strong=True)

    def listed_names(self, doc: Doc) -> Iterator[Candidate]:
        """Names in a list a plural noun announces: ``automakers such as A, B and C``,
        ``A, B and other automakers``; each is of the noun's type."""
        nouns = self.lex.collective_nouns
        lowers = words_of(doc).lowers  # not a Token object per word (see DocWords)
        for index, lower in enumerate(lowers):
            type_ = nouns.get(lower)
            if not type_:
                continue
            after = index + 1
            while after < len(lowers) and lowers[after] in ("like", "such", "as", "including", "namely", ":"):
                after += 1
            if after > index + 1:
                yield from self._list_items(doc, after, +1, type_)
            if index >= 2 and lowers[index - 1] == "other" and lowers[index - 2] in ("and", "or"):
                yield from self._list_items(doc, index - 3, -1, type_)

    def _list_items(self, doc: Doc, i: int, step: int, type_: str) -> Iterator[Candidate]:
        """Walk a comma/``and`` list from ``doc[i]`` in direction ``step``."""
        while 0 <= i < len(doc):
            if doc[i].lower_ in (",", "and", "or"):
                i += step
                continue
            bounds = self._name_at(doc, i, step)
            if bounds is None:
                return
            start, end = bounds
            if not doc[start].ent_type_:
                yield Candidate(start, end, MentionInfo(doc[start:end].text, type_, rule="list"))
            i = end if step > 0 else start - 1

    def _name_at(self, doc: Doc, i: int, step: int) -> tuple[int, int] | None:
        """The capitalised run (or registry name) that has ``doc[i]`` at its near end."""
        if not self.is_capitalised(doc[i]) or doc[i].text in self.lex.sentence_openers:
            return None
        if doc[i].ent_type_:
            ent = _ent_of(doc[i])
            return ent.start, ent.end
        j = i
        while 0 <= j + step < len(doc) and (self.is_capitalised(doc[j + step]) or doc[j + step].text == "&") \
                and not doc[j + step].ent_type_ and abs(j - i) < 3:
            j += step
        start, end = (i, j + 1) if step > 0 else (j, i + 1)
        if not self.is_capitalised(doc[end - 1]) or doc[start].is_sent_start and end - start == 1:
            return None
        return start, end

    def coordinated_names(self, doc: Doc) -> Iterator[Candidate]:
        """``Kobe Steel Ltd and Mahindra``: a capitalised name joined by ``and`` to a
        company is a company too."""
        for ent in list(doc.ents):
            if ent.label_ != "Company":
                continue
            if ent.end + 1 < len(doc) and doc[ent.end].lower_ == "and":
                bounds = self._name_at(doc, ent.end + 1, +1)
                if bounds and not doc[bounds[0]].ent_type_ and self._plain_name(doc, *bounds):
                    yield Candidate(*bounds, MentionInfo(doc[bounds[0]:bounds[1]].text, "Company", rule="and company"))
            if ent.start >= 2 and doc[ent.start - 1].lower_ == "and":
                bounds = self._name_at(doc, ent.start - 2, -1)
                if bounds and not doc[bounds[0]].ent_type_ and self._plain_name(doc, *bounds):
                    yield Candidate(*bounds, MentionInfo(doc[bounds[0]:bounds[1]].text, "Company", rule="and company"))

    def _plain_name(self, doc: Doc, start: int, end: int) -> bool:
        """Capitalised words that are no type word, title, demonym or common word."""
        return all(
            t.text == "&" or (t.text[:1].isupper() and not self.lex.head_type(t.text) and t.text not in self.lex.demonyms
                              and t.text not in self.lex.generic_words and t.lower_ not in _TITLE_WORDS
                              and t.text.lower() not in self.common_words)
            for t in doc[start:end]
        )

    # ------------------------------------------------------------------ regexes

    def regex_names(self, doc: Doc) -> Iterator[Candidate]:
        text = doc_text(doc)
        for match in _MINISTRY.finditer(text):
            span = self._ministry_span(doc, match)
            if span is not None:
                country = self._country_inside(span) or self.context_country(doc, span.start, span.end)
                yield Candidate(span.start, span.end, MentionInfo(span.text, "GovernmentBody", country,
                                                                  rule="ministry"), strong=True)
        for match in _MEMORANDUM.finditer(text):
            span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
            if span is not None and len(span):
                yield Candidate(span.start, span.end, MentionInfo(span.text, "Agreement", rule="memorandum"),
                                strong=True)

    def _ministry_span(self, doc: Doc, match: re.Match) -> Span | None:
        """The ministry's span, without a trailing ``and <registry name>``
        (``Ministry of Steel and Japan`` is two names)."""
        span = doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if span is None or not len(span):
            return None
        end = span.end
        for i in range(span.start, span.end):
            if doc[i].lower_ in ("and", "&") and i + 1 < span.end and doc[i + 1].ent_type_:
                end = i - 1 if doc[i - 1].text == "," else i
                break
            if doc[i].lower_ == "of" and i > span.start + 2 and doc[i + 1].ent_type_ == "Country":
                end = i
                break
        return doc[span.start:end] if end > span.start + 2 else None

    # ------------------------------------------------------------------ people

    def people(self, doc: Doc) -> list[Candidate]:
        found = []
        for match_id, start, end in self.title_matcher(doc):
            title = doc.vocab.strings[match_id]
            cand = self._name_after_title(doc, start, end, title) or self._name_before_title(doc, start)
            if cand:
                found.append(cand)
        found += list(self._names_after_roles(doc))
        found += list(self._names_before_roles(doc))
        found += self._coordinated_people(doc, found)
        return found

    def _name_after_title(self, doc: Doc, start: int, end: int, title: str) -> Candidate | None:
        i = end
        country = self.lex.titles.get(_title_case(title)) or self._demonym_before(doc, start)
        i, portfolio_country = self._skip_portfolio(doc, i)
        country = country or portfolio_country
        if i < len(doc) and doc[i].text == ",":
            i += 1
        name_end = i
        while name_end < len(doc) and name_end - i < 4 and self.is_name_word(doc[name_end]):
            name_end += 1
        words = doc[i:name_end]
        minimum = 1 if title in _PERSON_FIRST_TITLES else 2
        if len(words) < minimum or not any(_NAME_WORD.match(t.text) and len(t.text) > 2 for t in words):
            return None
        return Candidate(i, name_end, MentionInfo(words.text, "Person", country or None, rule="title"), True)

    def _skip_portfolio(self, doc: Doc, i: int) -> tuple[int, str | None]:
        """Skip ``of Steel`` / ``for Economy, Trade and Industry of Japan`` after a title."""
        country = None
        while i < len(doc) and doc[i].lower_ in ("of", "for"):
            j = i + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
                if j < len(doc) and doc[j].is_lower:
                    i = j + 1
                    continue
            if j < len(doc) and doc[j].ent_type_ in ("Country", "Place"):
                ent = _ent_of(doc[j])
                country = country or self._registry_country(doc, doc[j])
                i = ent.end
                continue
            k = j
            while k < len(doc) and (doc[k].text in self.lex.portfolio_words
                                    or (doc[k].text in (",", "and", "&") and k + 1 < len(doc)
                                        and doc[k + 1].text in self.lex.portfolio_words)):
                k += 1
            if k == j:
                break
            i = k
        return i, country

    def _name_before_title(self, doc: Doc, title_start: int) -> Candidate | None:
        """``Hideyuki Tanaka, Deputy Director General``: the name before a comma and a title."""
        if title_start < 3 or doc[title_start - 1].text != ",":
            return None
        end = title_start - 1
        start = end
        while start > 0 and end - start < 4 and self.is_name_word(doc[start - 1]):
            start -= 1
        if end - start < 2 or doc[start].text in ("Mr.", "Ms.", "Dr."):
            return None
        country = self._affiliation_country(doc, title_start)
        return Candidate(start, end, MentionInfo(doc[start:end].text, "Person", country, rule="title after"), True)

    def _affiliation_country(self, doc: Doc, title_start: int) -> str | None:
        """``X, Joint Secretary, Ministry of Railways``: the country of the body named
        after the title, within its clause."""
        for token in doc[title_start:title_start + 10]:
            if token.text in (".", ";", "(", ")") or token.lower_ == "and":
                return None
            if token.ent_type_ in ("GovernmentBody", "Organization", "Company", "Country"):
                return self._registry_country(doc, token)
        return None

    def _names_after_roles(self, doc: Doc) -> Iterator[Candidate]:
        """``Indian monk Bodhisena``: a lower-case role noun right before a name."""
        texts = words_of(doc).texts  # not a Token object per word (see DocWords)
        for index, text in enumerate(texts):
            if text not in self.lex.roles or index + 1 >= len(texts):
                continue
            start = end = index + 1
            while end < len(doc) and end - start < 3 and self.is_name_word(doc[end]):
                end += 1
            if end > start and len(doc[start].text) > 2:
                country = self._demonym_before(doc, index)
                yield Candidate(start, end, MentionInfo(doc[start:end].text, "Person", country, rule="role"))

    def _names_before_roles(self, doc: Doc) -> Iterator[Candidate]:
        """``Asha Rao is a marine biologist``: a sentence-opening name, ``is a``, a role."""
        for start in _clause_starts(doc):
            end = start
            while end < len(doc) and end - start < 3 and self.is_name_word(doc[end]):
                end += 1
            if end - start < 2 or end + 2 >= len(doc):
                continue
            if doc[end].lower_ not in ("is", "was") or doc[end + 1].lower_ not in ("a", "an", "the"):
                continue
            role_words = doc[end + 2:min(end + 6, len(doc))]
            if any(t.text in self.lex.roles for t in role_words):
                yield Candidate(start, end, MentionInfo(doc[start:end].text, "Person", rule="is a role"))

    def _coordinated_people(self, doc: Doc, people: list[Candidate]) -> list[Candidate]:
        """``Asha Rao and <person>`` / ``<person> and Asha Rao``: a name joined to a person."""
        found = []
        for person in people:
            if person.start >= 3 and doc[person.start - 1].lower_ == "and":
                end = person.start - 1
                start = end
                while start > 0 and end - start < 4 and self.is_name_word(doc[start - 1]):
                    start -= 1
                if end - start >= 2:
                    found.append(Candidate(start, end, MentionInfo(doc[start:end].text, "Person", rule="and person")))
            if person.end + 1 < len(doc) and doc[person.end].lower_ == "and":
                start = end = person.end + 1
                while end < len(doc) and end - start < 4 and self.is_name_word(doc[end]):
                    end += 1
                if end - start >= 2:
                    found.append(Candidate(start, end, MentionInfo(doc[start:end].text, "Person", rule="and person")))
        return found

    # ------------------------------------------------------------------ countries

    def _registry_country(self, doc: Doc, token: Token) -> str | None:
        """The country known for the mention ``token`` is part of."""
        ent = _ent_of(token)
        if ent is None:
            return None
        found = mention_info(doc).get((ent.start_char, ent.end_char))
        return found.country if found else None

    def _demonym_before(self, doc: Doc, i: int) -> str | None:
        """``Japanese Prime Minister``: the country of a demonym up to 4 words before."""
        for j in range(i - 1, max(-1, i - 5), -1):
            if doc[j].text in self.lex.demonyms:
                return self.lex.demonyms[doc[j].text]
            if doc[j].is_punct:
                return None
        return None

    def _country_inside(self, span: Span) -> str | None:
        """``Japan Science Agency`` → JP; ``India-Japan Forum`` names two and gives none."""
        countries = {self._registry_country(span.doc, t) for t in span if t.ent_type_ in ("Country", "Place")}
        demonyms = {self.lex.demonyms[t.text] for t in span if t.text in self.lex.demonyms}
        found = (countries | demonyms) - {None}
        return found.pop() if len(found) == 1 else None

    def context_country(self, doc: Doc, start: int, end: int) -> str | None:
        """The home country the words around a name state: ``the Japan-based X``,
        ``Japanese steelmaker X``, ``India's X``, ``X, Japan``, ``X (Japan's …)``."""
        before = doc[max(0, start - 4):start]
        if len(before) >= 2 and before[-1].lower_ == "based" and before[-2].text in _DASH_TOKENS and len(before) >= 3:
            return self._registry_country(doc, before[-3])
        if len(before) >= 2 and before[-1].lower_ in ("'s", "\u2019s") and before[-2].ent_type_ == "Country":
            return self._registry_country(doc, before[-2])
        demonym = self._demonym_before(doc, start)
        if demonym and all(t.is_lower or t.text in self.lex.demonyms for t in doc[max(0, start - 4):start]
                           if t.i > start - 4):
            return demonym
        after = doc[end:end + 4]
        if len(after) >= 2 and after[0].text in (",", "(") and after[1].ent_type_ == "Country":
            return self._registry_country(doc, after[1])
        if len(after) >= 4 and after[0].text == "," and after[1].lower_ == "government" and after[3].ent_type_ == "Country":
            return self._registry_country(doc, after[3])
        return None

    # ------------------------------------------------------------------ qualifiers

    def drop_government_qualifiers(self, doc: Doc) -> None:
        """``Ministry of Steel, Government of India``: after a comma, ``Government of
        India`` only says whose ministry it is, so it is no mention of its own."""
        ents = doc.ents
        kept = []
        for ent in ents:
            qualifier = (ent.label_ == "GovernmentBody" and ent.start >= 2 and doc[ent.start - 1].text == ","
                         and ent.text.lower().startswith("government of")
                         and doc[ent.start - 2].text[:1].isupper())
            if not qualifier:
                kept.append(ent)
        if len(kept) < len(ents):
            doc.ents = kept

    # ------------------------------------------------------------------ headings

    def drop_unconfirmed_headings(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        """Weak names on heading lines are kept only when the body writes them too."""
        text = doc_text(doc)
        headings = heading_lines(text)
        if not headings:
            return candidates
        body = _text_outside(text, headings)
        kept = []
        for cand in candidates:
            span = doc[cand.start:cand.end]
            in_heading = any(a <= span.start_char < b for a, b in headings)
            if not in_heading or cand.strong or span.text in body:
                kept.append(cand)
        return kept

    # ------------------------------------------------------------------ aliases

    def add_parenthesised_aliases(self, doc: Doc, info: dict) -> None:
        """``Bhushan Power & Steel Limited (BPSL)``: the words in parentheses right
        after a name are an alias of it."""
        for ent in list(doc.ents):
            close = _parenthesis_after(doc, ent.end)
            if close is None:
                continue
            inner = doc[ent.end + 1:close]
            if not _looks_like_alias(inner) or any(t.ent_type_ == "Country" for t in inner):
                continue
            found = info.get((ent.start_char, ent.end_char))
            if found is not None and inner.text not in found.aliases:
                found.aliases.append(inner.text)

    def propagate(self, doc: Doc, info: dict) -> None:
        """Label every other mention of a discovered name or alias, and a person's
        surname or reversed name written alone."""
        forms: dict[str, MentionInfo] = {}
        for ent in doc.ents:
            found = info.get((ent.start_char, ent.end_char))
            if found is None:
                continue
            for form in self._forms(found, ent):
                forms.setdefault(form, found)
        if not forms:
            return
        texts = words_of(doc).texts
        new = []
        for start, end, form in self._occurrences(doc, forms):
            found = forms[form]
            if texts[start][:1].isupper():
                new.append((Span(doc, start, end, label=found.type), found))
        if not new:
            return
        ents = list(doc.ents)
        taken = {i for e in ents for i in range(e.start, e.end)}
        for span, found in sorted(new, key=lambda x: -(x[0].end - x[0].start)):
            if any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            ents.append(span)
            info.setdefault((span.start_char, span.end_char), MentionInfo(
                span.text, found.type, found.country, origin=found.origin,
                key_name=found.key_name, rule="repeat"))
        doc.ents = filter_spans(ents)

    def _occurrences(self, doc: Doc, forms: Iterable[str]) -> list[tuple[int, int, str]]:
        """``(start, end, form)`` of every occurrence of ``forms`` in ``doc``, as two spaCy
        ``PhraseMatcher`` would give them: abbreviations and one-word forms as written,
        then the others in any case; each by start, then end.

        Building a ``PhraseMatcher`` costs about 30 µs per form, and each document has
        its own forms, so the token sequences are compared here instead. Only where two
        forms of one kind have the same tokens (``KOBE STEEL`` and ``Kobe Steel``) does
        the order of their matches depend on the matcher's hash table, and then the
        matchers are built after all.
        """
        exact: dict[str, tuple[str, ...]] = {}
        folded: dict[str, tuple[str, ...]] = {}
        for form in forms:
            orths, lowers = self._form_words(form)
            if _is_abbreviation(form) or " " not in form:
                exact[form] = orths
            else:
                folded[form] = lowers
        if _has_twins(exact) or _has_twins(folded):
            return self._phrase_matcher_occurrences(doc, exact, folded)
        words = words_of(doc)
        return [*_occurrences(words.texts, exact), *_occurrences(words.lowers, folded)]

    def _form_words(self, form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The texts and lower-case forms of the tokens of ``form``, tokenised once
        (registry aliases come back in every document that names them)."""
        words = self._form_cache.get(form)
        if words is None:
            if len(self._form_cache) >= _FORM_CACHE_SIZE:
                self._form_cache.clear()
            tokens = self.nlp.make_doc(form)
            words = self._form_cache[form] = (tuple(t.text for t in tokens), tuple(t.lower_ for t in tokens))
        return words

    def _phrase_matcher_occurrences(
        self, doc: Doc, exact: dict[str, tuple[str, ...]], folded: dict[str, tuple[str, ...]]
    ) -> list[tuple[int, int, str]]:
        """:meth:`_occurrences` by spaCy's ``PhraseMatcher`` itself."""
        found = []
        for attr, forms in (("ORTH", exact), ("LOWER", folded)):
            matcher = PhraseMatcher(doc.vocab, attr=attr)
            for form in forms:
                matcher.add(form, [self.nlp.make_doc(form)])
            found += [(start, end, doc.vocab.strings[match_id]) for match_id, start, end in matcher(doc)]
        return found

    def _forms(self, found: MentionInfo, ent: Span) -> Iterator[str]:
        if found.origin != "discovered":
            yield from (a for a in found.aliases if a not in found.name)
            return
        yield ent.text
        yield from found.aliases
        if found.type == "Person":
            words = [w for w in ent.text.split() if len(w) > 2]
            if len(words) >= 2:
                yield " ".join(reversed(words))
                yield words[-1]


@Language.factory("ijkg_discovery")
def make_discovery(nlp: Language, name: str) -> Discovery:
    """The ``ijkg_discovery`` component."""
    return Discovery(nlp)


# ---------------------------------------------------------------------- helpers

_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
           "Saturday", "Sunday"}
_TITLE_WORDS = {w for t in lexicon().titles for w in re.split(r"[\s-]+", t.lower())}
# The word of a title that names the office ("Minister" in "Union Minister"); a name
# holding one is a title, not an organisation. "General" and "Chief" also open names.
_OFFICE_WORDS = {re.split(r"[\s-]+", t)[-1] for t in lexicon().titles} - {"General", "Chief", "Executive"}


def _title_case(title: str) -> str:
    return next((t for t in lexicon().titles if t.lower() == title), title)


def _ent_of(token: Token) -> Span | None:
    """The mention in ``doc.ents`` that holds ``token``, found from its IOB tags."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=doc[start].ent_type_)


def _clause_starts(doc: Doc) -> Iterator[int]:
    """Token indices that open a sentence or a line."""
    words = words_of(doc)
    texts, whitespace = words.texts, words.whitespace
    for i, is_space in enumerate(words.spaces):
        if words.sent_starts[i] or (i > 0 and "\n" in texts[i - 1] + whitespace[i - 1]):
            if not is_space:
                yield i


def lex_is_legal(word: str) -> bool:
    """``Ltd``, ``Corporation``: a company-form word."""
    return lexicon().is_legal_suffix(word)


def _only_countries(span: Span) -> bool:
    """Only country or place names (and dashes): ``India-Japan``."""
    return all(t.ent_type_ in ("Country", "Place") or _is_joiner(t) for t in span)


def _is_joiner(token: Token) -> bool:
    return _is_joiner_word(token.text, token.lower_)


def _is_joiner_word(text: str, lower: str) -> bool:
    return text in _DASH_TOKENS or lower in _CONNECTORS


def _named_things(doc: Doc) -> list[bool]:
    """For each token, whether it is inside a registry name a discovered name must not
    swallow (:meth:`Discovery._is_named_thing`), read from one array of labels."""
    strings = doc.vocab.strings
    open_labels = {0, strings["Country"], strings["Place"]}
    return [label not in open_labels for label in doc.to_array("ENT_TYPE").tolist()]


def _is_phase_tail(tail: Span) -> bool:
    """``Phase 4``, ``Phase II``, ``2.0``, ``Line-3`` tails that belong to a name."""
    words = [t.text for t in tail]
    if words and words[0] in ("Phase", "Stage", "Line", "Unit"):
        words = words[1:]
    return bool(words) and all(_NUMBER.match(t) or _ROMAN.match(t) or t in _DASH_TOKENS for t in words)


def _occurrences(words: list[str], phrases: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` wherever ``words[start:end]`` is one of ``phrases``, by start
    and then end, as a ``PhraseMatcher`` finds them (empty phrases match nowhere).

    >>> _occurrences(["Kobe", "Steel", "and", "Kobe"], {"k": ("Kobe",), "ks": ("Kobe", "Steel")})
    [(0, 1, 'k'), (0, 2, 'ks'), (3, 4, 'k')]
    """
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key, phrase in phrases.items():
        if phrase:
            by_first.setdefault(phrase[0], []).append((phrase, key))
    found = []
    for start, word in enumerate(words):
        for phrase, key in by_first.get(word, ()):
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase:
                found.append((start, end, key))
    found.sort(key=lambda match: (match[0], match[1]))
    return found


def _has_twins(phrases: dict[str, tuple[str, ...]]) -> bool:
    """Whether two keys have the same phrase."""
    return len(set(phrases.values())) < len(phrases)


def _contains(cand: Candidate, ent: Span) -> bool:
    return cand.start <= ent.start and ent.end <= cand.end and (cand.end - cand.start) > len(ent)


def _parenthesis_after(doc: Doc, i: int) -> int | None:
    """Index of the ``)`` closing a parenthesis opened at ``doc[i]``, if short."""
    if i >= len(doc) or doc[i].text != "(":
        return None
    for j in range(i + 1, min(i + 7, len(doc))):
        if doc[j].text.startswith(")"):
            return j if j > i + 1 else None
    return None


def _is_abbreviation(text: str) -> bool:
    """``BPSL``, ``MoU``, ``EU CBAM``: at least two capitals and no long lower-case word."""
    capitals = sum(c.isupper() for c in text)
    return capitals >= 2 and not re.search(r"[a-z]{3,}", text)


def _looks_like_alias(inner: Span) -> bool:
    """Parenthesised words that name: an abbreviation or up to four capitalised words."""
    text = inner.text
    if re.search(r"\d", text) and not re.search(r"[A-Z]{2}", text):
        return False
    if _is_abbreviation(text):
        return True
    return len(inner) <= 4 and all(t.text[:1].isupper() for t in inner) and not any(
        t.text in lexicon().generic_words for t in inner
    )


def _text_outside(text: str, ranges: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for a, b in ranges:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    return "\n".join(pieces)
