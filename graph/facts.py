"""Facts counted over the documents that state them, kept in the counts graph.

A *fact* is one relation between two entities, whichever documents state it
(:func:`schema.rdf.fact_iri`). Each document's graph names its earliest
statement of each of its facts, per status (``?fact ijkg:firstPlanned ?r``,
``?fact ijkg:firstStated ?r``). For every fact stated by more than one
document, :data:`schema.rdf.COUNTS_GRAPH` holds a node with how many
documents state it (``ijkg:sourceCount``), how many report it as planned
(``ijkg:plannedCount``), one of its statements (``ijkg:sampleStatement``),
and, when some document reports it as planned, its earliest planned and
stated statements over all documents (``ijkg:firstPlanned``,
``ijkg:firstStated``; by date, undated last). The statements' ``rdf:subject``,
``rdf:predicate`` and ``rdf:object`` say what the fact is; the node does not
repeat them, or queries that look for statements by ``rdf:predicate`` would
find it too.

Why: "which facts do several documents back" and "which facts went from planned
to done" pair each document of a fact with every other. A fact such as India
partnerOf Japan may be stated by every document of a large corpus, and the
pairs ran for minutes at 10,000 documents; read from this table, a page of
either answer is a few hundred lookups.

The table is kept like the entity tallies (:mod:`graph.entities`): a document
written or removed marks each fact it states (``ijkg:awaitsCount``; a build of
many documents marks them all with one line, :data:`ALL_FACTS`), and
:func:`recount_facts` counts the marked facts again when the build settles, in
one update per chunk (the old nodes and the marks out, the new nodes in).
"""

from __future__ import annotations

from schema.rdf import COUNTS_GRAPH, PENDING_GRAPH
from schema.vocab import FACT

__all__ = ["ALL_FACTS", "facts_marked", "recount_facts", "recount_marked", "stored_facts"]

# The key that sorts a statement by date (undated last), then by IRI; the IRI
# is read back from after the space. A row of the other status gets "~~",
# which sorts after every key: MIN over a group with an unbound value is unbound.
_STATEMENT_KEY = 'CONCAT(COALESCE(?date, "~"), " ", STR(?r))'

# One update: the old nodes and the marks out, then the new nodes in, written by
# the store itself (a fact per row through Python would cost more than the
# counting). Plan: the facts stated by more than one document are one grouping
# of the documents' fact lines (one index range per fact when the facts are
# given); their lines are read again by status (a hash join) and counted. Only
# the facts some document reports as planned (a tenth) then have their lines'
# dates looked up for the first statements: dating every line took 2.2 s of
# the 3 s at 10,000 documents.
_RECOUNT = """
DELETE {{ GRAPH <{counts}> {{ ?fact ?x ?y }} }}
WHERE {{ {values} GRAPH <{counts}> {{ {old_nodes} }} }} ;

DELETE {{ GRAPH <{pending}> {{ ?fact ijkg:awaitsCount ?doc }} }}
WHERE {{ {values} GRAPH <{pending}> {{ ?fact ijkg:awaitsCount ?doc }} FILTER(STRSTARTS(STR(?fact), "{base}")) }} ;

INSERT {{ GRAPH <{counts}> {{
  ?fact a ijkg:Fact ; ijkg:sourceCount ?sources ; ijkg:plannedCount ?planned ; ijkg:sampleStatement ?statement .
}} }}
WHERE {{
  SELECT ?fact (COUNT(DISTINCT ?doc) AS ?sources) (COUNT(DISTINCT ?planned_doc) AS ?planned) (SAMPLE(?r) AS ?statement)
  WHERE {{
    {{ SELECT ?fact WHERE {{ {values} GRAPH ?doc {{ ?fact ijkg:firstPlanned|ijkg:firstStated ?r }} }}
       GROUP BY ?fact HAVING (COUNT(DISTINCT ?doc) > 1) }}
    {lines}
    BIND(IF(BOUND(?is_planned), ?doc, ?none) AS ?planned_doc)
  }} GROUP BY ?fact
}} ;

INSERT {{ GRAPH <{counts}> {{ ?fact ijkg:firstPlanned ?first_planned ; ijkg:firstStated ?first_stated }} }}
WHERE {{
  {{ SELECT ?fact (MIN(?planned_key) AS ?first_planned_key) (MIN(?stated_key) AS ?first_stated_key) WHERE {{
      {values} GRAPH <{counts}> {{ ?fact ijkg:plannedCount ?planned }} FILTER(?planned > 0)
      {lines}
      OPTIONAL {{ GRAPH ?doc {{ ?r ijkg:date ?date }} }}
      BIND(IF(BOUND(?is_planned), {key}, "~~") AS ?planned_key)
      BIND(IF(BOUND(?is_planned), "~~", {key}) AS ?stated_key)
    }} GROUP BY ?fact }}
  BIND(IRI(STRAFTER(?first_planned_key, " ")) AS ?first_planned)
  BIND(IF(?first_stated_key = "~~", ?none, IRI(STRAFTER(?first_stated_key, " "))) AS ?first_stated)
}}
"""
# A fact's line in each document graph that states it, with ?is_planned bound for a planned one.
_LINES = ("{ GRAPH ?doc { ?fact ijkg:firstPlanned ?r } BIND(true AS ?is_planned) } "
          "UNION { GRAPH ?doc { ?fact ijkg:firstStated ?r } }")

