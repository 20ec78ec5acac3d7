"""Score an extracted graph against a hand-made gold annotation.

This is the scorer behind ``ijkg eval``. It is pure: it takes the gold (the parsed
JSON of ``GOLD_FORMAT.md``) and the entities and relations read from a graph as
plain rows, and returns a :class:`Score`; the caller does the store access.

The rules, each in one place below:

- names: :func:`fold_name` (normalisation), :func:`is_generic_name` (words such
  as ``MoU`` that do not identify anything) and :func:`spelling_similarity`
  (near-identical spellings, only with the same numbers);
- gold: :func:`merge_gold` joins the gold entities of different documents;
- entities: :func:`match_entities` matches by name, alias, spelling, then links;
- relations: :func:`_typed_triples` and :func:`_pairs` say what is counted.

``country`` relations are not scored as relations, on either side: the gold's
are scored through the entity's country (the ``country`` column of the
extracted rows), so the extracted ones are left out too, otherwise every
correct nationality would count against relation precision.

Example
-------
>>> gold = [{"doc": "a.txt", "entities": [
...     {"name": "Sakura Steel", "type": "Company", "country": "JP", "aliases": ["SSC"]},
...     {"name": "Deccan Alloys", "type": "Company", "country": "IN"}],
...   "relations": [{"s": "Sakura Steel", "p": "partnerOf", "o": "Deccan Alloys"}]}]
>>> rows = [{"id": "e:1", "label": "SSC", "type": "Company", "country": "JP", "aliases": []},
...         {"id": "e:2", "label": "Deccan Alloys", "type": "Company", "country": None, "aliases": []}]
>>> result = score(gold, rows, [{"subject": "e:2", "predicate": "partnerOf", "object": "e:1"}])
>>> result.entities.recall, result.relations.f1, result.countries.value
(1.0, 1.0, 0.5)
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from schema.models import ENTITY_TYPES, RELATION_TYPES

__all__ = [
    "Accuracy",
    "EntityMatches",
    "GoldEntity",
    "GoldFormatError",
    "GoldGraph",
    "Mismatch",
    "Ratio",
    "Score",
    "fold_name",
    "format_report",
    "is_generic_name",
    "load_gold",
    "match_entities",
    "merge_gold",
    "name_form",
    "name_numbers",
    "score",
    "spelling_similarity",
]

SIMILARITY_THRESHOLD = 0.92
# Types a text may refer to without naming ("the MoU signed on Monday"): these
# may also be matched by the entities they are linked to.
DESCRIBED_TYPES = frozenset({"Agreement", "Event", "Project", "Initiative"})
UNSCORED_PREDICATE = "country"
SYMMETRIC_PREDICATES = frozenset({"partnerOf"})

# Words of agreement, meeting and programme vocabulary (plus filler words): a
# name made only of these says what kind of thing it is, not which one.
GENERIC_WORDS = frozenset(
    """
    a an and the of on for with between by in to
    agreement agreements accord accords arrangement contract deal deals pact treaty
    declaration joint statement protocol letter intent loi
    memorandum memoranda mou mous moc mocs understanding cooperation co operation collaboration
    meeting meetings summit summits dialogue talks visit conference forum session event exercise
    project programme program plan framework initiative partnership
    bilateral annual new mutual
    """.split()
)

_APOSTROPHES = {ord(c): "'" for c in "\u2018\u2019\u02bc\u0060\u00b4"}
_EXTRA_DASHES = "\u2212\ufe63\uff0d"  # minus signs: not category Pd, but written as dashes
_ROMAN_NUMERAL = re.compile(r"^x{0,3}(?:ix|iv|v?i{0,3})$")  # 1..39: phases, summits, sessions
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10}


# ---------------------------------------------------------------- names


def fold_name(name: str) -> str:
    """Fold a name the way the gold compares names.

    NFKC, lower case, every dash as ``-``, ``&`` as ``and``, a word-final ``'s``
    dropped, other punctuation dropped, white space folded, a leading ``the``
    dropped. Periods and apostrophes vanish (``U.S.`` is ``us``) except a decimal
    point (``2.0``); other punctuation becomes a space (``AM/NS`` is ``am ns``);
    spaces around a dash go (``India – Japan`` is ``india-japan``).

    >>> fold_name("The Mumbai–Ahmedabad  High-Speed Rail")
    'mumbai-ahmedabad high-speed rail'
    >>> fold_name("Larsen & Toubro's U.S. arm (CEPA 2.0)")
    'larsen and toubro us arm cepa 2.0'
    """
    text = unicodedata.normalize("NFKC", name).lower()
    text = "".join("-" if _is_dash(char) else char for char in text)
    text = text.replace("&", " and ").translate(_APOSTROPHES)
    text = re.sub(r"'s\b", "", text)
    text = _drop_punctuation(text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*-[\s-]*", "-", text).strip(" -")
    return re.sub(r"^the ", "", text)


def _is_dash(char: str) -> bool:
    return unicodedata.category(char) == "Pd" or char in _EXTRA_DASHES


def _drop_punctuation(text: str) -> str:
    """Delete periods and apostrophes (but not a decimal point); other punctuation
    but ``-`` becomes a space."""
    kept = []
    for i, char in enumerate(text):
        if char == "-" or not unicodedata.category(char).startswith("P"):
            kept.append(char)
        elif char == "." and _between_digits(text, i):
            kept.append(char)
        elif char not in ".'":
            kept.append(" ")
    return "".join(kept)


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


@functools.lru_cache(maxsize=65536)  # every name is compared with every gold name
def name_form(name: str, person: bool = False) -> str:
    """The form two names are compared in: folded, and for a person with its words
    sorted, so a person's name matches with its words in any order.

    >>> name_form("NISHIMURA Yasutoshi", person=True) == name_form("Yasutoshi Nishimura", person=True)
    True
    """
    folded = fold_name(name)
    return " ".join(sorted(folded.split())) if person else folded


def is_generic_name(folded: str) -> bool:
    """Whether a folded name is only generic vocabulary, so it names no particular thing.

    >>> is_generic_name(fold_name("Memorandum of Understanding")), is_generic_name("mou")
    (True, True)
    >>> is_generic_name(fold_name("India-Japan aluminium recycling MoU"))
    False
    """
    words = re.split(r"[\s-]+", folded)
    return all(word in GENERIC_WORDS for word in words if word) or not folded


@functools.lru_cache(maxsize=65536)
def name_numbers(folded: str) -> tuple[float, ...]:
    """The numbers a folded name carries, Arabic or Roman (up to 39), sorted.

    >>> name_numbers("15th india-japan summit"), name_numbers("chennai plant phase ii")
    ((15.0,), (2.0,))
    """
    numbers = []
    for token in re.findall(r"\d+(?:\.\d+)?|[^\W\d_]+", folded):
        if token[0].isdigit():
            numbers.append(float(token))
        elif _ROMAN_NUMERAL.match(token):
            numbers.append(float(_roman_value(token)))
    return tuple(sorted(numbers))


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_VALUES[char] for char in numeral]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def spelling_similarity(a: str, b: str) -> float:
    """difflib's ratio of two folded names if at least the threshold and both carry the
    same numbers, else 0.0.

    >>> spelling_similarity("laxmi textile mills corporation", "lakshmi textile mills corporation") > 0.92
    True
    >>> spelling_similarity("metro rail corridor phase 2", "metro rail corridor phase 4")
    0.0
    """
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < SIMILARITY_THRESHOLD:
        return 0.0  # the ratio can never reach the threshold: skip the slow part
    if name_numbers(a) != name_numbers(b):
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    if matcher.quick_ratio() < SIMILARITY_THRESHOLD:  # an upper bound, much cheaper
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILARITY_THRESHOLD else 0.0


# ---------------------------------------------------------------- the gold


class GoldFormatError(ValueError):
    """The gold file is not valid JSON or does not have the shape of GOLD_FORMAT.md."""


def load_gold(path: str | Path) -> list[dict]:
    """Read and check a gold file; errors name the file and the faulty part.

    >>> load_gold("/no/such/gold.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.scoring.GoldFormatError: /no/such/gold.json: cannot read: ...
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldFormatError(f"{path}: cannot read: {error.strerror}") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise GoldFormatError(f"{path}: not valid JSON: {error}") from error
    try:
        _check_gold(data)
    except GoldFormatError as error:
        raise GoldFormatError(f"{path}: {error}") from None
    return data


def _check_gold(data: object) -> None:
    if not isinstance(data, list):
        raise GoldFormatError("the top level must be a list of documents")
    for number, document in enumerate(data, start=1):
        where = f"document {number}"
        if not isinstance(document, dict) or not isinstance(document.get("doc"), str):
            raise GoldFormatError(f"{where} must be an object with a 'doc' string")
        where = f"document {number} ({document['doc']})"
        names = _check_entities(document.get("entities"), where)
        _check_relations(document.get("relations"), names, where)


def _check_entities(entities: object, where: str) -> set[str]:
    """Check the entity list of one document; return its entity names."""
    if not isinstance(entities, list):
        raise GoldFormatError(f"{where}: 'entities' must be a list")
    names: set[str] = set()
    for number, entity in enumerate(entities, start=1):
        if not isinstance(entity, dict) or not isinstance(entity.get("name"), str) or not entity["name"]:
            raise GoldFormatError(f"{where}: entity {number} must be an object with a 'name'")
        label = f"{where}: entity {entity['name']!r}"
        if entity["name"] in names:
            raise GoldFormatError(f"{label} appears twice")  # relations could not say which
        names.add(entity["name"])
        if entity.get("type") not in ENTITY_TYPES:
            raise GoldFormatError(f"{label}: 'type' must be one of {', '.join(ENTITY_TYPES)}")
        aliases = entity.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise GoldFormatError(f"{label}: 'aliases' must be a list of strings")
        if not isinstance(entity.get("country", ""), str):
            raise GoldFormatError(f"{label}: 'country' must be a string")
    return names


def _check_relations(relations: object, names: set[str], where: str) -> None:
    if not isinstance(relations, list):
        raise GoldFormatError(f"{where}: 'relations' must be a list")
    for number, relation in enumerate(relations, start=1):
        if not isinstance(relation, dict) or not all(isinstance(relation.get(k), str) for k in "spo"):
            raise GoldFormatError(f"{where}: relation {number} must have 's', 'p' and 'o' strings")
        if relation["p"] not in RELATION_TYPES:
            raise GoldFormatError(f"{where}: relation {number}: unknown type {relation['p']!r}")
        for end in (relation["s"], relation["o"]):
            if end not in names:
                raise GoldFormatError(f"{where}: relation {number}: {end!r} is not one of its entities")


@dataclass
class GoldEntity:
    """One gold entity, possibly joined from several documents."""

    id: str
    name: str
    names: list[str] = field(default_factory=list)  # the full names the documents give
    aliases: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def is_person(self) -> bool:
        return "Person" in self.types

    @functools.cached_property
    def name_forms(self) -> set[str]:
        """Forms of its full names: these match an extracted label even when generic."""
        return {name_form(n, self.is_person) for n in self.names}

    @functools.cached_property
    def identifying_forms(self) -> set[str]:
        """Forms of its names and aliases that are not generic words."""
        forms = {name_form(n, self.is_person) for n in self.names + self.aliases}
        return {f for f in forms if not is_generic_name(f)}


@dataclass
class GoldGraph:
    """The gold of several documents as one graph: entities and (s, p, o) id triples."""

    entities: list[GoldEntity]
    relations: list[tuple[str, str, str]]

    def entity(self, gold_id: str) -> GoldEntity:
        return self.entities[_gold_order(gold_id)]


def merge_gold(gold: list[dict]) -> GoldGraph:
    """Join the gold entities of different documents that share a name or alias.

    A generic alias (``MoU``) does not join; the same full name does, even a
    generic one. A gold entity without a ``country`` takes the one its gold
    ``country`` relation points to, if any.

    >>> docs = [{"doc": d, "relations": [], "entities": [{"name": n, "type": "Agreement", "aliases": a}]}
    ...         for d, n, a in [("a", "Memorandum of Cooperation", ["MoC"]),
    ...                         ("b", "Memorandum of Cooperation", []), ("c", "Port Pact", ["MoC"])]]
    >>> [e.documents for e in merge_gold(docs).entities]
    [['a', 'b'], ['c']]
    """
    members = [(document, entity) for document in gold for entity in document["entities"]]
    groups = _join_across_documents(members)
    entities, id_of = [], {}
    for number, group in enumerate(groups):
        entities.append(_merged_entity(f"gold:{number}", [members[i] for i in group]))
        for i in group:
            id_of[(members[i][0]["doc"], members[i][1]["name"])] = entities[-1].id
    relations = _gold_triples(gold, id_of)
    _countries_from_relations(entities, relations)
    return GoldGraph(entities, relations)


def _join_across_documents(members: list[tuple[dict, dict]]) -> list[list[int]]:
    """Group entity indices (union-find) by shared forms, across documents only."""
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holders: dict[str, list[tuple[int, bool]]] = defaultdict(list)
    for i, (_, entity) in enumerate(members):
        person = entity["type"] == "Person"
        holders[name_form(entity["name"], person)].append((i, True))
        for alias in entity.get("aliases", []):
            holders[name_form(alias, person)].append((i, False))
    for form, held in holders.items():
        for i, i_is_name in held:
            for j, j_is_name in held:
                joins = not is_generic_name(form) or (i_is_name and j_is_name)
                if joins and members[i][0]["doc"] != members[j][0]["doc"]:
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(members)):
        groups[root(i)].append(i)
    return sorted(groups.values())


