"""The ``ijkg`` command: thin wrappers over library functions.

Each command checks its arguments, calls one function of ``graph`` and prints
the result. Errors are one readable line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import contextlib
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.saved import DEFAULT_PAGE
from graph.store import StoreError, open_store, store_location

app = typer.Typer(
    help="ijkg: a knowledge graph of India–Japan cooperation, built from articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export entities, relations or the whole graph.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console()
errors = Console(stderr=True)

StoreOption = Annotated[
    Optional[str],
    typer.Option(
        "--store",
        "-s",
        help="Store folder or SPARQL server URL [env IJKG_STORE; default ./ijkg-data].",
        show_default=False,
    ),
]


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class RowFormat(str, Enum):
    csv = "csv"
    json = "json"


class GraphFormat(str, Enum):
    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"
    jsonld = "jsonld"


def fail(message: str, code: int = 1) -> None:
    errors.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _open(store: str | None, read_only: bool = False):
    try:
        return open_store(store, read_only=read_only)
    except StoreError as error:
        fail(str(error))


def _output(out: Path | None):
    return open(out, "w", encoding="utf-8", newline="") if out else contextlib.nullcontext(sys.stdout)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles (.txt, .md, .html).")],
    store: StoreOption = None,
    force: Annotated[bool, typer.Option(help="Extract every document again, even unchanged ones.")] = False,
    workers: Annotated[Optional[int], typer.Option(help="Extraction processes (default: one per core).")] = None,
) -> None:
    """Build documents into the graph: one named graph per document."""
    from graph.build import build as build_graph
    from loaders import iter_documents

    kg = _open(store)
    total = sum(1 for _ in iter_documents(paths))
    with Progress(
        TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=errors, transient=True, disable=total < 20,
    ) as bar:
        task = bar.add_task("build", total=total)
        report = build_graph(paths, kg, force=force, workers=workers, progress=lambda _: bar.advance(task))
    for note in report.notes:
        errors.print(f"note: {note}", highlight=False, soft_wrap=True)
    for error in report.errors:
        errors.print(f"[red]error:[/red] {error}", highlight=False, soft_wrap=True)
    from graph.export import stats

    totals = stats(kg)
    kg.close()
    console.print(
        f"Built {len(report.added)} new, {len(report.updated)} changed, "
        f"{len(report.unchanged)} unchanged, {len(report.errors)} failed "
        f"in {report.seconds:.1f} s."
        + (" Nothing changed." if not report.written and not report.errors else ""),
        highlight=False,
        soft_wrap=True,
    )
    console.print(
        f"Store {kg.location}: {totals['documents']} documents, {totals['entities']} entities, "
        f"{totals['relations']} relations, {totals['triples']} triples.",
        highlight=False,
        soft_wrap=True,
    )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def query(
    query_or_file: Annotated[str, typer.Argument(help="A SPARQL query, a .rq file holding one, or `saved`.")],
    saved_name: Annotated[Optional[str], typer.Argument(help="With `saved`: the saved question to run (omit to list them).", show_default=False)] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="A saved question's parameter, key=value (repeatable).")] = None,
    store: StoreOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    limit: Annotated[int, typer.Option("--limit", "-n", min=0, help="A saved question's rows per page; 0 for every row.")] = DEFAULT_PAGE,
    offset: Annotated[int, typer.Option("--offset", min=0, help="A saved question's rows to skip (the next page: --offset 100).")] = 0,
) -> None:
    """Run a SPARQL 1.1 query; every document graph together is the default graph.

    `ijkg query saved` lists the saved questions; `ijkg query saved NAME --param key=value` runs one,
    a page of --limit rows at a time.
    """
    from graph.query import QueryError, format_results, run_query

    if query_or_file == "saved":
        _saved_command(saved_name, param or [], store, format, limit or None, offset)
        return
    text, name = _query_text(query_or_file)
    kg = _open(store, read_only=True)
    try:
        results = run_query(kg, text)
        output = format_results(results, format.value)
    except QueryError as error:
        fail(f"{name}: {error}")
    if isinstance(output, Table):
        console.print(output)
    else:
        sys.stdout.write(output)


def _saved_command(name: str | None, params: list[str], store: str | None, format: TableFormat,
                   limit: int | None, offset: int) -> None:
    from graph.query import format_results
    from graph.saved import SavedQueryError, list_saved, run_saved

    if name is None:
        table = Table(title="saved questions (ijkg query saved NAME --param key=value)")
        for column in ("name", "question", "params"):
            table.add_column(column, overflow="fold")
        for saved in list_saved():
            params_text = ", ".join(f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in saved.params)
            table.add_row(saved.name, saved.question, params_text)
        console.print(table)
        return
    pairs = [p.partition("=") for p in params]
    if any(not sep for _, sep, _ in pairs):
        fail("write each parameter as --param key=value")
    kg = _open(store, read_only=True)
    try:
        output = format_results(run_saved(kg, name, {k: v for k, _, v in pairs}, limit=limit, offset=offset),
                                format.value)
    except SavedQueryError as error:
        fail(str(error))
    except (SyntaxError, OSError, RuntimeError, StoreError) as error:
        fail(f"saved query {name}: {error}")
    if isinstance(output, Table):
        console.print(output)
        if limit and output.row_count == limit:
            errors.print(f"Rows {offset + 1}–{offset + limit}; the next page: --offset {offset + limit} "
                         "(or --limit 0 for every row).")
    else:
        sys.stdout.write(output)


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Rows returned at most; longer results are cut off (header X-IJKG-Truncated).")] = 10_000,
    allow_update: Annotated[bool, typer.Option("--allow-update", help="Accept SPARQL updates (refused with 403 by default).")] = False,
) -> None:
    """Serve the graph: a SPARQL 1.1 endpoint at /sparql and a query page at /."""
    from graph.server import serve as serve_graph

    try:
        serve_graph(
            store_location(store), host=host, port=port, timeout=timeout, max_rows=max_rows,
            allow_update=allow_update,
            on_ready=lambda url: console.print(f"Serving {url} (SPARQL at {url}sparql); Ctrl-C to stop.", highlight=False),
        )
    except (StoreError, OSError) as error:
        fail(str(error))


def _query_text(query_or_file: str) -> tuple[str, str]:
    path = Path(query_or_file)
    if query_or_file.endswith((".rq", ".sparql")) or (len(query_or_file) < 256 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8"), str(path)
        except OSError as error:
            fail(f"{path}: cannot read the query: {error.strerror}")
    return query_or_file, "query"


@export_app.command("entities")
def export_entities(
    store: StoreOption = None,
    format: Annotated[RowFormat, typer.Option("--format", "-f")] = RowFormat.csv,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """One row per entity: id,label,type,country,aliases,documents."""
    from graph.export import ENTITY_COLUMNS, entity_rows, write_rows

    rows = entity_rows(_open(store, read_only=True))
    with _output(out) as stream:
        write_rows(rows, ENTITY_COLUMNS, format.value, stream)


@export_app.command("relations")
def export_relations(
    store: StoreOption = None,
    format: Annotated[RowFormat, typer.Option("--format", "-f")] = RowFormat.csv,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """One row per relation, with its qualifiers, document and evidence sentence."""
    from graph.export import RELATION_COLUMNS, relation_rows, write_rows

    rows = relation_rows(_open(store, read_only=True))
    with _output(out) as stream:
        write_rows(rows, RELATION_COLUMNS, format.value, stream)


@export_app.command("graph")
def export_graph(
    store: StoreOption = None,
    format: Annotated[GraphFormat, typer.Option("--format", "-f")] = GraphFormat.trig,
    out: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """The whole graph: TriG and N-Quads keep one graph per document."""
    from graph.export import dump_graph

    data = dump_graph(_open(store, read_only=True), format.value)
    if out:
        out.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def stats(
    store: StoreOption = None,
    format: Annotated[RowFormat, typer.Option("--format", "-f", help="json for machines.")] = None,
) -> None:
    """Counts of documents, entities, relations and triples."""
    from graph.export import stats as graph_stats

    counts = graph_stats(_open(store, read_only=True))
    if format == RowFormat.json:
        sys.stdout.write(json.dumps(counts, indent=2) + "\n")
        return
    table = Table(title="ijkg graph")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("documents", "entities", "relations", "triples"):
        table.add_row(key, str(counts[key]))
    for kind, n in counts["entities_by_type"].items():
        table.add_row(f"  entities: {kind}", str(n))
    for kind, n in counts["relations_by_predicate"].items():
        table.add_row(f"  relations: {kind}", str(n))
    console.print(table)


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the graph against the SHACL shapes (schema/shapes.ttl)."""
    from graph.validate import validate as validate_graph

    report = validate_graph(_open(store, read_only=True))
    if report.conforms:
        console.print(f"The graph conforms to its shapes ({report.triples} triples checked).")
        return
    errors.print(report.text, highlight=False, soft_wrap=True)
    fail("the graph does not conform to its shapes")


