"""The NGEC actor-resolution cases (``shared/eval/actors/ngec-actor-cases.jsonl``): how many communique gets right.

Each line is one case: ``name``, ``method``, ``input``, ``date``, ``context``, ``expect`` and
optional ``args`` (see the file's README). A case is *scored* when ``expect`` has at least one of:

``country``   ISO 3166 alpha-3 (``""`` = none; ``IGO``, ``UNO``, ``EUR`` for international bodies);
``code_1``    the PLOVER-style sector (GOV, MIL…; ``""`` = none), ``code_2`` the secondary one;
``result``    ``null``: the method must find no actor;
``actors``    the co-actors of a span: equal as sets (order does not matter).

``country``, ``code_1`` and ``code_2`` also come as ``KEY!=`` (must differ) and ``KEY in`` (one of
a list). Every other key (``wiki``, ``title``, ``pattern``, ``text``, ``source``,
``actor_wiki_job``, ``len(...)>``) is shown but not scored; a case with no scored key is skipped.
A case passes when every scored expectation holds. When a method finds no actor (``None``),
every expectation but ``result: null`` fails, as the upstream test would.

What runs for each upstream method:

``agent_to_code``, ``short_text_to_agent``, ``trf_agent_match``, ``search_nat``
    :func:`communique.kb.phrase.code_phrase` on ``input`` with ``date``; a ``context`` or an
    ``args.known_country`` is passed as its context. (``search_nat`` cases expect ``country``
    and the leftover ``text``; only ``country`` is scored.)
``find_co_actors``
    :func:`communique.extract.compound.co_actors` on the parsed ``context`` for the first
    occurrence of ``input`` in it; ``actors`` compares the phrases' texts.
``query_wiki``
    picks a Wikipedia article; communique has no Wikipedia, so its cases are skipped unless they
    carry a scored key (then :func:`code_phrase` runs, as for ``agent_to_code``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SCORED_FIELDS = ("country", "code_1", "code_2")
PHRASE_METHODS = ("agent_to_code", "short_text_to_agent", "trf_agent_match", "search_nat", "query_wiki")
METHODS = (*PHRASE_METHODS, "find_co_actors")
"""The upstream methods this scorer knows, in the order they are reported."""


@dataclass(frozen=True)
class Expectation:
    """One scored key of a case's ``expect``: ``field`` compared by ``op`` (``==``, ``!=``, ``in``)."""

    key: str
    field: str
    op: str
    value: object

    def holds(self, got: dict) -> bool:
        if self.field == "result":
            return got["result"] is None
        if got["result"] is None:
            return False
        value = got.get(self.field)
        if self.field == "actors":
            return isinstance(self.value, list) and sorted(map(str, self.value)) == sorted(value or [])
        if self.op == "!=":
            return value != self.value
        if self.op == "in":
            return isinstance(self.value, list) and value in self.value
        return value == self.value


@dataclass
class Case:
    """A line of the cases file."""

    line: int
    name: str
    method: str
    input: str
    date: str | None
    context: str | None
    expect: dict
    args: dict = field(default_factory=dict)

    @property
    def scored(self) -> list[Expectation]:
        return scored_expectations(self.expect)


@dataclass
class Outcome:
    case: Case
    got: dict
    passed: bool
    failed: list[Expectation]


@dataclass
class MethodFigures:
    cases: int = 0
    scored: int = 0
    passed: int = 0

    @property
    def skipped(self) -> int:
        return self.cases - self.scored

    @property
    def accuracy(self) -> float | None:
        """Percent of scored cases passed, one decimal; ``None`` when none was scored."""
        return round(100 * self.passed / self.scored, 1) if self.scored else None


@dataclass
class Result:
    outcomes: list[Outcome]
    methods: dict[str, MethodFigures]
    seconds: float = 0.0

    @property
    def total(self) -> MethodFigures:
        total = MethodFigures()
        for figures in self.methods.values():
            total.cases += figures.cases
            total.scored += figures.scored
            total.passed += figures.passed
        return total

    def figures(self) -> dict:
        """The JSON line: accuracy in percent (one decimal) overall and per method, and the counts."""
        total = self.total
        out: dict = {
            "accuracy": total.accuracy,
            "scored": total.scored,
            "passed": total.passed,
            "skipped": total.skipped,
            "cases": total.cases,
        }
        for method, figures in self.methods.items():
            out[method] = figures.accuracy
        return out


def scored_expectations(expect: dict) -> list[Expectation]:
    """The keys of ``expect`` this scorer checks (see the module's docstring)."""
    found = []
    for key, value in expect.items():
        if key == "result":
            if value is None:
                found.append(Expectation(key, "result", "==", None))
        elif key == "actors":
            found.append(Expectation(key, "actors", "==", value))
        elif key in SCORED_FIELDS:
            found.append(Expectation(key, key, "==", value))
        elif key.endswith("!=") and key[:-2].strip() in SCORED_FIELDS:
            found.append(Expectation(key, key[:-2].strip(), "!=", value))
        elif key.endswith(" in") and key[:-3].strip() in SCORED_FIELDS:
            found.append(Expectation(key, key[:-3].strip(), "in", value))
    return found


