"""Pure functions from a parsed spaCy Doc to plain records, one module per kind.

``analyze_doc`` runs them all and assembles the Analysis of one article;
``analyze_docs`` does the same for a batch, classifying all its actor pairs in
one go (the ``communique`` spaCy component uses it). Each module can also be
used on its own, textacy-style::

    from communique.extract.entities import entity_mentions
    from communique.extract.quotes import quotes

    mentions = entity_mentions(doc)
    found = quotes(doc, sentences(doc), mentions)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from communique import __version__
from communique.cameo.dictionaries import Dictionaries, shipped_dictionaries
from communique.extract.actors import actors
from communique.extract.coref import SpeakerResolver
from communique.extract.entities import entity_mentions
from communique.extract.events import events
from communique.extract.issues import find_issues
from communique.extract.quotes import quotes
from communique.extract.sentences import sentences
from communique.extract.stances import ActorPair, actor_pairs, issue_stances, marked_pairs, pair_stances, stances
from communique.extract.times import article_times, dated_events, dated_quotes
from communique.kb import load_kb
from communique.model import Actor, Analysis, Article, Event, Mention, Quote, Sentence, Stance, TimeExpression
from communique.stance.directed import load_classifier


def analyze_doc(doc: Doc, article: Article, pipeline_label: str, dictionaries: Dictionaries | None = None) -> Analysis:
    """The Analysis of ``article``, whose text ``doc`` is the parse of; events are coded with
    ``dictionaries`` (default: the shipped verb lexicon and knowledge base)."""
    return analyze_docs([(doc, article)], pipeline_label, dictionaries)[0]


def analyze_docs(
    parsed: Sequence[tuple[Doc, Article]], pipeline_label: str, dictionaries: Dictionaries | None = None
) -> list[Analysis]:
    """The Analysis of each (parse, article), as :func:`analyze_doc` gives it. The actor pairs of all
    the articles go to the stance classifier together: its batches fill up, and a batch costs
    little more than one sentence."""
    extracted = [_extract(doc, article, dictionaries) for doc, article in parsed]
    marked = [sentence for part in extracted for sentence in marked_pairs(part.pairs)]
    labels = iter(load_classifier().classify(marked) if marked else [])
    analyses = []
    for part in extracted:
        article = part.article
        pair_labels = [next(labels) for _ in part.pairs]
        found_stances = stances(
            pair_stances(part.pairs, pair_labels, part.quotes, article.text, article.date), part.issue_stances
        )
        analyses.append(
            Analysis(
                communique_version=__version__,
                pipeline=pipeline_label,
                article=article,
                sentences=part.sentences,
                mentions=part.mentions,
                actors=part.actors,
                quotes=part.quotes,
                events=part.events,
                stances=found_stances,
                times=part.times,
            )
        )
    return analyses


@dataclass
class _Extracted:
    """One article's records before its actor pairs are classified."""

    article: Article
    sentences: list[Sentence]
    mentions: list[Mention]
    actors: list[Actor]
    quotes: list[Quote]
    events: list[Event]
    times: list[TimeExpression]
    issue_stances: list[Stance]
    pairs: list[ActorPair]


def _extract(doc: Doc, article: Article, dictionaries: Dictionaries | None) -> _Extracted:
    text = article.text
    if len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
        raise ValueError(f"article {article.id}: the Doc's text is not the article's text")
    sentence_spans = sentences(doc, text)
    mentions = entity_mentions(doc, text)
    resolver = SpeakerResolver(doc)
    times = article_times(doc, text, article)
    quoted = dated_quotes(doc, quotes(doc, sentence_spans, mentions, text, resolver), times)
    found_actors = actors(doc, mentions, quoted, resolver, article.date, text=text)
    coded = events(doc, text, dictionaries or shipped_dictionaries(), mentions, found_actors, quoted, article.date)
    coded = dated_events(doc, coded, times)
    issues = find_issues(doc, load_kb(), article.date, text)
    return _Extracted(
        article=article,
        sentences=sentence_spans,
        mentions=mentions,
        actors=found_actors,
        quotes=quoted,
        events=coded,
        times=times,
        issue_stances=issue_stances(doc, quoted, issues, mentions, text, article.date),
        pairs=actor_pairs(sentence_spans, mentions),
    )
