"""Quote attribution on small hand-written articles: every quote-mark style and every cue position."""

from __future__ import annotations

import spacy

from communique import analyze_text
from communique.extract.quotemarks import Quotations, quoted_spans
from communique.parse import DEFAULT_MODEL


def inner_texts(text: str) -> list[str]:
    return [text[span.inner_start : span.inner_end] for span in quoted_spans(text)]


def who_said_what(text: str) -> list[tuple[str | None, str | None, str, str]]:
    """(speaker name, cue, type, content) for each quote; every offset is checked to slice the text."""
    analysis = analyze_text(text)
    rows = []
    for quote in analysis.quotes:
        for span in quote.content + ([quote.cue] if quote.cue else []) + ([quote.speaker.mention] if quote.speaker.mention else []):
            assert text[span.start : span.end] == span.text
        content = " … ".join(fragment.text for fragment in quote.content)
        rows.append((quote.speaker.name, quote.cue.text if quote.cue else None, quote.type, content))
    return rows


# Quote marks -----------------------------------------------------------------------------------------


def test_curly_and_straight_double_marks():
    assert inner_texts('He said “one” and then "two".') == ["one", "two"]


def test_single_marks_used_as_double_marks_with_apostrophes_inside():
    text = "Lavrov said Russia was ‘in principle reserved, as Iran’s case isn’t simple’."
    assert inner_texts(text) == ["in principle reserved, as Iran’s case isn’t simple"]


def test_right_single_mark_used_as_an_opening_mark():
    text = "if there is no ’significant progress and assurances that Iran isn’t pursuing weapons’."
    assert inner_texts(text) == ["significant progress and assurances that Iran isn’t pursuing weapons"]


def test_guillemets_and_low_high_marks():
    assert inner_texts("«Nous refusons», a-t-il dit. Er sagte: „Wir warten“.") == ["Nous refusons", "Wir warten"]


def test_plural_possessive_is_not_a_closing_mark():
    assert inner_texts("The leaders’ meeting ended. “We won,” she said.") == ["We won,"]


def test_odd_number_of_marks_degrades_gracefully():
    text = 'He said "one" and "two" and then "three and stopped.\n\nNext paragraph " here.'
    spans = quoted_spans(text)
    assert [text[span.inner_start : span.inner_end] for span in spans][:2] == ["one", "two"]
    unclosed = spans[2]
    assert not unclosed.closed and text[unclosed.inner_start : unclosed.inner_end] == "three and stopped."
    # the whole pipeline copes too: one mixed quote, its speaker kept but unresolved, no exception
    assert who_said_what(text) == [(None, "said", "mixed", '"one" and "two" and then "three and stopped.')]


def test_multi_paragraph_quote_opens_each_paragraph_and_closes_once():
    text = "“We will not accept this.\n\n“Nor will our allies,” the minister said."
    first, second = quoted_spans(text)
    assert (first.closed, first.continued) == (False, True)
    assert text[second.inner_start : second.inner_end] == "Nor will our allies,"


# Cue positions ---------------------------------------------------------------------------------------


def test_cue_before_content():
    assert who_said_what("Sergei Lavrov said that sanctions against Iran were counterproductive.") == [
        ("Sergei Lavrov", "said", "indirect", "that sanctions against Iran were counterproductive")
    ]


def test_cue_after_content():
    assert who_said_what("“Sanctions are counterproductive,” Sergei Lavrov said.") == [
        ("Sergei Lavrov", "said", "direct", "Sanctions are counterproductive")
    ]


def test_cue_inside_a_quote_gives_both_fragments():
    [(speaker, cue, kind, content)] = who_said_what(
        "“Sanctions are counterproductive,” Sergei Lavrov said, “and they rarely produce results.”"
    )
    assert (speaker, cue, kind) == ("Sergei Lavrov", "said", "direct")
    assert content == "Sanctions are counterproductive … and they rarely produce results."


def test_according_to():
    [(speaker, cue, kind, content)] = who_said_what("The talks will resume in Geneva next week, according to Sergei Lavrov.")
    assert (speaker, cue, kind) == ("Sergei Lavrov", "according to", "indirect")
    assert content == "The talks will resume in Geneva next week"


def test_passive_cue_was_quoted_as_saying():
    rows = who_said_what("Sergei Lavrov was quoted as saying that the talks had failed.")
    assert ("Sergei Lavrov", "was quoted as saying", "indirect", "that the talks had failed") in rows


