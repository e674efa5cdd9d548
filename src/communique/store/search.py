"""Full-text search conditions for quotes and articles, one per database dialect.

Whatever the user typed is only ever a bound parameter. For SQLite's FTS5,
whose MATCH has its own query language, the words are first reduced to
quoted terms (all must occur), so operators or stray quotes in the input can
neither fail the query nor change its meaning. PostgreSQL parses the input
with ``plainto_tsquery``, which accepts any string and likewise needs every
word, so both databases give the same answers. Those are the two
databases communique supports (``db.open_database`` refuses others).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, bindparam, false, func, literal_column, select, table

from communique.store.tables import ArticleRow, QuoteRow

_WORD = re.compile(r"\w+")


def is_search_object(name: str | None, type_: str, _parent_names: dict | None = None) -> bool:
    """True for the search tables and indexes the migrations make by hand (FTS5 tables, tsvector indexes).

    Shaped as Alembic's ``include_name`` hook (negated), so autogenerate and
    the schema test leave them out of the comparison with the declared tables.
    """
    return type_ in ("table", "index") and bool(name) and "_fts" in name


def fts5_query(words: str) -> str | None:
    """The FTS5 query that needs every word of ``words`` (each quoted); None when it has no word."""
    terms = _WORD.findall(words)
    return " ".join(f'"{term}"' for term in terms) or None


def quote_text_matches(dialect: str, words: str) -> ColumnElement[bool]:
    """Condition on QuoteRow: its content contains ``words`` (SQLite unless ``dialect`` is postgresql)."""
    if dialect == "postgresql":
        return _ts_match(QuoteRow.content, words)
    return _fts5_match(QuoteRow.pk, "quotes_fts", words)


def article_text_matches(dialect: str, words: str) -> ColumnElement[bool]:
    """Condition on ArticleRow: its title or text contains ``words``."""
    if dialect == "postgresql":
        return _ts_match(func.coalesce(ArticleRow.title, "") + " " + ArticleRow.text, words)
    return _fts5_match(literal_column("articles.rowid"), "articles_fts", words)


def _ts_match(document, words: str) -> ColumnElement[bool]:
    query = func.plainto_tsquery("english", bindparam("fts_words", words, unique=True))
    return func.to_tsvector("english", document).op("@@")(query)


def _fts5_match(rowid_column, fts_table: str, words: str) -> ColumnElement[bool]:
    query = fts5_query(words)
    if query is None:
        return false()
    matching = (
        select(literal_column("rowid")).select_from(table(fts_table)).where(literal_column(fts_table).op("MATCH")(query))
    )
    return rowid_column.in_(matching)
