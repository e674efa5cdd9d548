"""CSV: the quotes, events or stances matching the filters, one row each, with a header."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from sqlalchemy.orm import Session

from communique.query import Filters, RecordKind, find


def export(session: Session, stream: BinaryIO, kind: RecordKind, filters: Filters) -> int:
    rows = find(session, kind, filters)
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    write_csv(rows, text)
    text.detach()
    return len(rows)


def write_csv(rows: list[dict], stream) -> None:
    """``rows`` as CSV on a text stream; nothing at all when there are no rows (no columns to name)."""
    if not rows:
        return
    writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
