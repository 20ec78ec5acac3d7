"""Extraction: a document's text in, its entities and relations out.

A spaCy pipeline over ``spacy.blank("en")`` (no model to download), one ``Doc``
flowing through small components::

    sentencizer → ijkg_registry → ijkg_discovery → ijkg_resolution → ijkg_relations

>>> from schema.models import Document
>>> doc = Document(id="a.txt", source="a.txt", content_hash="0", text="Hokuriku Cement Ltd opened a plant in Japan.")
>>> sorted((e.name, e.type) for e in extract(doc).entities)
[('Hokuriku Cement Ltd', 'Company'), ('Japan', 'Country')]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.symbols import ORTH

from loaders.extract import discovery, extensions, registry, resolution  # noqa: F401  (registers components)
from loaders.extract.extensions import keep_text
from loaders.extract.lexicon import LEXICON_DIR
from loaders.extract.registry import REGISTRY_VARIABLE
from schema.models import Document, DocumentFacts, Entity, Mention, Relation

__all__ = ["build_pipeline", "extract"]

_RELATIONS_PIPE = "ijkg_relations"
# Files are at most 10 MiB (loaders.documents); spaCy's default limit is 1M characters.
_MAX_LENGTH = 20_000_000


def build_pipeline(
    registry_paths: Iterable[str | os.PathLike] | None = None, bundled_registry: bool = True
) -> Language:
    """The extraction pipeline, built once per registry set: the bundled registry
    (unless ``bundled_registry`` is false, as in tests), ``registry_paths`` and the
    files in ``IJKG_REGISTRY``.

    >>> build_pipeline().pipe_names[:4]
    ['sentencizer', 'ijkg_registry', 'ijkg_discovery', 'ijkg_resolution']
    """
    extra = tuple(str(p) for p in registry_paths or ())
    return _build(extra, bundled_registry, os.environ.get(REGISTRY_VARIABLE, ""))


# Unusual spaces (no-break, zero-width, tabs, \r) become plain spaces, one character
# for one, so "Nishimura\u00a0Yasutoshi" is two words while every offset still
# points into the document's own text.
_ODD_SPACES = re.compile(r"[^\S\n ]|[\u200b\u2060\ufeff]")
# The characters _ODD_SPACES matches (tests/loaders checks the two agree): testing
# for each is far quicker than running the pattern over a text that has none.
_ODD_SPACE_CHARACTERS = (
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u2060\u3000\ufeff"
)


def _blank_odd_spaces(text: str) -> str:
    """``text`` with each odd space written as a plain space.

    >>> _blank_odd_spaces("Kobe\u00a0Steel\u2009Ltd")
    'Kobe Steel Ltd'
    """
    if any(character in text for character in _ODD_SPACE_CHARACTERS):
        return _ODD_SPACES.sub(" ", text)
    return text


class BlankingTokenizer:
    """spaCy's tokenizer over the text with odd spaces written as plain spaces.

    >>> import spacy
    >>> [t.text for t in BlankingTokenizer(spacy.blank("en").tokenizer)("Kobe\u00a0Steel")]
    ['Kobe', 'Steel']
    """

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        blanked = _blank_odd_spaces(text)
        doc = self.tokenizer(blanked)
        keep_text(doc, blanked)
        return doc


@lru_cache(maxsize=8)
def _build(extra: tuple[str, ...], bundled: bool, env_registry: str) -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = _MAX_LENGTH
    for abbreviation in _abbreviations():
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.tokenizer = BlankingTokenizer(nlp.tokenizer)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("ijkg_registry", config={"paths": list(extra), "bundled": bundled})
    nlp.add_pipe("ijkg_discovery")
    nlp.add_pipe("ijkg_resolution")
    if _RELATIONS_PIPE in _registered_components():
        nlp.add_pipe(_RELATIONS_PIPE)
    return nlp


def _abbreviations() -> list[str]:
    path = LEXICON_DIR / "abbreviations.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _registered_components() -> set[str]:
    try:
        from loaders.extract import relations  # noqa: F401  (registers ijkg_relations)
    except ImportError:
        return set()
    return set(spacy.registry.factories.get_all())


def extract(document: Document, nlp: Language | None = None) -> DocumentFacts:
    """Run the pipeline on ``document.text`` and collect its facts.

    Relations whose subject or object is not among the entities are dropped, and
    repeated relations are kept once.
    """
    nlp = nlp or build_pipeline()
    doc = nlp.make_doc(document.text)
    doc._.doc_id = document.id
    doc._.doc_date = document.date
    doc._.entities = {}
    doc._.relations = []
    for _, component in nlp.pipeline:
        doc = component(doc)
    entities = dict(doc._.entities or {})
    return DocumentFacts(
        document=document,
        entities=[_as_written(entity, document.text) for entity in entities.values()],
        relations=_kept_relations(doc._.relations or [], set(entities)),
    )


def _as_written(entity: Entity, text: str) -> Entity:
    """Mentions quote the document's own text (the pipeline saw odd spaces as blanks);
    a mention already quoting it is kept as it is (mentions are frozen)."""
    mentions = [
        m if text[m.start:m.end] == m.text else Mention(start=m.start, end=m.end, text=text[m.start:m.end])
        for m in entity.mentions
    ]
    return entity.model_copy(update={"mentions": mentions})


def _kept_relations(relations: list[Relation], keys: set[str]) -> list[Relation]:
    kept, seen = [], set()
    for relation in relations:
        if relation.subject not in keys or relation.object not in keys:
            continue
        identity = (relation.subject, relation.predicate, relation.object, relation.date)
        if identity not in seen:
            seen.add(identity)
            kept.append(relation)
    return kept
