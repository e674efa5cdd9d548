"""Exports of a stored database, one module per format.

Each exporter writes to a binary stream (a file, or stdout's buffer), so the
CLI can send any format to either.

    jsonl    one Analysis per line, exactly as ``communique analyze`` writes it
    csv      the quotes, events or stances that match the query filters
    parquet  the same records as an Apache Parquet table
    gdelt    events as GDELT 2.0 event records (tab-separated, no header)
    graphml  the actor network, for Gephi or visone
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import BinaryIO

from sqlalchemy.orm import Session

from communique.query import Filters, RecordKind


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    graphml = "graphml"


Exporter = Callable[[Session, BinaryIO, RecordKind, Filters], int]
"""Writes the export and returns how many records (articles, rows, events, edges) it wrote."""


def exporter(export_format: ExportFormat) -> Exporter:
    """The function that writes ``export_format``."""
    from communique.export import csv, gdelt, graphml, jsonl, parquet

    modules = {"jsonl": jsonl, "csv": csv, "parquet": parquet, "gdelt": gdelt, "graphml": graphml}
    return modules[export_format.value].export
