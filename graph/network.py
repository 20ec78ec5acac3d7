"""The knowledge graph as a networkx graph, and the questions one asks of a network.

:func:`to_networkx` projects the RDF graph onto a ``MultiDiGraph``: a node per
entity IRI (``label``, ``type``, ``country``, ``aliases``, ``documents``, merged
across documents as in :func:`graph.export.entity_rows`) and an edge per relation
statement (``relation``, ``date``, ``amount``, ``currency``, ``share``,
``status``, ``document``, ``evidence``), keyed by the statement's IRI. The other
functions take that graph: look an entity up, cut an ego network or a filtered
view, explain a path with its evidence sentences, rank, group and find bridges.

Measures that do not care about direction or repetition (betweenness, PageRank,
communities, bridges) run on the *undirected simple projection*: one edge per
pair of linked entities, weighted by the number of statements linking them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox

from schema.models import normalize_name
from schema.rdf import PREFIXES, document_id_from_iri
from schema.vocab import ENTITY, IJKG

__all__ = [
    "EntityNotFound",
    "PathStep",
    "bridges_between",
    "communities",
    "edge_table",
    "ego_network",
    "find_entity",
    "node_table",
    "rankings",
    "shortest_evidence_path",
    "subgraph",
    "to_networkx",
    "write_gexf",
    "write_graphml",
]

EDGE_ATTRIBUTES = ("relation", "date", "amount", "currency", "share", "status", "document", "evidence")

# One row per relation statement; works on a store (whose default graph is the
# union of the document graphs) and on the in-memory result of a CONSTRUCT.
_STATEMENTS_QUERY = """
SELECT ?r ?s ?p ?o ?doc ?date ?amount ?currency ?share ?status ?evidence WHERE {
  ?r a ijkg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?r prov:wasDerivedFrom ?doc }
  OPTIONAL { ?r ijkg:date ?date } OPTIONAL { ?r ijkg:amount ?amount }
  OPTIONAL { ?r ijkg:currency ?currency } OPTIONAL { ?r ijkg:share ?share }
  OPTIONAL { ?r ijkg:status ?status } OPTIONAL { ?r ijkg:evidence ?evidence }
}
ORDER BY ?r"""

# Direct entity-to-entity triples with no statement node: what a user's
# CONSTRUCT gives when it builds links of its own (``?a ex:coInvestor ?b``).
_BARE_LINKS_QUERY = f"""
SELECT ?s ?p ?o WHERE {{
  ?s ?p ?o .
  FILTER(isIRI(?o) && STRSTARTS(STR(?s), "{ENTITY}") && STRSTARTS(STR(?o), "{ENTITY}"))
  FILTER NOT EXISTS {{ ?r rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
}}
ORDER BY ?s ?p ?o"""


class EntityNotFound(LookupError):
    """No entity has that IRI, label or alias; the message names close matches."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class PathStep:
    """One step of a path: from ``source`` to ``target`` over one relation statement.

    ``direction`` is ``"forward"`` when the statement reads *source relation
    target*, ``"backward"`` when it reads *target relation source*.
    """

    source: str
    target: str
    relation: str
    direction: str
    evidence: str | None
    document: str | None

    def sentence(self, G: nx.MultiDiGraph) -> str:
        """The statement in words, e.g. ``'JFE Steel partnerOf JSW Steel'``."""
        subject, obj = (self.source, self.target) if self.direction == "forward" else (self.target, self.source)
        return f"{G.nodes[subject]['label']} {self.relation} {G.nodes[obj]['label']}"


# ---------------------------------------------------------------- projection


def _local_name(iri: str) -> str:
    """``https://w3id.org/ijkg/ontology#investsIn`` and ``urn:x:investsIn`` are ``investsIn``."""
    return re.split(r"[#/:]", iri.rstrip("#/:"))[-1]


def _text(term) -> str | None:
    return None if term is None else term.value


def _number(term) -> float | None:
    return None if term is None else float(term.value)


def _add_statements(G: nx.MultiDiGraph, results) -> None:
    for row in results:
        doc = row["doc"]
        G.add_edge(
            row["s"].value,
            row["o"].value,
            key=row["r"].value,
            relation=_local_name(row["p"].value),
            date=_text(row["date"]),
            amount=_number(row["amount"]),
            currency=_text(row["currency"]),
            share=_number(row["share"]),
            status=_text(row["status"]),
            document=None if doc is None else document_id_from_iri(doc.value),
            evidence=_text(row["evidence"]),
        )


def _add_bare_links(G: nx.MultiDiGraph, results) -> None:
    for row in results:
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        G.add_edge(s, o, key=f"{s} {p} {o}", relation=_local_name(p),
                   **{a: None for a in EDGE_ATTRIBUTES if a != "relation"})


def _construct_into_memory(store, construct_query: str) -> ox.Store:
    memory = ox.Store()
    memory.extend(ox.Quad(t.subject, t.predicate, t.object) for t in store.query(construct_query))
    return memory


def to_networkx(store, construct_query: str | None = None) -> nx.MultiDiGraph:
    """The graph as a ``MultiDiGraph``: entities as nodes, relation statements as edges.

    With ``construct_query``, only the triples that CONSTRUCT returns make edges:
    its relation statements (with their qualifiers), and any direct link between
    two entity IRIs that no statement describes. Nodes then are the entities the
    result types as ``ijkg:Entity`` or links; their attributes come from the store.

    Examples
    --------
    >>> G = to_networkx(store)  # doctest: +SKIP
    >>> G.nodes["https://w3id.org/ijkg/id/jfe-steel"]["label"]  # doctest: +SKIP
    'JFE Steel'
    """
    from graph.export import entity_rows

    G = nx.MultiDiGraph()
    rows = {row["id"]: row for row in entity_rows(store)}
    if construct_query is None:
        G.add_nodes_from(rows)
        _add_statements(G, store.query(_STATEMENTS_QUERY))
    else:
        result = _construct_into_memory(store, construct_query)
        G.add_nodes_from(
            t.subject.value
            for t in result.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdf"] + "type"),
                                              ox.NamedNode(str(IJKG.Entity)))
        )
        _add_statements(G, result.query(_STATEMENTS_QUERY, prefixes=PREFIXES))
        _add_bare_links(G, result.query(_BARE_LINKS_QUERY, prefixes=PREFIXES))
    for node in G.nodes:
        row = rows.get(node, {})
        G.nodes[node].update(
            label=row.get("label") or _local_name(node),
            type=row.get("type"),
            country=row.get("country"),
            aliases=row.get("aliases", []),
            documents=row.get("documents", []),
        )
    return G


# ---------------------------------------------------------------- lookup


def _names(G: nx.MultiDiGraph, node) -> list[str]:
    data = G.nodes[node]
    return [data.get("label") or "", *data.get("aliases", [])]


def find_entity(G: nx.MultiDiGraph, name: str) -> str:
    """The node whose IRI, label or alias is ``name`` (case and punctuation folded).

    A label match wins over an alias match; among several, the best-connected.
    Raises :class:`EntityNotFound` naming close matches.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("id:jfe", label="JFE Steel", aliases=["JFE"])
    >>> find_entity(G, "jfe steel"), find_entity(G, "JFE")
    ('id:jfe', 'id:jfe')
    """
    if name in G:
        return name
    wanted = normalize_name(name)
    by_label = [n for n in G if normalize_name(G.nodes[n].get("label") or "") == wanted]
    by_alias = [n for n in G if any(normalize_name(a) == wanted for a in G.nodes[n].get("aliases", []))]
    found = by_label or by_alias
    if found:
        return min(found, key=lambda n: (-G.degree(n), n))
    raise EntityNotFound(_not_found_message(G, name, wanted))


def _not_found_message(G: nx.MultiDiGraph, name: str, wanted: str) -> str:
    names = sorted({label for n in G for label in _names(G, n) if label})
    folded = {normalize_name(label): label for label in names}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)
    containing = [f for f in folded if wanted and wanted in f and f not in close]
    suggestions = [folded[f] for f in close + containing[: max(0, 5 - len(close))]]
    if suggestions:
        return f"no entity named {name!r}; did you mean: {', '.join(suggestions)}?"
    return f"no entity named {name!r} among {G.number_of_nodes()} entities"


