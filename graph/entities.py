"""Entity descriptions merged across documents, kept in one graph.

Each document's graph records what that document read about an entity (its
name, type, home country, aliases: ``ijkg:readLabel`` …). The entities graph
(:data:`schema.rdf.ENTITIES_GRAPH`) holds one description per entity, merged
from all readings: the most common reading wins, registry labels first, so one
odd article cannot rename an entity.

Why a separate graph: Oxigraph's union default graph repeats a triple once per
graph that holds it. With every document repeating the labels of the entities
it mentions, ``?e skos:prefLabel ?label`` matched India once per document, and
a join over two labels of hubs grew with the square of the corpus. Described
once, an entity's label joins once.

A build keeps the graph in step without rereading it: a document's first
reading of a new entity becomes its description in the same write as the
document; a reading that could change an existing description marks the
entity in :data:`schema.rdf.PENDING_GRAPH`, also in that write, and
:func:`settle` merges the marked entities again from all their readings at the
end of the build. A killed build leaves its marks, and the next build settles them.

Each entity's tallies (how many documents mention it, how many statements name
it) live in :data:`schema.rdf.COUNTS_GRAPH`, kept the same way: a document
written or removed marks each entity it names (``ijkg:awaitsCount``, once per
entity and build), and :func:`settle` counts the marked entities again; the
facts a document states are marked and counted the same way (:mod:`graph.facts`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from schema.models import ENTITY_TYPES
from schema.rdf import (
    COUNTS_GRAPH,
    ENTITIES_GRAPH,
    PENDING_GRAPH,
    EntityReading,
    description_nquads,
    tally_nquads,
)
from schema.vocab import IJKG
from graph.facts import recount_marked
from graph.store import MAX_ADD_QUADS, replacement_update

__all__ = [
    "DescriptionKeeper",
    "collect_readings",
    "count_mark",
    "document_readings",
    "is_consistent",
    "merge_readings",
    "pending_mark",
    "read_descriptions",
    "settle",
]

_ORIGINS = ("registry", "described", "discovered")
_TYPE_PREFIX = str(IJKG._NS)
# IRIs per query or update when readings of many entities are fetched or replaced.
_CHUNK = 2000


def _most_common(counter: Counter, order: tuple[str, ...] = ()) -> str | None:
    if not counter:
        return None
    rank = {value: i for i, value in enumerate(order)}
    return min(counter, key=lambda v: (-counter[v], rank.get(v, len(rank)), v))


def merge_readings(readings: Iterable[EntityReading]) -> EntityReading:
    """One description from every document's reading of an entity.

    The label is the most common registry label, else the most common label;
    the origin is the registry when any reading is from it; type, country and
    origin otherwise are the most common (ties: the order of the entity types,
    then alphabetical); the other labels become aliases.

    >>> r = lambda label, country=None, origin="discovered": EntityReading(
    ...     "urn:x", label, "Company", country, (), origin)
    >>> merge_readings([r("Hoshino"), r("Hoshino Precision", "JP"), r("Hoshino Precision")])
    EntityReading(iri='urn:x', label='Hoshino Precision', type='Company', country='JP', aliases=('Hoshino',), origin='discovered')
    """
    readings = list(readings)
    labels, registry_labels, types, countries, origins = Counter(), Counter(), Counter(), Counter(), Counter()
    aliases: set[str] = set()
    for reading in readings:
        labels[reading.label] += 1
        if reading.origin == "registry":
            registry_labels[reading.label] += 1
        types[reading.type] += 1
        if reading.country:
            countries[reading.country] += 1
        origins[reading.origin] += 1
        aliases.update(reading.aliases)
    label = _most_common(registry_labels) or _most_common(labels)
    return EntityReading(
        iri=readings[0].iri,
        label=label,
        type=_most_common(types, ENTITY_TYPES),
        country=_most_common(countries),
        aliases=tuple(sorted((aliases | set(labels)) - {label})),
        origin="registry" if registry_labels else _most_common(origins, _ORIGINS),
    )


def is_consistent(reading: EntityReading, description: EntityReading) -> bool:
    """Whether adding ``reading`` leaves the merged ``description`` as it is.

    It does when it agrees on label and type, on origin (or the description is
    from the registry), says the same country or none, and brings no new alias:
    then it only adds to the counts that already win.

    >>> d = EntityReading("urn:x", "JICA", "GovernmentBody", "JP", ("Japan International Cooperation Agency",), "registry")
    >>> is_consistent(d._replace(country=None, aliases=()), d), is_consistent(d._replace(country="IN"), d)
    (True, False)
    """
    return (
        reading.label == description.label
        and reading.type == description.type
        and (reading.origin == description.origin or description.origin == "registry")
        and (reading.country is None or reading.country == description.country)
        and set(reading.aliases) <= set(description.aliases)
    )


# Each field is one scan of the entities graph, joined by hash (subqueries): a
# group of patterns was looked up per row, 1.8 s against 0.7 s at 48,000 entities.
_DESCRIPTIONS_QUERY = f"""
SELECT ?e ?type ?label ?country ?alias ?origin WHERE {{
  {{ SELECT ?e ?label WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:prefLabel ?label }} }} }}
  {{ SELECT ?e ?type WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?type }} FILTER(?type != ijkg:Entity) }} }}
  {{ SELECT ?e ?origin WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e ijkg:origin ?origin }} }} }}
  OPTIONAL {{ SELECT ?e ?country WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e ijkg:countryCode ?country }} }} }}
  OPTIONAL {{ SELECT ?e ?alias WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:altLabel ?alias }} }} }}
}}"""

# One document's readings (rows repeat once per alias), inside a GRAPH pattern.
_READING_PATTERN = """
    ?e ijkg:readLabel ?label ; ijkg:readType ?type ; ijkg:readOrigin ?origin .
    OPTIONAL { ?e ijkg:readCountry ?country }
    OPTIONAL { ?e ijkg:readAlias ?alias }"""
# Readings of given entities in every graph. Plan: from each entity, its label in
# any graph (one index lookup), then every other field an OPTIONAL on the bound
# entity and graph, made required again by the filter. With one group of
# patterns, Oxigraph scanned every reading in the store and joined the VALUES
# after: 11 s per 2,000 entities at 10,000 documents, against 0.8 s this way.
_READINGS_QUERY = """SELECT ?e ?g ?type ?label ?country ?alias ?origin WHERE {
  VALUES ?e { %s }
  GRAPH ?g { ?e ijkg:readLabel ?label }
  OPTIONAL { GRAPH ?g { ?e ijkg:readType ?type } }
  OPTIONAL { GRAPH ?g { ?e ijkg:readOrigin ?origin } }
  FILTER(BOUND(?type) && BOUND(?origin))
  OPTIONAL { GRAPH ?g { ?e ijkg:readCountry ?country } }
  OPTIONAL { GRAPH ?g { ?e ijkg:readAlias ?alias } }
}"""


def _value(term) -> str | None:
    return None if term is None else term.value


def collect_readings(rows, key_columns: tuple[str, ...]) -> dict[tuple, EntityReading]:
    """Rows of one reading or description each (repeated once per alias) as readings."""
    aliases: dict[tuple, set[str]] = defaultdict(set)
    first: dict[tuple, object] = {}
    for row in rows:
        key = tuple(row[c].value for c in key_columns)
        first.setdefault(key, row)
        if row["alias"] is not None:
            aliases[key].add(row["alias"].value)
    return {
        key: EntityReading(
            iri=row["e"].value,
            label=row["label"].value,
            type=row["type"].value[len(_TYPE_PREFIX):],
            country=_value(row["country"]),
            aliases=tuple(sorted(aliases[key])),
            origin=row["origin"].value,
        )
        for key, row in first.items()
    }


def read_descriptions(store) -> dict[str, EntityReading]:
    """Every merged description in the store, by entity IRI."""
    return {key[0]: d for key, d in collect_readings(store.query(_DESCRIPTIONS_QUERY, union=False), ("e",)).items()}


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def read_readings(store, iris: Iterable[str]) -> dict[str, list[EntityReading]]:
    """Every document's reading of these entities."""
    readings: dict[str, list[EntityReading]] = defaultdict(list)
    for chunk in _chunks(sorted(set(iris))):
        rows = store.query(_READINGS_QUERY % " ".join(f"<{iri}>" for iri in chunk), union=False)
        for (iri, _), reading in collect_readings(rows, ("e", "g")).items():
            readings[iri].append(reading)
    return readings


