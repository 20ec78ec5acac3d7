"""What a fact is: typed documents, entities and relations.

These pydantic models are the contract between ``loaders`` (which produce them)
and ``graph`` (which stores them). Nothing here knows about RDF; the mapping to
triples lives in :mod:`schema.rdf`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "STATUSES",
    "Document",
    "DocumentFacts",
    "Entity",
    "EntityType",
    "Mention",
    "Provenance",
    "Relation",
    "RelationType",
    "entity_key",
    "normalize_name",
]

EntityType = Literal[
    "Country",
    "Company",
    "GovernmentBody",
    "Organization",
    "Person",
    "Place",
    "Project",
    "Agreement",
    "Event",
    "Initiative",
]
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)

RelationType = Literal[
    "partnerOf",
    "ownedBy",
    "investsIn",
    "acquires",
    "funds",
    "involvedIn",
    "partyTo",
    "signedBy",
    "establishes",
    "participatesIn",
    "chairs",
    "organizes",
    "locatedIn",
    "memberOf",
    "headOf",
    "country",
    "supplies",
]
RELATION_TYPES: tuple[str, ...] = get_args(RelationType)

Status = Literal["stated", "planned"]
STATUSES: tuple[str, ...] = get_args(Status)

# ISO 8601 at the precision the text states: 1968, 2023-07, 2025-12-04, or an
# interval such as 2023-04/2024-03 (a fiscal year).
_ISO_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
ISO_DATE = re.compile(rf"^{_ISO_PART}(?:/{_ISO_PART})?$")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


@lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """Fold a name the way names are compared: NFKC, lower case, dashes as ``-``,
    ``&`` as ``and``, punctuation and a trailing ``'s`` dropped, a leading ``the``
    dropped, white space folded.

    >>> normalize_name("The Mumbai–Ahmedabad  High-Speed Rail")
    'mumbai-ahmedabad high-speed rail'
    >>> normalize_name("Larsen & Toubro")
    'larsen and toubro'
    """
    text = unicodedata.normalize("NFKC", name).lower()
    text = text.translate({ord(d): "-" for d in _DASHES})
    text = text.replace("\u2019", "'").replace("&", " and ")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w\s\-/.]", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep decimals like 2.0
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    return text


@lru_cache(maxsize=1 << 16)
def entity_key(name: str, type_: str) -> str:
    """The stable key of an entity: its normalised canonical name as a slug.

    People match with their words in any order (``NISHIMURA Yasutoshi`` is
    ``Yasutoshi Nishimura``), so a person's key sorts the words.

    >>> entity_key("NISHIMURA Yasutoshi", "Person") == entity_key("Yasutoshi Nishimura", "Person")
    True
    >>> entity_key("AM/NS India", "Company")
    'am-ns-india'
    """
    words = normalize_name(name).split()
    if type_ == "Person":
        words = sorted(words)
    slug = re.sub(r"[^\w]+", "-", " ".join(words), flags=re.UNICODE).strip("-")
    return slug or "unnamed"


class Document(BaseModel):
    """One source article as a loader read it."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id: the path relative to the folder it was built from.")
    source: str = Field(description="Path of the file the document was read from.")
    title: str | None = Field(None, description="Title the document states.")
    date: str | None = Field(None, description="Publication date the document states, ISO 8601.")
    author: str | None = Field(None, description="Author the document states.")
    publisher: str | None = Field(None, description="Publisher the document states.")
    content_hash: str = Field(description="SHA-256 of the file's bytes.")
    encoding: str = Field("utf-8", description="Text encoding the loader assumed.")
    text: str = Field(description="Main text, without navigation, scripts or styles.")

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not ISO_DATE.match(value):
            raise ValueError(f"date must be ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD), got {value!r}")
        return value


class Mention(BaseModel):
    """A span of the document's text that names an entity: offsets into ``Document.text``."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="Character offset where the mention starts.")
    end: int = Field(ge=0, description="Character offset just after the mention.")
    text: str = Field(description="The mention as written.")


class Entity(BaseModel):
    """A real-world thing a document mentions."""

    name: str = Field(min_length=1, description="Canonical name: the fullest name known.")
    type: EntityType = Field(description="One of the ten entity types.")
    country: str | None = Field(
        None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 home country, where known."
    )
    aliases: list[str] = Field(default_factory=list, description="Other ways the name is written.")
    mentions: list[Mention] = Field(default_factory=list, description="Where the document names it.")
    origin: Literal["registry", "discovered", "described"] = Field(
        "discovered",
        description="From the curated registry, discovered by a name pattern, or described "
        "(an agreement, event or project the text refers to without a proper name).",
    )
    key_name: str | None = Field(
        None,
        description="Name the stable key is made from, when it is not ``name`` "
        "(a registry id, so every build gives the same IRI).",
    )

    @property
    def key(self) -> str:
        return entity_key(self.key_name or self.name, self.type)


class Provenance(BaseModel):
    """Where a relation was read: the sentence, with offsets into the document text."""

    document: str = Field(description="Id of the source document.")
    sentence: str = Field(description="The evidence sentence as written.")
    start: int = Field(ge=0, description="Character offset where the evidence starts.")
    end: int = Field(ge=0, description="Character offset just after the evidence.")
    extractor: str = Field(description="Name of the rule that produced the relation.")
    confidence: float = Field(1.0, ge=0.0, le=1.0, description="How sure the rule is.")


class Relation(BaseModel):
    """A typed link between two entities of the same document, with qualifiers."""

    subject: str = Field(description="Key of the subject entity (``Entity.key``).")
    predicate: RelationType = Field(description="One of the relation types.")
    object: str = Field(description="Key of the object entity (``Entity.key``).")
    date: str | None = Field(None, description="ISO 8601 date, as precise as stated.")
    amount: float | None = Field(None, ge=0, description="Money in whole units of `currency`.")
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
    share: float | None = Field(None, ge=0.0, le=1.0, description="A stake as a fraction.")
    role: str | None = Field(None, description="A person's position, for memberOf/headOf.")
    what: str | None = Field(None, description="What is supplied, funded or invested in.")
    status: Status = Field("stated", description="'planned' for hedged statements.")
    provenance: Provenance

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not ISO_DATE.match(value):
            raise ValueError(f"date must be ISO 8601, got {value!r}")
        return value


class DocumentFacts(BaseModel):
    """Everything extracted from one document: what goes into its named graph."""

    document: Document
    entities: list[Entity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)

    def entity(self, key: str) -> Entity | None:
        return next((e for e in self.entities if e.key == key), None)