# ---------------------------------------------------------------- views


def ego_network(G: nx.MultiDiGraph, entity: str, depth: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``depth`` links of it, in either direction.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("c", "d")])
    >>> sorted(ego_network(G, "b")), sorted(ego_network(G, "b", depth=2))
    (['a', 'b', 'c'], ['a', 'b', 'c', 'd'])
    """
    center = find_entity(G, entity)
    return nx.ego_graph(G, center, radius=depth, undirected=True).copy()


def _years(date: str) -> tuple[int, int]:
    """First and last year a date covers: ``2023-04/2024-03`` covers 2023 to 2024."""
    start, _, end = date.partition("/")
    return int(start[:4]), int((end or start)[:4])


def _in_period(date: str | None, since: int | None, until: int | None) -> bool:
    if since is None and until is None:
        return True
    if not date:
        return False
    first, last = _years(date)
    return (since is None or last >= since) and (until is None or first <= until)


def subgraph(
    G: nx.MultiDiGraph,
    types=None,
    countries=None,
    relations=None,
    since: int | None = None,
    until: int | None = None,
) -> nx.MultiDiGraph:
    """A filtered copy: nodes by ``types`` and ``countries``, edges by ``relations``
    and by year (``since``/``until``, inclusive).

    A date filter keeps an edge whose date overlaps the years; an edge without a
    date is dropped as soon as ``since`` or ``until`` is given, since nothing says
    it falls in them. When any edge filter is given, entities left with no edge
    are dropped too: they were asked for through their links.
    ``countries`` may hold ``None`` for entities without a country.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b", {"relation": "funds", "date": "2019"}),
    ...                      ("b", "c", {"relation": "funds", "date": "2023-04/2024-03"})])
    >>> list(subgraph(G, since=2024).edges()), list(subgraph(G, until=2018).edges())
    ([('b', 'c')], [])
    """
    nodes = [
        n for n, d in G.nodes(data=True)
        if (not types or d.get("type") in types) and (not countries or d.get("country") in countries)
    ]
    H = G.subgraph(nodes).copy()
    drop = [
        (u, v, k) for u, v, k, d in H.edges(keys=True, data=True)
        if (relations and d.get("relation") not in relations)
        or not _in_period(d.get("date"), since, until)
    ]
    H.remove_edges_from(drop)
    if relations or since is not None or until is not None:
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


# ---------------------------------------------------------------- paths


def _best_statement(G: nx.MultiDiGraph, a: str, b: str) -> PathStep:
    """Among the statements linking a and b, one with evidence, first by document."""
    steps = [
        PathStep(a, b, d["relation"], "forward", d.get("evidence"), d.get("document"))
        for d in G.get_edge_data(a, b, default={}).values()
    ] + [
        PathStep(a, b, d["relation"], "backward", d.get("evidence"), d.get("document"))
        for d in G.get_edge_data(b, a, default={}).values()
    ]
    return min(steps, key=lambda s: (s.evidence is None, s.document or "", s.relation, s.direction))


def shortest_evidence_path(G: nx.MultiDiGraph, a: str, b: str) -> list[PathStep]:
    """The shortest chain of statements between two entities, ignoring direction,
    each step with the sentence and document it was read from.

    Raises ``networkx.NetworkXNoPath`` when they are not connected.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b", {"relation": "funds", "evidence": "A funds B."}),
    ...                      ("c", "b", {"relation": "partnerOf", "evidence": "C and B agreed."})])
    >>> [(s.relation, s.direction, s.evidence) for s in shortest_evidence_path(G, "a", "c")]
    [('funds', 'forward', 'A funds B.'), ('partnerOf', 'backward', 'C and B agreed.')]
    """
    source, target = find_entity(G, a), find_entity(G, b)
    try:
        nodes = nx.shortest_path(G.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        raise nx.NetworkXNoPath(
            f"no path between {G.nodes[source]['label']!r} and {G.nodes[target]['label']!r}"
        ) from None
    return [_best_statement(G, u, v) for u, v in zip(nodes, nodes[1:])]


# ---------------------------------------------------------------- measures


def _undirected_simple(G: nx.MultiDiGraph) -> nx.Graph:
    """One edge per linked pair, ``weight`` = number of statements; no self-loops."""
    H = nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if u != v:
            weight = H.get_edge_data(u, v, default={"weight": 0})["weight"]
            H.add_edge(u, v, weight=weight + 1)
    return H


def rankings(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Degree, statement count, betweenness and PageRank of every entity, best first.

    ``degree`` counts distinct neighbours; ``statements`` counts the relation
    statements the entity takes part in; ``betweenness`` (normalised, unweighted)
    and ``pagerank`` (weighted by statements) use the undirected simple projection,
    since relation directions mean different things (``ownedBy`` points at the
    owner, ``investsIn`` at the investee). Sorted by PageRank.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("hub", "a"), ("hub", "b"), ("c", "hub")])
    >>> top = rankings(G).iloc[0]
    >>> top["id"], int(top["degree"]), float(top["betweenness"])
    ('hub', 3, 1.0)
    """
    H = _undirected_simple(G)
    betweenness = nx.betweenness_centrality(H)
    pagerank = nx.pagerank(H, weight="weight") if H.number_of_nodes() else {}
    table = pd.DataFrame(
        [
            {
                "id": n,
                "label": G.nodes[n].get("label"),
                "type": G.nodes[n].get("type"),
                "country": G.nodes[n].get("country"),
                "degree": H.degree(n),
                "statements": G.degree(n),
                "betweenness": betweenness[n],
                "pagerank": pagerank[n],
            }
            for n in G
        ],
        columns=["id", "label", "type", "country", "degree", "statements", "betweenness", "pagerank"],
    )
    return table.sort_values(["pagerank", "label"], ascending=[False, True], ignore_index=True)


