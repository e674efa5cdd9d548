"""Articles from HTML pages: the main text, title, date and outlet, extracted with trafilatura.

Navigation, comments and boilerplate are left out; the extracted text is
what every offset points into. Dates come only from the page's own markup
(``extensive_search`` off), so a copyright year or a crawl date is never
taken for the publication date. trafilatura is imported on first use, so
commands that read no HTML start without it.
"""

from __future__ import annotations

from pathlib import Path

from communique.dates import normalize_date
from communique.model import Article
from communique.read.errors import ReadError, bytes_over_limit, within_limit
from communique.read.records import RecordError, text_id

HTML_SUFFIXES = (".html", ".htm")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_file(path: Path, max_chars: int) -> Article | ReadError:
    """The article on one saved HTML page, or the error saying why there is none."""
    where = str(path)
    error = bytes_over_limit(path.stat().st_size, where, max_chars)
    if error:
        return error
    try:
        return within_limit(article_from_html(path.read_bytes(), where), where, max_chars)
    except RecordError as error:
        return ReadError(where, str(error))


def article_from_html(html: bytes | str, source_path: str, url: str | None = None) -> Article:
    """The Article on an HTML page, or RecordError when the page holds no article text."""
    if isinstance(html, bytes) and b"\x00" in html[:8192]:
        raise RecordError("binary data (contains NUL bytes), not an HTML page")
    import trafilatura

    page = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    text = _normalise_newlines(page.text) if page is not None and page.text else ""
    if not text.strip():
        raise RecordError("no article text found in the HTML page")
    return Article(
        id=text_id(text),
        text=text,
        title=page.title or None,
        outlet=page.sitename or None,
        date=normalize_date(page.date),
        url=page.url or url,
        source_path=source_path,
    )


def html_fragment_text(fragment: str) -> str:
    """The text of an HTML fragment such as a feed entry's content: paragraphs one per line."""
    if "<" not in fragment:
        return _normalise_newlines(fragment).strip()
    import trafilatura

    page = trafilatura.bare_extraction(f"<html><body><article>{fragment}</article></body></html>", favor_recall=True)
    if page is not None and page.text and page.text.strip():
        return _normalise_newlines(page.text)
    return trafilatura.html2txt(f"<html><body>{fragment}</body></html>").strip()


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
