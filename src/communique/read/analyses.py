"""Reading back what ``communique analyze`` wrote: one Analysis JSON object per line.

Corpus-level views (``communique timeline``) accept analyses as well as articles, so a corpus is
analysed once and queried many times.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from communique.model import Analysis
from communique.read import ReadError


def is_analyses_file(path: Path) -> bool:
    """True when the file's first non-empty line is an Analysis (a JSON object with schema_version and article)."""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    record = json.loads(line)
                    return isinstance(record, dict) and "schema_version" in record and "article" in record
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return False


def read_analyses(path: Path) -> Iterator[Analysis | ReadError]:
    """Every Analysis in a JSON Lines file, and a ReadError for each line that is not one."""
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield Analysis.model_validate_json(line)
                except ValidationError as error:
                    yield ReadError(f"{path}:{number}", f"not an analysis: {error.errors()[0]['msg']}")
    except (OSError, UnicodeDecodeError) as error:
        yield ReadError(str(path), f"cannot read: {error}")
