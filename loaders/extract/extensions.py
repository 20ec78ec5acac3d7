"""The custom attributes the extraction components share on a spaCy ``Doc``.

Registered once, on import, with ``force=True`` so re-imports are harmless.

- ``doc._.doc_id`` / ``doc._.doc_date``: which document this is and its ISO date,
  set by :func:`loaders.extract.extract` before the components run.
- ``doc._.mention_info``: what the registry and discovery components learnt about
  each mention, keyed by the mention's character offsets ``(start, end)``.
- ``doc._.entities``: entity key → :class:`schema.models.Entity`, filled by resolution.
- ``doc._.relations``: :class:`schema.models.Relation` list, filled by relations.
- ``doc._.descriptive``: free slot for the relations developer's described entities.

:func:`doc_text` reads ``doc.text`` once per document, :func:`span_text` cuts a
mention's text from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

__all__ = ["MentionInfo", "doc_text", "keep_text", "mention_info", "span_text"]


@dataclass
class MentionInfo:
    """What a component knows about one mention before resolution.

    ``name`` is the canonical name when it is known (a registry entry), else the
    mention as written; ``aliases`` are other names learnt for it (an abbreviation
    in parentheses, a registry alias).

    >>> MentionInfo(name="Kobe Steel", type="Company", country="JP").origin
    'discovered'
    """

    name: str
    type: str
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    origin: str = "discovered"
    key_name: str | None = None
    rule: str = ""


def _register() -> None:
    Doc.set_extension("doc_id", default="", force=True)
    Doc.set_extension("doc_date", default=None, force=True)
    Doc.set_extension("mention_info", default=None, force=True)
    Doc.set_extension("entities", default=None, force=True)
    Doc.set_extension("relations", default=None, force=True)
    Doc.set_extension("descriptive", default=None, force=True)


def mention_info(doc: Doc) -> dict[tuple[int, int], MentionInfo]:
    """The doc's mention table, created on first use (extension defaults are shared)."""
    if doc._.mention_info is None:
        doc._.mention_info = {}
    return doc._.mention_info


_TEXT_KEY = "ijkg_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read once and kept in ``doc.user_data``.

    spaCy joins the text from the tokens on every access (about 0.1 ms for a
    3 kB article), and the components read it several times. It cannot go
    stale: retokenising merges or splits tokens but never changes the text.
    """
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """``span.text``, cut from :func:`doc_text` (``Span.text`` joins its tokens anew)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def keep_text(doc: Doc, text: str) -> None:
    """Note that ``doc`` was tokenised from ``text``, so that :func:`doc_text` need
    not join the tokens: spaCy's tokenizer keeps every character of its input."""
    doc.user_data[_TEXT_KEY] = text


_register()
