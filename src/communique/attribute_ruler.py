"""spaCy's attribute ruler with its patterns looked up in an index: the same token attributes, a tenth of the time.

A pipeline's ``attribute_ruler`` maps fine-grained tags to parts of speech
and morphology and fixes known exceptions ("'s" as a verb, "n't" as a
negation...). spaCy's ``Matcher`` tries every pattern at every token:
``en_core_web_sm`` has 179 patterns, and its ruler took 11 % of the whole
pipeline's time on AllSides articles, more than the tagger and the parser
together. Nearly all those patterns ask a token for exact values ("TAG is
NNS", "LOWER is 's' and TAG is VBZ"), so :class:`IndexedAttributeRuler`
looks them up in a dictionary by the values a token has; patterns of any
other kind (operators, sets, regular expressions...) are left to a
``Matcher`` of their own. The matches, their order and the attributes set
are exactly those of spaCy's ruler, on which this class is built: only
``match`` differs. :func:`index_attribute_rulers` swaps a loaded pipeline's
rulers for indexed ones, keeping their names and patterns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

STRING_ATTRIBUTES = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "TAG": "TAG", "DEP": "DEP", "LEMMA": "LEMMA"}
"""Pattern keys whose values are strings, and the token attribute each reads."""
FLAG_ATTRIBUTES = ("IS_SPACE", "IS_PUNCT", "IS_DIGIT", "IS_ALPHA", "IS_UPPER", "IS_LOWER", "IS_TITLE", "LIKE_NUM")
"""Pattern keys whose values are booleans."""


@dataclass(frozen=True)
class _Condition:
    """One test of one token attribute: its value is (``in``) or is not (``not_in``) one of ``values``, or
    its string matches the regular expression ``regex``."""

    attribute: int
    kind: str
    values: frozenset[int] = frozenset()
    regex: str = ""


@dataclass(frozen=True)
class _Pattern:
    """One pattern of the ruler's: its number, and the conditions on each of its tokens."""

    number: int
    tokens: tuple[tuple[_Condition, ...], ...]


class _Vectorised:
    """The ruler's patterns as conditions tested on a whole Doc at once; those that are not conditions of
    the kinds above (operators, comparisons, extension attributes...) are left to a Matcher of their own."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.strings = strings
        self.patterns: list[_Pattern] = []
        self.others = Matcher(ruler.vocab, validate=False)
        self.keys = [strings[str(number)] for number in range(len(ruler.attrs))]
        self.numbers = {key: number for number, key in enumerate(self.keys)}
        for number, key in enumerate(self.keys):
            for pattern in ruler.matcher.get(str(number))[1]:
                tokens = _conditions(pattern, strings)
                if tokens is None:
                    self.others.add(key, [pattern])
                else:
                    self.patterns.append(_Pattern(number, tokens))
        attributes = {condition.attribute for pattern in self.patterns for token in pattern.tokens for condition in token}
        self.attributes = sorted(attributes)
        self.columns = {attribute: column for column, attribute in enumerate(self.attributes)}

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(pattern number, key, start, end) of every match in ``doc``, each once, sorted: spaCy's Matcher
        finds the same, and its ruler sorts them so that later patterns are applied last and win."""
        found: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for key, start, end in self.others(doc, allow_missing=True) if len(self.others) else ():
            found[self.numbers[key]].append((start, end))
        if self.patterns and len(doc):
            values = doc.to_array(self.attributes).reshape(len(doc), len(self.attributes))
            tested: dict[_Condition, numpy.ndarray] = {}
            for pattern in self.patterns:
                width = len(pattern.tokens)
                starts = len(doc) - width + 1
                if starts <= 0:
                    continue
                hits = None
                for offset, token in enumerate(pattern.tokens):
                    for condition in token:
                        if condition not in tested:
                            tested[condition] = self._test(condition, values[:, self.columns[condition.attribute]])
                        passed = tested[condition][offset : offset + starts]
                        hits = passed if hits is None else hits & passed
                found[pattern.number].extend((start, start + width) for start in numpy.flatnonzero(hits).tolist())
        keys = self.keys
        return [(number, keys[number], start, end) for number in sorted(found) for start, end in sorted(set(found[number]))]

    def _test(self, condition: _Condition, column: numpy.ndarray) -> numpy.ndarray:
        """Which tokens pass ``condition``, given the column of their values of its attribute."""
        if condition.kind == "regex":
            search, strings = re.compile(condition.regex).search, self.strings
            return numpy.isin(column, [value for value in numpy.unique(column).tolist() if search(strings[value])])
        if len(condition.values) == 1:
            (value,) = condition.values
            passed = column == value
        else:
            passed = numpy.isin(column, list(condition.values))
        return passed if condition.kind == "in" else ~passed

def _conditions(pattern: list[dict], strings) -> tuple[tuple[_Condition, ...], ...] | None:
    """The conditions of each of the pattern's tokens, or None when it asks something else of them."""
    tokens = []
    for token in pattern:
        if not token:
            return None
        conditions = []
        for name, value in token.items():
            condition = _condition(name.upper(), value, strings)
            if condition is None:
                return None
            conditions.append(condition)
        tokens.append(tuple(conditions))
    return tuple(tokens)


def _condition(name: str, value, strings) -> _Condition | None:
    if name in FLAG_ATTRIBUTES:
        return _Condition(IDS[name], "in", frozenset({int(value)})) if isinstance(value, bool) else None
    if name not in STRING_ATTRIBUTES:
        return None
    attribute = IDS[STRING_ATTRIBUTES[name]]
    if isinstance(value, str):
        return _Condition(attribute, "in", frozenset({strings.add(value)}))
    if not isinstance(value, dict) or len(value) != 1:
        return None
    ((operator, operand),) = value.items()
    if operator == "REGEX" and isinstance(operand, str):
        return _Condition(attribute, "regex", regex=operand)
    if operator in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(item, str) for item in operand):
        return _Condition(attribute, operator.lower(), frozenset(get_string_id(item) for item in operand))
    return None


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` whose ``match`` looks exact-value patterns up in an index (see the module)."""

    _index: _Vectorised | None = None

    def add(self, patterns, attrs, index=0) -> None:
        super().add(patterns, attrs, index)
        self._index = None

    def clear(self) -> None:
        super().clear()
        self._index = None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """(pattern number, key, start, end) of every match, sorted as spaCy's ruler sorts them: later
        patterns are applied last, so they win."""
        if self._index is None:
            self._index = _Vectorised(self)
        return self._index.matches(doc)


@Language.factory(
    "communique_attribute_ruler",
    default_config={"validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}},
)
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool, scorer) -> IndexedAttributeRuler:
    """An empty indexed attribute ruler; :func:`index_attribute_rulers` fills it from a pipeline's own."""
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def index_attribute_rulers(nlp: Language) -> None:
    """Swap each of ``nlp``'s spaCy attribute rulers for an indexed one with the same name and patterns."""
    for name, component in list(nlp.pipeline):
        if type(component) is AttributeRuler:
            patterns = component.patterns
            nlp.replace_pipe(name, "communique_attribute_ruler", config={"validate": component.validate})
            nlp.get_pipe(name).add_patterns(patterns)
