"""Directed sentiment between two entities of one sentence: who is positive or negative toward whom.

The classifier reads a sentence in which two entities are marked, ``p`` with
square brackets and ``q`` with braces ("[Clinton] praised {Moscow} for …"), and
says one of five things (:data:`LABELS`): neutral, p positive toward q, q
positive toward p, p negative toward q, q negative toward p. Distinct marks let
p stand after q, so training also reads every sentence with the roles swapped
(:func:`swapped`): the rare "q toward p" directions learn from the common
"p toward q" examples. The same
function, :func:`classify`, serves ``communique eval directed-sentiment`` and
the actor-to-actor stances of every analysed article.

It reads every pair of actors a sentence names (about 38 per news article), so
it must cost little beside spaCy's parse: the classifier that analyses use,
:func:`load_classifier`, is a small recurrent network with an n-gram model beside
it (:mod:`communique.stance.fast`), distilled from a fine-tuned MiniLM
transformer (:mod:`communique.stance.minilm`) that reads a pair some forty times
slower and is kept as its teacher and for comparison
(``communique eval directed-sentiment --model minilm``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

LABELS = ("neutral", "p_positive_q", "q_positive_p", "p_negative_q", "q_negative_p")
"""The five classes, in the label order of the directed-sentiment data (0..4)."""

SWAPPED_LABEL = (0, 2, 1, 4, 3)
"""Each label's meaning once p and q change places (p positive toward q becomes q positive toward p)."""

_MARKS = str.maketrans("[]{}", "()()")
_P_MARKED = re.compile(r"\[[^\[\]{}]*\]")
_Q_MARKED = re.compile(r"\{[^\[\]{}]*\}")


def mark(sentence: str, p: tuple[int, int], q: tuple[int, int]) -> str:
    """``sentence`` with the entity at ``p`` in square brackets and the one at ``q`` in braces (offsets
    into it, in either order); brackets and braces already there become parentheses, so only the marks remain."""
    if not (p[1] <= q[0] or q[1] <= p[0]):
        raise ValueError(f"entities overlap: {p} {q}")
    plain = sentence.translate(_MARKS)
    (first_start, first_end, first_open, first_close), (second_start, second_end, second_open, second_close) = sorted(
        [(*p, "[", "]"), (*q, "{", "}")]
    )
    return (
        f"{plain[:first_start]}{first_open}{plain[first_start:first_end]}{first_close}{plain[first_end:second_start]}"
        f"{second_open}{plain[second_start:second_end]}{second_close}{plain[second_end:]}"
    )


def entity_spans(marked: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """Character ranges of p (in brackets) and q (in braces) of a marked sentence, marks included."""
    found = [[match.span() for match in pattern.finditer(marked)] for pattern in (_P_MARKED, _Q_MARKED)]
    if [len(spans) for spans in found] != [1, 1]:
        raise ValueError(f"expected one [p] and one {{q}} entity: {marked!r}")
    return found[0][0], found[1][0]


def unmark(marked: str) -> tuple[str, tuple[int, int], tuple[int, int]]:
    """The plain sentence of a marked one, and the character ranges of p and q in it."""
    (p_start, p_end), (q_start, q_end) = entity_spans(marked)
    plain = marked[:p_start] + marked[p_start + 1 : p_end - 1] + marked[p_end:]
    if q_start > p_start:
        q_start, q_end = q_start - 2, q_end - 2
    plain = plain[:q_start] + plain[q_start + 1 : q_end - 1] + plain[q_end:]
    if p_start > q_start:
        p_start, p_end = p_start - 2, p_end - 2
    return plain, (p_start, p_end - 2), (q_start, q_end - 2)


def swapped(marked: str, label: int) -> tuple[str, int]:
    """The same sentence and stance with the roles of p and q exchanged."""
    plain, p, q = unmark(marked)
    return mark(plain, q, p), SWAPPED_LABEL[label]


class Classifier(Protocol):
    """What reads marked sentences: each one's most probable label index (0..4)."""

    def classify(self, marked: Sequence[str]) -> list[int]: ...


@lru_cache(maxsize=1)
def load_classifier() -> Classifier:
    """The classifier analyses use (:mod:`communique.stance.fast`), loaded once per process."""
    from communique.stance.fast import FastClassifier

    return FastClassifier()
