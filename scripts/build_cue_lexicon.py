"""Learn the cue lexicon (src/communique/data/cues.json) from PolNeAR's train split.

    python scripts/build_cue_lexicon.py [--train ../shared/eval/polnear/train] [--min-count 3] [--min-precision 0.4]

For every verb in the parsed train articles, the script notes its *frame*,
i.e. what kind of content hangs on it (a clause, an object, a prepositional
object, an infinitive), and whether its subject is the writer or reader
("I think", "you know"). A (lemma, frame, person) triple enters the lexicon
when it occurs at least ``--min-count`` times and PolNeAR's annotators marked
it as an attribution cue at least ``--min-precision`` of the time. Only the
train split is read; the texts themselves are never written anywhere.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.extract.cues import LEXICON_PATH, verb_frame
from communique.parse import load_pipeline

_ANNOTATION = re.compile(r"^T\d+\tCue ([\d ;]+)\t")


def cue_starts(annotation_file: Path) -> list[tuple[int, int]]:
    """Character ranges of the Cue spans of one BRAT file."""
    ranges = []
    for line in annotation_file.read_text(encoding="utf-8").splitlines():
        match = _ANNOTATION.match(line)
        if match:
            for fragment in match[1].split(";"):
                start, end = map(int, fragment.split())
                ranges.append((start, end))
    return ranges


def first_annotations(train: Path) -> dict[str, Path]:
    """Each article's first annotation file in sorted order (several annotators may exist)."""
    chosen: dict[str, Path] = {}
    for path in sorted((train / "attributions").glob("*.ann")):
        chosen.setdefault(path.stem.rsplit("_", 1)[0], path)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=REPO.parent / "shared" / "eval" / "polnear" / "train")
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-precision", type=float, default=0.4)
    parser.add_argument("--out", type=Path, default=LEXICON_PATH)
    args = parser.parse_args()

    annotations = first_annotations(args.train)
    names = sorted(annotations)
    texts = [(args.train / "text" / f"{name}.txt").read_text(encoding="utf-8") for name in names]
    seen, cued = Counter(), Counter()
    nlp = load_pipeline()
    with nlp.select_pipes(disable=["communique"]):
        for name, doc in zip(names, nlp.pipe(texts, batch_size=32)):
            cues = cue_starts(annotations[name])
            for token in doc:
                frame = verb_frame(token)
                if frame is None:
                    continue
                key = (token.lemma_.lower(), frame.name, frame.person)
                seen[key] += 1
                if any(start <= token.idx < end for start, end in cues):
                    cued[key] += 1

    entries = sorted(
        [lemma, frame, person, cued[key], seen[key]]
        for key in seen
        for lemma, frame, person in [key]
        if seen[key] >= args.min_count and cued[key] / seen[key] >= args.min_precision
    )
    about = (
        "Attribution cues learned from PolNeAR's train split by scripts/build_cue_lexicon.py: "
        "[lemma, frame, subject person, times annotated as a cue, times seen]. "
        f"Kept when seen >= {args.min_count} times and a cue >= {args.min_precision:.0%} of them."
    )
    lines = ",\n".join("  " + json.dumps(entry) for entry in entries)
    args.out.write_text(f'{{\n "about": {json.dumps(about)},\n "entries": [\n{lines}\n ]\n}}\n', encoding="utf-8")
    print(f"{len(entries)} cue entries from {len(names)} articles -> {args.out}")


if __name__ == "__main__":
    main()
