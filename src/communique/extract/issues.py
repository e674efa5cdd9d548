"""Issues: the policy questions statements take positions on, one key however the text words them.

"sanctions against Iran", "new sanctions on Iran" and "nuclear sanctions against
Tehran" are one issue, ``sanctions|IRN``, because:

- the *topic* comes from the Phoenix issue dictionary (shipped as
  ``data/issue_vocabulary.json``, built by ``scripts/build_issue_vocabulary.py``):
  a run of tokens whose lemmas or words are a dictionary phrase ("sanctions" →
  ``sanction`` → SANCTIONS); modifiers that are not part of the phrase
  ("new", "nuclear") do not change it;
- the *target* is the country the phrase is aimed at, found next to it (a
  preposition's object, "against Tehran"; a modifier, "Iranian sanctions", "Iran's
  program"; or the object of the verb it completes, "threatening Iran with
  sanctions") and coded by the knowledge base, so a capital or an adjective
  counts as its country (Tehran → IRN, Iranian → IRN);
- a phrase with no target of its own ("Sanctions … are counterproductive")
  takes the target of the latest earlier mention of the same topic in the
  article, which is what the reader understands.

Each :class:`~communique.model.Issue` says which words and which dictionary
entries made it (``explanation``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from spacy.attrs import IS_ALPHA, IS_PUNCT, LEMMA, LIKE_NUM, LOWER, ORTH, POS, SENT_START
from spacy.tokens import Doc, Token

from communique.kb import KnowledgeBase, Match
from communique.model import Issue

MAX_PHRASE_TOKENS = 4
TARGET_PREPOSITIONS = frozenset({"against", "on", "over", "for", "with", "to", "toward", "towards", "in", "of"})
"""Prepositions whose object is what an issue is aimed at ("sanctions against Iran", "talks with Iran")."""
TARGET_MODIFIERS = frozenset({"compound", "amod", "nmod", "poss"})
_STATE_KINDS = frozenset({"country", "capital"})


@dataclass(frozen=True)
class IssueMention:
    """An issue named in the article: the words, the topic's token, and the Issue they normalise to."""

    start: int
    end: int
    head: int
    """Index of the phrase's last token (the head noun) in the Doc."""
    issue: Issue


@lru_cache(maxsize=1)
def issue_vocabulary() -> dict[str, str]:
    """Dictionary phrase (lower case, lemmas or words) → Phoenix issue code."""
    document = json.loads((files("communique") / "data" / "issue_vocabulary.json").read_text(encoding="utf-8"))
    return document["phrases"]


def find_issues(doc: Doc, kb: KnowledgeBase, date: str | None, text: str) -> list[IssueMention]:
    """Every issue mention in the Doc, in text order; targetless ones take the topic's latest earlier target."""
    vocabulary = issue_vocabulary()
    found: list[IssueMention] = []
    latest_aimed: dict[str, IssueMention] = {}
    words = _Words(doc)
    entity_texts = _entity_texts(doc)
    free = 0  # the first token after the last phrase found: phrases do not overlap
    for index in words.phrase_starts():
        phrase = words.phrase_at(index, vocabulary) if index >= free else None
        if phrase is None:
            continue
        last, code, entry = phrase
        head = doc[last]
        start, end = doc[index].idx, head.idx + len(head.text)
        named = f"'{text[start:end]}' is the issue phrase '{entry}' ({code})"
        target = _target(kb, head, date, entity_texts)
        earlier = latest_aimed.get(code)
        if target is not None:
            target_words, match = target
            issue = _issue(kb, code, match, f"{named}; '{target_words}' → {match.country} ({match.kind} {match.name} in the KB)")
        elif earlier is not None:
            carried = f"{named}, aimed at no one here: its target is carried from '{text[earlier.start:earlier.end]}' (offset {earlier.start})"
            issue = earlier.issue.model_copy(update={"explanation": carried})
        else:
            issue = Issue(id=code.lower(), label=_topic_words(code), explanation=f"{named}; no target")
        mention = IssueMention(start=start, end=end, head=last, issue=issue)
        if target is not None:
            latest_aimed[code] = mention
        found.append(mention)
        free = last + 1
    return found


