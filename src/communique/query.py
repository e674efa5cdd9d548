"""Finding stored quotes, events and stances, for the CLI, the API and the pages alike.

Every filter is an SQLAlchemy expression with the user's text as a bound
parameter; name filters match case-insensitively anywhere in the name, actor
filters match a CAMEO code prefix (``RUS`` finds ``RUSGOV``) or an exact
actor key. Dates are ISO strings, so a date range is a string comparison.
Results come back as plain dicts in a stable order (date, article, record).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from enum import Enum

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from communique.store.search import article_text_matches, quote_text_matches
from communique.store.tables import ArticleRow, EventRow, QuoteRow, StanceRow

DATE_FILTER_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
"""The dates the filters take: YYYY, YYYY-MM or YYYY-MM-DD."""
_DATE_FILTER = re.compile(DATE_FILTER_PATTERN)


def is_date_filter(value: str) -> bool:
    """True for the dates the filters take: YYYY, YYYY-MM or YYYY-MM-DD."""
    return _DATE_FILTER.fullmatch(value) is not None


class RecordKind(str, Enum):
    quotes = "quotes"
    events = "events"
    stances = "stances"


@dataclass(frozen=True)
class Filters:
    """What to look for; None means no condition. See ``communique query --help`` for each."""

    speaker: str | None = None
    actor: str | None = None
    issue: str | None = None
    stance: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    text: str | None = None
    source: str | None = None
    target: str | None = None
    code: str | None = None
    quad_class: int | None = None

    def given(self) -> dict[str, object]:
        """The filters that are set, by name."""
        return {field.name: getattr(self, field.name) for field in fields(self) if getattr(self, field.name) is not None}


def find(session: Session, kind: RecordKind, filters: Filters, limit: int | None = None, offset: int = 0) -> list[dict]:
    """The ``kind`` records matching ``filters``, as dicts, in a stable order."""
    statement = _STATEMENTS[kind](session.get_bind().dialect.name, filters)
    return [dict(row) for row in session.execute(statement.limit(limit).offset(offset)).mappings()]


def count(session: Session, kind: RecordKind, filters: Filters) -> int:
    """How many ``kind`` records match ``filters``."""
    statement = _STATEMENTS[kind](session.get_bind().dialect.name, filters)
    return session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))


def stored_articles(session: Session, filters: Filters) -> Iterator[ArticleRow]:
    """Stored articles by date and id, streamed; the outlet, date and text (title or body) filters apply."""
    statement = select(ArticleRow).where(*article_conditions(session.get_bind().dialect.name, filters))
    return session.scalars(statement.order_by(ArticleRow.date, ArticleRow.id).execution_options(yield_per=100))


def article_conditions(dialect: str, filters: Filters) -> list[ColumnElement[bool]]:
    """Conditions on ArticleRow: outlet, date range, and words in its title or text (full-text search)."""
    words = article_text_matches(dialect, filters.text) if filters.text is not None else None
    return _present([*_article_and_dates(ArticleRow.date, filters), words])


def _quotes(dialect: str, filters: Filters) -> Select:
    conditions = [
        _contains(QuoteRow.speaker_name, filters.speaker),
        _actor_is(QuoteRow.speaker_cameo, QuoteRow.speaker_key, filters.actor),
        _quote_has_stance(filters.issue, filters.stance),
        *_article_and_dates(QuoteRow.date, filters),
        quote_text_matches(dialect, filters.text) if filters.text is not None else None,
    ]
    return (
        select(
            QuoteRow.article_id,
            QuoteRow.quote_id,
            QuoteRow.date,
            ArticleRow.outlet,
            QuoteRow.speaker_name.label("speaker"),
            QuoteRow.speaker_cameo.label("actor"),
            QuoteRow.speaker_key,
            QuoteRow.type,
            QuoteRow.cue,
            QuoteRow.content,
            QuoteRow.start,
            QuoteRow.end,
        )
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .where(*_present(conditions))
        .order_by(QuoteRow.date, QuoteRow.article_id, QuoteRow.start, QuoteRow.pk)
    )


def _events(dialect: str, filters: Filters) -> Select:
    conditions = [
        _actor_named(EventRow.source_cameo, EventRow.source_key, EventRow.source_name, filters.source),
        _actor_named(EventRow.target_cameo, EventRow.target_key, EventRow.target_name, filters.target),
        _either(
            _actor_is(EventRow.source_cameo, EventRow.source_key, filters.actor),
            _actor_is(EventRow.target_cameo, EventRow.target_key, filters.actor),
        ),
        EventRow.cameo.startswith(filters.code, autoescape=True) if filters.code else None,
        EventRow.quad_class == filters.quad_class if filters.quad_class is not None else None,
        *_article_and_dates(EventRow.date, filters),
        _contains(EventRow.sentence, filters.text),
    ]
    return (
        select(
            EventRow.article_id,
            EventRow.event_id,
            EventRow.date,
            ArticleRow.outlet,
            EventRow.source_name.label("source"),
            EventRow.source_cameo,
            EventRow.source_key,
            EventRow.cameo.label("code"),
            EventRow.description,
            EventRow.quad_class,
            EventRow.goldstein,
            EventRow.target_name.label("target"),
            EventRow.target_cameo,
            EventRow.target_key,
            EventRow.verb,
            EventRow.modality,
            EventRow.sentence,
        )
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .where(*_present(conditions))
        .order_by(EventRow.date, EventRow.article_id, EventRow.verb_start, EventRow.pk)
    )


def _stances(dialect: str, filters: Filters) -> Select:
    conditions = [
        _contains(StanceRow.holder_name, filters.speaker),
        _actor_is(StanceRow.holder_cameo, StanceRow.holder_key, filters.actor),
        _issue_is(filters.issue),
        StanceRow.polarity == filters.stance if filters.stance else None,
        _contains(StanceRow.target_name, filters.target),
        *_article_and_dates(StanceRow.date, filters),
        _contains(StanceRow.evidence, filters.text),
    ]
    return (
        select(
            StanceRow.article_id,
            StanceRow.stance_id,
            StanceRow.date,
            ArticleRow.outlet,
            StanceRow.holder_name.label("holder"),
            StanceRow.holder_cameo,
            StanceRow.holder_key,
            StanceRow.polarity,
            StanceRow.target_name.label("target"),
            StanceRow.target_key,
            StanceRow.issue_id,
            StanceRow.issue_label.label("issue"),
            StanceRow.quote_id,
            StanceRow.evidence,
        )
        .join(ArticleRow, ArticleRow.id == StanceRow.article_id)
        .where(*_present(conditions))
        .order_by(StanceRow.date, StanceRow.article_id, StanceRow.evidence_start, StanceRow.pk)
    )


_STATEMENTS = {RecordKind.quotes: _quotes, RecordKind.events: _events, RecordKind.stances: _stances}


def _present(conditions: list[ColumnElement[bool] | None]) -> list[ColumnElement[bool]]:
    return [condition for condition in conditions if condition is not None]


def _either(*conditions: ColumnElement[bool] | None) -> ColumnElement[bool] | None:
    given = _present(list(conditions))
    return or_(*given) if given else None


def _contains(column, words: str | None) -> ColumnElement[bool] | None:
    """Case-insensitive substring match, with LIKE's wildcards in ``words`` taken literally."""
    return func.lower(column).contains(words.lower(), autoescape=True) if words is not None else None


