"""JSON Lines: the stored Analysis of each article, as ``communique analyze`` printed it."""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy.orm import Session

from communique.query import Filters, RecordKind, stored_articles


def export(session: Session, stream: BinaryIO, _kind: RecordKind, filters: Filters) -> int:
    """One Analysis per line, articles ordered by date and id; the outlet and date filters apply."""
    written = 0
    for article in stored_articles(session, filters):
        stream.write(article.analysis_json.encode("utf-8") + b"\n")
        written += 1
    return written
