"""The one mapping between the models of :mod:`schema.models` and RDF.

A document's facts become one named graph, named by the document's IRI:

- the document itself (``ijkg:Document``) with its metadata in Dublin Core terms;
- every entity it mentions, with its type, labels (SKOS), home country and
  ``ijkg:mentionedIn`` the document;
- every relation twice: as a direct triple ``<s> ijkg:investsIn <o>`` (what
  queries and the network use) and as an ``rdf:Statement`` node that carries
  the qualifiers and the provenance (evidence sentence and offsets, extractor).

Field-to-predicate tables below are the whole mapping, in both directions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import quote, unquote

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from schema.models import Document, DocumentFacts, Entity, Provenance, Relation, entity_key
from schema.vocab import DOC, ENTITY, IJKG, STATEMENT

__all__ = [
    "PREFIXES",
    "document_iri",
    "document_id_from_iri",
    "entity_iri",
    "facts_from_graph",
    "facts_to_triples",
    "relation_iri",
    "to_ntriples",
]

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


def _literal(value, datatype) -> Literal:
    if datatype == XSD.decimal:
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    return Literal(value, datatype=datatype)


def facts_to_triples(
    facts: DocumentFacts, build_fingerprint: str | None = None
) -> list[tuple[URIRef, URIRef, object]]:
    """All triples of one document's named graph.

    ``build_fingerprint`` names the extractor and registry that made the facts,
    so a rebuild can tell an unchanged document from one that needs redoing.
    """
    doc = facts.document
    d = document_iri(doc.id)
    triples: list[tuple] = [
        (d, RDF.type, IJKG.Document),
        (d, RDF.type, PROV.Entity),
        (d, DCTERMS.identifier, Literal(doc.id)),
    ]
    if build_fingerprint:
        triples.append((d, IJKG.buildFingerprint, Literal(build_fingerprint)))
    for field, predicate in _DOCUMENT_FIELDS.items():
        value = getattr(doc, field)
        if value is not None:
            triples.append((d, predicate, Literal(value)))

    for entity in facts.entities:
        e = entity_iri(entity)
        triples += [
            (e, RDF.type, IJKG.Entity),
            (e, RDF.type, IJKG[entity.type]),
            (e, SKOS.prefLabel, Literal(entity.name)),
            (e, IJKG.origin, Literal(entity.origin)),
            (e, IJKG.mentionedIn, d),
        ]
        triples += [(e, SKOS.altLabel, Literal(a)) for a in entity.aliases if a != entity.name]
        if entity.country:
            triples.append((e, IJKG.countryCode, Literal(entity.country)))

    for relation in facts.relations:
        s, o = ENTITY[relation.subject], ENTITY[relation.object]
        predicate = IJKG[relation.predicate]
        r = relation_iri(relation)
        triples += [
            (s, predicate, o),
            (r, RDF.type, IJKG.RelationStatement),
            (r, RDF.type, RDF.Statement),
            (r, RDF.subject, s),
            (r, RDF.predicate, predicate),
            (r, RDF.object, o),
            (r, PROV.wasDerivedFrom, d),
        ]
        for field, (pred, datatype) in _QUALIFIER_FIELDS.items():
            value = getattr(relation, field)
            if value is not None:
                triples.append((r, pred, _literal(value, datatype)))
        for field, (pred, datatype) in _PROVENANCE_FIELDS.items():
            triples.append((r, pred, _literal(getattr(relation.provenance, field), datatype)))
    return triples


def to_ntriples(triples: Iterable[tuple]) -> str:
    """Triples as N-Triples lines, the form a SPARQL ``INSERT DATA`` takes."""
    return "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)


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
    for e in sorted(graph.subjects(RDF.type, IJKG.Entity)):
        types = {str(t)[len(str(IJKG._NS)):] for t in graph.objects(e, RDF.type)} - {"Entity"}
        type_ = types.pop()
        name = str(graph.value(e, SKOS.prefLabel))
        key = str(e)[len(str(ENTITY)):]
        entities.append(
            Entity(
                name=name,
                type=type_,
                country=_value(graph, e, IJKG.countryCode),
                aliases=sorted(str(a) for a in graph.objects(e, SKOS.altLabel)),
                origin=str(graph.value(e, IJKG.origin)),
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
