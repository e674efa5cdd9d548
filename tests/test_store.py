"""Storage, migrations, queries, network and exports: each test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pyarrow.parquet as pq
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from handmade import TEXT, analysis
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from communique.export import ExportFormat, exporter
from communique.export.gdelt import COLUMNS as GDELT_COLUMNS
from communique.model import Analysis
from communique.network import actor_network
from communique.query import Filters, RecordKind, count, find
from communique.store.db import DatabaseError, open_database
from communique.store.ingest import store_analysis
from communique.store.search import is_search_object
from communique.store.tables import ArticleRow, Base, EventRow, QuoteRow, StanceRow

HOSTILE = [
    "'; DROP TABLE quotes; --",
    '" OR 9=9 --',
    "%",
    "_",
    "\\",
    "NEAR(a b)",
    "nothing* OR zz",
    "') OR ('9'='9",
    "-- ; /* */",
    '"unclosed',
    "\u202e\ufeff",
]


APPLICABLE_FILTERS = {
    RecordKind.quotes: ("speaker", "actor", "issue", "stance", "outlet", "text"),
    RecordKind.events: ("actor", "outlet", "text", "source", "target", "code"),
    RecordKind.stances: ("speaker", "actor", "issue", "stance", "outlet", "text", "target"),
}


@pytest.fixture
def engine(database_url):
    engine = open_database(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def stored(engine):
    """A database holding two hand-made articles of different outlets and dates."""
    store_analysis(engine, analysis("hand-1", date="2021-03-04", outlet="Daily Test"))
    store_analysis(engine, analysis("hand-2", date="2022-06-01", outlet="Weekly Test"))
    return engine


def rows_in(engine, table) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(table))


def test_migrations_build_exactly_the_declared_schema(engine):
    with engine.connect() as connection:
        included = {"include_name": lambda name, type_, parents: not is_search_object(name, type_, parents)}
        differences = compare_metadata(MigrationContext.configure(connection, opts=included), Base.metadata)
    assert differences == []
    assert {"articles", "actors", "quotes", "events", "stances", "alembic_version"} <= set(inspect(engine).get_table_names())


def test_opening_again_keeps_the_data(stored, database_url):
    again = open_database(database_url)
    assert rows_in(again, ArticleRow) == 2
    again.dispose()


def test_storing_an_article_twice_replaces_it(engine):
    store_analysis(engine, analysis("hand-1"))
    store_analysis(engine, analysis("hand-1"))
    assert [rows_in(engine, table) for table in (ArticleRow, QuoteRow, EventRow, StanceRow)] == [1, 1, 2, 2]
    changed = analysis("hand-1")
    changed.quotes.clear()
    store_analysis(engine, changed)
    assert rows_in(engine, QuoteRow) == 0 and rows_in(engine, EventRow) == 2


def query(engine, kind: RecordKind, **filters) -> list[dict]:
    with Session(engine) as session:
        return find(session, kind, Filters(**filters))


@pytest.mark.parametrize(
    ("filters", "articles"),
    [
        ({}, ["hand-1", "hand-2"]),
        ({"speaker": "petrova"}, ["hand-1", "hand-2"]),
        ({"actor": "RUR"}, ["hand-1", "hand-2"]),
        ({"actor": "person:anna-petrova"}, ["hand-1", "hand-2"]),
        ({"actor": "FRE"}, []),
        ({"outlet": "weekly test"}, ["hand-2"]),
        ({"since": "2022"}, ["hand-2"]),
        ({"until": "2021-12-31"}, ["hand-1"]),
        ({"text": "counterproductive sanctions"}, ["hand-1", "hand-2"]),
        ({"text": "border"}, []),
        ({"issue": "sanctions"}, ["hand-1", "hand-2"]),
        ({"issue": "sanctions|freedonia", "stance": "against"}, ["hand-1", "hand-2"]),
        ({"stance": "favor"}, []),
    ],
)
def test_quote_filters(stored, filters, articles):
    found = query(stored, RecordKind.quotes, **filters)
    assert [row["article_id"] for row in found] == articles
    assert all(row["speaker"] == "Anna Petrova" and row["actor"] == "RURGOV" for row in found)


def test_full_text_search_finds_words_in_articles_quotes(stored):
    row = query(stored, RecordKind.quotes, text="Counterproductive")[0]
    assert row["content"] == "sanctions against Freedonia would be counterproductive"
    assert (row["cue"], row["start"], row["type"]) == ("said", 65 + len("Foreign Minister "), "indirect")


@pytest.mark.parametrize(
    ("filters", "events"),
    [
        ({}, ["e1", "e2"]),
        ({"source": "RUR"}, ["e1", "e2"]),
        ({"source": "freedonia"}, []),
        ({"target": "Freedonia"}, ["e1", "e2"]),
        ({"code": "11"}, ["e1"]),
        ({"code": "057"}, ["e2"]),
        ({"quad_class": 1}, ["e2"]),
        ({"since": "2021-03-05"}, ["e2"]),
        ({"until": "2021-03-04"}, ["e1"]),
        ({"text": "trade"}, ["e2"]),
    ],
)
def test_event_filters(engine, filters, events):
    store_analysis(engine, analysis("hand-1"))
    assert [row["event_id"] for row in query(engine, RecordKind.events, **filters)] == events


def test_event_rows_carry_codes_and_actors(engine):
    store_analysis(engine, analysis("hand-1"))
    first = query(engine, RecordKind.events, code="111")[0]
    assert (first["source"], first["source_cameo"], first["target"], first["target_cameo"]) == ("Ruritania", "RUR", "Freedonia", "FRE")
    assert (first["quad_class"], first["goldstein"], first["verb"], first["date"]) == (3, -2.0, "condemned", "2021-03-04")


def test_stance_filters(stored):
    assert [row["stance_id"] for row in query(stored, RecordKind.stances, issue="freedonia", stance="against")] == ["s1", "s1"]
    negative = query(stored, RecordKind.stances, stance="negative", outlet="Daily Test")
    assert [(row["holder"], row["target"]) for row in negative] == [("Ruritania", "Freedonia")]


def test_hostile_filter_strings_are_only_data(stored):
    for hostile in HOSTILE:
        for kind, names in APPLICABLE_FILTERS.items():
            for name in names:
                assert query(stored, kind, **{name: hostile}) == [], (hostile, kind, name)
    assert rows_in(stored, QuoteRow) == 2 and rows_in(stored, ArticleRow) == 2


def test_like_wildcards_in_filters_are_literal(engine):
    store_analysis(engine, analysis("hand-1"))
    assert query(engine, RecordKind.quotes, speaker="Anna_Petrova") == []
    assert len(query(engine, RecordKind.quotes, speaker="Anna Petrova")) == 1


def test_paging_and_count(stored):
    with Session(stored) as session:
        assert count(session, RecordKind.events, Filters()) == 4
        pages = [find(session, RecordKind.events, Filters(), limit=3, offset=offset) for offset in (0, 3)]
    assert [len(page) for page in pages] == [3, 1]
    assert len({(row["article_id"], row["event_id"]) for page in pages for row in page}) == 4


def test_network_weights_edges_by_events_goldstein_and_stance_balance(stored):
    with Session(stored) as session:
        graph = actor_network(session)
    edge = graph.edges["country:RUR", "country:FRE"]
    assert edge == {"events": 4, "mean_goldstein": 3.0, "stances": 2, "stance_balance": -2}
    assert graph.nodes["person:anna-petrova"] == {"name": "Anna Petrova", "cameo": "RURGOV", "articles": 2}


def export(engine, export_format: ExportFormat, kind: RecordKind = RecordKind.quotes, **filters) -> tuple[bytes, int]:
    stream = io.BytesIO()
    with Session(engine) as session:
        written = exporter(export_format)(session, stream, kind, Filters(**filters))
    return stream.getvalue(), written


def test_jsonl_export_gives_back_the_analyses(stored):
    data, written = export(stored, ExportFormat.jsonl)
    lines = data.decode("utf-8").splitlines()
    assert written == 2
    assert Analysis.model_validate_json(lines[0]) == analysis("hand-1", date="2021-03-04", outlet="Daily Test")
    assert [json.loads(line)["article"]["id"] for line in lines] == ["hand-1", "hand-2"]
    only_2022, _ = export(stored, ExportFormat.jsonl, since="2022")
    assert [json.loads(line)["article"]["id"] for line in only_2022.decode().splitlines()] == ["hand-2"]


def test_csv_and_parquet_exports_hold_the_query_rows(stored):
    data, written = export(stored, ExportFormat.csv, RecordKind.events, code="057")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert written == 2 and [(row["event_id"], row["code"], row["quad_class"]) for row in rows] == [("e2", "057", "1")] * 2
    data, written = export(stored, ExportFormat.parquet, RecordKind.stances)
    table = pq.read_table(io.BytesIO(data))
    assert written == 4 and table.num_rows == 4
    assert sorted(table.column("polarity").to_pylist()) == ["against", "against", "negative", "negative"]


def test_gdelt_export_has_gdelt_columns_in_order(engine):
    store_analysis(engine, analysis("hand-1"))
    data, written = export(engine, ExportFormat.gdelt)
    records = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in data.decode("utf-8").splitlines()]
    assert len(GDELT_COLUMNS) == 61 and GDELT_COLUMNS[0] == "GLOBALEVENTID" and GDELT_COLUMNS[-1] == "SOURCEURL"
    assert written == 2
    first, second = records
    assert (first["SQLDATE"], first["MonthYear"], first["Year"], first["FractionDate"]) == ("20210304", "202103", "2021", "2021.1726")
    assert (first["Actor1Code"], first["Actor1Name"], first["Actor1CountryCode"]) == ("RUR", "RURITANIA", "RUR")
    assert (first["Actor2Code"], first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == ("FRE", "111", "111", "11")
    assert (first["QuadClass"], first["GoldsteinScale"], first["IsRootEvent"], first["SOURCEURL"]) == ("3", "-2.0", "1", "https://example.org/a")
    assert (second["SQLDATE"], second["EventCode"], second["IsRootEvent"]) == ("20210310", "057", "0")
    assert first["AvgTone"] == "" and len(first["DATEADDED"]) == 14


def test_graphml_export_reads_back_in_networkx(stored):
    data, edges = export(stored, ExportFormat.graphml)
    graph = nx.read_graphml(io.BytesIO(data))
    assert edges == graph.number_of_edges() == 1
    assert graph.edges["country:RUR", "country:FRE"]["mean_goldstein"] == 3.0
    assert graph.nodes["country:FRE"]["name"] == "Freedonia"


def test_unusable_database_urls_say_why(tmp_path):
    for url, reason in (("mysql://nobody@127.0.0.1/x", "not supported"), (str(tmp_path / "missing" / "x.db"), "cannot open")):
        with pytest.raises(DatabaseError, match=reason):
            open_database(url)


def test_article_full_text_search_filters_exports(stored, engine):
    store_analysis(engine, analysis("other", text=TEXT + "\nFreedonia opened a museum of modern art in its capital."))
    data, written = export(engine, ExportFormat.jsonl, text="museum")
    assert written == 1 and json.loads(data)["article"]["id"] == "other"
    data, written = export(engine, ExportFormat.jsonl, text="trade agreements")  # stemmed: agreement(s)
    assert written == 3
    assert export(engine, ExportFormat.jsonl, text="'; DROP TABLE articles; --") == (b"", 0)
