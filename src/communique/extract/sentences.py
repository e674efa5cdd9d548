"""Sentences as character spans, with surrounding whitespace trimmed."""

from __future__ import annotations

from spacy.tokens import Doc

from communique.model import Sentence, trimmed_bounds


def sentences(doc: Doc) -> list[Sentence]:
    """Every sentence of ``doc`` that holds more than whitespace, in order."""
    found = []
    for sent in doc.sents:
        start, end = trimmed_bounds(doc.text, sent.start_char, sent.end_char)
        if start < end:
            found.append(Sentence(start=start, end=end, text=doc.text[start:end]))
    return found
