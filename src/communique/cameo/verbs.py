"""PETRARCH verb dictionaries: verbs, their default CAMEO codes and the phrase patterns that refine them.

The format (PETRARCH's ``read_verb_dictionary``, which ``CAMEO.2.0.txt`` and the validation
dictionaries use)::

    &SYNSET                       # a set of words or phrases, one per "+" line
    +WORD
    --- ATTACK  [190]  ---        # a block: its name and default code
    ATTACK {ATTACKS ATTACKED}     # verbs of the block, explicit forms in braces, own code optional
    +CORDON_OFF                   # a multi-word verb: "+" marks the inflected word
    - PLANES_* [223]              # a pattern: words before and after the verb ("*"), its code
    - * ON &SYNSET [224:225]      # "a:b": a is the code from source to target, b the reverse event

Pattern words match the tokens of the sentence in order, before the verb or after it within
its phrase; words joined by "_" must be adjacent ("NEW_&TIETYPES_RELATIONS" matches "new economic
relations", not "new global economic relations"), words apart may have others between them.
"$", "+" and "%" (where PETRARCH's source, target and compound actors sit) are position marks
and are dropped. A code of ``---`` means "no event".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

NO_CODE = "---"


Position = tuple[tuple[str, ...], ...]
"""One word position of a pattern: its alternative phrases (a word, or a synset's phrases)."""
Chunk = tuple[Position, ...]
"""Positions that must match adjacent tokens (pattern words joined by "_")."""


@dataclass(frozen=True)
class Pattern:
    """One ``- words * words [code]`` line: chunks before and after the verb, in order."""

    before: tuple[Chunk, ...]
    after: tuple[Chunk, ...]
    code: str
    reverse: str | None = None

    @property
    def size(self) -> int:
        """Word positions the pattern asks for: the longest match is the most specific."""
        return sum(len(chunk) for chunk in self.before + self.after)

    @cached_property
    def anchors(self) -> tuple[frozenset[str], ...]:
        """For each word position, the first words of its alternatives."""
        return tuple(frozenset(phrase[0] for phrase in position) for chunk in self.before + self.after for position in chunk)

    def anchors_in(self, vocabulary: frozenset[str]) -> bool:
        """False when the sentence lacks every alternative of one of the positions (no match possible)."""
        for anchor in self.anchors:  # a plain loop: this runs for every pattern of every verb read
            if anchor.isdisjoint(vocabulary):
                return False
        return True


@dataclass
class Verb:
    """A verb of a block: the words that must surround the inflected word, and its code."""

    block: str
    code: str
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass
class VerbDictionary:
    """Verbs by base form and by explicit inflected form (upper case), and each block's patterns."""

    verbs: dict[str, list[Verb]] = field(default_factory=dict)
    patterns: dict[str, list[Pattern]] = field(default_factory=dict)
    source: str = ""
    _by_anchor: dict[str, tuple[dict[str, list[int]], list[int]]] = field(default_factory=dict, repr=False, compare=False)
    """Each block's patterns by the words of one position (:meth:`possible_patterns`), made on first use."""

    def possible_patterns(self, block: str, vocabulary: frozenset[str]) -> list[Pattern]:
        """The patterns of ``block``, in order, whose every word position has an alternative in
        ``vocabulary`` (a sentence's words): only those could match it. The largest blocks have
        about two hundred patterns (the shipped ``START`` 190) and a sentence few of their words,
        so the patterns are first looked up by the words of their position with the fewest
        alternatives, and only those found are checked whole."""
        patterns = self.patterns.get(block, [])
        if block not in self._by_anchor:
            self._by_anchor[block] = _anchor_index(patterns)
        index, unanchored = self._by_anchor[block]
        found = set(unanchored)
        if len(index) < len(vocabulary):  # the smaller side is walked, the other looked up
            for word, numbers in index.items():
                if word in vocabulary:
                    found.update(numbers)
        else:
            for word in vocabulary:
                found.update(index.get(word, ()))
        return [patterns[number] for number in sorted(found) if patterns[number].anchors_in(vocabulary)]

    def add(self, word: str, verb: Verb) -> None:
        bucket = self.verbs.setdefault(word, [])
        if verb not in bucket:
            bucket.append(verb)

    def merge(self, other: VerbDictionary, *, replace: bool = False) -> None:
        """Add another dictionary's verbs and patterns (a folder may split them over files);
        with ``replace``, a verb of ``other`` replaces this dictionary's entries for it."""
        for word, verbs in other.verbs.items():
            if replace:
                self.verbs.pop(word, None)
            for verb in verbs:
                self.add(word, verb)
        for block, patterns in other.patterns.items():
            self.patterns.setdefault(block, []).extend(patterns)
        self._by_anchor.clear()


def _anchor_index(patterns: list[Pattern]) -> tuple[dict[str, list[int]], list[int]]:
    """Pattern numbers by each first word of their position with the fewest alternatives, and the
    numbers of patterns with no word position."""
    index: dict[str, list[int]] = {}
    unanchored: list[int] = []
    for number, pattern in enumerate(patterns):
        if not pattern.anchors:
            unanchored.append(number)
            continue
        for word in min(pattern.anchors, key=len):
            index.setdefault(word, []).append(number)
    return index, unanchored


_BLOCK = re.compile(r"^---\s*(?P<name>.+?)\s*\[(?P<code>[^\]]*)\]\s*---")
_CODE = re.compile(r"\[\s*([^\]]*?)\s*\]\s*$")
_FORMS = re.compile(r"\{([^}]*)\}")


def read_verb_file(path: Path, warnings: list[str]) -> VerbDictionary:
    """The verbs and patterns of one PETRARCH verb file; unreadable lines are reported as ``file:line: why``."""
    dictionary = VerbDictionary(source=path.name)
    synsets: dict[str, list[tuple[str, ...]]] = {}
    synset: str | None = None
    block: str | None = None
    block_code = NO_CODE
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, raw in enumerate(handle, 1):
            line = re.sub(r"<!--.*?-->", "", raw.split("#", 1)[0]).strip()
            if not line:
                continue
            if line.startswith("&"):
                synset = line.split()[0].rstrip("_")
                synsets[synset] = []
                continue
            header = _BLOCK.match(line)
            if header:
                synset = None
                block = header.group("name").strip().rstrip("_")
                block_code = header.group("code").strip() or NO_CODE
                dictionary.patterns.setdefault(block, [])
                continue
            if line.startswith("+") and synset is not None:
                synsets[synset].append(_words(line[1:]))
                continue
            synset = None
            if block is None:
                warnings.append(f"{path.name}:{number}: text before any verb block; skipped")
                continue
            if line.startswith("-"):
                pattern = _pattern(line[1:], synsets, block_code)
                if pattern is None:
                    warnings.append(f"{path.name}:{number}: unreadable pattern; skipped")
                else:
                    dictionary.patterns[block].append(pattern)
                continue
            _add_verb_line(dictionary, line, block, block_code)
    return dictionary


def _add_verb_line(dictionary: VerbDictionary, line: str, block: str, block_code: str) -> None:
    """Index a verb line under its base form and its explicit forms."""
    code_match = _CODE.search(line)
    code = code_match.group(1) if code_match else block_code
    body = _CODE.sub("", line)
    forms_match = _FORMS.search(body)
    forms = forms_match.group(1).split() if forms_match else []
    base = _FORMS.sub("", body).split()
    if not base:
        return
    for phrase in [base[0], *forms]:
        words = [word for word in phrase.strip("_").split("_") if word]
        if not words:
            continue
        head = next((i for i, word in enumerate(words) if word.startswith("+")), 0)
        words = [word.lstrip("+") for word in words]
        verb = Verb(block=block, code=code, before=tuple(words[:head]), after=tuple(words[head + 1 :]))
        dictionary.add(words[head], verb)


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(r"[\s_]+", text.strip().upper()) if word)


