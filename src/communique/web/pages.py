"""The HTML pages: home, article, search, actor and network.

Templates are rendered with autoescaping on, and the article text reaches
them only as plain-string segments, so markup in an article shows as text.
Links to articles and actors carry their ids percent-encoded (ids come from
sources and may hold any character).
"""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated
from urllib.parse import quote as url_quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy.orm import Session

from communique.query import Filters, RecordKind, find
from communique.web import views
from communique.web.api import DEFAULT_PAGE, FilterParams
from communique.web.app import get_session
from communique.web.charts import stance_timeline_figure
from communique.web.highlight import marks, segments

HOME_ARTICLES = 50
ACTOR_QUOTES = 200

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_environment = Environment(loader=FileSystemLoader(str(files("communique.web") / "templates")), autoescape=True)
_environment.filters["path"] = lambda value: url_quote(str(value), safe="")
templates = Jinja2Templates(env=_environment)
Db = Annotated[Session, Depends(get_session)]


@router.get("/")
def home(request: Request, session: Db):
    articles = views.latest_articles(session, HOME_ARTICLES)
    return templates.TemplateResponse(
        request, "home.html", {"articles": articles, "total": views.article_count(session), "actors": views.actors(session, None, 20)}
    )


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, session: Db):
    analysis = views.stored_analysis(session, article_id)
    if analysis is None:
        raise HTTPException(404, f"no article {article_id!r}")
    keys = views.actor_keys(analysis)
    context = {
        "analysis": analysis,
        "article": analysis.article,
        "segments": segments(analysis.article.text, marks(analysis)),
        "speakers": _who_said_what(analysis, keys),
        "actors": [(actor, keys[actor.id]) for actor in analysis.actors],
        "actor_names": {actor.id: actor.name for actor in analysis.actors},
    }
    return templates.TemplateResponse(request, "article.html", context)


@router.get("/search")
def search_page(request: Request, session: Db, found: Annotated[FilterParams, Depends()], kind: RecordKind = RecordKind.quotes):
    searched = bool(found.filters.given())
    rows = find(session, kind, found.filters, limit=DEFAULT_PAGE) if searched else []
    context = {"kind": kind.value, "filters": found.filters, "rows": rows, "searched": searched, "limit": DEFAULT_PAGE}
    return templates.TemplateResponse(request, "search.html", context)


@router.get("/actors/{key:path}")
def actor_page(request: Request, key: str, session: Db):
    profile = views.actor_profile(session, key)
    if profile is None:
        raise HTTPException(404, f"no actor {key!r}")
    points = views.stance_timeline(session, key)
    context = {
        "actor": profile,
        "quotes": find(session, RecordKind.quotes, Filters(actor=key), limit=ACTOR_QUOTES),
        "figure": stance_timeline_figure(points, profile["name"]),
        "has_stances": bool(points),
        **views.relations(session, key),
    }
    return templates.TemplateResponse(request, "actor.html", context)


@router.get("/network")
def network_page(request: Request):
    return templates.TemplateResponse(request, "network.html", {})


def _who_said_what(analysis, keys: dict[str, str]) -> list[dict]:
    """Speakers in order of first quote, each with their quotes: the article page's side list."""
    speakers: dict[str, dict] = {}
    for quote in analysis.quotes:
        speaker = quote.speaker
        name = speaker.name or (speaker.mention.text if speaker.mention else "unknown speaker")
        entry = speakers.setdefault(name, {"name": name, "key": keys.get(speaker.actor_id or ""), "quotes": []})
        entry["quotes"].append(quote)
    return list(speakers.values())
