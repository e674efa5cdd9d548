"""From Article to Analysis: the public entry points of the library.

The spaCy pipeline does the parsing and, through the ``communique``
component, the extraction; this module feeds it Articles (as Docs carrying
their Article, so outlet and date reach the extractors) and hands back the
finished Analysis of each, in input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from communique.model import Analysis, Article
from communique.parse import DEFAULT_MODEL, load_pipeline
from communique.read.text import article_from_text

DEFAULT_BATCH_SIZE = 32


def analyze_articles(
    articles: Iterable[Article],
    nlp: Language | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Analysis]:
    """The Analysis of each article, streamed in input order and parsed in batches."""
    nlp = nlp or load_pipeline(DEFAULT_MODEL)
    for doc in nlp.pipe((_doc_for(nlp, article) for article in articles), batch_size=batch_size):
        yield doc._.analysis


def analyze_batch(articles: list[Article], nlp: Language, batch_size: int = DEFAULT_BATCH_SIZE) -> list[Analysis]:
    """The Analysis of each article in one batch, freeing the batch's strings from the vocabulary afterwards.

    A long run otherwise keeps every new word it has seen in the pipeline's
    string store, so memory grows with the corpus; spaCy's memory zone drops
    them once the batch's Analyses (plain records, no Doc) are built.
    """
    with nlp.memory_zone():
        return list(analyze_articles(articles, nlp, batch_size))


def analyze_article(article: Article, nlp: Language | None = None) -> Analysis:
    """The Analysis of one article."""
    return next(analyze_articles([article], nlp, batch_size=1))


def analyze_text(text: str, model: str = DEFAULT_MODEL) -> Analysis:
    """The Analysis of a text, read like a plain-text file (a seed-style header is recognised)."""
    return analyze_article(article_from_text(text), load_pipeline(model))


def _doc_for(nlp: Language, article: Article) -> Doc:
    nlp.max_length = max(nlp.max_length, len(article.text))
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return doc
