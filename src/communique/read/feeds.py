"""Articles from RSS and Atom feed files, one per entry, read with feedparser.

An entry's full content is used when the feed carries it, else its summary;
either is HTML, reduced to text like a page. The feed's title names the
outlet. An entry with no text is reported on its own and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser

from communique.dates import normalize_date
from communique.model import Article
from communique.read.errors import ReadError, bytes_over_limit, within_limit
from communique.read.html import html_fragment_text
from communique.read.records import RecordError, text_id

FEED_SUFFIXES = (".rss", ".atom", ".xml")


def read_feed_file(path: Path, max_chars: int) -> Iterator[Article | ReadError]:
    """Every entry of one feed file as an article, or an error naming the entry and why."""
    where = str(path)
    error = bytes_over_limit(path.stat().st_size, where, max_chars)
    if error:
        yield error
        return
    feed = feedparser.parse(path.read_bytes())
    if not feed.entries:
        problem = _message(feed.bozo_exception) if feed.bozo else None
        yield ReadError(where, f"not a readable RSS or Atom feed ({problem})" if problem else "feed has no entries")
        return
    outlet = (feed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(feed.entries, start=1):
        entry_where = f"{where}:entry {number}"
        try:
            yield within_limit(article_from_entry(entry, outlet, entry_where), entry_where, max_chars)
        except RecordError as error:
            yield ReadError(entry_where, str(error))


def article_from_entry(entry: dict, outlet: str | None, source_path: str) -> Article:
    """The Article of one feed entry, or RecordError when it carries no text."""
    contents = entry.get("content") or []
    html = next((content.get("value") for content in contents if content.get("value")), None) or entry.get("summary")
    text = html_fragment_text(html) if html else ""
    if not text:
        raise RecordError("entry has no content or summary text")
    return Article(
        id=str(entry.get("id") or text_id(text)),
        text=text,
        title=(entry.get("title") or "").strip() or None,
        outlet=outlet,
        date=normalize_date(entry.get("published") or entry.get("updated")),
        url=entry.get("link") or None,
        source_path=source_path,
    )


def _message(error: Exception) -> str:
    """The parser's complaint without the position prefix SAX errors carry."""
    return getattr(error, "getMessage", lambda: str(error))()