def _merged_entity(gold_id: str, members: list[tuple[dict, dict]]) -> GoldEntity:
    """One gold entity from its document entries, names and values in document order."""
    merged = GoldEntity(id=gold_id, name=members[0][1]["name"])
    for document, entity in members:
        _add_new(merged.names, [entity["name"]])
        _add_new(merged.aliases, entity.get("aliases", []))
        _add_new(merged.types, [entity["type"]])
        _add_new(merged.countries, [entity["country"]] if entity.get("country") else [])
        _add_new(merged.documents, [document["doc"]])
    return merged


def _add_new(values: list[str], new: Iterable[str]) -> None:
    values.extend(v for v in new if v not in values)


def _gold_triples(gold: list[dict], id_of: dict[tuple[str, str], str]) -> list[tuple[str, str, str]]:
    """The gold relations of all documents as (s, p, o) of merged ids, each once."""
    triples = (
        (id_of[(document["doc"], r["s"])], r["p"], id_of[(document["doc"], r["o"])])
        for document in gold
        for r in document["relations"]
    )
    return list(dict.fromkeys(triples))


def _countries_from_relations(entities: list[GoldEntity], relations: list[tuple[str, str, str]]) -> None:
    by_id = {entity.id: entity for entity in entities}
    for subject, predicate, obj in relations:
        if predicate == UNSCORED_PREDICATE and not by_id[subject].countries:
            _add_new(by_id[subject].countries, by_id[obj].countries)


