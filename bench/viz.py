"""How big and how slow is the network page? Pages of 500, 2,000 and 5,000
synthetic entities (a seeded random graph, two statements per entity), opened in
Debian's chromium; the time is until vis-network's layout settles
(``stabilizationIterationsDone``, awaited through the page's ``layoutSettled``
promise, counted from navigation start).

Graphs above ``graph.viz.LARGE_GRAPH`` are measured twice: as the page draws
them by default (the ``TOP_N`` best-connected) and whole (``ijkg viz --all``).

    python bench/viz.py [--sizes 500 2000 5000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.viz import LARGE_GRAPH, write_page  # noqa: E402
from schema.models import ENTITY_TYPES, RELATION_TYPES  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic_graph(n: int, seed: int) -> nx.MultiDiGraph:
    """n entities and 2n statements between random pairs, with random types,
    countries, relations, dates and evidence sentences."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(f"e{i}", label=f"Entity {i}", type=rng.choice(ENTITY_TYPES),
                   country=rng.choice(["IN", "JP", None]), aliases=[], documents=[f"doc{i % 50}.txt"])
    for _ in range(2 * n):
        u, v = rng.sample(range(n), 2)
        G.add_edge(f"e{u}", f"e{v}", relation=rng.choice(RELATION_TYPES), date=str(rng.randint(2000, 2025)),
                   status=rng.choice(["stated", "planned"]), document=f"doc{u % 50}.txt",
                   evidence=f"Entity {u} and Entity {v} did something together.")
    return G


def measure(browser, G: nx.MultiDiGraph, folder: Path, limit) -> dict:
    path = folder / f"page-{G.number_of_nodes()}-{limit}.html"
    start = time.perf_counter()
    summary = write_page(G, path, limit=limit)
    python_s = time.perf_counter() - start
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.set_default_timeout(900_000)
    page.goto(path.as_uri())
    settled_ms = page.evaluate("layoutSettled")
    page.close()
    return {
        "entities": G.number_of_nodes(),
        "view": "whole" if not summary.trimmed else f"top {summary.nodes}",
        "statements": summary.edges,
        "html_mb": path.stat().st_size / 1e6,
        "python_s": python_s,
        "settle_s": settled_ms / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n in args.sizes:
            G = synthetic_graph(n, args.seed)
            limits = [LARGE_GRAPH, None] if n > LARGE_GRAPH else [None]
            for limit in limits:
                rows.append(measure(browser, G, Path(tmp), limit))
                print(rows[-1], file=sys.stderr, flush=True)
        browser.close()

    print("| entities | page shows | statements drawn | HTML | build page (Python) | layout settled (chromium) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['entities']:,} | {r['view']} | {r['statements']:,} | {r['html_mb']:.2f} MB "
              f"| {r['python_s']:.2f} s | {r['settle_s']:.1f} s |")


if __name__ == "__main__":
    main()
