"""Compound mentions: the actors joined in one phrase ("Russia and the US" → Russia, the US).

:func:`co_actors` is a pure function over a parsed :class:`~spacy.tokens.Doc` and a character
span in it (a mention), reading the parser's coordination (``conj``/``cc``):

- conjoined heads: "Macron and Scholz", "France and Italian Foreign Minister Luigi Rossi",
  "Russia, China and the US" — each conjunct with its own modifiers ("Spanish Prime Minister Pedro
  Sanchez and German Chancellor Olaf Scholz" → the two full phrases), without the conjunction,
  appositions, relative clauses or a leading article ("the US" → "US");
- conjoined modifiers of one head: "Syrian and Iranian militias" → "Syrian militias",
  "Iranian militias" (the first is not contiguous in the text: its ``parts`` say which
  characters make it up);
- conjoined "of" objects of a plural head: "the foreign ministers of France and Germany" →
  "foreign ministers of France", "foreign ministers of Germany".

A coordination that the knowledge base names as a whole ("Bosnia and Herzegovina", "Trinidad and
Tobago") is one actor. A span with no coordination gives itself, as written. Offsets index
``doc.text``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})
_DROP_DEPS = frozenset({"cc", "conj", "punct", "appos", "preconj", "relcl", "acl", "advcl", "parataxis"})
_CONJOINABLE = NOMINAL | {"ADJ"}
_LEADING_WORDS = frozenset({"the", "a", "an", "both", "either", "neither"})


@dataclass(frozen=True, slots=True)
class CoActor:
    """One actor of a compound mention."""

    text: str
    """The actor phrase: its parts' text joined by single spaces ("Syrian militias")."""
    start: int
    end: int
    """Characters from the first part's start to the last part's end."""
    parts: tuple[tuple[int, int], ...]
    """The character ranges that make up ``text``, in order (one range when contiguous)."""


def co_actors(doc: Doc, start: int, end: int, *, kb=None) -> list[CoActor]:
    """Every actor joined with the one at ``doc.text[start:end]``, that one included, in text order.

    ``kb`` (default: :func:`communique.kb.load_kb`) keeps coordinations it names as a whole
    together. An empty list when the span does not fall on tokens.
    """
    span = doc.char_span(start, end, alignment_mode="expand") if 0 <= start < end <= len(doc.text) else None
    if span is None or len(span) == 0:
        return []
    whole = (span.start_char, span.end_char)
    itself = [CoActor(doc.text[whole[0] : whole[1]], whole[0], whole[1], (whole,))]
    root = span.root
    groups = _head_conjuncts(root)
    if groups is not None:
        conjuncts = groups
        if _named_whole(kb, doc, conjuncts):
            return itself
        return [_phrase(doc, _own_tokens(token)) for token in conjuncts]
    distributed = _modifier_conjuncts(root)
    if distributed is not None:
        shared, conjuncts = distributed
        if _named_whole(kb, doc, conjuncts):
            return itself
        return [_phrase(doc, sorted(_own_tokens(token) | shared)) for token in conjuncts]
    return itself


def _head_conjuncts(root: Token) -> list[Token] | None:
    """The conjoined nominal heads the span's root belongs to (the root itself, climbing from a
    later conjunct to the first), or ``None`` when it is not coordinated."""
    first = root
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ in NOMINAL:
        first = first.head
    if first.pos_ not in NOMINAL:
        return None
    conjuncts = _chain(first)
    return conjuncts if len(conjuncts) > 1 else None


def _modifier_conjuncts(root: Token) -> tuple[set[int], list[Token]] | None:
    """Conjoined modifiers of one head ("Syrian and Iranian militias"), or conjoined "of" objects
    of a plural head: the tokens every actor shares, and the conjuncts."""
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    head = root
    if first.dep_ in MODIFIER_DEPS and first.head.pos_ in NOMINAL and first.head.i > first.i:
        head = first.head
        while head.dep_ in MODIFIER_DEPS and head.head.pos_ in NOMINAL and head.head.i > head.i:
            head = head.head
    if head.pos_ not in NOMINAL:
        return None
    for child in head.children:
        if child.dep_ in MODIFIER_DEPS and child.i < head.i:
            conjuncts = _chain(child)
            if len(conjuncts) > 1:
                members = {token.i for conjunct in conjuncts for token in _subtree(conjunct)}
                return {token.i for token in _own(head) if token.i not in members}, conjuncts
    if head.tag_ in ("NNS", "NNPS"):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [grand for grand in child.children if grand.dep_ == "pobj"]
                if objects and len(_chain(objects[0])) > 1:
                    conjuncts = _chain(objects[0])
                    members = {token.i for conjunct in conjuncts for token in _subtree(conjunct)}
                    return {token.i for token in _own(head) if token.i not in members}, conjuncts
    return None


def _chain(first: Token) -> list[Token]:
    """``first`` and every word conjoined to it (``conj`` children, recursively), in text order."""
    found = [first]
    stack = [first]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in _CONJOINABLE:
                found.append(child)
                stack.append(child)
    return sorted(found, key=lambda token: token.i)


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _own(token: Token) -> list[Token]:
    """A token's phrase without what coordination, apposition and clauses add to it."""
    keep = [token]
    for child in token.children:
        if child.dep_ in _DROP_DEPS:
            continue
        keep.extend(_own(child))
    return sorted(keep, key=lambda t: t.i)


def _own_tokens(token: Token) -> set[int]:
    return {t.i for t in _own(token)}


def _phrase(doc: Doc, indexes) -> CoActor:
    """The actor made of these token indexes, without a leading article or edge punctuation;
    contiguous runs of tokens become its parts."""
    ordered = [doc[i] for i in sorted(indexes)]
    while len(ordered) > 1 and (ordered[0].is_punct or ordered[0].lower_ in _LEADING_WORDS):
        ordered = ordered[1:]
    while len(ordered) > 1 and ordered[-1].is_punct:
        ordered = ordered[:-1]
    parts: list[list[int]] = []
    for token in ordered:
        if parts and token.i == parts[-1][1] + 1:
            parts[-1][1] = token.i
        else:
            parts.append([token.i, token.i])
    ranges = tuple((doc[a].idx, doc[b].idx + len(doc[b].text)) for a, b in parts)
    return CoActor(" ".join(doc.text[a:b] for a, b in ranges), ranges[0][0], ranges[-1][1], ranges)


def _named_whole(kb, doc: Doc, conjuncts: list[Token]) -> bool:
    """Whether the knowledge base names the coordination as one thing ("Bosnia and Herzegovina")."""
    if kb is None:
        from communique.kb import load_kb

        kb = load_kb()
    first, last = conjuncts[0], conjuncts[-1]
    low = min(t.i for t in _own(first))
    high = max(t.i for t in _own(last))
    text = doc[low : high + 1].text
    return len(text) <= 120 and bool(kb.lookup(text))


__all__ = ["CoActor", "co_actors"]