# ---------------------------------------------------------------- matching entities


@dataclass
class _Extracted:
    """An extracted entity row, with its names in the forms they are compared in."""

    id: str
    label: str
    type: str
    country: str | None
    aliases: list[str]
    _identifying: dict[bool, set[str]] = field(default_factory=dict, repr=False)

    def label_form(self, person: bool) -> str:
        return name_form(self.label, person)

    def identifying_forms(self, person: bool) -> set[str]:
        """Forms of its label and aliases that are not generic words."""
        if person not in self._identifying:
            forms = {name_form(n, person) for n in [self.label, *self.aliases]}
            self._identifying[person] = {f for f in forms if not is_generic_name(f)}
        return self._identifying[person]


@dataclass
class EntityMatches:
    """Which extracted entity matched which gold entity, and how."""

    matched: dict[str, str] = field(default_factory=dict)  # extracted id -> gold id
    how: dict[str, str] = field(default_factory=dict)  # extracted id -> name/alias/spelling/links
    duplicates: dict[str, str] = field(default_factory=dict)  # extracted id -> gold id it repeats

    def assign(self, extracted_id: str, gold_id: str, how: str) -> None:
        self.matched[extracted_id] = gold_id
        self.how[extracted_id] = how

    @property
    def taken(self) -> set[str]:
        return set(self.matched.values())


