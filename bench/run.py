"""How fast is ijkg, and how far from the limits of the libraries under it?

For each corpus size (synthetic articles from :mod:`bench.corpus`) one child
process measures, in one run:

- the build into a fresh on-disk store: wall time, documents/s, words/s, peak
  memory (``ru_maxrss`` of the process and of its extraction workers), and the
  time spent writing to the store (``add``, ``replace``, ``update``, ``compact``);
- floors on the same text: spaCy's bare ``spacy.blank("en")`` tokenizer (warm),
  and pyoxigraph's ``bulk_load`` of the very quads the build wrote;
- an incremental rebuild after 1% of the files change;
- every saved query's first page (``graph.saved.DEFAULT_PAGE`` rows, what the
  command line and the query page show) through ijkg (``run_saved`` + rows as
  Python values) and the same text straight on pyoxigraph, and on rdflib's
  in-memory ``Dataset`` up to 1,000 documents;
- exports (TriG, entity and relation CSV) and the network page of 5,000 nodes.

The parent prints a table with the targets met (✓) or missed (✗) and writes
JSON with the machine's description.

    python bench/run.py [--docs 100,1000,10000] [--json bench/results/latest.json]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import write_corpus  # noqa: E402

RESULTS = Path(__file__).parent / "results" / "latest.json"
QUERY_RUNS = 20  # samples per saved query and engine …
QUERY_BUDGET_S = 5.0  # … or fewer, once this much time is spent on it, …
MIN_QUERY_RUNS = 3  # … but never fewer than this
QUERY_TIMEOUT_S = 10  # the warm run in a probe process; over this the query counts as timed out
RDFLIB_MAX_DOCS = 1000
RDFLIB_TIMEOUT_S = 10
MEMORY_LIMIT_BYTES = 12 * 1024**3  # a runaway query must not take the machine's 24 GB
VIZ_NODES = 5000
PACKAGES = ("spacy", "pyoxigraph", "rdflib", "oxrdflib", "pydantic", "networkx", "pyvis")

# ---------------------------------------------------------------- small tools


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)
    10
    """
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def peak_rss_mb() -> dict[str, float]:
    """Peak resident memory so far of this process and of its largest finished child (Linux: KiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"process_mb": round(own, 1), "largest_child_mb": round(child, 1), "sum_mb": round(own + child, 1)}


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def sample_ms(call, runs: int = QUERY_RUNS, budget_s: float = QUERY_BUDGET_S) -> list[float]:
    """Milliseconds of ``call()``, after one warm-up call, until ``runs`` samples or the budget is spent."""
    call()
    samples, spent = [], 0.0
    while len(samples) < runs and spent < budget_s:
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        spent += samples[-1] / 1000
    return samples


def paired_samples_ms(first, second, runs: int = QUERY_RUNS, budget_s: float = QUERY_BUDGET_S,
                      min_runs: int = MIN_QUERY_RUNS) -> tuple[list[float], list[float]]:
    """Milliseconds of two calls taken in turns, each going first every other
    round, so that neither meets a colder cache or a busier machine than the other;
    ``runs`` rounds, or fewer (not under ``min_runs``) once ``budget_s`` is spent."""
    first(), second()
    samples: tuple[list[float], list[float]] = ([], [])
    spent = 0.0
    while len(samples[0]) < runs and (spent < budget_s or len(samples[0]) < min_runs):
        order = (0, 1) if len(samples[0]) % 2 == 0 else (1, 0)
        for which in order:
            started = time.perf_counter()
            (first, second)[which]()
            samples[which].append((time.perf_counter() - started) * 1000)
            spent += samples[which][-1] / 1000
    return samples


def summary_ms(samples: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(samples), 2), "p95_ms": round(percentile(samples, 0.95), 2), "runs": len(samples)}


class TimedStore:
    """A store that counts the seconds spent writing (``add``, ``replace``, ``update``,
    ``compact``); the rest passes through."""

    def __init__(self, store):
        self._store = store
        self.write_seconds = 0.0

    def _timed(self, method, *args):
        started = time.perf_counter()
        try:
            return method(*args)
        finally:
            self.write_seconds += time.perf_counter() - started

    def add(self, nquads: str) -> None:
        self._timed(self._store.add, nquads)

    def replace(self, graphs, nquads: str) -> None:
        self._timed(self._store.replace, graphs, nquads)

    def update(self, sparql: str) -> None:
        self._timed(self._store.update, sparql)

    def compact(self) -> None:
        self._timed(self._store.compact)

    def __getattr__(self, name):
        return getattr(self._store, name)


# ---------------------------------------------------------------- one size: build and floors


def measure_build(corpus: Path, store_dir: Path) -> tuple[dict, object]:
    """Build ``corpus`` into a fresh store; wall time, write time, worker and main-process CPU."""
    import graph.build as build_module
    from graph.store import open_store

    store = TimedStore(open_store(store_dir))
    children_before, self_before = cpu_seconds(resource.RUSAGE_CHILDREN), cpu_seconds(resource.RUSAGE_SELF)
    started = time.perf_counter()
    report = build_module.build([corpus], store)
    wall = time.perf_counter() - started
    worker_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - children_before
    result = {
        "documents": len(report.written),
        "errors": len(report.errors),
        "words": report.words,
        "entities": report.entities,
        "relations": report.relations,
        "triples": report.triples,
        "wall_s": round(wall, 2),
        "docs_per_s": round(len(report.written) / wall, 1),
        "words_per_s": round(report.words / wall),
        "store_write_s": round(store.write_seconds, 2),
        "worker_cpu_s": round(worker_cpu, 2),
        "main_cpu_s": round(cpu_seconds(resource.RUSAGE_SELF) - self_before, 2),
        # Extraction throughput per core: the workers' CPU seconds carry all of it
        # (and the serialisation to N-Quads, which the workers do too).
        "extraction_words_per_cpu_s": round(report.words / worker_cpu) if worker_cpu else None,
        "peak_memory": peak_rss_mb(),
    }
    return result, store._store


def document_texts(corpus: Path) -> list[str]:
    """The texts the extractor saw: each file read by ijkg's own loaders."""
    from loaders import iter_documents, read_document

    return [read_document(path, doc_id).text for path, doc_id in iter_documents([corpus])]


