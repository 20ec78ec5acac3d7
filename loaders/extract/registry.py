"""The curated registry: known entities matched by name or alias.

Registry files are UTF-8 CSV with the header ``name,type,country,aliases,description``
(aliases separated by ``|``). All ``loaders/data/registry/*.csv`` are loaded, plus
files passed to :func:`loaders.extract.build_pipeline` and those listed in the
``IJKG_REGISTRY`` environment variable (``os.pathsep``-separated).

The ``ijkg_registry`` component matches names with two ``PhraseMatcher``: one on
lower-case text for ordinary names, one on exact text for short all-capitals
aliases (``US``, ``SAIL``, ``L&T``) so that ordinary words (``us``, ``sail``) never
match. Every dash variant of a name is added, so ``Mumbai–Ahmedabad`` and
``Mumbai-Ahmedabad`` both match.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loaders.extract.extensions import MentionInfo, mention_info
from loaders.extract.words import words_of
from schema.models import ENTITY_TYPES, entity_key

__all__ = [
    "DEFAULT_REGISTRY_DIR",
    "REGISTRY_VARIABLE",
    "RegistryEntry",
    "load_registry",
    "read_registry_csv",
    "registry_paths",
]

DEFAULT_REGISTRY_DIR = Path(__file__).resolve().parent.parent / "data" / "registry"
REGISTRY_VARIABLE = "IJKG_REGISTRY"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_RE = re.compile(f"[{_DASHES}]")
# Country/place names that are glued to the next word by a missing space
# ("JapanNishimura") are split off when at least this long.
_MIN_GLUED_PREFIX = 4


@dataclass(frozen=True)
class RegistryEntry:
    """One curated entity: canonical name, type, home country and aliases."""

    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    description: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The name first, then every alias."""
        return (self.name, *self.aliases)


def registry_paths(extra: Iterable[str | os.PathLike] | None = None, bundled: bool = True) -> list[Path]:
    """Every registry file to load: the bundled ones (unless ``bundled`` is false),
    then ``extra``, then those in ``IJKG_REGISTRY``.

    >>> all(p.suffix == ".csv" for p in registry_paths())
    True
    """
    paths = sorted(DEFAULT_REGISTRY_DIR.glob("*.csv")) if bundled else []
    paths += [Path(p) for p in extra or ()]
    env = os.environ.get(REGISTRY_VARIABLE, "")
    paths += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    return paths


def read_registry_csv(path: str | os.PathLike) -> list[RegistryEntry]:
    """Read one registry CSV; rows with an unknown type or no name are skipped.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = f.write_text("name,type,country,aliases,description\\nKobe Steel,Company,JP,Kobelco|KSL,\\n")
    >>> read_registry_csv(f)[0].aliases
    ('Kobelco', 'KSL')
    """
    entries = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            name = (row.get("name") or "").strip()
            type_ = (row.get("type") or "").strip()
            if not name or type_ not in ENTITY_TYPES:
                continue
            country = (row.get("country") or "").strip().upper() or None
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            description = (row.get("description") or "").strip()
            entries.append(RegistryEntry(name, type_, country, aliases, description))
    return entries


def load_registry(paths: Iterable[str | os.PathLike]) -> list[RegistryEntry]:
    """All entries of ``paths``; a later entry with the same name and type replaces an earlier one."""
    by_name: dict[tuple[str, str], RegistryEntry] = {}
    for path in paths:
        for entry in read_registry_csv(path):
            by_name[(entry.name.casefold(), entry.type)] = entry
    return list(by_name.values())


def is_short_capitals(form: str) -> bool:
    """An abbreviation matched case-sensitively: no lower-case letter, at most 6 characters.

    >>> is_short_capitals("L&T"), is_short_capitals("SAIL"), is_short_capitals("Tata Steel")
    (True, True, False)
    """
    return len(form) <= 6 and not any(c.islower() for c in form) and any(c.isalpha() for c in form)


def dash_variants(form: str) -> set[str]:
    """The form with every dash written as ``-``, ``–`` and ``—``.

    >>> sorted(dash_variants("East-West Metro"))
    ['East-West Metro', 'East–West Metro', 'East—West Metro']
    """
    if not _DASH_RE.search(form):
        return {form}
    return {form} | {_DASH_RE.sub(dash, form) for dash in "-\u2013\u2014"}