# Strength of a name match, best first: the order in which matches are assigned.
_NAME_LEVELS = ("name", "alias", "spelling")


def match_entities(graph: GoldGraph, rows: list[dict], relations: list[dict]) -> EntityMatches:
    """Match extracted entities to gold entities, each gold entity once.

    Every extracted entity keeps only its strongest kind of name match (full name,
    then a non-generic alias, then a near-identical spelling); all candidate pairs
    are then assigned best first (same type first, more similar first, then by
    extracted id), so the result does not depend on row order. Extracted entities
    of a described type with no name match are then matched by their links. An
    extracted entity whose candidates are all taken is a duplicate.
    """
    extracted = sorted((_row_to_extracted(row) for row in rows), key=lambda e: e.id)
    matches = EntityMatches()
    candidates = {e.id: _name_candidates(e, graph) for e in extracted}
    ranked = _rank_name_candidates(extracted, candidates)
    _assign_greedily(matches, ranked)
    _mark_duplicates(matches, ranked)
    unnamed = [e for e in extracted if not candidates[e.id] and e.type in DESCRIBED_TYPES]
    _match_by_links(matches, unnamed, graph, relations)
    return matches


def _row_to_extracted(row: dict) -> _Extracted:
    return _Extracted(
        id=str(row["id"]),
        label=str(row.get("label") or ""),
        type=_local_name(row.get("type") or ""),
        country=(row.get("country") or None),
        aliases=[str(a) for a in row.get("aliases") or []],
    )


