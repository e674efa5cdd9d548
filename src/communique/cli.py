"""The ``communique`` command: one sub-command per job.

Exit codes are the same everywhere: 0 when every input was handled, 1 when
any input failed (each failure gets one line on stderr naming it and saying
why, and the batch goes on), 2 for usage errors.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from communique.corpus.duplicates import DEFAULT_THRESHOLD as DUPLICATE_THRESHOLD
from communique.evaluate.cli import eval_app
from communique.export import ExportFormat
from communique.kb.cli import kb_app
from communique.query import Filters, RecordKind
from communique.read import DEFAULT_MAX_CHARS, ReadError, read_inputs

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    help="Who said what, about whom, with what stance, and what happened: in news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(eval_app, name="eval")
app.add_typer(kb_app, name="kb")


class OutputFormat(str, Enum):
    json = "json"
    table = "table"
    parquet = "parquet"


class EngineChoice(str, Enum):
    processes = "processes"
    ray = "ray"


def samples_folder() -> Path:
    """The bundled sample articles shipped inside the package."""
    return Path(str(files("communique") / "samples"))


def fail_usage(message: str) -> None:
    """Report a usage error in one line and exit with code 2."""
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def analyze(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt, .jsonl(.gz), .html, .rss/.atom/.xml, .warc(.gz)), folders (searched recursively),"
            " or - for stdin."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write to FILE instead of stdout (a .parquet FILE or a folder: Parquet)."),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", "-f", help="json: one JSON object per article; table: who said what; parquet: rows to --out."
        ),
    ] = OutputFormat.json,
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy pipeline: package name or path.")] = None,
    samples: Annotated[bool, typer.Option("--samples", help="Also analyse the bundled sample articles.")] = False,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Refuse articles longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", min=1, help="Articles parsed together (fewer when they are long, to bound memory)."
        ),
    ] = 32,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Worker processes or Ray actors; default: all cores (of the Ray cluster)."
        ),
    ] = None,
    engine: Annotated[
        EngineChoice, typer.Option("--engine", help="processes: this machine; ray: a Ray cluster or local Ray.")
    ] = EngineChoice.processes,
    ray_address: Annotated[
        str | None,
        typer.Option("--ray-address", help="Join this Ray cluster (e.g. ray://head:10001); default: a local Ray."),
    ] = None,
    dictionaries: Annotated[
        Path | None,
        typer.Option(
            "--dictionaries",
            help="Code events with the PETRARCH-format dictionaries of this folder (*verbs*, *actors*, *agents*, *discards*).",
        ),
    ] = None,
) -> None:
    """Analyse articles and print one result per article, in input order."""
    from communique.cameo.dictionaries import DictionaryError
    from communique.engines import load_configured_pipeline, open_engine
    from communique.parse import DEFAULT_MODEL, PipelineNotFound

    inputs = list(paths or []) + ([str(samples_folder())] if samples else [])
    if not inputs:
        fail_usage("give at least one PATH, '-' for standard input, or --samples")
    if out and (out.suffix.lower() == ".parquet" or out.is_dir()):
        output_format = OutputFormat.parquet
    if output_format is OutputFormat.parquet and not out:
        fail_usage("--format parquet needs --out FILE.parquet or --out FOLDER")
    if ray_address and engine is not EngineChoice.ray:
        fail_usage("--ray-address needs --engine ray")
    try:
        load_configured_pipeline(model or DEFAULT_MODEL, dictionaries)
    except (PipelineNotFound, DictionaryError) as error:
        fail_usage(str(error))

    tally = _Tally()
    with ExitStack() as stack:
        write = _writer(output_format, out, stack)
        progress = stack.enter_context(_Progress())
        articles = tally.articles_only(read_inputs(inputs, max_chars), progress)
        options = {"workers": workers, "model": model or DEFAULT_MODEL, "batch_size": batch_size, "dictionaries": dictionaries}
        runner = stack.enter_context(open_engine(engine.value, ray_address=ray_address, **options))
        try:
            for analysis in runner.analyze(articles):
                write(analysis)
                tally.analysed += 1
                progress.advance()
        except KeyboardInterrupt:
            print(f"interrupted after {tally.analysed} articles", file=sys.stderr)
            raise typer.Exit(130) from None
    tally.report()
    raise typer.Exit(EXIT_INPUT_FAILED if tally.failed else EXIT_OK)


@app.command()
def dedupe(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles (any format analyze reads), or -.")],
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.0, max=1.0, help="Shingle similarity from which two articles are one story."),
    ] = DUPLICATE_THRESHOLD,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Refuse articles longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
) -> None:
    """Link near-duplicate articles (one wire story in many outlets): one JSON line per copy, naming its original."""
    import json
    from dataclasses import asdict

    from communique.corpus.duplicates import NearDuplicateIndex

    index = NearDuplicateIndex(threshold)
    tally = _Tally()
    links = 0
    with _Progress() as progress:
        for article in tally.articles_only(read_inputs(paths, max_chars), progress):
            tally.analysed += 1
            link = index.add(article)
            if link:
                links += 1
                print(json.dumps(asdict(link)))
    failed = f"; {tally.failed} input{'s' if tally.failed != 1 else ''} failed" if tally.failed else ""
    copies = f"{links} near-duplicate{'s' if links != 1 else ''} of an earlier one"
    print(f"{tally.analysed} articles, {copies}{failed}", file=sys.stderr)
    raise typer.Exit(EXIT_INPUT_FAILED if tally.failed else EXIT_OK)


@app.command()
def timeline(
    paths: Annotated[
        list[str],
        typer.Argument(help="Analyses written by `communique analyze` (.jsonl), or articles to analyse first (as for analyze)."),
    ],
    issue: Annotated[
        str | None,
        typer.Option(
            "--issue",
            "-i",
            help="The issue: a phrase ('sanctions against Iran', normalised like issues in articles) or a key ('sanctions|IRN'). Default: every issue.",
        ),
    ] = None,
    mentioning: Annotated[
        str | None,
        typer.Option("--mentioning", help="Analyse only the articles whose text has this word (case-insensitive, whole word or its start: 'Iran' keeps 'Iranian')."),
    ] = None,
    pairs: Annotated[bool, typer.Option("--pairs", help="Also print each actor pair's positive and negative stances per month.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per point (and per pair-month) instead of text.")] = False,
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy pipeline: package name or path.")] = None,
) -> None:
    """Stance timeline of an issue across a corpus: each position with its date, holder and evidence."""
    from communique import timeline as views
    from communique.render import render_pair_balance, render_timeline

    issue_id = None
    if issue is not None:
        issue_id = views.resolve_issue(issue)
        if issue_id is None:
            fail_usage(f"--issue {issue!r} names no issue known to the issue dictionary")
    tally = _Tally()
    analyses = list(_analyses_for_timeline(paths, mentioning, model, tally))
    points = views.issue_timeline(analyses, issue_id)
    balances = views.pair_balance(analyses) if pairs else []
    render = _json_lines if as_json else None
    if render:
        render(points, balances)
    else:
        console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False)
        render_timeline(points, issue_id, console)
        if pairs:
            render_pair_balance(balances, console)
    print(f"{len(points)} points from {tally.analysed} articles", file=sys.stderr)
    raise typer.Exit(EXIT_INPUT_FAILED if tally.failed else EXIT_OK)


def _analyses_for_timeline(paths: list[str], mentioning: str | None, model: str | None, tally: _Tally):
    """The analyses read from analysis files, then those of the articles in the other inputs."""
    import re

    from communique.read import ReadError
    from communique.read.analyses import is_analyses_file, read_analyses

    word = re.compile(rf"\b{re.escape(mentioning)}", re.IGNORECASE) if mentioning else None
    article_paths = []
    for path in paths:
        if path != "-" and Path(path).is_file() and is_analyses_file(Path(path)):
            for item in read_analyses(Path(path)):
                if isinstance(item, ReadError):
                    tally.failed += 1
                    print(f"error: {item}", file=sys.stderr)
                elif word is None or word.search(item.article.text):
                    tally.analysed += 1
                    yield item
        else:
            article_paths.append(path)
    if not article_paths:
        return
    from communique.parse import DEFAULT_MODEL, PipelineNotFound, load_pipeline
    from communique.pipeline import analyze_articles

    try:
        nlp = load_pipeline(model or DEFAULT_MODEL)
    except PipelineNotFound as error:
        fail_usage(str(error))
    with _Progress() as progress:
        articles = tally.articles_only(read_inputs(article_paths), progress)
        chosen = (article for article in articles if word is None or word.search(article.text))
        for analysis in analyze_articles(chosen, nlp):
            tally.analysed += 1
            progress.advance()
            yield analysis


def _json_lines(points, balances) -> None:
    import dataclasses
    import json

    def plain(value):
        return value.model_dump() if hasattr(value, "model_dump") else str(value) if dataclasses.is_dataclass(value) else value

    for point in points:
        record = {name: plain(getattr(point, name)) for name in (field.name for field in dataclasses.fields(point))}
        print(json.dumps({"point": record}, ensure_ascii=False))
    for entry in balances:
        print(
            json.dumps(
                {
                    "pair": {
                        "holder": str(entry.holder),
                        "target": str(entry.target),
                        "period": entry.period,
                        "positive": entry.positive,
                        "negative": entry.negative,
                        "evidence": [
                            {"article_id": article_id, "polarity": polarity, **span.model_dump()}
                            for article_id, polarity, span in entry.evidence
                        ],
                    }
                },
                ensure_ascii=False,
            )
        )


@app.command()
def schema(
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of analyze's output."""
    from communique.schema import analysis_schema_json

    text = analysis_schema_json()
    if out:
        out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