def tokenizer_floor(texts: list[str]) -> dict:
    """Words/s of ``spacy.blank("en")``'s tokenizer alone, first (cold) and second (warm) pass."""
    import spacy

    tokenizer = spacy.blank("en").tokenizer
    words = sum(len(t.split()) for t in texts)
    passes = []
    for _ in range(2):
        started = time.perf_counter()
        for text in texts:
            tokenizer(text)
        passes.append(time.perf_counter() - started)
    return {"words": words, "cold_words_per_s": round(words / passes[0]), "warm_words_per_s": round(words / passes[1])}


def bulk_load_floor(store, workdir: Path) -> tuple[dict, bytes]:
    """Dump the built store as N-Quads and ``bulk_load`` it into a fresh on-disk store."""
    import pyoxigraph as ox

    started = time.perf_counter()
    nquads = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    dumped = time.perf_counter() - started
    target = workdir / "bulk"
    fresh = ox.Store(str(target))
    started = time.perf_counter()
    fresh.bulk_load(nquads, format=ox.RdfFormat.N_QUADS, lenient=True)  # as LocalStore.add loads
    fresh.flush()
    loaded = time.perf_counter() - started
    quads = len(fresh)
    del fresh
    shutil.rmtree(target, ignore_errors=True)
    return {"quads": quads, "nquads_mb": round(len(nquads) / 1e6, 1), "dump_s": round(dumped, 2),
            "bulk_load_s": round(loaded, 2)}, nquads


