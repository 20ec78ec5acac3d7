"""Helpers for the notebooks: find and build the sample corpus, tables an analyst
reads (deals in one currency, timelines of agreements and meetings, which bodies
meet), and drawing.

Everything here works on what :mod:`graph.export` and :mod:`graph.network`
already give (relation rows, the networkx projection); nothing re-reads RDF.
Conversion rates are always passed in, never built in: a notebook states the
rates it uses and their date, so a reader can see and change them.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import networkx as nx
import pandas as pd

__all__ = [
    "COUNTRY_COLORS",
    "MONEY_RELATIONS",
    "PARTICIPATION",
    "body_meetings",
    "find_corpus",
    "first_year",
    "money_deals",
    "occasion_participants",
    "occasion_timeline",
    "open_sample_graph",
    "plot_network",
    "relation_table",
    "saved_dataframe",
    "show_page",
    "tag_sector",
    "to_usd",
]

MONEY_RELATIONS = ("investsIn", "acquires", "funds")

# How an entity takes part in an agreement or an event, read off one edge:
# relation -> (role, True when the edge points from the participant to the occasion).
PARTICIPATION = {
    "participatesIn": ("participant", True),
    "chairs": ("chair", True),
    "organizes": ("organiser", True),
    "partyTo": ("party", True),
    "signedBy": ("signatory", False),
}
# A person acts for the body they head or belong to.
_ACTS_FOR = ("headOf", "memberOf")

COUNTRY_COLORS = {"IN": "#ff9933", "JP": "#bc002d"}
OTHER_COUNTRY_COLOR = "#9e9e9e"


# ---------------------------------------------------------------- the sample graph


def find_corpus(start: str | Path | None = None) -> Path:
    """The sample corpus folder: ``$IJKG_CORPUS``, else the first ``shared/corpus``
    found in ``start`` (default: the working directory) or a folder above it.

    Raises ``FileNotFoundError`` saying where it looked.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); (root / "shared" / "corpus").mkdir(parents=True)
    >>> (root / "main" / "notebooks").mkdir(parents=True)
    >>> find_corpus(root / "main" / "notebooks") == root / "shared" / "corpus"
    True
    """
    if os.environ.get("IJKG_CORPUS"):
        corpus = Path(os.environ["IJKG_CORPUS"])
        if not corpus.is_dir():
            raise FileNotFoundError(f"IJKG_CORPUS={corpus} is not a folder")
        return corpus
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "shared" / "corpus").is_dir():
            return folder / "shared" / "corpus"
    raise FileNotFoundError(f"no shared/corpus in {here} or above it; set IJKG_CORPUS to the corpus folder")


def open_sample_graph(location: str | Path = "ijkg-data", corpus: str | Path | None = None):
    """Build the corpus into the store at ``location`` (created if need be) and
    return the store opened read-only.

    Building is incremental: documents already in the store and unchanged are
    not read again, so running a notebook twice costs little. The store is
    handed back read-only so that several notebooks can hold it open at once
    (a writable store locks its folder). Raises ``RuntimeError`` listing the
    documents that failed.

    >>> store = open_sample_graph("ijkg-data")  # doctest: +SKIP
    """
    from graph.build import build
    from graph.store import open_store

    writable = open_store(Path(location))
    try:
        report = build([corpus or find_corpus()], writable)
    finally:
        writable.close()
    if not report.ok:
        raise RuntimeError("some documents failed to build:\n" + "\n".join(report.errors))
    return open_store(Path(location), read_only=True)


def saved_dataframe(store, name: str, params: dict[str, str] | None = None) -> pd.DataFrame:
    """A saved question's answer (:func:`graph.saved.run_saved`) as a DataFrame.

    >>> import tempfile
    >>> from graph.store import open_store
    >>> list(saved_dataframe(open_store(tempfile.mkdtemp()), "documents").columns)[:2]
    ['document', 'title']
    """
    from graph.query import term_value
    from graph.saved import run_saved

    results = run_saved(store, name, params)
    columns = [v.value for v in results.variables]
    return pd.DataFrame([list(map(term_value, solution)) for solution in results], columns=columns)


# ---------------------------------------------------------------- relation tables


def first_year(date: str | float | None) -> int | None:
    """The first year an ISO date or interval covers.

    >>> first_year("2023-04/2024-03"), first_year("1968"), first_year(None)
    (2023, 1968, None)
    """
    if not isinstance(date, str) or not re.match(r"\d{4}", date):  # pandas gives NaN for a missing date
        return None
    return int(date[:4])


def relation_table(store) -> pd.DataFrame:
    """Every relation statement as a row (:func:`graph.export.relation_rows`),
    with ``relation`` (the predicate's short name) and ``year`` added.

    >>> relation_table(store)[["subject_label", "relation", "object_label"]]  # doctest: +SKIP
    """
    from graph.export import RELATION_COLUMNS, relation_rows

    table = pd.DataFrame(relation_rows(store), columns=RELATION_COLUMNS)
    table.insert(3, "relation", table["predicate"].str.rsplit("#", n=1).str[-1])
    table["year"] = table["date"].map(first_year).astype("Int64")
    return table


# ---------------------------------------------------------------- money


def to_usd(amount: float | None, currency: str | None, rates: dict[str, float]) -> float | None:
    """``amount`` of ``currency`` in US dollars, with ``rates`` giving the units of
    each currency one dollar buys. ``None`` when there is no amount; an unknown
    currency raises ``KeyError`` naming it, so no amount is silently dropped.

    >>> to_usd(157_500_000_000, "INR", {"INR": 90.0})
    1750000000.0
    >>> to_usd(5, "USD", {}), to_usd(None, None, {})
    (5.0, None)
    """
    if amount is None or pd.isna(amount):
        return None
    if currency == "USD":
        return float(amount)
    if currency not in rates:
        raise KeyError(f"no rate for {currency!r}: add it to the rates (units per US dollar)")
    return float(amount) / rates[currency]


def _joined(values) -> str:
    return "; ".join(sorted({v for v in values if isinstance(v, str) and v}))


def money_deals(relations: pd.DataFrame, rates: dict[str, float],
                kinds: tuple[str, ...] = MONEY_RELATIONS) -> pd.DataFrame:
    """One row per amount of money stated, largest in US dollars first.

    A sentence such as *A and B commit 5 billion to plants in X and Y* gives
    four statements with the same amount; it is one deal, so statements that
    share a document, sentence, relation and amount are merged (their
    ``investors`` and ``targets`` joined with ``;``). The same deal stated by
    several documents is merged next, keeping every document. Statements
    without an amount are left out.

    >>> rows = pd.DataFrame({
    ...     "subject_label": ["A", "B", "A"], "relation": ["investsIn"] * 3,
    ...     "object_label": ["X", "X", "X"], "amount": [5e9, 5e9, 5e9],
    ...     "currency": ["INR"] * 3, "share": [None] * 3, "date": ["2024", "2024", None],
    ...     "status": ["stated"] * 3, "document": ["d1", "d1", "d2"],
    ...     "evidence": ["A and B put Rs 500 crore into X.", "A and B put Rs 500 crore into X.", "A funds X."]})
    >>> money_deals(rows, {"INR": 100.0})[["investors", "targets", "amount_usd", "documents"]].values.tolist()
    [['A', 'X', 50000000.0, 'd2'], ['A; B', 'X', 50000000.0, 'd1']]
    """
    columns = ["investors", "relation", "targets", "amount", "currency", "amount_usd", "share",
               "date", "status", "documents", "evidence"]
    money = relations[relations["relation"].isin(kinds) & relations["amount"].notna()]
    if money.empty:
        return pd.DataFrame(columns=columns)
    per_sentence = (
        money.groupby(["document", "evidence", "relation", "amount", "currency"], dropna=False)
        .agg(investors=("subject_label", _joined), targets=("object_label", _joined),
             share=("share", "max"), date=("date", "min"), status=("status", "first"))
        .reset_index()
    )
    deals = (
        per_sentence.groupby(["investors", "relation", "targets", "amount", "currency"], dropna=False)
        # "stated" sorts after "planned": a deal stays planned only if no document states it done.
        .agg(share=("share", "max"), date=("date", "min"), status=("status", "max"),
             documents=("document", _joined), evidence=("evidence", "first"))
        .reset_index()
    )
    deals["amount_usd"] = [to_usd(a, c, rates) for a, c in zip(deals["amount"], deals["currency"])]
    return deals[columns].sort_values(["amount_usd", "investors"], ascending=[False, True], ignore_index=True)


def tag_sector(text: str | None, keywords: dict[str, tuple[str, ...]], other: str = "other") -> str:
    """The first sector whose keywords occur in ``text`` (case-insensitive, whole words).

    >>> tag_sector("plants for hybrid cars", {"steel": ("steel",), "automotive": ("car", "cars")})
    'automotive'
    >>> tag_sector(None, {"steel": ("steel",)})
    'other'
    """
    folded = (text or "").lower()
    for sector, words in keywords.items():
        if any(re.search(rf"\b{re.escape(word.lower())}\b", folded) for word in words):
            return sector
    return other


# ---------------------------------------------------------------- agreements and meetings


def _label(G: nx.MultiDiGraph, node) -> str:
    return G.nodes[node].get("label") or str(node)


def occasion_timeline(G: nx.MultiDiGraph, types: tuple[str, ...] = ("Agreement", "Event")) -> pd.DataFrame:
    """Every dated statement about an agreement or an event: one row per statement,
    oldest first, with ``start`` the first day its date covers.

    An occasion can carry several dates when documents (or misreadings) disagree;
    the rows keep them all so a timeline shows the disagreement.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("m", label="Summit", type="Event"); G.add_node("in", label="India", type="Country")
    >>> _ = G.add_edge("in", "m", relation="participatesIn", date="2024-03", document="d1", evidence="...")
    >>> occasion_timeline(G)[["occasion", "date", "year"]].values.tolist()
    [['Summit', '2024-03', 2024]]
    """
    rows = []
    for u, v, d in G.edges(data=True):
        for occasion, other in ((v, u), (u, v)):
            if G.nodes[occasion].get("type") in types and d.get("date"):
                start = d["date"].split("/")[0]
                rows.append({
                    "occasion": _label(G, occasion), "type": G.nodes[occasion]["type"],
                    "date": d["date"], "start": pd.Timestamp(start), "year": first_year(start),
                    "relation": d.get("relation"), "with": _label(G, other),
                    "document": d.get("document"), "evidence": d.get("evidence"),
                })
    columns = ["occasion", "type", "date", "start", "year", "relation", "with", "document", "evidence"]
    table = pd.DataFrame(rows, columns=columns).drop_duplicates(["occasion", "date", "relation", "with", "document"])
    return table.sort_values(["start", "occasion", "with"], ignore_index=True)


def _direct_participants(G: nx.MultiDiGraph, types: tuple[str, ...]) -> list[dict]:
    rows = []
    for u, v, d in G.edges(data=True):
        role, outward = PARTICIPATION.get(d.get("relation"), (None, None))
        if role is None:
            continue
        who, occasion = (u, v) if outward else (v, u)
        if G.nodes[occasion].get("type") in types:
            rows.append({"occasion": occasion, "participant": who, "role": role, "via": "",
                         "document": d.get("document")})
    return rows


def occasion_participants(G: nx.MultiDiGraph, types: tuple[str, ...] = ("Agreement", "Event")) -> pd.DataFrame:
    """Who takes part in each agreement and event, and how (party, signatory,
    chair, organiser, participant); a person's body (what they head or belong
    to) takes part too, with ``via`` naming the person (empty for direct roles).

    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("d", "Event"), ("p", "Person"), ("m", "GovernmentBody")]: G.add_node(n, label=n.upper(), type=t)
    >>> _ = G.add_edge("p", "d", relation="chairs"); _ = G.add_edge("p", "m", relation="memberOf")
    >>> occasion_participants(G)[["occasion", "participant", "role", "via"]].values.tolist()
    [['D', 'M', 'chair', 'P'], ['D', 'P', 'chair', '']]
    """
    direct = _direct_participants(G, types)
    through_people = [
        {**row, "participant": body, "via": row["participant"]}
        for row in direct if G.nodes[row["participant"]].get("type") == "Person"
        for _, body, d in G.out_edges(row["participant"], data=True) if d.get("relation") in _ACTS_FOR
    ]
    rows = [
        {
            "occasion": _label(G, r["occasion"]), "occasion_type": G.nodes[r["occasion"]].get("type"),
            "participant": _label(G, r["participant"]), "participant_type": G.nodes[r["participant"]].get("type"),
            "country": G.nodes[r["participant"]].get("country"), "role": r["role"],
            "via": r["via"] and _label(G, r["via"]), "document": r["document"],
        }
        for r in direct + through_people
    ]
    columns = ["occasion", "occasion_type", "participant", "participant_type", "country", "role", "via", "document"]
    table = pd.DataFrame(rows, columns=columns)
    table = table.drop_duplicates(["occasion", "participant", "role", "via"])
    return table.sort_values(["occasion", "participant", "role"], ignore_index=True)


def body_meetings(participants: pd.DataFrame, a: str = "IN", b: str = "JP",
                  body_type: str = "GovernmentBody") -> pd.DataFrame:
    """Pairs of bodies, one from country ``a`` and one from ``b``, that take part
    in the same agreements and events, most shared occasions first.

    >>> p = pd.DataFrame({"occasion": ["talks", "talks", "pact"], "participant": ["MoS", "METI", "MoS"],
    ...                   "participant_type": ["GovernmentBody"] * 3, "country": ["IN", "JP", "IN"]})
    >>> body_meetings(p).values.tolist()
    [['MoS', 'METI', 1, 'talks']]
    """
    bodies = participants[participants["participant_type"] == body_type]
    side_a = bodies[bodies["country"] == a][["occasion", "participant"]].drop_duplicates()
    side_b = bodies[bodies["country"] == b][["occasion", "participant"]].drop_duplicates()
    pairs = side_a.merge(side_b, on="occasion", suffixes=(f"_{a}", f"_{b}"))
    columns = [f"body_{a}", f"body_{b}", "occasions", "shared"]
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    table = (
        pairs.groupby([f"participant_{a}", f"participant_{b}"])
        .agg(occasions=("occasion", "nunique"), shared=("occasion", _joined))
        .reset_index()
    )
    table.columns = columns
    return table.sort_values(["occasions", f"body_{a}", f"body_{b}"], ascending=[False, True, True],
                             ignore_index=True)


# ---------------------------------------------------------------- drawing


def plot_network(G: nx.MultiDiGraph, ax=None, title: str | None = None, seed: int = 1):
    """Draw a small graph with matplotlib: nodes coloured by country (India
    saffron, Japan red, others grey), labelled, edges labelled by relation.

    Returns the matplotlib ``Axes``. Meant for ego networks and paths (tens of
    nodes); the interactive page (:mod:`graph.viz`) suits larger graphs.

    >>> ax = plot_network(nx.MultiDiGraph([("a", "b", {"relation": "funds"})]))  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 7))
    simple = nx.Graph(G.to_undirected())
    position = nx.spring_layout(simple, seed=seed, k=1.6 / max(1, len(simple)) ** 0.5)
    colors = [COUNTRY_COLORS.get(G.nodes[n].get("country"), OTHER_COUNTRY_COLOR) for n in G]
    nx.draw_networkx_edges(G, position, ax=ax, edge_color="#888888", arrows=True, arrowsize=12,
                           node_size=900, connectionstyle="arc3,rad=0.08")
    nx.draw_networkx_nodes(G, position, ax=ax, node_color=colors, node_size=900, alpha=0.9)
    nx.draw_networkx_labels(G, position, ax=ax, labels={n: _wrapped(_label(G, n)) for n in G}, font_size=8)
    edge_labels = {}
    for u, v, d in G.edges(data=True):
        edge_labels.setdefault((u, v), set()).add(d.get("relation") or "")
    nx.draw_networkx_edge_labels(G, position, ax=ax, font_size=7, font_color="#444444",
                                 edge_labels={k: ", ".join(sorted(r)) for k, r in edge_labels.items()})
    ax.set_title(title or "")
    ax.axis("off")
    return ax


def _wrapped(label: str, width: int = 18) -> str:
    """A long label over several lines, so it does not cover its neighbours."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def show_page(page: str, height: int = 650):
    """Show a self-contained HTML page (:func:`graph.viz.page_html`) inline in a
    notebook, inside an ``iframe`` so its scripts and styles stay apart from the
    notebook's.

    >>> "<iframe srcdoc=" in show_page("<p>hello</p>").data
    True
    """
    from IPython.display import HTML

    return HTML(f'<div><iframe srcdoc="{html.escape(page, quote=True)}" width="100%" height="{height}" '
                f'style="border:1px solid #ddd"></iframe></div>')
