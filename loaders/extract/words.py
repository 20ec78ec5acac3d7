"""The token attributes the components' word tests read, read once per document.

Every ``doc[i]`` and ``for token in doc`` builds a new spaCy ``Token`` object, and
the registry and discovery walk all tokens many times. :func:`words_of` reads the
texts, lower-case forms, white space and sentence starts of a doc's tokens once
into plain lists (:class:`DocWords`); mention labels change with every merge and
are not kept.

>>> import spacy
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> words = words_of(nlp("Kobe Steel opened its 2nd plant."))
>>> words.texts[:3], words.chunk_words[:5], sorted(words.common)
(['Kobe', 'Steel', 'opened'], [True, True, False, False, True], ['its', 'opened', 'plant'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.lexeme import Lexeme
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["ORDINAL", "DocWords", "is_chunk_text", "words_of"]

ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)


def is_chunk_text(text: str, like_num: bool) -> bool:
    """A word that may sit inside a name: capitalised, a number or an ordinal."""
    return text[:1].isupper() or like_num or bool(ORDINAL.match(text))


@dataclass(frozen=True)
class DocWords:
    """The token attributes the word tests read, read once per document.

    Text, case and sentence starts do not change once the sentencizer has run,
    except where the registry splits glued names, which changes the number of
    tokens (see :func:`words_of`).
    """

    texts: list[str]
    lowers: list[str]
    whitespace: list[str]
    sent_starts: list[bool | None]
    spaces: list[bool]
    chunk_words: list[bool]  # Discovery.is_chunk_word of each token
    common: set[str]  # the words written in lower case

    @classmethod
    def read(cls, doc: Doc) -> DocWords:
        if not len(doc):
            return cls([], [], [], [], [], [], set())
        # Whole columns, not a Token object per word; what depends on the word
        # alone comes from its lexeme (_LEXEME_WORDS).
        rows = _LEXEME_WORDS.rows(doc.vocab, doc.to_array(ORTH).tolist())
        texts, lowers, spaces, chunk_words, common_flags = (list(column) for column in zip(*rows))
        spacy_flags = doc.to_array(SPACY).tolist()
        sent_start_flags = doc.to_array(SENT_START).astype("int64").tolist()  # -1, 0 or 1
        return cls(
            texts,
            lowers,
            [" " if space_after else "" for space_after in spacy_flags],  # as Token.whitespace_
            [None if flag == 0 else flag > 0 for flag in sent_start_flags],  # as Token.is_sent_start
            spaces,
            chunk_words,
            {text for text, common in zip(texts, common_flags) if common},
        )


_Row = tuple[str, str, bool, bool, bool]


class _LexemeWords:
    """What :class:`DocWords` reads of a word that depends on the word alone (its
    lexeme): text, lower case, whether it is white space, a chunk word, and a
    lower-case word. Kept across documents, by lexeme id: most words of an article
    were written in earlier ones, and a lexeme's attributes never change.
    """

    LIMIT = 200_000  # words kept before starting afresh

    def __init__(self) -> None:
        self.vocab: Vocab | None = None
        self.by_orth: dict[int, _Row] = {}

    def rows(self, vocab: Vocab, orths: list[int]) -> list[_Row]:
        if vocab is not self.vocab or len(self.by_orth) > self.LIMIT:
            self.vocab, self.by_orth = vocab, {}
        by_orth = self.by_orth
        for orth in set(orths).difference(by_orth):
            by_orth[orth] = self.read(vocab[orth])
        return [by_orth[orth] for orth in orths]

    @staticmethod
    def read(lexeme: Lexeme) -> _Row:
        text = lexeme.orth_
        return (text, lexeme.lower_, lexeme.is_space, is_chunk_text(text, lexeme.like_num),
                lexeme.is_lower and lexeme.is_alpha)


_LEXEME_WORDS = _LexemeWords()

_WORDS_KEY = "ijkg_discovery_words"


def words_of(doc: Doc) -> DocWords:
    """The doc's :class:`DocWords`, read on first use and kept in ``doc.user_data``
    (read again if the doc was retokenised since)."""
    words = doc.user_data.get(_WORDS_KEY)
    if words is None or len(words.texts) != len(doc):
        words = doc.user_data[_WORDS_KEY] = DocWords.read(doc)
    return words