def document_readings(store, document_iri: str) -> dict[str, EntityReading]:
    """What one stored document read about each of its entities, by entity IRI."""
    query = f"SELECT ?e ?type ?label ?country ?alias ?origin WHERE {{ GRAPH <{document_iri}> {{{_READING_PATTERN} }} }}"
    return {key[0]: reading for key, reading in collect_readings(store.query(query, union=False), ("e",)).items()}


def pending_mark(entity_iri: str, document_iri: str) -> str:
    """The N-Quads line that marks an entity's description to be merged again by :func:`settle`."""
    return f"<{entity_iri}> <{IJKG.awaitsMerge}> <{document_iri}> <{PENDING_GRAPH}> .\n"


def count_mark(entity_iri: str, document_iri: str) -> str:
    """The N-Quads line that marks an entity's tallies to be counted again by :func:`settle`."""
    return f"<{entity_iri}> <{IJKG.awaitsCount}> <{document_iri}> <{PENDING_GRAPH}> .\n"


def pending_entities(store, mark: str = "awaitsMerge") -> list[str]:
    rows = store.query(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?e ijkg:{mark} ?d }} }}", union=False)
    return sorted(row["e"].value for row in rows)


def _rewrite(store, graph, chunk: list[str], mark: str, quads: str) -> None:
    """Replace what ``graph`` says of the entities in ``chunk`` by ``quads`` and drop their marks, in one update."""
    values = " ".join(f"<{iri}>" for iri in chunk)
    store.update(
        f"DELETE {{ GRAPH <{graph}> {{ ?e ?p ?o }} }} "
        f"WHERE {{ VALUES ?e {{ {values} }} GRAPH <{graph}> {{ ?e ?p ?o }} }} ;\n"
        f"DELETE {{ GRAPH <{PENDING_GRAPH}> {{ ?e ijkg:{mark} ?d }} }} "
        f"WHERE {{ VALUES ?e {{ {values} }} GRAPH <{PENDING_GRAPH}> {{ ?e ijkg:{mark} ?d }} }}"
        + (" ;\n" + replacement_update([], quads) if quads else "")
    )


