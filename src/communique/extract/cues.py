"""Which words introduce an attribution, what content hangs on them, and how much text the cue covers.

A verb is a candidate cue in a *frame*: the kind of content it takes.

- ``clause``: "said [that] …", "“…,” he said" (a ccomp or parataxis);
- ``infinitive``: "promised to …", "wants to …";
- ``xcomp``: a clause the parser took for an open complement ("said having Trump on the ticket hurts…");
- ``prep:for``, ``prep:about``…: "called for …", "talking about …";
- ``object``: "endorsed Clinton", "denied the report";
- ``passive``: "the plan was endorsed by X" (the subject is the content, the agent the source).

Whether a candidate really is a cue is decided by a logistic-regression
scorer over a few dozen readable features (the lemma in its frame, the
subject's kind, whether the verb stands inside a quotation...), trained on
PolNeAR's train split by ``scripts/train_cue_model.py`` and shipped as a
table of feature weights (``data/cue_model.json``): "I think" in an op-ed is
rarely an attribution, "he thinks" often is. A hand-written prior of speech
verbs (``data/cue_prior.json``) is one of the features, so verbs the train
split never saw are still recognised.

How far the cue reaches ("said", "said in a statement", "has also said") is
chosen by a second model trained alongside, the extent ranker
(``data/cue_extents.json``): see :func:`cue_bounds`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import repeat
from pathlib import Path

from spacy.tokens import Token

from communique.extract.quotemarks import Quotations

MODEL_PATH = Path(str(files("communique") / "data" / "cue_model.json"))
EXTENT_MODEL_PATH = Path(str(files("communique") / "data" / "cue_extents.json"))
PRIOR_PATH = Path(str(files("communique") / "data" / "cue_prior.json"))
FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "it", "i", "we", "you", "who", "that", "which"})
CLAUSE_DEPS = ("ccomp", "parataxis")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CIRCUMSTANTIAL_PREPOSITIONS = frozenset(
    {"in", "at", "during", "after", "before", "with", "by", "from", "since", "through", "while", "into", "near", "outside"}
)
"""Prepositions that say where or when something was said ("said in Moscow"), never what."""
CHANNEL_NOUNS = frozenset({"statement", "interview", "email", "e-mail", "letter", "tweet", "post", "speech", "release", "op-ed"})
"""'said in a statement': the channel belongs to the cue."""
_MAX_CUE_GROWTH = 6
"""How many words a cue may grow on each side of its verb ("said in a telephone interview")."""


@dataclass(frozen=True)
class Frame:
    """How a verb takes its content: the frame's name, its subject's person, the content's head, the cue's last token."""

    name: str
    person: str
    content: Token
    cue_end: Token


@dataclass(frozen=True)
class CueModel:
    """Feature weights of the cue scorer, and the decision threshold tuned on train."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        return 1.0 / (1.0 + math.exp(-self.bias - weight_sum(self.weights, features)))


@dataclass(frozen=True)
class ExtentModel:
    """Feature weights of a ranker over extents (the cue-extent ranker here, the content-end ranker
    of :mod:`communique.extract.contents`): each place a span may end scores the sum of its
    features' weights, and the best one wins."""

    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        return weight_sum(self.weights, features)


def weight_sum(weights: dict[str, float], features: list[str]) -> float:
    """The summed weights of ``features``; a feature the model never kept weighs nothing."""
    return sum(map(weights.get, features, repeat(0.0)))