def communities(G: nx.MultiDiGraph, seed: int = 0) -> list[set[str]]:
    """Groups of densely linked entities (Louvain on the undirected simple
    projection, weighted by statements), largest first; the same ``seed`` gives
    the same groups.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("x", "y"), ("y", "z"), ("z", "x"), ("c", "x")])
    >>> [sorted(group) for group in communities(G)]
    [['a', 'b', 'c'], ['x', 'y', 'z']]
    """
    groups = nx.community.louvain_communities(_undirected_simple(G), weight="weight", seed=seed)
    return sorted((set(g) for g in groups), key=lambda g: (-len(g), min(g)))


def bridges_between(G: nx.MultiDiGraph, a: str = "IN", b: str = "JP") -> pd.DataFrame:
    """Entities with neighbours in both countries, ranked by how many they have.

    An entity of either country, or of neither, counts when at least one
    neighbour has country ``a`` and one has country ``b``; ``ties`` is the number
    of distinct neighbours in either country.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("project", "tata"), ("jica", "project")])
    >>> nx.set_node_attributes(G, {"tata": "IN", "jica": "JP", "project": None}, "country")
    >>> bridges_between(G, "IN", "JP")[["id", "ties"]].values.tolist()
    [['project', 2]]
    """
    H = _undirected_simple(G)
    rows = []
    for n in H:
        countries = [H.nodes[m].get("country") for m in H[n]]
        in_a, in_b = countries.count(a), countries.count(b)
        if in_a and in_b:
            data = G.nodes[n]
            rows.append({
                "id": n, "label": data.get("label"), "type": data.get("type"),
                "country": data.get("country"), f"neighbours_{a}": in_a,
                f"neighbours_{b}": in_b, "ties": in_a + in_b,
            })
    columns = ["id", "label", "type", "country", f"neighbours_{a}", f"neighbours_{b}", "ties"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["ties", "label"], ascending=[False, True], ignore_index=True)