def test_cue_takes_the_words_annotators_include_with_the_verb():
    """Channels, auxiliaries and adverbs, prepositions and infinitives' verbs: the extent ranker
    chooses each side's end seeing the whole phrase ("in a statement"), not one word at a time."""
    cues = {
        "The ministry said in a statement that the talks had failed.": "said in a statement",
        "Medvedev has also said that sanctions are rarely productive.": "has also said",
        "Clinton called for new sanctions against Iran.": "called for",
        "Lavrov went on to say that Moscow would wait.": "went on to say",
        "Lavrov said that the talks had failed.": "said",
    }
    for text, cue in cues.items():
        [quote] = analyze_text(text).quotes
        assert quote.cue.text == cue, text


def test_quotation_before_an_inverted_cue_whose_subject_the_parser_took_from_the_quote():
    """spaCy parses the quotation's "Anybody" as a second subject of "said"."""
    text = "“Anybody who attacks him, it's like buyer beware,” said Louise Sunshine."
    rows = who_said_what(text)
    assert rows == [("Louise Sunshine", "said", "direct", "Anybody who attacks him, it's like buyer beware")]


def test_reported_speech_before_an_inverted_cue_that_ends_the_sentence():
    """spaCy parses "promise" as a second subject of "said" and gives "said" no complement."""
    text = (
        "The promise to take the country back appeals to white voters who feel left behind, "
        "said Alan Abramowitz, a demographer at Emory University."
    )
    content = "The promise to take the country back appeals to white voters who feel left behind"
    assert who_said_what(text) == [("Alan Abramowitz", "said", "indirect", content)]


def test_possessive_source_told_reporters():
    analysis = analyze_text("Vladimir Putin’s spokesman told reporters that the talks had failed.")
    [quote] = analysis.quotes
    assert quote.speaker.mention.text == "Vladimir Putin’s spokesman"
    assert quote.cue.text == "told"
    assert quote.content[0].text == "that the talks had failed"


def test_clause_parsed_as_an_open_complement_is_content():
    """spaCy parses "said having Trump … hurts" with the clause as an xcomp, not a ccomp."""
    rows = who_said_what("Jon Tester said having Trump at the top of the ticket hurts Republicans.")
    assert rows == [("Jon Tester", "said", "indirect", "having Trump at the top of the ticket hurts Republicans")]


def test_preposition_after_an_adverb_still_takes_the_content():
    rows = who_said_what("Hillary Clinton called repeatedly for new sanctions against Iran.")
    assert rows == [("Hillary Clinton", "called repeatedly for", "indirect", "new sanctions against Iran")]


def test_infinitive_cue_takes_the_subject_of_its_head():
    rows = who_said_what("Sergei Lavrov went on to say that Moscow would wait.")
    assert rows == [("Sergei Lavrov", "went on to say", "indirect", "that Moscow would wait")]
    rows = who_said_what("Dmitry Medvedev took to Twitter to say that Moscow would wait.")
    assert rows == [("Dmitry Medvedev", "took to Twitter to say", "indirect", "that Moscow would wait")]


def test_participle_cue_takes_the_main_subject():
    rows = who_said_what("Hillary Clinton praised Moscow, saying Washington would hold back from pressuring Tehran.")
    assert ("Hillary Clinton", "saying", "indirect", "Washington would hold back from pressuring Tehran") in rows


def test_participle_cue_with_direct_quote_inside_a_reported_clause():
    rows = who_said_what(
        "Sergei Lavrov said Moscow and Washington agreed, adding, “We are not asking anything of each other.”"
    )
    assert ("Sergei Lavrov", "said", "indirect", "Moscow and Washington agreed") in rows
    assert ("Sergei Lavrov", "adding", "direct", "We are not asking anything of each other.") in rows


def test_partial_quote_under_a_praise_verb_is_mixed():
    rows = who_said_what("Hillary Clinton praised Moscow for its ‘extremely cooperative’ behavior.")
    assert rows == [("Hillary Clinton", "praised", "mixed", "Moscow for its ‘extremely cooperative’ behavior")]


def test_quoted_fragment_under_a_praise_verb_without_an_object():
    rows = who_said_what("Hillary Clinton praised the ‘extremely cooperative’ talks, officials said.")
    assert any(row[:3] == ("Hillary Clinton", "praised", "mixed") and "extremely cooperative" in row[3] for row in rows)


