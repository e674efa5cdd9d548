"""The FastAPI app behind ``communique serve``.

It only reads: every route is a GET, and each request gets its own Session
that is rolled back at the end. Requests with malformed parameters get
FastAPI's 422 with a message naming the parameter; any database error is
answered with a one-line 503 rather than a stack trace.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from communique import __version__
from communique.store.db import session_factory

STATIC = Path(str(files("communique.web") / "static"))
PLOTLY_JS = Path(str(files("plotly") / "package_data" / "plotly.min.js"))


def create_app(engine: Engine) -> FastAPI:
    """The app serving the database behind ``engine``."""
    from communique.web import api, pages

    app = FastAPI(
        title="communique",
        version=__version__,
        description="Read-only access to stored analyses: who said what, about whom, with what stance, and what happened.",
    )
    app.state.sessions = session_factory(engine)
    app.add_api_route("/static/vendor/plotly.min.js", _plotly_js, include_in_schema=False)  # before the mount
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    return app


def get_session(request: Request) -> Iterator[Session]:
    """A Session for one request, rolled back afterwards (the app never writes)."""
    with request.app.state.sessions() as session:
        try:
            yield session
        finally:
            session.rollback()


def _plotly_js() -> FileResponse:
    """Plotly's browser bundle, served from the installed plotly package (nothing comes from a CDN)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript")


async def _database_error(_request: Request, error: SQLAlchemyError) -> JSONResponse:
    reason = (str(getattr(error, "orig", None) or error).strip().splitlines() or ["database error"])[0]
    return JSONResponse({"detail": f"database error: {reason}"}, status_code=503)
