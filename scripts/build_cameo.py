"""Build the shipped CAMEO files: the codebook and the verb lexicon.

    python scripts/build_cameo.py [--shared ../shared] [--out src/communique/cameo/data]

Writes ``codebook.json`` (each CAMEO event code: description, Goldstein score, PLOVER category,
mode and context, from ``kb/cameo/*.tsv`` and ``kb/plover/CAMEO2PLOVER-2021.txt``, with CAMEO's
appeals (02) read as PLOVER requests like its demands (10)) and
``verbs.json`` (the CAMEO verb dictionary ``kb/phoenix/CAMEO.2.0.txt`` read by
:mod:`communique.cameo.verbs`, with communique's own ``scripts/verb_additions.txt`` over it), with ``NOTICE`` giving their sources and licences. The same
inputs always give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.cameo.verbs import read_verb_file, to_json  # noqa: E402

PLOVER_NOTICE = (
    "PLOVER categories, modes and contexts: converted from CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, "
    "17 September 2021, edited by Philip Schrodt, Open Event Data Alliance), licensed under the Creative Commons "
    "Attribution-ShareAlike 4.0 International License; this converted table is shared under the same licence. Changed by communique: "
    "the CAMEO 02 (appeal) codes, absent from the table, take the entries of their CAMEO 10 (demand) twins."
)
CAMEO_NOTICE = "CAMEO event codes, descriptions and Goldstein scores: as published by the GDELT project (facts)."
VERBS_NOTICE = (
    "Verb lexicon: converted from the CAMEO verb pattern dictionary CAMEO.2.0.txt, Copyright (c) 2015 Open Event "
    "Data Alliance, MIT License (full text in verbs.json's 'licence'), with communique's additions "
    "(scripts/verb_additions.txt)."
)


def read_table(path: Path) -> dict[str, str]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        next(rows)
        return {row[0].strip(): row[1].strip() for row in rows if len(row) >= 2}


def read_plover(path: Path) -> dict[str, list]:
    """Code → [category, mode, context]; the first line wins when a code is listed twice."""
    mapping: dict[str, list] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        match = re.match(r"^(\d{2,4}):\s*(.*)$", body)
        if not match or match.group(1) in mapping:
            continue
        fields = [part.strip() for part in match.group(2).split(",")] + ["", ""]
        mapping[match.group(1)] = [fields[0] or None, fields[1] or None, ", ".join(p for p in fields[2:] if p) or None]
    return mapping


def appeals_as_requests(plover: dict[str, list]) -> dict[str, list]:
    """The table with CAMEO 02 (appeal) filled in: PLOVER's REQUEST covers CAMEO's 02 and 10, whose
    sub-codes mirror each other (0241 appeal for / 1041 demand change in leadership), but the 2021
    table lists only the 10 codes; each 02 code takes its 10 twin's category, mode and context."""
    filled = dict(plover)
    for code, entry in plover.items():
        if code.startswith("10"):
            filled.setdefault("02" + code[2:], entry)
    return filled


def mit_licence(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "MIT License" in line)
    end = next(i for i, line in enumerate(lines[start:], start) if "SOFTWARE." in line and "DEALINGS" in line)
    return "\n".join(line.lstrip("# ").rstrip() for line in lines[start : end + 1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--additions", type=Path, default=REPO / "scripts" / "verb_additions.txt")
    parser.add_argument("--out", type=Path, default=REPO / "src" / "communique" / "cameo" / "data")
    args = parser.parse_args(argv)
    kb = args.shared / "kb"
    if not kb.is_dir():
        print(f"error: {kb}: no such folder (the shared knowledge files)", file=sys.stderr)
        return 2
    descriptions = read_table(kb / "cameo" / "CAMEO.eventcodes.tsv")
    goldstein = read_table(kb / "cameo" / "CAMEO.goldsteinscale.tsv")
    plover = appeals_as_requests(read_plover(kb / "plover" / "CAMEO2PLOVER-2021.txt"))
    codes = {}
    for code in sorted(set(descriptions) | set(plover)):
        parent = next((plover[code[:n]] for n in range(len(code), 1, -1) if code[:n] in plover), [None, None, None])
        score = goldstein.get(code)
        codes[code] = [descriptions.get(code), float(score) if score else None, *plover.get(code, parent)]
    args.out.mkdir(parents=True, exist_ok=True)
    codebook = {"notice": f"{CAMEO_NOTICE} {PLOVER_NOTICE}", "codes": codes}
    (args.out / "codebook.json").write_text(json.dumps(codebook, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    warnings: list[str] = []
    verb_path = kb / "phoenix" / "CAMEO.2.0.txt"
    lexicon = read_verb_file(verb_path, warnings)
    lexicon.merge(read_verb_file(args.additions, warnings), replace=True)
    verbs = to_json(lexicon)
    verbs["licence"] = mit_licence(verb_path)
    (args.out / "verbs.json").write_text(json.dumps(verbs, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    (args.out / "NOTICE").write_text("\n\n".join([CAMEO_NOTICE, PLOVER_NOTICE, VERBS_NOTICE]) + "\n", encoding="utf-8")
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"{len(codes)} codes, {len(verbs['verbs'])} verb forms; {len(warnings)} warnings", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
