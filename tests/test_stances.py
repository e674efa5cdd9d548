"""Stances on hand-written sentences: issue normalisation, issue positions, actor-to-actor direction."""

from __future__ import annotations

import numpy as np
import pytest

from communique.extract.issues import issue_of_phrase
from communique.pipeline import analyze_text
from communique.stance.directed import LABELS, entity_spans, load_classifier, mark, swapped, unmark
from communique.stance.fast import MAX_WORDS, ngram_features, word_window, words_of
from communique.stance.minilm import token_spans

# --- issues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    ["sanctions against Iran", "new sanctions on Iran", "nuclear sanctions against Tehran", "an embargo on Iran"],
)
def test_wordings_of_one_issue_share_its_key(phrase):
    issue = issue_of_phrase(phrase, "2012-05-01")
    assert issue is not None
    assert issue.id == "sanctions|IRN"
    assert issue.label == "sanctions (Iran)"


def test_the_explanation_names_the_dictionary_phrase_and_the_kb_target():
    issue = issue_of_phrase("tough sanctions against Tehran", "2012-05-01")
    assert "'sanction'" in issue.explanation and "SANCTIONS" in issue.explanation
    assert "'Tehran' → IRN" in issue.explanation and "capital" in issue.explanation


def test_an_adjective_of_nationality_is_its_country():
    assert issue_of_phrase("Cuban embargo", "2012-05-01").id == "sanctions|CUB"


def test_a_phrase_without_an_issue_names_none():
    assert issue_of_phrase("a sunny afternoon in the park", "2012-05-01") is None


# --- issue positions, through the whole pipeline ----------------------------------------------------

ARTICLE = """Example Wire
Thursday, May 3rd, 2012

Foreign Minister Alain Juppe said that sanctions against Syria had become essential.

Vladimir Putin said sanctions on Syria were a serious mistake.

Jean Martin, a French diplomat, said sanctions against Syria could be necessary if the talks fail.

Anne Dupont, a European lawmaker, said she opposed lifting the sanctions on Syria.

Pierre Leroy, a trade official, said the sanctions on Syria were discussed at length on Monday.
"""


@pytest.fixture(scope="module")
def analysis():
    return analyze_text(ARTICLE)


def issue_stance_of(analysis, surname):
    names = {actor.id: actor.name for actor in analysis.actors}
    found = [
        stance
        for stance in analysis.stances
        if stance.issue is not None and surname in (names.get(stance.holder_actor_id) or "")
    ]
    assert len(found) == 1, [(names.get(stance.holder_actor_id), stance.issue) for stance in analysis.stances]
    return found[0]


@pytest.mark.parametrize(
    ("surname", "polarity"),
    [("Juppe", "favor"), ("Putin", "against"), ("Martin", "conditional"), ("Dupont", "favor"), ("Leroy", "neutral")],
)
def test_each_speaker_position_on_the_issue(analysis, surname, polarity):
    stance = issue_stance_of(analysis, surname)
    assert stance.issue.id == "sanctions|SYR"
    assert stance.polarity == polarity


def test_issue_stances_carry_their_quote_as_evidence_with_offsets(analysis):
    stance = issue_stance_of(analysis, "Putin")
    assert stance.quote_id is not None
    assert analysis.article.text[stance.evidence.start : stance.evidence.end] == stance.evidence.text
    assert stance.evidence.text == "sanctions on Syria were a serious mistake"
    assert stance.date == "2012-05-03"


def test_stances_are_numbered_in_text_order(analysis):
    assert [stance.id for stance in analysis.stances] == [f"s{n}" for n in range(1, len(analysis.stances) + 1)]
    starts = [stance.evidence.start for stance in analysis.stances]
    assert starts == sorted(starts)


# --- actor to actor -------------------------------------------------------------------------------


def test_mark_puts_p_in_brackets_q_in_braces_and_other_marks_become_parentheses():
    sentence = "Ann [sic] thanked Bob {warmly}."
    assert mark(sentence, (0, 3), (18, 21)) == "[Ann] (sic) thanked {Bob} (warmly)."
    assert mark(sentence, (18, 21), (0, 3)) == "{Ann} (sic) thanked [Bob] (warmly)."  # p may follow q
    with pytest.raises(ValueError):
        mark(sentence, (0, 3), (2, 5))