@dataclass(frozen=True)
class CuePrior:
    """Hand-written verb lists: speech verbs, and verbs of praise and blame."""

    reporting: frozenset[str]
    evaluative: frozenset[str]


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The shipped scorer, loaded once."""
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return CueModel(bias=model["bias"], weights=model["weights"], threshold=model["threshold"])


@lru_cache(maxsize=1)
def cue_extent_model() -> ExtentModel:
    """The shipped extent ranker, loaded once."""
    return ExtentModel(weights=json.loads(EXTENT_MODEL_PATH.read_text(encoding="utf-8"))["weights"])


@lru_cache(maxsize=1)
def cue_prior() -> CuePrior:
    """The shipped prior, loaded once."""
    prior = json.loads(PRIOR_PATH.read_text(encoding="utf-8"))
    return CuePrior(reporting=frozenset(prior["reporting"]), evaluative=frozenset(prior["evaluative"]))


def verb_frame(token: Token) -> Frame | None:
    """The frame ``token`` takes its content in, if it is a verb with content at all."""
    if token.pos_ != "VERB":
        return None
    children = list(token.children)
    person = "first" if any(c.dep_ in SUBJECT_DEPS and c.lower_ in FIRST_PERSON for c in children) else "other"
    last = _particle_end(token)
    for child in children:
        if child.dep_ in CLAUSE_DEPS:
            return Frame("clause", person, child, last)
    for child in children:
        if child.dep_ == "xcomp" and is_to_infinitive(child):
            return Frame("infinitive", person, child, last)
    for child in children:  # no infinitive among them, or the loop above returned
        if child.dep_ == "xcomp" and child.i > token.i and child.pos_ in ("VERB", "AUX"):
            return Frame("xcomp", person, child, last)
    for child in children:
        if (
            child.dep_ == "prep"
            and child.i > last.i
            and child.lower_ not in CIRCUMSTANTIAL_PREPOSITIONS
            and all(word.dep_ == "advmod" for word in token.doc[last.i + 1 : child.i])  # "asked repeatedly about"
        ):
            objects = [grandchild for grandchild in child.children if grandchild.dep_ in ("pobj", "pcomp")]
            if objects and objects[0].tag_ != "VBG":  # "quoted as saying": the participle is the cue
                return Frame(f"prep:{child.lower_}", person, objects[0], child)
    for child in children:
        if child.dep_ == "dobj":
            return Frame("object", person, child, last)
    agent = next((child for child in children if child.dep_ == "agent"), None)
    subject = next((child for child in children if child.dep_ == "nsubjpass"), None)
    if agent is not None and subject is not None:  # "the plan was endorsed by X": X endorses the plan
        return Frame("passive", person, subject, agent)
    return None


def cue_features(token: Token, frame: Frame, in_quotation: bool, content_quoted: bool) -> list[str]:
    """The scorer's features for ``token`` as a cue in ``frame``: short readable strings."""
    lemma = token.lemma_.lower()
    children = list(token.children)
    subject = next((child for child in children if child.dep_ in SUBJECT_DEPS), None)
    if subject is None:
        subject_kind = "none"
    elif subject.lower_ in PRONOUN_SUBJECTS:
        subject_kind = f"pron:{subject.lower_}"
    elif subject.ent_type_:
        subject_kind = f"ent:{subject.ent_type_}"
    else:
        subject_kind = f"{subject.pos_.lower()}"
    lists = cue_prior()
    prior = "reporting" if lemma in lists.reporting else "evaluative" if lemma in lists.evaluative else "none"
    modal = next((child.lower_ for child in children if child.tag_ == "MD"), "none")
    negated = any(child.dep_ == "neg" for child in children)
    mark = next((child.lower_ for child in frame.content.children if child.dep_ == "mark"), "none")
    # Annotators mark the outer attribution of a nested one ("X said polls showed…", "…, according to Y")
    # and often not the inner one.
    governors = list(token.ancestors)
    under_reporting = any(is_speech_verb(governor) for governor in governors)
    according = any(child.lower_ == "according" for governor in (token, *governors) for child in governor.children)
    return [
        f"lemma={lemma}",
        f"frame={frame.name}",
        f"lemma|frame={lemma}|{frame.name}",
        f"lemma|frame|person={lemma}|{frame.name}|{frame.person}",
        f"lemma|subject={lemma}|{subject_kind}",
        f"subject={subject_kind}",
        f"frame|subject={frame.name}|{subject_kind}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"lemma|dep={lemma}|{token.dep_}",
        f"frame|dep={frame.name}|{token.dep_}",
        f"prior={prior}",
        f"prior|frame={prior}|{frame.name}",
        f"in_quotation={in_quotation}",
        f"frame|in_quotation={frame.name}|{in_quotation}",
        f"person|in_quotation={frame.person}|{in_quotation}",
        f"content_quoted={content_quoted}",
        f"content_before={frame.content.i < token.i}",
        f"modal={modal}",
        f"negated={negated}",
        f"lemma|negated={lemma}|{negated}",
        f"content_pos={frame.content.pos_}",
        f"frame|content_tag={frame.name}|{frame.content.tag_}",
        f"mark={mark}",
        f"lemma|mark={lemma}|{mark}",
        f"head_lemma={token.head.lemma_.lower() if token.dep_ != 'ROOT' else 'ROOT'}",
        f"dep|head_pos={token.dep_}|{token.head.pos_}",
        f"subject_entity={subject.ent_type_ if subject is not None else 'none'}",
        f"lemma|in_quotation={lemma}|{in_quotation}",
        f"lemma|content_quoted={lemma}|{content_quoted}",
        f"under_reporting={under_reporting}",
        f"prior|under_reporting={prior}|{under_reporting}",
        f"frame|under_reporting={frame.name}|{under_reporting}",
        f"under_according={according}",
        f"prior|under_according={prior}|{according}",
    ]


