"""Name normalisation shared by the knowledge-base build and every lookup.

A name is compared as a sequence of normalised tokens joined by single spaces:

* accents are stripped (``Gül`` → ``gul``), case is folded, a few letters that
  Unicode does not decompose are spelled out (``ø`` → ``o``, ``ß`` → ``ss``);
* typographic apostrophes become ``'`` (``Côte d’Ivoire`` → ``cote d'ivoire``);
* periods inside or after a token vanish (``U.S.`` → ``us``, ``Dmitri A. Medvedev``
  → ``dmitri a medvedev``);
* hyphens, underscores, commas, brackets and other punctuation separate tokens
  (``Ban Ki-moon`` → ``ban ki moon``; the TABARI ``_`` is a word separator);
* a possessive ``'s`` becomes a token of its own (``Russia's`` → ``russia 's``) and a
  bare trailing apostrophe is dropped (``Anarchists'`` → ``anarchists``).

:func:`tokenize` keeps each token's character offsets in the original text, so a
phrase found by the knowledge base can be traced back to the exact characters.
Changing anything here changes the shipped knowledge base: rebuild it with
``python scripts/build_kb.py`` (a test checks that the shipped file is up to date).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A token: letters/digits, optionally joined by apostrophes, periods or '&' (U.S., d'Ivoire,
# AT&T), with an optional trailing apostrophe (Anarchists') or period (Jr.).
_TOKEN = re.compile(r"[^\W_]+(?:['’‘`´.&][^\W_]+)*['’‘`´]?\.?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# Letters that NFKD leaves alone but that readers type without the stroke.
_SPELLED = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"})


@lru_cache(maxsize=32768)
def normalise_token(token: str) -> str:
    """One token, normalised: folded case, no accents, ``'`` for apostrophes, no periods
    (remembered: names repeat across phrases and articles, and the Unicode work is the slow part)."""
    text = unicodedata.normalize("NFKD", token.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return text.translate(_APOSTROPHES).translate(_SPELLED).replace(".", "")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, normalised)`` for every token of ``text``; offsets index ``text``."""
    return list(_tokenized(text))


@lru_cache(maxsize=4096)
def _tokenized(text: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`tokenize`, remembered: coding a phrase tokenizes it more than once (whole, then in
    pieces), and an article names the same phrases again and again."""
    tokens: list[tuple[int, int, str]] = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        surface = match.group()
        # A final period belongs to the token only in abbreviations with inner periods (U.S.).
        if surface.endswith(".") and "." not in surface[:-1]:
            surface = surface[:-1]
            end -= 1
        norm = normalise_token(surface)
        if norm.endswith("'s") and len(norm) > 2:
            tokens.append((start, end - 2, norm[:-2]))
            tokens.append((end - 2, end, "'s"))
            continue
        if norm.endswith("'"):
            norm = norm.rstrip("'")
            end = start + len(surface.rstrip("'’‘`´"))
        if norm:
            tokens.append((start, end, norm))
    return tuple(tokens)


def normalise(text: str) -> str:
    """The lookup key of a name: its normalised tokens joined by single spaces."""
    return " ".join(token for _, _, token in tokenize(text.replace("_", " ")))
