"""bench/extraction.py times each stage by wrapping the pipeline's components:
the wrapped pipeline must extract exactly what the plain one does, and every stage
must be counted."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.extraction import timed_pipeline  # noqa: E402
from loaders.extract import build_pipeline, extract  # noqa: E402
from schema.models import Document  # noqa: E402

TEXT = (
    "Hokuriku Cement Ltd formed a joint venture with Deccan Motors Ltd in Pune in March 2023. "
    "The Japan International Cooperation Agency will lend 50 billion yen for the Pune Metro Rail Project."
)


def test_timed_pipeline_extracts_the_same_facts_and_times_every_stage():
    document = Document(id="note.txt", source="note.txt", content_hash="0", text=TEXT)
    totals: Counter = Counter()
    timed = timed_pipeline(totals)
    plain = extract(document, build_pipeline())
    assert extract(document, timed) == plain
    assert plain.entities and plain.relations
    assert set(totals) == {"tokenizer", *timed.pipe_names}
    assert all(seconds > 0 for seconds in totals.values())
