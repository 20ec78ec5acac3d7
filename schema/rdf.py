"""The one mapping between the models of :mod:`schema.models` and RDF.

A document's facts become one named graph, named by the document's IRI:

- the document itself (``ijkg:Document``) with its metadata in Dublin Core terms;
- every entity it mentions: ``ijkg:mentionedIn`` the document, and what this
  document read about it (``ijkg:readLabel``, ``readType``, ``readCountry``,
  ``readAlias``, ``readOrigin``);
- every relation twice: as a direct triple ``<s> ijkg:investsIn <o>`` (what
  queries and the network use) and as an ``rdf:Statement`` node that carries
  the qualifiers and the provenance (evidence sentence and offsets, extractor).

The document also carries two tallies, ``ijkg:entityCount`` and
``ijkg:relationCount``, so listing documents does not count every mention.

One more named graph, :data:`ENTITIES_GRAPH`, holds each entity's description
merged from every document's reading: its types, ``skos:prefLabel``,
``skos:altLabel``, ``ijkg:countryCode`` and ``ijkg:origin``. Each entity is
described there once, so a query over the union of all graphs finds one label
per entity, however many documents mention it (Oxigraph's union default graph
repeats a triple once per graph that holds it; see :mod:`graph.entities`).
:data:`COUNTS_GRAPH` holds each entity's tallies over all documents
(``ijkg:documentCount``, ``ijkg:relationCount``), and a node for each fact
(:func:`fact_iri`: a relation whichever documents state it) stated by more than
one document, kept by the build from each document's ``ijkg:firstPlanned`` and
``ijkg:firstStated`` of its facts (see :mod:`graph.facts`).

Field-to-predicate tables below are the whole mapping, in both directions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.util import from_n3

from schema.models import Document, DocumentFacts, Entity, Provenance, Relation, entity_key
from schema.vocab import DOC, ENTITY, FACT, GRAPH, IJKG, STATEMENT

__all__ = [
    "COUNTS_GRAPH",
    "ENTITIES_GRAPH",
    "MAPPING_VERSION",
    "PENDING_GRAPH",
    "PREFIXES",
    "EntityReading",
    "description_nquads",
    "description_triples",
    "document_iri",
    "document_id_from_iri",
    "entity_iri",
    "fact_iri",
    "fact_iris",
    "facts_from_graph",
    "facts_to_nquads",
    "facts_to_triples",
    "name_key",
    "relation_iri",
    "reading_of",
    "tally_nquads",
    "to_nquads",
    "to_ntriples",
]

# Merged entity descriptions, their tallies, and the entities a build still has
# to merge or count again (kept in the store so a killed build's successor finishes it).
ENTITIES_GRAPH = GRAPH["entities"]
COUNTS_GRAPH = GRAPH["counts"]
PENDING_GRAPH = GRAPH["pending"]

PREFIXES = {
    "ijkg": str(IJKG._NS),
    "id": str(ENTITY),
    "doc": str(DOC),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": str(XSD),
}

_DOCUMENT_FIELDS = {
    "title": DCTERMS.title,
    "date": DCTERMS.date,
    "author": DCTERMS.creator,
    "publisher": DCTERMS.publisher,
    "content_hash": IJKG.contentHash,
    "source": IJKG.sourcePath,
    "encoding": IJKG.encoding,
}
_QUALIFIER_FIELDS = {
    "date": (IJKG.date, None),
    "amount": (IJKG.amount, XSD.decimal),
    "currency": (IJKG.currency, None),
    "share": (IJKG.share, XSD.decimal),
    "role": (IJKG.role, None),
    "what": (IJKG.what, None),
    "status": (IJKG.status, None),
}
_PROVENANCE_FIELDS = {
    "sentence": (IJKG.evidence, None),
    "start": (IJKG.startOffset, XSD.integer),
    "end": (IJKG.endOffset, XSD.integer),
    "extractor": (IJKG.extractor, None),
    "confidence": (IJKG.confidence, XSD.decimal),
}


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document and of its named graph.

    >>> str(document_iri("news/a b.txt"))
    'https://w3id.org/ijkg/doc/news/a%20b.txt'
    """
    return DOC[quote(doc_id, safe="/")]


def document_id_from_iri(iri: str) -> str:
    return unquote(str(iri)[len(str(DOC)):])


def entity_iri(entity: Entity) -> URIRef:
    """The same real-world entity gets the same IRI in every build."""
    return ENTITY[entity.key]


def relation_iri(relation: Relation) -> URIRef:
    p = relation.provenance
    digest = hashlib.sha1(
        "\x1f".join(
            [p.document, relation.subject, relation.predicate, relation.object, str(p.start), str(p.end)]
        ).encode()
    ).hexdigest()[:20]
    return STATEMENT[digest]


