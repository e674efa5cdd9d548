"""Writing Analyses to Parquet, a batch of rows at a time.

Each row is one article: its id, title, outlet, date, url and source path as
columns to filter and join on, and the whole Analysis as its JSON text in
``analysis`` (the same object ``analyze --format json`` prints), so nothing
is lost and the schema stays the one in ``schema/``. Rows are buffered and
written a row group at a time; a directory gets one ``part-NNNNN.parquet``
file per batch instead, as Ray Data and Spark write them.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from communique.model import Analysis

ROWS_PER_BATCH = 1000
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("date", pa.string()),
        ("url", pa.string()),
        ("source_path", pa.string()),
        ("analysis", pa.string()),
    ]
)


class ParquetSink:
    """Collects Analyses and writes them to ``path`` (a ``.parquet`` file or a directory) in batches."""

    def __init__(self, path: Path, rows_per_batch: int = ROWS_PER_BATCH) -> None:
        self.path = path
        self.rows_per_batch = rows_per_batch
        self._rows: list[dict] = []
        self._parts = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, analysis: Analysis) -> None:
        article = analysis.article
        self._rows.append(
            {
                "id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "date": article.date,
                "url": article.url,
                "source_path": article.source_path,
                "analysis": analysis.model_dump_json(),
            }
        )
        if len(self._rows) >= self.rows_per_batch:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows: a row group of the file, or the directory's next part file."""
        if not self._rows and (self._writer is not None or self.path.is_dir()):
            return
        table = pa.Table.from_pylist(self._rows, schema=SCHEMA)
        self._rows = []
        if self.path.is_dir():
            pq.write_table(table, self.path / f"part-{self._parts:05d}.parquet")
            self._parts += 1
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, SCHEMA)
        self._writer.write_table(table)

    def close(self) -> None:
        """Write what is left; a file is written even when no article was analysed, so readers find it."""
        self.flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
