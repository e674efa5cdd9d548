"""The time grammar: which strings are time expressions, and what they mean on a given day.

Two pure functions over plain strings, with no parse and no model:

- ``find_times(text, start, end)`` finds the expressions this grammar knows in
  ``text[start:end]`` (the longest match wins where two overlap);
- ``resolve(expression, anchor, tense)`` gives one expression's ISO 8601 value
  and granularity on the ``anchor`` day (the article's date), or ``UNRESOLVED``.

The rules, with an anchor of Tuesday 13 October 2009:

- **Explicit dates** keep their own value: "12 October 2009", "Oct. 12, 2009",
  "2009-10-12" (day); "October 2009" (month); "2009" (year). A month and day
  without a year ("Oct. 12") take the year that puts them nearest the anchor,
  or, when the verb's tense says which way, the latest one on or before it
  (past) or the first on or after it (future). A month name alone ("in
  September") follows the same rule at month granularity; "last"/"next
  September" is the one strictly before/after the anchor's month.
- **Days relative to the anchor**: "today", "tonight", "this morning", "later
  today" → the anchor; "yesterday", "last night" → the day before; "tomorrow" →
  the day after.
- **Weekday names**: "on Tuesday" is the latest Tuesday on or before the anchor
  (so "on Monday" in a Monday article is that day), unless the verb is future
  ("will meet on Tuesday"), which takes the first on or after it. "last
  Tuesday"/"next Tuesday" are strictly before/after; "this Friday" is the
  Friday of the anchor's week (Monday to Sunday).
- **Calendar units**: "last/this/next week|month|year" shift the anchor's ISO
  week ("2009-W41"), month ("2009-09") or year; a leading "earlier", "later",
  "early", "late" or "mid-" narrows the period without changing it ("earlier
  this month" → 2009-10).
- **Counted distances**: "three years ago" → 2006 (year); "two months ago" →
  2009-08; "ten days ago" → 2009-10-03; minutes and hours ago stay on the
  anchor day. "Several"/"a few" units ago cannot be counted: unresolved.
- **"later"/"earlier" alone** (the parse must make them adverbs of a verb,
  which the caller checks): the anchor's day, for "later" with a future or
  present verb ("Clinton will later meet…") and "earlier" with a past or
  present one ("Lavrov said earlier…"). "He later resigned" is later than some
  other event of the story, not a day we know: unresolved.
- **Clock times** ("7:41am EDT", "10 a.m.", "14:30 GMT", "noon") on their own
  day ("Tuesday at 10 a.m.") or the anchor day give ``YYYY-MM-DDTHH:MM``, with
  the zone's UTC offset when it is a known abbreviation.
- **Anaphoric and counted spans and decades** — "the next day", "that week",
  "two days later", "the past year", "the 1990s" — are found (so "next day" inside "the next day" is
  not taken for tomorrow) but stay unresolved: they hang on another event of
  the story, or they are durations, or periods the output model has no
  granularity for (a decade).

The rules are explicit and deterministic on purpose: the same words on the same
anchor always give the same value, and each value can be explained by one line
above. ``dateparser`` is not used here; the dateline's own date comes from
:func:`communique.dates.normalize_date`.
"""

from __future__ import annotations

import datetime as dt
import re
import re._constants as _sre
import re._parser
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Tense = Literal["past", "present", "future"]
Granularity = Literal["year", "month", "week", "day", "time"]


@dataclass(frozen=True)
class Resolution:
    """An expression's ISO 8601 value at its granularity; both None when it cannot be resolved."""

    value: str | None = None
    granularity: Granularity | None = None


UNRESOLVED = Resolution()

# --- vocabulary -----------------------------------------------------------------------------------

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_ABBREVIATIONS = ("Mon", "Tues", "Tue", "Wed", "Thurs", "Thur", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_ABBREVIATIONS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sept": 9, "Sep": 9,
                        "Oct": 10, "Nov": 11, "Dec": 12}  # fmt: skip
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "a couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_UNCOUNTED = ("several", "a few", "few", "some", "many")
_ZONE_OFFSETS = {"GMT": "+00:00", "UTC": "+00:00", "Z": "+00:00", "BST": "+01:00", "CET": "+01:00",
                 "CEST": "+02:00", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
                 "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00"}  # fmt: skip

_PREPOSITIONS = ("in", "since", "until", "till", "by", "from", "to", "before", "after", "during", "through",
                 "throughout", "of", "on", "between", "and", "or")  # fmt: skip
"""Words before a bare month or year that make it a time expression ("in May", "since 2006")."""


