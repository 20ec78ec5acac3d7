"""Latency of every saved question over HTTP, against the sample corpus.

Builds the corpus into a temporary store, starts the endpoint on a free
loopback port, runs each saved question N times through ``/saved/NAME`` and
prints p50/p95 in milliseconds.

    python bench/endpoint.py [--corpus /work/shared/corpus] [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.saved import list_saved  # noqa: E402
from graph.server import Endpoint, make_server  # noqa: E402

# Values for required parameters, chosen to exist in the sample corpus.
REQUIRED = {
    "entity": "JFE Steel Corporation",
    "document": "000_8df3a68a22850c4e.txt",
    "from": "Tata Steel",
    "to": "Nippon Steel Corporation",
}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_query(base: str, name: str, params: dict, runs: int) -> tuple[list[float], int]:
    url = f"{base}/saved/{quote(name)}?{urlencode(params)}&format=json"
    samples, rows = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
        samples.append((time.perf_counter() - started) * 1000)
        rows = len(json.loads(body)["results"]["bindings"])
    return samples, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="/work/shared/corpus")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp())
    store = folder / "kg"
    subprocess.run([sys.executable, "-m", "graph.cli", "build", args.corpus, "--store", str(store)],
                   check=True, cwd=Path(__file__).resolve().parents[1])
    server = make_server(Endpoint(str(store)), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        print(f"{'saved question':28} {'rows':>5} {'p50 ms':>8} {'p95 ms':>8}")
        for saved in list_saved():
            params = {p.name: REQUIRED[p.name] for p in saved.params if not p.optional}
            time_query(base, saved.name, params, 1)  # warm the worker's store handle
            samples, rows = time_query(base, saved.name, params, args.runs)
            print(f"{saved.name:28} {rows:>5} {statistics.median(samples):>8.1f} {percentile(samples, 0.95):>8.1f}")
    finally:
        server.shutdown()
        server.endpoint.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
