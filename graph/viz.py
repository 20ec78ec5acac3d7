"""An interactive network page: one self-contained HTML file that works offline.

pyvis describes the nodes, edges and vis-network options; the page itself is
rendered from ``graph/templates/network.html`` rather than pyvis's template,
because that one loads Bootstrap from a CDN and pastes its heading and menus in
as raw HTML. Here every piece of text from a document reaches the browser only
as JSON data (``<`` escaped) and is shown as plain text: tooltips are plain
strings, which vis-network displays with ``innerText``, and the legend and
filters are escaped by Jinja. vis-network's JS and CSS are inlined from the
pyvis package, so the page makes no network request.

The page's globals ``network`` (the vis-network instance), ``nodes`` and
``edges`` (its DataSets), ``focusEntity(text)`` and ``layoutSettled`` (a promise
resolved with ``performance.now()`` once the layout settles) are there for
tests and users' scripts.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import networkx as nx

from graph.network import EntityNotFound, ego_network, find_entity, subgraph

__all__ = [
    "LARGE_GRAPH",
    "RELATION_COLORS",
    "TOP_N",
    "TYPE_STYLES",
    "PageSummary",
    "choices",
    "default_view",
    "describe_view",
    "edge_tooltip",
    "node_tooltip",
    "page_html",
    "select_view",
    "to_pyvis",
    "write_page",
]

# Above LARGE_GRAPH entities the page shows the TOP_N best-connected: the
# browser's layout of 2,000+ nodes takes long and reads as a hairball.
LARGE_GRAPH = 1500
TOP_N = 500

# Colour and vis-network shape per entity type, with the legend's glyph.
TYPE_STYLES = {
    "Country": ("#e15759", "star", "★"),
    "Company": ("#4e79a7", "dot", "●"),
    "GovernmentBody": ("#f28e2b", "square", "■"),
    "Organization": ("#17becf", "hexagon", "⬢"),
    "Person": ("#59a14f", "diamond", "◆"),
    "Place": ("#9c755f", "triangleDown", "▼"),
    "Project": ("#edc948", "triangle", "▲"),
    "Agreement": ("#b07aa1", "square", "■"),
    "Event": ("#ff9da7", "diamond", "◆"),
    "Initiative": ("#76b7b2", "hexagon", "⬢"),
}
UNKNOWN_TYPE_STYLE = ("#9e9e9e", "dot", "●")

RELATION_COLORS = {
    "partnerOf": "#1f77b4",
    "ownedBy": "#8c564b",
    "investsIn": "#2ca02c",
    "acquires": "#d62728",
    "funds": "#9467bd",
    "involvedIn": "#7f7f7f",
    "partyTo": "#bcbd22",
    "signedBy": "#17becf",
    "establishes": "#ff7f0e",
    "participatesIn": "#aec7e8",
    "chairs": "#e377c2",
    "organizes": "#98df8a",
    "locatedIn": "#c49c94",
    "memberOf": "#c5b0d5",
    "headOf": "#ff9896",
    "country": "#c7c7c7",
    "supplies": "#dbdb8d",
}
OTHER_RELATION_COLOR = "#666666"

_OPTIONS = {
    "nodes": {
        "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "borderWidth": 1,
        "scaling": {
            "min": 10, "max": 42,
            "label": {"enabled": True, "min": 16, "max": 30, "drawThreshold": 4, "maxVisible": 30},
        },
    },
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "face": "sans-serif", "align": "middle", "color": "#555555",
                 "strokeWidth": 3, "strokeColor": "#ffffff"},
        "smooth": {"enabled": False},  # straight lines settle fast (STACK_NOTES)
        "color": {"inherit": False},
        "selectionWidth": 2,
    },
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.02,
                             "springLength": 120, "springConstant": 0.06, "avoidOverlap": 1.0},
        "stabilization": {"enabled": True, "iterations": 1000, "updateInterval": 50, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True, "navigationButtons": False},
}


@dataclass(frozen=True)
class PageSummary:
    """What a written page shows, out of how much."""

    path: Path
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int

    @property
    def trimmed(self) -> bool:
        return self.nodes < self.total_nodes


# ---------------------------------------------------------------- which part to draw


def select_view(
    G: nx.MultiDiGraph,
    focus: str | None = None,
    depth: int = 1,
    types=None,
    countries=None,
    relations=None,
    since: int | None = None,
    until: int | None = None,
) -> nx.MultiDiGraph:
    """The part of the graph the ``ijkg viz`` options ask for: filtered as by
    :func:`graph.network.subgraph`, then, with ``focus``, the entities within
    ``depth`` links of it.

    >>> G = nx.MultiDiGraph([("a", "b", {"relation": "funds"}), ("b", "c", {"relation": "partnerOf"})])
    >>> sorted(select_view(G, focus="a", relations={"funds", "partnerOf"})), sorted(select_view(G, relations={"partnerOf"}))
    (['a', 'b'], ['b', 'c'])
    """
    center = find_entity(G, focus) if focus else None
    H = subgraph(G, types=types, countries=countries, relations=relations, since=since, until=until)
    if center is None:
        return H
    if center not in H:
        raise EntityNotFound(f"{G.nodes[center].get('label', center)!r} is excluded by the filters")
    return ego_network(H, center, depth)


def choices(values, allowed, what: str) -> set[str] | None:
    """The values as spelt in ``allowed`` (case-insensitive), or ``None`` for no
    values; an unknown value raises ``ValueError`` listing the allowed ones.

    >>> sorted(choices(["company", "Person"], ["Company", "Person", "Place"], "type"))
    ['Company', 'Person']
    """
    if not values:
        return None
    spelling = {a.lower(): a for a in allowed}
    unknown = [v for v in values if v.lower() not in spelling]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}: use one of {', '.join(allowed)}")
    return {spelling[v.lower()] for v in values}


def describe_view(focus: str | None = None, depth: int = 1, types=None, countries=None, relations=None,
                  since: int | None = None, until: int | None = None) -> str | None:
    """A short line saying which part of the graph a page shows.

    >>> describe_view("JFE Steel", 2, types={"Company"}, since=2020)
    'around JFE Steel (2 links deep) · types: Company · from 2020'
    """
    parts = []
    if focus:
        parts.append(f"around {focus} ({depth} link{'s' if depth != 1 else ''} deep)")
    for name, values in (("types", types), ("countries", countries), ("relations", relations)):
        if values:
            parts.append(f"{name}: {', '.join(sorted(values))}")
    if since is not None or until is not None:
        parts.append(" ".join(filter(None, [f"from {since}" if since is not None else None,
                                             f"until {until}" if until is not None else None])))
    return " · ".join(parts) or None


def _distinct_degree(G: nx.MultiDiGraph) -> dict:
    return {n: len(set(G.successors(n)) | set(G.predecessors(n))) for n in G}


def default_view(G: nx.MultiDiGraph, limit: int = LARGE_GRAPH, top: int = TOP_N) -> nx.MultiDiGraph:
    """The graph itself, or above ``limit`` entities its ``top`` best-connected
    entities (by distinct neighbours) and the relations among them.

    >>> G = nx.MultiDiGraph([("hub", x) for x in "abcd"] + [("a", "b")])
    >>> sorted(default_view(G, limit=3, top=3))
    ['a', 'b', 'hub']
    """
    if G.number_of_nodes() <= limit:
        return G
    degree = _distinct_degree(G)
    best = sorted(G, key=lambda n: (-degree[n], G.nodes[n].get("label") or "", n))[:top]
    return G.subgraph(best).copy()


# ---------------------------------------------------------------- tooltips (plain text)


def _listing(values: list[str], most: int = 5) -> str:
    shown = ", ".join(values[:most])
    return shown + (f" and {len(values) - most} more" if len(values) > most else "")


def node_tooltip(data: dict, degree: int) -> str:
    """Plain text shown on hovering an entity.

    >>> print(node_tooltip({"label": "Acme", "type": "Company", "country": "JP", "documents": ["a.txt"]}, 2))
    Acme
    Type: Company
    Country: JP
    Linked to 2 entities
    Documents (1): a.txt
    """
    lines = [data.get("label") or "", f"Type: {data.get('type') or 'unknown'}"]
    lines.append(f"Country: {data.get('country') or 'not stated'}")
    if data.get("aliases"):
        lines.append(f"Also written: {_listing(data['aliases'])}")
    lines.append(f"Linked to {degree} entit{'y' if degree == 1 else 'ies'}")
    documents = data.get("documents") or []
    lines.append(f"Documents ({len(documents)}): {_listing(documents)}")
    return "\n".join(lines)


def _statement_line(d: dict) -> str:
    facts = [d.get("date")]
    if d.get("amount") is not None:
        facts.append(f"{d['amount']:,.0f} {d.get('currency') or ''}".strip())
    if d.get("share") is not None:
        facts.append(f"share {d['share'] * 100:g}%")
    facts.append(d.get("status"))
    line = "• " + (" · ".join(f for f in facts if f) or "no date or amount stated")
    if d.get("evidence"):
        line += f"\n  “{d['evidence']}”"
    if d.get("document"):
        line += f"\n  — {d['document']}"
    return line


def edge_tooltip(source_label: str, relation: str, target_label: str, statements: list[dict], most: int = 4) -> str:
    """Plain text shown on hovering a link: one entry per statement, with its sentence.

    >>> print(edge_tooltip("A", "funds", "B", [{"date": "2024", "amount": 5e6, "currency": "USD",
    ...                                         "evidence": "A funds B.", "document": "x.txt"}]))
    A → funds → B
    • 2024 · 5,000,000 USD
      “A funds B.”
      — x.txt
    """
    lines = [f"{source_label} → {relation} → {target_label}"]
    if len(statements) > 1:
        lines.append(f"{len(statements)} statements")
    lines += [_statement_line(d) for d in statements[:most]]
    if len(statements) > most:
        lines.append(f"… and {len(statements) - most} more")
    return "\n".join(lines)


# ---------------------------------------------------------------- the pyvis network


def _grouped_edges(G: nx.MultiDiGraph) -> dict[tuple, list[dict]]:
    """Statements grouped per (source, target, relation): one drawn link each."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        groups[(u, v, d.get("relation") or "related")].append(d)
    for statements in groups.values():
        statements.sort(key=lambda d: (d.get("date") or "", d.get("document") or ""))
    return groups


