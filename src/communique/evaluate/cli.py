"""``communique eval``: score communique against hand annotations.

Every command prints a readable table, then, as the last line of standard
output, one JSON object with every figure, so scripts and later reports read
the same numbers a person sees. Notes, warnings and timings go to standard
error. Exit codes: 0 when the command ran (scores are measurements, not
pass/fail), 1 when an input could not be read, 2 for usage errors.

This module is imported whenever the ``communique`` command starts, so it
imports the pipeline and the scorers only inside the commands; it imports
``communique.cli`` there too, because that module imports this one.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

eval_app = typer.Typer(
    help="Score communique against hand-annotated data (PolNeAR, the seed article, the NGEC actor cases, PETRARCH and PLOVER event records, directed sentiment).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

SEED_GOLD = Path("..") / "shared" / "seed" / "presstv-2009-10-13.gold.json"
"""The seed's gold file, relative to the repository root (and tried relative to the current directory)."""

_MAX_NOTES = 10

ModelOption = Annotated[str | None, typer.Option("--model", "-m", help="spaCy pipeline: package name or path.")]


@eval_app.command("polnear")
def polnear(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR", help="A PolNeAR split: a folder with text/NAME.txt and attributions/NAME_<annotator>.ann."
        ),
    ],
    model: ModelOption = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Score only the first N articles.")] = None,
) -> None:
    """Source, cue and content spans against PolNeAR: exact and lenient P/R/F1, with textacy alongside."""
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK, fail_usage
    from communique.evaluate import polnear as bench

    started = time.perf_counter()
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        fail_usage(f"{folder} is not a PolNeAR folder: it needs text/ and attributions/ inside")
    data = bench.read_folder(folder, limit)
    if not data.articles and not data.errors:
        fail_usage(f"{folder} has no annotated articles (text/NAME.txt with attributions/NAME_*.ann)")
    for error in data.errors:
        print(f"error: {error}", file=sys.stderr)
    _print_notes(data.notes)
    nlp = _pipeline(model)
    textacy, skipped = bench.load_textacy()
    if skipped:
        print(skipped, file=sys.stderr)

    result = bench.evaluate(data.articles, nlp, textacy)
    _console().print(_polnear_table(result))
    failed = f"; textacy failed on {result.textacy_failed_docs} of them" if textacy else ""
    print(
        f"time: {time.perf_counter() - started:.1f} s in all; parse + communique {result.seconds['communique']:.1f} s,"
        f" textacy {result.seconds['textacy']:.1f} s; {result.articles} articles{failed}",
        file=sys.stderr,
    )
    print(json.dumps(result.figures()))
    raise typer.Exit(EXIT_INPUT_FAILED if data.errors else EXIT_OK)