def candidate_cue(token: Token, marks: Quotations) -> tuple[Frame, list[str]] | None:
    """``token``'s frame and scorer features, when it is a verb with content at all."""
    frame = verb_frame(token)
    if frame is None:
        return None
    in_quotation = marks.overlaps_inside(token.idx, token.idx + 1)
    content_start = frame.content.left_edge.idx
    content_end = frame.content.right_edge.idx + len(frame.content.right_edge.text)
    content_quoted = marks.overlaps_inside(content_start, content_end)
    return frame, cue_features(token, frame, in_quotation, content_quoted)


def cue_frame(token: Token, marks: Quotations) -> Frame | None:
    """``token``'s frame when the scorer takes it for an attribution cue, else None."""
    candidate = candidate_cue(token, marks)
    if candidate is None:
        return None
    frame, features = candidate
    model = cue_model()
    return frame if model.probability(features) >= model.threshold else None


def is_speech_verb(token: Token) -> bool:
    """A verb of saying by lemma alone, whatever its frame ("he said: “…”" has no parsed complement)."""
    return token.pos_ == "VERB" and token.lemma_.lower() in cue_prior().reporting


def is_to_infinitive(token: Token) -> bool:
    """A verb with its "to": "promised [to act]", "went on [to say]"."""
    return any(child.tag_ == "TO" for child in token.children)


def is_evaluative_verb(token: Token) -> bool:
    """A verb of praise, blame, description... that can carry a quoted fragment."""
    return token.pos_ == "VERB" and token.lemma_.lower() in cue_prior().evaluative


def cue_bounds(verb: Token, frame: Frame | None, marks: Quotations) -> tuple[int, int]:
    """Character bounds of the cue as annotators mark it.

    Annotators include more than the verb, and not always the same words: auxiliaries and adverbs
    ("has also said"), an infinitive's verb ("went on to say"), particles and prepositions ("called
    for", but "said" of "said of"), light verbs' objects ("expressed concern"), channels and days
    ("said in a statement", "said Tuesday"). Rather than a rule per habit, each side of the verb
    keeps the edge the extent ranker (``data/cue_extents.json``, trained on PolNeAR's train split
    with the cue scorer) scores best among the verb itself and each word up to six away: the ranker
    sees the whole stretch at once ("in a statement" as one phrase, not "in" alone). A cue never
    enters the content, a quotation or another sentence."""
    model = cue_extent_model()
    ends = []
    for side, step in (("left", -1), ("right", 1)):
        edges = cue_edges(verb, frame, marks, step)
        reach = _Reach.of(verb, frame, side, edges)
        inside_score, best, best_score = 0.0, verb, -math.inf
        for count, edge in enumerate(edges):
            if count:
                inside_score += model.score(reach.inside_features(count))
            score = inside_score + model.score(reach.edge_features(count))
            if score > best_score:
                best, best_score = edge, score
        ends.append(best)
    first, last = ends
    return first.idx, last.idx + len(last.text)


def cue_edges(verb: Token, frame: Frame | None, marks: Quotations, step: int) -> list[Token]:
    """Where ``verb``'s cue may end on the side ``step`` points to: the verb itself, then each word
    outward that could still be part of the cue (it grows a word at a time, so it stops at the first
    that cannot)."""
    edges = [verb]
    for _ in range(_MAX_CUE_GROWTH):
        position = edges[-1].i + step
        if not _may_join_cue(edges[-1], position, frame, marks):
            break
        edges.append(verb.doc[position])
    return edges


def extent_features(verb: Token, frame: Frame | None, side: str, edges: list[Token], count: int) -> list[str]:
    """The extent ranker's features for ``verb``'s cue taking ``count`` words beyond the verb on
    ``side`` (``edges[1 : count + 1]``, from :func:`cue_edges`): how it ends, and the words it takes.
    Training reads them here; :func:`cue_bounds` sums the same weights word by word."""
    reach = _Reach.of(verb, frame, side, edges)
    taken = [feature for place in range(1, count + 1) for feature in reach.inside_features(place)]
    return reach.edge_features(count) + taken


@dataclass(frozen=True)
class _Word:
    """What the extent ranker reads of a word near the cue verb (read once per word)."""

    lower: str
    dep: str
    tag: str
    entity: str
    relation: str
    """How the word hangs on the verb in the parse (see :func:`_relation`)."""
    frame_part: bool
    """The preposition of a ``prep:`` frame ("called [for]")."""