def test_entity_tokens_are_found_from_the_marks():
    marked = "[Ann] thanked {Bob}"
    assert entity_spans(marked) == ((0, 5), (14, 19))
    assert entity_spans("{Ann} thanked [Bob]") == ((14, 19), (0, 5))
    offsets = [(0, 0), (0, 1), (1, 4), (4, 5), (6, 13), (14, 15), (15, 18), (18, 19), (0, 0)]
    assert token_spans(offsets, entity_spans(marked)) == [(1, 3), (5, 7)]
    with pytest.raises(ValueError):
        entity_spans("[Ann] thanked [Bob]")


def test_swapping_p_and_q_swaps_the_direction_of_the_label():
    assert unmark("The [union] was praised by {the mayor}.") == ("The union was praised by the mayor.", (4, 9), (25, 34))
    assert swapped("The [union] was praised by {the mayor}.", 2) == ("The {union} was praised by [the mayor].", 1)
    assert [swapped("[A] met {B}.", label)[1] for label in range(5)] == [0, 2, 1, 4, 3]


def test_the_shipped_classifier_reads_praise_and_accusation_with_their_direction():
    text = (
        "Example Wire\nTuesday, June 4, 2013\n\nPresident Barack Obama warmly praised Germany for its generous help.\n\n"
        "Iran angrily accused Israel of sabotaging its power plants.\n"
    )
    analysis = analyze_text(text)
    names = {actor.id: actor.name for actor in analysis.actors}
    read = {
        (names[s.holder_actor_id], names[s.target_actor_id]): s.polarity for s in analysis.stances if s.target_actor_id
    }
    assert read[("Barack Obama", "Germany")] == "positive"
    assert read[("Iran", "Israel")] == "negative"


def test_the_n_gram_features_say_which_entity_comes_first_and_what_lies_between():
    features = ngram_features(words_of("Yesterday [Ann] warmly thanked {Bob} for the help."))
    assert features[0] == "PQ"
    assert {"PQB:warmly", "PQB:thanked", "PQBB:warmly_thanked", "PQL:yesterday", "PQR:for", "W:help"} <= set(features)
    assert ngram_features(words_of("{Bob} was thanked by [Ann]."))[0] == "QP"


def test_a_long_sentence_keeps_both_entities_whole_within_the_window():
    words = words_of(" ".join(["filler"] * 70) + " [Ann] met the envoy of {the Republic of Valdoria} " + " ".join(["tail"] * 70))
    kept, (p_start, p_end, q_start, q_end) = word_window(words, MAX_WORDS)
    assert len(kept) == MAX_WORDS
    assert kept[p_start : p_end + 1] == ["[", "ann", "]"]
    assert kept[q_start : q_end + 1] == ["{", "the", "republic", "of", "valdoria", "}"]


SENTENCES = [
    "[Ann Lee] warmly thanked {Bob Stone} for his help.",
    "{The union} was praised by [the mayor] for ending the strike.",
    "[Senator Ray] accused {the agency} of hiding the report, and the agency's director, who had served under three presidents, denied it.",
    "[Paris] and {Berlin} will host the meeting next year.",
]


def test_the_fast_classifier_answers_the_same_alone_or_in_any_batch():
    classifier = load_classifier()
    alone = [classifier.classify([sentence])[0] for sentence in SENTENCES]
    assert classifier.classify(SENTENCES) == alone
    assert classifier.classify(SENTENCES[::-1]) == alone[::-1]
    assert classifier.classify([]) == []
    assert all(label in range(len(LABELS)) for label in alone)


def test_the_fast_classifiers_probabilities_do_not_depend_on_batch_shapes():
    """Batches are padded to a few shapes (rows a power of two, words a multiple of 16): a sentence's
    log-probabilities must be the same alone, in one batch, and spread over uneven batches."""
    classifier = load_classifier()
    many = SENTENCES * 5  # 20 sentences: batches of 3 leave a last batch of 2, padded like the others
    alone = np.vstack([classifier.log_probabilities([sentence]) for sentence in many])
    np.testing.assert_allclose(classifier.log_probabilities(many), alone, rtol=0, atol=1e-5)
    np.testing.assert_allclose(classifier.log_probabilities(many, batch_size=3), alone, rtol=0, atol=1e-5)
    assert classifier.classify(many, batch_size=3) == alone.argmax(1).tolist()


def test_the_fast_classifier_reads_praise_accusation_and_neither_in_the_active_voice():
    labels = load_classifier().classify([SENTENCES[0], SENTENCES[2], SENTENCES[3]])
    assert [LABELS[label] for label in labels] == ["p_positive_q", "p_negative_q", "neutral"]
