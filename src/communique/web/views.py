"""What the API and the pages show, read from the store: articles, actors, timelines, relations.

Quotes, events and stances come from ``communique.query`` (the same filters
as the CLI); this module adds the views only the web needs. All functions
take a Session and return plain dicts and lists, which the API serialises
and the templates render.
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from communique.model import Analysis
from communique.query import Filters, article_conditions
from communique.store.tables import ActorRow, ArticleRow, QuoteRow, StanceRow

NO_FILTERS = Filters()
STANCE_SCORE = {"favor": 1, "positive": 1, "against": -1, "negative": -1, "neutral": 0, "conditional": 0}
"""Where a stance sits on one scale, for the timeline: +1 for, -1 against."""


def latest_articles(session: Session, limit: int, offset: int = 0, filters: Filters = NO_FILTERS) -> list[dict]:
    """Articles newest first (by date, then by ingest time), with their quote counts; outlet, dates and text apply."""
    quotes = select(func.count()).where(QuoteRow.article_id == ArticleRow.id).scalar_subquery()
    statement = (
        select(ArticleRow.id, ArticleRow.title, ArticleRow.outlet, ArticleRow.date, ArticleRow.url, quotes.label("quotes"))
        .where(*article_conditions(session.get_bind().dialect.name, filters))
        .order_by(ArticleRow.date.desc().nulls_last(), ArticleRow.ingested_at.desc(), ArticleRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [dict(row) for row in session.execute(statement).mappings()]


def article_count(session: Session, filters: Filters = NO_FILTERS) -> int:
    conditions = article_conditions(session.get_bind().dialect.name, filters)
    return session.scalar(select(func.count()).select_from(ArticleRow).where(*conditions))


def stored_analysis(session: Session, article_id: str) -> Analysis | None:
    """The stored Analysis of one article, or None when there is no such article."""
    analysis_json = session.scalar(select(ArticleRow.analysis_json).where(ArticleRow.id == article_id))
    return Analysis.model_validate_json(analysis_json) if analysis_json is not None else None


def actor_keys(analysis: Analysis) -> dict[str, str]:
    """Actor id in the article -> actor key across articles, as stored."""
    from communique.store.ingest import actor_key

    return {actor.id: actor_key(actor) for actor in analysis.actors}


def actors(session: Session, name: str | None, limit: int, offset: int = 0) -> list[dict]:
    """Actors across articles, most often mentioned first; ``name`` filters on part of the name."""
    articles = func.count(func.distinct(ActorRow.article_id))
    statement = select(
        ActorRow.actor_key.label("key"),
        func.min(ActorRow.name).label("name"),
        func.min(ActorRow.cameo).label("cameo"),
        func.min(ActorRow.type).label("type"),
        articles.label("articles"),
    ).group_by(ActorRow.actor_key)
    if name:
        statement = statement.where(func.lower(ActorRow.name).contains(name.lower(), autoescape=True))
    statement = statement.order_by(articles.desc(), ActorRow.actor_key).limit(limit).offset(offset)
    return [dict(row) for row in session.execute(statement).mappings()]


def actor_profile(session: Session, key: str) -> dict | None:
    """Who an actor is (name, codes, role) and in how many articles; None when unknown."""
    row = session.execute(
        select(
            func.min(ActorRow.name).label("name"),
            func.min(ActorRow.cameo).label("cameo"),
            func.min(ActorRow.country).label("country"),
            func.min(ActorRow.sector).label("sector"),
            func.min(ActorRow.role).label("role"),
            func.min(ActorRow.type).label("type"),
            func.count(func.distinct(ActorRow.article_id)).label("articles"),
        ).where(ActorRow.actor_key == key)
    ).mappings().one()
    return {"key": key, **row} if row["articles"] else None


def stance_timeline(session: Session, key: str) -> list[dict]:
    """An actor's stances on issues by date: per issue and date, the mean score and how many stances."""
    score = case(*((StanceRow.polarity == polarity, value) for polarity, value in STANCE_SCORE.items()), else_=0)
    statement = (
        select(
            StanceRow.issue_id,
            func.min(StanceRow.issue_label).label("issue"),
            StanceRow.date,
            func.avg(score).label("score"),
            func.count().label("stances"),
        )
        .where(StanceRow.holder_key == key, StanceRow.issue_id.is_not(None), StanceRow.date.is_not(None))
        .group_by(StanceRow.issue_id, StanceRow.date)
        .order_by(StanceRow.issue_id, StanceRow.date)
    )
    return [{**row, "score": float(row["score"])} for row in session.execute(statement).mappings()]


def relations(session: Session, key: str) -> dict[str, list[dict]]:
    """Whom an actor praises (positive stances) and criticises (negative), with counts, most first."""
    found: dict[str, list[dict]] = {"praises": [], "criticises": []}
    for polarity, heading in (("positive", "praises"), ("negative", "criticises")):
        statement = (
            select(StanceRow.target_key.label("key"), func.min(StanceRow.target_name).label("name"), func.count().label("stances"))
            .where(StanceRow.holder_key == key, StanceRow.target_key.is_not(None), StanceRow.polarity == polarity)
            .group_by(StanceRow.target_key)
            .order_by(func.count().desc(), StanceRow.target_key)
        )
        found[heading] = [dict(row) for row in session.execute(statement).mappings()]
    return found