# Tallies of given entities. Plan: each entity's mentions are one index lookup
# per graph (the mention sits in the document's graph), its statements one
# lookup on each end; 0.16 s per 2,000 entities at 10,000 documents.
_DOCUMENT_COUNTS_QUERY = """SELECT ?e (COUNT(?doc) AS ?n) WHERE {
  VALUES ?e { %s } GRAPH ?doc { ?e ijkg:mentionedIn ?doc } } GROUP BY ?e"""
_RELATION_COUNTS_QUERY = """SELECT ?e (COUNT(DISTINCT ?r) AS ?n) WHERE {
  VALUES ?e { %s } ?r rdf:subject|rdf:object ?e } GROUP BY ?e"""


# Every entity's tallies in one aggregate each, for a build that touched most of
# them: 1.4 s at 10,000 documents, against 15 s by chunks of 2,000.
_ALL_DOCUMENT_COUNTS_QUERY = "SELECT ?e (COUNT(?doc) AS ?n) WHERE { GRAPH ?doc { ?e ijkg:mentionedIn ?doc } } GROUP BY ?e"
_ALL_RELATION_COUNTS_QUERY = """SELECT ?e (COUNT(DISTINCT ?r) AS ?n) WHERE {
  { ?r rdf:subject ?e } UNION { ?r rdf:object ?e } } GROUP BY ?e"""
# All entities are counted at once when more than this many are marked, and
# more than a quarter of those counted already.
_COUNT_ALL_ABOVE = _CHUNK


def count_nquads(store, iris: list[str] | None = None) -> str:
    """The tallies of these entities (default: all) as N-Quads in the counts
    graph; none for an entity no document mentions."""
    if iris is None:
        queries = [("documentCount", _ALL_DOCUMENT_COUNTS_QUERY), ("relationCount", _ALL_RELATION_COUNTS_QUERY)]
    else:
        values = " ".join(f"<{iri}>" for iri in iris)
        queries = [("documentCount", _DOCUMENT_COUNTS_QUERY % values), ("relationCount", _RELATION_COUNTS_QUERY % values)]
    counts = {}
    for name, query in queries:
        for row in store.query(query, union=True):
            counts.setdefault(row["e"].value, {})[name] = int(row["n"].value)
    return "".join(
        tally_nquads(iri, tally["documentCount"], tally.get("relationCount", 0))
        for iri, tally in counts.items() if "documentCount" in tally
    )


def _counted(store) -> int:
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{COUNTS_GRAPH}> {{ ?e ijkg:documentCount ?c }} }}", union=False)
    return int(next(iter(rows))["n"].value)


