"""Named-entity mentions: the names that later become actors and places.

Numeric and temporal entities (dates, money, percentages...) are not
mentions of actors; dates are handled by the time extractor.
"""

from __future__ import annotations

from spacy.tokens import Doc

from communique.model import Mention, trimmed_bounds

NON_ACTOR_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


def entity_mentions(doc: Doc, text: str | None = None) -> list[Mention]:
    """A Mention for every named entity the parser found, numbered m1, m2... in text order.

    ``text`` is ``doc.text`` when the caller already has it (spaCy rebuilds it on every access)."""
    mentions: list[Mention] = []
    text = doc.text if text is None else text
    for entity in doc.ents:
        if entity.label_ in NON_ACTOR_LABELS:
            continue
        start, end = trimmed_bounds(text, entity.start_char, entity.end_char)
        if start == end:
            continue
        mentions.append(
            Mention(
                id=f"m{len(mentions) + 1}",
                start=start,
                end=end,
                text=text[start:end],
                kind="name",
                label=entity.label_,
            )
        )
    return mentions
