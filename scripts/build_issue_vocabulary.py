"""Convert the Phoenix issue dictionary into the issue vocabulary communique ships (data/issue_vocabulary.json).

Input: ``../shared/kb/phoenix/Phoenix.IssueCoding.txt`` (Open Event Data Alliance, MIT; the notice is kept
in the output's ``notice`` field). Each phrase line ``words [CODE]`` becomes ``"words": "CODE"``; a line
without a code takes its section's category. ``n:``/``v:`` marks (any inflection) are dropped because
matching compares lemmas; ``+`` and ``_`` (hyphen or space) become spaces. Exclusion lines (``~``) are not
carried over, and neither are the named-group sections (actors, not issues, in communique).

Usage: python scripts/build_issue_vocabulary.py [ISSUE_FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / ".." / "shared" / "kb" / "phoenix" / "Phoenix.IssueCoding.txt"
OUT = ROOT / "src" / "communique" / "data" / "issue_vocabulary.json"
SKIPPED_CATEGORIES = frozenset({"NAMED_TERROR_GROUP"})
NOTICE = (
    "Converted from Phoenix.IssueCoding.txt of the Open Event Data Alliance (2014), MIT licence: "
    "Copyright (c) 2014 Open Event Data Alliance. Permission is hereby granted, free of charge, to any person "
    "obtaining a copy of this software and associated documentation files, to deal in the Software without "
    "restriction, subject to including this notice. THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND."
)
_SECTION = re.compile(r'<ISSUE CATEGORY="([^"]+)"')
_PHRASE = re.compile(r"^(?P<words>[^\[]+?)\s*(?:\[(?P<code>[A-Z_\-]+)\])?\s*$")


def phrase_key(words: str) -> str:
    """The lookup form of a dictionary phrase: marks dropped, joiners as spaces, lower case."""
    words = re.sub(r"\b[nv]:", "", words.lower())
    return " ".join(re.sub(r"[+_\-]", " ", words).split())


def convert(text: str) -> dict[str, str]:
    vocabulary: dict[str, str] = {}
    category = None
    for line in text.splitlines():
        line = line.strip()
        section = _SECTION.match(line)
        if section:
            category = section.group(1)
            continue
        if not line or line.startswith(("#", "<", "~")) or category is None or category in SKIPPED_CATEGORIES:
            continue
        phrase = _PHRASE.match(line)
        if phrase:
            key = phrase_key(phrase.group("words"))
            if key:
                vocabulary.setdefault(key, phrase.group("code") or category)
    return vocabulary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    vocabulary = convert(arguments.source.read_text(encoding="utf-8"))
    document = {"notice": NOTICE, "source": "Phoenix.IssueCoding.txt", "phrases": dict(sorted(vocabulary.items()))}
    arguments.out.write_text(json.dumps(document, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(vocabulary)} phrases to {arguments.out}")


if __name__ == "__main__":
    main()
