"""``communique eval petrarch``: reading validation records, scoring codings, the CLI, and the bar
on PETRARCH's unit-test records in ../shared. The records here are written for these tests."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, require_shared

from communique.cameo.dictionaries import load_dictionaries
from communique.evaluate.petrarch import code_record, evaluate, petrarch_code, read_records

RECORDS = """<Validation>
<!-- a comment with <Sentence id="commented-out"> inside is ignored -->
<Sentences>
<Sentence date="20150302" id="T-01" category="TEST">
<EventCoding sourcecode="VLD" targetcode="KST" eventcode="122"></EventCoding>
<Text>
Valdoria condemned Kestria on Monday.
</Text>
<Parse>(ROOT (S (NP (NNP VALDORIA))))</Parse>
</Sentence>
<Sentence date="20150302" id="T-02" category="TEST">
<EventCoding noevents = "True"></EventCoding>
<Text>
The weather was fine in Valdoria.
</Text>
</Sentence>
<Sentence date="20150302" id="T-03" category="TEST">
<EventCoding sourcecode="VLD" targetcode="KST" eventcode="040"></EventCoding>
<EventCoding sourcecode="KST" targetcode="VLD" eventcode="040"></EventCoding>
<Text>
Valdoria met Kestria.
</Text>
</Sentence>
<Sentence date="20150302" id="T-04" category="TEST">
<EventCoding error="storydiscard"></EventCoding>
<Text>
Valdoria condemned Kestria after the football match.
</Text>
</Sentence>
<Sentence date="20150302" id="T-05" category="TEST">
<EventCoding targetcode="KST" eventcode="122"></EventCoding>
<Text>
Valdoria condemned Kestria.
</Text>
</Sentence>
<Sentence date="20150302" id="T-06" category="TEST">
</Sentence>
</Sentences>
</Validation>
"""
VERBS = """--- MEET  [040:040]  ---
MEET {MEETS MET MEETING}

--- CONDEMN  [122]  ---
CONDEMN
"""
ACTORS = "VALDORIA [VLD]\nKESTRIA [KST]\n"
DISCARDS = "+FOOTBALL MATCH\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "records.xml").write_text(RECORDS, encoding="utf-8")
    (tmp_path / "my.verbs.txt").write_text(VERBS, encoding="utf-8")
    (tmp_path / "my.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "my.discards.txt").write_text(DISCARDS, encoding="utf-8")
    return tmp_path


def test_read_records_expectations_noevents_errors_and_bad_records():
    records, errors = read_records(RECORDS, "records.xml")
    assert [r.id for r in records] == ["T-01", "T-02", "T-03", "T-04", "T-05"]
    assert records[0].expected == (("VLD", "KST", "122"),) and records[0].date == "2015-03-02"
    assert records[0].text == "Valdoria condemned Kestria on Monday."
    assert records[1].expected == () and records[3].expected == ()
    assert errors == [
        "records.xml: T-05: an EventCoding without sourcecode/targetcode/eventcode; ignored",
        "records.xml: T-06: no <Text>; skipped",
    ]


def test_petrarch_notation_for_missing_and_agent_only_actors():
    states = {"VLD": "VLD"}
    assert petrarch_code(None, states) == "---"
    assert petrarch_code("~GOV", states) == "---GOV"
    assert petrarch_code("GOV", states) == "---GOV"
    assert petrarch_code("VLDGOV", states) == "VLDGOV"


def test_scores_matched_and_extra_codings(nlp, folder):
    records, _ = read_records(RECORDS, "records.xml")
    dictionaries = load_dictionaries(folder)
    assert code_record(records[3], nlp, dictionaries) == []  # a story discard codes nothing
    figures = evaluate(records[:4], nlp, dictionaries).figures()
    assert figures["expected"] == 3 and figures["matched"] == 3 and figures["extra"] == 0
    assert figures["expected_matched_share"] == 1.0 and figures["extra_share"] == 0.0


def test_cli_prints_json_last_and_exits_1_on_bad_records(cli, folder):
    result = cli("eval", "petrarch", folder / "records.xml", "--dictionaries", folder)
    assert result.exit_code == 1  # T-05 and T-06 could not be read
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["expected_matched_share"] == 1.0
    assert figures["extra"] == 1  # T-05's coding: its expectation could not be read
    assert "T-06: no <Text>" in result.stderr


def test_cli_refuses_a_folder_without_verbs(cli, folder, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty")
    result = cli("eval", "petrarch", folder / "records.xml", "--dictionaries", empty)
    assert result.exit_code == 2 and "no verb dictionary" in result.stderr


def test_bar_on_petrarch_unit_tests(cli):
    records = require_shared(SHARED / "eval" / "petrarch" / "PETR.UnitTest.records.xml")
    result = cli("eval", "petrarch", records, "--dictionaries", records.parent)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["expected_matched_share"] >= 0.75
    assert figures["extra_share"] < 0.25
