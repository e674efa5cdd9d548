"""Finding the stretches of text inside quotation marks, whatever marks a writer used.

News text mixes every style: “curly” and "straight" double marks, ‘single’
marks used as double ones (the seed does this), a right single mark used as
an opening one (’significant progress…’), apostrophes inside quotes (isn’t,
Iran’s), « guillemets » and „low-high“ marks, quotes that run over several
paragraphs where only the last paragraph closes, and simply missing marks.

Marks are classified by what stands on each side of them (like Markdown's
"flanking" rule) rather than by their shape, so a wrong-way mark still pairs;
shape only breaks ties. Pairing never fails: an unclosed quote ends with its
paragraph and is flagged, a stray closing mark is ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

DOUBLE_MARKS = frozenset('"“”„‟«»〝〞')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
DOUBLED_MARKS = frozenset({"''", "``", "‘‘", "’’"})
"""Two single marks written as one double mark (''like this'', ``like this''), as some archives do."""
_MARK = re.compile(
    "|".join(re.escape(pair) for pair in sorted(DOUBLED_MARKS))
    + "|["
    + re.escape("".join(sorted(DOUBLE_MARKS | SINGLE_MARKS)))
    + "]"
)
"""Any mark, a doubled one first: the text is scanned left to right, each mark read once."""
_OPENING_SHAPES = frozenset("“„‟«〝‘‚‛‹")
_CLOSING_SHAPES = frozenset("”»〞’›")
_BEFORE_OPENING = frozenset("([{—–-/:")
_AFTER_CLOSING = frozenset(".,;:!?)]}—–-/…")


@dataclass(frozen=True)
class QuotedSpan:
    """One quotation: ``start``/``end`` include the marks, ``inner_*`` exclude them."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool
    """False when no closing mark was found and the quote was ended at its paragraph's end."""
    continued: bool = False
    """True when the quote goes on in the next paragraph (which opens with a mark again)."""


