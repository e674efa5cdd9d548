"""The same event reported by several articles, counted once, as GDELT's NumArticles and NumSources.

Events are merged across articles by a key: the source actor's CAMEO code,
the target actor's code, the event's CAMEO code and its date. An event with
several source or target actors counts under every (source, target) pair, as
a dyadic event does. The date is the event's own, else the article's, except
for historical events, which never take the article's date.

For each key: ``num_mentions`` counts every coded mention, ``num_articles``
the articles with at least one, ``num_sources`` the distinct outlets among
them (an article with no outlet counts by its URL's host, else on its own),
and ``num_stories`` the distinct stories once near-duplicate copies
(``corpus.duplicates``) are folded into their original.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from pydantic import Field

from communique.model import Analysis, Article, Event, EventCode, Record

EventKey = tuple[str | None, str | None, str, str | None]


class EventCount(Record):
    """One event, however many articles report it."""

    source: str | None = Field(description="Source actor's CAMEO code, when resolved.")
    target: str | None = Field(description="Target actor's CAMEO code, when resolved.")
    code: EventCode
    date: str | None = Field(description="Event date (ISO 8601), when known.")
    num_mentions: int = Field(description="Coded mentions in all articles, like GDELT's NumMentions.")
    num_articles: int = Field(description="Articles reporting it, like GDELT's NumArticles.")
    num_sources: int = Field(description="Distinct outlets reporting it, like GDELT's NumSources.")
    num_stories: int = Field(description="Distinct stories reporting it, near-duplicate copies counted once.")
    article_ids: list[str] = Field(description="The reporting articles, in input order.")


@dataclass
class _Tally:
    code: EventCode
    mentions: int = 0
    article_ids: list[str] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)


def count_events(analyses: Iterable[Analysis], duplicate_of: Mapping[str, str] | None = None) -> list[EventCount]:
    """Every distinct event in ``analyses``, in order of first report, with its counts."""
    duplicate_of = duplicate_of or {}
    tallies: dict[EventKey, _Tally] = {}
    for analysis in analyses:
        article = analysis.article
        for key, event in _keyed_events(analysis):
            tally = tallies.setdefault(key, _Tally(event.code))
            tally.mentions += 1
            if not tally.article_ids or tally.article_ids[-1] != article.id:
                tally.article_ids.append(article.id)
                tally.sources.add(_source_of(article))
                tally.stories.add(duplicate_of.get(article.id, article.id))
    return [
        EventCount(
            source=source,
            target=target,
            code=tally.code,
            date=date,
            num_mentions=tally.mentions,
            num_articles=len(tally.article_ids),
            num_sources=len(tally.sources),
            num_stories=len(tally.stories),
            article_ids=tally.article_ids,
        )
        for (source, target, _cameo, date), tally in tallies.items()
    ]


def event_keys(event: Event, actor_codes: Mapping[str, str | None], article: Article) -> Iterator[EventKey]:
    """The keys ``event`` counts under: one per (source actor, target actor) pair."""
    sources = [actor_codes.get(actor_id) for actor_id in event.source_actor_ids] or [None]
    targets = [actor_codes.get(actor_id) for actor_id in event.target_actor_ids] or [None]
    date = event.date or (article.date if event.modality != "historical" else None)
    for source in dict.fromkeys(sources):
        for target in dict.fromkeys(targets):
            yield (source, target, event.code.cameo, date)


def _keyed_events(analysis: Analysis) -> Iterator[tuple[EventKey, Event]]:
    actor_codes = {actor.id: actor.cameo for actor in analysis.actors}
    for event in analysis.events:
        for key in event_keys(event, actor_codes, analysis.article):
            yield key, event


def _source_of(article: Article) -> str:
    if article.outlet:
        return article.outlet.casefold()
    host = urlsplit(article.url).hostname if article.url else None
    return host or f"article:{article.id}"