def replay_writes(nquads: bytes, workdir: Path) -> dict:
    """ijkg's store write alone, on the very quads the build wrote: ``LocalStore.add`` in
    batches the size the build uses, into a fresh store (in the build the writer shares the
    cores with the extraction workers, so its time there is inflated)."""
    from graph.build import _BATCH_QUADS
    from graph.store import open_store

    target = open_store(workdir / "replay")
    batches, lines = [], io.BytesIO(nquads)
    while batch := b"".join(line for _, line in zip(range(_BATCH_QUADS), lines)):
        batches.append(batch.decode("utf-8"))
    started = time.perf_counter()
    for batch in batches:
        target.add(batch)
    target.close()
    seconds = time.perf_counter() - started
    del batches
    shutil.rmtree(workdir / "replay", ignore_errors=True)
    return {"add_s": round(seconds, 2), "batch_quads": _BATCH_QUADS}


def incremental(corpus: Path, store, fraction: float = 0.01) -> dict:
    """Change ``fraction`` of the files (a new closing paragraph) and build again, unforced."""
    from graph.build import build

    files = sorted(p for p in corpus.iterdir() if p.is_file())
    step = max(1, round(1 / fraction))
    changed = files[::step]
    for number, path in enumerate(changed):
        addition = f"Correction: figures in this report were revised on {number % 28 + 1} May 2025."
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".html":
            text = text.replace("</article>", f"<p>{addition}</p>\n</article>")
        else:
            text += f"\n{addition}\n"
        path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    report = build([corpus], store)
    return {"changed": len(changed), "rebuilt": len(report.written), "unchanged": len(report.unchanged),
            "wall_s": round(time.perf_counter() - started, 2)}


# ---------------------------------------------------------------- one size: queries


def query_params(first_document: str) -> dict[str, str]:
    """Values for required parameters; the names are in every generated corpus."""
    return {
        "document": first_document,
        "entity": "Japan International Cooperation Agency",
        "from": "Japan International Cooperation Agency",
        "to": "Japan",
    }


def _ijkg_rows(store, name: str, params: dict) -> list[dict]:
    """What ijkg gives a caller: the saved query's first page and its rows as Python values."""
    import pyoxigraph as ox

    from graph.query import term_value
    from graph.saved import DEFAULT_PAGE, run_saved

    results = run_saved(store, name, params, limit=DEFAULT_PAGE)
    if isinstance(results, ox.QuerySolutions):
        columns = [v.value for v in results.variables]
        return [dict(zip(columns, map(term_value, solution))) for solution in results]
    return list(results)


def _direct_rows(store, saved, params: dict) -> list:
    """The same text on pyoxigraph with nothing around it: the rows' terms materialised."""
    import pyoxigraph as ox

    from graph.saved import DEFAULT_PAGE, param_terms, query_text
    from schema.rdf import PREFIXES

    terms = param_terms(saved, params)
    results = store.oxigraph.query(query_text(saved, terms, limit=DEFAULT_PAGE), use_default_graph_as_union=True,
                                   prefixes=PREFIXES, substitutions={ox.Variable(n): t for n, t in terms.items()})
    return [list(solution) for solution in results]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))


def probe_query(store_dir: str, name: str, params: dict) -> float | str:
    """Seconds of one warm run in a separate read-only process, or why there is none.

    Some saved queries blow up on a large union default graph; a process can be
    stopped after ``QUERY_TIMEOUT_S``, a running pyoxigraph query cannot. The
    process runs the query once to warm up (as :func:`sample_ms` does), then
    times a second run: a fresh process reads the store's blocks from disk,
    which cost joint_ventures 9 s at 10,000 documents against 1 s warm.
    """
    command = [sys.executable, __file__, "--probe", name, "--store", store_dir,
               "--params", json.dumps(params)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=2 * QUERY_TIMEOUT_S,
                              preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        return f"timeout > {QUERY_TIMEOUT_S} s (cold and warm run over {2 * QUERY_TIMEOUT_S} s)"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}"
    cold, warm = map(float, done.stdout.split())
    return warm if warm <= QUERY_TIMEOUT_S else f"timeout > {QUERY_TIMEOUT_S} s"


def run_probe(store_dir: str, name: str, params: dict) -> None:
    """The probe process: the query run twice through ijkg, the seconds of each printed."""
    from graph.store import open_store

    store = open_store(store_dir, read_only=True)
    for _ in range(2):
        started = time.perf_counter()
        _ijkg_rows(store, name, params)
        print(time.perf_counter() - started)


