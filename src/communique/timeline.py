"""Stances across a corpus: who took which position on an issue when, and how pairs of actors get on over time.

Both views are built from a stream of :class:`~communique.model.Analysis` records (what
``communique analyze`` writes), so a store or a web service can feed them whatever it holds:

- :func:`issue_timeline` gives one :class:`TimelinePoint` per actor-to-issue stance (date, holder,
  position, evidence with its offsets and article), in date order; :func:`by_holder` groups the points
  per actor and issue;
- :func:`pair_balance` counts, per ordered pair of actors and per month, the positive and the negative
  actor-to-actor stances, each count with its evidence.

Actors are matched across articles by name and code (an article's actor ids are its own). A stance is
dated by its quote when the quote has a date, else by its article; undated points sort last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from communique.model import Actor, Analysis, Stance, TextSpan

UNDATED = "undated"
"""The period of a stance whose article has no date."""


@dataclass(frozen=True)
class ActorKey:
    """An actor as it is matched across articles: its canonical name and CAMEO code."""

    name: str
    code: str | None

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


@dataclass(frozen=True)
class TimelinePoint:
    """One actor's position on one issue, in one statement of one article."""

    date: str | None
    holder: ActorKey | None
    issue_id: str
    issue_label: str
    polarity: str
    evidence: TextSpan
    article_id: str
    outlet: str | None = None
    title: str | None = None
    quote_id: str | None = None


@dataclass
class PairPeriod:
    """The actor-to-actor stances of one ordered pair in one month: counts and the evidence of each."""

    holder: ActorKey
    target: ActorKey
    period: str
    positive: int = 0
    negative: int = 0
    evidence: list[tuple[str, str, TextSpan]] = field(default_factory=list)
    """(article id, polarity, sentence) of every positive or negative stance counted."""

    @property
    def balance(self) -> int:
        """Positive minus negative stances."""
        return self.positive - self.negative


def actor_key(actor: Actor | None) -> ActorKey | None:
    return ActorKey(actor.name, actor.cameo) if actor is not None else None


def issue_timeline(analyses: Iterable[Analysis], issue_id: str | None = None) -> list[TimelinePoint]:
    """Every actor-to-issue stance on ``issue_id`` (every issue when None), in date order (undated last),
    then by article and position in it."""
    points = []
    for analysis in analyses:
        actors = {actor.id: actor for actor in analysis.actors}
        for stance in analysis.stances:
            if stance.issue is None or (issue_id is not None and stance.issue.id != issue_id):
                continue
            points.append(_point(analysis, stance, actor_key(actors.get(stance.holder_actor_id))))
    return sorted(points, key=lambda point: (point.date is None, point.date or "", point.article_id, point.evidence.start))


def _point(analysis: Analysis, stance: Stance, holder: ActorKey | None) -> TimelinePoint:
    return TimelinePoint(
        date=stance.date,
        holder=holder,
        issue_id=stance.issue.id,
        issue_label=stance.issue.label,
        polarity=stance.polarity,
        evidence=stance.evidence,
        article_id=analysis.article.id,
        outlet=analysis.article.outlet,
        title=analysis.article.title,
        quote_id=stance.quote_id,
    )


def by_holder(points: Iterable[TimelinePoint]) -> dict[tuple[ActorKey | None, str], list[TimelinePoint]]:
    """The points grouped per (holder, issue), each group keeping the points' order."""
    groups: dict[tuple[ActorKey | None, str], list[TimelinePoint]] = defaultdict(list)
    for point in points:
        groups[(point.holder, point.issue_id)].append(point)
    return dict(groups)


def pair_balance(analyses: Iterable[Analysis]) -> list[PairPeriod]:
    """Positive and negative actor-to-actor stances per ordered pair and month, by pair then month
    (undated last); neutral stances are not counted."""
    periods: dict[tuple[ActorKey, ActorKey, str], PairPeriod] = {}
    for analysis in analyses:
        actors = {actor.id: actor for actor in analysis.actors}
        for stance in analysis.stances:
            if stance.target_actor_id is None or stance.polarity not in ("positive", "negative"):
                continue
            holder, target = actor_key(actors.get(stance.holder_actor_id)), actor_key(actors.get(stance.target_actor_id))
            if holder is None or target is None or holder == target:
                continue
            period = stance.date[:7] if stance.date else UNDATED
            entry = periods.setdefault((holder, target, period), PairPeriod(holder, target, period))
            if stance.polarity == "positive":
                entry.positive += 1
            else:
                entry.negative += 1
            entry.evidence.append((analysis.article.id, stance.polarity, stance.evidence))
    return sorted(
        periods.values(), key=lambda entry: (str(entry.holder), str(entry.target), entry.period == UNDATED, entry.period)
    )


def resolve_issue(query: str, nlp=None) -> str | None:
    """The issue key a query names: a key as it is ("sanctions|IRN"), or a phrase normalised by the rules
    applied to articles ("sanctions against Iran" → ``sanctions|IRN``); None when it names no issue."""
    if "|" in query:
        return query
    from communique.extract.issues import issue_of_phrase

    issue = issue_of_phrase(query, nlp=nlp)
    return issue.id if issue is not None else None
