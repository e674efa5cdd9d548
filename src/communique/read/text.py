"""Plain-text articles, with or without the seed's outlet/dateline header.

The seed layout is::

    Press TV
    Tuesday, Oct 13th, 2009

    The Russian foreign minister says ...

A file is read in that layout only when its second line is a complete date
and its third is blank; anything else is plain text with no header, so a body
that happens to start with a short line is never mistaken for an outlet.
"""

from __future__ import annotations

from communique.dates import normalize_date
from communique.model import Article, span_of
from communique.read.records import text_id

_MAX_OUTLET_CHARS = 80


def article_from_text(text: str, source_path: str | None = None) -> Article:
    """An Article from the text of one file, reading its header when it has one."""
    lines = text.split("\n", 3)
    if len(lines) >= 4 and _is_header(lines):
        outlet_line, date_line = lines[0], lines[1]
        date_start = len(outlet_line) + 1 + (len(date_line) - len(date_line.lstrip()))
        dateline = span_of(text, date_start, date_start + len(date_line.strip()))
        header_end = len(outlet_line) + len(date_line) + len(lines[2]) + 3
        body_start = header_end + (len(lines[3]) - len(lines[3].lstrip()))
        return Article(
            id=text_id(text),
            text=text,
            outlet=outlet_line.strip(),
            date=normalize_date(dateline.text),
            source_path=source_path,
            body_start=body_start,
            dateline=dateline,
        )
    return Article(id=text_id(text), text=text, source_path=source_path)


def _is_header(lines: list[str]) -> bool:
    outlet, date_line, blank = lines[0].strip(), lines[1].strip(), lines[2].strip()
    return (
        0 < len(outlet) <= _MAX_OUTLET_CHARS
        and not outlet.endswith((".", "!", "?"))
        and not blank
        and normalize_date(date_line) is not None
    )
