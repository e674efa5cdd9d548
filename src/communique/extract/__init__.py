"""Pure functions from a parsed spaCy Doc to plain records, one module per kind.

``analyze_doc`` runs them all and assembles the Analysis of one article. Each
module can also be used on its own, textacy-style::

    from communique.extract.entities import entity_mentions
    from communique.extract.quotes import quotes

    mentions = entity_mentions(doc)
    found = quotes(doc, sentences(doc), mentions)
"""

from __future__ import annotations

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
from communique.extract.stances import actor_stances, issue_stances, stances
from communique.extract.times import article_times, dated_events, dated_quotes
from communique.kb import load_kb
from communique.model import Analysis, Article


def analyze_doc(doc: Doc, article: Article, pipeline_label: str, dictionaries: Dictionaries | None = None) -> Analysis:
    """The Analysis of ``article``, whose text ``doc`` is the parse of; events are coded with
    ``dictionaries`` (default: the shipped verb lexicon and knowledge base)."""
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
    found_stances = stances(
        actor_stances(sentence_spans, mentions, quoted, text, article.date),
        issue_stances(doc, quoted, issues, mentions, text, article.date),
    )
    return Analysis(
        communique_version=__version__,
        pipeline=pipeline_label,
        article=article,
        sentences=sentence_spans,
        mentions=mentions,
        actors=found_actors,
        quotes=quoted,
        events=coded,
        stances=found_stances,
        times=times,
    )