DbOption = Annotated[
    str, typer.Option("--db", help="SQLite file path, or a database URL such as postgresql+psycopg://user@host/db.")
]
SpeakerOption = Annotated[str | None, typer.Option(help="Speaker (or stance holder) whose name contains this text.")]
ActorOption = Annotated[str | None, typer.Option(help="Actor by CAMEO code prefix (RUS, USAGOV) or actor key.")]
IssueOption = Annotated[str | None, typer.Option(help="Issue key, or text in its label.")]
StanceOption = Annotated[str | None, typer.Option(help="Stance polarity: positive, negative, neutral, favor, against, conditional.")]
OutletOption = Annotated[str | None, typer.Option(help="Outlet name (case-insensitive).")]
SinceOption = Annotated[str | None, typer.Option(help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="On or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
TextOption = Annotated[
    str | None,
    typer.Option(help="Words in the quote (full-text search), event sentence or stance evidence; in the article for jsonl and gdelt exports."),
]
SourceOption = Annotated[str | None, typer.Option(help="Events: source actor by code prefix, key or name.")]
TargetOption = Annotated[str | None, typer.Option(help="Events and stances: target actor by code prefix, key or name.")]
CodeOption = Annotated[str | None, typer.Option(help="Events: CAMEO event code prefix, e.g. 04 or 042.")]
QuadClassOption = Annotated[
    int | None, typer.Option("--quad-class", min=1, max=4, help="Events: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.")
]


class QueryFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders or - for stdin, as for analyze.")] = None,
    db: DbOption = "communique.db",
    samples: Annotated[bool, typer.Option("--samples", help="Also ingest the bundled sample articles.")] = False,
    reanalyze: Annotated[
        bool, typer.Option("--reanalyze", help="Analyse again the stored articles analysed by another version.")
    ] = False,
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy pipeline: package name or path.")] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help="Refuse longer articles.")] = DEFAULT_MAX_CHARS,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed together.")] = 8,
) -> None:
    """Analyse articles and store them; articles already stored are skipped."""
    from communique.components import pipeline_label
    from communique.parse import DEFAULT_MODEL, PipelineNotFound, load_pipeline
    from communique.pipeline import analyze_articles
    from communique.store.ingest import IngestCounts, articles_to_analyse, current_stamp, store_analyses

    inputs = list(paths or []) + ([str(samples_folder())] if samples else [])
    if not inputs:
        fail_usage("give at least one PATH, '-' for standard input, or --samples")
    engine = _open_database(db)
    try:
        nlp = load_pipeline(model or DEFAULT_MODEL)
    except PipelineNotFound as error:
        fail_usage(str(error))
    tally, counts = _Tally(), IngestCounts()
    with _Progress() as progress:
        articles = tally.articles_only(read_inputs(inputs, max_chars), progress)
        todo = articles_to_analyse(engine, articles, current_stamp(pipeline_label(nlp)), reanalyze, counts, progress.advance)
        try:
            store_analyses(engine, analyze_articles(todo, nlp, batch_size=batch_size), counts, progress.advance)
        except KeyboardInterrupt:
            print(f"interrupted after storing {counts.stored} articles; run again to store the rest", file=sys.stderr)
            raise typer.Exit(130) from None
    failed = f"; {tally.failed} input{'s' if tally.failed != 1 else ''} failed" if tally.failed else ""
    print(f"stored {counts.stored}, skipped {counts.skipped} already stored{failed} ({db})", file=sys.stderr)
    raise typer.Exit(EXIT_INPUT_FAILED if tally.failed else EXIT_OK)


