"""The `councilgraph` command: a thin click group over the library functions."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

from web.datadir import DataDir, DataDirBusy  # noqa: E402
from web.settings import Settings  # noqa: E402

DATA_DIR_OPTION = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Data directory (default: $COUNCILGRAPH_DATA_DIR or ./councilgraph-data).",
)

EXIT_SOME_FAILED = 1
EXIT_USAGE = 2


def load_settings(data_dir: Path | None) -> Settings:
    settings = Settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return settings


def require_built(settings: Settings) -> DataDir:
    data_dir = DataDir(settings.data_dir)
    if not data_dir.exists():
        raise click.ClickException(
            f"no data in {settings.data_dir}; run `councilgraph ingest PATH --data-dir {settings.data_dir}` first"
        )
    return data_dir


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="councilgraph", prog_name="councilgraph")
def main() -> None:
    """councilgraph: a knowledge graph and semantic search over local-council documents."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_DIR_OPTION
@click.option("--force", is_flag=True, help="Re-process files even when their content is unchanged.")
@click.option("--no-embed", is_flag=True, help="Skip sentence embeddings (keyword search only).")
@click.option("--no-extract", is_flag=True, help="Skip fact extraction (documents and passages only).")
def ingest(paths: tuple[Path, ...], data_dir: Path | None, force: bool, no_embed: bool, no_extract: bool) -> None:
    """Ingest files and folders (recursively) of .pdf, .docx, .html/.htm, .txt, .md.

    Exit status: 0 when every file ingested (or was unchanged), 1 when some files failed
    (each is named with its reason; the others are ingested), 2 on a usage error."""
    from tqdm import tqdm

    from web.ingest import Ingester, describe
    from web.models import make_encoder, make_extractor

    settings = load_settings(data_dir)
    directory = DataDir(settings.data_dir)
    try:
        with directory.lock(exclusive=True):
            ingester = Ingester(
                directory,
                settings.base_iri,
                settings.max_file_bytes,
                extractor=None if no_extract else make_extractor(settings),
                encoder=None if no_embed else make_encoder(settings),
                force=force,
            )
            with tqdm(desc="ingest", unit="file", file=sys.stderr, disable=None) as bar:

                def progress(outcome):  # type: ignore[no-untyped-def]
                    bar.update(1)
                    if outcome.detail:
                        tqdm.write(describe(outcome), file=sys.stderr)

                report = ingester.ingest(list(paths), progress)
            ingester.close()
    except DataDirBusy as error:
        raise click.ClickException(str(error)) from error
    click.echo(report.summary())
    if report.failed:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("query")
@click.option(
    "--format", "fmt", default="json", show_default=True,
    type=click.Choice(["json", "csv", "tsv", "xml", "turtle", "nt", "jsonld"]),
    help="json/csv/tsv/xml for SELECT and ASK; turtle/nt/jsonld/xml for CONSTRUCT and DESCRIBE.",
)
@DATA_DIR_OPTION
def sparql(query: str, fmt: str, data_dir: Path | None) -> None:
    """Run a read-only SPARQL 1.1 query over the union of the default and named graphs.

    QUERY is the query text, or @FILE to read it from a file, or - for standard input."""
    from graph.store import GraphStore, serialize_results
    from web.sparql_guard import ForbiddenQuery, QuerySyntaxError, screen_query

    settings = load_settings(data_dir)
    directory = require_built(settings)
    if query == "-":
        query = sys.stdin.read()
    elif query.startswith("@"):
        query = Path(query[1:]).read_text(encoding="utf-8")
    try:
        screen_query(query, base_iri=settings.base_iri)
    except (ForbiddenQuery, QuerySyntaxError) as error:
        raise click.ClickException(str(error)) from error
    store = GraphStore(directory.graph, read_only=True)
    try:
        results = store.query(query)
        sys.stdout.buffer.write(serialize_results(results, fmt))
    except (SyntaxError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    sys.stdout.buffer.flush()


@main.command()
@click.argument("query", default="")
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 1000), help="Number of results.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of result objects.")
@click.option("--council", default=None, help="Only this council (name or id).")
@click.option("--type", "doc_type", default=None, help="Only this document type (e.g. agenda, minutes).")
@click.option("--from", "date_from", default=None, help="Only documents dated on or after this ISO date.")
@click.option("--to", "date_to", default=None, help="Only documents dated on or before this ISO date.")
@click.option("--entity", default=None, help="Only passages mentioning this entity IRI.")
@click.option("--mode", default="hybrid", type=click.Choice(["hybrid", "keyword", "dense"]), show_default=True)
@click.option("--like", "like", default=None, metavar="PASSAGE_ID",
              help="Instead of a query: passages like this one (a result's passage_id), from other documents.")
@DATA_DIR_OPTION
def search(query: str, k: int, as_json: bool, council: str | None, doc_type: str | None,
           date_from: str | None, date_to: str | None, entity: str | None, mode: str, like: str | None,
           data_dir: Path | None) -> None:
    """Search passages in natural language; filters combine with any query or work alone."""
    from search.filters import Filters
    from search.index import SearchIndex
    from search.similar import NoVector, UnknownPassage, similar
    from web.models import make_encoder

    if like and query:
        raise click.UsageError("give a QUERY or --like PASSAGE_ID, not both")
    settings = load_settings(data_dir)
    directory = require_built(settings)
    index = SearchIndex.open(directory.sqlite, directory.dense)
    filters = Filters(council, doc_type, date_from, date_to, entity)
    if like:
        try:
            hits = similar(index.store, like, k, filters, dense_path=directory.dense)
        except (UnknownPassage, NoVector) as error:
            raise click.ClickException(str(error)) from error
    else:
        index.encoder = make_encoder(settings, index.store)  # the kind of vectors the store holds
        hits = index.search(query, k=k, mode=mode, **filters.kwargs())
    if as_json:
        click.echo(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2))
        return
    for rank, hit in enumerate(hits, start=1):
        result = hit.to_json()
        click.echo(f"{rank}. {result['title']} — {result['council'] or '?'}, {result['type']}, "
                   f"{result['date'] or 'undated'}, p. {result['page']}  (score {result['score']:.3f})")
        click.echo(f"   {result['document']} [{result['start']}:{result['end']}]  passage {result['passage_id']}")
        click.echo("   " + " ".join(result["text"].split())[:300])
        click.echo()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