def read_cases(path: Path) -> tuple[list[Case], list[str]]:
    """The cases of a JSON Lines file, and one ``file:line: why`` for each line that cannot be used."""
    cases: list[Case] = []
    errors: list[str] = []
    with open(path, encoding="utf-8", errors="strict") as handle:
        lines = handle.read().splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except ValueError as error:
            errors.append(f"{where}: not JSON ({error})")
            continue
        if not isinstance(record, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        problem = _problem(record)
        if problem:
            errors.append(f"{where}: {problem}")
            continue
        cases.append(
            Case(
                line=number,
                name=str(record.get("name") or f"line {number}"),
                method=record["method"],
                input=record["input"],
                date=record.get("date"),
                context=record.get("context"),
                expect=record["expect"],
                args=record.get("args") or {},
            )
        )
    return cases, errors


def _problem(record: dict) -> str | None:
    if not isinstance(record.get("method"), str):
        return "no 'method' (a string)"
    if not isinstance(record.get("input"), str):
        return "no 'input' (a string)"
    if not isinstance(record.get("expect"), dict):
        return "no 'expect' (an object)"
    for key in ("date", "context"):
        if record.get(key) is not None and not isinstance(record[key], str):
            return f"'{key}' is neither a string nor null"
    if record.get("args") is not None and not isinstance(record["args"], dict):
        return "'args' is not an object"
    if record["method"] not in METHODS:
        return f"unknown method {record['method']!r} (known: {', '.join(METHODS)})"
    return None


def evaluate(cases: list[Case], kb=None, nlp_loader: Callable | None = None) -> Result:
    """Run every case's method and score it; ``nlp_loader()`` gives the spaCy pipeline (loaded only
    when there are ``find_co_actors`` cases to score)."""
    import time

    from communique.kb import load_kb

    started = time.perf_counter()
    kb = kb or load_kb()
    nlp = None
    methods = {method: MethodFigures() for method in METHODS if any(case.method == method for case in cases)}
    outcomes: list[Outcome] = []
    for case in cases:
        figures = methods[case.method]
        figures.cases += 1
        expectations = case.scored
        if not expectations:
            continue
        if case.method == "find_co_actors":
            if nlp is None:
                nlp = nlp_loader() if nlp_loader else _default_pipeline()
            got = run_co_actors(case, nlp, kb)
        else:
            got = run_phrase(case, kb)
        failed = [expectation for expectation in expectations if not expectation.holds(got)]
        figures.scored += 1
        figures.passed += not failed
        outcomes.append(Outcome(case, got, not failed, failed))
    return Result(outcomes, methods, time.perf_counter() - started)


def run_phrase(case: Case, kb) -> dict:
    """``code_phrase`` on a case: ``result`` (the code or None), ``country``, ``code_1``, ``code_2``."""
    from communique.kb.phrase import code_phrase

    context = case.context or case.args.get("known_country") or None
    found = code_phrase(kb, case.input, case.date, context=context if isinstance(context, str) else None)
    if found is None:
        return {"result": None}
    return {
        "result": found.code or "(no code)",
        "country": found.country,
        "code_1": found.code_1,
        "code_2": found.code_2,
        "reason": found.reason,
    }


def run_co_actors(case: Case, nlp, kb) -> dict:
    """``co_actors`` on the parsed context for the first occurrence of the input span."""
    from communique.extract.compound import co_actors

    context = case.context or case.input
    start = context.find(case.input)
    if start < 0:
        return {"result": None, "reason": "the input does not occur in the context"}
    found = co_actors(nlp(context), start, start + len(case.input), kb=kb)
    return {"result": "actors", "actors": sorted(actor.text for actor in found)}


def _default_pipeline():
    from communique.parse import load_pipeline

    return load_pipeline()


def describe(value) -> str:
    """A short printable form of an expected or found value."""
    if value is None:
        return "None"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def failure_line(outcome: Outcome) -> str:
    """``name [method] 'input' (date): expected … got …`` for the failure list."""
    case = outcome.case
    got = outcome.got
    expected = ", ".join(f"{e.key}={describe(e.value)}" for e in outcome.failed)
    if got.get("result") is None:
        found = "None" + (f" ({got['reason']})" if got.get("reason") else "")
    elif case.method == "find_co_actors":
        found = f"actors={describe(got.get('actors'))}"
    else:
        found = (
            ", ".join(f"{e.field}={describe(got.get(e.field))}" for e in outcome.failed if e.field != "result")
            or f"result={describe(got.get('result'))}"
        )
        found += f" [{got.get('result')}: {got.get('reason')}]"
    unscored = {k: v for k, v in case.expect.items() if k not in {e.key for e in case.scored}}
    extra = f"  (not scored: {describe(unscored)})" if unscored else ""
    date = f" {case.date}" if case.date else ""
    return f"{case.name} [{case.method}] {describe(case.input)}{date}: expected {expected}; got {found}{extra}"