def test_mixed_quote_with_reported_speech_around_quoted_words():
    [row] = who_said_what("Sergei Lavrov said Russia was ‘very reserved on sanctions’ in the current situation.")
    assert row[:3] == ("Sergei Lavrov", "said", "mixed")


def test_continuation_quote_inherits_the_previous_speaker():
    rows = who_said_what(
        "“Our position is that all efforts should support the talks,” Sergei Lavrov said. "
        "“Sanctions are counterproductive in our view.”"
    )
    assert rows[-1] == ("Sergei Lavrov", None, "direct", "Sanctions are counterproductive in our view.")


# Speaker resolution ----------------------------------------------------------------------------------


def test_pronoun_resolves_to_the_previous_speaker():
    rows = who_said_what(
        "Sergei Lavrov said Russia was reserved on sanctions.\n\nHe added that sanctions rarely work."
    )
    assert rows[1][:2] == ("Sergei Lavrov", "added")


def test_description_before_the_name_resolves_to_the_person_named_next():
    rows = who_said_what(
        "The Russian foreign minister says sanctions will fail.\n\n"
        "In Moscow with US Secretary of State Hillary Clinton, Sergei Lavrov said the talks must go on."
    )
    assert rows[0][:2] == ("Sergei Lavrov", "says")


def test_short_name_gets_the_longest_full_name():
    rows = who_said_what("Dmitry Medvedev arrived on Monday.\n\nMedvedev said the sanctions might become inevitable.")
    assert rows[0][:2] == ("Dmitry Medvedev", "said")


def test_relative_pronoun_resolves_to_its_noun():
    analysis = analyze_text("Clinton will later meet Dmitry Medvedev, who said last month that sanctions might become inevitable.")
    [quote] = analysis.quotes
    assert (quote.speaker.name, quote.speaker.mention.text) == ("Dmitry Medvedev", "who")


def test_unresolvable_speaker_is_kept_and_flagged():
    [quote] = analyze_text("He said the talks had failed.").quotes
    assert quote.speaker.mention.text == "He"
    assert quote.speaker.name is None and quote.speaker.resolved is False


def test_named_speaker_links_to_its_mention():
    analysis = analyze_text("Sergei Lavrov said the talks had failed.")
    [quote] = analysis.quotes
    mention = next(mention for mention in analysis.mentions if mention.id == quote.speaker.mention_id)
    assert mention.text == "Sergei Lavrov"


# As a spaCy component --------------------------------------------------------------------------------


def test_quotes_component_sets_doc_quotes():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("communique_quotes")
    doc = nlp("“Sanctions are counterproductive,” Sergei Lavrov said.")
    [quote] = doc._.quotes
    assert (quote.speaker.name, quote.cue.text) == ("Sergei Lavrov", "said")


def test_seed_required_quotes_all_found_with_the_right_speakers(cli):
    from conftest import SEED, require_shared

    require_shared(SEED)
    import json

    result = cli("eval", "seed")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["quotes_required"] == 14
    assert scores["quotes_found"] == 14
    assert scores["speakers_right"] == 14


def test_object_and_what_is_said_of_it_are_the_content():
    rows = who_said_what('Hillary Clinton called the statement "offensive and outlandish".')
    assert rows == [("Hillary Clinton", "called", "mixed", 'the statement "offensive and outlandish"')]


def test_object_controlled_by_the_cue_is_part_of_the_content():
    rows = who_said_what("Sergei Lavrov urged delegates to vote for the plan.")
    assert rows == [("Sergei Lavrov", "urged", "indirect", "delegates to vote for the plan")]


def test_mixed_quote_keeps_both_of_its_marks():
    [row] = who_said_what("Sergei Lavrov said Russia was ‘very reserved on sanctions’.")
    assert row[3] == "Russia was ‘very reserved on sanctions’"


def test_two_single_marks_written_as_a_double_mark():
    assert inner_texts("''It costs a fortune,'' he said. ``Old style'' too.") == ["It costs a fortune,", "Old style"]


def test_continuation_quote_after_a_cue_sentence_in_the_same_paragraph():
    rows = who_said_what("“He is a new dad,” Sergei Lavrov said. “A dad for the second time, and I know he is happy.”")
    assert rows[-1] == ("Sergei Lavrov", None, "direct", "A dad for the second time, and I know he is happy.")


