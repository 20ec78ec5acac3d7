"""The custom attributes the extraction components share on a spaCy ``Doc``.

Registered once, on import, with ``force=True`` so re-imports are harmless.

- ``doc._.doc_id`` / ``doc._.doc_date``: which document this is and its ISO date,
  set by :func:`loaders.extract.extract` before the components run.
- ``doc._.mention_info``: what the registry and discovery components learnt about
  each mention, keyed by the mention's character offsets ``(start, end)``.
- ``doc._.entities``: entity key → :class:`schema.models.Entity`, filled by resolution.
- ``doc._.relations``: :class:`schema.models.Relation` list, filled by relations.
- ``doc._.descriptive``: free slot for the relations developer's described entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

__all__ = ["MentionInfo", "mention_info"]


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


_register()
