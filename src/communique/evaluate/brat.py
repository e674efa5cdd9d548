"""Reading BRAT standoff annotations (``.ann``), the format PolNeAR ships.

Only text-bound lines (``T1<TAB>Label 10 20;25 40<TAB>covered text``) carry
spans; every other line (``E`` events tying spans into an attribution, ``#``
annotator notes, ``A``/``R`` lines) is skipped. A span whose text crosses a
line break is written with the rest of its text on the following lines of the
file, so lines that do not start a record are continuations and are skipped
too. Lines are split on ``\\n`` only: ``str.splitlines`` would also split on
characters such as U+2028 that can appear inside a span's text.

A fragmented span (``10 20;25 40``) keeps its fragments apart: the scorer
counts each contiguous fragment as one span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_TEXT_BOUND = re.compile(r"^(T\d+)\t([^\t ]+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")


@dataclass(frozen=True)
class TextBound:
    """One text-bound annotation: its label, its fragments and the first line of the text it records."""

    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    recorded_text: str

    def covered_text(self, text: str) -> str:
        """What the offsets cover in ``text``, written as BRAT writes it (fragments joined by a space)."""
        return " ".join(text[start:end] for start, end in self.fragments)

    def matches(self, text: str) -> bool:
        """Whether the offsets cover the text the file records (its first line: the rest is on continuation lines)."""
        return self.covered_text(text).split("\n")[0].rstrip("\r") == self.recorded_text


def parse_ann(content: str) -> list[TextBound]:
    """Every text-bound annotation in the ``.ann`` file ``content``, in file order."""
    bounds: list[TextBound] = []
    for line in content.split("\n"):
        match = _TEXT_BOUND.match(line.rstrip("\r"))
        if not match:
            continue
        ann_id, label, offsets, recorded = match.groups()
        fragments = tuple(
            (int(start), int(end)) for start, end in (fragment.split() for fragment in offsets.split(";"))
        )
        bounds.append(TextBound(id=ann_id, label=label, fragments=fragments, recorded_text=recorded))
    return bounds


def annotation_files(folder: Path, stems: set[str]) -> dict[str, list[Path]]:
    """The ``.ann`` files of each article stem, in sorted order.

    PolNeAR names them ``<stem>_<annotator>.ann``, and stems contain
    underscores themselves, so a file belongs to the stem left after removing
    the last ``_annotator`` part (or to its whole name, when that is a stem).
    """
    found: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.ann")):
        stem = path.stem if path.stem in stems else path.stem.rsplit("_", 1)[0]
        if stem in stems:
            found.setdefault(stem, []).append(path)
    return found
