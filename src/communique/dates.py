"""Normalising publication dates to ISO 8601 without ever guessing.

A date that lacks its day, month or year, or that is relative ("yesterday"),
is not a publication date we can trust: it becomes ``None``. Relative time
expressions inside an article are the time extractor's business, resolved
against the date found here.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")

# Only absolute parsers: "yesterday" or "3 days ago" must not resolve against today.
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "MDY",
}


def normalize_date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD``, or ``None`` when it is not a complete, absolute date."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    iso = _ISO_DATE.match(value)
    if iso:
        try:
            return dt.date(*map(int, iso.groups())).isoformat()
        except ValueError:
            return None
    import dateparser  # imported lazily: it costs a noticeable start-up time

    parsed = dateparser.parse(value.strip(), languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed else None
