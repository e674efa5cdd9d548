"""Opening a database: an SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by URL.

``open_database`` brings the schema up to date through Alembic before handing
the engine back, so every command works on a fresh file or an old one alike.
SQLite gets foreign keys (deletes cascade), write-ahead logging (readers are
not blocked by an ingest in progress) and a busy timeout.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "communique.db"
SUPPORTED_DIALECTS = ("sqlite", "postgresql")
_SQLITE_BUSY_MS = 30_000


class DatabaseError(ValueError):
    """The database URL is malformed or the database cannot be opened; the message says which and why."""


def database_url(db: str) -> str:
    """An SQLAlchemy URL for ``db``: URLs pass through, anything else is an SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def make_engine(db: str = DEFAULT_DB) -> Engine:
    """An engine for ``db`` (a URL or an SQLite file path), without touching the schema."""
    url = database_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(f"{db}: not a database URL or SQLite path ({error})") from error
    if parsed.get_backend_name() not in SUPPORTED_DIALECTS:
        raise DatabaseError(f"{db}: {parsed.get_backend_name()} is not supported; use an SQLite path or postgresql+psycopg://")
    try:
        engine = create_engine(parsed)
    except ModuleNotFoundError as error:
        raise DatabaseError(f"{db}: its driver is not installed ({error.name})") from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_database(db: str = DEFAULT_DB) -> Engine:
    """An engine for ``db`` whose schema has been migrated to the latest version."""
    from communique.store.migrate import upgrade

    engine = make_engine(db)
    try:
        upgrade(engine)
    except Exception as error:  # any driver's connection error: report it in one line
        engine.dispose()
        raise DatabaseError(f"{db}: cannot open database: {_first_line(error)}") from error
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep loaded rows usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
    cursor.close()


def _first_line(error: Exception) -> str:
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0]
