"""Full-text search over quote contents and article titles and texts.

SQLite: FTS5 tables over the rows (external content, kept in step by
triggers), with the Porter stemmer. PostgreSQL: GIN indexes on
``to_tsvector('english', ...)`` expressions, which ``search.py`` queries with
the same expressions. Other databases get no index; search.py falls back to
substring matching there.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SQLITE_FTS = {
    # fts table: (content table, rowid column, indexed columns)
    "quotes_fts": ("quotes", "pk", ("content",)),
    "articles_fts": ("articles", "rowid", ("title", "text")),
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts, (table, rowid, columns) in _SQLITE_FTS.items():
            _create_sqlite_fts(fts, table, rowid, columns)
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_quotes_fts ON quotes USING gin (to_tsvector('english', content))")
        op.execute(
            "CREATE INDEX ix_articles_fts ON articles USING gin "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for fts, (table, _rowid, _columns) in _SQLITE_FTS.items():
            for trigger in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_{trigger}")
            op.execute(f"DROP TABLE IF EXISTS {fts}")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_quotes_fts")
        op.execute("DROP INDEX IF EXISTS ix_articles_fts")


def _create_sqlite_fts(fts: str, table: str, rowid: str, columns: tuple[str, ...]) -> None:
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5({names}, content='{table}', content_rowid='{rowid}', "
        "tokenize='porter unicode61')"
    )
    op.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{rowid}, {new}); END")
    op.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.{rowid}, {old}); END")
    op.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
               f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.{rowid}, {old}); "
               f"INSERT INTO {fts}(rowid, {names}) VALUES (new.{rowid}, {new}); END")