def _names(words) -> str:
    """Case-sensitive alternation of capitalised and upper-case forms: "May" is a month, "may" a verb."""
    forms = [form for word in sorted(words, key=len, reverse=True) for form in (word, word.upper())]
    return "(?-i:" + "|".join(forms) + ")"


_WEEKDAY = _names(_WEEKDAYS) + r"\b"
_ANY_WEEKDAY = "(?:" + _names(_WEEKDAYS + _WEEKDAY_ABBREVIATIONS) + r"\b\.?)"
_MONTH = "(?:" + _names(_MONTHS) + r"\b|" + _names(_MONTH_ABBREVIATIONS) + r"\b\.?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:1[89]\d\d|20\d\d)\b"
_NEAR = r"(?:(?:earlier|later|early|late|mid)[\s-]+|mid-?)"
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_UNIT = r"(?:minute|hour|day|week|fortnight|month|year|decade)s?"
_COUNT = r"(?:\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + "|" + "|".join(_UNCOUNTED) + ")"
_NAMED_DAY_GUARD = "".join(
    rf"(?<!{word}\s)" for word in ("Super", "Black", "Good", "Ash", "Cyber", "Holy", "Maundy", "Easter", "Bloody")
)
"""Named days are not weekdays of the anchor's week: "Super Tuesday", "Good Friday", "Bloody Sunday"."""
_ZONE = "(?-i:" + "|".join(sorted(_ZONE_OFFSETS, key=len, reverse=True)) + r")\b"

# --- formatting and calendar arithmetic -----------------------------------------------------------


def _day(date: dt.date) -> Resolution:
    return Resolution(date.isoformat(), "day")


def _week(date: dt.date) -> Resolution:
    year, week, _ = date.isocalendar()
    return Resolution(f"{year:04d}-W{week:02d}", "week")