class RegistryMatcher:
    """Finds registry names in a ``Doc`` and labels them with their entry."""

    def __init__(self, nlp: Language, entries: Sequence[RegistryEntry]):
        self.entries = list(entries)
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.glued_prefixes = self._glued_prefixes()
        self.by_key = {entity_key(e.name, e.type): e for e in self.entries}
        seen: set[tuple[str, bool]] = set()
        for index, entry in enumerate(self.entries):
            for form in entry.forms:
                exact = is_short_capitals(form)
                folded = (form if exact else form.casefold(), exact)
                if folded in seen:  # the first entry to claim a form keeps it
                    continue
                seen.add(folded)
                matcher = self.exact_matcher if exact else self.lower_matcher
                matcher.add(str(index), [nlp.make_doc(v) for v in dash_variants(form)])

    def _glued_prefixes(self) -> re.Pattern | None:
        """``JapanNishimura``: a country or place name glued to a capitalised word."""
        names = {
            form
            for entry in self.entries
            if entry.type in ("Country", "Place")
            for form in entry.forms
            if " " not in form and len(form) >= _MIN_GLUED_PREFIX and form[:1].isupper() and form.isalpha()
        }
        if not names:
            return None
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        return re.compile(rf"^({alternatives})([A-Z][a-z]+)$")

    def split_glued_names(self, doc: Doc) -> None:
        """Split tokens like ``JapanNishimura`` into ``Japan`` + ``Nishimura``."""
        if self.glued_prefixes is None:
            return
        splits = []
        for i, text in enumerate(words_of(doc).texts):  # not a Token object per word
            match = self.glued_prefixes.match(text) if text[:1].isupper() else None
            if match:
                splits.append((doc[i], match.group(1), match.group(2)))
        if not splits:
            return  # most documents glue no names: no retokenising, no offset table
        starts = [(token.idx, token.is_sent_start) for token, _, _ in splits]
        with doc.retokenize() as retokenizer:
            for token, prefix, rest in splits:
                retokenizer.split(token, [prefix, rest], heads=[(token, 1), token.head])
        # Split tokens lose their sentence-start flags: the first part keeps the
        # original's, the second never starts a sentence.
        by_offset = {t.idx: t for t in doc}
        for offset, was_start in starts:
            first = by_offset[offset]
            first.is_sent_start = bool(was_start) or first.i == 0
            doc[first.i + 1].is_sent_start = False

    def spans(self, doc: Doc) -> list[Span]:
        """Registry mentions, longest first where they overlap."""
        texts = words_of(doc).texts
        found = []
        for matcher, exact in ((self.lower_matcher, False), (self.exact_matcher, True)):
            for match_id, start, end in matcher(doc):
                if not exact and not _starts_like_a_name(texts[start]):
                    continue
                found.append(_Match(start, end, self.entries[int(doc.vocab.strings[match_id])]))
        # filter_spans reads only the bounds: spans are made for the matches kept
        return [
            Span(doc, m.start, m.end, label=m.entry.type, kb_id=entity_key(m.entry.name, m.entry.type))
            for m in filter_spans(found)
        ]

    def __call__(self, doc: Doc) -> Doc:
        self.split_glued_names(doc)
        info = mention_info(doc)
        spans = self.spans(doc)
        for span in spans:
            entry = self.by_key[span.kb_id_]
            info[(span.start_char, span.end_char)] = MentionInfo(
                name=entry.name,
                type=entry.type,
                country=entry.country,
                aliases=list(entry.aliases),
                origin="registry",
                key_name=entry.name,
                rule="registry",
            )
        doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


class _Match(NamedTuple):
    """A registry match before it becomes a ``Span`` (token offsets, as a span's)."""

    start: int
    end: int
    entry: RegistryEntry


def _starts_like_a_name(first_word: str) -> bool:
    """A case-insensitive match must still be written like a name (``Power``, not ``power``)."""
    return not first_word[:1].islower()


@Language.factory("ijkg_registry", default_config={"paths": [], "bundled": True})
def make_registry_matcher(nlp: Language, name: str, paths: list[str], bundled: bool) -> RegistryMatcher:
    """The ``ijkg_registry`` component over the bundled registry (unless ``bundled`` is
    false, as in tests) plus ``paths``."""
    return RegistryMatcher(nlp, load_registry(registry_paths(paths, bundled)))