@DATA_DIR_OPTION
def serve(host: str, port: int, threads: int, data_dir: Path | None) -> None:
    """Serve the web app, JSON API and SPARQL endpoint with waitress (production WSGI)."""
    from waitress import serve as waitress_serve

    from web import create_app

    settings = load_settings(data_dir)
    directory = require_built(settings)
    try:
        with directory.lock(exclusive=False):
            app = create_app(settings)
            click.echo(f"councilgraph serving {settings.data_dir} on http://{host}:{port}/", err=True)
            waitress_serve(app, host=host, port=port, threads=threads, ident="councilgraph")
    except DataDirBusy as error:
        raise click.ClickException(str(error)) from error


@main.group(name="eval")
def evaluate() -> None:
    """Measure extraction and search quality on the labelled sample corpus."""


@evaluate.command(name="extraction")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of documents (default: the bundled sample corpus).")
@click.option("--labels", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of labels (default: the bundled labelled set).")
def eval_extraction(corpus: Path | None, labels: Path | None) -> None:
    """Precision, recall and F1 per entity type and relation type."""
    from nlp.evaluate import run_eval

    click.echo(run_eval(corpus, labels))


@evaluate.command(name="indicator-links")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of documents (default: the bundled sample corpus).")
def eval_indicator_links(corpus: Path | None) -> None:
    """Precision and recall of linking the same measure across councils, on the labelled pairs
    (tests/fixtures/indicator_pairs.json), at several thresholds, with the errors listed."""
    from nlp.indicator_eval import main as report

    report(str(corpus.resolve()) if corpus else None)


@evaluate.command(name="search")
@DATA_DIR_OPTION
@click.option("--questions", "questions_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Labelled questions, JSON Lines (default: the bundled set over the sample corpus).")
@click.option("--corpus", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="Files or folders to index for the evaluation, as ingest would (repeatable; "
                   "default: the bundled sample corpus).")
@click.option("--store", "use_store", is_flag=True,
              help="Evaluate the documents already ingested in the data directory instead.")
@click.option("--by-document", is_flag=True, help="Also print the figures per answering document.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: figures by kind and by document, and every question's ranks.")
@click.option("--no-extract", is_flag=True,
              help="Skip entity extraction (faster; entity-aware ranking is then not measured).")
def eval_search(data_dir: Path | None, questions_path: Path | None, corpus: tuple[Path, ...], use_store: bool,
                by_document: bool, as_json: bool, no_extract: bool) -> None:
    """hit@1, hit@5 and MRR@10 for keyword, dense and hybrid search, side by side.

    By default on the bundled labelled questions over the sample corpus, indexed as `ingest`
    would index it; with --questions and --corpus (or --store) on your own. Question lines:
    {"question": ..., "document": FILE NAME, "answer": SPAN OF ITS TEXT or [SPANS], "kind": ...}."""
    import functools
    import tempfile

    from search import evaluate as ev
    from search.docstore import DocStore
    from search.index import search as search_passages
    from web.models import make_encoder, make_extractor

    if use_store and corpus:
        raise click.UsageError("--store evaluates the ingested documents; --corpus indexes others: choose one")
    settings = load_settings(data_dir)
    try:
        questions = ev.load_questions(questions_path or ev.QUESTIONS)
    except ev.QuestionFileError as error:
        raise click.ClickException(str(error)) from error
    with tempfile.TemporaryDirectory(prefix="councilgraph-eval-") as tmp:
        if use_store:
            directory = require_built(settings)
            store = DocStore(directory.sqlite, read_only=True)
            encoder = make_encoder(settings, store)
            search = functools.partial(search_passages, dense_path=directory.dense)
        else:
            docs, problems = ev.load_corpus(corpus) if corpus else (ev.load_sample_documents(), [])
            for line in problems:
                click.echo(f"skipped: {line}", err=True)
            if not docs:
                raise click.ClickException("no readable documents in the corpus")
            encoder = ev.make_eval_encoder(settings)
            extractor = None if no_extract else make_extractor(settings)
            store = ev.build_store(Path(tmp) / "eval.sqlite", docs, encoder, extractor)
            search = None
        try:
            errors, warnings = ev.check_questions(store, questions)
            for line in warnings:
                click.echo(f"warning: {line}", err=True)
            if errors:
                shown = "\n".join(errors[:20]) + (f"\n... and {len(errors) - 20} more" if len(errors) > 20 else "")
                raise click.ClickException(f"{len(errors)} question(s) cannot be scored:\n{shown}")
            ranked = ev.rank_questions(store, encoder, questions, search=search)
        finally:
            store.close()
    if as_json:
        click.echo(json.dumps(ev.report_json(ranked), ensure_ascii=False, indent=2))
    else:
        click.echo(ev.report_text(ranked, by_document=by_document))


if __name__ == "__main__":
    main()