# ---------------------------------------------------------------- tables and files


def node_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per entity: id, label, type, country, aliases, documents.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("id:jfe", label="JFE Steel", type="Company")
    >>> node_table(G).loc[0, ["id", "type"]].tolist()
    ['id:jfe', 'Company']
    """
    columns = ["id", "label", "type", "country", "aliases", "documents"]
    return pd.DataFrame([{"id": n, **{c: d.get(c) for c in columns[1:]}} for n, d in G.nodes(data=True)],
                        columns=columns)


def edge_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per relation statement: source, target, key and the edge attributes.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b", "st1", {"relation": "funds"})])
    >>> edge_table(G)[["source", "target", "key", "relation"]].values.tolist()
    [['a', 'b', 'st1', 'funds']]
    """
    columns = ["source", "target", "key", *EDGE_ATTRIBUTES]
    return pd.DataFrame(
        [{"source": u, "target": v, "key": k, **{a: d.get(a) for a in EDGE_ATTRIBUTES}}
         for u, v, k, d in G.edges(keys=True, data=True)],
        columns=columns,
    )


def _file_value(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "|".join(str(v) for v in value)
    return value


def _writable(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes GraphML and GEXF accept: no None, lists joined with ``|``."""
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, {k: _file_value(v) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, {a: _file_value(x) for a, x in d.items()})
                     for u, v, k, d in G.edges(keys=True, data=True))
    return H


def write_graphml(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GraphML (for Gephi, Cytoscape, yEd); lists become ``a|b`` strings.

    Examples
    --------
    >>> write_graphml(G, "ijkg.graphml")  # doctest: +SKIP
    """
    nx.write_graphml(_writable(G), path)


def write_gexf(G: nx.MultiDiGraph, path: str | Path) -> None:
    """Write GEXF (Gephi's format); lists become ``a|b`` strings.

    Examples
    --------
    >>> write_gexf(G, "ijkg.gexf")  # doctest: +SKIP
    """
    nx.write_gexf(_writable(G), path)