# Facts per update when marked facts are counted again by chunks, and how many
# marked facts make counting all of them cheaper: 0.36 s for 2,400 facts by
# chunks, 3.7 s for all 200,000 at 10,000 documents.
_CHUNK = 2000
_RECOUNT_ALL_ABOVE = 10 * _CHUNK


# Marked like a fact (graph.entities.count_mark), this IRI stands for every
# fact: a build of many documents writes it once instead of a mark per fact
# (writing and then deleting 200,000 marks cost 10,000 documents about 10 s).
ALL_FACTS = str(FACT)


def stored_facts(store, document_iri: str) -> list[str]:
    """The facts a stored document states."""
    query = f"""SELECT DISTINCT ?fact WHERE {{ GRAPH <{document_iri}> {{
        ?fact ijkg:firstPlanned|ijkg:firstStated ?r }} }}"""
    return [row["fact"].value for row in store.query(query, union=False)]


def recount_marked(store) -> None:
    """Count again the facts marked by the documents written or removed (or all of them, when that is cheaper)."""
    recount_facts(store, facts_marked(store, _RECOUNT_ALL_ABOVE))


def facts_marked(store, at_most: int) -> list[str] | None:
    """The facts marked to be counted again, or None when all are marked or there are more than ``at_most``."""
    everything = store.query(f"ASK {{ GRAPH <{PENDING_GRAPH}> {{ <{ALL_FACTS}> ijkg:awaitsCount ?doc }} }}", union=False)
    if everything:
        return None
    rows = store.query(f"""SELECT DISTINCT ?fact WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?fact ijkg:awaitsCount ?doc }}
        FILTER(STRSTARTS(STR(?fact), "{FACT}")) }} LIMIT {at_most + 1}""", union=False)
    facts = sorted(row["fact"].value for row in rows)
    return facts if len(facts) <= at_most else None


def recount_facts(store, facts: list[str] | None = None) -> None:
    """Count again the given facts (default: every fact) and drop their marks:
    a fact no longer stated by two documents loses its node. One update per
    chunk of facts, so a chunk is counted whole or not at all.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> store = open_store(tempfile.mkdtemp())
    >>> recount_facts(store)
    >>> list(store.query("SELECT * WHERE { ?f ijkg:sourceCount ?n }"))
    []
    """
    chunks = [facts[start:start + _CHUNK] for start in range(0, len(facts), _CHUNK)] if facts is not None else [None]
    for chunk in chunks:
        if chunk is None:
            values, old_nodes = "", "?fact a ijkg:Fact ; ?x ?y"
        else:  # each given fact's node is one index range (a type scan first would read every node)
            values, old_nodes = "VALUES ?fact { " + " ".join(f"<{iri}>" for iri in chunk) + " }", "?fact ?x ?y"
        store.update(_RECOUNT.format(counts=COUNTS_GRAPH, pending=PENDING_GRAPH, values=values, old_nodes=old_nodes,
                                     base=FACT, key=_STATEMENT_KEY, lines=_LINES))
