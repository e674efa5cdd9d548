"""Articles from WARC files of news crawls, streamed record by record with warcio.

Only successful (2xx) HTTP responses with an HTML body are articles; request,
metadata and other records are passed over without a word. Each HTML page is
extracted like a saved page (``read.html``), with the record's target URI as
its URL. A page with no article text is reported by record number and the
rest of the file goes on; a record so damaged that the file cannot be read
past it ends that file with one error.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from communique.model import Article
from communique.read.errors import UTF8_BYTES_PER_CHAR, ReadError, bytes_over_limit, within_limit
from communique.read.html import article_from_html
from communique.read.records import RecordError

WARC_SUFFIXES = (".warc", ".warc.gz")
_UNREADABLE = (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error)


def read_warc_file(path: Path, max_chars: int) -> Iterator[Article | ReadError]:
    """Every HTML page in one WARC file as an article, or an error naming the record and why."""
    pages = 0
    number = 0
    with open(path, "rb") as stream:
        records = iter(ArchiveIterator(stream))
        while True:
            where = f"{path}:record {number + 1}"
            try:
                record = next(records, None)
                if record is None:
                    break
                number += 1
                if not _is_html_page(record):
                    continue
                pages += 1
                item = _page_article(record, where, max_chars)
            except _UNREADABLE as error:
                reason = f"unreadable WARC record ({_first_line(error)}); the rest of the file is skipped"
                yield ReadError(where, reason)
                return
            yield item
    if not pages:
        yield ReadError(str(path), "WARC file holds no HTML response records")


def _page_article(record: ArcWarcRecord, where: str, max_chars: int) -> Article | ReadError:
    body = record.content_stream().read(max_chars * UTF8_BYTES_PER_CHAR + 1)
    error = bytes_over_limit(len(body), where, max_chars)
    if error:
        return error
    try:
        article = article_from_html(body, where, url=record.rec_headers.get_header("WARC-Target-URI"))
    except RecordError as error:
        return ReadError(where, str(error))
    return within_limit(article, where, max_chars)


def _is_html_page(record: ArcWarcRecord) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    return status.startswith("2") and "html" in content_type.lower()


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
