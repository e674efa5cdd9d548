"""The JSON API under /api/: read-only, paginated, every parameter validated.

Lists take ``limit`` (at most MAX_PAGE) and ``offset`` and answer
``{"total", "limit", "offset", "items"}``. Text parameters are bounded in
length and may not contain NUL characters (PostgreSQL cannot store or compare
them), so a hostile string gets a 422, never a 500.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy.orm import Session

from communique.network import DEFAULT_MAX_NODES, actor_network, network_json
from communique.query import DATE_FILTER_PATTERN, Filters, RecordKind, count, find
from communique.web import views
from communique.web.app import get_session

MAX_PAGE = 500
DEFAULT_PAGE = 50
_NO_NUL = r"^[^\x00]*$"

router = APIRouter(prefix="/api", tags=["api"])

Db = Annotated[Session, Depends(get_session)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, description="Records to skip.")]
Text = Annotated[str | None, Query(max_length=200, pattern=_NO_NUL)]
Date = Annotated[str | None, Query(pattern=DATE_FILTER_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")]
Polarity = Literal["positive", "negative", "neutral", "favor", "against", "conditional"]


class FilterParams:
    """The filters of ``communique query``, as query parameters."""

    def __init__(
        self,
        speaker: Text = None,
        actor: Text = None,
        issue: Text = None,
        stance: Annotated[Polarity | None, Query()] = None,
        outlet: Text = None,
        since: Date = None,
        until: Date = None,
        text: Text = None,
        source: Text = None,
        target: Text = None,
        code: Annotated[str | None, Query(pattern=r"^\d{1,4}$", description="CAMEO event code prefix.")] = None,
        quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
    ) -> None:
        self.filters = Filters(speaker, actor, issue, stance, outlet, since, until, text, source, target, code, quad_class)


Found = Annotated[FilterParams, Depends()]


def page(session: Session, kind: RecordKind, filters: Filters, limit: int, offset: int) -> dict:
    return {
        "total": count(session, kind, filters),
        "limit": limit,
        "offset": offset,
        "items": find(session, kind, filters, limit=limit, offset=offset),
    }


@router.get("/articles", summary="Stored articles, newest first; outlet, since, until and text (full-text) filter them")
def list_articles(
    session: Db, outlet: Text = None, since: Date = None, until: Date = None, text: Text = None,
    limit: Limit = DEFAULT_PAGE, offset: Offset = 0,
) -> dict:
    filters = Filters(outlet=outlet, since=since, until=until, text=text)
    items = views.latest_articles(session, limit, offset, filters)
    return {"total": views.article_count(session, filters), "limit": limit, "offset": offset, "items": items}


@router.get("/articles/{article_id:path}", summary="One article's full analysis")
def get_article(article_id: str, session: Db) -> dict:
    analysis = views.stored_analysis(session, article_id)
    if analysis is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return analysis.model_dump(mode="json")


@router.get("/quotes", summary="Quotes matching the filters")
def list_quotes(session: Db, found: Found, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    return page(session, RecordKind.quotes, found.filters, limit, offset)


@router.get("/events", summary="Events matching the filters")
def list_events(session: Db, found: Found, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    return page(session, RecordKind.events, found.filters, limit, offset)


@router.get("/stances", summary="Stances matching the filters")
def list_stances(session: Db, found: Found, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    return page(session, RecordKind.stances, found.filters, limit, offset)


@router.get("/actors", summary="Actors across articles, most mentioned first")
def list_actors(session: Db, name: Text = None, limit: Limit = DEFAULT_PAGE, offset: Offset = 0) -> dict:
    return {"limit": limit, "offset": offset, "items": views.actors(session, name, limit, offset)}


@router.get("/actors/{key:path}", summary="One actor: who they are, whom they praise and criticise")
def get_actor(key: str, session: Db) -> dict:
    profile = views.actor_profile(session, key)
    if profile is None:
        raise HTTPException(404, f"no actor {key!r}")
    return {**profile, **views.relations(session, key)}


@router.get("/timelines", summary="An actor's stance on each issue over time")
def get_timeline(session: Db, actor: Annotated[str, Query(max_length=300, pattern=_NO_NUL)]) -> dict:
    return {"actor": actor, "points": views.stance_timeline(session, actor)}


@router.get("/network", summary="The actor network: events and stances between actors")
def get_network(session: Db, max_nodes: Annotated[int, Query(ge=1, le=2000)] = DEFAULT_MAX_NODES) -> dict:
    return network_json(actor_network(session, max_nodes))
