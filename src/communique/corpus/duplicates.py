"""Near-duplicate articles, such as one wire story republished by many outlets, found with MinHash.

Each article's body is cut into overlapping five-word shingles (lower-cased
words), and a MinHash signature estimates the Jaccard similarity of two
articles' shingle sets; locality-sensitive hashing finds the candidates
without comparing every pair, so a stream of any length is indexed in one
pass (about 1 KB per article). datasketch is imported on first use, not with
this module, so the CLI starts without it. An article whose similarity to an earlier one
reaches the threshold is linked to the first article of that story, so every
copy points at the same original whatever order the outlets came in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.model import Article

if TYPE_CHECKING:
    from datasketch import LeanMinHash

DEFAULT_THRESHOLD = 0.5
"""Estimated Jaccard similarity of shingles from which two articles are the same story.

Copies of one wire story differ by a headline, a byline or a trimmed last
paragraph and stay well above it; different stories on the same subject
share phrases but few five-word sequences, and stay far below it (a trimmed copy losing
its last quarter still scores about 0.7; unrelated stories score under 0.05).
"""
NUM_PERM = 128
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DuplicateLink:
    """``article_id`` is a near-duplicate of ``duplicate_of``, the first article of its story."""

    article_id: str
    duplicate_of: str
    similarity: float


class NearDuplicateIndex:
    """The articles seen so far, to find which earlier story a new one repeats."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self._template = MinHash(num_perm=num_perm)
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: list[LeanMinHash] = []
        self._story_of: list[str] = []

    def add(self, article: Article) -> DuplicateLink | None:
        """Index ``article``; the link to the story it repeats, or None when it is the first of its story."""
        shingles = word_shingles(article.text[article.body_start :])
        if not shingles:
            return None
        signature = self.signature(shingles)
        link = self._earliest_match(article.id, signature)
        position = len(self._signatures)
        self._lsh.insert(position, signature)
        self._signatures.append(signature)
        self._story_of.append(link.duplicate_of if link else article.id)
        return link

    def signature(self, shingles: set[str]) -> LeanMinHash:
        """The MinHash of a shingle set, with the index's permutations (computed once, not per article)."""
        from datasketch import LeanMinHash, MinHash

        minhash = MinHash(
            num_perm=len(self._template), permutations=self._template.permutations, scheme=self._template.scheme
        )
        minhash.update_batch(shingle.encode("utf-8") for shingle in sorted(shingles))
        return LeanMinHash(minhash)

    def _earliest_match(self, article_id: str, signature: LeanMinHash) -> DuplicateLink | None:
        for position in sorted(self._lsh.query(signature)):
            similarity = signature.jaccard(self._signatures[position])
            if similarity >= self.threshold:
                return DuplicateLink(article_id, self._story_of[position], round(similarity, 4))
        return None


def near_duplicates(articles: Iterable[Article], threshold: float = DEFAULT_THRESHOLD) -> Iterator[DuplicateLink]:
    """A link for every article that repeats an earlier one, streamed in input order."""
    index = NearDuplicateIndex(threshold)
    for article in articles:
        link = index.add(article)
        if link:
            yield link


def word_shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Every run of ``size`` consecutive lower-cased words; a shorter text is one shingle of all its words."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[start : start + size]) for start in range(len(words) - size + 1)}
