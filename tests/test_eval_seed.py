"""``communique eval seed``: the matching rules of the seed's gold file, and the command on the real seed."""

from __future__ import annotations

import json

import pytest
from conftest import REPO, SHARED, require_shared

from communique.evaluate.seed import (
    best_quote,
    coverage,
    dates_section,
    identify_actor,
    is_pronoun,
    quotes_section,
    speaker_actor,
)
from communique.model import Analysis, Article, Quote, Speaker, TimeExpression, span_of

SEED_GOLD = SHARED / "seed" / "presstv-2009-10-13.gold.json"

ACTORS = [
    {
        "id": "lavrov",
        "name": "Sergei Lavrov",
        "mentions": ["The Russian foreign minister", "Sergei Lavrov", "Lavrov", "He"],
    },
    {"id": "clinton", "name": "Hillary Clinton", "mentions": ["US Secretary of State Hillary Clinton", "Clinton"]},
    {"id": "medvedev", "name": "Dmitry Medvedev", "mentions": ["Russian President Dmitry Medvedev", "who"]},
    {"id": "russia", "name": "Russia", "mentions": ["Russia", "Moscow (as the Russian government)"]},
    {"id": "usa", "name": "United States", "mentions": ["US", "Washington (as the US government)"]},
]


# --- matching helpers --------------------------------------------------------------------------


def test_coverage_is_the_share_of_gold_characters_under_the_union_of_fragments():
    assert coverage((10, 20), [(10, 15)]) == 0.5
    assert coverage((10, 20), [(10, 14)]) == 0.4
    assert coverage((10, 20), [(10, 16), (12, 18)]) == 0.8  # overlapping fragments are not counted twice
    assert coverage((10, 20), [(0, 12), (18, 40)]) == 0.4
    assert coverage((10, 20), []) == 0.0


def test_best_quote_takes_the_quote_covering_most_of_the_gold_span():
    text = "Lavrov said sanctions were counterproductive and Clinton agreed sanctions could wait."
    little = Quote(id="q1", type="indirect", speaker=Speaker(), content=[span_of(text, 12, 21)])
    most = Quote(id="q2", type="indirect", speaker=Speaker(), content=[span_of(text, 12, 30), span_of(text, 30, 44)])
    quote, share = best_quote((12, 44), [little, most])
    assert quote is most and share == 1.0
    assert best_quote((60, 70), [little, most]) == (None, 0.0)


def test_identify_actor_by_any_of_its_names_case_insensitive():
    assert identify_actor("Lavrov", ACTORS) == "lavrov"
    assert identify_actor("sergei lavrov", ACTORS) == "lavrov"
    assert identify_actor("Sergei Viktorovich Lavrov", ACTORS) == "lavrov"  # contains the mention "Lavrov"
    assert identify_actor("Lavrova", ACTORS) is None  # whole words only, not substrings
    assert identify_actor("Russian", ACTORS) != "russia"  # "Russian" is not "Russia"
    assert identify_actor("Foreign Minister Sergei Lavrov", ACTORS) == "lavrov"  # contains a name
    assert identify_actor("Secretary Clinton", ACTORS) == "clinton"
    assert identify_actor("Moscow", ACTORS) == "russia"  # the gold's parenthetical note is not part of the name


def test_pronouns_and_ambiguous_names_identify_nobody():
    assert is_pronoun("He") and is_pronoun("who") and is_pronoun(None) and is_pronoun("")
    assert not is_pronoun("Lavrov")
    assert identify_actor("He", ACTORS) is None  # even though "He" is listed among Lavrov's mentions
    assert identify_actor("who", ACTORS) is None
    assert identify_actor("the", ACTORS) is None
    twins = [{"id": "john", "name": "John Smith"}, {"id": "jane", "name": "Jane Smith"}]
    assert identify_actor("Smith", twins) is None


def test_us_is_the_united_states_not_the_secretary_of_state():
    assert identify_actor("US", ACTORS) == "usa"
    assert identify_actor("US Secretary of State Hillary Clinton", ACTORS) == "clinton"


def test_speaker_actor_uses_the_canonical_name_then_the_mention_but_never_a_bare_pronoun():
    text = "He said so. Lavrov said so."
    he, lavrov = span_of(text, 0, 2), span_of(text, 12, 18)
    assert speaker_actor(Speaker(mention=he), ACTORS) is None
    assert speaker_actor(Speaker(mention=he, name="Sergei Lavrov"), ACTORS) == "lavrov"
    assert speaker_actor(Speaker(mention=lavrov), ACTORS) == "lavrov"
    assert speaker_actor(Speaker(mention=he, name="Clinton"), ACTORS) == "clinton"


