"""Copy the bundled sample corpus into the package from ../shared.

    python scripts/bundle_samples.py [--shared ../shared]

The samples are the seed article the project started from and the Voice of
America stories (public domain, US government work). Each VOA record keeps its
URL and gains ``"source": "Voice of America"`` so the credit travels with it.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "communique" / "samples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    shared = parser.parse_args().shared
    SAMPLES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared / "seed" / "presstv-2009-10-13.txt", SAMPLES / "presstv-2009-10-13.txt")
    with open(shared / "corpus" / "voa_stories.jsonl", encoding="utf-8") as source, open(
        SAMPLES / "voa-stories.jsonl", "w", encoding="utf-8"
    ) as target:
        for line in source:
            if line.strip():
                record = json.loads(line)
                record["source"] = "Voice of America"
                target.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
