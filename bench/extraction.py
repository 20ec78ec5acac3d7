"""Extraction speed, and where its time goes: words per second on one core next to
spaCy's bare tokenizer on the same text, and the share of each pipeline stage.

    python bench/extraction.py [--corpus ../shared/corpus] [--megabytes 1]
    python bench/extraction.py --generated 300 [--seed 7]     # bench/run.py's articles
    python bench/extraction.py --profile                       # and pyinstrument's call tree

The text is read once and extracted until at least ``--megabytes`` of it have
gone through. Repeated text fills the tokenizer's cache, so both speeds are
optimistic by the same cause. The stages are timed around each component of
the pipeline (``loaders.extract``), plus the tokenizer (``make_doc``), the
collection of the facts after the pipeline, and their N-Quads (which the build's
workers also make). ``--profile`` needs ``pip install pyinstrument``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from loaders import iter_documents, read_document  # noqa: E402
from loaders.extract import build_pipeline, extract  # noqa: E402
from schema.rdf import facts_to_nquads  # noqa: E402


class _Timed:
    """A callable that adds its own run time to ``totals[name]``."""

    def __init__(self, name: str, call, totals: Counter):
        self.name, self.call, self.totals = name, call, totals

    def __call__(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self.call(*args, **kwargs)
        finally:
            self.totals[self.name] += time.perf_counter() - started


def timed_pipeline(totals: Counter):
    """The extraction pipeline with every component (and the tokenizer) timed into ``totals``."""
    nlp = build_pipeline()
    nlp.make_doc = _Timed("tokenizer", nlp.make_doc, totals)
    # Language.pipeline reads this list; a component wrapped in place is still called by extract.
    nlp._components = [(name, _Timed(name, component, totals)) for name, component in nlp._components]
    return nlp


def read_texts(args) -> list:
    if args.generated:
        from bench.corpus import write_corpus

        folder = Path(tempfile.mkdtemp(prefix="ijkg-extraction-"))
        write_corpus(args.generated, args.seed, folder)
        corpus = folder
    else:
        corpus = Path(args.corpus)
    return [read_document(path, doc_id) for path, doc_id in iter_documents([corpus])]


def run(documents, nlp, repeats: int, totals: Counter) -> float:
    """Extract and serialise every document ``repeats`` times; returns the seconds taken."""
    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            facts = _Timed("pipeline and facts", extract, totals)(document, nlp)
            _Timed("N-Quads", facts_to_nquads, totals)(facts)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--generated", type=int, default=0, help="extract this many generated articles instead")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--profile", action="store_true", help="print pyinstrument's call tree of the run")
    args = parser.parse_args()

    documents = read_texts(args)
    totals: Counter = Counter()
    nlp = timed_pipeline(totals)
    for document in documents[:20]:  # warm: the pipeline's lazy tables and caches
        extract(document, nlp)
    totals.clear()
    size = sum(len(d.text.encode("utf-8")) for d in documents)
    repeats = int(args.megabytes * 1_000_000 // size) + 1
    words = repeats * sum(len(d.text.split()) for d in documents)

    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    seconds = run(documents, nlp, repeats, totals)
    if profiler:
        profiler.stop()

    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            nlp.tokenizer(document.text)
    tokenizer = time.perf_counter() - started

    print(f"text: {repeats * size / 1e6:.2f} MB, {words:,} words, {len(documents)} documents x {repeats}")
    print(f"extraction and N-Quads: {words / seconds:,.0f} words/s on one core ({seconds:.1f} s)")
    print(f"bare tokenizer: {words / tokenizer:,.0f} words/s; extraction is {tokenizer / seconds:.1%} of it")
    stages = {name: totals[name] for name in ["tokenizer", *nlp.pipe_names]}
    stages["collecting the facts"] = totals["pipeline and facts"] - sum(stages.values())
    stages["N-Quads"] = totals["N-Quads"]
    print(f"{'stage':<24} {'seconds':>8} {'share':>7} {'ms/doc':>7}")
    for name, spent in stages.items():
        print(f"{name:<24} {spent:8.2f} {spent / seconds:7.1%} {spent * 1000 / (repeats * len(documents)):7.2f}")
    if profiler:
        print(profiler.output_text(color=False, show_all=False, time="percent_of_total"))


if __name__ == "__main__":
    main()