@eval_app.command("seed")
def seed(
    gold_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="GOLD",
            help=f"The gold JSON (default: {SEED_GOLD.as_posix()} beside the repository).",
            show_default=False,
        ),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Quotes, speakers, actors, events, issue stances and dates of the seed article against its hand annotation."""
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK
    from communique.evaluate import seed as bench
    from communique.evaluate.texts import read_text_exactly
    from communique.pipeline import analyze_article
    from communique.read.text import article_from_text

    path = _input_file(gold_file, SEED_GOLD, "gold file")
    try:
        gold = json.loads(read_text_exactly(path))
        text_path = path.parent / gold["article"]["file"]
        text = read_text_exactly(text_path)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        print(
            f"error: {path}: cannot read the gold file or its article: {type(error).__name__}: {error}", file=sys.stderr
        )
        raise typer.Exit(EXIT_INPUT_FAILED) from None

    analysis = analyze_article(article_from_text(text, str(text_path)), _pipeline(model))
    try:
        sections = bench.evaluate(gold, analysis)
    except (KeyError, TypeError, ValueError) as error:
        print(f"error: {path}: malformed gold file: {type(error).__name__}: {error}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    console = _console()
    figures: dict = {}
    for section in sections:
        table = Table(title=section.title, title_justify="left")
        for column in section.columns:
            table.add_column(column)
        for row in section.rows:
            table.add_row(*row)
        console.print(table)
        figures.update(section.figures)
    print(json.dumps(figures))
    raise typer.Exit(EXIT_OK)


ACTOR_CASES = Path("..") / "shared" / "eval" / "actors" / "ngec-actor-cases.jsonl"
"""The NGEC actor cases, relative to the repository root (and tried relative to the current directory)."""

_MAX_FAILURES = 40


@eval_app.command("actors")
def actors(
    cases_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help=f"Actor cases as JSON Lines (default: {ACTOR_CASES.as_posix()} beside the repository).",
            show_default=False,
        ),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option("--method", help="Score only the cases of this upstream method (agent_to_code, find_co_actors…)."),
    ] = None,
    model: ModelOption = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every failure (default: the first 40).")
    ] = False,
) -> None:
    """Actor resolution against the NGEC cases: accuracy per method, then the failures.

    Accuracies are percentages of scored cases with one decimal (null for a method with no scored
    case), as in the other eval commands; the last line of output is one JSON object with
    accuracy, scored, passed, skipped, cases and one key per method.
    """
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK, fail_usage
    from communique.evaluate import actors as bench

    if method is not None and method not in bench.METHODS:
        fail_usage(f"unknown method {method!r} (known: {', '.join(bench.METHODS)})")
    path = _input_file(cases_file, ACTOR_CASES, "cases file")
    try:
        cases, errors = bench.read_cases(path)
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {path}: cannot read: {type(error).__name__}: {error}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if method is not None:
        cases = [case for case in cases if case.method == method]
    result = bench.evaluate(cases, nlp_loader=lambda: _pipeline(model))

    table = Table(title=f"Actor cases: {path.name} (accuracy in % of scored cases)", title_justify="left")
    for column in ("method", "cases", "scored", "skipped", "passed", "accuracy"):
        table.add_column(column, justify="left" if column == "method" else "right")
    rows = [*result.methods.items(), ("all", result.total)]
    for name, figures in rows:
        accuracy = "-" if figures.accuracy is None else f"{figures.accuracy:.1f}"
        table.add_row(
            name, str(figures.cases), str(figures.scored), str(figures.skipped), str(figures.passed), accuracy
        )
    console = _console()
    console.print(table)
    failures = [outcome for outcome in result.outcomes if not outcome.passed]
    _print_failures(console, [bench.failure_line(outcome) for outcome in failures], verbose)
    print(f"time: {result.seconds:.2f} s for {len(cases)} cases", file=sys.stderr)
    print(json.dumps(result.figures()))
    raise typer.Exit(EXIT_INPUT_FAILED if errors else EXIT_OK)


PETRARCH_RECORDS = Path("..") / "shared" / "eval" / "petrarch" / "PETR.UnitTest.records.xml"
PLOVER_RECORDS = Path("..") / "shared" / "eval" / "plover" / "PLOVER_GSR_CAMEO.dev.json"


@eval_app.command("petrarch")
def petrarch(
    records_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help=f"PETRARCH validation records (default: {PETRARCH_RECORDS.as_posix()} beside the repository).",
            show_default=False,
        ),
    ] = None,
    dictionaries: Annotated[
        Path | None,
        typer.Option(
            "--dictionaries",
            "-d",
            help="Folder of PETRARCH-format dictionaries (*verbs*, *actors*, *agents*, *discards*); default: the records' folder.",
        ),
    ] = None,
    model: ModelOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every record with a miss or an extra coding (default: the first 40).")] = False,
) -> None:
    """Event coding against PETRARCH validation records: share of expected codings produced exactly
    (source, target, event code) and extra codings as a share of the expected ones."""
    from communique.cameo.dictionaries import DictionaryError, load_dictionaries
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK, fail_usage
    from communique.evaluate import petrarch as bench
    from communique.evaluate.texts import read_text_exactly

    path = _input_file(records_file, PETRARCH_RECORDS, "records file")
    try:
        records, errors = bench.read_records(read_text_exactly(path), path.name)
        loaded = load_dictionaries(dictionaries or path.parent)
    except DictionaryError as error:
        fail_usage(str(error))
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {path}: cannot read: {type(error).__name__}: {error}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    _print_notes([f"dictionaries: {warning}" for warning in loaded.warnings])
    result = bench.evaluate(records, _pipeline(model), loaded)
    figures = result.figures()
    console = _console()
    table = Table(title=f"PETRARCH records: {path.name}", title_justify="left")
    for column in ("records", "expected", "matched", "matched %", "extra", "extra % of expected"):
        table.add_column(column, justify="right")
    table.add_row(
        str(figures["records"]),
        str(figures["expected"]),
        str(figures["matched"]),
        _percent(figures["expected_matched_share"]),
        str(figures["extra"]),
        _percent(figures["extra_share"]),
    )
    console.print(table)
    misses = [o for o in result.outcomes if o.matched < len(o.record.expected) or o.extra]
    _print_failures(console, [bench.failure_line(o) for o in misses], verbose)
    print(f"time: {result.seconds:.2f} s for {len(records)} records", file=sys.stderr)
    print(json.dumps(figures))
    raise typer.Exit(EXIT_INPUT_FAILED if errors else EXIT_OK)


@eval_app.command("plover")
def plover(
    records_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help=f"PLOVER gold-standard records, a JSON list (default: {PLOVER_RECORDS.as_posix()} beside the repository).",
            show_default=False,
        ),
    ] = None,
    model: ModelOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every wrong record (default: the first 40).")] = False,
) -> None:
    """Event category and source/target actor codes against PLOVER gold-standard records."""
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK
    from communique.evaluate import plover as bench

    path = _input_file(records_file, PLOVER_RECORDS, "records file")
    try:
        records, skipped = bench.read_records(path)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        print(f"error: {path}: cannot read: {type(error).__name__}: {error}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    _print_notes(skipped)
    result = bench.evaluate(records, _pipeline(model), skipped=len(skipped))
    figures = result.figures()
    console = _console()
    table = Table(title=f"PLOVER records: {path.name} (accuracy in %)", title_justify="left")
    for column in ("records", "with an event", "category", "source", "target"):
        table.add_column(column, justify="right")
    table.add_row(
        str(figures["records"]),
        str(figures["with_event"]),
        _percent(figures["category_accuracy"]),
        _percent(figures["source_accuracy"]),
        _percent(figures["target_accuracy"]),
    )
    console.print(table)
    wrong = [o for o in result.outcomes if not (o.category_ok and o.source_ok and o.target_ok)]
    _print_failures(console, [bench.failure_line(o) for o in wrong], verbose)
    print(f"time: {result.seconds:.2f} s for {len(records)} records", file=sys.stderr)
    print(json.dumps(figures))
    raise typer.Exit(EXIT_OK)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{100 * share:.1f}"


def _print_failures(console: Console, lines: list[str], verbose: bool) -> None:
    """The failure lines: all with ``verbose``, else the first :data:`_MAX_FAILURES`."""
    if not lines:
        return
    shown = lines if verbose else lines[:_MAX_FAILURES]
    console.print(f"Failures ({len(lines)}):", highlight=False)
    for line in shown:
        console.print("  " + line, highlight=False, markup=False, soft_wrap=True)
    if len(shown) < len(lines):
        console.print(f"  … and {len(lines) - len(shown)} more (--verbose lists them all)", highlight=False)


DIRECTED_SENTIMENT = Path("..") / "shared" / "eval" / "directed-sentiment" / "valid.tsv"
"""The directed-sentiment valid split, relative to the repository root (and tried relative to the current directory)."""


@eval_app.command("directed-sentiment")
def directed_sentiment(
    data_file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help=f"Tab-separated sentences with two [entities], p, q and a label 0-4 (default: {DIRECTED_SENTIMENT.as_posix()}).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str,
        typer.Option(help="fast: the classifier analyze uses; minilm: the fine-tuned transformer it learnt from."),
    ] = "fast",
    train: Annotated[
        Path | None,
        typer.Option(
            metavar="TRAIN_FILE",
            help="Also score the sentences that TRAIN_FILE (the training split) does not contain, word for word.",
        ),
    ] = None,
) -> None:
    """Actor-to-actor stance against labelled sentences: accuracy and macro-F1 over the five classes.

    Labels: 0 neutral, 1 p positive toward q, 2 q positive toward p, 3 p negative toward q, 4 q negative
    toward p. The classifier is the one analyze uses for actor-to-actor stances (or, with --model minilm,
    its teacher). The last line of output is one JSON object with sentences, accuracy, macro_f1 and the
    F1 of each class, and with --train the same figures for the sentences not in the training file
    ("unseen"): a file that repeats training sentences otherwise rewards remembering them.
    """
    from communique.cli import EXIT_INPUT_FAILED, EXIT_OK, fail_usage
    from communique.evaluate import directed_sentiment as bench
    from communique.stance.directed import LABELS, load_classifier
    from communique.stance.minilm import load_minilm

    classifiers = {"fast": load_classifier, "minilm": load_minilm}
    if model not in classifiers:
        fail_usage(f"--model must be one of {', '.join(classifiers)}, not {model!r}")

    started = time.perf_counter()
    path = _input_file(data_file, DIRECTED_SENTIMENT, "data file")
    try:
        rows, errors = bench.read_rows(path)
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {path}: cannot read: {type(error).__name__}: {error}", file=sys.stderr)
        raise typer.Exit(EXIT_INPUT_FAILED) from None
    for error in errors[:_MAX_NOTES]:
        print(f"error: {error}", file=sys.stderr)
    if len(errors) > _MAX_NOTES:
        print(f"error: … and {len(errors) - _MAX_NOTES} more malformed lines", file=sys.stderr)
    seen = _training_sentences(train) if train else None
    predicted = classifiers[model]().classify([row.sentence for row in rows])
    scores = bench.score([row.label for row in rows], predicted)

    table = Table(title=f"Directed sentiment: {path.name}, {scores.total} sentences (%)", title_justify="left")
    for column in ("class", "gold", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for name, (precision, recall, f1, gold) in zip(LABELS, scores.per_class(), strict=True):
        table.add_row(name, str(gold), f"{100 * precision:.1f}", f"{100 * recall:.1f}", f"{100 * f1:.1f}")
    table.add_row("accuracy", str(scores.total), "", "", f"{100 * scores.accuracy:.1f}")
    table.add_row("macro-F1", str(scores.total), "", "", f"{100 * scores.macro_f1:.1f}")
    figures = scores.figures()
    if seen is not None:
        unseen = [(row.label, answer) for row, answer in zip(rows, predicted, strict=True) if row.sentence not in seen]
        unseen_scores = bench.score([gold for gold, _ in unseen], [answer for _, answer in unseen])
        table.add_row("unseen accuracy", str(unseen_scores.total), "", "", f"{100 * unseen_scores.accuracy:.1f}")
        table.add_row("unseen macro-F1", str(unseen_scores.total), "", "", f"{100 * unseen_scores.macro_f1:.1f}")
        figures["unseen"] = unseen_scores.figures()
    _console().print(table)
    print(f"time: {time.perf_counter() - started:.1f} s for {scores.total} sentences ({model})", file=sys.stderr)
    print(json.dumps(figures))
    raise typer.Exit(EXIT_INPUT_FAILED if errors else EXIT_OK)


def _training_sentences(path: Path) -> set[str]:
    """The marked sentences of a training file, as the classifier reads them (exit 2 when unreadable)."""
    from communique.cli import fail_usage
    from communique.evaluate import directed_sentiment as bench

    try:
        rows, _ = bench.read_rows(path)
    except (OSError, UnicodeDecodeError) as error:
        fail_usage(f"{path}: cannot read the training file: {type(error).__name__}: {error}")
    return {row.sentence for row in rows}


def _input_file(given: Path | None, default: Path, what: str) -> Path:
    """The file a command reads: the one given, else the first of the default's places that exists
    (exit 2, naming every place tried, when none does)."""
    from communique.cli import fail_usage

    candidates = [given] if given else _shared_candidates(default)
    path = next((candidate for candidate in candidates if candidate.is_file()), None)
    if path is None:
        fail_usage(f"{what} not found (tried {', '.join(str(candidate) for candidate in candidates)})")
    return path


def _shared_candidates(relative: Path) -> list[Path]:
    """Where a file of ../shared is looked for: $COMMUNIQUE_SHARED, then beside the current directory,
    then beside the repository."""
    import communique

    repository = Path(communique.__file__).resolve().parents[2]
    shared = os.environ.get("COMMUNIQUE_SHARED")
    from_env = [Path(shared) / relative.relative_to(Path("..") / "shared")] if shared else []
    return [*from_env, Path.cwd() / relative, repository / relative]


def _pipeline(model: str | None):
    from communique.cli import fail_usage
    from communique.parse import DEFAULT_MODEL, PipelineNotFound, load_pipeline

    try:
        return load_pipeline(model or DEFAULT_MODEL)
    except PipelineNotFound as error:
        fail_usage(str(error))


def _console() -> Console:
    return Console(file=sys.stdout, width=None if sys.stdout.isatty() else 120, highlight=False)


def _print_notes(notes: list[str]) -> None:
    for note in notes[:_MAX_NOTES]:
        print(f"note: {note}", file=sys.stderr)
    if len(notes) > _MAX_NOTES:
        print(f"note: … and {len(notes) - _MAX_NOTES} more", file=sys.stderr)


def _polnear_table(result) -> Table:
    from communique.evaluate.polnear import ROLES
    from communique.evaluate.spans import percent

    caption = (
        f"textacy refused {result.textacy_failed_docs} of {result.articles} documents (unbalanced quotation marks)"
        if "textacy" in result.counts
        else None
    )
    table = Table(
        title=f"PolNeAR attribution spans, {result.articles} articles (micro P/R/F1, %)",
        title_justify="left",
        caption=caption,
        caption_justify="left",
    )
    for column in ("system", "role", "gold", "predicted"):
        table.add_column(column)
    for mode in ("exact", "lenient"):
        for metric in ("P", "R", "F1"):
            table.add_column(f"{mode} {metric}", justify="right")
    for system, roles in result.counts.items():
        for role in ROLES:
            counts = roles[role]
            figures = [
                f"{percent(getattr(counts[mode], metric)):.1f}"
                for mode in ("exact", "lenient")
                for metric in ("precision", "recall", "f1")
            ]
            table.add_row(system, role, str(counts["exact"].gold), str(counts["exact"].predicted), *figures)
    return table