@app.command()
def remove(
    documents: Annotated[list[str], typer.Argument(help="Document ids (as `ijkg stats` or the build shows) or file paths.")],
    store: StoreOption = None,
) -> None:
    """Drop documents' named graphs from the store."""
    from graph.build import remove_documents

    kg = _open(store)
    known = kg.documents()
    by_source = {record.source: doc_id for doc_id, record in known.items()}
    chosen, missing = [], []
    for name in documents:
        doc_id = name if name in known else by_source.get(name) or by_source.get(str(Path(name)))
        (chosen if doc_id else missing).append(doc_id or name)
    try:
        removed = remove_documents(kg, chosen)
    except StoreError as error:
        fail(str(error))
    finally:
        kg.close()
    for doc_id in removed:
        console.print(f"Removed {doc_id}.", highlight=False)
    if missing:
        fail(f"not in the store: {', '.join(missing)}")


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotation JSON (see GOLD_FORMAT.md).")],
    corpus: Annotated[Path, typer.Option("--corpus", help="Folder holding the documents the gold names.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List missed and spurious items.")] = False,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON.")] = None,
) -> None:
    """Score extraction against a gold file: precision, recall and F1."""
    from graph.evaluate import EvaluationError, evaluate
    from graph.scoring import format_report

    try:
        result = evaluate(gold, corpus)
    except (EvaluationError, ValueError, OSError) as error:
        fail(str(error))
    console.print(format_report(result, verbose=verbose), highlight=False, markup=False)
    if json_out:
        json_out.write_text(result.model_dump_json(indent=2), encoding="utf-8")


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("network.html"),
    focus: Annotated[Optional[str], typer.Option(help="Draw only the entities around this one (label, alias or IRI).")] = None,
    depth: Annotated[int, typer.Option(min=1, help="Links to follow from --focus.")] = 1,
    type_: Annotated[Optional[list[str]], typer.Option("--type", help="Keep entities of this type (repeatable).")] = None,
    country: Annotated[Optional[list[str]], typer.Option(help="Keep entities of this country code (repeatable).")] = None,
    relation: Annotated[Optional[list[str]], typer.Option(help="Keep links of this relation (repeatable).")] = None,
    since: Annotated[Optional[int], typer.Option(help="Keep links dated in or after this year (drops undated links).")] = None,
    until: Annotated[Optional[int], typer.Option(help="Keep links dated in or before this year (drops undated links).")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Draw every entity even in a large graph.")] = False,
    store: StoreOption = None,
) -> None:
    """Write an interactive network page: one HTML file that works offline."""
    from graph.network import EntityNotFound, to_networkx
    from graph.viz import LARGE_GRAPH, choices, describe_view, select_view, write_page
    from schema.models import ENTITY_TYPES, RELATION_TYPES

    try:
        filters = dict(
            types=choices(type_, ENTITY_TYPES, "type"),
            countries={c.upper() for c in country} if country else None,
            relations=choices(relation, RELATION_TYPES, "relation"),
            since=since, until=until,
        )
        G = to_networkx(_open(store, read_only=True))
        view = select_view(G, focus, depth, **filters)
    except (EntityNotFound, ValueError) as error:
        fail(str(error))
    summary = write_page(view, out, subtitle=describe_view(focus, depth, **filters),
                         limit=None if all_ else LARGE_GRAPH)
    shown = f"the {summary.nodes:,} best-connected of {summary.total_nodes:,}" if summary.trimmed else f"{summary.nodes:,}"
    console.print(f"Wrote {out}: {shown} entities, {summary.edges:,} statements.", highlight=False, soft_wrap=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
