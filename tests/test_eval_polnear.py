"""``communique eval polnear``: the BRAT reader, the span scorer, and the command end to end.

The tiny PolNeAR-style folder is written here from sentences made up for the
test (PolNeAR's own texts must not be copied into the project).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import SHARED, require_shared

from communique.evaluate.brat import annotation_files, parse_ann
from communique.evaluate.polnear import ROLES, GoldArticle, communique_spans, evaluate, load_textacy, read_folder
from communique.evaluate.spans import Counts, WordTokens, lenient_matches, prepare, score_spans, trim
from communique.model import Analysis, Article, Quote, Speaker, span_of

ALPHA = 'Senator Jane Roe said on Monday that the budget would pass.\n\n"We have the votes," she added.\n'
VOTES = '"We have the votes,"'
BETA = "The plan, the mayor said, will cost millions.\n\nOfficials warned that costs could\nTriple by spring.\n"


def bounds(text: str, piece: str, after: int = 0) -> str:
    """``start end`` of ``piece`` in ``text`` as a .ann file writes them."""
    start = text.index(piece, after)
    return f"{start} {start + len(piece)}"


def write_folder(root: Path) -> Path:
    """A two-article PolNeAR-style folder: one article with two annotators, one with quirks."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "alpha_story.txt").write_text(ALPHA, encoding="utf-8")
    (root / "text" / "beta.txt").write_text(BETA, encoding="utf-8")
    first = "\n".join(
        [
            f"T1\tSource {bounds(ALPHA, 'Senator Jane Roe')}\tSenator Jane Roe",
            f"T2\tCue {bounds(ALPHA, 'said')}\tsaid",
            f"T3\tContent {bounds(ALPHA, 'that the budget would pass.')}\tthat the budget would pass.",
            f"T4\tAttribution {bounds(ALPHA, 'said')}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            f"T5\tContent {bounds(ALPHA, VOTES)}\t{VOTES}",
            f"T6\tSource {bounds(ALPHA, 'she')}\tshe",
            f"T7\tCue {bounds(ALPHA, 'added')}\tadded",
            f"T8\tDiscard {bounds(ALPHA, 'on Monday')}\ton Monday",
            "",
        ]
    )
    second = f"T1\tSource {bounds(ALPHA, 'Jane')}\tJane\n"  # a second annotator: must be ignored
    plan, millions = bounds(BETA, "The plan"), bounds(BETA, "will cost millions.")
    multi_line = "that costs could\nTriple by spring."
    beta = "\n".join(
        [
            f"T1\tSource {bounds(BETA, 'the mayor')}\tthe mayor",
            f"T2\tSource {bounds(BETA, 'the mayor')}\tthe mayor",  # the same span twice
            f"T3\tCue {bounds(BETA, 'said')}\tsaid",
            f"T4\tContent {plan};{millions}\tThe plan will cost millions.",  # fragmented
            f"T5\tSource {bounds(BETA, 'Officials')}\tOfficials",
            f"T6\tCue {bounds(BETA, 'warned')}\twarned",
            f"T7\tContent {bounds(BETA, multi_line)}\t{multi_line}",  # its second line starts with T
            "#1\tAnnotatorNotes T7\tspans a line break",
            "",
        ]
    )
    (root / "attributions" / "alpha_story_aaaa.ann").write_text(first, encoding="utf-8")
    (root / "attributions" / "alpha_story_bbbb.ann").write_text(second, encoding="utf-8")
    (root / "attributions" / "beta_cccc.ann").write_text(beta, encoding="utf-8")
    return root


# --- the BRAT reader ---------------------------------------------------------------------------


def test_parse_ann_reads_text_bound_lines_and_splits_fragments(tmp_path):
    folder = write_folder(tmp_path)
    bounds_ = parse_ann((folder / "attributions" / "beta_cccc.ann").read_text(encoding="utf-8"))
    assert [bound.id for bound in bounds_] == ["T1", "T2", "T3", "T4", "T5", "T6", "T7"]  # no E, #, continuation
    fragmented = bounds_[3]
    assert fragmented.label == "Content"
    assert [BETA[start:end] for start, end in fragmented.fragments] == ["The plan", "will cost millions."]
    assert all(bound.matches(BETA) for bound in bounds_)
    assert not bounds_[0].matches(BETA.replace("mayor", "Mayor"))


def test_annotation_files_groups_annotators_under_stems_with_underscores(tmp_path):
    folder = write_folder(tmp_path)
    found = annotation_files(folder / "attributions", {"alpha_story", "beta"})
    assert [path.name for path in found["alpha_story"]] == ["alpha_story_aaaa.ann", "alpha_story_bbbb.ann"]
    assert [path.name for path in found["beta"]] == ["beta_cccc.ann"]


