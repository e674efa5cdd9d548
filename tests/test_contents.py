"""Where a content ends: the places the content-end ranker chooses among, and what it chooses, on
small hand-written sentences."""

from __future__ import annotations

from communique import analyze_text
from communique.extract.contents import content_end_options
from communique.extract.cues import candidate_cue
from communique.extract.quotemarks import Quotations, quoted_spans
from communique.extract.quotes import framed_content


def end_options(nlp, text: str, cue: str) -> list[tuple[str, str]]:
    """(kind, content) for each place the content of the cue verb ``cue`` may end, in the ranker's order."""
    doc = nlp(text)
    marks = Quotations(quoted_spans(text))
    verb = next(token for token in doc if token.text == cue)
    frame = candidate_cue(verb, marks)[0]
    start, end = framed_content(verb, frame, marks, text)
    options = content_end_options(verb, frame, (start, end), marks)
    return [(option.features[0], text[start : option.end]) for option in options]


def test_cuts_keep_the_head_never_leave_a_word_hanging_and_never_cut_a_quotation(nlp):
    text = "Smith said the plan would fail in May, and that “nobody in Geneva, or anywhere” would back it."
    assert end_options(nlp, text, "said") == [
        ("keep", "the plan would fail in May, and that “nobody in Geneva, or anywhere” would back it"),
        ("cut", "the plan would fail"),
        ("cut", "the plan would fail in May"),
        ("cut", "the plan would fail in May, and that “nobody in Geneva, or anywhere"),
        ("cut", "the plan would fail in May, and that “nobody in Geneva, or anywhere” would back"),
    ]


def test_extensions_reach_each_later_punctuation_mark_and_the_sentence_end(nlp):
    text = "Clinton supported Sanders in Virginia, a state she lost, and Ohio."
    assert end_options(nlp, text, "supported") == [
        ("keep", "Sanders in Virginia"),
        ("cut", "Sanders"),
        ("extend", "Sanders in Virginia, a state she lost"),
        ("extend", "Sanders in Virginia, a state she lost, and Ohio"),
    ]


def test_extensions_stop_short_of_a_quotation(nlp):
    text = "Clinton supported Sanders in Virginia, calling him “a fighter” on Monday."
    options = end_options(nlp, text, "supported")
    assert options[0] == ("keep", "Sanders in Virginia")
    assert [content for kind, content in options if kind == "extend"] == ["Sanders in Virginia, calling him"]


def test_a_verb_coordinated_with_the_cue_is_never_taken_into_the_content(nlp):
    text = (
        "The senator declared that he was raising money that night and asked donors for $27, "
        "which he called the average gift."
    )
    options = end_options(nlp, text, "declared")
    assert options == [("keep", "that he was raising money that night"), ("cut", "that he was raising")]


def contents_of(text: str) -> list[tuple[str | None, str, str]]:
    """(speaker name, cue, content) for each quote of ``text``, as the shipped ranker ends them."""
    return [
        (quote.speaker.name, quote.cue.text if quote.cue else "", " … ".join(part.text for part in quote.content))
        for quote in analyze_text(text).quotes
    ]


def test_a_parenthetical_aside_is_cut_from_the_content():
    rows = contents_of("Sanders proposed raising taxes on investment income (which Clinton also supports).")
    assert rows == [("Sanders", "proposed", "raising taxes on investment income")]


def test_a_relative_clause_about_the_object_is_cut_from_the_content():
    rows = contents_of("Mayor Tom Lee announced his engagement to Jane Hall, who is a former judge.")
    assert rows == [("Tom Lee", "announced", "his engagement to Jane Hall")]


def test_the_content_goes_on_where_the_parser_left_the_sentence_off():
    rows = contents_of("Trump said he would be honored to serve should the opportunity present itself.")
    assert rows == [("Trump", "said", "he would be honored to serve should the opportunity present itself")]