def _pattern(text: str, synsets: dict[str, list[tuple[str, ...]]], block_code: str) -> Pattern | None:
    """A pattern line (after its "-") as a :class:`Pattern`; ``None`` when it has no verb mark."""
    code_match = _CODE.search(text)
    codes = (code_match.group(1) if code_match else block_code).split(":")
    body = _CODE.sub("", text).replace("(", " ").replace(")", " ").replace("{", " ").replace("}", " ")
    body = re.sub(r"_?\*_?", " * ", body)
    tokens = body.split()
    if "*" not in tokens:
        return None
    star = tokens.index("*")
    before = tuple(chunk for chunk in (_chunk(token, synsets) for token in tokens[:star]) if chunk)
    after = tuple(chunk for chunk in (_chunk(token, synsets) for token in tokens[star + 1 :]) if chunk)
    return Pattern(before, after, codes[0].strip() or NO_CODE, codes[1].strip() if len(codes) > 1 else None)


def _chunk(token: str, synsets: dict[str, list[tuple[str, ...]]]) -> Chunk:
    return tuple(position for position in (_position(word, synsets) for word in token.split("_")) if position)


def _position(token: str, synsets: dict[str, list[tuple[str, ...]]]) -> tuple[tuple[str, ...], ...]:
    """The alternatives a pattern token stands for; ``()`` for a position mark ($, +, %)."""
    word = token.strip("$+%^|")
    if not word or word == "*":
        return ()
    if word.startswith("&"):
        return tuple(_expand(word.rstrip("_"), synsets, set()))
    return ((word.upper(),),)