def test_agentless_passive_cue_puts_its_subject_in_the_content():
    analysis = analyze_text("Several rivals are expected to quit the race after Tuesday's vote.")
    [quote] = analysis.quotes
    assert quote.speaker.mention is None and quote.speaker.resolved is False
    assert [fragment.text for fragment in quote.content] == ["Several rivals", "to quit the race after Tuesday's vote"]


def test_quotation_interrupted_by_its_cue_keeps_its_first_part():
    [(speaker, cue, kind, content)] = who_said_what(
        "“Our company, with American workers,” Sergei Lavrov added, “builds a lot of things in Russia.”"
    )
    assert (speaker, cue) == ("Sergei Lavrov", "added")
    assert content == "Our company, with American workers … builds a lot of things in Russia."


def test_when_and_where_it_was_said_is_not_content():
    rows = who_said_what("Sergei Lavrov criticised Mr. Sanders in December.")
    assert rows == [("Sergei Lavrov", "criticised", "indirect", "Mr. Sanders")]


def test_quotation_over_paragraphs_belongs_to_the_speaker_named_where_it_closes():
    rows = who_said_what("“We will not accept this.\n\n“Nor will our allies,” Sergei Lavrov said.")
    assert rows == [
        ("Sergei Lavrov", None, "direct", "We will not accept this."),
        ("Sergei Lavrov", "said", "direct", "Nor will our allies"),
    ]


def test_cue_set_off_by_commas_inside_reported_speech():
    [(speaker, cue, kind, content)] = who_said_what(
        "Sergei Lavrov met the envoy in Moscow. The sanctions, Lavrov said, would only harden Tehran's position."
    )
    assert (speaker, cue, kind) == ("Sergei Lavrov", "said", "indirect")
    assert content == "The sanctions … would only harden Tehran's position."


def test_quotation_signed_with_a_dash_and_a_name():
    text = (
        "Reactions after the debate:\n"
        "“He never answered a single question.” ― Maria Lopez\n"
        "“It was a waste of an evening.” — Tom Baker.\n"
    )
    assert who_said_what(text) == [
        ("Maria Lopez", "―", "direct", "He never answered a single question."),
        ("Tom Baker", "—", "direct", "It was a waste of an evening."),
    ]


def test_quotation_whose_comma_the_parser_hangs_on_the_cue():
    [(speaker, cue, kind, content)] = who_said_what("“A lot of her attempts come across as pandering,” he said.")
    assert (cue, kind, content) == ("said", "direct", "A lot of her attempts come across as pandering")


def test_quotation_whose_words_the_parser_hangs_on_the_cue():
    """The parser hangs "Absolutely" and "No" on "said": the quotation still ends where the cue's clause starts."""
    for text, content in (
        ("“No way. Absolutely not,” the senator said.", "No way. Absolutely not"),
        ("“Did I enjoy being treated like trash? No, not at all,” she said.", "Did I enjoy being treated like trash? No, not at all"),
    ):
        [(speaker, cue, kind, found)] = who_said_what(text)
        assert (cue, kind, found) == ("said", "direct", content)


def test_closing_mark_set_off_by_a_space_still_closes_the_quotation():
    text = "\"Nobody here believes in their 'reform,' \" the mayor said. \"We won,\" she said."
    assert inner_texts(text) == ["Nobody here believes in their 'reform,' ", "We won,"]


def test_passive_cue_with_an_agent_takes_the_agent_as_source_and_the_subject_as_content():
    assert who_said_what("The new climate plan was praised by Senator John Smith on Monday.") == [
        ("John Smith", "was praised", "indirect", "The new climate plan")
    ]


def test_quotations_answer_by_bisection_as_a_scan_of_every_quotation_would():
    text = 'He said "we will," then ‘not now’ and, later, «perhaps» — "unclosed at the end'
    spans = quoted_spans(text)
    assert len(spans) == 4
    marks = Quotations(spans)
    assert list(marks) == spans and list(reversed(marks)) == spans[::-1] and marks[1] == spans[1] and len(marks) == 4
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 2):
            inside = any(span.inner_start < end and start < span.inner_end for span in spans)
            anywhere = any(span.start < end and start < span.end for span in spans)
            exactly = any(abs(start - span.inner_start) <= 1 and abs(end - span.inner_end) <= 2 for span in spans)
            assert marks.overlaps_inside(start, end) == inside, (start, end)
            assert marks.overlaps(start, end) == anywhere, (start, end)
            assert marks.is_inside(start, end) == exactly, (start, end)
