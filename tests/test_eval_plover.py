"""``communique eval plover``: reading records, the version mapping, scoring, the CLI, and the
figures on the PLOVER dev records in ../shared. The records here are written for these tests."""

from __future__ import annotations

import json

from conftest import SHARED, require_shared

from communique.evaluate.plover import current_name, evaluate, leading_code, read_records

RECORDS = [
    {"id": "doc", "event": "DOCUMENT", "eventText": "internal documentation"},
    {
        "id": "r1",
        "date": "2015-03-02",
        "event": "SUPPORT",
        "text": "German Chancellor Angela Merkel praised France on Monday.",
        "source": [{"actorText": "German Chancellor Angela Merkel", "code": "DEU", "sector": "GOV"}],
        "target": [{"actorText": "France", "code": "FRA"}],
    },
    {
        "id": "r2",
        "event": "DISAPPROVE",
        "text": "Brazil condemned Argentina.",
        "source": [{"actorText": "Brazil", "code": "BRA"}],
        "target": "",
    },
    {"id": "r3", "event": "AGREE", "text": "No actor here.", "source": []},
]


def test_plover_06_names_map_to_the_2021_table():
    assert current_name("DEMAND") == "REQUEST" and current_name("FIGHT") == "ASSAULT"
    assert current_name("DISAPPROVE") == "ACCUSE" and current_name("INVESTIGATE") == "ACCUSE"
    assert current_name("AGREE") == "AGREE"
    assert leading_code("USAGOV") == "USA" and leading_code(None) is None


def test_read_records_skips_documentation_and_records_without_source(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    records, skipped = read_records(path)
    assert [r.id for r in records] == ["r1", "r2"]
    assert records[1].targets == () and records[0].sources == ("DEU",)
    assert skipped == ["gold.json: doc: no text or event; skipped", "gold.json: r3: no source actor code; skipped"]


def test_scoring(nlp, tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    records, _ = read_records(path)
    result = evaluate(records, nlp)
    first, second = result.outcomes
    assert first.category_ok and first.source_ok and first.target_ok
    assert second.event.code.cameo == "111"  # criticise: ACCUSE in the 2021 table, DISAPPROVE in 0.6
    assert second.category_ok and second.source_ok
    assert not second.target_ok  # the record has no target; communique codes Argentina
    figures = result.figures()
    assert figures["records"] == 2 and figures["with_event"] == 2
    assert (figures["category_accuracy"], figures["source_accuracy"], figures["target_accuracy"]) == (1.0, 1.0, 0.5)


def test_principal_event_is_the_act_not_its_purpose(nlp, tmp_path):
    path = tmp_path / "gold.json"
    record = {
        "id": "strike",
        "text": "Farmers in Greece began a hunger strike on Monday to demand the resignation of the German chancellor.",
        "event": "PROTEST",
        "source": [{"actorText": "Farmers in Greece", "code": "GRC"}],
        "target": [{"actorText": "the German chancellor", "code": "DEU"}],
    }
    path.write_text(json.dumps([record]), encoding="utf-8")
    records, _ = read_records(path)
    (outcome,) = evaluate(records, nlp).outcomes
    assert outcome.event.code.cameo == "142"  # the hunger strike, not the demand it is for
    assert outcome.category_ok and outcome.source_ok and outcome.target_ok


def test_cli_json_last_line_and_unreadable_file(cli, tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    result = cli("eval", "plover", path)
    assert result.exit_code == 0
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert {"category_accuracy", "source_accuracy", "target_accuracy"} <= figures.keys()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = cli("eval", "plover", bad)
    assert result.exit_code == 1 and "bad.json" in result.stderr


def test_figures_on_plover_dev(cli):
    records = require_shared(SHARED / "eval" / "plover" / "PLOVER_GSR_CAMEO.dev.json")
    result = cli("eval", "plover", records)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["records"] == 160
    # issue 5's bar: 0.75 / 0.75 / 0.65 (measured 0.75 / 0.75 / 0.656)
    assert figures["category_accuracy"] >= 0.75
    assert figures["source_accuracy"] >= 0.75
    assert figures["target_accuracy"] >= 0.65
