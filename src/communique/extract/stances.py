"""Stances: what each actor thinks of whom (actor to actor) and of which issue (actor to issue).

**Actor to actor.** Every pair of distinct actors mentioned in one sentence is
read by the directed-sentiment classifier (:mod:`communique.stance.directed`,
the same one ``communique eval directed-sentiment`` scores): the sentence with
the two first mentions in brackets gives neutral, or who is positive or
negative toward whom. The classifier is loaded once per process and runs only
on sentences with at least two actors.

**Actor to issue.** Each quote that names an issue (:mod:`communique.extract.issues`)
gives its speaker's position on it, read from the words that govern the issue
inside the quote, by rules a reader can check:

- the cue words on the way from the issue up to the clause's root, and the
  predicate said of the issue when it is a subject, each count +1 (favor:
  "support", "in favor of", "impose", "inevitable") or −1 (against: "oppose",
  "reserved on", "counterproductive", "lift", "hold back"); they compose by
  multiplication, so "hold back from pressuring for sanctions" is against and
  "oppose lifting sanctions" is favor;
- a negation on the way ("not", "neither", "never") flips the sign;
- a position stated under a condition ("if", "unless", "provided", "might",
  "may", "could", "not yet") is conditional;
- no cue: neutral.

A quote that takes a position on several issues gives one stance per issue; a
quote that names issues without a position gives one neutral stance, on the
first. Every stance carries its evidence (the quote's or the sentence's text
with offsets) and its date: the quote's when the quote has one, else the
article's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from communique.extract.issues import IssueMention
from communique.model import Mention, Quote, Sentence, Stance, TextSpan, span_of
from communique.stance.directed import mark

FAVOR_WORDS = frozenset(
    {
        "support", "back", "favor", "favour", "endorse", "urge", "demand", "want", "need", "necessary", "needed",
        "essential", "inevitable", "impose", "seek", "push", "press", "pressure", "advocate", "welcome", "approve",
        "adopt", "tighten", "expand", "strengthen", "toughen", "effective", "justified", "useful", "right", "good",
        "insist", "propose", "pass", "enact", "defend", "praise", "applaud", "vital", "important",
    }
)
"""Lemmas that, governing an issue, count for it."""

AGAINST_WORDS = frozenset(
    {
        "oppose", "reject", "against", "counterproductive", "reserved", "wrong", "mistake", "harmful", "useless",
        "ineffective", "unjustified", "illegal", "unacceptable", "condemn", "criticize", "criticise", "denounce",
        "lift", "ease", "end", "scrap", "abandon", "drop", "halt", "stop", "block", "veto", "resist", "refrain",
        "hold", "bad", "dangerous", "ridiculous", "unnecessary", "premature", "repeal", "fight", "slam", "blast",
        "attack", "dismiss", "undermine", "futile", "pointless", "skeptical", "sceptical", "wary", "warn",
    }
)
"""Lemmas that, governing an issue, count against it ("hold" as in "hold back from")."""

NEGATIONS = frozenset({"not", "n't", "no", "never", "neither", "nor", "without", "hardly"})
CONDITION_WORDS = frozenset({"if", "unless", "provided", "providing"})
CONDITION_MODALS = frozenset({"might", "may", "could"})
SUBJECT_RELATIONS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
PREDICATE_RELATIONS = frozenset({"acomp", "attr", "oprd", "xcomp"})
CLAUSE_MODIFIERS = frozenset({"advcl", "relcl"})
"""An issue inside a condition or a relative clause ("if Iran keeps pursuing nuclear weapons") is not what
the words above that clause take a position on."""
MAX_ACTORS_PER_SENTENCE = 4
"""A sentence naming more actors is a list; its pairs are not read (their number grows as the square)."""

_DIRECTED = {
    1: ("p", "q", "positive"),
    2: ("q", "p", "positive"),
    3: ("p", "q", "negative"),
    4: ("q", "p", "negative"),
    0: ("p", "q", "neutral"),
}
"""The classifier's labels as (holder, target, polarity) over the first (p) and second (q) actor."""


@dataclass(frozen=True)
class Position:
    """An issue stance's polarity and the words that decided it (for explanations and tests)."""

    polarity: str
    cues: tuple[str, ...] = ()
    subject: int | None = None
    """The token the position is predicated of, when the statement reports someone's position
    ("Russia was reserved on sanctions"): that actor holds the position too."""