def _curve(index: int) -> dict:
    """The index-th link between the same two entities bends further out, so
    parallel links and their labels do not sit on top of each other."""
    if index == 0:
        return {"enabled": False}
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"enabled": True, "type": side, "roundness": 0.25 * math.ceil(index / 2)}


def to_pyvis(G: nx.MultiDiGraph):
    """A pyvis ``Network`` of the graph: styled nodes, one link per relation type
    between two entities, plain-text tooltips and the page's vis-network options.

    >>> net = to_pyvis(nx.MultiDiGraph([("a", "b", {"relation": "funds", "status": "planned"})]))
    >>> net.num_nodes(), net.edges[0]["label"], net.edges[0]["dashes"]
    (2, 'funds', True)
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    degree = _distinct_degree(G)
    for n, d in G.nodes(data=True):
        color, shape, _ = TYPE_STYLES.get(d.get("type"), UNKNOWN_TYPE_STYLE)
        label = d.get("label") or str(n)
        net.add_node(
            n, label=label, shape=shape, color=color, value=degree[n],
            title=node_tooltip(d, degree[n]),
            entityType=d.get("type") or "", country=d.get("country") or "",
            names=[label, *(d.get("aliases") or [])],
        )
    pair_count: Counter = Counter()
    for (u, v, relation), statements in _grouped_edges(G).items():
        pair = frozenset((u, v))
        planned = all(d.get("status") == "planned" for d in statements)
        net.add_edge(
            u, v, label=relation, relation=relation, statements=len(statements),
            color=RELATION_COLORS.get(relation, OTHER_RELATION_COLOR),
            dashes=planned, width=1 + min(len(statements) - 1, 4),
            smooth=_curve(pair_count[pair]),
            title=edge_tooltip(G.nodes[u].get("label") or str(u), relation,
                               G.nodes[v].get("label") or str(v), statements),
        )
        pair_count[pair] += 1
    net.options = _OPTIONS
    return net


# ---------------------------------------------------------------- the page


def _vis_network_assets() -> tuple[str, str]:
    lib = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(encoding="utf-8")


def _legend(G: nx.MultiDiGraph) -> dict:
    types = Counter(d.get("type") or "" for _, d in G.nodes(data=True))
    countries = Counter(d.get("country") or "" for _, d in G.nodes(data=True))
    relations = Counter(d.get("relation") or "related" for *_, d in G.edges(data=True))
    order = {t: i for i, t in enumerate(TYPE_STYLES)}
    return {
        "types": [
            {"value": t, "name": t or "unknown type", "count": n,
             "color": TYPE_STYLES.get(t, UNKNOWN_TYPE_STYLE)[0], "glyph": TYPE_STYLES.get(t, UNKNOWN_TYPE_STYLE)[2]}
            for t, n in sorted(types.items(), key=lambda kv: order.get(kv[0], len(order)))
        ],
        "countries": [
            {"value": c, "name": c or "no country", "count": n}
            for c, n in sorted(countries.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "relations": [
            {"value": r, "name": r, "count": n, "color": RELATION_COLORS.get(r, OTHER_RELATION_COLOR)}
            for r, n in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def _trim_notice(shown: nx.MultiDiGraph, whole: nx.MultiDiGraph) -> str | None:
    if shown.number_of_nodes() >= whole.number_of_nodes():
        return None
    return (
        f"This graph has {whole.number_of_nodes():,} entities, too many to read at once, so this page "
        f"shows the {shown.number_of_nodes():,} best-connected and the {shown.number_of_edges():,} "
        f"statements among them. Draw another part with ijkg viz --focus ENTITY, --type, --country, "
        f"--relation or --since, or everything with --all."
    )


def page_html(G: nx.MultiDiGraph, title: str = "India–Japan network", subtitle: str | None = None,
              notice: str | None = None) -> str:
    """The whole page as one HTML string: vis-network inlined, no network request.

    >>> html = page_html(nx.MultiDiGraph([("a", "b")]))
    >>> "var network" in html and "https://cdn" not in html
    True
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    net = to_pyvis(G)
    nodes, edges, *_ = net.get_network_data()
    script, css = _vis_network_assets()
    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("network.html").render(
        title=title, subtitle=subtitle, notice=notice,
        data={"nodes": nodes, "edges": edges, "options": net.options},
        legend=_legend(G), total_nodes=len(nodes), total_edges=len(edges),
        total_statements=G.number_of_edges(),
        vis_js=script, vis_css=css,
    )


def write_page(G: nx.MultiDiGraph, path: str | Path, title: str = "India–Japan network",
               subtitle: str | None = None, limit: int | None = LARGE_GRAPH, top: int = TOP_N) -> PageSummary:
    """Write the page of ``G`` (above ``limit`` entities, of its ``top``
    best-connected; ``limit=None`` draws everything).

    >>> import tempfile
    >>> write_page(nx.MultiDiGraph([("a", "b")]), tempfile.mkdtemp() + "/n.html").nodes
    2
    """
    shown = G if limit is None else default_view(G, limit, top)
    html = page_html(shown, title=title, subtitle=subtitle, notice=_trim_notice(shown, G))
    path = Path(path)
    path.write_text(html, encoding="utf-8")
    return PageSummary(path, shown.number_of_nodes(), shown.number_of_edges(),
                       G.number_of_nodes(), G.number_of_edges())
