"""``ijkg eval``: build the documents a gold file names and score the graph against it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from graph.build import build
from graph.export import entity_rows, relation_rows
from graph.scoring import Score, load_gold, score
from graph.store import open_store

__all__ = ["EvaluationError", "evaluate"]


class EvaluationError(Exception):
    """The gold file or corpus cannot be used; one readable line."""


def evaluate(gold_path: str | Path, corpus: str | Path, docs: list[str] | None = None) -> Score:
    """Score extraction on the documents of ``gold_path`` found in ``corpus``.

    The documents are built into a temporary store, from those documents alone,
    and the graph is scored as the Scoring section of ``GOLD_FORMAT.md`` says.
    ``docs`` restricts the run to some of the gold's documents.
    """
    gold = load_gold(gold_path)
    if docs:
        gold = [entry for entry in gold if entry["doc"] in docs]
    corpus = Path(corpus)
    paths = [corpus / entry["doc"] for entry in gold]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise EvaluationError(f"{gold_path}: documents not found in {corpus}: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="ijkg-eval-") as folder:
        store = open_store(Path(folder) / "store")
        report = build(paths, store)
        if report.errors:
            raise EvaluationError("; ".join(report.errors))
        entities = entity_rows(store)
        relations = [
            {**row, "predicate": row["predicate"].rsplit("#", 1)[-1]}
            for row in relation_rows(store, labels={e["id"]: e["label"] for e in entities})
        ]
        store.close()
    return score(gold, entities, relations)