@dataclass(frozen=True)
class _Reach:
    """One side of a cue verb as the extent ranker sees it: the verb's lemma and frame, the words
    the cue may take (``words[0]`` the verb), and the word that stops it beyond the last one."""

    side: str
    lemma: str
    frame: str
    words: list[_Word]
    blocked: _Word | None

    @classmethod
    def of(cls, verb: Token, frame: Frame | None, side: str, edges: list[Token]) -> _Reach:
        cue_end = frame.cue_end.i if frame is not None else -1

        def word(token: Token) -> _Word:
            entity = token.ent_type_ or "-"
            relation = _relation(verb, token)
            return _Word(token.lower_, token.dep_, token.tag_, entity, relation, token.i == cue_end)

        beyond = edges[-1].i + (1 if side == "right" else -1)
        return cls(
            side=side,
            lemma=verb.lemma_.lower(),
            frame=frame.name.split(":")[0] if frame is not None else "none",
            words=[word(edge) for edge in edges],
            blocked=word(verb.doc[beyond]) if 0 <= beyond < len(verb.doc) else None,
        )

    def inside_features(self, place: int) -> list[str]:
        """What taking ``words[place]`` into the cue adds to its score."""
        side, word = self.side, self.words[place]
        features = [
            f"{side}|in_dep={word.dep}",
            f"{side}|in_rel|dep={word.relation}|{word.dep}",
            f"{side}|in_word={word.lower}",
            f"{side}|in_tag={word.tag}",
            f"{side}|in_ent={word.entity}",
        ]
        if word.frame_part:
            features.append(f"{side}|in_frame_part")
        return features

    def edge_features(self, count: int) -> list[str]:
        """How a cue that takes ``count`` words on this side ends: its length, its last word and
        the words it takes as a phrase, and the word it leaves out next."""
        side, lemma, frame = self.side, self.lemma, self.frame
        length = min(count, 3)
        features = [f"{side}|len={count}", f"{side}|lemma|len={lemma}|{length}", f"{side}|frame|len={frame}|{length}"]
        if count:
            end = self.words[count]
            taken = self.words[1 : count + 1]
            path = ">".join(word.dep for word in taken)
            features += [
                f"{side}|end_word={end.lower}",
                f"{side}|end_dep={end.dep}",
                f"{side}|end_tag={end.tag}",
                f"{side}|end_rel|dep={end.relation}|{end.dep}",
                f"{side}|lemma|end_word={lemma}|{end.lower}",
                f"{side}|frame|end_dep={frame}|{end.dep}",
                f"{side}|end_ent={end.entity}",
                f"{side}|path={path}",
                f"{side}|frame|path={frame}|{path}",
            ]
            if count <= 4:
                words = " ".join(word.lower for word in taken)
                features += [f"{side}|words={words}", f"{side}|lemma|words={lemma}|{words}"]
        else:
            features.append(f"{side}|bare")
        if count + 1 < len(self.words):
            following = self.words[count + 1]
            features += [
                f"{side}|next_word={following.lower}",
                f"{side}|next_dep={following.dep}",
                f"{side}|next_tag={following.tag}",
                f"{side}|next_rel|dep={following.relation}|{following.dep}",
                f"{side}|lemma|next_word={lemma}|{following.lower}",
            ]
        else:
            features.append(f"{side}|next=blocked")
            if self.blocked is not None:
                features += [f"{side}|blocked_word={self.blocked.lower}", f"{side}|blocked_dep={self.blocked.dep}"]
        return features


def _may_join_cue(edge: Token, position: int, frame: Frame | None, marks: Quotations) -> bool:
    """Whether the token at ``position``, next to the cue's ``edge``, could be part of the cue at all
    (the cue grows a word at a time, so it leaves its sentence where the right one of the two starts one)."""
    doc = edge.doc
    if position < 0 or position >= len(doc):
        return False
    token = doc[position]
    if doc[max(position, edge.i)].is_sent_start or token.is_space or "\n" in token.text:
        return False
    if frame is not None and frame.content.left_edge.i <= position <= frame.content.right_edge.i:
        return False
    return not marks.overlaps(token.idx, token.idx + 1)


def _relation(verb: Token, token: Token) -> str:
    """How ``token`` hangs on ``verb`` in the parse."""
    if token.head.i == verb.i:
        return "child"
    if token.head.head.i == verb.i:
        return "grandchild"
    if verb.head.i == token.i:
        return "head"
    if verb.head.head.i == token.i:
        return "grandhead"
    if token.head.i == verb.head.i:
        return "sibling"
    return "other"


def _particle_end(verb: Token) -> Token:
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            return child
    return verb
