"""The word lists of ``loaders/data/lexicon/``, read once.

These are words of the language the rules lean on (``Corporation`` ends a company
name, ``Japanese`` means JP), not entities; see the folder's README for each file.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["LEXICON_DIR", "Lexicon", "lexicon"]

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"


def _lines(name: str) -> list[str]:
    text = (LEXICON_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _pairs(name: str) -> dict[str, str]:
    rows = csv.reader(_lines(name))
    next(rows)  # header
    return {row[0].strip(): (row[1].strip() if len(row) > 1 else "") for row in rows}


@dataclass(frozen=True)
class Lexicon:
    """All word lists, as sets and maps."""

    head_types: dict[str, str]
    lowercase_heads: dict[str, str]
    legal_suffixes: frozenset[str]
    titles: dict[str, str]
    roles: frozenset[str]
    portfolio_words: frozenset[str]
    demonyms: dict[str, str]
    generic_words: frozenset[str]
    sentence_openers: frozenset[str]
    collective_nouns: dict[str, str]

    def head_type(self, word: str) -> str | None:
        """The entity type a capitalised last word gives, ``Line-3`` read as ``Line``.

        >>> lexicon().head_type("Corporation"), lexicon().head_type("Line-3"), lexicon().head_type("Rivers")
        ('Company', 'Project', None)
        """
        return self.head_types.get(word) or self.head_types.get(re.sub(r"-\d+$", "", word))

    def is_legal_suffix(self, word: str) -> bool:
        """``Ltd.``, ``Corporation``: words a short form of a company name may drop."""
        return word.strip(".,").casefold() in self.legal_suffixes


@cache
def lexicon() -> Lexicon:
    """The lexicon, loaded on first use."""
    return Lexicon(
        head_types=_pairs("head_words.csv"),
        lowercase_heads=_pairs("lowercase_heads.csv"),
        legal_suffixes=frozenset(w.casefold() for w in _lines("legal_suffixes.txt")),
        titles={t: c or "" for t, c in _pairs("person_titles.csv").items()},
        roles=frozenset(_lines("person_roles.txt")),
        portfolio_words=frozenset(_lines("portfolios.txt")),
        demonyms=_pairs("demonyms.csv"),
        generic_words=frozenset(_lines("generic_words.txt")),
        sentence_openers=frozenset(_lines("sentence_openers.txt")),
        collective_nouns=_pairs("collective_nouns.csv"),
    )
