"""The ``communique`` command: one sub-command per job.

Exit codes are the same everywhere: 0 when every input was handled, 1 when
any input failed (each failure gets one line on stderr naming it and saying
why, and the batch goes on), 2 for usage errors.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from communique.evaluate.cli import eval_app
from communique.kb.cli import kb_app
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
        typer.Argument(help="Files (.txt, .jsonl, .jsonl.gz), folders (searched recursively), or - for stdin."),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write to FILE instead of stdout.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="json: one JSON object per article; table: who said what.")
    ] = OutputFormat.json,
    model: Annotated[str | None, typer.Option("--model", "-m", help="spaCy pipeline: package name or path.")] = None,
    samples: Annotated[bool, typer.Option("--samples", help="Also analyse the bundled sample articles.")] = False,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Refuse articles longer than this many characters.")
    ] = DEFAULT_MAX_CHARS,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles parsed together.")] = 32,
) -> None:
    """Analyse articles and print one result per article."""
    from communique.parse import DEFAULT_MODEL, PipelineNotFound, load_pipeline
    from communique.pipeline import analyze_articles

    inputs = list(paths or []) + ([str(samples_folder())] if samples else [])
    if not inputs:
        fail_usage("give at least one PATH, '-' for standard input, or --samples")
    try:
        nlp = load_pipeline(model or DEFAULT_MODEL)
    except PipelineNotFound as error:
        fail_usage(str(error))

    tally = _Tally()
    with ExitStack() as stack:
        stream = stack.enter_context(open(out, "w", encoding="utf-8")) if out else sys.stdout
        progress = stack.enter_context(_Progress())
        write = _writer(output_format, stream)
        articles = tally.articles_only(read_inputs(inputs, max_chars), progress)
        try:
            for analysis in analyze_articles(articles, nlp, batch_size=batch_size):
                write(analysis)
                tally.analysed += 1
                progress.advance()
        except KeyboardInterrupt:
            print(f"interrupted after {tally.analysed} articles", file=sys.stderr)
            raise typer.Exit(130) from None
    tally.report()
    raise typer.Exit(EXIT_INPUT_FAILED if tally.failed else EXIT_OK)


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


def _writer(output_format: OutputFormat, stream: TextIO):
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