# What a build writes changed in version 2: fact lines in each document's graph
# and name keys in the entities graph. A store written by an earlier version is
# brought up to date by the next build (graph.build).
MAPPING_VERSION = 2


def name_key(name: str) -> str:
    """What a name given by a user is matched on: lower case, single spaces.
    The entities graph holds one (``ijkg:nameKey``) for each label and alias.

    >>> name_key("  Japan International  Cooperation Agency ")
    'japan international cooperation agency'
    """
    return " ".join(name.split()).lower()


def fact_iri(subject_key: str, predicate: str, object_key: str) -> str:
    """The IRI of a fact: one relation between two entities, whichever documents state it.

    >>> fact_iri("india", "partnerOf", "japan")
    'https://w3id.org/ijkg/fact/bbebc27e1beee088b9bf'
    """
    return f"{FACT}{hashlib.sha1(f'{subject_key} {predicate} {object_key}'.encode()).hexdigest()[:20]}"


def fact_iris(facts: DocumentFacts) -> list[str]:
    """The facts a document states, each once."""
    return list(dict.fromkeys(fact_iri(r.subject, r.predicate, r.object) for r in facts.relations))


def _first_statements(stated: list[tuple[Relation, str]]) -> list[tuple[str, str, str]]:
    """For each fact and status in a document (its relations with their statement
    terms), the earliest statement (by date, undated last, then IRI), as
    ``ijkg:firstPlanned`` / ``ijkg:firstStated`` of the fact: the counts graph's
    fact table is kept from these (:mod:`graph.facts`)."""
    first: dict[tuple[str, str], tuple[str, str]] = {}
    for relation, statement in stated:
        key = (fact_iri(relation.subject, relation.predicate, relation.object), relation.status)
        candidate = (relation.date or "~", statement)
        if key not in first or candidate < first[key]:
            first[key] = candidate
    return [(_iri(fact), _P["firstPlanned" if status == "planned" else "firstStated"], statement)
            for (fact, status), (_, statement) in first.items()]


# The mapping writes N-Triples terms directly (IRIs made here from slugs, quoted
# paths and digests need no checking; literals are escaped): building rdflib
# terms first cost a build as much as a fifth of extraction. rdflib triples,
# for callers that want them, are read back from these terms.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TYPE = f"<{RDF.type}>"
_P = {name: f"<{IJKG[name]}>" for name in (
    "Document", "RelationStatement", "buildFingerprint", "mentionedIn", "readLabel", "readType",
    "readOrigin", "readAlias", "readCountry", "Entity", "origin", "countryCode",
    "entityCount", "relationCount", "documentCount", "firstPlanned", "firstStated", "nameKey",
)}
_INTEGER = str(XSD.integer)
_DECIMAL = str(XSD.decimal)
_ENTITY_BASE, _ONTOLOGY_BASE = str(ENTITY), str(IJKG._NS)
# The field tables with predicates and datatypes as the strings the mapping writes.
_DOCUMENT_TERMS = [(field, f"<{p}>") for field, p in _DOCUMENT_FIELDS.items()]
_QUALIFIER_TERMS = [(field, f"<{p}>", dt and str(dt)) for field, (p, dt) in _QUALIFIER_FIELDS.items()]
_PROVENANCE_TERMS = [(field, f"<{p}>", dt and str(dt)) for field, (p, dt) in _PROVENANCE_FIELDS.items()]
_STATEMENT_TERMS = {name: f"<{iri}>" for name, iri in (
    ("subject", RDF.subject), ("predicate", RDF.predicate), ("object", RDF.object),
    ("Statement", RDF.Statement), ("derivedFrom", PROV.wasDerivedFrom),
)}


def _iri(value) -> str:
    return f"<{value}>"


def _lit(value, datatype=None) -> str:
    """An N-Triples literal: a plain string, or ``value`` typed (decimals from floats keep their digits)."""
    lexical = str(Decimal(str(value))) if datatype == _DECIMAL else str(value)
    quoted = f'"{lexical.translate(_ESCAPES)}"'
    return f"{quoted}^^<{datatype}>" if datatype else quoted