def time_one_query(store, saved, params: dict, rdflib_dataset=None) -> dict:
    """p50/p95 through ijkg and on pyoxigraph (and rdflib when given) for one saved query.

    Once its probe has finished, the query is known to end in time, and is sampled
    here: a slow one at least :data:`MIN_QUERY_RUNS` times on each engine, so that
    its ratio is not one sample against another.
    """
    probe = probe_query(store.location, saved.name, params)
    if isinstance(probe, str):
        return {"name": saved.name, "ijkg_problem": probe}
    found = {}

    def through_ijkg():
        found["rows"] = len(_ijkg_rows(store, saved.name, params))

    ijkg, direct = paired_samples_ms(through_ijkg, lambda: _direct_rows(store, saved, params))
    entry = {"name": saved.name, "rows": found["rows"], "ijkg": summary_ms(ijkg), "pyoxigraph": summary_ms(direct)}
    if rdflib_dataset is not None:
        entry["rdflib"] = rdflib_query_time(rdflib_dataset, saved, params)
    entry["overhead_p95"] = round(entry["ijkg"]["p95_ms"] / max(entry["pyoxigraph"]["p95_ms"], 1e-3), 2)
    return entry


def saved_query_times(store, first_document: str, rdflib_dataset=None) -> list[dict]:
    """Every saved query that can be run with the parameter values at hand."""
    from graph.saved import list_saved

    store.oxigraph.flush()  # so the probes' read-only snapshots see the whole build
    available = query_params(first_document)
    results = []
    for saved in list_saved():
        missing = [p.name for p in saved.params if not p.optional and p.name not in available]
        if missing:
            results.append({"name": saved.name, "skipped": f"no value for {', '.join(missing)}"})
            continue
        params = {p.name: available[p.name] for p in saved.params if not p.optional}
        results.append(time_one_query(store, saved, params, rdflib_dataset))
    return results


def load_rdflib(nquads: bytes):
    """The graph in rdflib's in-memory ``Dataset`` with the union as default graph, and its load time."""
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    return dataset, round(time.perf_counter() - started, 2)


class QueryTimeout(Exception):
    pass


def _raise_timeout(signum, frame):
    raise QueryTimeout


def rdflib_query_time(dataset, saved, params: dict) -> dict:
    """rdflib runs the query text with the prefixes declared and parameters as a VALUES block."""
    from graph.saved import DEFAULT_PAGE, param_terms, query_text
    from schema.rdf import PREFIXES

    header = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    sparql = header + query_text(saved, param_terms(saved, params), limit=DEFAULT_PAGE, bind_top=True)
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.alarm(RDFLIB_TIMEOUT_S)
    try:
        samples = sample_ms(lambda: list(dataset.query(sparql)), runs=5, budget_s=QUERY_BUDGET_S)
        return summary_ms(samples)
    except QueryTimeout:
        return {"timeout_s": RDFLIB_TIMEOUT_S}
    except Exception as error:  # rdflib's engine may reject what pyoxigraph accepts
        return {"error": f"{type(error).__name__}: {str(error)[:120]}"}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- one size: exports


def export_times(store) -> dict:
    """TriG of the whole graph; entity and relation CSV as ``ijkg export`` writes them."""
    from graph.export import ENTITY_COLUMNS, RELATION_COLUMNS, dump_graph, entity_rows, relation_rows, write_rows

    started = time.perf_counter()
    trig = dump_graph(store, "trig")
    trig_s = time.perf_counter() - started
    started = time.perf_counter()
    entities = entity_rows(store)
    relations = relation_rows(store, {row["id"]: row["label"] for row in entities})
    out = io.StringIO()
    write_rows(entities, ENTITY_COLUMNS, "csv", out)
    write_rows(relations, RELATION_COLUMNS, "csv", out)
    csv_s = time.perf_counter() - started
    return {"trig_s": round(trig_s, 2), "trig_mb": round(len(trig) / 1e6, 1), "csv_s": round(csv_s, 2),
            "entity_rows": len(entities), "relation_rows": len(relations)}