def test_quotes_section_counts_required_and_optional_quotes_apart():
    text = "Lavrov said sanctions would fail. He added talks must go on. Iran rejected the claims."
    gold = {
        "actors": ACTORS,
        "quotes": [
            {"speaker": "lavrov", "required": True, "content_span": {"start": 12, "end": 32, "text": text[12:32]}},
            {"speaker": "lavrov", "required": True, "content_span": {"start": 43, "end": 59, "text": text[43:59]}},
            {"speaker": "iran", "required": False, "content_span": {"start": 75, "end": 85, "text": text[75:85]}},
        ],
    }
    quotes = [
        Quote(
            id="q1",
            type="indirect",
            speaker=Speaker(mention=span_of(text, 0, 6), name="Lavrov"),
            content=[span_of(text, 12, 32)],
        ),
        Quote(
            id="q2", type="indirect", speaker=Speaker(mention=span_of(text, 34, 36)), content=[span_of(text, 43, 52)]
        ),
    ]
    analysis = Analysis(communique_version="0", pipeline="test", article=Article(id="t", text=text), quotes=quotes)
    section = quotes_section(gold, analysis)
    assert section.figures == {
        "quotes_required": 2,
        "quotes_found": 2,  # q2 covers 9 of 16 characters: more than half
        "speakers_right": 1,  # q2's speaker is only "He"
        "optional_quotes": 1,
        "optional_quotes_found": 0,
        "optional_speakers_right": 0,
    }
    assert [row[4].split()[0] for row in section.rows] == ["yes", "yes", "no"]
    assert [row[6] for row in section.rows] == ["yes", "no", ""]


def test_dates_section_scores_found_and_resolved_dates_and_quote_dates():
    text = "Wire\nTuesday, Oct 13th, 2009\n\nLavrov, who said last month that talks would fail, will meet her later."
    dateline, last_month, later, said = (text.index(words) for words in ("Tuesday", "last month", "later", "that"))
    gold = {
        "dates": [
            {"resolved": "2009-10-13", "role": "dateline", "span": {"start": dateline, "end": dateline + 23, "text": ""}},
            {"resolved": "2009-09", "granularity": "month", "span": {"start": last_month, "end": last_month + 10, "text": ""}},
            {"resolved": "2009-10-13", "granularity": "day", "required": False,
             "span": {"start": later, "end": later + 5, "text": ""}},
        ],
        "quotes": [
            {"speaker": "lavrov", "date": "2009-09", "content_span": {"start": said, "end": said + 21, "text": text[said : said + 21]}},
        ],
    }
    times = [
        TimeExpression(**span_of(text, dateline, dateline + 23).model_dump(), role="dateline", resolved="2009-10-13",
                       granularity="day"),
        TimeExpression(**span_of(text, last_month, last_month + 10).model_dump(), role="body", resolved="2009-10",
                       granularity="month"),  # resolved wrongly
    ]
    quote = Quote(id="q1", type="indirect", speaker=Speaker(), content=[span_of(text, said, said + 21)], date="2009-09")
    article = Article(id="t", text=text, date="2009-10-13")
    analysis = Analysis(communique_version="0", pipeline="test", article=article, quotes=[quote], times=times)
    section = dates_section(gold, analysis)
    assert section.figures == {
        "dates_required": 2,
        "dates_found": 2,
        "dates_right": 1,
        "optional_dates": 1,
        "optional_dates_found": 0,
        "optional_dates_right": 0,
        "quote_dates": 1,
        "quote_dates_right": 1,
        "quote_dates_spurious": 0,
    }
    assert [row[-1] for row in section.rows] == ["yes", "no", "no", "yes"]


# --- the command -------------------------------------------------------------------------------


def last_json_line(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def test_eval_seed_on_the_real_seed(cli):
    gold = require_shared(SEED_GOLD)
    result = cli("eval", "seed", gold)
    assert result.exit_code == 0, result.stderr
    figures = last_json_line(result.stdout)
    assert {"quotes_required", "quotes_found", "speakers_right"} <= set(figures)
    assert figures["quotes_required"] == 14
    assert 0 <= figures["speakers_right"] <= figures["quotes_found"] <= 14
    assert "sergei_lavrov" in result.stdout  # the table names the gold speakers
    dates = {key: figures[key] for key in ("dates_required", "dates_right", "quote_dates", "quote_dates_right")}
    assert dates == {"dates_required": 2, "dates_right": 2, "quote_dates": 1, "quote_dates_right": 1}
    assert figures["quote_dates_spurious"] == 0
    assert figures["stances_required"] == 3
    assert figures["stances_right"] == 3  # Lavrov against, Clinton and Medvedev conditional, on sanctions|IRN


def test_eval_seed_finds_its_default_gold_from_the_repository(cli, monkeypatch, tmp_path):
    require_shared(REPO.parent / "shared" / "seed" / "presstv-2009-10-13.gold.json")
    monkeypatch.delenv("COMMUNIQUE_SHARED", raising=False)
    monkeypatch.chdir(tmp_path)  # nothing at ../shared from here: found through the package's location
    result = cli("eval", "seed")
    assert result.exit_code == 0, result.stderr
    assert last_json_line(result.stdout)["quotes_required"] == 14


def test_eval_seed_missing_gold_is_a_usage_error(cli, tmp_path):
    result = cli("eval", "seed", tmp_path / "absent.gold.json")
    assert result.exit_code == 2
    assert "gold file not found" in result.stderr


@pytest.mark.parametrize(
    "content", ["{not json", json.dumps({"article": {"file": "missing.txt"}, "quotes": []}), json.dumps([1, 2])]
)
def test_eval_seed_unreadable_gold_or_article_exits_1(cli, tmp_path, content):
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    result = cli("eval", "seed", path)
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and len(result.stderr.strip().splitlines()) == 1