def _expand(name: str, synsets: dict[str, list[tuple[str, ...]]], seen: set[str]) -> list[tuple[str, ...]]:
    """A synset's phrases, with synsets named inside it expanded (PETRARCH allows nesting)."""
    if name in seen:
        return []
    seen.add(name)
    phrases: list[tuple[str, ...]] = []
    for phrase in synsets.get(name, []):
        if len(phrase) == 1 and phrase[0].startswith("&"):
            phrases.extend(_expand(phrase[0].rstrip("_"), synsets, seen))
        else:
            phrases.append(tuple(word.lstrip("+$%") for word in phrase))
    return phrases


def to_json(dictionary: VerbDictionary) -> dict:
    """A plain-JSON form of a dictionary (what the shipped lexicon stores)."""
    return {
        "source": dictionary.source,
        "verbs": {
            word: [[v.block, v.code, list(v.before), list(v.after)] for v in verbs]
            for word, verbs in sorted(dictionary.verbs.items())
        },
        "patterns": {
            block: [[_plain(pattern.before), _plain(pattern.after), pattern.code, pattern.reverse] for pattern in patterns]
            for block, patterns in sorted(dictionary.patterns.items())
        },
    }


def from_json(document: dict) -> VerbDictionary:
    """The dictionary :func:`to_json` wrote."""
    dictionary = VerbDictionary(source=document.get("source", ""))
    for word, verbs in document["verbs"].items():
        dictionary.verbs[word] = [Verb(block, code, tuple(before), tuple(after)) for block, code, before, after in verbs]
    for block, patterns in document["patterns"].items():
        dictionary.patterns[block] = [
            Pattern(_chunks(before), _chunks(after), code, reverse)
            for before, after, code, reverse in patterns
        ]
    return dictionary


def _plain(chunks: tuple[Chunk, ...]) -> list:
    return [[[list(alternative) for alternative in position] for position in chunk] for chunk in chunks]


def _chunks(plain: list) -> tuple[Chunk, ...]:
    return tuple(tuple(tuple(tuple(alternative) for alternative in position) for position in chunk) for chunk in plain)