def network_page_time(store, workdir: Path, nodes: int = VIZ_NODES) -> dict:
    """The network page of the ``nodes`` best-connected entities, drawn whole (no trimming)."""
    try:
        from graph.network import to_networkx
        from graph.viz import write_page
    except ImportError as error:
        return {"skipped": f"graph.viz not available: {error}"}
    started = time.perf_counter()
    G = to_networkx(store)
    graph_s = time.perf_counter() - started
    degree = dict(G.degree())
    chosen = sorted(degree, key=lambda n: (-degree[n], str(n)))[:nodes]
    view = G.subgraph(chosen).copy()
    started = time.perf_counter()
    page = write_page(view, workdir / "network.html", limit=None)
    page_s = time.perf_counter() - started
    return {"graph_nodes": G.number_of_nodes(), "page_nodes": page.nodes, "page_edges": page.edges,
            "to_networkx_s": round(graph_s, 2), "write_page_s": round(page_s, 2),
            "page_mb": round(page.path.stat().st_size / 1e6, 1)}


# ---------------------------------------------------------------- one size, start to end


@contextmanager
def pinned_fingerprint():
    """Hold the build fingerprint fixed for the run: the extractor's files hash into it, and in
    a shared working tree someone's edit mid-run would make the incremental build a full one.
    Yields a list that gets the fingerprints seen at the start and at the end."""
    import graph.build as build_module

    original = build_module.build_fingerprint
    pinned = original()
    build_module.build_fingerprint = lambda *args, **kwargs: pinned
    seen = [pinned]
    try:
        yield seen
    finally:
        build_module.build_fingerprint = original
        seen.append(original())


def measure_size(docs: int, seed: int, workdir: Path) -> dict:
    """Every measurement for one corpus size (run in its own process, so its peak memory is its own)."""
    with pinned_fingerprint() as fingerprints:
        result = _measure_size(docs, seed, workdir)
    if fingerprints[0] != fingerprints[-1]:
        result["note"] = "the extractor's code or data changed during the run (fingerprint pinned)"
    return result


def _measure_size(docs: int, seed: int, workdir: Path) -> dict:
    size_started = time.perf_counter()
    corpus = workdir / "corpus"
    write_corpus(docs, seed, corpus)
    build_result, store = measure_build(corpus, workdir / "store")
    # Taken now: later the query probes are children too, and a runaway one reaches the memory limit.
    build_peak = peak_rss_mb()
    texts = document_texts(corpus)
    first_document = sorted(p.name for p in corpus.iterdir())[0]
    tokenizer = tokenizer_floor(texts)
    del texts
    bulk, nquads = bulk_load_floor(store, workdir)
    rdflib_dataset, rdflib_load_s = load_rdflib(nquads) if docs <= RDFLIB_MAX_DOCS else (None, None)
    replay = replay_writes(nquads, workdir)
    del nquads  # a GB at 10,000 documents: not ijkg's memory
    result = {
        "docs": docs,
        "build": build_result,
        "tokenizer": tokenizer,
        "bulk_load": bulk,
        "replay_writes": replay,
        "ratios": {
            "extraction_to_tokenizer": _ratio(build_result["extraction_words_per_cpu_s"], tokenizer["warm_words_per_s"]),
            "store_write_to_bulk_load": _ratio(replay["add_s"], bulk["bulk_load_s"]),
            "in_build_write_to_bulk_load": _ratio(build_result["store_write_s"], bulk["bulk_load_s"]),
        },
        "queries": saved_query_times(store, first_document, rdflib_dataset),
        "rdflib_load_s": rdflib_load_s,
    }
    del rdflib_dataset
    result["incremental"] = incremental(corpus, store)
    result["incremental"]["fraction_of_full"] = _ratio(result["incremental"]["wall_s"], build_result["wall_s"])
    result["export"] = export_times(store)
    result["network_page"] = network_page_time(store, workdir)
    store.close()
    process_peak = peak_rss_mb()["process_mb"]
    result["peak_memory"] = {"build": build_peak, "process_end_mb": process_peak,
                             "peak_mb": max(build_peak["sum_mb"], process_peak)}
    result["total_s"] = round(time.perf_counter() - size_started, 1)
    return result