def _document_terms(facts: DocumentFacts, build_fingerprint: str | None) -> list[tuple[str, str, str]]:
    doc = facts.document
    d = _iri(document_iri(doc.id))
    triples = [
        (d, _TYPE, _P["Document"]),
        (d, _TYPE, _iri(PROV.Entity)),
        (d, _iri(DCTERMS.identifier), _lit(doc.id)),
    ]
    if build_fingerprint:
        triples.append((d, _P["buildFingerprint"], _lit(build_fingerprint)))
    for field, predicate in _DOCUMENT_TERMS:
        value = getattr(doc, field)
        if value is not None:
            triples.append((d, predicate, _lit(value)))

    for entity in facts.entities:
        e = f"<{_ENTITY_BASE}{entity.key}>"
        triples += [
            (e, _P["mentionedIn"], d),
            (e, _P["readLabel"], _lit(entity.name)),
            (e, _P["readType"], f"<{_ONTOLOGY_BASE}{entity.type}>"),
            (e, _P["readOrigin"], _lit(entity.origin)),
        ]
        triples += [(e, _P["readAlias"], _lit(a)) for a in entity.aliases if a != entity.name]
        if entity.country:
            triples.append((e, _P["readCountry"], _lit(entity.country)))

    st = _STATEMENT_TERMS
    stated = []
    for relation in facts.relations:
        s, o = f"<{_ENTITY_BASE}{relation.subject}>", f"<{_ENTITY_BASE}{relation.object}>"
        predicate = f"<{_ONTOLOGY_BASE}{relation.predicate}>"
        r = _iri(relation_iri(relation))
        stated.append((relation, r))
        triples += [
            (s, predicate, o),
            (r, _TYPE, _P["RelationStatement"]),
            (r, _TYPE, st["Statement"]),
            (r, st["subject"], s),
            (r, st["predicate"], predicate),
            (r, st["object"], o),
            (r, st["derivedFrom"], d),
        ]
        for field, predicate_term, datatype in _QUALIFIER_TERMS:
            value = getattr(relation, field)
            if value is not None:
                triples.append((r, predicate_term, _lit(value, datatype)))
        for field, predicate_term, datatype in _PROVENANCE_TERMS:
            triples.append((r, predicate_term, _lit(getattr(relation.provenance, field), datatype)))
    triples += _first_statements(stated)
    triples += [
        (d, _P["entityCount"], _lit(len({entity.key for entity in facts.entities}), _INTEGER)),
        (d, _P["relationCount"], _lit(len({r for _, r in stated}), _INTEGER)),
    ]
    return triples


def _as_rdflib(terms: list[tuple[str, str, str]]) -> list[tuple]:
    return [tuple(from_n3(t) for t in triple) for triple in terms]


def _as_nquads(terms: list[tuple[str, str, str]], graph) -> str:
    g = _iri(graph)
    return "".join(f"{s} {p} {o} {g} .\n" for s, p, o in terms)


def facts_to_triples(
    facts: DocumentFacts, build_fingerprint: str | None = None
) -> list[tuple[URIRef, URIRef, object]]:
    """All triples of one document's named graph, as rdflib terms.

    ``build_fingerprint`` names the extractor and registry that made the facts,
    so a rebuild can tell an unchanged document from one that needs redoing.
    """
    return _as_rdflib(_document_terms(facts, build_fingerprint))


def facts_to_nquads(facts: DocumentFacts, build_fingerprint: str | None = None) -> tuple[str, int]:
    """The document's named graph as N-Quads, and how many quads: what a build writes."""
    terms = _document_terms(facts, build_fingerprint)
    return _as_nquads(terms, document_iri(facts.document.id)), len(terms)


class EntityReading(NamedTuple):
    """What one document read about an entity, or the description merged from all readings."""

    iri: str
    label: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    origin: str


def reading_of(entity: Entity) -> EntityReading:
    """The reading a document's graph records for one of its entities.

    >>> reading_of(Entity(name="JICA", type="GovernmentBody", country="JP", aliases=["JICA", "J"]))
    EntityReading(iri='https://w3id.org/ijkg/id/jica', label='JICA', type='GovernmentBody', country='JP', aliases=('J',), origin='discovered')
    """
    aliases = tuple(sorted(set(entity.aliases) - {entity.name}))
    return EntityReading(str(entity_iri(entity)), entity.name, entity.type, entity.country, aliases, entity.origin)


def _description_terms(description: EntityReading) -> list[tuple[str, str, str]]:
    e = _iri(description.iri)
    triples = [
        (e, _TYPE, _P["Entity"]),
        (e, _TYPE, _iri(IJKG[description.type])),
        (e, _iri(SKOS.prefLabel), _lit(description.label)),
        (e, _P["origin"], _lit(description.origin)),
    ]
    triples += [(e, _iri(SKOS.altLabel), _lit(a)) for a in description.aliases]
    keys = dict.fromkeys(name_key(name) for name in (description.label, *description.aliases))
    triples += [(e, _P["nameKey"], _lit(key)) for key in keys]
    if description.country:
        triples.append((e, _P["countryCode"], _lit(description.country)))
    return triples


