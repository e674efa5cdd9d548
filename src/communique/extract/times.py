"""Time expressions of an article, resolved against its date, and the date of a clause.

``article_times(doc, text, article)`` gives every time expression of an article
in text order:

- its **datelines** (role ``dateline``): the header's ("Tuesday, Oct 13th,
  2009", "Tue Oct 13, 2009 7:41am EDT", "13 October 2009", "2009-10-13"),
  resolved to the article's date, or to its minute when it gives a clock time;
  and a wire dateline opening the body ("MOSCOW, Oct 13 (Reuters) -"), resolved
  against the article's date, or standing in for it when the article has none;
- every **time expression of the body** (role ``body``): what the grammar of
  :mod:`communique.extract.timerules` finds, plus the parser's DATE and TIME
  entities it does not know ("the 1990s", "two years"), which stay unresolved.
  Each is resolved against the article's date (the *anchor*), with the tense of
  the verb it hangs on: "on Tuesday" is the latest Tuesday, or the next one
  under "will". A bare "later"/"earlier" counts only as an adverb of a verb.

**The date of a clause.** ``date_of(token_or_span, times)`` is the one function
quotes, events and stances share to ask "when did this happen, according to the
text?": the most precise resolved body expression attached to the clause of the
token — the expressions whose nearest verb up the parse tree is that clause's
verb ("Medvedev, who said *last month* …" dates "said"; in "Lavrov said he
would meet Clinton *on Friday*", Friday dates "meet", not "said"). A participle
adjunct without a subject of its own ("…, saying …") shares the time of the
clause it hangs on. ``None`` means the text does not date that clause: callers
decide what that means (for a quote, the article's date, left implicit).

**Quote dates** (``dated_quotes``): a quote's ``date`` is the date of its cue's
clause when the text gives one ("who said last month" → ``2009-09``), even when
it equals the article's day ("said today"); otherwise it is ``null`` and the
article's date applies implicitly. Continuation quotes have no cue and stay
``null``.

Everything here is pure Python over the parse: no model, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from communique.extract.timerules import DAY_RULES, Tense, find_times, resolve
from communique.model import Article, Event, Quote, TimeExpression, span_of, trimmed_bounds

GRANULARITY_RANK = {"year": 0, "month": 1, "week": 2, "day": 3, "time": 4}
"""Precision order of granularities: when several expressions date a clause, the finest wins."""

ENTITY_LABELS = frozenset({"DATE", "TIME"})

_TIME_WORD = re.compile(
    r"\b(?:\d{4}|\d0s|'\d0s)\b|(?:second|minute|hour|day|night|week|fortnight|month|year|decade|century|centuries"
    r"|morning|afternoon|evening|noon|midnight|spring|summer|autumn|fall|winter|christmas|easter|thanksgiving"
    r"|ramadan|eid|nowruz|hanukkah|annual|daily|weekly|monthly|yearly|quarterly|season)"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?!\w)",
    re.IGNORECASE,
)
"""What a parser DATE/TIME entity must contain to be kept: a year, a decade, a word of time, or what may be
a month or weekday name (the small parser also labels ages, bill numbers and road names as dates)."""

_FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo", "would"})
_FUTURE_HEADS = frozenset(
    {"go", "expect", "schedule", "plan", "due", "set", "intend", "hope", "aim", "promise", "pledge", "vow", "prepare"}
)
"""Verbs whose complement lies ahead: "going to meet", "expected to meet", "plans to meet"."""

_WIRE_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)(?:,\s*[A-Z][A-Za-z.'’ -]{1,30}?)?,\s+(?P<date>[^()\n]{3,40}?)"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:--|-|—|–)\s"
)
"""A wire dateline opening the body: PLACE[, REGION], DATE [(AGENCY)] -."""


# --- datelines -------------------------------------------------------------------------------------


def dateline_times(article: Article) -> list[TimeExpression]:
    """The article's datelines: the header's, then a wire dateline opening the body, when present."""
    header = dateline_time(article)
    wire = wire_dateline_time(article)
    return [time for time in (header, wire) if time is not None]


def dateline_time(article: Article) -> TimeExpression | None:
    """The header's dateline, resolved to the article's date at day granularity, or to the minute when
    the dateline also gives a clock time on that day ("Tue Oct 13, 2009 7:41am EDT")."""
    if article.dateline is None:
        return None
    resolved, granularity = article.date, "day" if article.date else None
    if article.date:
        finer = resolve(article.dateline.text, dt.date.fromisoformat(article.date))
        if finer.granularity == "time" and finer.value.startswith(article.date):
            resolved, granularity = finer.value, "time"
    return TimeExpression(**article.dateline.model_dump(), role="dateline", resolved=resolved, granularity=granularity)


def wire_dateline_time(article: Article) -> TimeExpression | None:
    """The date of a wire dateline opening the body ("MOSCOW, Oct 13 (Reuters) -"), resolved against the
    article's date (a date without a year needs one), when the body opens with such a line."""
    match = _WIRE_DATELINE.match(article.text, article.body_start)
    if match is None:
        return None
    start, end = trimmed_bounds(article.text, *match.span("date"))
    found = find_times(article.text, start, end)
    if len(found) != 1 or (found[0].start, found[0].end) != (start, end) or found[0].rule not in DAY_RULES | {"clock"}:
        return None
    resolution = resolve(article.text[start:end], _date(article.date))
    return TimeExpression(
        **span_of(article.text, start, end).model_dump(),
        role="dateline",
        resolved=resolution.value,
        granularity=resolution.granularity,
    )


