"""Every kind of bad input gets one clear line on stderr, the batch goes on, and the exit code tells."""

from __future__ import annotations

import json
import random

import pytest

GOOD = "Lavrov said sanctions were counterproductive.\n"


def analysed_ids(result) -> list[str]:
    return [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]


def assert_one_line_error(result, where: str, reason: str) -> None:
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert f"error: {where}: {reason}" in errors, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_empty_file(cli, tmp_path, good_file):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli("analyze", empty, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(empty), "empty file")
    assert len(analysed_ids(result)) == 1
    assert result.stderr.splitlines()[-1] == "analysed 1 article; 1 input failed"


def test_whitespace_only_file(cli, tmp_path, good_file):
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\n\t\n")
    result = cli("analyze", blank, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(blank), "file holds only whitespace")


def test_binary_file(cli, tmp_path, good_file):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = cli("analyze", binary, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(binary), "binary file (contains NUL bytes), not text")
    assert len(analysed_ids(result)) == 1


def test_binary_file_named_jsonl(cli, tmp_path, good_file):
    binary = tmp_path / "archive.jsonl"
    binary.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    result = cli("analyze", binary, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(binary), "binary file (contains NUL bytes), not JSON Lines")


def test_undecodable_file(cli, tmp_path, good_file):
    noise = tmp_path / "noise.txt"
    rng = random.Random(1)
    noise.write_bytes(bytes(rng.randrange(1, 256) for _ in range(3000)))
    result = cli("analyze", noise, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(noise), "not UTF-8, and no other text encoding could be detected")


def test_control_characters_are_not_text(cli, tmp_path, good_file):
    controls = tmp_path / "controls.txt"
    controls.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 100)
    result = cli("analyze", controls, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(controls), "binary file (mostly control characters), not text")


def test_latin1_file_is_decoded_not_refused(cli, tmp_path):
    latin = tmp_path / "latin.txt"
    text = "Le ministre a déclaré que la décision était très sévère pour l'économie française. " * 4
    latin.write_bytes(text.encode("latin-1"))
    result = cli("analyze", latin)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["article"]["text"] == text


def test_twenty_megabyte_text_file(cli, tmp_path, good_file):
    huge = tmp_path / "huge.txt"
    huge.write_bytes((b"All work and no play makes Jack a dull boy. " * 500_000)[:20_000_000])
    result = cli("analyze", huge, good_file)
    assert result.exit_code == 1
    assert_one_line_error(
        result, str(huge), "too long: 20,000,000 bytes, over the limit of 1,000,000 characters (raise it with --max-chars)"
    )
    assert len(analysed_ids(result)) == 1


def test_max_chars_counts_characters_after_decoding(cli, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 30, encoding="utf-8")
    result = cli("analyze", path, "--max-chars", "100")
    assert result.exit_code == 1
    assert_one_line_error(result, str(path), "too long: 150 characters, over the limit of 100 characters (raise it with --max-chars)")


def test_jsonl_bad_lines_are_reported_and_the_rest_analysed(cli, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        json.dumps({"id": "ok1", "text": GOOD}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "no-text", "title": "x"}) + "\n"
        + json.dumps({"id": "ok2", "text": GOOD}) + "\n",
        encoding="utf-8",
    )
    result = cli("analyze", path)
    assert result.exit_code == 1
    assert analysed_ids(result) == ["ok1", "ok2"]
    assert_one_line_error(result, f"{path}:2", "not valid JSON (Expecting property name enclosed in double quotes at column 2)")
    assert_one_line_error(result, f"{path}:3", "record has no 'text' field")
    assert result.stderr.splitlines()[-1] == "analysed 2 articles; 2 inputs failed"


def test_missing_path_and_empty_folder(cli, tmp_path, good_file):
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    result = cli("analyze", tmp_path / "missing.txt", folder, good_file)
    assert result.exit_code == 1
    assert_one_line_error(result, str(tmp_path / "missing.txt"), "no such file or folder")
    assert_one_line_error(result, str(folder), "folder holds no article files (.txt, .jsonl, .html, .rss, .atom, .xml, .warc)")
    assert len(analysed_ids(result)) == 1


def test_all_good_inputs_exit_zero(cli, good_file):
    result = cli("analyze", good_file)
    assert result.exit_code == 0 and result.stderr == ""


def test_usage_errors_exit_two(cli, good_file):
    no_inputs = cli("analyze")
    assert no_inputs.exit_code == 2
    assert no_inputs.stderr.strip() == "error: give at least one PATH, '-' for standard input, or --samples"
    unknown_model = cli("analyze", good_file, "--model", "no_such_pipeline_xyz")
    assert unknown_model.exit_code == 2
    assert unknown_model.stderr.strip() == (
        "error: spaCy pipeline 'no_such_pipeline_xyz' is not installed: install its package with pip, or give a path to it"
    )
    assert cli("analyze", good_file, "--format", "yaml").exit_code == 2
    assert cli("analyze", good_file, "--max-chars", "0").exit_code == 2