def _month(year: int, month: int) -> Resolution:
    return Resolution(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> Resolution:
    return Resolution(f"{year:04d}", "year")


def _shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    name = name.rstrip(".").capitalize()
    return _MONTHS.index(name) + 1 if name in _MONTHS else _MONTH_ABBREVIATIONS[name]


def _weekday_number(name: str) -> int:
    return _WEEKDAYS.index(name.capitalize())


def _count(word: str) -> int | None:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _pick(candidates: list[dt.date], anchor: dt.date, tense: Tense | None) -> dt.date | None:
    """The candidate the tense points to: latest on or before the anchor (past), first on or after it
    (future), else the nearest (the earlier one on a tie)."""
    if tense == "past":
        return max((date for date in candidates if date <= anchor), default=None)
    if tense == "future":
        return min((date for date in candidates if date >= anchor), default=None)
    return min(candidates, key=lambda date: (abs((date - anchor).days), date), default=None)


# --- rule handlers: (match, anchor, tense) -> Resolution ------------------------------------------

Handler = Callable[[re.Match, "dt.date | None", "Tense | None"], Resolution]


def _explicit_date(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    month, day = _month_number(match["month"]), int(re.match(r"\d+", match["day"]).group())
    if match["year"]:
        date = _date_or_none(int(match["year"]), month, day)
        return _day(date) if date else UNRESOLVED
    if anchor is None:
        return UNRESOLVED
    candidates = [date for year in (anchor.year - 1, anchor.year, anchor.year + 1)
                  if (date := _date_or_none(year, month, day))]  # fmt: skip
    date = _pick(candidates, anchor, tense)
    return _day(date) if date else UNRESOLVED


def _numeric_date(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    date = _date_or_none(int(match["year"]), int(match["month"]), int(match["day"]))
    return _day(date) if date else UNRESOLVED


def _month_and_year(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    return _month(int(match["year"]), _month_number(match["month"]))


def _year_alone(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    return _year(int(match["year"]))


def _month_alone(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    if anchor is None:
        return UNRESOLVED
    month, relation = _month_number(match["month"]), (match["relation"] or "").lower()
    if relation == "this":
        return _month(anchor.year, month)
    if relation == "last":
        return _month(anchor.year if month < anchor.month else anchor.year - 1, month)
    if relation == "next":
        return _month(anchor.year if month > anchor.month else anchor.year + 1, month)
    firsts = [dt.date(year, month, 1) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    date = _pick(firsts, anchor.replace(day=1), tense)
    return _month(date.year, date.month) if date else UNRESOLVED


def _relative_day(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    if anchor is None:
        return UNRESOLVED
    words = " ".join(match["day"].lower().split())
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1,
              "the day before yesterday": -2, "the day after tomorrow": 2}.get(words, 0)  # fmt: skip
    return _day(anchor + dt.timedelta(days=offset))


def _relative_unit(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    if anchor is None:
        return UNRESOLVED
    shift = {"last": -1, "this": 0, "next": 1}[match["relation"].lower()]
    unit = match["unit"].lower()
    if unit == "week":
        return _week(anchor + dt.timedelta(weeks=shift))
    if unit == "month":
        return _month(*_shift_month(anchor.year, anchor.month, shift))
    return _year(anchor.year + shift)


def _weekday(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    if anchor is None:
        return UNRESOLVED
    back = (anchor.weekday() - _weekday_number(match["weekday"])) % 7  # days since the latest one, 0 = today
    relation = (match["relation"] or "").lower()
    if relation in ("last", "past"):
        return _day(anchor - dt.timedelta(days=back or 7))
    if relation in ("next", "coming"):
        return _day(anchor + dt.timedelta(days=(-back) % 7 or 7))
    if relation == "this":
        return _day(anchor + dt.timedelta(days=_weekday_number(match["weekday"]) - anchor.weekday()))
    if tense == "future":
        return _day(anchor + dt.timedelta(days=(-back) % 7))
    return _day(anchor - dt.timedelta(days=back))


def _ago(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    count = _count(match["count"])
    if anchor is None or count is None:
        return UNRESOLVED
    unit = match["unit"].lower().rstrip("s")
    if unit == "decade":
        return _year(anchor.year - 10 * count)
    if unit == "year":
        return _year(anchor.year - count)
    if unit == "month":
        return _month(*_shift_month(anchor.year, anchor.month, -count))
    if unit in ("week", "fortnight"):
        return _week(anchor - dt.timedelta(weeks=count * (2 if unit == "fortnight" else 1)))
    if unit == "day":
        return _day(anchor - dt.timedelta(days=count))
    return _day(anchor)  # minutes or hours ago: the anchor's day


def _later_or_earlier(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    fits = ("future", "present") if match["word"].lower() == "later" else ("past", "present")
    return _day(anchor) if anchor is not None and tense in fits else UNRESOLVED


def _unresolvable(match: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    return UNRESOLVED


# --- the rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One kind of time expression: its pattern and what it means."""

    name: str
    pattern: re.Pattern
    handler: Handler


def _rule(name: str, pattern: str, handler: Handler) -> Rule:
    return Rule(name, _with_first_characters(pattern), handler)


DIGIT_CLASS = r"\d"
"""Stands for ``\\d`` among the first characters: any Unicode digit, as the pattern's own ``\\d`` matches."""


def _with_first_characters(pattern: str) -> re.Pattern:
    """``pattern`` (case-insensitive), led by a look-ahead for the characters its matches can begin with.

    ``re`` tries a pattern at every position of the text; the look-ahead turns most positions away
    after one character test instead of a try of every alternative ("earlier", "later", "mid"… at
    each word of an article): the same matches, about twice as fast."""
    characters, can_be_empty = _first_characters(re._parser.parse(pattern, re.IGNORECASE))
    if not characters or can_be_empty:
        return re.compile(pattern, re.IGNORECASE)
    digits = DIGIT_CLASS if DIGIT_CLASS in characters else ""
    literal = "".join(sorted(characters - {DIGIT_CLASS}))
    return re.compile("(?=[" + re.escape(literal) + digits + "])(?:" + pattern + ")", re.IGNORECASE)


def _first_characters(items) -> tuple[set[str] | None, bool]:
    """The characters a parsed pattern's match can begin with (None: any, or unknown) and whether it can be empty."""
    found: set[str] = set()
    for op, argument in items:
        characters, empty = _first_of(op, argument)
        if characters is None:
            return None, False
        found |= characters
        if not empty:
            return found, False
    return found, True


def _first_of(op, argument) -> tuple[set[str] | None, bool]:
    """:func:`_first_characters` of one node of a parsed pattern (``re._parser``)."""
    if op is _sre.LITERAL:
        return {chr(argument)}, False
    if op is _sre.IN:  # a set of literals, ranges and \d; other categories (\w) and negations count as any character
        characters: set[str] = set()
        for kind, value in argument:
            if kind is _sre.LITERAL:
                characters.add(chr(value))
            elif kind is _sre.RANGE:
                characters.update(chr(code) for code in range(value[0], value[1] + 1))
            elif kind is _sre.CATEGORY and value is _sre.CATEGORY_DIGIT:
                characters.add(DIGIT_CLASS)
            else:
                return None, False
        return characters, False
    if op is _sre.BRANCH:
        characters, empty = set(), False
        for branch in argument[1]:
            branch_characters, branch_empty = _first_characters(branch)
            if branch_characters is None:
                return None, False
            characters |= branch_characters
            empty = empty or branch_empty
        return characters, empty
    if op is _sre.SUBPATTERN:
        return _first_characters(argument[3])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        characters, empty = _first_characters(argument[2])
        return (characters, empty or argument[0] == 0) if characters is not None else (None, False)
    if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):  # \b and look-arounds match no character
        return set(), True
    return None, False


RULES: tuple[Rule, ...] = (
    _rule(
        "month-day",
        rf"\b(?:{_ANY_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?",
        _explicit_date,
    ),
    _rule(
        "day-month",
        rf"\b(?:{_ANY_WEEKDAY},?\s+)?(?:the\s+)?(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?",
        _explicit_date,
    ),
    _rule("iso-date", r"\b(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)\b", _numeric_date),
    _rule("us-date", r"\b(?P<month>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>\d{4})\b", _numeric_date),
    _rule("month-year", rf"\b(?:{_NEAR})?(?P<month>{_MONTH})(?:\s+of)?,?\s+(?P<year>{_YEAR})", _month_and_year),
    _rule("year", rf"\b(?:{_NEAR})?(?:the\s+year\s+)?(?P<year>{_YEAR})(?![-/]\d)", _year_alone),
    _rule("month", rf"\b(?:{_NEAR})?(?:(?P<relation>last|next|this)\s+)?(?P<month>{_MONTH})(?!\s*\d)", _month_alone),
    _rule(
        "relative-day",
        r"\b(?:(?:earlier|later)\s+)?(?P<day>today|tonight|this\s+(?:morning|afternoon|evening)|last\s+night"
        r"|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|tomorrow)"
        r"(?:\s+(?:morning|afternoon|evening|night))?\b",
        _relative_day,
    ),
    _rule("relative-unit", rf"\b(?:{_NEAR})?(?P<relation>last|this|next)\s+(?P<unit>week|month|year)\b", _relative_unit),
    _rule(
        "weekday",
        rf"\b(?:(?:earlier|later)\s+(?:on\s+)?)?(?:(?P<relation>last|past|next|this|coming)\s+)?"
        rf"{_NAMED_DAY_GUARD}(?P<weekday>{_WEEKDAY}){_PART_OF_DAY}\b",
        _weekday,
    ),
    _rule("ago", rf"\b(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\s+ago\b", _ago),
    _rule(
        "anaphoric",
        r"\b(?:the\s+(?:next|following|previous|preceding|same|prior|last|past|coming)|that)\s+"
        r"(?:day|night|morning|afternoon|evening|week|weekend|month|year)\b"
        rf"|\b{_COUNT}\s+{_UNIT}\s+(?:later|earlier|before|after|afterwards)\b",
        _unresolvable,
    ),
    _rule(
        "decade",
        r"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?(?:1[89]|20)\d0s\b|(?:\bthe\s+)?['’]\d0s\b",
        _unresolvable,
    ),
    _rule("later-or-earlier", r"\b(?P<word>later|earlier)\b(?!\s+than\b)", _later_or_earlier),
)
"""Every rule of the grammar, most specific first (on a full match, the first rule that matches wins)."""

DAY_RULES = frozenset({"month-day", "day-month", "iso-date", "us-date", "relative-day", "weekday"})
"""Rules that name a day, which a clock time next to them can refine."""

BARE_RULES = frozenset({"month", "year"})
"""Rules whose bare form ("May", "2000") is a time expression only after a preposition or a qualifier."""

CLOCK = _with_first_characters(
    r"\b(?P<hour>1[0-2]|0?[1-9])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?m\b\.?"
    rf"(?:\s+(?P<zone>{_ZONE}))?"
    rf"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)(?:\s+(?P<zone24>{_ZONE}))"
    r"|\b(?P<noon>noon|midday)\b"
)
"""A clock time: 12-hour with a.m./p.m., 24-hour with a zone (a bare "3:30" may be a score), or noon."""

_CLOCK_JOINER = re.compile(r"\s*(?:,\s*)?(?:(?:at|on)\s+)?", re.IGNORECASE)
_CONTEXT_BEFORE = re.compile(r"\b(?:" + "|".join(_PREPOSITIONS) + r")\s+$", re.IGNORECASE)
_LEADING_FILLER = re.compile(r"^(?:on|in|at|since|during|by)\s+", re.IGNORECASE)


# --- resolution ---------------------------------------------------------------------------------------


def resolve(expression: str, anchor: dt.date | None, tense: Tense | None = None) -> Resolution:
    """What ``expression`` means on the ``anchor`` day, its verb being in ``tense``; UNRESOLVED when no rule
    gives it a value (or it needs an anchor and there is none).

    A clock time with a day ("Tuesday at 10 a.m.", "7:41am EDT Oct 13, 2009") is resolved on that day;
    alone, on the anchor's day.
    """
    expression = " ".join(expression.split())
    clock = CLOCK.search(expression)
    if clock:
        return _with_clock(expression, clock, anchor, tense)
    return _resolve_day_part(expression, anchor, tense)


def _resolve_day_part(expression: str, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    for candidate in dict.fromkeys((expression, _LEADING_FILLER.sub("", expression))):
        for rule in RULES:
            match = rule.pattern.fullmatch(candidate)
            if match:
                return rule.handler(match, anchor, tense)
    return UNRESOLVED


def _with_clock(expression: str, clock: re.Match, anchor: dt.date | None, tense: Tense | None) -> Resolution:
    rest = (expression[: clock.start()] + " " + expression[clock.end() :]).strip(" ,")
    rest = re.sub(r"^(?:at|on)\s+|\s+(?:at|on)$", "", rest, flags=re.IGNORECASE).strip(" ,")
    if rest:
        day = _resolve_day_part(rest, anchor, tense)
        if day.granularity != "day":
            return UNRESOLVED
        date = day.value
    elif anchor is not None:
        date = anchor.isoformat()
    else:
        return UNRESOLVED
    return Resolution(f"{date}T{_clock_value(clock)}", "time")


def _clock_value(clock: re.Match) -> str:
    """``HH:MM`` with the zone's UTC offset when known, from a CLOCK match."""
    if clock["noon"]:
        return "12:00"
    if clock["hour24"]:
        hour, minute, zone = int(clock["hour24"]), int(clock["minute24"]), clock["zone24"]
    else:
        hour, minute, zone = int(clock["hour"]) % 12, int(clock["minute"] or 0), clock["zone"]
        hour += 12 if clock["half"].lower() == "p" else 0
    return f"{hour:02d}:{minute:02d}" + (_ZONE_OFFSETS[zone.upper()] if zone else "")


# --- finding ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A time expression found in the text: its character range and the rule that found it."""

    start: int
    end: int
    rule: str


def find_times(text: str, start: int = 0, end: int | None = None) -> list[Found]:
    """The time expressions of ``text[start:end]`` this grammar knows, in text order, without overlaps.

    Where matches overlap the longest wins ("the next day" over "next day", "two days later" over
    "later"); a clock time next to a day expression joins it ("Tuesday at 10 a.m."). A bare month or
    year counts only after a preposition or qualifier ("in May", "since 2006"), so "May" the verb and
    "2000 troops" are left out."""
    end = len(text) if end is None else end
    candidates = [
        Found(match.start(), match.end(), rule.name)
        for rule in RULES
        for match in rule.pattern.finditer(text, start, end)
        if rule.name not in BARE_RULES or _qualified(text, match)
    ]
    candidates += [Found(match.start(), match.end(), "clock") for match in CLOCK.finditer(text, start, end)]
    kept: list[Found] = []
    for found in sorted(candidates, key=lambda item: (item.start - item.end, item.start)):
        if all(found.end <= other.start or found.start >= other.end for other in kept):
            kept.append(found)
    return _join_clocks(text, sorted(kept, key=lambda item: item.start))


def _qualified(text: str, match: re.Match) -> bool:
    """A bare month or year match is a time expression: it carries a qualifier, or follows a preposition."""
    if match.group().lower() != match.group("month" if "month" in match.re.groupindex else "year").lower():
        return True
    return bool(_CONTEXT_BEFORE.search(text, max(0, match.start() - 12), match.start()))


def _join_clocks(text: str, found: list[Found]) -> list[Found]:
    """Clock times joined to the day expression they touch: "Tuesday at 10 a.m.", "10 a.m. on Tuesday"."""
    joined: list[Found] = []
    for item in found:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and {item.rule, previous.rule} in ({"clock", rule} for rule in DAY_RULES)
            and _CLOCK_JOINER.fullmatch(text, previous.end, item.start)
        ):
            joined[-1] = Found(previous.start, item.end, "clock")
        else:
            joined.append(item)
    return joined
