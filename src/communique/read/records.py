"""Articles from JSON records, as in JSON Lines corpora.

A record needs ``text``; ``id``, ``title``, ``source``, ``date`` and ``url``
are optional. Common alternative names (``published`` for the date,
``outlet`` for the source) are accepted so that exports from other tools
read without conversion.
"""

from __future__ import annotations

import hashlib

from communique.dates import normalize_date
from communique.model import Article

_DATE_KEYS = ("date", "published", "publish_date", "published_at", "pubdate")
_OUTLET_KEYS = ("source", "outlet", "publisher", "site_name")


class RecordError(ValueError):
    """A record that cannot become an article; the message says why."""


def text_id(text: str) -> str:
    """A stable id for an article with none of its own: the start of the text's SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_from_record(record: object, source_path: str | None = None) -> Article:
    """An Article from one decoded JSON value, or RecordError saying what is wrong with it."""
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, not {type(record).__name__}")
    if "text" not in record:
        raise RecordError("record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise RecordError(f"record's 'text' is a {type(text).__name__}, not a string")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise RecordError("record's 'text' is empty")
    record_id = record.get("id")
    return Article(
        id=str(record_id) if record_id not in (None, "") else text_id(text),
        text=text,
        title=_optional_string(record.get("title")),
        outlet=_optional_string(_first(record, _OUTLET_KEYS)),
        date=normalize_date(_first(record, _DATE_KEYS)),
        url=_optional_string(record.get("url")),
        source_path=source_path,
    )


def _first(record: dict, keys: tuple[str, ...]) -> object:
    return next((record[key] for key in keys if record.get(key) not in (None, "")), None)


def _optional_string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
