"""The notebooks run top to bottom on the sample corpus, and are committed clean.

Each notebook holds its own checks (``assert`` cells on facts worked out by hand
from the articles), so running it is the test. Also here: the helpers in
``graph.analysis`` that the notebooks use, on small graphs written for the test.
"""

from __future__ import annotations

import doctest
import os
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import graph.analysis as analysis

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CORPUS = REPO.parent / "shared" / "corpus"
CELL_TIMEOUT_SECONDS = 300


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01-quickstart.ipynb",
        "02-investment-and-finance.ipynb",
        "03-agreements-and-dialogues.ipynb",
        "04-network-analysis.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, cell in enumerate(nb.cells)
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert dirty == [], f"{path.name}: cells {dirty} keep outputs or execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_question_and_closes_with_findings(path):
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].cell_type == "markdown" and "**Question.**" in cells[0].source
    assert cells[-1].cell_type == "markdown" and cells[-1].source.startswith("## Findings")
    assert "FINDINGS" not in cells[-1].source, "findings placeholder left in"
    assert any(c.cell_type == "code" and "assert " in c.source for c in cells), "no hand-checked fact"


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"sample corpus not found at {CORPUS}")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample_corpus(path, tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    work = tmp_path / "notebooks"
    work.mkdir()
    shutil.copy(path, work / path.name)
    # The kernel inherits this environment: the repo's packages, the corpus, a
    # store of its own, and a non-interactive matplotlib.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("IJKG_CORPUS", str(CORPUS))
    monkeypatch.setenv("IJKG_STORE", str(tmp_path / "ijkg-data"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("IJKG_FIGURES", raising=False)

    nb = nbformat.read(work / path.name, as_version=4)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
                            resources={"metadata": {"path": str(work)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any failure

    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


# ---------------------------------------------------------------- graph.analysis


def test_analysis_docstring_examples_run():
    result = doctest.testmod(analysis)
    assert result.attempted > 0 and result.failed == 0


def test_to_usd_divides_by_units_per_dollar_and_refuses_unknown_currencies():
    rates = {"INR": 80.0, "JPY": 150.0}
    assert analysis.to_usd(8_000, "INR", rates) == 100.0
    assert analysis.to_usd(300, "JPY", rates) == 2.0
    with pytest.raises(KeyError, match="EUR"):
        analysis.to_usd(1, "EUR", rates)


def test_money_deals_counts_a_shared_amount_once_and_merges_documents():
    # One sentence gives two investors in two states the same amount (4 statements);
    # a second article states the first investor's part again.
    sentence = "Kaze Motors and Umi Cars will put Rs 800 crore into plants in Assam and Goa."
    rows = [("Kaze Motors", "Assam"), ("Kaze Motors", "Goa"), ("Umi Cars", "Assam"), ("Umi Cars", "Goa")]
    relations = pd.DataFrame(
        [{"subject_label": s, "relation": "investsIn", "object_label": o, "amount": 8e9, "currency": "INR",
          "share": None, "date": "2024", "status": "stated", "document": "a.txt", "evidence": sentence}
         for s, o in rows]
        + [{"subject_label": "Kaze Motors", "relation": "investsIn", "object_label": "Assam", "amount": 1e8,
            "currency": "USD", "share": None, "date": None, "status": "planned", "document": "b.txt",
            "evidence": "Kaze Motors plans a $100 million plant in Assam."}]
    )
    deals = analysis.money_deals(relations, {"INR": 80.0})
    assert deals[["investors", "targets", "amount_usd", "documents"]].values.tolist() == [
        ["Kaze Motors", "Assam", 100_000_000.0, "b.txt"],
        ["Kaze Motors; Umi Cars", "Assam; Goa", 100_000_000.0, "a.txt"],
    ]


def _small_meeting_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    for node, kind, country in [
        ("talks", "Event", None), ("pact", "Agreement", None),
        ("mos", "GovernmentBody", "IN"), ("meti", "GovernmentBody", "JP"), ("mea", "GovernmentBody", "IN"),
        ("asha", "Person", "IN"), ("kenji", "Person", "JP"),
    ]:
        G.add_node(node, label=node.upper(), type=kind, country=country)
    G.add_edge("asha", "talks", relation="chairs", date="2024-05-02", document="d1", evidence="Asha chaired.")
    G.add_edge("asha", "mos", relation="memberOf")
    G.add_edge("meti", "talks", relation="organizes", document="d1")
    G.add_edge("pact", "kenji", relation="signedBy", date="2023", document="d2", evidence="Kenji signed.")
    G.add_edge("kenji", "meti", relation="headOf")
    G.add_edge("mea", "pact", relation="partyTo", date="2023-11", document="d2", evidence="MEA is a party.")
    return G


def test_occasion_participants_reads_roles_and_acts_through_people():
    table = analysis.occasion_participants(_small_meeting_graph())
    got = set(map(tuple, table[["occasion", "participant", "role", "via"]].values.tolist()))
    assert got == {
        ("TALKS", "ASHA", "chair", ""), ("TALKS", "MOS", "chair", "ASHA"), ("TALKS", "METI", "organiser", ""),
        ("PACT", "KENJI", "signatory", ""), ("PACT", "METI", "signatory", "KENJI"), ("PACT", "MEA", "party", ""),
    }


def test_body_meetings_pairs_indian_and_japanese_bodies_per_shared_occasion():
    meetings = analysis.body_meetings(analysis.occasion_participants(_small_meeting_graph()))
    assert meetings.values.tolist() == [["MEA", "METI", 1, "PACT"], ["MOS", "METI", 1, "TALKS"]]


def test_occasion_timeline_keeps_every_stated_date_oldest_first():
    timeline = analysis.occasion_timeline(_small_meeting_graph())
    assert timeline[["occasion", "date", "year"]].values.tolist() == [
        ["PACT", "2023", 2023], ["PACT", "2023-11", 2023], ["TALKS", "2024-05-02", 2024],
    ]


def test_find_corpus_prefers_the_environment(tmp_path, monkeypatch):
    corpus = tmp_path / "articles"
    corpus.mkdir()
    monkeypatch.setenv("IJKG_CORPUS", str(corpus))
    assert analysis.find_corpus(tmp_path / "elsewhere") == corpus
    monkeypatch.setenv("IJKG_CORPUS", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="IJKG_CORPUS"):
        analysis.find_corpus()
