"""Reading articles from files, folders, JSON Lines, HTML pages, feeds, WARC files and standard input.

``read_inputs`` streams one item per article, in input order: an
:class:`~communique.model.Article`, or a :class:`ReadError` naming the file
(and line) and saying why it could not be read. Nothing here raises on bad
input, so a batch always goes on with the rest. Every source is streamed: one
article (or one line, entry or WARC record) in memory at a time, never the
whole corpus.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from communique.model import Article
from communique.read.decode import DecodeError, decode_bytes
from communique.read.errors import DEFAULT_MAX_CHARS, ReadError, bytes_over_limit, too_long, within_limit
from communique.read.feeds import FEED_SUFFIXES, read_feed_file
from communique.read.html import HTML_SUFFIXES, read_html_file
from communique.read.records import RecordError, article_from_record
from communique.read.text import article_from_text
from communique.read.warc import WARC_SUFFIXES, read_warc_file

__all__ = ["DEFAULT_MAX_CHARS", "ReadError", "read_file", "read_inputs"]

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES + WARC_SUFFIXES
_SNIFF_BYTES = 8192


def read_inputs(paths: Iterable[str], max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadError]:
    """Every article in ``paths`` (files, folders searched recursively, ``-`` for stdin), in order."""
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(max_chars)
        elif os.path.isdir(path):
            yield from _read_folder(Path(path), max_chars)
        elif os.path.exists(path):
            yield from read_file(Path(path), max_chars)
        else:
            yield ReadError(path, "no such file or folder")


def read_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadError]:
    """The articles of one file, read by its suffix (JSON Lines, HTML, feed, WARC), else one text article."""
    name = path.name.lower()
    try:
        if name.endswith(HTML_SUFFIXES):
            yield read_html_file(path, max_chars)
        elif name.endswith(FEED_SUFFIXES):
            yield from read_feed_file(path, max_chars)
        elif name.endswith(WARC_SUFFIXES):
            yield from read_warc_file(path, max_chars)
        elif name.endswith(JSONL_SUFFIXES):
            opener = gzip.open if path.suffix.lower() == ".gz" else open
            with opener(path, "rb") as stream:
                if b"\x00" in stream.read(_SNIFF_BYTES):
                    yield ReadError(str(path), "binary file (contains NUL bytes), not JSON Lines")
                    return
                stream.seek(0)
                yield from _read_jsonl(stream, str(path), max_chars)
        else:
            oversize = bytes_over_limit(path.stat().st_size, str(path), max_chars)
            if oversize:
                yield oversize
                return
            yield _text_article(path.read_bytes(), str(path), max_chars)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield ReadError(str(path), f"cannot read: {error.strerror or error}" if isinstance(error, OSError) else f"cannot read: {error}")


def _read_folder(folder: Path, max_chars: int) -> Iterator[Article | ReadError]:
    found = False
    for path in _article_files(folder):
        found = True
        yield from read_file(path, max_chars)
    if not found:
        yield ReadError(str(folder), "folder holds no article files (.txt, .jsonl, .html, .rss, .atom, .xml, .warc)")


def _article_files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` in sorted path order, skipping hidden names."""
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _article_files(entry)
        elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
            yield entry


def _read_stdin(max_chars: int) -> Iterator[Article | ReadError]:
    """JSON Lines streamed line by line when the input starts with ``{``, else one text article."""
    stream = sys.stdin.buffer
    head = b""
    for line in stream:
        head += line
        if head.strip():
            break
    if head.lstrip()[:1] == b"{":
        yield from _read_jsonl(chain(head.splitlines(keepends=True), stream), "<stdin>", max_chars)
    else:
        yield _text_article(head + stream.read(), "<stdin>", max_chars)


def _text_article(data: bytes, where: str, max_chars: int) -> Article | ReadError:
    if not data.strip():
        return ReadError(where, "empty file" if not data else "file holds only whitespace")
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        return ReadError(where, str(error))
    if len(text) > max_chars:
        return too_long(where, f"{len(text):,} characters", max_chars)
    return article_from_text(text, where)


def _read_jsonl(lines: BinaryIO | Iterator[bytes], where: str, max_chars: int) -> Iterator[Article | ReadError]:
    records = 0
    for number, raw in enumerate(lines, start=1):
        line_where = f"{where}:{number}"
        if not raw.strip():
            continue
        records += 1
        oversize = bytes_over_limit(len(raw), line_where, max_chars)
        if oversize:
            yield oversize
            continue
        try:
            record = json.loads(decode_bytes(raw))
            article = article_from_record(record, line_where)
        except DecodeError as error:
            yield ReadError(line_where, str(error))
            continue
        except json.JSONDecodeError as error:
            yield ReadError(line_where, f"not valid JSON ({error.msg} at column {error.colno})")
            continue
        except RecordError as error:
            yield ReadError(line_where, str(error))
            continue
        yield within_limit(article, line_where, max_chars)
    if not records:
        yield ReadError(where, "empty file" if where != "<stdin>" else "no input on standard input")

