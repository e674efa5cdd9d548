"""The vectorised attribute ruler finds exactly what spaCy's finds, and sets exactly the same attributes."""

from __future__ import annotations

import json

import numpy
import spacy
from conftest import REPO
from spacy.attrs import IDS
from spacy.pipeline import AttributeRuler

from communique.attribute_ruler import VectorisedAttributeRuler, _Condition, _Vectorised, vectorise_attribute_rulers
from communique.parse import DEFAULT_MODEL, new_pipeline

SAMPLES = REPO / "src" / "communique" / "samples"
SAMPLE_TEXTS = [(SAMPLES / "presstv-2009-10-13.txt").read_text(encoding="utf-8")] + [
    json.loads(line)["text"] for line in (SAMPLES / "voa-stories.jsonl").read_text(encoding="utf-8").splitlines()
]
TOKEN_ATTRIBUTES = ("tag_", "pos_", "lemma_", "dep_", "is_space")


def both_rulers(nlp, patterns: list[dict]) -> tuple[AttributeRuler, VectorisedAttributeRuler]:
    stock = AttributeRuler(nlp.vocab, "stock")
    stock.add_patterns(patterns)
    vectorised = VectorisedAttributeRuler(nlp.vocab, "vectorised")
    vectorised.add_patterns(patterns)
    return stock, vectorised


def annotated(nlp, ruler, text: str) -> list[tuple]:
    """The token attributes after ``ruler`` runs on ``text`` parsed without any ruler."""
    with nlp.select_pipes(disable=[name for name in ("attribute_ruler", "lemmatizer") if name in nlp.pipe_names]):
        doc = ruler(nlp(text))
    return [(*(getattr(token, name) for name in TOKEN_ATTRIBUTES), str(token.morph)) for token in doc]


def test_the_default_pipeline_gets_a_vectorised_ruler_with_the_same_name_and_patterns():
    stock = spacy.load(DEFAULT_MODEL)
    ours = new_pipeline()
    ruler = ours.get_pipe("attribute_ruler")
    assert type(ruler) is VectorisedAttributeRuler
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    assert [name for name in ours.pipe_names if name in stock.pipe_names] == stock.pipe_names


def test_the_shipped_patterns_give_spacys_matches_on_the_sample_articles():
    """en_core_web_sm's 179 patterns include sets (IN, NOT_IN), regular expressions and two-token patterns;
    the same matches in the same order make the same attributes, as the ruler's annotation is spaCy's own."""
    nlp = spacy.load(DEFAULT_MODEL)
    stock_ruler = nlp.get_pipe("attribute_ruler")
    stock, vectorised = both_rulers(nlp, stock_ruler.patterns)
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer"]):
        docs = list(nlp.pipe(SAMPLE_TEXTS))
    assert len(docs) == 90
    for doc in docs:
        expected = stock.match(doc)
        assert vectorised.match(doc) == expected
        assert len(expected) > len(doc)  # every token has its tag mapped, some an exception too


HANDMADE_PATTERNS = [
    {"patterns": [[{"TAG": "NNP"}]], "attrs": {"POS": "PROPN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"LOWER": {"IN": ["said", "says"]}, "TAG": {"NOT_IN": ["NN"]}}]], "attrs": {"LEMMA": "say"}},
    {"patterns": [[{"LOWER": {"REGEX": "^minist"}}]], "attrs": {"LEMMA": "MINISTRY"}},
    {"patterns": [[{"LOWER": "foreign"}, {"LOWER": "minister"}]], "attrs": {"POS": "X"}, "index": -1},
    {"patterns": [[{"IS_PUNCT": True}], [{"TEXT": "."}]], "attrs": {"MORPH": "PunctType=Peri"}},
    {"patterns": [[{"DEP": "nsubj"}, {"POS": "VERB", "OP": "?"}, {"LOWER": "said"}]], "attrs": {"MORPH": "Case=Nom"}},
    {"patterns": [[{"LOWER": "lavrov", "ENT_TYPE": "PERSON"}]], "attrs": {"LEMMA": "Lavrov"}},
]
"""Each kind of condition the vectorised ruler tests (strings, IN, NOT_IN, REGEX, flags, two tokens, a
negative index, two patterns of one key matching the same token), and patterns it leaves to a Matcher
(an operator, an attribute it does not read)."""
HANDMADE_TEXT = (
    "The Russian foreign minister said sanctions would fail. Lavrov says Moscow's ministry disagrees. "
    "“Talks will go on,” Foreign Minister Sergei Lavrov said on Tuesday."
)


def test_handmade_patterns_of_every_kind_give_spacys_matches_and_attributes(nlp):
    stock, vectorised = both_rulers(nlp, HANDMADE_PATTERNS)
    doc = nlp(HANDMADE_TEXT)
    expected = stock.match(doc)
    assert vectorised.match(doc) == expected
    assert {number for number, *_ in expected} == set(range(len(HANDMADE_PATTERNS)))
    assert annotated(nlp, vectorised, HANDMADE_TEXT) == annotated(nlp, stock, HANDMADE_TEXT)


def test_patterns_added_after_use_and_rulers_read_back_from_bytes_match_like_spacys(nlp):
    stock, vectorised = both_rulers(nlp, HANDMADE_PATTERNS[:2])
    doc = nlp(HANDMADE_TEXT)
    assert vectorised.match(doc) == stock.match(doc)
    for ruler in (stock, vectorised):
        ruler.add_patterns(HANDMADE_PATTERNS[2:])
    assert vectorised.match(doc) == stock.match(doc)
    restored = VectorisedAttributeRuler(nlp.vocab, "restored").from_bytes(vectorised.to_bytes())
    assert restored.match(doc) == stock.match(doc)
    restored.clear()
    assert restored.match(doc) == []


def test_hashes_a_few_apart_are_not_taken_for_equal(nlp):
    """Token attributes are unsigned 64-bit hashes; numpy compares them with a plain list of Python ints as
    floats, in which 2**63 + 4096 and 2**63 + 4097 are one number."""
    ruler = VectorisedAttributeRuler(nlp.vocab, "ruler")
    ruler.add_patterns(HANDMADE_PATTERNS[:1])
    column = numpy.array([2**63 + 4096, 1], dtype=numpy.uint64)
    for values, expected in (({2**63 + 4097, 1}, [False, True]), ({2**63 + 4097}, [False, False])):
        for kind, passed in (("in", expected), ("not_in", [not value for value in expected])):
            condition = _Condition(IDS["LOWER"], kind, frozenset(values))
            assert _Vectorised(ruler)._test(condition, column).tolist() == passed


def test_a_saved_pipeline_with_the_vectorised_ruler_loads_in_a_fresh_process(tmp_path):
    """spaCy finds the ruler's factory through the package's entry point, without importing communique."""
    from conftest import run_python

    nlp = spacy.load(DEFAULT_MODEL)
    vectorise_attribute_rulers(nlp)
    nlp.to_disk(tmp_path / "pipeline")
    out = run_python(
        f"import spacy; nlp = spacy.load({str(tmp_path / 'pipeline')!r}); "
        "print(type(nlp.get_pipe('attribute_ruler')).__name__, [t.pos_ for t in nlp(\"It's what he said.\")])"
    )
    expected = [token.pos_ for token in spacy.load(DEFAULT_MODEL)("It's what he said.")]
    assert out.strip() == f"VectorisedAttributeRuler {expected}"
