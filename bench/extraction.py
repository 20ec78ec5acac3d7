"""Extraction speed: words per second on one core over the sample corpus repeated
to at least 1 MB of text, next to spaCy's bare tokenizer on the same text.

    python bench/extraction.py [--corpus ../shared/corpus] [--megabytes 1]

Repeated text fills the tokenizer's cache, so both figures are optimistic by the
same cause; ``bench/run.py`` measures on generated, varied articles.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from loaders import iter_documents, read_document
from loaders.extract import build_pipeline, extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--megabytes", type=float, default=1.0)
    args = parser.parse_args()

    documents = [read_document(path, doc_id) for path, doc_id in iter_documents([args.corpus])]
    nlp = build_pipeline()
    for document in documents:  # warm: load the pipeline and caches once
        extract(document, nlp)
    size = sum(len(d.text.encode("utf-8")) for d in documents)
    repeats = int(args.megabytes * 1_000_000 // size) + 1
    words = repeats * sum(len(d.text.split()) for d in documents)

    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            extract(document, nlp)
    extraction = time.perf_counter() - started

    started = time.perf_counter()
    for _ in range(repeats):
        for document in documents:
            nlp.tokenizer(document.text)
    tokenizer = time.perf_counter() - started

    print(f"text: {repeats * size / 1e6:.2f} MB, {words:,} words, {len(documents)} documents x {repeats}")
    print(f"extraction: {words / extraction:,.0f} words/s on one core ({extraction:.1f} s)")
    print(f"bare tokenizer: {words / tokenizer:,.0f} words/s; extraction is {tokenizer / extraction:.1%} of it")


if __name__ == "__main__":
    main()
