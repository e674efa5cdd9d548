"""Directed sentiment ("who blames or endorses whom") against hand-labelled sentences.

The data (``shared/eval/directed-sentiment/*.tsv``) has one sentence per line with two entities in
square brackets, p the first and q the second, then p, q and a label: 0 neutral, 1 p positive toward
q, 2 q positive toward p, 3 p negative toward q, 4 q negative toward p. The sentences go to the same
classifier that gives articles their actor-to-actor stances
(:func:`communique.stance.directed.load_classifier`); the scores are accuracy and the macro-F1 over
the five classes (always answering neutral gets 0.16).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import re

from communique.stance.directed import LABELS, mark

LABEL_TEXTS = frozenset(str(index) for index in range(len(LABELS)))


@dataclass(frozen=True)
class Row:
    """One labelled sentence: the marked sentence and its label index."""

    sentence: str
    """The sentence as the classifier reads it: p in [brackets], q in {braces} (:func:`from_bracketed`)."""
    label: int


def read_rows(path: Path) -> tuple[list[Row], list[str]]:
    """The file's rows, and one error line for each line that is not sentence, p, q, label."""
    rows, errors = [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, fields in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(fields) != 4 or fields[3] not in LABEL_TEXTS or len(_BRACKETED.findall(fields[0])) != 2:
                errors.append(f"{path}:{number}: expected a sentence with two [entities], p, q and a label 0-4")
                continue
            rows.append(Row(from_bracketed(fields[0]), int(fields[3])))
    return rows, errors


_BRACKETED = re.compile(r"\[[^\[\]]*\]")


def from_bracketed(sentence: str) -> str:
    """A sentence marked as in the data ("[p] … [q]", both in brackets) marked as the classifier reads it."""
    (p_start, p_end), (q_start, q_end) = (match.span() for match in _BRACKETED.finditer(sentence))
    plain = sentence[:p_start] + sentence[p_start + 1 : p_end - 1] + sentence[p_end:q_start] + sentence[q_start + 1 : q_end - 1] + sentence[q_end:]
    return mark(plain, (p_start, p_end - 2), (q_start - 2, q_end - 4))


@dataclass
class Scores:
    """Accuracy, per-class precision/recall/F1 and their macro average, with the confusion counts."""

    total: int
    correct: int
    confusion: list[list[int]] = field(default_factory=list)
    """confusion[gold][predicted]."""

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def per_class(self) -> list[tuple[float, float, float, int]]:
        """(precision, recall, F1, gold count) of each label."""
        figures = []
        for label in range(len(LABELS)):
            true = self.confusion[label][label]
            predicted = sum(row[label] for row in self.confusion)
            gold = sum(self.confusion[label])
            precision = true / predicted if predicted else 0.0
            recall = true / gold if gold else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            figures.append((precision, recall, f1, gold))
        return figures

    @property
    def macro_f1(self) -> float:
        return sum(f1 for _, _, f1, _ in self.per_class()) / len(LABELS)

    def figures(self) -> dict:
        return {
            "sentences": self.total,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {name: round(f1, 4) for name, (_, _, f1, _) in zip(LABELS, self.per_class(), strict=True)},
        }


def score(gold: Sequence[int], predicted: Sequence[int]) -> Scores:
    confusion = [[0] * len(LABELS) for _ in LABELS]
    for expected, answer in zip(gold, predicted, strict=True):
        confusion[expected][answer] += 1
    return Scores(total=len(gold), correct=sum(confusion[label][label] for label in range(len(LABELS))), confusion=confusion)


def evaluate(rows: Sequence[Row], classify: Callable[[Sequence[str]], list[int]]) -> Scores:
    """Score ``classify`` (marked sentences → label indexes) on ``rows``."""
    return score([row.label for row in rows], classify([row.sentence for row in rows]))