def _actor_is(cameo_column, key_column, actor: str | None) -> ColumnElement[bool] | None:
    """The actor given by a CAMEO code prefix or an exact actor key."""
    if actor is None:
        return None
    return or_(cameo_column.startswith(actor.upper(), autoescape=True), key_column == actor)


def _actor_named(cameo_column, key_column, name_column, actor: str | None) -> ColumnElement[bool] | None:
    """The actor given by a CAMEO code prefix, an actor key or part of a name."""
    return _either(_actor_is(cameo_column, key_column, actor), _contains(name_column, actor))


def _issue_is(issue: str | None) -> ColumnElement[bool] | None:
    """The issue given by its key or part of its label."""
    return _either(StanceRow.issue_id == issue if issue else None, _contains(StanceRow.issue_label, issue))


def _quote_has_stance(issue: str | None, polarity: str | None) -> ColumnElement[bool] | None:
    """Quotes that a stance on ``issue`` and/or with ``polarity`` is read from."""
    if issue is None and polarity is None:
        return None
    conditions = _present([_issue_is(issue), StanceRow.polarity == polarity if polarity else None])
    return exists().where(
        StanceRow.article_id == QuoteRow.article_id, StanceRow.quote_id == QuoteRow.quote_id, and_(*conditions)
    )


def _article_and_dates(date_column, filters: Filters) -> list[ColumnElement[bool] | None]:
    return [
        func.lower(ArticleRow.outlet) == filters.outlet.lower() if filters.outlet is not None else None,
        date_column >= filters.since if filters.since else None,
        date_column <= filters.until if filters.until else None,
    ]