def issue_position(doc: Doc, head: int, start: int, end: int) -> Position:
    """The position a statement spanning characters ``start``..``end`` takes on the issue whose head token is
    ``head``: favor, against, conditional or neutral, by the rules in the module docstring."""
    sign, flips, cues = 0, 0, []
    chain = _governing(doc[head], start, end)
    subject = next(
        (child.i for token in chain for child in token.children if child.dep_ in ("nsubj", "nsubjpass") and child.i != head),
        None,
    )
    for token in chain:
        value = _cue_value(token)
        if value:
            sign = value if sign == 0 else sign * value
            cues.append(token.text)
        if _negated(token):
            flips += 1
            cues.append("not")
    if sign == 0:
        return Position("neutral")
    if _conditional(doc, start, end):
        return Position("conditional", tuple(cues), subject)
    return Position("favor" if sign * (-1) ** flips > 0 else "against", tuple(cues), subject)


def _cue_value(token: Token) -> int:
    """+1 for a word that counts for what it governs, -1 against, 0 for any other ("hold" only as "hold back",
    "call" only as "call for")."""
    lemma = token.lemma_.lower()
    children = {child.lower_ for child in token.children}
    if lemma == "hold" and "back" not in children:
        return 0
    if lemma == "call":
        return 1 if "for" in children else 0
    return 1 if lemma in FAVOR_WORDS else -1 if lemma in AGAINST_WORDS else 0


def _governing(issue: Token, start: int, end: int) -> list[Token]:
    """The issue's governors inside the statement and its own clause, nearest first, with the predicate said
    of any subject on the way ("Sanctions … are counterproductive": the issue is the subject;
    "counterproductive" governs it)."""
    chain: list[Token] = []
    current = issue
    while current.head.i != current.i and start <= current.head.idx < end and current.dep_ not in CLAUSE_MODIFIERS:
        relation = current.dep_
        current = current.head
        chain.append(current)
        if relation in SUBJECT_RELATIONS:
            chain.extend(_predicate(current))
    return chain


def _predicate(verb: Token) -> list[Token]:
    """What a verb says of its subject: its complements and, for a phrasal complement, their heads' objects."""
    found = []
    for child in verb.children:
        if child.dep_ in PREDICATE_RELATIONS:
            found.append(child)
            found.extend(grandchild for grandchild in child.children if grandchild.dep_ in PREDICATE_RELATIONS)
        elif child.dep_ == "dobj" and verb.lemma_ in ("produce", "yield", "bring", "achieve"):
            found.append(child)
    return found


def _negated(token: Token) -> bool:
    return any(child.dep_ in ("neg", "preconj") and child.lower_ in NEGATIONS for child in token.children) or any(
        grandchild.lower_ in ("neither", "no") and grandchild.dep_ in ("preconj", "det")
        for child in token.children
        if child.dep_ in SUBJECT_RELATIONS
        for grandchild in child.children
    )


def _conditional(doc: Doc, start: int, end: int) -> bool:
    """A statement is conditional when it states a condition, hedges with a modal, or says "not yet"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    for token in span:
        lower = token.lower_
        if lower in CONDITION_WORDS and token.dep_ in ("mark", "advmod", "prep"):
            return True
        if lower in CONDITION_MODALS and token.dep_ == "aux":
            return True
        if lower == "yet" and any(child.lower_ in NEGATIONS for child in token.head.children):
            return True
    return False


def issue_stances(
    doc: Doc,
    quotes: Sequence[Quote],
    issues: Sequence[IssueMention],
    mentions: Sequence[Mention],
    text: str,
    article_date: str | None,
) -> list[Stance]:
    """The stance each quote takes on the issues it names, held by its speaker and, when the quote reports
    an actor's position ("Russia was reserved on sanctions"), by that actor too (ids: :func:`stances`)."""
    found: list[Stance] = []
    for quote in quotes:
        if not quote.content:
            continue
        start, end = quote.content[0].start, quote.content[-1].end
        named = [mention for mention in issues if _inside(mention, quote.content)]
        positions = [(mention, issue_position(doc, mention.head, start, end)) for mention in named]
        taken = [(mention, position) for mention, position in positions if position.polarity != "neutral"]
        chosen = _one_per_issue(taken) if taken else positions[:1]
        for mention, position in chosen:
            reported = _actor_at(doc, mentions, position.subject) if position.polarity != "neutral" else None
            holders = [quote.speaker.actor_id] + ([reported] if reported and reported != quote.speaker.actor_id else [])
            found.extend(
                Stance(
                    id="",
                    holder_actor_id=holder,
                    issue=mention.issue,
                    polarity=position.polarity,
                    evidence=span_of(text, start, end),
                    quote_id=quote.id,
                    date=quote.date or article_date,
                )
                for holder in holders
            )
    return found


