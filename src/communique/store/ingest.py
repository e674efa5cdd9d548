"""Storing analyses: each article written in its own transaction.

Ingest is idempotent by article id: an article already stored is skipped
before it is parsed, unless ``reanalyze`` is set and it was analysed by
another version of communique or of the spaCy pipeline, in which case its
rows are replaced. Because each article is one transaction (delete its old
rows, insert the new ones, commit), an interrupted run loses at most the
article in flight, and a rerun stores the rest without duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from communique import __version__
from communique.model import Actor, Analysis, Article, Event, Quote, Stance
from communique.store.tables import ActorRow, ArticleRow, EventRow, QuoteRow, StanceRow

CONTENT_JOINER = " … "


def analysed_by(communique_version: str, pipeline: str) -> str:
    """The version stamp stored with an article: which communique and which spaCy pipeline analysed it."""
    return f"{communique_version}/{pipeline}"


def current_stamp(pipeline: str) -> str:
    """The stamp this installation puts on what it analyses with ``pipeline``."""
    return analysed_by(__version__, pipeline)


def actor_key(actor: Actor) -> str:
    """One actor across articles: its knowledge-base id when resolved, else its name."""
    return actor.kb_id if actor.resolved and actor.kb_id else f"name:{actor.name}"


@dataclass
class IngestCounts:
    """What an ingest did, for its closing line."""

    stored: int = 0
    skipped: int = 0


def articles_to_analyse(
    engine: Engine,
    articles: Iterable[Article],
    stamp: str,
    reanalyze: bool,
    counts: IngestCounts,
    on_skipped: Callable[[], None] = lambda: None,
) -> Iterator[Article]:
    """The articles that need analysing: new ones, and with ``reanalyze`` those analysed by another version."""
    with Session(engine) as session:
        for article in articles:
            stored = session.scalar(select(ArticleRow.analysed_by).where(ArticleRow.id == article.id))
            session.rollback()  # end the read so a long ingest holds no snapshot or lock between articles
            if stored is None or (reanalyze and stored != stamp):
                yield article
            else:
                counts.skipped += 1
                on_skipped()


def store_analyses(
    engine: Engine, analyses: Iterable[Analysis], counts: IngestCounts, on_stored: Callable[[], None] = lambda: None
) -> None:
    """Write each analysis in its own transaction, replacing any earlier rows of its article."""
    for analysis in analyses:
        store_analysis(engine, analysis)
        counts.stored += 1
        on_stored()


def store_analysis(engine: Engine, analysis: Analysis) -> None:
    """Replace the stored rows of ``analysis.article`` with ``analysis``, in one transaction."""
    with Session(engine) as session, session.begin():
        session.execute(delete(ArticleRow).where(ArticleRow.id == analysis.article.id))
        session.flush()
        session.add(_article_row(analysis))
        session.flush()
        session.add_all(analysis_rows(analysis))


def analysis_rows(analysis: Analysis) -> list[ActorRow | QuoteRow | EventRow | StanceRow]:
    """The actor, quote, event and stance rows of one analysis."""
    actors = {actor.id: actor for actor in analysis.actors}
    article = analysis.article
    return [
        *(_actor_row(article, actor) for actor in analysis.actors),
        *(_quote_row(article, quote, actors) for quote in analysis.quotes),
        *(_event_row(article, event, actors) for event in analysis.events),
        *(_stance_row(article, stance, actors, analysis.quotes) for stance in analysis.stances),
    ]


def _article_row(analysis: Analysis) -> ArticleRow:
    article = analysis.article
    return ArticleRow(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        date=article.date,
        url=article.url,
        source_path=article.source_path,
        text=article.text,
        analysed_by=analysed_by(analysis.communique_version, analysis.pipeline),
        ingested_at=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        analysis_json=analysis.model_dump_json(),
    )


def _actor_row(article: Article, actor: Actor) -> ActorRow:
    return ActorRow(
        article_id=article.id,
        actor_id=actor.id,
        actor_key=actor_key(actor),
        name=actor.name,
        type=actor.type,
        cameo=actor.cameo,
        country=actor.country,
        sector=actor.sector,
        role=actor.role,
        resolved=actor.resolved,
        mentions=len(actor.mention_ids),
    )


def _quote_row(article: Article, quote: Quote, actors: dict[str, Actor]) -> QuoteRow:
    speaker = quote.speaker
    actor = actors.get(speaker.actor_id or "")
    spans = [*quote.content, *(span for span in (speaker.mention, quote.cue) if span)]
    return QuoteRow(
        article_id=article.id,
        quote_id=quote.id,
        type=quote.type,
        speaker_name=speaker.name or (speaker.mention.text if speaker.mention else None),
        speaker_key=actor_key(actor) if actor else None,
        speaker_cameo=actor.cameo if actor else None,
        speaker_start=speaker.mention.start if speaker.mention else None,
        speaker_end=speaker.mention.end if speaker.mention else None,
        cue=quote.cue.text if quote.cue else None,
        content=CONTENT_JOINER.join(fragment.text for fragment in quote.content),
        start=min(span.start for span in spans),
        end=max(span.end for span in spans),
        date=quote.date or article.date,
    )


def _event_row(article: Article, event: Event, actors: dict[str, Actor]) -> EventRow:
    source = first_actor(event.source_actor_ids, actors)
    target = first_actor(event.target_actor_ids, actors)
    undated = event.modality == "historical"  # a historical event never takes the article's date
    return EventRow(
        article_id=article.id,
        event_id=event.id,
        cameo=event.code.cameo,
        root=event.code.root,
        description=event.code.description,
        goldstein=event.code.goldstein,
        quad_class=event.code.quad_class,
        source_key=actor_key(source) if source else None,
        source_name=source.name if source else (event.source.text if event.source else None),
        source_cameo=source.cameo if source else None,
        target_key=actor_key(target) if target else None,
        target_name=target.name if target else (event.target.text if event.target else None),
        target_cameo=target.cameo if target else None,
        verb=event.verb.text,
        verb_start=event.verb.start,
        verb_end=event.verb.end,
        sentence=event.sentence.text,
        sentence_start=event.sentence.start,
        place=event.place.text if event.place else None,
        modality=event.modality,
        date=event.date or (None if undated else article.date),
        confidence=event.confidence,
    )


def _stance_row(article: Article, stance: Stance, actors: dict[str, Actor], quotes: list[Quote]) -> StanceRow:
    holder = actors.get(stance.holder_actor_id or "")
    target = actors.get(stance.target_actor_id or "")
    quote_date = next((quote.date for quote in quotes if quote.id == stance.quote_id), None)
    return StanceRow(
        article_id=article.id,
        stance_id=stance.id,
        holder_key=actor_key(holder) if holder else None,
        holder_name=holder.name if holder else None,
        holder_cameo=holder.cameo if holder else None,
        target_key=actor_key(target) if target else None,
        target_name=target.name if target else None,
        issue_id=stance.issue.id if stance.issue else None,
        issue_label=stance.issue.label if stance.issue else None,
        polarity=stance.polarity,
        evidence=stance.evidence.text,
        evidence_start=stance.evidence.start,
        evidence_end=stance.evidence.end,
        quote_id=stance.quote_id,
        date=stance.date or quote_date or article.date,
    )


def first_actor(actor_ids: list[str], actors: dict[str, Actor]) -> Actor | None:
    """The first of ``actor_ids`` that names a known actor (events list their main actor first)."""
    return next((actors[actor_id] for actor_id in actor_ids if actor_id in actors), None)
