"""The stored shape of analyses: one row per article, quote, actor, event and stance.

The full Analysis JSON is kept on the article row, so exports can reproduce
``communique analyze`` output exactly; the other tables flatten what analysts
filter on (speaker, actor codes, issue, polarity, dates, CAMEO codes) into
indexed columns. Rows of an article are owned by it and deleted with it, which
is what makes re-ingesting an article a clean replace.

Actors are per article in the Analysis; ``actor_key`` names the same actor
across articles (its knowledge-base id when resolved, else its name), so an
actor page and the network can gather everything one actor said and did.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base whose metadata Alembic's migrations are checked against."""


def _article_fk() -> Mapped[str]:
    return mapped_column(String(200), ForeignKey("articles.id", ondelete="CASCADE"), index=True)


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200), index=True)
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    analysed_by: Mapped[str] = mapped_column(String(200), doc="communique version and spaCy pipeline, e.g. 0.1.0/en_core_web_sm@3.8.0")
    ingested_at: Mapped[str] = mapped_column(String(20), doc="UTC time of the ingest, ISO 8601 to the second.")
    analysis_json: Mapped[str] = mapped_column(Text)


class ActorRow(Base):
    __tablename__ = "actors"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = _article_fk()
    actor_id: Mapped[str] = mapped_column(String(20))
    actor_key: Mapped[str] = mapped_column(String(300), index=True)
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(20))
    cameo: Mapped[str | None] = mapped_column(String(40), index=True)
    country: Mapped[str | None] = mapped_column(String(3))
    sector: Mapped[str | None] = mapped_column(String(20))
    role: Mapped[str | None] = mapped_column(Text)
    resolved: Mapped[bool] = mapped_column()
    mentions: Mapped[int] = mapped_column(Integer)


class QuoteRow(Base):
    __tablename__ = "quotes"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = _article_fk()
    quote_id: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(10))
    speaker_name: Mapped[str | None] = mapped_column(Text)
    speaker_key: Mapped[str | None] = mapped_column(String(300), index=True)
    speaker_cameo: Mapped[str | None] = mapped_column(String(40), index=True)
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text, doc="The content fragments joined by ' … '.")
    start: Mapped[int] = mapped_column(Integer, doc="Offset of the first character the quote covers.")
    end: Mapped[int] = mapped_column(Integer, doc="Offset past the last character the quote covers.")
    date: Mapped[str | None] = mapped_column(String(10), index=True, doc="When it was said, else the article date.")


class EventRow(Base):
    __tablename__ = "events"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = _article_fk()
    event_id: Mapped[str] = mapped_column(String(20))
    cameo: Mapped[str] = mapped_column(String(4), index=True)
    root: Mapped[str] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(Text)
    goldstein: Mapped[float | None] = mapped_column(Float)
    quad_class: Mapped[int | None] = mapped_column(Integer, index=True)
    source_key: Mapped[str | None] = mapped_column(String(300), index=True)
    source_name: Mapped[str | None] = mapped_column(Text)
    source_cameo: Mapped[str | None] = mapped_column(String(40), index=True)
    target_key: Mapped[str | None] = mapped_column(String(300), index=True)
    target_name: Mapped[str | None] = mapped_column(Text)
    target_cameo: Mapped[str | None] = mapped_column(String(40), index=True)
    verb: Mapped[str] = mapped_column(Text)
    verb_start: Mapped[int] = mapped_column(Integer)
    verb_end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    place: Mapped[str | None] = mapped_column(Text)
    modality: Mapped[str] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10), index=True, doc="When it happened, else the article date.")
    confidence: Mapped[float] = mapped_column(Float)


class StanceRow(Base):
    __tablename__ = "stances"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = _article_fk()
    stance_id: Mapped[str] = mapped_column(String(20))
    holder_key: Mapped[str | None] = mapped_column(String(300), index=True)
    holder_name: Mapped[str | None] = mapped_column(Text)
    holder_cameo: Mapped[str | None] = mapped_column(String(40))
    target_key: Mapped[str | None] = mapped_column(String(300), index=True)
    target_name: Mapped[str | None] = mapped_column(Text)
    issue_id: Mapped[str | None] = mapped_column(String(300), index=True)
    issue_label: Mapped[str | None] = mapped_column(Text)
    polarity: Mapped[str] = mapped_column(String(20), index=True)
    evidence: Mapped[str] = mapped_column(Text)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    quote_id: Mapped[str | None] = mapped_column(String(20))
    date: Mapped[str | None] = mapped_column(String(10), index=True, doc="When the stance was taken, else the article date.")


Index("ix_quotes_article_quote", QuoteRow.article_id, QuoteRow.quote_id)
Index("ix_stances_article_quote", StanceRow.article_id, StanceRow.quote_id)