def anchor_date(article: Article, datelines: Sequence[TimeExpression]) -> dt.date | None:
    """The day body expressions are resolved against: the article's date, else a dateline's full date."""
    if article.date:
        return _date(article.date)
    for time in datelines:
        if time.resolved and time.granularity in ("day", "time"):
            return dt.date.fromisoformat(time.resolved[:10])
    return None


# --- body expressions ----------------------------------------------------------------------------------


def article_times(doc: Doc, text: str, article: Article) -> list[TimeExpression]:
    """Every time expression of the article, datelines first, then the body's in text order."""
    datelines = dateline_times(article)
    return datelines + body_times(doc, text, article.body_start, anchor_date(article, datelines), datelines)


def body_times(
    doc: Doc, text: str, body_start: int, anchor: dt.date | None, skip: Sequence[TimeExpression] = ()
) -> list[TimeExpression]:
    """The time expressions of ``text`` from ``body_start`` on, outside the ``skip`` spans, resolved against
    ``anchor`` with the tense of the verb each one hangs on."""
    taken = [(time.start, time.end) for time in skip]
    bounds = []
    for found in find_times(text, body_start):
        if _overlaps((found.start, found.end), taken):
            continue
        if found.rule == "later-or-earlier" and not _adverb_of_verb(doc, found.start, found.end):
            continue
        bounds.append((found.start, found.end))
    taken += bounds
    for entity in doc.ents:
        if entity.label_ in ENTITY_LABELS and entity.start_char >= body_start and _TIME_WORD.search(entity.text):
            entity_bounds = trimmed_bounds(text, entity.start_char, entity.end_char)
            if not _overlaps(entity_bounds, taken):
                bounds.append(entity_bounds)
    return [_body_time(doc, text, start, end, anchor) for start, end in sorted(bounds)]


def _body_time(doc: Doc, text: str, start: int, end: int, anchor: dt.date | None) -> TimeExpression:
    resolution = resolve(text[start:end], anchor, tense_of(_root(doc, start, end)))
    return TimeExpression(
        **span_of(text, start, end).model_dump(),
        role="body",
        resolved=resolution.value,
        granularity=resolution.granularity,
    )


def _adverb_of_verb(doc: Doc, start: int, end: int) -> bool:
    """True when the word is an adverb modifying a verb ("will later meet"), not an adjective ("an earlier
    report") nor part of a comparison."""
    token = _root(doc, start, end)
    return token.pos_ == "ADV" and token.dep_ == "advmod" and token.head.pos_ in ("VERB", "AUX")


def _overlaps(bounds: tuple[int, int], others: Sequence[tuple[int, int]]) -> bool:
    return any(bounds[0] < end and start < bounds[1] for start, end in others)


# --- clauses and tense ----------------------------------------------------------------------------------