class _Words:
    """What phrase matching reads of each token, read once per Doc from its arrays: a token starts up
    to four windows (and "the", "a", "to" and "on" start dictionary phrases), so building Tokens for
    each window would cost more than the rest of the issue finder."""

    _ENDING_POS = ("NOUN", "PROPN", "ADJ", "VERB")

    def __init__(self, doc: Doc) -> None:
        strings = doc.vocab.strings
        ending = {strings[pos] for pos in self._ENDING_POS}
        dash = strings["-"]
        columns = doc.to_array([LEMMA, LOWER, IS_ALPHA, LIKE_NUM, IS_PUNCT, POS, SENT_START, ORTH]).T.tolist()
        lemmas, forms, alpha, num, punct, pos, sent_start, orth = columns if len(doc) else [[]] * 8
        self.lemmas = [strings[lemma].lower() for lemma in lemmas]
        self.forms = [strings[form] for form in forms]
        beginnings = _phrase_beginnings()
        self.starts = [
            bool(a or n) and (lemma in beginnings or form in beginnings)
            for a, n, lemma, form in zip(alpha, num, self.lemmas, self.forms, strict=True)
        ]
        """Alphabetic or numeric, and a dictionary phrase's first word: only such a token starts a phrase."""
        self.ends = [not p and tag in ending for p, tag in zip(punct, pos, strict=True)]
        """Not punctuation, and a noun, proper noun, adjective or verb: only such a token ends one."""
        self.opens_sentence = [value == 1 for value in sent_start]
        self.dash = [value == dash for value in orth]

    def phrase_starts(self) -> list[int]:
        """Indexes of the tokens that may start a phrase, in order."""
        return [index for index, starts in enumerate(self.starts) if starts]

    def phrase_at(self, index: int, vocabulary: dict[str, str]) -> tuple[int, str, str] | None:
        """The longest dictionary phrase starting at token ``index``: (last token, code, dictionary entry)."""
        if not self.starts[index]:
            return None
        for size in range(self._longest_possible(index), 0, -1):
            last = index + size - 1
            if any(self.opens_sentence[index + 1 : last + 1]):
                continue
            kept = [position for position in range(index, last + 1) if not self.dash[position]]
            for words in (self.lemmas, self.forms):
                key = " ".join(words[position] for position in kept)
                code = vocabulary.get(key)
                if code is not None and self.ends[last]:
                    return last, code, key
        return None

    def _longest_possible(self, index: int) -> int:
        """How many tokens from ``index`` on may still be a dictionary phrase: as long as their words
        (base forms or forms) begin one, so most windows are never built (none for a token that begins
        no phrase)."""
        beginnings = _phrase_beginnings()
        lemma_key = form_key = ""
        longest = 0
        for position in range(index, min(index + MAX_PHRASE_TOKENS, len(self.lemmas))):
            if not self.dash[position]:
                lemma_key = f"{lemma_key} {self.lemmas[position]}" if lemma_key else self.lemmas[position]
                form_key = f"{form_key} {self.forms[position]}" if form_key else self.forms[position]
            if lemma_key not in beginnings and form_key not in beginnings:
                break
            longest = position - index + 1
        return longest


@lru_cache(maxsize=1)
def _phrase_beginnings() -> frozenset[str]:
    """Every dictionary phrase's first word, first two words, … and the whole phrase."""
    phrases = [phrase.split() for phrase in issue_vocabulary()]
    return frozenset(" ".join(words[:size]) for words in phrases for size in range(1, len(words) + 1))


def _entity_texts(doc: Doc) -> dict[int, str]:
    """The text of the named entity each token is part of (tokens of no entity are left out)."""
    texts = {}
    for entity in doc.ents:
        entity_text = entity.text
        for index in range(entity.start, entity.end):
            texts[index] = entity_text
    return texts


def _target(kb: KnowledgeBase, head: Token, date: str | None, entity_texts: dict[int, str]) -> tuple[str, Match] | None:
    """The country an issue phrase is aimed at, with the words that name it, if the text says
    (``entity_texts``: see :func:`_entity_texts`)."""
    candidates = [child for child in head.children if child.dep_ in TARGET_MODIFIERS and child.i < head.i]
    candidates += [
        object_
        for preposition in head.children
        if preposition.dep_ == "prep" and preposition.lower_ in TARGET_PREPOSITIONS
        for object_ in preposition.children
        if object_.dep_ == "pobj"
    ]
    governor = head.head
    if head.dep_ == "pobj" and governor.dep_ == "prep":
        governor = governor.head
    if governor.pos_ == "VERB" and governor.i != head.i:
        candidates += [child for child in governor.children if child.dep_ in ("dobj", "dative")]
        candidates += [
            object_
            for preposition in governor.children
            if preposition.dep_ == "prep" and preposition.lower_ in ("against", "on")
            for object_ in preposition.children
            if object_.dep_ == "pobj"
        ]
    for candidate in candidates:
        match = _country(kb, candidate, date, entity_texts)
        if match is not None:
            return match
    return None


def _country(kb: KnowledgeBase, token: Token, date: str | None, entity_texts: dict[int, str]) -> tuple[str, Match] | None:
    """The KB country (or capital) a token names, with the words used: the named entity it is part of."""
    words = entity_texts.get(token.i, token.text)
    matches = [match for match in _lookup(kb, words, date) if match.kind in _STATE_KINDS and match.country]
    return (words, matches[0]) if matches else None


@lru_cache(maxsize=4096)
def _lookup(kb: KnowledgeBase, name: str, date: str | None) -> tuple[Match, ...]:
    return tuple(kb.lookup(name, date))


def _issue(kb: KnowledgeBase, code: str, target: Match, explanation: str) -> Issue:
    from communique.extract.actors import kb_country_name

    return Issue(
        id=f"{code.lower()}|{target.country}",
        label=f"{_topic_words(code)} ({kb_country_name(kb, target)})",
        explanation=explanation,
    )


def _topic_words(code: str) -> str:
    """A readable topic from a Phoenix issue code: ID_IMMIGRATION → immigration, NUCLEAR_WEAPONS → nuclear weapons."""
    return code.lower().removeprefix("id_").replace("_", " ")


def issue_of_phrase(phrase: str, date: str | None = None, nlp=None, kb: KnowledgeBase | None = None) -> Issue | None:
    """The issue a free-text phrase names, by the same rules as in articles ("nuclear sanctions against
    Tehran" → ``sanctions|IRN``); None when it names no issue. Parses with communique's own pipeline
    (or ``nlp``), without running the extractors."""
    from communique.kb import load_kb
    from communique.parse import DEFAULT_MODEL, load_pipeline

    nlp = nlp or load_pipeline(DEFAULT_MODEL)
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name.startswith("communique")]):
        doc = nlp(phrase)
    found = find_issues(doc, kb or load_kb(), date, phrase)
    return found[0].issue if found else None
