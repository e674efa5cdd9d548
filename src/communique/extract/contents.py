"""Where an attribution's content ends, as annotators mark it.

A cue's frame gives its content as a parse subtree ("said [that the economy would rebound and
praised Kerry's efforts]", "mentions [her granddaughter in speeches]"), but annotators often end it
sooner, before a conjunct, an adjunct, a relative clause or an appositive, and sometimes later,
where the parser attached the rest of the sentence elsewhere. Rather than a rule per construction,
the *content-end ranker* (``data/content_ends.json``, trained on PolNeAR's train split by
``scripts/train_cue_model.py`` with the cue models) scores each place the content may end, and the
best one wins:

- the end the frame gives;
- a cut before a later word that is punctuation or opens a constituent hanging on a word kept (the
  content's head always stays, no content ends on a word left hanging like "in" or "and", and a
  quotation is never cut);
- an extension to the word before each later punctuation mark of the sentence, or to its last word,
  short of any quotation and of any verb coordinated with the cue ("declared that … and asked…").

Only contents given by a frame are ranked; a quotation next to its cue is its own content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from spacy.tokens import Token

from communique.extract.cues import SUBJECT_DEPS, ExtentModel, Frame, is_speech_verb
from communique.extract.quotemarks import Quotations

CONTENT_ENDS_PATH = Path(str(files("communique") / "data" / "content_ends.json"))
_DANGLING = frozenset({"ADP", "AUX", "CCONJ", "DET", "PART", "SCONJ"})
"""Words a content never ends with ("would fail in", "and that"): the cut would leave them hanging."""


@dataclass(frozen=True)
class EndOption:
    """A place the content may end (a character offset into the text), and the ranker's features."""

    end: int
    features: list[str]


@lru_cache(maxsize=1)
def content_end_model() -> ExtentModel:
    """The shipped content-end ranker, loaded once."""
    return ExtentModel(weights=json.loads(CONTENT_ENDS_PATH.read_text(encoding="utf-8"))["weights"])


def content_end(verb: Token, frame: Frame, bounds: tuple[int, int], marks: Quotations) -> int:
    """Where the content ``bounds`` that ``verb`` takes in ``frame`` should end (see the module)."""
    options = content_end_options(verb, frame, bounds, marks)
    if len(options) == 1:
        return bounds[1]
    model = content_end_model()
    return max(options, key=lambda option: model.score(option.features)).end


def content_end_options(verb: Token, frame: Frame, bounds: tuple[int, int], marks: Quotations) -> list[EndOption]:
    """Every place the content ``bounds`` that ``verb`` takes in ``frame`` may end: the frame's own
    end first, then the cuts, then the extensions."""
    doc, head, name = verb.doc, frame.content, frame.name
    span = doc.char_span(*bounds, alignment_mode="contract")
    if span is None or not span.start <= head.i < span.end:
        return [EndOption(bounds[1], ["keep"])]
    first, last = span.start, span.end - 1
    after = doc[last + 1] if last + 1 < len(doc) else None
    keep = [
        "keep",
        f"keep|frame={name}",
        f"keep|len={_bucket(last - first + 1)}",
        f"keep|last_tag={doc[last].tag_}",
        f"keep|next={after.lower_ if after is not None and not after.is_sent_start else 'END'}",
        f"keep|frame|next_dep={name}|{after.dep_ if after is not None else 'END'}",
    ]
    return [EndOption(bounds[1], keep), *_cuts(head, name, first, last, marks), *_extensions(verb, name, last, marks)]


def _cuts(head: Token, frame: str, first: int, last: int, marks: Quotations) -> list[EndOption]:
    """Ending the content ``first``-``last`` before a later word that is punctuation or opens a
    constituent hanging on a word kept; the head always stays, the last word kept is neither
    punctuation nor a word left hanging, and a quotation is never cut."""
    doc = head.doc
    options = []
    for index in range(head.i, last):
        kept, following = doc[index], doc[index + 1]
        if kept.is_punct or kept.pos_ in _DANGLING:
            continue
        opens = following.left_edge.i == following.i and first <= following.head.i < following.i
        if (following.is_punct or opens) and not marks.overlaps_inside(following.idx, following.idx + 1):
            features = _cut_features(frame, head, following, last, kept=index - first + 1)
            options.append(EndOption(kept.idx + len(kept.text), features))
    return options


