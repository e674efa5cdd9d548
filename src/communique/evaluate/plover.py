"""PLOVER gold-standard records: event category, source and target actor codes.

Each record is one sentence (``text``) with its PLOVER ``event`` category and the ``source`` and
``target`` actors (lists of ``{actorText, code}``; an empty target is ``""``, ``null`` or absent).
communique analyses the text as an undated article (every record carries the same placeholder
date, 2000-01-01, for examples from the 1980s to the 2000s, and the codes expected are today's:
``SRB``, not the code Serbia had on that day) and the record's event is compared with
communique's *principal* event of the text: a verb of saying (CAMEO root 01) only when there is
no other, and an act's purpose ("began a hunger strike *to demand* …") only when there is no act,
then the event whose verb is nearest the root of the parse (the main clause), then the most
confident, then the earliest.

- **category**: the principal event's PLOVER category (from the CAMEO→PLOVER table) equals the
  record's, read in the table's version: the records use PLOVER 0.6 names, which
  :data:`PLOVER_06_TO_2021` maps (DEMAND is REQUEST, FIGHT is ASSAULT, INVESTIGATE and DISAPPROVE
  are modes of ACCUSE);
- **source**: the principal event's source code, by its leading part (the state, or IGO/NGO…:
  ``USAGOV`` → ``USA``), is one of the record's source codes;
- **target**: likewise for the target; a record without a target is right when the event has none.

A text with no event scores wrong on all three.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from communique.model import Article, Event

PLOVER_06_TO_2021 = {"DEMAND": "REQUEST", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE", "DISAPPROVE": "ACCUSE"}
"""PLOVER 0.6 category names that the 2021 table (CAMEO2PLOVER, manual draft 0.8) calls otherwise."""


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    date: str | None
    category: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


@dataclass
class Outcome:
    record: Record
    event: Event | None

    @property
    def category_ok(self) -> bool:
        return self.event is not None and self.event.code.plover_category == current_name(self.record.category)

    @property
    def source_ok(self) -> bool:
        return self.event is not None and leading_code(self.event.source_code) in self.record.sources

    @property
    def target_ok(self) -> bool:
        if self.event is None:
            return False
        if not self.record.targets:
            return self.event.target_code is None
        return leading_code(self.event.target_code) in self.record.targets


@dataclass
class Result:
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0

    def figures(self) -> dict:
        scored = len(self.outcomes)

        def share(count: int) -> float | None:
            return round(count / scored, 4) if scored else None

        return {
            "records": scored,
            "skipped": self.skipped,
            "with_event": sum(1 for o in self.outcomes if o.event is not None),
            "category_accuracy": share(sum(o.category_ok for o in self.outcomes)),
            "source_accuracy": share(sum(o.source_ok for o in self.outcomes)),
            "target_accuracy": share(sum(o.target_ok for o in self.outcomes)),
        }


def current_name(category: str) -> str:
    """A PLOVER 0.6 category under its name in the 2021 table."""
    return PLOVER_06_TO_2021.get(category, category)


def leading_code(code: str | None) -> str | None:
    """The leading three letters of an actor code (the state, or IGO/NGO/IMG/MNC)."""
    return code[:3] if code else None


def read_records(path: Path) -> tuple[list[Record], list[str]]:
    """The scoreable records of a PLOVER JSON file, and one ``file: id: why`` line per skipped one."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("not a JSON list of records")
    records: list[Record] = []
    skipped: list[str] = []
    for number, item in enumerate(data, 1):
        record_id = item.get("id", f"#{number}") if isinstance(item, dict) else f"#{number}"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item.get("event"):
            skipped.append(f"{path.name}: {record_id}: no text or event; skipped")
            continue
        sources = _codes(item.get("source"))
        if not sources:
            skipped.append(f"{path.name}: {record_id}: no source actor code; skipped")
            continue
        records.append(
            Record(record_id, item["text"].strip(" {}"), item.get("date"), item["event"], sources, _codes(item.get("target")))
        )
    return records, skipped


def _codes(actors) -> tuple[str, ...]:
    if not isinstance(actors, list):
        return ()
    return tuple(a["code"][:3] for a in actors if isinstance(a, dict) and isinstance(a.get("code"), str) and a["code"])


def principal_event(events: list[Event], depths: dict[int, int], purposes: frozenset[int] = frozenset()) -> Event | None:
    """The event a one-sentence record is about (see the module's docstring); ``depths`` maps a token's
    offset to its depth in the parse, ``purposes`` holds the offsets of verbs of purpose clauses."""
    if not events:
        return None
    return min(
        events,
        key=lambda e: (e.code.root == "01", e.verb.start in purposes, depths.get(e.verb.start, 99), -e.confidence, e.verb.start),
    )


def evaluate(records: list[Record], nlp, skipped: int = 0) -> Result:
    """Analyse every record's text with ``nlp`` (a communique pipeline) and score its principal event."""
    from communique.extract import analyze_doc
    from communique.extract.events import is_purpose_clause
    from communique.components import pipeline_label

    started = time.perf_counter()
    result = Result(skipped=skipped)
    label = pipeline_label(nlp)
    for record in records:
        article = Article(id=record.id, text=record.text)
        doc = nlp(record.text)
        analysis = analyze_doc(doc, article, label)
        depths = {token.idx: _depth(token) for token in doc}
        purposes = frozenset(token.idx for token in doc if is_purpose_clause(token))
        result.outcomes.append(Outcome(record, principal_event(analysis.events, depths, purposes)))
    result.seconds = time.perf_counter() - started
    return result


def _depth(token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def failure_line(outcome: Outcome) -> str:
    event = outcome.event
    got = (
        f"{event.code.cameo} {event.code.plover_category} {event.source_code}->{event.target_code}"
        if event is not None
        else "no event"
    )
    record = outcome.record
    wanted = f"{record.category} {'/'.join(record.sources)}->{'/'.join(record.targets) or '-'}"
    return f"{record.id}: wanted {wanted}; got {got} | {record.text[:120]}"
