"""Sentences as character spans, with surrounding whitespace trimmed."""

from __future__ import annotations

from spacy.tokens import Doc

from communique.model import Sentence, trimmed_bounds


def sentences(doc: Doc, text: str | None = None) -> list[Sentence]:
    """Every sentence of ``doc`` that holds more than whitespace, in order.

    ``text`` is ``doc.text`` when the caller already has it (spaCy rebuilds it on every access)."""
    found = []
    text = doc.text if text is None else text
    for sent in doc.sents:
        start, end = trimmed_bounds(text, sent.start_char, sent.end_char)
        if start < end:
            found.append(Sentence(start=start, end=end, text=text[start:end]))
    return found