def _ratio(a, b) -> float | None:
    return None if not a or not b else round(a / b, 3)


# ---------------------------------------------------------------- the whole run


def machine() -> dict:
    """Cores, memory, Python and the versions of the packages measured."""
    memory_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cores": os.cpu_count(), "ram_gb": round(memory_kb / 1024 / 1024, 1), "python": platform.python_version(),
            "platform": platform.platform(), "packages": versions}


def run_size_in_child(docs: int, seed: int) -> dict:
    """``measure_size`` in a fresh Python process, so each size's peak memory is its own."""
    workdir = Path(tempfile.mkdtemp(prefix=f"ijkg-bench-{docs}-"))
    out = workdir / "result.json"
    try:
        subprocess.run([sys.executable, __file__, "--one-size", str(docs), "--seed", str(seed),
                        "--workdir", str(workdir), "--json", str(out)], check=True, preexec_fn=_limit_memory)
        return json.loads(out.read_text())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def evaluate_targets(sizes: list[dict]) -> list[dict]:
    """Each target at the largest size (scaling: between every pair of sizes), met or missed."""
    largest = sizes[-1]
    queries = [q for q in largest["queries"] if "skipped" not in q]
    checks = [
        ("extraction ≥ 25% of bare tokenizer words/s", largest["ratios"]["extraction_to_tokenizer"], "≥", 0.25),
        ("store writes ≤ 1.5× pyoxigraph bulk_load", largest["ratios"]["store_write_to_bulk_load"], "≤", 1.5),
    ]
    for small, big in zip(sizes, sizes[1:]):
        ratio = _ratio(big["build"]["wall_s"], small["build"]["wall_s"])
        factor = big["docs"] / small["docs"]
        checks.append((f"build {big['docs']}/{small['docs']} docs ≤ {1.1 * factor:g}× time", ratio, "≤", 1.1 * factor))
    checks.append(("1% incremental ≤ 5% of full build", largest["incremental"]["fraction_of_full"], "≤", 0.05))
    if queries:
        worst = max(queries, key=lambda q: q.get("ijkg", {}).get("p95_ms", float("inf")))
        checks.append((f"saved query p95 ≤ 50 ms (worst: {worst['name']})",
                       worst.get("ijkg", {}).get("p95_ms"), "≤", 50.0))
        worst = max(queries, key=lambda q: q.get("overhead_p95", float("inf")))
        checks.append((f"saved query p95 ≤ 1.2× pyoxigraph (worst: {worst['name']})", worst.get("overhead_p95"), "≤", 1.2))
    # The build's peak: later the harness holds its own copies (N-Quads, rdflib's store).
    peak_gb = max(s["peak_memory"]["build"]["sum_mb"] for s in sizes) / 1024
    checks.append(("peak memory of the build ≤ 2 GB (process + largest worker)", round(peak_gb, 2), "≤", 2.0))
    if largest["docs"] >= 10_000:
        checks.append((f"{largest['docs']:,} docs measured within 15 min", largest["total_s"], "≤", 900.0))
    return [{"target": name, "value": value, "limit": f"{op} {limit:g}",
             "met": value is not None and (value >= limit if op == "≥" else value <= limit)}
            for name, value, op, limit in checks]