@app.command()
def query(
    kind: Annotated[RecordKind, typer.Argument(help="What to find.")] = RecordKind.quotes,
    db: DbOption = "communique.db",
    speaker: SpeakerOption = None,
    actor: ActorOption = None,
    issue: IssueOption = None,
    stance: StanceOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
    source: SourceOption = None,
    target: TargetOption = None,
    code: CodeOption = None,
    quad_class: QuadClassOption = None,
    output_format: Annotated[QueryFormat, typer.Option("--format", "-f", help="table, json (one object a line) or csv.")] = QueryFormat.table,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many records.")] = None,
) -> None:
    """Find stored quotes, events or stances."""
    from sqlalchemy.orm import Session

    from communique.query import find
    from communique.render import render_records

    filters = _filters(speaker, actor, issue, stance, outlet, since, until, text, source, target, code, quad_class)
    with Session(_open_database(db)) as session:
        rows = find(session, kind, filters, limit=limit)
    if output_format is QueryFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif output_format is QueryFormat.csv:
        from communique.export.csv import write_csv

        write_csv(rows, sys.stdout)
    else:
        render_records(kind.value, rows, Console(width=160 if not sys.stdout.isatty() else None, highlight=False))


@app.command()
def export(
    export_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    db: DbOption = "communique.db",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to FILE instead of stdout.")] = None,
    records: Annotated[RecordKind, typer.Option(help="csv and parquet: which records.")] = RecordKind.quotes,
    speaker: SpeakerOption = None,
    actor: ActorOption = None,
    issue: IssueOption = None,
    stance: StanceOption = None,
    outlet: OutletOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    text: TextOption = None,
) -> None:
    """Export the database: jsonl (analyses), csv/parquet (records), gdelt (events), graphml (actor network)."""
    from sqlalchemy.orm import Session

    from communique.export import exporter

    filters = _filters(speaker, actor, issue, stance, outlet, since, until, text)
    with Session(_open_database(db)) as session, ExitStack() as stack:
        stream = stack.enter_context(open(out, "wb")) if out else sys.stdout.buffer
        written = exporter(export_format)(session, stream, records, filters)
    print(f"exported {written} {export_format.value} records", file=sys.stderr)