def _rank_name_candidates(
    extracted: list[_Extracted], candidates: dict[str, list[tuple[int, GoldEntity, float]]]
) -> list[tuple[str, str, str]]:
    """All name candidates as ``(extracted id, gold id, how)``, best first: stronger level,
    then same type, then more similar, then extracted id and gold order."""
    ranked = []
    for entity in extracted:
        for level, gold, similarity in candidates[entity.id]:
            rank = (level, entity.type not in gold.types, -similarity, entity.id, _gold_order(gold.id))
            ranked.append((rank, entity.id, gold.id, _NAME_LEVELS[level]))
    return [item[1:] for item in sorted(ranked)]


def _gold_order(gold_id: str) -> int:
    return int(gold_id.removeprefix("gold:"))


def _name_candidates(extracted: _Extracted, graph: GoldGraph) -> list[tuple[int, GoldEntity, float]]:
    """The gold entities this extracted entity matches by name, at its strongest level only.

    Returns ``(level, gold entity, similarity)`` with level 0 (its label is a gold full
    name), 1 (a non-generic name or alias in common) or 2 (near-identical spelling).
    """
    by_name = [(0, g, 1.0) for g in graph.entities if extracted.label_form(g.is_person) in g.name_forms]
    if by_name:
        return by_name
    by_alias = [
        (1, g, 1.0)
        for g in graph.entities
        if extracted.identifying_forms(g.is_person) & g.identifying_forms
    ]
    if by_alias:
        return by_alias
    by_spelling = []
    for gold in graph.entities:
        similarity = max(
            (
                spelling_similarity(mine, theirs)
                for mine in extracted.identifying_forms(gold.is_person)
                for theirs in gold.identifying_forms
            ),
            default=0.0,
        )
        if similarity:
            by_spelling.append((2, gold, similarity))
    return by_spelling


def _assign_greedily(matches: EntityMatches, ranked: list[tuple[str, str, str]]) -> None:
    """Assign ``(extracted id, gold id, how)`` pairs in the given order while both are free."""
    taken = matches.taken
    for extracted_id, gold_id, how in ranked:
        if extracted_id not in matches.matched and gold_id not in taken:
            matches.assign(extracted_id, gold_id, how)
            taken.add(gold_id)


def _mark_duplicates(matches: EntityMatches, ranked: list[tuple[str, str, str]]) -> None:
    """An extracted entity left unmatched although it had candidates repeats its best one."""
    for extracted_id, gold_id, _ in ranked:
        if extracted_id not in matches.matched and extracted_id not in matches.duplicates:
            matches.duplicates[extracted_id] = gold_id


def _match_by_links(
    matches: EntityMatches, unnamed: list[_Extracted], graph: GoldGraph, relations: list[dict]
) -> None:
    """Match unnamed agreements, events, projects and initiatives by the gold entities they
    are linked to: at least two in common with a gold entity of the same type, or the only
    one that gold entity has.

    Repeats while new matches appear, since one match can link the next (an unnamed
    MoU that establishes an unnamed dialogue).
    """
    gold_links = _neighbours((s, o) for s, _, o in graph.relations)
    extracted_links = _neighbours((r["subject"], r["object"]) for r in relations)
    while True:
        ranked = _rank_link_candidates(unnamed, graph, gold_links, extracted_links, matches)
        before = len(matches.matched)
        _assign_greedily(matches, ranked)
        if len(matches.matched) == before:
            break
    _mark_duplicates(matches, ranked)


