"""Scoring predicted spans against gold spans: exact and lenient, micro-averaged.

Annotators and systems disagree about the edges of a span more than about the
span itself: whether "reports" includes the comma after it, whether a quote's
content includes its quotation marks and final full stop. So both sides are
trimmed the same way before they are compared (``trim``): whitespace and the
characters ``.,;:!?"'“”‘’`` come off both ends. Spans that trim to nothing are
dropped, and spans that trim to the same offsets count once (annotators do
write the same span twice).

- exact: a predicted span matches a gold span with the same trimmed offsets.
- lenient: a predicted span matches a gold span when both overlap at least one
  common word token, a token being a maximal run of word characters (``\\w+``)
  in the article text; so sharing only punctuation or whitespace is no match,
  and a span cutting a word in half still touches that word. Matching is one
  to one and greedy: gold spans in text order each take the unmatched
  predicted span sharing the most tokens with it (the earliest on a tie).

Scores are micro-averaged: true positives, predicted and gold spans are summed
over all articles (``Counts`` adds up) before precision, recall and F1.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

Span = tuple[int, int]
"""``(start, end)`` character offsets, end exclusive."""

TRIM_CHARS = frozenset(".,;:!?\"'“”‘’")
"""Punctuation trimmed off both ends of every span, with whitespace, before comparison."""

MODES = ("exact", "lenient")

_WORD = re.compile(r"\w+")


def trim(text: str, start: int, end: int) -> Span:
    """``(start, end)`` moved inwards past whitespace and ``TRIM_CHARS`` at either end."""
    while start < end and (text[start].isspace() or text[start] in TRIM_CHARS):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRIM_CHARS):
        end -= 1
    return start, end


def prepare(text: str, spans: Iterable[Span]) -> list[Span]:
    """The spans trimmed, without empty ones and duplicates, in text order."""
    trimmed = (trim(text, start, end) for start, end in spans)
    return sorted({span for span in trimmed if span[0] < span[1]})


class WordTokens:
    """The word tokens of one text, to ask which of them a span touches."""

    def __init__(self, text: str) -> None:
        matches = list(_WORD.finditer(text))
        self.starts = [match.start() for match in matches]
        self.ends = [match.end() for match in matches]

    def touched(self, span: Span) -> range:
        """Indexes of the tokens that overlap ``span`` by at least one character."""
        start, end = span
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))


def shared_tokens(first: range, second: range) -> int:
    """How many tokens two ``WordTokens.touched`` ranges have in common."""
    return max(0, min(first.stop, second.stop) - max(first.start, second.start))


def exact_matches(gold: list[Span], predicted: list[Span]) -> int:
    """True positives of the exact comparison, for spans already ``prepare``d (so unique)."""
    return len(set(gold) & set(predicted))


def lenient_matches(tokens: WordTokens, gold: list[Span], predicted: list[Span]) -> int:
    """True positives of the lenient comparison: greedy one-to-one matching on shared word tokens."""
    predicted_tokens = [tokens.touched(span) for span in predicted]
    unmatched = set(range(len(predicted)))
    matched = 0
    for gold_span in gold:
        gold_tokens = tokens.touched(gold_span)
        best, best_shared = None, 0
        for index in sorted(unmatched):
            shared = shared_tokens(gold_tokens, predicted_tokens[index])
            if shared > best_shared:
                best, best_shared = index, shared
        if best is not None:
            unmatched.discard(best)
            matched += 1
    return matched


@dataclass(frozen=True)
class Counts:
    """Matches, predicted spans and gold spans, summed over articles for micro averages."""

    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.true_positives + other.true_positives, self.predicted + other.predicted, self.gold + other.gold
        )

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_spans(
    text: str, gold: Iterable[Span], predicted: Iterable[Span], tokens: WordTokens | None = None
) -> dict[str, Counts]:
    """Exact and lenient ``Counts`` of one article's predicted spans of one role against its gold spans."""
    gold_spans, predicted_spans = prepare(text, gold), prepare(text, predicted)
    tokens = tokens or WordTokens(text)
    sizes = {"predicted": len(predicted_spans), "gold": len(gold_spans)}
    return {
        "exact": Counts(exact_matches(gold_spans, predicted_spans), **sizes),
        "lenient": Counts(lenient_matches(tokens, gold_spans, predicted_spans), **sizes),
    }


def percent(value: float) -> float:
    """A 0..1 figure as a percentage with one decimal, as every report prints it."""
    return round(100 * value, 1)