def description_triples(description: EntityReading) -> list[tuple]:
    """An entity's merged description, as :data:`ENTITIES_GRAPH` holds it (rdflib terms)."""
    return _as_rdflib(_description_terms(description))


def description_nquads(description: EntityReading) -> str:
    """The same description as N-Quads lines in :data:`ENTITIES_GRAPH`."""
    return _as_nquads(_description_terms(description), ENTITIES_GRAPH)


def tally_nquads(entity_iri: str, documents: int, relations: int) -> str:
    """An entity's tallies as N-Quads lines in :data:`COUNTS_GRAPH`.

    >>> print(tally_nquads("urn:x", 3, 2), end="")  # doctest: +ELLIPSIS
    <urn:x> <https://w3id.org/ijkg/ontology#documentCount> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/ijkg/graph/counts> .
    <urn:x> <https://w3id.org/ijkg/ontology#relationCount> "2"^^<...#integer> <https://w3id.org/ijkg/graph/counts> .
    """
    e = _iri(entity_iri)
    terms = [(e, _P["documentCount"], _lit(documents, _INTEGER)), (e, _P["relationCount"], _lit(relations, _INTEGER))]
    return _as_nquads(terms, COUNTS_GRAPH)


def _term(term) -> str:
    """An rdflib term in N-Triples, for triples made elsewhere."""
    if isinstance(term, Literal) and not term.language:
        datatype = None if term.datatype in (None, XSD.string) else term.datatype
        return f'"{str(term).translate(_ESCAPES)}"' + (f"^^<{datatype}>" if datatype else "")
    if isinstance(term, URIRef):
        return _iri(term)
    return term.n3()


def to_ntriples(triples: Iterable[tuple]) -> str:
    """Triples as N-Triples lines, the form a SPARQL ``INSERT DATA`` takes.

    >>> to_ntriples([(URIRef("urn:a"), RDF.value, Literal('say "hi"'))])
    '<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "say \\\\"hi\\\\"" .'
    """
    return "\n".join(f"{_term(s)} {_term(p)} {_term(o)} ." for s, p, o in triples)


def to_nquads(triples: Iterable[tuple], graph: URIRef) -> str:
    """rdflib triples as N-Quads lines in the named graph ``graph``, the form a bulk load takes."""
    return _as_nquads([(_term(s), _term(p), _term(o)) for s, p, o in triples], graph)


def _value(graph: Graph, node, predicate):
    value = graph.value(node, predicate)
    return None if value is None else value.toPython()


def _decimal(value):
    return None if value is None else float(value)


def facts_from_graph(graph: Graph, doc_id: str) -> DocumentFacts:
    """Read one document's named graph back into models (text and mentions are not stored)."""
    d = document_iri(doc_id)
    fields = {f: _value(graph, d, p) for f, p in _DOCUMENT_FIELDS.items()}
    document = Document(id=doc_id, text="", **{k: str(v) for k, v in fields.items() if v is not None})

    entities = []
    for e in sorted(graph.subjects(IJKG.mentionedIn, d)):
        type_ = str(graph.value(e, IJKG.readType))[len(str(IJKG._NS)):]
        name = str(graph.value(e, IJKG.readLabel))
        key = str(e)[len(str(ENTITY)):]
        entities.append(
            Entity(
                name=name,
                type=type_,
                country=_value(graph, e, IJKG.readCountry),
                aliases=sorted(str(a) for a in graph.objects(e, IJKG.readAlias)),
                origin=str(graph.value(e, IJKG.readOrigin)),
                key_name=None if key == entity_key(name, type_) else key,
            )
        )

    relations = []
    for r in sorted(graph.subjects(RDF.type, IJKG.RelationStatement)):
        qualifiers = {f: _value(graph, r, p) for f, (p, _) in _QUALIFIER_FIELDS.items()}
        qualifiers["amount"] = _decimal(qualifiers["amount"])
        qualifiers["share"] = _decimal(qualifiers["share"])
        provenance = {f: _value(graph, r, p) for f, (p, _) in _PROVENANCE_FIELDS.items()}
        provenance["confidence"] = _decimal(provenance["confidence"])
        relations.append(
            Relation(
                subject=str(graph.value(r, RDF.subject))[len(str(ENTITY)):],
                predicate=str(graph.value(r, RDF.predicate))[len(str(IJKG._NS)):],
                object=str(graph.value(r, RDF.object))[len(str(ENTITY)):],
                provenance=Provenance(document=doc_id, **provenance),
                **{k: v for k, v in qualifiers.items() if v is not None},
            )
        )
    return DocumentFacts(document=document, entities=entities, relations=relations)