def test_read_folder_takes_the_first_annotator_and_scored_roles_only(tmp_path):
    data = read_folder(write_folder(tmp_path))
    assert data.errors == [] and data.notes == []
    alpha, beta = data.articles
    assert alpha.annotation.name == "alpha_story_aaaa.ann"
    assert [ALPHA[start:end] for start, end in alpha.spans["source"]] == ["Senator Jane Roe", "she"]
    assert "on Monday" not in [ALPHA[start:end] for role in ROLES for start, end in alpha.spans[role]]  # Discard
    assert [BETA[start:end] for start, end in beta.spans["content"]] == [
        "The plan",
        "will cost millions.",
        "that costs could\nTriple by spring.",
    ]
    assert len(beta.spans["source"]) == 3  # the duplicate is still there; the scorer counts it once
    assert [article.name for article in read_folder(tmp_path, limit=1).articles] == ["alpha_story"]


def test_read_folder_drops_spans_outside_the_text_with_a_note(tmp_path):
    folder = write_folder(tmp_path)
    (folder / "attributions" / "beta_cccc.ann").write_text("T1\tSource 5000 5004\tnope\n", encoding="utf-8")
    data = read_folder(folder)
    assert data.articles[1].spans["source"] == []
    assert len(data.notes) == 1 and "outside the text" in data.notes[0]


# --- the scorer --------------------------------------------------------------------------------


def test_trim_removes_whitespace_and_quote_punctuation_at_both_ends():
    text = " \u201cWe have the votes,\u201d she"
    start, end = trim(text, 0, text.index(" she"))
    assert text[start:end] == "We have the votes"
    assert trim("...", 0, 3) == (3, 3)


def test_prepare_dedupes_after_trimming_and_drops_empty_spans():
    text = "said, she said."
    assert prepare(text, [(0, 4), (0, 5), (4, 5), (11, 15)]) == [(0, 4), (11, 14)]


def test_exact_match_after_trimming_and_not_when_an_edge_differs():
    text = 'He said "the budget would pass." Then he left.'
    gold = [(text.index("the budget"), text.index(" Then"))]  # 'the budget would pass."'
    trailing_period = [(text.index('"the'), text.index('"', text.index("pass")))]  # '"the budget would pass.'
    scores = score_spans(text, gold, trailing_period)
    assert scores["exact"] == Counts(true_positives=1, predicted=1, gold=1)
    shorter = [(text.index("budget"), text.index(" Then"))]
    scores = score_spans(text, gold, shorter)
    assert scores["exact"].true_positives == 0
    assert scores["lenient"].true_positives == 1


def test_lenient_needs_a_shared_word_token_not_just_punctuation():
    text = "alpha - beta"
    scores = score_spans(text, [(0, 7)], [(6, 12)])  # they share only the dash
    assert scores["lenient"].true_positives == 0
    scores = score_spans(text, [(0, 7)], [(3, 12)])  # cuts 'alpha' but touches it
    assert scores["lenient"].true_positives == 1


def test_lenient_matching_is_one_to_one_and_prefers_the_largest_overlap():
    text = "one two three four five six"
    tokens = WordTokens(text)
    one_two, three_to_five = (0, 7), (8, 23)
    two_to_four, one = (4, 18), (0, 3)
    # two_to_four shares one token with one_two and two with three_to_five: it takes three_to_five,
    # which leaves one_two for 'one'; taking the first overlapping span would leave 'one' unmatched.
    assert lenient_matches(tokens, [one, two_to_four], [one_two, three_to_five]) == 2
    # one predicted span over two gold spans matches only one of them
    scores = score_spans(text, [(0, 3), (4, 7)], [(0, 7)])
    assert scores["lenient"] == Counts(true_positives=1, predicted=1, gold=2)
    assert scores["lenient"].precision == 1.0 and scores["lenient"].recall == 0.5


def test_duplicate_gold_spans_count_once():
    text = "the mayor said"
    assert score_spans(text, [(0, 9), (0, 9)], [(0, 9)])["exact"] == Counts(1, 1, 1)


def test_counts_arithmetic():
    counts = Counts(true_positives=2, predicted=4, gold=5)
    assert counts.precision == 0.5 and counts.recall == 0.4
    assert counts.f1 == pytest.approx(2 * 0.5 * 0.4 / 0.9)
    assert counts + Counts(1, 1, 1) == Counts(3, 5, 6)
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0
    assert Counts(0, 3, 0).f1 == 0.0