@app.command()
def serve(
    db: DbOption = "communique.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the read-only JSON API (/api/, documented at /docs) and the web pages."""
    import uvicorn

    from communique.web.app import create_app

    print(f"serving {db} at http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", file=sys.stderr)
    uvicorn.run(create_app(_open_database(db)), host=host, port=port, log_level="warning")


def _open_database(db: str):
    from communique.store.db import DatabaseError, open_database

    try:
        return open_database(db)
    except DatabaseError as error:
        fail_usage(str(error))


def _filters(speaker, actor, issue, stance, outlet, since, until, text, source=None, target=None, code=None, quad_class=None):
    from communique.query import is_date_filter

    for name, value in (("--since", since), ("--until", until)):
        if value is not None and not is_date_filter(value):
            fail_usage(f"{name} {value!r}: give a date as YYYY, YYYY-MM or YYYY-MM-DD")
    return Filters(speaker, actor, issue, stance, outlet, since, until, text, source, target, code, quad_class)


class _Tally:
    """Counts articles analysed and inputs failed, reporting each failure as it happens."""

    def __init__(self) -> None:
        self.analysed = 0
        self.failed = 0

    def articles_only(self, items, progress: _Progress):
        for item in items:
            if isinstance(item, ReadError):
                self.failed += 1
                print(f"error: {item}", file=sys.stderr)
            else:
                progress.seen()
                yield item

    def report(self) -> None:
        if self.failed or self.analysed != 1:
            failed = f"; {self.failed} input{'s' if self.failed != 1 else ''} failed" if self.failed else ""
            print(f"analysed {self.analysed} article{'s' if self.analysed != 1 else ''}{failed}", file=sys.stderr)


class _Progress:
    """A Rich progress bar on stderr, shown only on a terminal and only once a second article arrives."""

    def __init__(self) -> None:
        self.console = Console(stderr=True)
        self.enabled = self.console.is_terminal
        self.bar: Progress | None = None
        self.task = None
        self.count = 0

    def seen(self) -> None:
        self.count += 1
        if self.enabled and self.count == 2 and self.bar is None:
            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("analysing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.start()
            self.task = self.bar.add_task("analysing", total=None)
        if self.bar is not None:
            self.bar.update(self.task, total=self.count)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _writer(output_format: OutputFormat, out: Path | None, stack: ExitStack):
    """A function writing one Analysis to ``out`` (stdout when None) in ``output_format``, closed by ``stack``."""
    if output_format is OutputFormat.parquet:
        from communique.parquet import ParquetSink

        return stack.enter_context(ParquetSink(out)).write
    stream: TextIO = stack.enter_context(open(out, "w", encoding="utf-8")) if out else sys.stdout
    if output_format is OutputFormat.json:
        return lambda analysis: stream.write(analysis.model_dump_json() + "\n")
    from communique.render import render_table

    console = Console(file=stream, width=120 if not stream.isatty() else None, highlight=False)
    return lambda analysis: render_table(analysis, console)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