def _extensions(verb: Token, frame: str, last: int, marks: Quotations) -> list[EndOption]:
    """Carrying the content on past ``last`` to the word before each later punctuation mark of its
    sentence and to the sentence's last word, as long as no quotation is reached, no word is left
    hanging and no verb coordinated with the cue is taken ("declared that … and asked donors…")."""
    doc = verb.doc
    sentence_end = doc[last].sent.end - 1
    while sentence_end > last and doc[sentence_end].is_punct:
        sentence_end -= 1
    if sentence_end <= last:
        return []
    stops = [
        token.i - 1 for token in doc[last + 2 : sentence_end + 1] if token.is_punct and not doc[token.i - 1].is_punct
    ]
    coordinated = next(
        (
            token.i
            for token in doc[last + 1 : sentence_end + 1]
            if token.head.i == verb.i and token.dep_ in ("conj", "cc")
        ),
        sentence_end + 1,
    )
    options = []
    for stop in [*stops, sentence_end]:
        if stop >= coordinated or marks.overlaps(doc[last].idx, doc[stop].idx + len(doc[stop])):
            break
        if doc[stop].pos_ in _DANGLING:
            continue
        added = doc[last + 1 : stop + 1]
        features = [
            "extend",
            f"extend|frame={frame}",
            f"extend|first={added[0].lower_}",
            f"extend|first_dep={added[0].dep_}",
            f"extend|len={_bucket(len(added))}",
            f"extend|has_verb={any(token.pos_ == 'VERB' for token in added)}",
            f"extend|to_sentence_end={stop == sentence_end}",
            f"extend|stop={doc[stop + 1].text if stop + 1 < len(doc) else 'END'}",
        ]
        options.append(EndOption(doc[stop].idx + len(doc[stop].text), features))
    return options


def _cut_features(frame: str, head: Token, following: Token, last: int, kept: int) -> list[str]:
    """What ending the content just before ``following`` leaves out."""
    doc = head.doc
    dropped = doc[following.i : last + 1]
    opening = following
    if following.is_punct and following.i < last:  # ", who…", "— and maybe…": the word after the mark says more
        opening = doc[following.i + 1]
    attached = "head" if opening.head.i == head.i else "kept" if opening.head.i < following.i else "dropped"
    then = next((token for token in dropped if not token.is_punct and token.dep_ != "cc"), opening)
    return [
        "cut",
        f"cut|frame={frame}",
        f"cut|at={following.lower_ if following.is_punct else 'word'}",
        f"cut|first={opening.lower_}",
        f"cut|first_dep={opening.dep_}",
        f"cut|first_tag={opening.tag_}",
        f"cut|frame|first_dep={frame}|{opening.dep_}",
        f"cut|attached|dep={attached}|{opening.dep_}",
        f"cut|at|dep={following.lower_ if following.is_punct else 'word'}|{opening.dep_}",
        f"cut|dropped_len={_bucket(len(dropped))}",
        f"cut|kept_len={_bucket(kept)}",
        f"cut|dropped_has_verb={any(token.pos_ == 'VERB' for token in dropped)}",
        f"cut|head_pos={head.pos_}",
        f"cut|then_tag={then.tag_}",
        f"cut|then_dep={then.dep_}",
        f"cut|first|then_tag={opening.lower_}|{then.tag_}",
        f"cut|dropped_speech={any(is_speech_verb(token) for token in dropped)}",
        f"cut|dropped_subject={any(token.dep_ in SUBJECT_DEPS for token in dropped)}",
    ]


def _bucket(words: int) -> str:
    """A length in words, coarsely: 1, 2, 3-5, 6-10, 11+."""
    return "1" if words <= 1 else "2" if words == 2 else "3-5" if words <= 5 else "6-10" if words <= 10 else "11+"
