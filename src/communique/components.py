"""communique's extractors as spaCy components, registered by name.

After ``import communique`` (or through the ``spacy_factories`` entry point,
with no import at all) any pipeline can use them::

    nlp.add_pipe("communique_paragraphs", before="parser")  # optional, recommended
    nlp.add_pipe("communique")
    doc = nlp(text)
    doc._.analysis      # the whole Analysis
    doc._.mentions      # named-entity mentions, with offsets
    doc._.quotes        # who said what

Each extractor is also a component of its own, for pipelines that need only
that part: ``nlp.add_pipe("communique_quotes")`` sets ``doc._.quotes``.

A Doc may carry its Article in ``doc._.article`` (communique's own pipeline
sets it, with outlet, date and id); without one, the Doc's text is read as a
plain-text article, header included.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from communique.extract import analyze_docs
from communique.extract.entities import entity_mentions
from communique.extract.quotes import quotes
from communique.extract.sentences import sentences
from communique.read.text import article_from_text

_SHORT_LINE_CHARS = 60
_SENTENCE_END = (".", "!", "?", ":", '"', "”", "’", "'")

for _name in ("article", "analysis", "mentions", "quotes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("communique_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> ParagraphBoundaries:
    """Sentence boundaries at paragraph breaks, set before the parser runs."""
    return ParagraphBoundaries()


class ParagraphBoundaries:
    """Makes every paragraph start a sentence.

    News paragraphs rarely end without punctuation, but headers, headlines and
    datelines do, and a parser alone glues them to the next sentence. A blank
    line always ends a sentence; a single line break does when the line before
    it is short (a header line) or ends like a sentence, so hard-wrapped text
    is not cut mid-sentence.
    """

    def __call__(self, doc: Doc) -> Doc:
        line_start = 0
        text = doc.text
        if "\n" not in text:  # one paragraph (many feeds flatten their articles): no Token need be read
            return doc
        for token in doc[:-1]:
            if "\n" not in token.text and "\n" not in token.whitespace_:
                continue
            newline_at = token.idx + (token.text.rfind("\n") if "\n" in token.text else len(token.text))
            line = text[line_start:token.idx].strip()
            ends_paragraph = "\n\n" in token.text + token.whitespace_
            if ends_paragraph or len(line) < _SHORT_LINE_CHARS or line.endswith(_SENTENCE_END):
                doc[token.i + 1].is_sent_start = True
            line_start = newline_at + 1
        return doc


@Language.factory("communique")
def make_communique(nlp: Language, name: str) -> Communique:
    """Every communique extractor, filling ``doc._.analysis`` and its parts."""
    return Communique(pipeline_label(nlp))


def pipeline_label(nlp: Language) -> str:
    """The pipeline's identity for provenance, as ``lang_name@version``."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}@{nlp.meta.get('version', '0')}"


class Communique:
    """Runs the extractors on a parsed Doc and stores their records on it."""

    def __init__(self, pipeline_label: str) -> None:
        self.pipeline_label = pipeline_label
        self.dictionaries = None
        """Event-coding dictionaries (:class:`communique.cameo.dictionaries.Dictionaries`); None: the shipped ones."""

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """``nlp.pipe`` calls this: a batch of Docs at a time, so the stance classifier reads all their
        actor pairs at once (see :func:`communique.extract.analyze_docs`)."""
        for batch in minibatch(docs, size=batch_size):
            articles = [doc._.article or article_from_text(doc.text) for doc in batch]
            analyses = analyze_docs(list(zip(batch, articles, strict=True)), self.pipeline_label, self.dictionaries)
            for doc, analysis in zip(batch, analyses, strict=True):
                doc._.analysis = analysis
                doc._.mentions = analysis.mentions
                doc._.quotes = analysis.quotes
                yield doc


@Language.factory("communique_quotes")
def make_quotes(nlp: Language, name: str) -> "QuoteAttribution":
    """Quote attribution alone, filling ``doc._.quotes``."""
    return QuoteAttribution()


class QuoteAttribution:
    """Finds who said what in a parsed Doc."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        doc._.quotes = quotes(doc, sentences(doc, text), entity_mentions(doc, text), text)
        return doc
