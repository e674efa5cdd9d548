"""communique ingest, query and export as a user runs them, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from communique.cli import samples_folder
from communique.store.db import open_database
from communique.store.tables import ArticleRow, QuoteRow

ARTICLES = {
    "minister.txt": "The foreign minister, Anna Petrova, said on Monday that new sanctions would only make talks harder.\n\n"
    "\"We will not accept threats,\" Petrova told reporters in the capital.",
    "mayor.txt": "Mayor John Carter said the city would open three new libraries next year.\n\n"
    "Residents welcomed the plan, according to a local newspaper.",
}


@pytest.fixture
def sources(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def counts(database_url: str) -> tuple[int, int, int]:
    """Articles, quotes, and distinct (article, quote) pairs stored."""
    engine = open_database(database_url)
    with Session(engine) as session:
        articles = session.scalar(select(func.count()).select_from(ArticleRow))
        quotes = session.scalar(select(func.count()).select_from(QuoteRow))
        distinct = session.scalar(select(func.count()).select_from(select(QuoteRow.article_id, QuoteRow.quote_id).distinct().subquery()))
    engine.dispose()
    return articles, quotes, distinct


def test_ingest_stores_each_article_once(cli, sources, database_url):
    first = cli("ingest", sources, "--db", database_url)
    assert first.exit_code == 0, first.stderr
    assert "stored 2, skipped 0" in first.stderr
    stored = counts(database_url)
    assert stored[0] == 2 and stored[1] >= 3 and stored[1] == stored[2]
    again = cli("ingest", sources, "--db", database_url)
    assert again.exit_code == 0 and "stored 0, skipped 2" in again.stderr
    assert counts(database_url) == stored


def test_reanalyze_replaces_articles_analysed_by_another_version(cli, sources, database_url):
    assert cli("ingest", sources, "--db", database_url).exit_code == 0
    stored = counts(database_url)
    engine = open_database(database_url)
    with Session(engine) as session, session.begin():
        session.execute(update(ArticleRow).where(ArticleRow.id.in_(select(ArticleRow.id).limit(1))).values(analysed_by="0.0.1/old@0"))
    assert "stored 0, skipped 2" in cli("ingest", sources, "--db", database_url).stderr
    result = cli("ingest", sources, "--db", database_url, "--reanalyze")
    assert result.exit_code == 0 and "stored 1, skipped 1" in result.stderr
    with Session(engine) as session:
        assert "0.0.1/old@0" not in session.scalars(select(ArticleRow.analysed_by)).all()
    engine.dispose()
    assert counts(database_url) == stored
    assert "stored 0, skipped 2" in cli("ingest", sources, "--db", database_url, "--reanalyze").stderr


def test_ingest_reports_unreadable_inputs_and_stores_the_rest(cli, sources, database_url):
    result = cli("ingest", sources / "minister.txt", sources / "missing.txt", "--db", database_url)
    assert result.exit_code == 1
    assert f"{sources / 'missing.txt'}: no such file or folder" in result.stderr
    assert counts(database_url)[0] == 1


def test_bad_database_url_is_one_line_usage_error(cli, sources):
    result = cli("ingest", sources, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: postgresql+psycopg://nobody@127.0.0.1:1/none: cannot open database")
    assert len(result.stderr.strip().splitlines()) == 1


def test_query_prints_table_json_and_csv(cli, sources, database_url):
    assert cli("ingest", sources, "--db", database_url).exit_code == 0
    table = cli("query", "--db", database_url, "--speaker", "petrova")
    assert table.exit_code == 0 and "Anna Petrova" in table.stdout and "sanctions" in table.stdout
    lines = cli("query", "--db", database_url, "--text", "libraries", "--format", "json").stdout.splitlines()
    found = [json.loads(line) for line in lines]
    assert [(row["speaker"], row["cue"]) for row in found] == [("John Carter", "said")]
    rows = list(csv.DictReader(io.StringIO(cli("query", "--db", database_url, "--format", "csv").stdout)))
    assert {row["speaker"] for row in rows} >= {"Anna Petrova", "John Carter"}
    bad = cli("query", "--db", database_url, "--since", "last week")
    assert bad.exit_code == 2 and "--since 'last week'" in bad.stderr


def test_export_writes_files(cli, sources, database_url, tmp_path):
    assert cli("ingest", sources, "--db", database_url).exit_code == 0
    jsonl = tmp_path / "out.jsonl"
    assert cli("export", "--db", database_url, "--format", "jsonl", "--out", jsonl).exit_code == 0
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 2
    graphml = tmp_path / "actors.graphml"
    result = cli("export", "--db", database_url, "--format", "graphml", "--out", graphml)
    assert result.exit_code == 0 and "exported 0 graphml records" in result.stderr  # no events or stances yet: no edges
    names = {attributes["name"] for _key, attributes in nx.read_graphml(graphml).nodes(data=True)}
    assert {"Anna Petrova", "John Carter"} <= names


def test_killed_ingest_resumes_without_duplicates(database_url, tmp_path):
    """kill -9 in the middle of an ingest loses at most the article in flight; a rerun stores the rest once."""
    voa = (samples_folder() / "voa-stories.jsonl").read_text(encoding="utf-8").splitlines()[:24]
    source = tmp_path / "stories.jsonl"
    source.write_text("\n".join(voa) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "communique", "ingest", str(source), "--db", database_url, "--batch-size", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 240
    while counts(database_url)[0] < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, "the ingest finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    interrupted = counts(database_url)[0]
    assert 3 <= interrupted < 24
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {interrupted} already stored" in rerun.stderr
    articles, quotes, distinct = counts(database_url)
    assert articles == 24 and quotes == distinct
