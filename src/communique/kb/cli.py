"""``communique kb``: import current people and organisations, inspect the knowledge base.

    communique kb import FILE... [--kb-dir DIR]   merge CSV / JSON Lines rows into the user overlay
    communique kb info [--kb-dir DIR]             what is loaded: counts, files, load time, source
    communique kb show NAME [--date D] [--json]   the entries a name resolves to, with their codes

The overlay lives in ``--kb-dir``, else ``$COMMUNIQUE_KB_DIR``, else ``~/.local/share/communique/kb``.
Exit codes as everywhere: 0 all rows imported (or the name found), 1 some row failed (each with one
line on stderr naming file:line and why) or nothing found, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

kb_app = typer.Typer(
    help="The actor knowledge base: import current people and organisations, look names up.",
    no_args_is_help=True,
    add_completion=False,
)

KbDir = Annotated[
    Path | None,
    typer.Option(
        "--kb-dir", help="Folder of the user overlay (default: $COMMUNIQUE_KB_DIR or ~/.local/share/communique/kb)."
    ),
]


@kb_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="CSV or JSON Lines files in the layout of docs/kb.md.")],
    kb_dir: KbDir = None,
) -> None:
    """Merge people and organisations with their roles and dates into the knowledge base."""
    from communique.kb.importer import import_files
    from communique.kb.lookup import load_kb
    from communique.kb.store import overlay_path

    states = load_kb(overlay=False).states
    report = import_files(list(files), kb_dir, states, lambda message: print(f"error: {message}", file=sys.stderr))
    failed = f"; {report.failed} row{'s' if report.failed != 1 else ''} failed" if report.failed else ""
    print(
        f"imported {report.rows - report.failed} of {report.rows} rows into {overlay_path(kb_dir)}: "
        f"{report.new} new, {report.updated} updated, {report.unchanged} unchanged{failed}",
        file=sys.stderr,
    )
    raise typer.Exit(1 if report.failed else 0)


@kb_app.command()
def info(kb_dir: KbDir = None) -> None:
    """Say what the knowledge base holds and where it comes from."""
    from communique.kb import lookup
    from communique.kb.store import overlay_path, shipped_path

    started = time.perf_counter()
    kb = lookup.load_kb(kb_dir)
    seconds = time.perf_counter() - started
    summary = kb.info()
    shipped = shipped_path()
    overlay = overlay_path(kb_dir)
    print(f"shipped:  {shipped} ({shipped.stat().st_size:,} bytes, {summary['format']})")
    print(f"officials: {summary['officials']:,} people in office since 2014 (scripts/officials/), merged at load")
    print(f"overlay:  {overlay} ({summary['overlay_entries']} entries{'' if overlay.exists() else ', none yet'})")
    print(f"entries:  {summary['entries']:,} ({', '.join(f'{n:,} {k}' for k, n in summary['kinds'].items())})")
    print(f"names:    {summary['names']:,} names, {summary['agent_phrases']:,} agent phrases")
    print(f"loaded:   in {seconds:.2f} s")
    print(f"source:   {summary['source']}")
    print("licence:  MIT (see NOTICE beside the shipped file)")


@kb_app.command()
def show(
    name: Annotated[str, typer.Argument(help="A name, surname, capital, adjective or agent phrase.")],
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="The date roles are chosen for (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per match.")] = False,
    kb_dir: KbDir = None,
) -> None:
    """Show the entries NAME resolves to, with the code valid on --date."""
    from communique.kb.lookup import load_kb

    kb = load_kb(kb_dir)
    matches = kb.lookup(name, date) or kb.lookup_person(name, date)
    agent = kb.agent(name) if not matches else None
    if not matches and agent is None:
        print(f"error: no entry named {name!r}", file=sys.stderr)
        raise typer.Exit(1)
    for match in matches:
        if as_json:
            fields = {slot: getattr(match, slot) for slot in match.__slots__ if slot != "entry"}
            fields["secondary"] = list(match.secondary)
            print(json.dumps(fields, ensure_ascii=False))
        else:
            where = ", ".join(part for part in (match.country, match.sector) if part)
            when = f"on {date}" if match.date_known else "no date"
            role = f"  role: {match.role}" if match.role else ""
            print(
                f"{match.entry_id}  {match.kind}  {match.name}  {match.code or '-'}"
                f"{f' ({where})' if where else ''}  {match.rule} {when}, as {match.form}{role}"
            )
    if agent is not None:
        if as_json:
            print(
                json.dumps(
                    {
                        "entry_id": agent.entry_id,
                        "kind": "agent",
                        "phrase": agent.phrase,
                        "code": agent.code,
                        "sector": agent.sector,
                        "secondary": list(agent.secondary),
                    }
                )
            )
        else:
            print(f"{agent.entry_id}  agent  {agent.phrase}  {agent.code} ({agent.sector})")