def test_communique_spans_reads_every_quote_role():
    article = Article(id="x", text=ALPHA)
    quote = Quote(
        id="q1",
        type="indirect",
        speaker=Speaker(mention=span_of(ALPHA, 0, 16), name="Jane Roe"),
        cue=span_of(ALPHA, 17, 21),
        content=[span_of(ALPHA, 32, 45), span_of(ALPHA, 46, 59)],
    )
    continuation = Quote(id="q2", type="direct", speaker=Speaker(), content=[span_of(ALPHA, 62, 80)])
    analysis = Analysis(communique_version="0", pipeline="test", article=article, quotes=[quote, continuation])
    assert communique_spans(analysis) == {
        "source": [(0, 16)],
        "cue": [(17, 21)],
        "content": [(32, 45), (46, 59), (62, 80)],
    }


def test_textacy_is_scored_on_our_docs_and_its_failures_are_counted(tmp_path, nlp):
    pytest.importorskip("textacy", reason="textacy is not installed (pip install -e '.[eval]')")
    textacy, skipped = load_textacy()
    assert skipped is None
    said = '"We will not raise taxes this year," the senator said on Tuesday.'
    unbalanced = 'The senator said "we will not raise taxes, and left.'
    empty = {role: [] for role in ROLES}
    articles = [
        GoldArticle("said", tmp_path / "said.txt", said, tmp_path / "said_a.ann", {**empty, "content": [(0, 36)]}),
        GoldArticle("odd", tmp_path / "odd.txt", unbalanced, tmp_path / "odd_a.ann", empty),
    ]
    result = evaluate(articles, nlp, textacy)
    assert result.articles == 2 and result.textacy_failed_docs == 1
    content = result.counts["textacy"]["content"]["exact"]
    assert content == Counts(true_positives=1, predicted=1, gold=1)
    assert result.counts["textacy"]["cue"]["exact"].predicted == 1
    assert result.figures()["textacy_content_exact_f1"] == 100.0


# --- the command -------------------------------------------------------------------------------

EXPECTED_KEYS = {
    f"{prefix}{role}_{mode}_{metric}"
    for prefix in ("", "textacy_")
    for role in ROLES
    for mode in ("exact", "lenient")
    for metric in ("precision", "recall", "f1")
} | {"articles", "textacy_failed_docs"}


def last_json_line(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


def test_eval_polnear_command_on_a_tiny_folder(cli, tmp_path):
    result = cli("eval", "polnear", write_folder(tmp_path))
    assert result.exit_code == 0, result.stderr
    figures = last_json_line(result.stdout)
    assert EXPECTED_KEYS <= set(figures)
    assert figures["articles"] == 2
    # gold spans after trimming and deduplication: beta's "the mayor" is annotated twice but counts once
    assert (figures["source_gold"], figures["cue_gold"], figures["content_gold"]) == (4, 4, 5)
    assert all(0 <= figures[key] <= 100 for key in EXPECTED_KEYS if key.endswith("_f1") and figures[key] is not None)
    assert "content" in result.stdout and "lenient F1" in result.stdout
    assert "time:" in result.stderr


def test_eval_polnear_without_textacy_notes_the_skip_and_still_scores(cli, tmp_path, monkeypatch):
    for name in [name for name in sys.modules if name == "textacy" or name.startswith("textacy.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textacy", None)  # what an environment without textacy sees: ImportError
    result = cli("eval", "polnear", write_folder(tmp_path))
    assert result.exit_code == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "textacy comparison skipped" in line]
    assert len(notes) == 1
    figures = last_json_line(result.stdout)
    assert figures["textacy_content_exact_f1"] is None and figures["textacy_failed_docs"] is None
    assert figures["content_gold"] == 5


def test_eval_polnear_refuses_a_folder_without_text_and_attributions(cli, tmp_path):
    result = cli("eval", "polnear", tmp_path)
    assert result.exit_code == 2
    assert "text/ and attributions/" in result.stderr


def test_eval_polnear_on_the_dev_split(cli):
    dev = require_shared(SHARED / "eval" / "polnear" / "dev")
    result = cli("eval", "polnear", dev, "--limit", "3")
    assert result.exit_code == 0, result.stderr
    figures = last_json_line(result.stdout)
    assert EXPECTED_KEYS <= set(figures)
    assert figures["articles"] == 3
    assert figures["content_gold"] > 0


def test_whole_dev_split_holds_the_source_and_content_bars(cli):
    # issue 3's bars on the dev split: exact F1 source >= 70 and content >= 60 (cue >= 75 is not reached
    # yet; its floor here is what the rules and the cue scorer reach today, so that it cannot slip)
    dev = require_shared(SHARED / "eval" / "polnear" / "dev")
    result = cli("eval", "polnear", dev)
    assert result.exit_code == 0, result.stderr
    figures = last_json_line(result.stdout)
    assert figures["articles"] == 84
    assert figures["source_exact_f1"] >= 70.0
    assert figures["content_exact_f1"] >= 60.0
    assert figures["cue_exact_f1"] >= 70.0
