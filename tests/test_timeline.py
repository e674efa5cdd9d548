"""Corpus timelines: issue positions over time and actor-pair balances, from hand-written articles."""

from __future__ import annotations

import json

import pytest

from communique.pipeline import analyze_text
from communique.timeline import ActorKey, by_holder, issue_timeline, pair_balance, resolve_issue

LATER = """Example Wire
Monday, March 5th, 2012

Vladimir Putin said sanctions on Syria were a serious mistake.

Angela Merkel said sanctions against Syria had become essential.
"""

EARLIER = """Example Wire
Friday, January 6th, 2012

Vladimir Putin said he supported sanctions against Syria.

Angela Merkel warmly praised Russia for its generous help.

The weather in Berlin was mild.
"""


@pytest.fixture(scope="module")
def analyses():
    return [analyze_text(LATER), analyze_text(EARLIER)]


def test_resolve_issue_takes_a_key_as_it_is_and_normalises_a_phrase():
    assert resolve_issue("sanctions|SYR") == "sanctions|SYR"
    assert resolve_issue("new sanctions against Damascus") == "sanctions|SYR"
    assert resolve_issue("a quiet evening") is None


def test_the_timeline_puts_each_position_in_date_order_with_its_evidence(analyses):
    points = issue_timeline(analyses, "sanctions|SYR")
    assert [(point.date, point.holder.name, point.polarity) for point in points] == [
        ("2012-01-06", "Vladimir Putin", "favor"),
        ("2012-03-05", "Vladimir Putin", "against"),
        ("2012-03-05", "Angela Merkel", "favor"),
    ]
    later = analyses[0].article.text
    point = points[1]
    assert later[point.evidence.start : point.evidence.end] == point.evidence.text == "sanctions on Syria were a serious mistake"
    assert point.article_id == analyses[0].article.id and point.issue_label == "sanctions (Syria)"


def test_points_group_per_holder_and_issue(analyses):
    groups = by_holder(issue_timeline(analyses))
    putin = next(key for key in groups if key[0] is not None and key[0].name == "Vladimir Putin")
    assert putin[1] == "sanctions|SYR"
    assert [point.polarity for point in groups[putin]] == ["favor", "against"]


def test_pair_balance_counts_positive_and_negative_stances_per_month(analyses):
    balances = pair_balance(analyses)
    merkel_russia = [entry for entry in balances if entry.holder.name == "Angela Merkel" and entry.target.name == "Russia"]
    assert len(merkel_russia) == 1
    entry = merkel_russia[0]
    assert (entry.period, entry.positive, entry.negative, entry.balance) == ("2012-01", 1, 0, 1)
    article_id, polarity, span = entry.evidence[0]
    assert article_id == analyses[1].article.id and polarity == "positive"
    assert span.text == "Angela Merkel warmly praised Russia for its generous help."


def test_actor_keys_print_name_and_code():
    assert str(ActorKey("Russia", "RUS")) == "Russia (RUS)"
    assert str(ActorKey("Someone", None)) == "Someone"


def test_the_command_reads_analyses_and_filters_articles_by_a_word(cli, tmp_path, analyses):
    stored = tmp_path / "analyses.jsonl"
    stored.write_text("".join(analysis.model_dump_json() + "\n" for analysis in analyses), encoding="utf-8")
    result = cli("timeline", stored, "--issue", "sanctions against Syria", "--pairs")
    assert result.exit_code == 0, result.stderr
    assert "2012-01-06  favor" in result.stdout and "2012-03-05  against" in result.stdout
    assert "“sanctions on Syria were a serious mistake”" in result.stdout
    assert "Angela Merkel (" in result.stdout and "→ Russia (RUS)" in result.stdout
    assert "3 points from 2 articles" in result.stderr

    filtered = cli("timeline", stored, "--issue", "sanctions|SYR", "--mentioning", "weather", "--json")
    assert filtered.exit_code == 0, filtered.stderr
    points = [json.loads(line)["point"] for line in filtered.stdout.splitlines()]
    assert [point["date"] for point in points] == ["2012-01-06"]
    assert points[0]["evidence"]["text"] == "he supported sanctions against Syria"


def test_the_command_analyses_articles_and_reports_bad_lines(cli, tmp_path):
    article = tmp_path / "later.txt"
    article.write_text(LATER, encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"schema_version": "1.1", "article": {}}\n', encoding="utf-8")
    result = cli("timeline", article, broken, "--issue", "sanctions|SYR")
    assert result.exit_code == 1
    assert f"error: {broken}:1: not an analysis" in result.stderr
    assert "2012-03-05  against" in result.stdout


def test_an_issue_that_names_nothing_is_a_usage_error(cli, tmp_path):
    result = cli("timeline", tmp_path, "--issue", "a quiet evening")
    assert result.exit_code == 2
    assert "names no issue" in result.stderr
