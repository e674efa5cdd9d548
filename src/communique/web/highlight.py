"""An article's text cut into segments, each carrying the annotations that cover it.

Quotes' speakers, cues and contents, actor mentions and event verbs may
overlap (a speaker's name is also an actor mention; a content holds events),
so the text is cut at every annotation boundary and each piece lists all the
annotations over it. The pieces stay plain strings: the template escapes
them, so no article text ever reaches the page as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from communique.model import Analysis


@dataclass(frozen=True)
class Mark:
    """One annotation over ``[start, end)``: its CSS kind, the quote it belongs to, a tooltip."""

    start: int
    end: int
    kind: str
    quote_id: str | None = None
    title: str | None = None


@dataclass
class Segment:
    """A stretch of text and every annotation over it."""

    text: str
    kinds: list[str] = field(default_factory=list)
    quote_ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in sorted(set(self.kinds)))


def marks(analysis: Analysis) -> list[Mark]:
    """Every highlight of an article: speakers, cues, contents, actor mentions, event verbs."""
    actors = {actor.id: actor for actor in analysis.actors}
    found: list[Mark] = []
    for quote in analysis.quotes:
        speaker = quote.speaker.name or (quote.speaker.mention.text if quote.speaker.mention else "unknown speaker")
        if quote.speaker.mention:
            found.append(Mark(quote.speaker.mention.start, quote.speaker.mention.end, "speaker", quote.id, f"speaker of {quote.id}"))
        if quote.cue:
            found.append(Mark(quote.cue.start, quote.cue.end, "cue", quote.id, f"cue of {quote.id}"))
        found.extend(Mark(part.start, part.end, "content", quote.id, f"{quote.id}: said by {speaker}") for part in quote.content)
    for mention in analysis.mentions:
        actor = actors.get(mention.actor_id or "")
        if actor:
            found.append(Mark(mention.start, mention.end, "actor", title=f"{actor.name} ({actor.cameo or actor.type})"))
    for event in analysis.events:
        description = f" {event.code.description}" if event.code.description else ""
        found.append(Mark(event.verb.start, event.verb.end, "event", title=f"event {event.code.cameo}{description}"))
    return found


def segments(text: str, annotations: list[Mark]) -> list[Segment]:
    """``text`` cut at every annotation boundary, each piece with the annotations covering it."""
    cuts = sorted({0, len(text), *(m.start for m in annotations), *(m.end for m in annotations)})
    pieces = []
    for start, end in pairwise(cuts):
        if start >= end:
            continue
        covering = [m for m in annotations if m.start <= start and end <= m.end]
        pieces.append(
            Segment(
                text=text[start:end],
                kinds=[m.kind for m in covering],
                quote_ids=sorted({m.quote_id for m in covering if m.quote_id}),
                titles=list(dict.fromkeys(m.title for m in covering if m.title)),
            )
        )
    return pieces
