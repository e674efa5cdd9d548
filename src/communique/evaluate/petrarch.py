"""PETRARCH validation records: does communique code the events PETRARCH's unit tests expect?

A record is a ``<Sentence date= id=>`` element with ``<EventCoding sourcecode= targetcode=
eventcode=>`` expectations (or ``noevents="True"``, or an ``error`` such as ``storydiscard``:
no event expected) and the ``<Text>`` to code; its ``<Parse>``
(PETRARCH's Treebank input) is ignored: communique parses the text with its spaCy pipeline and
codes it with the dictionaries of the record file's folder (or ``--dictionaries``).

Scores: the share of expected codings produced exactly (source code, target code, event code),
and the extra codings produced that no expectation names, as a share of the expected ones.
PETRARCH's conventions for the codes compared: no target is ``---``; an actor with an agent but
no country is ``---`` + the agent (``---GOV``). No modality is dropped (PETRARCH codes negated
verbs through its patterns), no intent codes are substituted (PETRARCH has none), and events
without a target are dropped and conjoined sources with no target act on each other, as in
PETRARCH.
"""

from __future__ import annotations

import html
import re
import time
from dataclasses import dataclass, field

from communique.cameo.dictionaries import Dictionaries
from communique.extract.events import code_events, dictionary_actor_coder
from communique.kb.codes import SECTORS, iso_date

NO_ACTOR = "---"
_SENTENCE = re.compile(r"<Sentence\b(?P<attributes>[^>]*)>(?P<body>.*?)</Sentence>", re.S)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CODING = re.compile(r"<EventCoding\b([^>]*)>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@dataclass(frozen=True)
class Record:
    """One validation sentence: its id, date (ISO), text and expected (source, target, code) codings."""

    id: str
    date: str | None
    text: str
    expected: tuple[tuple[str, str, str], ...]


@dataclass
class Outcome:
    record: Record
    produced: list[tuple[str, str, str]]

    @property
    def matched(self) -> int:
        return sum(1 for coding in self.record.expected if coding in self.produced)

    @property
    def extra(self) -> int:
        return sum(1 for coding in set(self.produced) if coding not in self.record.expected)


@dataclass
class Result:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def expected(self) -> int:
        return sum(len(outcome.record.expected) for outcome in self.outcomes)

    @property
    def matched(self) -> int:
        return sum(outcome.matched for outcome in self.outcomes)

    @property
    def extra(self) -> int:
        return sum(outcome.extra for outcome in self.outcomes)

    def figures(self) -> dict:
        expected = self.expected
        return {
            "records": len(self.outcomes),
            "expected": expected,
            "matched": self.matched,
            "extra": self.extra,
            "expected_matched_share": round(self.matched / expected, 4) if expected else None,
            "extra_share": round(self.extra / expected, 4) if expected else None,
            "records_all_correct": sum(1 for o in self.outcomes if o.matched == len(o.record.expected) and not o.extra),
        }


def read_records(content: str, where: str) -> tuple[list[Record], list[str]]:
    """The records of a validation file's text, and one ``where: id: why`` line per unreadable one."""
    records: list[Record] = []
    errors: list[str] = []
    for match in _SENTENCE.finditer(_COMMENT.sub("", content)):
        attributes = _attributes(match.group("attributes"))
        record_id = attributes.get("id", f"#{len(records) + len(errors) + 1}")
        body = match.group("body")
        text_match = _TEXT.search(body)
        if text_match is None or not text_match.group(1).strip():
            errors.append(f"{where}: {record_id}: no <Text>; skipped")
            continue
        expected = []
        for coding in _CODING.finditer(body):
            fields = _attributes(coding.group(1))
            if fields.get("noevents", "").lower() == "true" or "error" in fields:
                continue  # no event expected (an ``error`` such as a discarded story codes none either)
            if not {"sourcecode", "targetcode", "eventcode"} <= fields.keys():
                errors.append(f"{where}: {record_id}: an EventCoding without sourcecode/targetcode/eventcode; ignored")
                continue
            expected.append((fields["sourcecode"], fields["targetcode"], fields["eventcode"]))
        text = " ".join(html.unescape(text_match.group(1)).split())
        records.append(Record(record_id, _date(attributes.get("date")), text, tuple(expected)))
    return records, errors


def _attributes(text: str) -> dict[str, str]:
    return {name: first if first else second for name, first, second in _ATTRIBUTE.findall(text)}


def _date(value: str | None) -> str | None:
    if value and re.fullmatch(r"\d{8}", value):
        return iso_date(f"{value[:4]}-{value[4:6]}-{value[6:]}")
    return None


def petrarch_code(code: str | None, states: dict) -> str:
    """An actor code as PETRARCH writes it: ``---`` for none, ``---GOV`` for an agent alone."""
    if not code:
        return NO_ACTOR
    code = code.lstrip("~")
    return NO_ACTOR + code if code[:3] in SECTORS and code[:3] not in states else code


def code_record(record: Record, nlp, dictionaries: Dictionaries) -> list[tuple[str, str, str]]:
    """The codings communique produces for a record's text, in PETRARCH's notation."""
    if dictionaries.discarded(record.text.upper().replace("_", " ").split(), story=True):
        return []
    doc = nlp(record.text)
    coder = dictionary_actor_coder(dictionaries, record.date, record.text)
    produced: list[tuple[str, str, str]] = []
    for sentence in doc.sents:
        events = code_events(
            sentence, dictionaries, coder, intent_codes=False, event_nouns=False, require_target=True, reciprocal=True
        )
        for event in events:
            coding = (
                petrarch_code(event.source.code if event.source else None, dictionaries.kb.states),
                petrarch_code(event.target.code if event.target else None, dictionaries.kb.states),
                event.code,
            )
            if coding not in produced:
                produced.append(coding)
    return produced


def evaluate(records: list[Record], nlp, dictionaries: Dictionaries) -> Result:
    started = time.perf_counter()
    result = Result()
    for record in records:
        result.outcomes.append(Outcome(record, code_record(record, nlp, dictionaries)))
    result.seconds = time.perf_counter() - started
    return result


def failure_line(outcome: Outcome) -> str:
    """One line naming a record's missed and extra codings."""
    missed = [c for c in outcome.record.expected if c not in outcome.produced]
    extra = [c for c in outcome.produced if c not in outcome.record.expected]
    show = lambda codings: " ".join("/".join(c) for c in codings) or "-"  # noqa: E731
    return f"{outcome.record.id}: missed {show(missed)}; extra {show(extra)} | {outcome.record.text[:150]}"
