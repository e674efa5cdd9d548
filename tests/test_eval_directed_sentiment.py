"""``communique eval directed-sentiment``: reading the labelled file, the scores, the command."""

from __future__ import annotations

import json

import pytest
from conftest import SHARED, require_shared

from communique.evaluate.directed_sentiment import read_rows, score

UNSEEN_FLOOR = 0.40
"""Macro-F1 on the valid sentences that are not in train: 0.401 when measured (the MiniLM teacher: 0.449); it must not slip."""

HAND_WRITTEN = [
    ("[Ann Lee] warmly thanked [Bob Stone] for his help.", "Ann Lee", "Bob Stone", "1"),
    ("[The union] was praised by [the mayor] for ending the strike.", "The union", "the mayor", "2"),
    ("[Senator Ray] accused [the agency] of hiding the report.", "Senator Ray", "the agency", "3"),
    ("[The company] was sharply criticised by [regulators] on Friday.", "The company", "regulators", "4"),
    ("[Paris] and [Berlin] will host the meeting next year.", "Paris", "Berlin", "0"),
]


def write_tsv(path, rows):
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_read_rows_keeps_sentence_and_label_and_names_each_bad_line(tmp_path):
    path = write_tsv(tmp_path / "data.tsv", [*HAND_WRITTEN, ("no brackets here", "a", "b", "0"), ("[A] x [B]", "A", "B", "7")])
    rows, errors = read_rows(path)
    assert [row.label for row in rows] == [1, 2, 3, 4, 0]
    assert rows[0].sentence == "[Ann Lee] warmly thanked {Bob Stone} for his help."  # q in braces, as the classifier reads it
    assert len(errors) == 2 and errors[0].startswith(f"{path}:6:") and errors[1].startswith(f"{path}:7:")


def test_scores_accuracy_and_macro_f1_over_the_five_classes():
    scores = score([0, 0, 1, 3, 4], [0, 1, 1, 3, 3])
    assert scores.accuracy == pytest.approx(3 / 5)
    precision_recall_f1 = scores.per_class()
    assert precision_recall_f1[0][:3] == pytest.approx((1.0, 0.5, 2 / 3))
    assert precision_recall_f1[1][:3] == pytest.approx((0.5, 1.0, 2 / 3))
    assert precision_recall_f1[2][:3] == (0.0, 0.0, 0.0)  # no gold, none predicted
    assert precision_recall_f1[4][:3] == (0.0, 0.0, 0.0)
    assert scores.macro_f1 == pytest.approx((2 / 3 + 2 / 3 + 0 + 2 / 3 + 0) / 5)


def test_always_neutral_gets_f1_only_on_the_neutral_class():
    scores = score([0, 1, 2, 3, 4, 0], [0] * 6)
    assert scores.macro_f1 == pytest.approx((2 * (1 / 3) / (1 / 3 + 1)) / 5)


def test_the_command_prints_a_table_then_the_figures_as_json(cli, tmp_path):
    path = write_tsv(tmp_path / "hand.tsv", HAND_WRITTEN)
    result = cli("eval", "directed-sentiment", path)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["sentences"] == 5
    assert 0.0 <= figures["macro_f1"] <= 1.0 and 0.0 <= figures["accuracy"] <= 1.0
    assert set(figures["f1"]) == {"neutral", "p_positive_q", "q_positive_p", "p_negative_q", "q_negative_p"}
    assert "macro-F1" in result.stdout


def test_train_reports_the_sentences_the_training_file_lacks_apart(cli, tmp_path):
    path = write_tsv(tmp_path / "hand.tsv", HAND_WRITTEN)
    train = write_tsv(tmp_path / "train.tsv", HAND_WRITTEN[:2] + [("[Ann] met [Bob].", "Ann", "Bob", "0")])
    result = cli("eval", "directed-sentiment", path, "--train", train)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["sentences"] == 5 and figures["unseen"]["sentences"] == 3
    assert "unseen macro-F1" in result.stdout


def test_the_teacher_is_scored_with_model_minilm_and_an_unknown_model_is_a_usage_error(cli, tmp_path):
    path = write_tsv(tmp_path / "hand.tsv", HAND_WRITTEN)
    result = cli("eval", "directed-sentiment", path, "--model", "minilm")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["sentences"] == 5
    assert "(minilm)" in result.stderr
    unknown = cli("eval", "directed-sentiment", path, "--model", "bert")
    assert unknown.exit_code == 2 and "--model must be one of fast, minilm" in unknown.stderr


def test_malformed_lines_are_reported_and_the_rest_scored(cli, tmp_path):
    path = write_tsv(tmp_path / "hand.tsv", [*HAND_WRITTEN, ("a sentence without entities", "x", "y", "0")])
    result = cli("eval", "directed-sentiment", path)
    assert result.exit_code == 1
    assert f"error: {path}:6:" in result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["sentences"] == 5


def test_a_missing_file_is_a_usage_error(cli, tmp_path):
    result = cli("eval", "directed-sentiment", tmp_path / "absent.tsv")
    assert result.exit_code == 2
    assert "data file not found" in result.stderr


def test_the_default_file_is_the_shared_valid_split():
    require_shared(SHARED / "eval" / "directed-sentiment" / "valid.tsv")
    rows, errors = read_rows(SHARED / "eval" / "directed-sentiment" / "valid.tsv")
    assert len(rows) == 1461 and not errors


def test_the_shipped_classifier_meets_the_bar_on_the_valid_split(cli):
    valid = require_shared(SHARED / "eval" / "directed-sentiment" / "valid.tsv")
    train = require_shared(SHARED / "eval" / "directed-sentiment" / "train.tsv")
    result = cli("eval", "directed-sentiment", valid, "--train", train)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["sentences"] == 1461 and figures["unseen"]["sentences"] == 1069
    assert figures["macro_f1"] >= 0.50  # issue 6's bar (always-neutral scores 0.16)
    assert figures["unseen"]["macro_f1"] >= UNSEEN_FLOOR