class Quotations(Sequence[QuotedSpan]):
    """An article's quotations (:func:`quoted_spans`, in text order), with what attribution asks of
    them for every candidate cue answered by bisection rather than by a scan of them all: whether
    a stretch of text overlaps a quotation's inside (:meth:`overlaps_inside`) or a quotation with
    its marks (:meth:`overlaps`), and whether it is a quotation's inside (:meth:`is_inside`)."""

    def __init__(self, spans: list[QuotedSpan]) -> None:
        self._spans = spans
        inner = sorted((span.inner_start, span.inner_end) for span in spans)
        outer = sorted((span.start, span.end) for span in spans)
        self._inner_starts = [start for start, _ in inner]
        self._inner_ends = [end for _, end in inner]
        self._inner_furthest = list(accumulate(self._inner_ends, max))
        self._outer_starts = [start for start, _ in outer]
        self._outer_furthest = list(accumulate((end for _, end in outer), max))

    def __getitem__(self, index):
        return self._spans[index]

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[QuotedSpan]:
        return iter(self._spans)

    def __reversed__(self) -> Iterator[QuotedSpan]:
        return reversed(self._spans)

    def overlaps_inside(self, start: int, end: int) -> bool:
        """Whether ``start``-``end`` overlaps a quotation's inside."""
        return _overlaps(self._inner_starts, self._inner_furthest, start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``start``-``end`` overlaps a quotation, its marks included."""
        return _overlaps(self._outer_starts, self._outer_furthest, start, end)

    def is_inside(self, start: int, end: int) -> bool:
        """Whether ``start``-``end`` is a quotation's inside, give or take a character at the start and two at the end."""
        low = bisect_left(self._inner_starts, start - 1)
        high = bisect_right(self._inner_starts, start + 1)
        return any(abs(end - quotation_end) <= 2 for quotation_end in self._inner_ends[low:high])


def _overlaps(starts: list[int], furthest: list[int], start: int, end: int) -> bool:
    """Whether ``start``-``end`` overlaps one of some ranges, given their sorted starts and the
    furthest end reached by each prefix of them."""
    before_end = bisect_left(starts, end)
    return before_end > 0 and furthest[before_end - 1] > start


@dataclass(frozen=True)
class _Mark:
    at: int
    family: str
    opens: bool
    closes: bool
    width: int = 1


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Every top-level quotation in ``text``, in order; nested quotes stay inside their outer one."""
    spans: list[QuotedSpan] = []
    marks = _marks(text)
    open_mark: _Mark | None = None
    for index, mark in enumerate(marks):
        if open_mark is not None:
            paragraph_end = _paragraph_end(text, open_mark.at)
            if mark.at > paragraph_end:
                spans.append(_unclosed(text, open_mark, paragraph_end, continues_with=mark))
                open_mark = None
        if open_mark is None:
            if mark.opens:
                open_mark = mark
            continue
        if mark.family != open_mark.family:
            continue  # a nested quote of the other family: its marks stay inside
        if mark.closes and (not mark.opens or _is_last_chance(marks, index, text)):
            spans.append(
                QuotedSpan(open_mark.at, mark.at + mark.width, open_mark.at + open_mark.width, mark.at, closed=True)
            )
            open_mark = None
        elif mark.opens and not mark.closes:
            open_mark = mark  # the earlier opening mark was stray: start again here
    if open_mark is not None:
        spans.append(_unclosed(text, open_mark, _paragraph_end(text, open_mark.at), continues_with=None))
    return [span for span in spans if span.inner_start < span.inner_end]


def _marks(text: str) -> list[_Mark]:
    marks = []
    for found in _MARK.finditer(text):
        at, char = found.start(), found.group()[0]
        width = len(found.group())
        family = "double" if width == 2 or char in DOUBLE_MARKS else "single"
        before = text[at - 1] if at > 0 else " "
        after = text[at + width] if at + width < len(text) else " "
        if before == " " and after.isspace() and at > 1 and text[at - 2] in _AFTER_CLOSING | SINGLE_MARKS:
            before = text[at - 2]  # 'reform,' " he said: a closing mark set off by a space
        mark = _classify(char, family, at, width, before, after)
        if mark is not None:
            marks.append(mark)
    return marks


def _classify(char: str, family: str, at: int, width: int, before: str, after: str) -> _Mark | None:
    if family == "single" and before.isalnum() and after.isalnum():
        return None  # an apostrophe: isn’t, Iran’s, O'Brien
    quote_marks = DOUBLE_MARKS | SINGLE_MARKS
    left_flanking = (before.isspace() or before in _BEFORE_OPENING or before in quote_marks) and not after.isspace()
    right_flanking = not before.isspace() and (after.isspace() or after in _AFTER_CLOSING or after in quote_marks)
    if left_flanking and right_flanking:
        left_flanking, right_flanking = char not in _CLOSING_SHAPES, char not in _OPENING_SHAPES
    if family == "single" and right_flanking and not left_flanking and before in "sS" and after.isspace():
        # "the leaders’ meeting": a plural possessive, unless a quote is open (decided when pairing)
        return _Mark(at, family, opens=False, closes=True)
    if left_flanking or right_flanking:
        return _Mark(at, family, opens=left_flanking, closes=right_flanking, width=width)
    return None


def _is_last_chance(marks: list[_Mark], index: int, text: str) -> bool:
    """For a mark that could open or close: close unless a later closing mark of its family follows in the paragraph."""
    mark = marks[index]
    paragraph_end = _paragraph_end(text, mark.at)
    return not any(
        later.family == mark.family and later.closes and later.at <= paragraph_end for later in marks[index + 1 :]
    )


def _paragraph_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end == -1 else end


def _unclosed(text: str, mark: _Mark, paragraph_end: int, continues_with: _Mark | None) -> QuotedSpan:
    inner_end = paragraph_end
    while inner_end > mark.at + mark.width and text[inner_end - 1].isspace():
        inner_end -= 1
    next_paragraph = paragraph_end
    while next_paragraph < len(text) and text[next_paragraph].isspace():
        next_paragraph += 1
    continued = (
        continues_with is not None and continues_with.at == next_paragraph and continues_with.family == mark.family
    )
    return QuotedSpan(mark.at, inner_end, mark.at + mark.width, inner_end, closed=False, continued=continued)