def _recount_all(store) -> None:
    """Every entity's tallies counted again: the new ones bulk-loaded (one update
    parsing 100,000 quads took 9 s), then the old ones that differ and the marks
    removed in one update. A build killed between the two leaves its marks, and
    the next build counts again."""
    counts = count_nquads(store).splitlines(keepends=True)
    new = set(counts)
    old = store.query(f"SELECT ?e ?p ?n WHERE {{ VALUES ?p {{ ijkg:documentCount ijkg:relationCount }} "
                      f"GRAPH <{COUNTS_GRAPH}> {{ ?e ?p ?n }} }}", union=False)
    stale = [f"{row['e']} {row['p']} {row['n']} ." for row in old
             if f"{row['e']} {row['p']} {row['n']} <{COUNTS_GRAPH}> .\n" not in new]
    for start in range(0, len(counts), MAX_ADD_QUADS):
        store.add("".join(counts[start:start + MAX_ADD_QUADS]))
    store.update(
        f"DELETE WHERE {{ GRAPH <{PENDING_GRAPH}> {{ ?e ijkg:awaitsCount ?d }} }}"
        + (f" ;\nDELETE DATA {{ GRAPH <{COUNTS_GRAPH}> {{\n" + "\n".join(stale) + "\n} }" if stale else "")
    )


def settle(store, known: dict[str, list[EntityReading]] | None = None) -> int:
    """Merge the description of every entity marked pending again, and count
    the marked tallies and facts (:mod:`graph.facts`) again; returns how many
    descriptions were merged.

    ``known`` holds every reading of some entities (those a build described
    first, :attr:`DescriptionKeeper.known_readings`), which are then not read
    from the store. An entity no document mentions any more loses its
    description and its tallies. Each chunk of entities is rewritten in one
    update, and its marks go with it.
    """
    known = known or {}
    pending = pending_entities(store)
    for chunk in _chunks(pending):
        readings = read_readings(store, [iri for iri in chunk if iri not in known])
        readings.update((iri, known[iri]) for iri in chunk if iri in known)
        quads = "".join(
            description_nquads(merge_readings(readings[iri]))
            for iri in chunk if readings.get(iri)
        )
        _rewrite(store, ENTITIES_GRAPH, chunk, "awaitsMerge", quads)
    recount_marked(store)
    to_count = pending_entities(store, "awaitsCount")  # the facts' marks are gone
    if len(to_count) > max(_COUNT_ALL_ABOVE, _counted(store) // 4):
        _recount_all(store)
        return len(pending)
    for chunk in _chunks(to_count):
        _rewrite(store, COUNTS_GRAPH, chunk, "awaitsCount", count_nquads(store, chunk))
    return len(pending)


class DescriptionKeeper:
    """What a build writes beside each document to keep the entities graph in step.

    ``quads_for`` gives, for one document's readings, the descriptions of the
    entities the store does not describe yet and a pending mark for each reading
    that could change a description; call :func:`settle` when the build is done.
    Descriptions are read from the store once, on first use. The readings of
    an entity this keeper described first are all in this build, so they are
    kept (:attr:`known_readings`) for :func:`settle` instead of being read back.
    """

    def __init__(self, store):
        self._store = store
        self._descriptions: dict[str, EntityReading] | None = None
        self._marked: set[str] = set()
        self._count_marked: set[str] = set()
        self._first_described: dict[str, list[EntityReading]] = {}

    @property
    def known_readings(self) -> dict[str, list[EntityReading]]:
        """Every reading of each entity first described by this keeper."""
        return self._first_described

    def quads_for(self, document_iri: str, readings: list[EntityReading]) -> str:
        if not readings:
            return ""
        if self._descriptions is None:
            self._descriptions = read_descriptions(self._store)
        lines = [self.count_marks(document_iri, [reading.iri for reading in readings])]
        for reading in readings:
            description = self._descriptions.get(reading.iri)
            if description is None:
                self._descriptions[reading.iri] = reading
                self._first_described[reading.iri] = [reading]
                lines.append(description_nquads(reading))
                continue
            if reading.iri in self._first_described:
                self._first_described[reading.iri].append(reading)
            if reading.iri not in self._marked and not is_consistent(reading, description):
                lines.append(self.mark_line(reading.iri, document_iri))
        return "".join(lines)

    def count_marks(self, document_iri: str, iris: Iterable[str]) -> str:
        """:func:`count_mark` for each entity not marked yet in this build."""
        new = [iri for iri in iris if iri not in self._count_marked]
        self._count_marked.update(new)
        return "".join(count_mark(iri, document_iri) for iri in new)

    def mark_line(self, entity_iri: str, document_iri: str, reread: bool = False) -> str:
        """:func:`pending_mark`, remembered so the entity is not marked twice in
        this build; with ``reread`` (a document changed or dropped its reading)
        the entity's readings are read from the store when it is settled."""
        self._marked.add(entity_iri)
        if reread:
            self._first_described.pop(entity_iri, None)
        return pending_mark(entity_iri, document_iri)
