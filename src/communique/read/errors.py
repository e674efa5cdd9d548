"""What a reader hands back for an input it cannot read, and the length limit every reader applies."""

from __future__ import annotations

from dataclasses import dataclass

from communique.model import Article

DEFAULT_MAX_CHARS = 1_000_000
"""Longest article analysed by default: spaCy's own limit, about 150,000 words."""

UTF8_BYTES_PER_CHAR = 4
"""Most bytes one character takes in UTF-8: a raw input longer than limit x this is too long for sure."""


@dataclass(frozen=True)
class ReadError:
    """One input that could not be read: where it is and why, for a one-line message."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


def too_long(where: str, size: str, max_chars: int) -> ReadError:
    """The error for an input over ``max_chars``; ``size`` says how long it is, with its unit."""
    return ReadError(where, f"too long: {size}, over the limit of {max_chars:,} characters (raise it with --max-chars)")


def within_limit(article: Article, where: str, max_chars: int) -> Article | ReadError:
    """``article``, or the error saying its text is over ``max_chars``."""
    if len(article.text) > max_chars:
        return too_long(where, f"{len(article.text):,} characters", max_chars)
    return article


def bytes_over_limit(size: int, where: str, max_chars: int) -> ReadError | None:
    """The error for raw input of ``size`` bytes that cannot fit in ``max_chars`` characters, else None."""
    if size > max_chars * UTF8_BYTES_PER_CHAR:
        return too_long(where, f"{size:,} bytes", max_chars)
    return None
