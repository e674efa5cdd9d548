"""Reading articles from files, folders, JSON Lines and standard input.

``read_inputs`` streams one item per article, in input order: an
:class:`~communique.model.Article`, or a :class:`ReadError` naming the file
(and line) and saying why it could not be read. Nothing here raises on bad
input, so a batch always goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from communique.model import Article
from communique.read.decode import DecodeError, decode_bytes
from communique.read.records import RecordError, article_from_record
from communique.read.text import article_from_text

DEFAULT_MAX_CHARS = 1_000_000
"""Longest article analysed by default: spaCy's own limit, about 150,000 words."""

STDIN = "-"
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_UTF8_BYTES_PER_CHAR = 4
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class ReadError:
    """One input that could not be read: where it is and why, for a one-line message."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


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
    """The articles of one file: a JSON Lines file by its suffix, else one text article."""
    try:
        if path.name.lower().endswith(JSONL_SUFFIXES):
            opener = gzip.open if path.suffix.lower() == ".gz" else open
            with opener(path, "rb") as stream:
                if b"\x00" in stream.read(_SNIFF_BYTES):
                    yield ReadError(str(path), "binary file (contains NUL bytes), not JSON Lines")
                    return
                stream.seek(0)
                yield from _read_jsonl(stream, str(path), max_chars)
        else:
            size = path.stat().st_size
            if size > max_chars * _UTF8_BYTES_PER_CHAR:
                yield _too_long(str(path), f"{size:,} bytes", max_chars)
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
        yield ReadError(str(folder), "folder holds no .txt or .jsonl files")


def _article_files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` in sorted path order, skipping hidden names."""
    for entry in sorted(folder.iterdir(), key=lambda path: path.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _article_files(entry)
        elif entry.name.lower().endswith(TEXT_SUFFIXES + JSONL_SUFFIXES):
            yield entry


def _read_stdin(max_chars: int) -> Iterator[Article | ReadError]:
    data = sys.stdin.buffer.read()
    if data.lstrip()[:1] == b"{":
        yield from _read_jsonl(iter(data.splitlines(keepends=True)), "<stdin>", max_chars)
    else:
        yield _text_article(data, "<stdin>", max_chars)


def _text_article(data: bytes, where: str, max_chars: int) -> Article | ReadError:
    if not data.strip():
        return ReadError(where, "empty file" if not data else "file holds only whitespace")
    try:
        text = decode_bytes(data)
    except DecodeError as error:
        return ReadError(where, str(error))
    if len(text) > max_chars:
        return _too_long(where, f"{len(text):,} characters", max_chars)
    return article_from_text(text, where)


def _read_jsonl(lines: BinaryIO | Iterator[bytes], where: str, max_chars: int) -> Iterator[Article | ReadError]:
    records = 0
    for number, raw in enumerate(lines, start=1):
        line_where = f"{where}:{number}"
        if not raw.strip():
            continue
        records += 1
        if len(raw) > max_chars * _UTF8_BYTES_PER_CHAR:
            yield _too_long(line_where, f"{len(raw):,} bytes", max_chars)
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
        if len(article.text) > max_chars:
            yield _too_long(line_where, f"{len(article.text):,} characters", max_chars)
        else:
            yield article
    if not records:
        yield ReadError(where, "empty file" if where != "<stdin>" else "no input on standard input")


def _too_long(where: str, size: str, max_chars: int) -> ReadError:
    return ReadError(where, f"too long: {size}, over the limit of {max_chars:,} characters (raise it with --max-chars)")
