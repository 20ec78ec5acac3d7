"""The project's own vocabulary, closed: a misspelt term raises ``AttributeError``.

Every term here is declared in ``schema/ontology.ttl`` (a test checks both ways).
"""

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/ijkg/"
ENTITY = Namespace(BASE + "id/")
DOC = Namespace(BASE + "doc/")
STATEMENT = Namespace(BASE + "statement/")
GRAPH = Namespace(BASE + "graph/")
FACT = Namespace(BASE + "fact/")


class IJKG(DefinedNamespace):
    """Classes and properties of the ijkg ontology."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # entity classes
    Entity: URIRef
    Country: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Project: URIRef
    Agreement: URIRef
    Event: URIRef
    Initiative: URIRef
    # documents and statements
    Document: URIRef
    RelationStatement: URIRef

    # relation types
    partnerOf: URIRef
    ownedBy: URIRef
    investsIn: URIRef
    acquires: URIRef
    funds: URIRef
    involvedIn: URIRef
    partyTo: URIRef
    signedBy: URIRef
    establishes: URIRef
    participatesIn: URIRef
    chairs: URIRef
    organizes: URIRef
    locatedIn: URIRef
    memberOf: URIRef
    headOf: URIRef
    country: URIRef
    supplies: URIRef

    # entity description (merged across documents, in the entities graph)
    countryCode: URIRef
    origin: URIRef
    mentionedIn: URIRef

    # what one document read about an entity (in that document's graph)
    readLabel: URIRef
    readAlias: URIRef
    readType: URIRef
    readCountry: URIRef
    readOrigin: URIRef
    awaitsMerge: URIRef
    awaitsCount: URIRef
    mappingVersion: URIRef

    # tallies kept for queries: of a document (its graph), of an entity (the counts graph)
    entityCount: URIRef
    relationCount: URIRef
    documentCount: URIRef
    # a fact stated by several documents (the counts graph)
    Fact: URIRef
    sourceCount: URIRef
    plannedCount: URIRef
    sampleStatement: URIRef
    firstPlanned: URIRef
    firstStated: URIRef

    # an entity's names as a user's name is matched (the entities graph)
    nameKey: URIRef

    # qualifiers of a relation statement
    date: URIRef
    amount: URIRef
    currency: URIRef
    share: URIRef
    role: URIRef
    what: URIRef
    status: URIRef

    # provenance of a relation statement
    evidence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    extractor: URIRef
    confidence: URIRef

    # document metadata
    contentHash: URIRef
    sourcePath: URIRef
    encoding: URIRef
    buildFingerprint: URIRef
