"""Time expressions resolved against the article's date.

For now: the header's dateline, resolved to the publication date. Relative
expressions in the body ("last month", "on Tuesday") come with the time issue.
"""

from __future__ import annotations

from communique.model import Article, TimeExpression


def dateline_time(article: Article) -> TimeExpression | None:
    """The dateline as a TimeExpression at day granularity, when the article has one."""
    if article.dateline is None:
        return None
    return TimeExpression(
        start=article.dateline.start,
        end=article.dateline.end,
        text=article.dateline.text,
        role="dateline",
        resolved=article.date,
        granularity="day" if article.date else None,
    )
