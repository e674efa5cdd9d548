"""Build the shipped knowledge base from the Phoenix dictionaries.

    python scripts/build_kb.py [--phoenix ../shared/kb/phoenix] [--extras scripts/country_extras.csv]
                               [--aliases scripts/kb_aliases.csv scripts/kb_bodies.csv]
                               [--officials scripts/officials/*.csv] [--out src/communique/kb/data]

Writes ``phoenix-kb.json.gz`` and ``NOTICE`` into ``--out``; the same inputs always give
byte-identical files (``tests/test_kb.py`` checks the shipped ones are up to date).
Warnings about lines of the dictionaries that cannot be read go to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.kb.build import build, write  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phoenix", type=Path, default=REPO.parent / "shared" / "kb" / "phoenix")
    parser.add_argument("--extras", type=Path, default=REPO / "scripts" / "country_extras.csv")
    parser.add_argument(
        "--aliases", type=Path, nargs="*", default=[REPO / "scripts" / "kb_aliases.csv", REPO / "scripts" / "kb_bodies.csv"]
    )
    parser.add_argument(
        "--officials", type=Path, nargs="*", default=sorted((REPO / "scripts" / "officials").glob("*.csv"))
    )
    parser.add_argument("--out", type=Path, default=REPO / "src" / "communique" / "kb" / "data")
    parser.add_argument("--quiet", action="store_true", help="Do not list the warnings, only count them.")
    args = parser.parse_args(argv)
    if not args.phoenix.is_dir():
        print(f"error: {args.phoenix}: no such folder (the Phoenix dictionaries)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    document, warnings = build(args.phoenix, args.extras, args.aliases, args.officials)
    paths = write(document, args.out)
    if not args.quiet:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    kinds = Counter(row[1] for row in document["entries"])
    print(
        f"{len(document['entries'])} entries ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}), "
        f"{len(document['curated'])} officials; "
        f"{len(warnings)} warnings; {paths[0]} {paths[0].stat().st_size:,} bytes; "
        f"{time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