def governing_verb(token: Token) -> Token | None:
    """The verb of the clause ``token`` belongs to: itself when it is one, else the nearest verb up the
    parse tree (an auxiliary stands for the verb it helps); None in a verbless sentence."""
    current = token
    while True:
        if current.pos_ == "VERB":
            return current
        if current.pos_ == "AUX":
            return current.head if current.dep_ in ("aux", "auxpass") else current
        if current.head.i == current.i:
            return None
        current = current.head


def tense_of(token: Token) -> Tense | None:
    """The tense of the clause ``token`` belongs to, as far as dates care: future (will, would, going to,
    expected to…), past (simple past, perfect, past passive) or present; None without a verb."""
    verb = governing_verb(token)
    if verb is None:
        return None
    if _is_future(verb):
        return "future"
    auxiliaries = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(aux.tag_ == "VBD" or aux.lemma_ == "have" for aux in auxiliaries):
        return "past"
    return "present"


def _is_future(verb: Token) -> bool:
    if any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUXILIARIES for child in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        head = governing_verb(verb.head)
        return head is not None and (head.lemma_ in _FUTURE_HEADS or _is_future(head))
    return False


# --- the date of a clause -----------------------------------------------------------------------------


def date_of(target: Token | Span, times: Sequence[TimeExpression]) -> TimeExpression | None:
    """The resolved body time expression dating the clause of ``target`` (a verb, any token of its clause,
    or a span, by its root), the most precise one when several do; None when the text does not date it.

    A participle adjunct with no subject of its own ("…, saying …") takes the date of the clause it hangs
    on when it has none of its own."""
    token = target.root if isinstance(target, Span) else target
    return _date_among(token, _time_clauses(token.doc, times))


def _date_among(token: Token, candidates: list[tuple[TimeExpression, int | None]]) -> TimeExpression | None:
    """:func:`date_of` with the article's :func:`_time_clauses` found once for all the clauses it dates."""
    clause = governing_verb(token)
    while clause is not None and candidates:
        attached = [time for time, verb in candidates if verb == clause.i]
        if attached:
            return max(attached, key=lambda time: (GRANULARITY_RANK[time.granularity], -abs(time.start - token.idx)))
        clause = governing_verb(clause.head) if _shares_time_of_head(clause) else None
    return None


def _time_clauses(doc: Doc, times: Sequence[TimeExpression]) -> list[tuple[TimeExpression, int | None]]:
    """Each resolved body time expression with the index of its clause's verb (None: a verbless sentence)."""
    return [(time, _clause_of(doc, time)) for time in times if time.role == "body" and time.resolved]


def dated_events(doc: Doc, events: Sequence[Event], times: Sequence[TimeExpression]) -> list[Event]:
    """``events`` with ``date`` set to the date the text gives their verb's clause ("met on Monday",
    "imposed sanctions in 2006"); the others keep theirs (the article's day, none when historical)."""
    clauses = _time_clauses(doc, times)
    dated = []
    for event in events:
        time = _date_among(_root(doc, event.verb.start, event.verb.end), clauses)
        dated.append(event.model_copy(update={"date": time.resolved}) if time else event)
    return dated


def dated_quotes(doc: Doc, quotes: Sequence[Quote], times: Sequence[TimeExpression]) -> list[Quote]:
    """``quotes`` with ``date`` set to the date of their cue's clause, where the text gives one."""
    clauses = _time_clauses(doc, times)
    dated = []
    for quote in quotes:
        time = _date_among(_root(doc, quote.cue.start, quote.cue.end), clauses) if quote.cue else None
        dated.append(quote.model_copy(update={"date": time.resolved}) if time else quote)
    return dated


def _clause_of(doc: Doc, time: TimeExpression) -> int | None:
    verb = governing_verb(_root(doc, time.start, time.end))
    return verb.i if verb is not None else None


def _shares_time_of_head(verb: Token) -> bool:
    return (
        verb.dep_ == "advcl"
        and verb.tag_ in ("VBG", "VBN")
        and not any(child.dep_ in ("nsubj", "nsubjpass") for child in verb.children)
    )


def _root(doc: Doc, start: int, end: int) -> Token:
    return doc.char_span(start, end, alignment_mode="expand").root


def _date(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None