def print_report(sizes: list[dict], targets: list[dict]) -> None:
    rows = [
        ("documents", lambda s: f"{s['docs']:,}"),
        ("words", lambda s: f"{s['build']['words']:,}"),
        ("build wall s", lambda s: f"{s['build']['wall_s']}"),
        ("build docs/s", lambda s: f"{s['build']['docs_per_s']}"),
        ("build words/s (wall)", lambda s: f"{s['build']['words_per_s']:,}"),
        ("extraction words/CPU-s", lambda s: f"{s['build']['extraction_words_per_cpu_s']:,}"),
        ("tokenizer words/s (warm)", lambda s: f"{s['tokenizer']['warm_words_per_s']:,}"),
        ("  ratio extraction/tokenizer", lambda s: f"{s['ratios']['extraction_to_tokenizer']}"),
        ("writes in build s (contended)", lambda s: f"{s['build']['store_write_s']}"),
        ("main process CPU s", lambda s: f"{s['build']['main_cpu_s']}"),
        ("LocalStore.add replay s", lambda s: f"{s['replay_writes']['add_s']}"),
        ("pyoxigraph bulk_load s", lambda s: f"{s['bulk_load']['bulk_load_s']}"),
        ("  ratio writes/bulk_load", lambda s: f"{s['ratios']['store_write_to_bulk_load']}"),
        ("quads", lambda s: f"{s['bulk_load']['quads']:,}"),
        ("incremental 1% s", lambda s: f"{s['incremental']['wall_s']}"),
        ("  fraction of full", lambda s: f"{s['incremental']['fraction_of_full']}"),
        ("TriG export s", lambda s: f"{s['export']['trig_s']}"),
        ("CSV export s", lambda s: f"{s['export']['csv_s']}"),
        ("network page s (nodes)", lambda s: _page_cell(s["network_page"])),
        ("build peak MB (process+worker)", lambda s: f"{s['peak_memory']['build']['sum_mb']:,}"),
        ("harness peak MB (whole run)", lambda s: f"{s['peak_memory']['peak_mb']:,}"),
        ("size total s", lambda s: f"{s['total_s']}"),
    ]
    width = 16
    print(f"\n{'':32}" + "".join(f"{s['docs']:>{width},}" for s in sizes))
    for label, cell in rows:
        print(f"{label:32}" + "".join(f"{_safe(cell, s):>{width}}" for s in sizes))

    print(f"\nsaved queries at {sizes[-1]['docs']:,} documents (ms)")
    header = f"{'query':28}{'rows':>7}{'ijkg p50':>10}{'ijkg p95':>10}{'oxi p95':>10}{'ratio':>8}"
    print(header + (f"{'rdflib p95':>12}" if any("rdflib" in q for q in sizes[-1]["queries"]) else ""))
    for q in sizes[-1]["queries"]:
        if "skipped" in q or "ijkg_problem" in q:
            print(f"{q['name']:28}  {q.get('skipped') or q['ijkg_problem']}")
            continue
        line = (f"{q['name']:28}{q['rows'] if q['rows'] is not None else '?':>7}{q['ijkg']['p50_ms']:>10}"
                f"{q['ijkg']['p95_ms']:>10}{q['pyoxigraph'].get('p95_ms', '—'):>10}{q.get('overhead_p95', '—'):>8}")
        if "rdflib" in q:
            line += f"{_rdflib_cell(q['rdflib']):>12}"
        print(line)

    print("\ntargets")
    for t in targets:
        print(f"  {'✓' if t['met'] else '✗'} {t['target']:58} {t['value']!s:>10}  (target {t['limit']})")


def _rdflib_cell(result: dict) -> str:
    if "p95_ms" in result:
        return str(result["p95_ms"])
    return "timeout" if "timeout_s" in result else "error"


def _page_cell(page: dict) -> str:
    return "skipped" if "skipped" in page else f"{page['write_page_s']} ({page['page_nodes']:,})"


def _safe(cell, size: dict) -> str:
    try:
        return cell(size)
    except (KeyError, TypeError):
        return "—"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", default="100,1000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", default=str(RESULTS), help="where to write the results")
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)  # the child's job
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--probe", help=argparse.SUPPRESS)  # a query probe's job
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.probe:
        run_probe(args.store, args.probe, json.loads(args.params))
        return
    if args.one_size:
        result = measure_size(args.one_size, args.seed, Path(args.workdir))
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))
        return

    sizes = []
    for docs in sorted(int(d) for d in args.docs.split(",")):
        print(f"measuring {docs:,} documents …", flush=True)
        sizes.append(run_size_in_child(docs, args.seed))
    targets = evaluate_targets(sizes)
    print_report(sizes, targets)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"machine": machine(), "seed": args.seed, "sizes": sizes, "targets": targets},
                              indent=2, ensure_ascii=False) + "\n")
    print(f"\nresults written to {out}")


if __name__ == "__main__":
    main()