def _actor_at(doc: Doc, mentions: Sequence[Mention], token_index: int | None) -> str | None:
    """The actor of the mention that covers token ``token_index``, if any."""
    if token_index is None:
        return None
    token = doc[token_index]
    return next(
        (mention.actor_id for mention in mentions if mention.actor_id and mention.start <= token.idx < mention.end),
        None,
    )


def _inside(mention: IssueMention, content: Sequence[TextSpan]) -> bool:
    return any(fragment.start <= mention.start and mention.end <= fragment.end for fragment in content)


def _one_per_issue(positions):
    """The first position the quote takes on each issue."""
    seen, kept = set(), []
    for mention, position in positions:
        if mention.issue.id not in seen:
            seen.add(mention.issue.id)
            kept.append((mention, position))
    return kept


def actor_stances(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
    text: str,
    article_date: str | None,
    classify=None,
) -> list[Stance]:
    """The directed stance between every pair of actors that one sentence mentions.

    ``classify`` maps marked sentences to label indexes (default: the shipped classifier)."""
    pairs = actor_pairs(sentences, mentions)
    if not pairs:
        return []
    if classify is None:
        from communique.stance.directed import load_classifier

        classify = load_classifier().classify
    return pair_stances(pairs, classify(marked_pairs(pairs)), quotes, text, article_date)


ActorPair = tuple[Sentence, Mention, Mention]
"""A sentence and the first mentions of two of its actors, in text order."""


def actor_pairs(sentences: Sequence[Sentence], mentions: Sequence[Mention]) -> list[ActorPair]:
    """Every pair of actors one sentence mentions (sentences with too many actors are left out)."""
    ordered = sorted((mention for mention in mentions if mention.actor_id), key=lambda mention: mention.start)
    starts = [mention.start for mention in ordered]
    return [
        (sentence, first, second)
        for sentence in sentences
        for first, second in _pairs(_first_mentions(sentence, ordered, starts))
    ]


def marked_pairs(pairs: Sequence[ActorPair]) -> list[str]:
    """Each pair's sentence with its two actors marked, as the classifier reads it."""
    return [
        mark(
            sentence.text,
            (first.start - sentence.start, first.end - sentence.start),
            (second.start - sentence.start, second.end - sentence.start),
        )
        for sentence, first, second in pairs
    ]


def pair_stances(
    pairs: Sequence[ActorPair], labels: Sequence[int], quotes: Sequence[Quote], text: str, article_date: str | None
) -> list[Stance]:
    """The Stance records of classified pairs (``labels``: the classifier's label index of each pair)."""
    found = []
    for (sentence, first, second), label in zip(pairs, labels, strict=True):
        holder_role, _, polarity = _DIRECTED[label]
        holder, target = (first, second) if holder_role == "p" else (second, first)
        quote = _quote_of(quotes, sentence, holder.actor_id)
        found.append(
            Stance(
                id="",
                holder_actor_id=holder.actor_id,
                target_actor_id=target.actor_id,
                polarity=polarity,
                evidence=span_of(text, sentence.start, sentence.end),
                quote_id=quote.id if quote else None,
                date=(quote.date if quote else None) or article_date,
            )
        )
    return found


def _first_mentions(sentence: Sentence, ordered: Sequence[Mention], starts: Sequence[int]) -> list[Mention]:
    """The first mention of each actor in the sentence, in text order (``ordered``: actor mentions by
    start; ``starts``: their starts, to skip to the sentence's)."""
    seen, firsts = set(), []
    for mention in ordered[bisect_left(starts, sentence.start) : bisect_right(starts, sentence.end)]:
        if mention.actor_id not in seen and mention.end <= sentence.end:
            seen.add(mention.actor_id)
            firsts.append(mention)
    return firsts


def _pairs(firsts: list[Mention]):
    if len(firsts) > MAX_ACTORS_PER_SENTENCE:
        return
    for index, first in enumerate(firsts):
        for second in firsts[index + 1 :]:
            if first.end <= second.start:
                yield first, second


def _quote_of(quotes: Sequence[Quote], sentence: Sentence, actor_id: str | None) -> Quote | None:
    """The quote of ``actor_id`` whose content lies in the sentence, if any: its date is the stance's."""
    for quote in quotes:
        if quote.speaker.actor_id == actor_id and any(
            sentence.start <= fragment.start < sentence.end for fragment in quote.content
        ):
            return quote
    return None


def stances(actor_stances_found: Sequence[Stance], issue_stances_found: Sequence[Stance]) -> list[Stance]:
    """All stances in evidence order, numbered s1, s2…"""
    ordered = sorted([*actor_stances_found, *issue_stances_found], key=lambda stance: (stance.evidence.start, stance.quote_id or ""))
    return [stance.model_copy(update={"id": f"s{number}"}) for number, stance in enumerate(ordered, 1)]
