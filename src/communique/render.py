"""A readable who-said-what summary of an Analysis, for the terminal."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

from communique.model import Analysis

_MENTION_GROUPS = (("People", {"PERSON"}), ("Organisations", {"ORG", "NORP"}), ("Places", {"GPE", "LOC", "FAC"}))
_QUOTE_WIDTH = 70
_SPEAKER_CHARS = 40


def render_table(analysis: Analysis, console: Console) -> None:
    """Print one article's header line, its quotes as a table, and who is mentioned."""
    article = analysis.article
    heading = " · ".join(part for part in (article.outlet, article.date, article.title or article.id) if part)
    console.rule(Text(heading, style="bold"), align="left")
    if analysis.quotes:
        table = Table(show_header=True, header_style="bold", expand=False)
        table.add_column("Speaker")
        table.add_column("Cue")
        table.add_column("Type")
        table.add_column("What was said", max_width=_QUOTE_WIDTH)
        for quote in analysis.quotes:
            speaker = quote.speaker.name or (_shorten(quote.speaker.mention.text) if quote.speaker.mention else "?")
            if not quote.speaker.resolved:
                speaker += " (unresolved)"
            content = " … ".join(fragment.text for fragment in quote.content)
            table.add_row(speaker, quote.cue.text if quote.cue else "—", quote.type, content)
        console.print(table)
    else:
        console.print(Text("no quotes found", style="dim"))
    for heading, labels in _MENTION_GROUPS:
        counts = Counter(mention.text for mention in analysis.mentions if mention.label in labels)
        if counts:
            names = ", ".join(f"{name} ×{count}" if count > 1 else name for name, count in counts.most_common())
            console.print(Text.assemble((f"{heading}: ", "bold"), names))
    console.print()


def _shorten(text: str) -> str:
    return text if len(text) <= _SPEAKER_CHARS else text[: _SPEAKER_CHARS - 1] + "…"


_RECORD_COLUMNS = {
    "quotes": ("date", "outlet", "speaker", "actor", "cue", "content"),
    "events": ("date", "source", "source_cameo", "code", "description", "target", "target_cameo", "verb"),
    "stances": ("date", "holder", "polarity", "target", "issue", "evidence"),
}


def render_records(kind: str, rows: list[dict], console: Console) -> None:
    """Stored quotes, events or stances (``communique query``) as a table, the main columns only."""
    table = Table(show_header=True, header_style="bold", expand=False)
    columns = _RECORD_COLUMNS[kind]
    for column in columns:
        table.add_column(column, max_width=_QUOTE_WIDTH if column in ("content", "evidence") else None)
    for row in rows:
        table.add_row(*(Text("" if row[column] is None else str(row[column])) for column in columns))
    console.print(table)
    console.print(f"{len(rows)} {kind}", style="dim")


def render_timeline(points, issue_id: str | None, console: Console) -> None:
    """Print a stance timeline: one point per statement, dated, with its holder, position and evidence."""
    labels = sorted({point.issue_label for point in points})
    heading = f"Stance timeline: {', '.join(labels) if labels else issue_id or 'every issue'}"
    holders = {point.holder for point in points}
    console.rule(Text(f"{heading} — {len(points)} points, {len(holders)} holders", style="bold"), align="left")
    for point in points:
        holder = str(point.holder) if point.holder else "(unresolved speaker)"
        source = " · ".join(part for part in (point.outlet, point.title) if part)
        console.print(
            Text.assemble(
                (f"{point.date or 'undated':<10}  ", "bold"),
                (f"{point.polarity:<11} ", _POLARITY_STYLES.get(point.polarity, "")),
                f"{holder} on {point.issue_label}  ",
                (f"[{point.article_id} chars {point.evidence.start}-{point.evidence.end}] {source}", "dim"),
            ),
            soft_wrap=True,
        )
        console.print(Text(f"            “{point.evidence.text}”"), soft_wrap=True)


def render_pair_balance(balances, console: Console) -> None:
    """Print each actor pair's positive and negative stances per month, with the first evidence of each."""
    console.rule(Text(f"Actor pairs: positive and negative stances per month ({len(balances)} pair-months)", style="bold"), align="left")
    for entry in balances:
        console.print(
            Text.assemble(
                f"{entry.period:<8}  {entry.holder} → {entry.target}  ",
                (f"+{entry.positive}", "green"),
                " ",
                (f"-{entry.negative}", "red"),
                f"  balance {entry.balance:+d}",
            ),
            soft_wrap=True,
        )
        article_id, polarity, span = entry.evidence[0]
        console.print(Text(f"          e.g. {polarity} [{article_id} chars {span.start}-{span.end}] “{span.text}”", style="dim"), soft_wrap=True)


_POLARITY_STYLES = {"favor": "green", "positive": "green", "against": "red", "negative": "red", "conditional": "yellow"}
