"""Storing analyses: SQLAlchemy tables, Alembic migrations, full-text search and ingest.

    db.py       engine for an SQLite path or a database URL; migrates on open
    tables.py   the stored shape (articles, actors, quotes, events, stances)
    migrate.py  Alembic with the migrations shipped in ``migrations/``
    search.py   full-text search, SQLite FTS5 or PostgreSQL tsvector
    ingest.py   Analysis -> rows, one transaction per article
"""