def _neighbours(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    linked: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if a != b:
            linked[a].add(b)
            linked[b].add(a)
    return linked


def _rank_link_candidates(
    unnamed: list[_Extracted],
    graph: GoldGraph,
    gold_links: dict[str, set[str]],
    extracted_links: dict[str, set[str]],
    matches: EntityMatches,
) -> list[tuple[str, str, str]]:
    """Link candidates as ``(extracted id, gold id, "links")``, best first: most linked
    entities in common, then extracted id, then gold order."""
    ranked = []
    for entity in unnamed:
        for gold, common in _linked_candidates(entity, graph, gold_links, extracted_links, matches):
            ranked.append(((-common, entity.id, _gold_order(gold.id)), entity.id, gold.id, "links"))
    return [item[1:] for item in sorted(ranked)]


def _linked_candidates(
    extracted: _Extracted,
    graph: GoldGraph,
    gold_links: dict[str, set[str]],
    extracted_links: dict[str, set[str]],
    matches: EntityMatches,
) -> list[tuple[GoldEntity, int]]:
    """Gold entities of its type that this unmatched unnamed entity matches by links, with
    the number of linked entities in common (its neighbours mapped to gold first)."""
    if extracted.id in matches.matched:
        return []
    mine = {matches.matched[n] for n in extracted_links.get(extracted.id, ()) if n in matches.matched}
    found = []
    for gold in graph.entities:
        theirs = gold_links.get(gold.id, set())
        common = len(theirs & mine)
        if extracted.type in gold.types and (common >= 2 or (len(theirs) == 1 and common == 1)):
            found.append((gold, common))
    return found


# ---------------------------------------------------------------- relations


def _local_name(predicate: str) -> str:
    """``http://…/ijkg#investsIn`` or ``ijkg:investsIn`` → ``investsIn``."""
    return re.split(r"[/#:]", str(predicate))[-1]


def _extracted_triples(relations: list[dict], entity_ids: set[str]) -> list[tuple[str, str, str]]:
    """Relations between extracted entities as id triples (others, e.g. to documents, left out)."""
    return [
        (str(r["subject"]), _local_name(r["predicate"]), str(r["object"]))
        for r in relations
        if str(r["subject"]) in entity_ids and str(r["object"]) in entity_ids
    ]


def _canonical(subject: str, predicate: str, obj: str) -> tuple[str, str, str]:
    """A symmetric relation with its ends in a fixed order, so both ways are one relation."""
    if predicate in SYMMETRIC_PREDICATES:
        subject, obj = sorted((subject, obj))
    return (subject, predicate, obj)


def _typed_triples(triples: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The relations that are scored: ``country`` left out, each (canonical) triple once,
    in first-seen order."""
    return list(dict.fromkeys(_canonical(*t) for t in triples if t[1] != UNSCORED_PREDICATE))


def _pairs(triples: Iterable[tuple[str, str, str]]) -> set[tuple[str, str]]:
    """Unordered pairs of entities linked by any scored relation."""
    return {_pair(s, o) for s, _, o in _typed_triples(triples)}


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def _gold_triple(triple: tuple[str, str, str], matched: dict[str, str]) -> tuple[str, str, str] | None:
    """An extracted triple with its ends as gold ids, or None when an end is unmatched."""
    subject, predicate, obj = triple
    if subject not in matched or obj not in matched:
        return None
    return _canonical(matched[subject], predicate, matched[obj])


def _gold_pair(pair: tuple[str, str], matched: dict[str, str]) -> tuple[str, str] | None:
    if pair[0] not in matched or pair[1] not in matched:
        return None
    return _pair(matched[pair[0]], matched[pair[1]])


# ---------------------------------------------------------------- the score


class Ratio(BaseModel):
    """Hits among extracted and among gold items: precision, recall and F1."""

    hits: int = Field(description="Extracted items that are right (each a different gold item).")
    extracted: int = Field(description="Extracted items counted.")
    gold: int = Field(description="Gold items counted.")

    @computed_field
    @property
    def precision(self) -> float | None:
        return self.hits / self.extracted if self.extracted else None

    @computed_field
    @property
    def recall(self) -> float | None:
        return self.hits / self.gold if self.gold else None

    @computed_field
    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


class Accuracy(BaseModel):
    """Right answers among the items an accuracy is taken over."""

    correct: int
    total: int

    @computed_field
    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None


class Mismatch(BaseModel):
    """A matched entity whose type or country differs from the gold."""

    extracted: str = Field(description="Label of the extracted entity.")
    gold: str = Field(description="Name of the gold entity.")
    found: str | None = Field(description="The extracted value.")
    expected: str = Field(description="The gold value(s), joined by '/' when several.")


class Score(BaseModel):
    """All figures of one evaluation, and what went wrong, for ``--verbose``."""

    entities: Ratio
    relations: Ratio = Field(description="Typed relations, in gold direction (partnerOf either way).")
    pairs: Ratio = Field(description="Entities linked by any relation, either direction.")
    types: Accuracy = Field(description="Type right, over matched entities.")
    countries: Accuracy = Field(description="Country right, over matched entities with a gold country.")
    missed_entities: list[str] = Field(default_factory=list, description="Gold names not matched.")
    spurious_entities: list[str] = Field(
        default_factory=list, description="Extracted labels matching nothing (duplicates apart)."
    )
    duplicates: list[tuple[str, str]] = Field(
        default_factory=list, description="(extracted label, gold name) of entities already matched."
    )
    loose_matches: list[tuple[str, str, str]] = Field(
        default_factory=list, description="(extracted label, gold name, how) matched by spelling or links."
    )
    type_mismatches: list[Mismatch] = Field(default_factory=list)
    country_mismatches: list[Mismatch] = Field(default_factory=list)
    missed_relations: list[tuple[str, str, str]] = Field(
        default_factory=list, description="Gold (s, p, o) names not found."
    )
    spurious_relations: list[tuple[str, str, str]] = Field(
        default_factory=list, description="Extracted (s, p, o) labels not in the gold."
    )

    @computed_field
    @property
    def duplicate_count(self) -> int:
        return len(self.duplicates)


def score(gold: list[dict], entities: list[dict], relations: list[dict]) -> Score:
    """Score extracted entity and relation rows against the gold of the same documents.

    ``entities``: rows ``{"id", "label", "type", "country", "aliases", ...}``;
    ``relations``: rows ``{"subject", "predicate", "object", ...}`` with entity ids and
    the predicate's local name. Relations whose ends are not among ``entities`` are
    left out, and so are ``country`` relations (see the module docstring).
    """
    rows = _rows_by_id(entities)
    graph = merge_gold(gold)
    matches = match_entities(graph, entities, relations)
    matched = [(rows[e], graph.entity(g)) for e, g in sorted(matches.matched.items())]
    types, type_mismatches = _type_accuracy(matched)
    countries, country_mismatches = _country_accuracy(matched)
    return Score(
        entities=Ratio(hits=len(matched), extracted=len(rows), gold=len(graph.entities)),
        types=types,
        countries=countries,
        type_mismatches=type_mismatches,
        country_mismatches=country_mismatches,
        **_relation_scores(graph, rows, _extracted_triples(relations, set(rows)), matches),
        **_entity_errors(graph, rows, matches),
    )


def _rows_by_id(entities: list[dict]) -> dict[str, _Extracted]:
    rows: dict[str, _Extracted] = {}
    for row in entities:
        entity = _row_to_extracted(row)
        if entity.id in rows:
            raise ValueError(f"entity {entity.id!r} appears in more than one row")
        rows[entity.id] = entity
    return rows


def _type_accuracy(matched: list[tuple[_Extracted, GoldEntity]]) -> tuple[Accuracy, list[Mismatch]]:
    """Type right when it is one of the gold types (documents may differ)."""
    wrong = [
        Mismatch(extracted=e.label, gold=g.name, found=e.type, expected="/".join(g.types))
        for e, g in matched
        if e.type not in g.types
    ]
    return Accuracy(correct=len(matched) - len(wrong), total=len(matched)), wrong


def _country_accuracy(matched: list[tuple[_Extracted, GoldEntity]]) -> tuple[Accuracy, list[Mismatch]]:
    """Country right, over the matched entities whose gold has a country."""
    with_country = [(e, g) for e, g in matched if g.countries]
    wrong = [
        Mismatch(extracted=e.label, gold=g.name, found=e.country, expected="/".join(g.countries))
        for e, g in with_country
        if str(e.country or "").strip().upper() not in g.countries
    ]
    return Accuracy(correct=len(with_country) - len(wrong), total=len(with_country)), wrong


def _relation_scores(
    graph: GoldGraph,
    rows: dict[str, _Extracted],
    triples: list[tuple[str, str, str]],
    matches: EntityMatches,
) -> dict:
    """Typed-relation and pair ratios, with the missed and spurious typed relations.

    Entity matching is one to one, so two different extracted relations never hit the
    same gold one: one hit count serves precision and recall.
    """
    gold_triples = _typed_triples(graph.relations)
    extracted_triples = _typed_triples(triples)
    gold_set = set(gold_triples)
    hits = {t: _gold_triple(t, matches.matched) for t in extracted_triples}
    found = {g for g in hits.values() if g in gold_set}
    gold_pairs, extracted_pairs = _pairs(graph.relations), _pairs(triples)
    found_pairs = {_gold_pair(p, matches.matched) for p in extracted_pairs} & gold_pairs
    gold_name, label = (lambda i: graph.entity(i).name), (lambda i: rows[i].label)
    return {
        "relations": Ratio(hits=len(found), extracted=len(extracted_triples), gold=len(gold_triples)),
        "pairs": Ratio(hits=len(found_pairs), extracted=len(extracted_pairs), gold=len(gold_pairs)),
        "missed_relations": [_named(t, gold_name) for t in gold_triples if t not in found],
        "spurious_relations": [_named(t, label) for t, g in hits.items() if g not in gold_set],
    }


def _named(triple: tuple[str, str, str], name_of) -> tuple[str, str, str]:
    return (name_of(triple[0]), triple[1], name_of(triple[2]))


def _entity_errors(graph: GoldGraph, rows: dict[str, _Extracted], matches: EntityMatches) -> dict:
    """Missed gold entities, spurious and duplicate extracted ones, and the loose matches."""
    taken = matches.taken
    return {
        "missed_entities": [g.name for g in graph.entities if g.id not in taken],
        "spurious_entities": [
            e.label
            for i, e in sorted(rows.items())
            if i not in matches.matched and i not in matches.duplicates
        ],
        "duplicates": [(rows[e].label, graph.entity(g).name) for e, g in sorted(matches.duplicates.items())],
        "loose_matches": [
            (rows[e].label, graph.entity(g).name, matches.how[e])
            for e, g in sorted(matches.matched.items())
            if matches.how[e] in ("spelling", "links")
        ],
    }


# ---------------------------------------------------------------- the report


def format_report(result: Score, verbose: bool = False) -> str:
    """A compact report: P/R/F1 table, accuracies, duplicates; with ``verbose`` the lists.

    >>> print(format_report(Score(entities=Ratio(hits=1, extracted=2, gold=1),
    ...     relations=Ratio(hits=0, extracted=0, gold=0), pairs=Ratio(hits=0, extracted=1, gold=0),
    ...     types=Accuracy(correct=1, total=1), countries=Accuracy(correct=0, total=0))))
                        P      R     F1   hits / extracted / gold
    entities        0.500  1.000  0.667      1 /   2 /   1
    typed relations     -      -      -      0 /   0 /   0
    pairs           0.000      -      -      0 /   1 /   0
    type accuracy 1.000 (1/1)   country accuracy - (0/0)   duplicates 0
    """
    lines = [f"{'':15} {'P':>5}  {'R':>5}  {'F1':>5}   hits / extracted / gold"]
    rows = (("entities", result.entities), ("typed relations", result.relations), ("pairs", result.pairs))
    for title, ratio in rows:
        figures = "  ".join(_figure(v) for v in (ratio.precision, ratio.recall, ratio.f1))
        lines.append(f"{title:15} {figures}   {ratio.hits:4} / {ratio.extracted:3} / {ratio.gold:3}")
    lines.append(
        f"type accuracy {_accuracy(result.types)}   country accuracy {_accuracy(result.countries)}   "
        f"duplicates {result.duplicate_count}"
    )
    if verbose:
        lines.extend(_verbose_lists(result))
    return "\n".join(lines)


def _figure(value: float | None) -> str:
    return f"{value:5.3f}" if value is not None else "    -"


def _accuracy(accuracy: Accuracy) -> str:
    return f"{_figure(accuracy.value).strip()} ({accuracy.correct}/{accuracy.total})"


def _mismatch(mismatch: Mismatch) -> str:
    return f"{mismatch.extracted}: {mismatch.found} (gold {mismatch.gold}: {mismatch.expected})"


def _verbose_lists(result: Score) -> list[str]:
    sections = [
        ("missed entities", result.missed_entities),
        ("spurious entities", result.spurious_entities),
        ("duplicates (extracted → gold)", [f"{e} → {g}" for e, g in result.duplicates]),
        ("matched by spelling or links", [f"{e} → {g} ({how})" for e, g, how in result.loose_matches]),
        ("type mismatches", [_mismatch(m) for m in result.type_mismatches]),
        ("country mismatches", [_mismatch(m) for m in result.country_mismatches]),
        ("missed relations", [" ".join(t) for t in result.missed_relations]),
        ("spurious relations", [" ".join(t) for t in result.spurious_relations]),
    ]
    lines = []
    for title, items in sections:
        lines.append(f"\n{title} ({len(items)})")
        lines.extend(f"  {item}" for item in items)
    return lines
