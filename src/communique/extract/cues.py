"""Which words introduce an attribution, what content hangs on them, and how much text the cue covers.

A verb is a cue in a *frame*: the kind of content it takes.

- ``clause``: "said [that] …", "“…,” he said" (a ccomp or parataxis);
- ``infinitive``: "promised to …", "wants to …";
- ``prep:for``, ``prep:about``…: "called for …", "talking about …";
- ``object``: "endorsed Clinton", "denied the report".

Whether a (lemma, frame, subject person) triple is a cue is learned from
PolNeAR's train split (``data/cues.json``, built by
``scripts/build_cue_lexicon.py``): "I think" in an op-ed is rarely an
attribution, "he thinks" often is. Lemmas that the train split has too few
examples of fall back to a hand-written prior of speech verbs
(``data/cue_prior.json``). Both files are small and readable, so a user can
edit them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from spacy.tokens import Token

LEXICON_PATH = Path(str(files("communique") / "data" / "cues.json"))
PRIOR_PATH = Path(str(files("communique") / "data" / "cue_prior.json"))
FIRST_PERSON = frozenset({"i", "we", "you"})
CLAUSE_DEPS = ("ccomp", "parataxis")


@dataclass(frozen=True)
class Frame:
    """How a verb takes its content: the frame's name, its subject's person, the content's head, the cue's last token."""

    name: str
    person: str
    content: Token
    cue_end: Token


@dataclass(frozen=True)
class CueLexicon:
    learned: frozenset[tuple[str, str, str]]
    """(lemma, frame, person) triples accepted as cues."""
    learned_lemmas: frozenset[str]
    """Lemmas the train split had enough examples of: for these the learned triples decide alone."""
    reporting: frozenset[str]
    evaluative: frozenset[str]


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """The shipped lexicon, loaded once."""
    prior = json.loads(PRIOR_PATH.read_text(encoding="utf-8"))
    learned = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))["entries"] if LEXICON_PATH.exists() else []
    return CueLexicon(
        learned=frozenset((lemma, frame, person) for lemma, frame, person, *_ in learned),
        learned_lemmas=frozenset(lemma for lemma, *_ in learned),
        reporting=frozenset(prior["reporting"]),
        evaluative=frozenset(prior["evaluative"]),
    )


def verb_frame(token: Token) -> Frame | None:
    """The frame ``token`` takes its content in, if it is a verb with content at all."""
    if token.pos_ != "VERB":
        return None
    children = list(token.children)
    person = "first" if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in FIRST_PERSON for c in children) else "other"
    last = _particle_end(token)
    for child in children:
        if child.dep_ in CLAUSE_DEPS:
            return Frame("clause", person, child, last)
    for child in children:
        if child.dep_ == "xcomp" and any(grandchild.tag_ == "TO" for grandchild in child.children):
            return Frame("infinitive", person, child, last)
    for child in children:
        if child.dep_ == "prep" and child.i == last.i + 1:
            objects = [grandchild for grandchild in child.children if grandchild.dep_ in ("pobj", "pcomp")]
            if objects:
                return Frame(f"prep:{child.lower_}", person, objects[0], child)
    for child in children:
        if child.dep_ == "dobj":
            return Frame("object", person, child, last)
    return None


def cue_frame(token: Token) -> Frame | None:
    """The frame of ``token`` when it is an attribution cue in it, else None."""
    frame = verb_frame(token)
    if frame is None:
        return None
    lexicon = cue_lexicon()
    lemma = token.lemma_.lower()
    if (lemma, frame.name, frame.person) in lexicon.learned:
        return frame
    if lemma not in lexicon.learned_lemmas and frame.name == "clause" and lemma in lexicon.reporting:
        return frame
    return None


def is_reporting_verb(token: Token) -> bool:
    """A verb that reports speech or thought with a clause as its content."""
    frame = cue_frame(token)
    return frame is not None and frame.name == "clause"


def is_speech_verb(token: Token) -> bool:
    """A verb of saying by lemma alone, whatever its frame ("he said: “…”" has no parsed complement)."""
    lemma = token.lemma_.lower()
    lexicon = cue_lexicon()
    return token.pos_ == "VERB" and (lemma in lexicon.reporting or (lemma, "clause", "other") in lexicon.learned)


def is_evaluative_verb(token: Token) -> bool:
    """A verb of praise, blame, description... that can carry a quoted fragment."""
    return token.pos_ == "VERB" and token.lemma_.lower() in cue_lexicon().evaluative


def cue_bounds(verb: Token, last: Token | None = None) -> tuple[int, int]:
    """Character bounds of the cue from ``verb`` to ``last`` (its particle or preposition)."""
    last = last or _particle_end(verb)
    return verb.idx, last.idx + len(last.text)


def _particle_end(verb: Token) -> Token:
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            return child
    return verb
