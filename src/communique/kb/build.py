"""Building the shipped knowledge base from the Phoenix dictionaries and communique's tables.

``python scripts/build_kb.py`` calls :func:`build` and :func:`write`; the result is
``src/communique/kb/data/phoenix-kb.json.gz`` and its ``NOTICE``. The same inputs always
give the same bytes (entries in file order, ids made from names, gzip without a time stamp).
Inputs: the four Phoenix dictionaries (:mod:`communique.kb.phoenix` reads them),
``scripts/country_extras.csv`` (ISO codes, adjectives, demonyms and capitals of the 193 UN
members and Palestine, the Holy See, Taiwan, Kosovo and Hong Kong), ``scripts/kb_aliases.csv``
(a few descriptions and bodies the dictionaries lack: "the UN nuclear watchdog", the African Union;
and agent phrases missing from the agents file: "netizens", "the displaced", "ombudsman"),
``scripts/kb_bodies.csv`` (bodies the 2014 dictionaries lack, in the same layout: legislatures,
intelligence services, parties, breakaway states, armed groups, newer intergovernmental bodies) and
``scripts/officials/*.csv`` (people in office since 2014: heads of state and government, ministers,
chiefs of defence, speakers; in the layout of ``communique kb import``). The officials are kept
apart, in the document's ``curated`` list, and merged when the knowledge base is loaded exactly as
a user's overlay is, so their roles win over the dictionaries' for their dates.

What becomes an entry, and of which kind:

``country``      the principal entry of each state in the country file (``RUSSIAN_FEDERATION_ [RUS]``),
                 named after the country table, with its adjectives and demonyms added as names;
                 states in the table that Phoenix lacks (the Holy See) get an entry of their own;
``capital``      one per capital in the table, code ``<state>GOV``: "Moscow said…" is the Russian
                 government. Capital names are taken out of the country entry they sat in;
``place``        other country-file entries with a bare state code (``TRANSNISTRIA [MDA]``,
                 ``LEIPZIG_``, ``SOVIET_UNION [SUN]``);
``person``       country- and international-file entries with a date-restricted code (or generated
                 from CountryInfo / IGOrulers) whose name has no organisation word; the canonical
                 name is the entry line unless that carries a title ("SECRETARY-GENERAL_BAN_KI-MOON"
                 is named by its plain synonym "Ban Ki-Moon");
``organisation`` the other country-file entries (``KREMLIN_ [RUSGOV]``, ``STATE_DUMA``);
``igo``, ``ngo``, ``company`` the other international-file entries, by the code's leading part;
``group``        the non-state armed groups of the MilNonState file;
``agent``        each agents-file line (``FOREIGN_!MINIST! [~GOV]``), with every expansion and plural.

Entries of one kind with identical codes that share a name are merged (the dictionaries list
``IAEA_`` twice). The person/organisation split is a heuristic over what the dictionaries say;
the codes, which are what event coding uses, are exactly the dictionaries'.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.kb.codes import NON_STATE, SECTORS, split_code
from communique.kb.importer import merge_files
from communique.kb.normalise import normalise
from communique.kb.phoenix import (
    ACTOR_FILES,
    AGENTS_FILE,
    RawEntry,
    licence_notice,
    parse_actor_file,
    parse_agents_file,
    phrase_names,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FORMAT = "communique-kb"
VERSION = 1
KB_FILE = "phoenix-kb.json.gz"
NOTICE_FILE = "NOTICE"
COLUMNS = ("id", "kind", "name", "country", "names", "codes", "forms", "note", "source")
"""Positions of an entry's fields in the shipped file (one JSON array per entry)."""

SOURCE = (
    "Phoenix/CAMEO actor and agent dictionaries (Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, "
    "Phoenix.MilNonState.actors.txt, Phoenix.agents.txt) of the Open Event Data Alliance, 2014, provided by the "
    "Computational Event Data System Project (http://eventdata.parusanalytics.com), MIT licence; converted by "
    "communique's scripts/build_kb.py, with ISO 3166 codes, adjectives, demonyms and capitals from "
    "scripts/country_extras.csv, scripts/kb_aliases.csv, scripts/kb_bodies.csv and scripts/officials/*.csv "
    "(written for communique from public records)."
)

HISTORICAL_STATES = {"SUN": "SUN", "CSK": "CSK", "DDR": "DDR", "SCG": "SCG", "YUG": "YUG"}
"""Former states: their CAMEO codes are their withdrawn ISO 3166 alpha-3 codes."""
FICTIONAL_STATES = {"KNT": None}
"""Kinakuta, the made-up country of TABARI's tests: a state for coding, no ISO code."""

ORG_WORDS = _words(
    """
    administration agency air alliance army assembly association authority bank board brigade brigades bureau
    cabinet central chamber church command commission committee communist company congress corporation council
    court courts department directorate embassy executive faction federal federation force forces foundation front
    government group guard guards harakat hizb house institute intelligence islamic jabhat jaish jihad journal
    kremlin league legislature liberation martyrs military ministry mission movement mujahideen national navy
    network news office organisation organization parliament party people police politburo presidium radio regime
    republic revolutionary secretariat security senate service services society soviet staff state states supreme
    television tribunal troops union united university
    """
)
"""Words that make a name an organisation's, not a person's."""

COMMON_WORDS = _words(
    """
    a about above after again against all also am amid among an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
    new no nor not now of off on once one only or other our ours ourselves out over own per same she should so
    some such than that the their theirs them themselves then there these they this those through to too two under
    until up upon us very via was we were what when where which while who whom why will with would you your yours
    chad china guinea jordan male mali pole poles turkey victoria sofia nice georgia lima reading march may june
    august
    """
)
"""Lower-case words that are also KB names ("us", "who", "turkey"): such a name matches only when capitalised."""

_SMALL_WORDS = _words(
    """
    a an and at de del der des di du el for in la le of on or the to van von y
    """
)
_ACRONYMS = _words(
    """
    un us uk eu au usa uae nato iaea unsc unhcr unicef osce opec imf wto who ussr
    """
)


@dataclass(frozen=True)
class CountryFacts:
    """One row of ``scripts/country_extras.csv``."""

    cameo: str
    iso3: str
    name: str
    adjectives: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


def read_country_extras(path: Path) -> list[CountryFacts]:
    """The hand-written country table (``#`` lines are comments)."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))

        def split(value: str) -> tuple[str, ...]:
            return tuple(part.strip() for part in (value or "").split("|") if part.strip())

        return [
            CountryFacts(
                cameo=row["cameo"].strip(),
                iso3=row["iso3"].strip(),
                name=row["name"].strip(),
                adjectives=split(row["adjectives"]),
                demonyms=split(row["demonyms"]),
                capitals=split(row["capitals"]),
            )
            for row in rows
        ]


def display_name(phrase: str, kind: str) -> str:
    """A readable name from a TABARI phrase: ``SERGEY_LAVROV_`` → ``Sergey Lavrov``,
    ``UN_SECURITY_COUNCIL`` → ``UN Security Council``, ``IAEA_`` → ``IAEA``."""
    words = re.sub(r"\s+", " ", phrase.replace("_", " ")).strip().split(" ")
    out = []
    for index, word in enumerate(words):
        plain = word.lower().strip(".,")
        if re.fullmatch(r"[IVX]+", word) and index:
            out.append(word)  # Elizabeth II
        elif "." in word.strip(".") or (
            kind != "person" and (plain in _ACRONYMS or (len(words) == 1 and len(plain) <= 6))
        ):
            out.append(word.upper())
        elif index and plain in _SMALL_WORDS:
            out.append(word.lower())
        elif kind != "person" and word.isalpha() and not re.search(r"[AEIOUYaeiouy]", word):
            out.append(word.upper())  # FSB, KGB
        else:
            out.append("-".join(_title(part) for part in word.split("-")))
    return " ".join(out)


def _title(word: str) -> str:
    head, apostrophe, tail = word.partition("'")
    result = head[:1].upper() + head[1:].lower()
    if result.startswith("Mc") and len(result) > 2:
        result = "Mc" + result[2].upper() + result[3:]
    if apostrophe:
        result += "'" + (tail[:1].upper() + tail[1:].lower() if len(head) == 1 else tail.lower())
    return result


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "x"


def _entry_country(codes: list[list], states: dict[str, str | None]) -> str | None:
    counts = Counter(split_code(code[0], states).country for code in codes)
    counts.pop(None, None)
    if not counts:
        return None
    best = max(counts.values())
    return next(
        split_code(code[0], states).country for code in codes if counts.get(split_code(code[0], states).country) == best
    )


def _kind(entry: RawEntry, states: dict[str, str | None]) -> str:
    if entry.file == "MilNonState":
        return "group"
    if entry.file == "Countries" and any(code.code in states for code in entry.codes):
        return "place"  # a bare state code: a state, region or city; each state's principal becomes "country"
    words = set(normalise(entry.phrases[0]).split())
    dated = any(code.start or code.end for code in entry.codes)
    listed = "CountryInfo" in entry.raw_comment or "IGOrulers" in entry.raw_comment
    if (dated or listed) and not words & ORG_WORDS:
        return "person"
    if entry.file == "Countries":
        return "organisation"
    return {"IGO": "igo", "NGO": "ngo", "MNC": "company"}.get(entry.codes[0].code[:3], "organisation")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


TITLE_WORDS = _words(
    """
    mr mrs ms dr sir sheikh shaikh the former ex late gen col lt maj capt adm sgt hon rep sen gov general
    secretary president vice deputy prime premier minister foreign ambassador senator governor chairman chancellor
    mayor king queen prince princess emir sultan un us
    """
)


def _titled(name: str, titles: set[str]) -> bool:
    """True when a normalised name carries a title ("president putin", "un secretary general ban ki moon")
    or starts with an agent phrase or a country adjective ("russian foreign minister lavrov")."""
    words = name.split()
    return bool(set(words[:-1]) & TITLE_WORDS) or any(" ".join(words[:size]) in titles for size in (1, 2, 3))


def build(
    phoenix_dir: Path, extras_path: Path, aliases_paths: Sequence[Path] = (), officials_paths: Sequence[Path] = ()
) -> tuple[dict, list[str]]:
    """The knowledge-base document and the warnings met on the way (``file:line: why``)."""
    warnings: list[str] = []
    facts = read_country_extras(extras_path)
    raw = {short: parse_actor_file(phoenix_dir / name, short, warnings) for short, name in ACTOR_FILES.items()}
    agents = parse_agents_file(phoenix_dir / AGENTS_FILE, warnings)
    titles = {name for agent in agents for phrase in agent.phrases for name in phrase_names(phrase)}
    titles |= {normalise(adjective) for row in facts for adjective in row.adjectives}

    states: dict[str, str | None] = {}
    for entry in raw["Countries"]:
        for code in entry.codes:
            if len(code.code) == 3 and code.code.isalpha() and code.code not in SECTORS and code.code not in NON_STATE:
                states.setdefault(code.code, code.code)
    states.update(HISTORICAL_STATES)
    states.update(FICTIONAL_STATES)
    for row in facts:
        states[row.cameo] = row.iso3
    states = dict(sorted(states.items()))

    entries: list[dict] = []
    for short in ACTOR_FILES:
        for entry in raw[short]:
            named = [(phrase, phrase_names(phrase)) for phrase in entry.phrases]
            names = list(dict.fromkeys(name for _, found in named for name in found))
            if not names:
                warnings.append(f"{short}:{entry.line}: no usable name; skipped")
                continue
            kind = _kind(entry, states)
            canonical = entry.phrases[0]
            if kind == "person":  # "SECRETARY-GENERAL_BAN_KI-MOON" is named by its synonym "BAN_KI-MOON"
                if not named[0][1] or _titled(named[0][1][0], titles):
                    plain = [
                        (len(f[0].split()), i)
                        for i, (p, f) in enumerate(named)
                        if f and " " in f[0] and not _titled(f[0], titles)
                    ]
                    canonical = named[min(plain)[1]][0] if plain else canonical
                first = phrase_names(canonical)
                if first:
                    names = [first[0]] + [name for name in names if name != first[0]]
            codes = [[c.code, c.start, c.end, c.note] for c in entry.codes]
            entries.append(
                {
                    "kind": kind,
                    "name": display_name(canonical, kind),
                    "country": _entry_country(codes, states),
                    "names": names,
                    "codes": codes,
                    "forms": None,
                    "note": entry.comment if short != "Countries" else None,
                    "source": f"{short}:{entry.line}",
                }
            )

    _add_countries(entries, facts, warnings)
    entries = _merge_duplicates([entry for entry in entries if entry["kind"] != "merged"])
    for aliases_path in aliases_paths:
        _add_aliases(entries, aliases_path, states, warnings)

    entries.extend(_agent_entries(agents))

    used: Counter[str] = Counter()
    rows = []
    for entry in entries:
        if entry["kind"] in ("country", "capital") and entry.get("cameo"):
            base = f"{entry['kind']}:{entry['cameo']}"
        else:
            base = f"{entry['kind']}:{_slug(entry['name'])}"
        used[base] += 1
        entry_id = base if used[base] == 1 else f"{base}-{used[base]}"
        rows.append([entry_id, *(entry[column] for column in COLUMNS[1:])])

    cased = sorted(
        {
            name
            for entry in entries
            if entry["kind"] != "agent"
            for name in entry["names"]
            if set(name.split()) <= COMMON_WORDS
        }
    )
    notice = licence_notice(phoenix_dir / ACTOR_FILES["Countries"])
    if notice != licence_notice(phoenix_dir / AGENTS_FILE):
        warnings.append("agents: licence text differs from the country file's")
    inputs = {name: _sha256(phoenix_dir / name) for name in [*ACTOR_FILES.values(), AGENTS_FILE]}
    for path in (extras_path, *aliases_paths, *officials_paths):
        inputs[path.name] = _sha256(path)
    curated: dict[str, dict] = {}
    merge_files(list(officials_paths), curated, states, warnings.append)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "source": SOURCE,
        "notice": notice,
        "inputs": inputs,
        "states": states,
        "cased": cased,
        "columns": list(COLUMNS),
        "entries": rows,
        "curated": [curated[key] for key in sorted(curated)],
    }
    return document, warnings


def _agent_entries(agents: list) -> list[dict]:
    """One entry per agents-file line with a usable name."""
    entries = []
    for agent in agents:
        names = list(dict.fromkeys(name for phrase in agent.phrases for name in phrase_names(phrase)))
        if names:
            entries.append(
                {
                    "kind": "agent",
                    "name": re.sub(r"[_ ]+", " ", agent.phrases[0]).strip().lower(),
                    "country": None,
                    "names": names,
                    "codes": [[agent.code, None, None, None]],
                    "forms": None,
                    "note": agent.note,
                    "source": f"agents:{agent.line}",
                }
            )
    return entries


def _merge_duplicates(entries: list[dict]) -> list[dict]:
    """One entry for entries of one kind with identical codes that share a name (the dictionaries
    list ``IAEA_`` twice, and ``U.N._SECURITY_COUNCIL`` beside ``UN_SECURITY_COUNCIL_``)."""
    keep: list[dict] = []
    by_name: dict[tuple, dict] = {}
    for entry in entries:
        if entry["kind"] in ("country", "capital"):
            keep.append(entry)
            continue
        group = (entry["kind"], json.dumps(entry["codes"]))
        target = next((by_name[(group, name)] for name in entry["names"] if (group, name) in by_name), None)
        if target is None:
            keep.append(entry)
            target = entry
        else:
            target["names"] += [name for name in entry["names"] if name not in target["names"]]
            target["note"] = target["note"] or entry["note"]
        for name in entry["names"]:
            by_name.setdefault((group, name), target)
    return keep


def _add_aliases(entries: list[dict], path: Path, states: dict[str, str | None], warnings: list[str]) -> None:
    """Names from ``scripts/kb_aliases.csv`` for existing entries, and the few entries it adds."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    for number, row in enumerate(rows, 2):
        kind, name, code = row["kind"].strip(), row["name"].strip(), (row.get("code") or "").strip()
        key = normalise(name)
        aliases = list(dict.fromkeys(normalise(alias) for alias in (row["aliases"] or "").split("|")))
        target = next((e for e in entries if e["kind"] == kind and key in e["names"]), None)
        if target is None and code:
            target = {
                "kind": kind,
                "name": name,
                "country": split_code(code, states).country,
                "names": [key],
                "codes": [[code, None, None, None]],
                "forms": None,
                "note": None,
                "source": f"communique:{path.name}",
            }
            entries.append(target)
        if target is None:
            warnings.append(f"{path.name}:{number}: no {kind} entry named {name!r}; aliases skipped")
            continue
        target["names"] += [alias for alias in aliases if alias and alias not in target["names"]]


def _add_countries(entries: list[dict], facts: list[CountryFacts], warnings: list[str]) -> None:
    """Mark each state's principal entry, give it the table's names, and add capitals."""
    by_code: dict[str, list[dict]] = {}
    for entry in entries:
        if entry["kind"] == "place" and entry["source"].startswith("Countries:"):
            for code in entry["codes"]:
                by_code.setdefault(code[0], []).append(entry)
    for row in facts:
        wanted = normalise(row.name)
        candidates = by_code.get(row.cameo, [])
        principal = (
            next((e for e in candidates if wanted in e["names"]), None)
            or next((e for e in candidates if all(code[0] == row.cameo for code in e["codes"])), None)
            or (candidates[0] if candidates else None)
        )
        if principal is None:
            principal = {
                "kind": "place",
                "names": [wanted],
                "codes": [[row.cameo, None, None, None]],
                "note": None,
                "source": "communique:country_extras.csv",
            }
            entries.append(principal)
        elif principal["kind"] != "place":
            warnings.append(f"{row.cameo}: principal entry {principal['source']} is a {principal['kind']}")
        capital_names = [name for name in dict.fromkeys(normalise(c) for c in row.capitals) if name]
        adjectives = [name for name in dict.fromkeys(normalise(a) for a in row.adjectives) if name]
        demonyms = [name for name in dict.fromkeys(normalise(d) for d in row.demonyms) if name not in adjectives]
        names = [wanted] + [n for n in principal["names"] if n != wanted and n not in capital_names]
        names += [n for n in adjectives + demonyms if n not in names]
        principal.update(
            kind="country",
            name=row.name,
            country=row.iso3,
            names=names,
            forms={"adjective": adjectives, "demonym": demonyms},
            cameo=row.cameo,
        )
        for other in candidates:  # duplicate entries of the state itself (a second CROATIA_ [HRV])
            if (
                other is not principal
                and other["kind"] == "place"
                and set(other["names"]) & set(names)
                and all(code == [row.cameo, None, None, None] for code in other["codes"])
            ):
                principal["names"] += [
                    n for n in other["names"] if n not in principal["names"] and n not in capital_names
                ]
                other["kind"] = "merged"
        if capital_names:
            entries.append(
                {
                    "kind": "capital",
                    "name": row.capitals[0],
                    "country": row.iso3,
                    "names": capital_names,
                    "codes": [[f"{row.cameo}GOV", None, None, f"capital of {row.name}, standing for its government"]],
                    "forms": None,
                    "note": None,
                    "source": "communique:country_extras.csv",
                    "cameo": row.cameo,
                }
            )


def serialise(document: dict) -> bytes:
    """The document as gzip-compressed JSON, one entry per line, byte-identical for identical input."""
    head = {key: value for key, value in document.items() if key != "entries"}
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1]
    lines = [json.dumps(row, ensure_ascii=False, separators=(",", ":")) for row in document["entries"]]
    text += ',"entries":[\n' + ",\n".join(lines) + "\n]}\n"
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def notice_text(document: dict) -> str:
    """The NOTICE file shipped beside the knowledge base."""
    return (
        "communique knowledge base (phoenix-kb.json.gz)\n\n"
        f"Source: {document['source']}\n\n"
        "The Phoenix dictionaries carry this licence:\n\n"
        f"{document['notice']}\n"
    )


def write(document: dict, out_dir: Path) -> list[Path]:
    """Write the knowledge base and its NOTICE into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    kb_path, notice_path = out_dir / KB_FILE, out_dir / NOTICE_FILE
    kb_path.write_bytes(serialise(document))
    notice_path.write_text(notice_text(document), encoding="utf-8", newline="\n")
    return [kb_path, notice_path]


def build_from_dictionaries(actor_paths: list[Path], agents_path: Path | None) -> tuple[dict, list[str]]:
    """A knowledge-base document from a user's own PETRARCH/TABARI actor and agent files.

    This is how ``--dictionaries DIR`` gives the one phrase resolver (:func:`communique.kb.phrase.code_phrase`)
    another vocabulary: every bare three-letter code of the actor files is a state, entries carrying
    one are its ``country`` entries (the code standing for the ISO code the files cannot give),
    the others are sorted as :func:`build` sorts Phoenix's.
    No country table or aliases are added: the files are taken as they are.
    """
    warnings: list[str] = []
    raw = [entry for path in actor_paths for entry in parse_actor_file(path, path.name, warnings)]
    agents = parse_agents_file(agents_path, warnings) if agents_path is not None else []
    states: dict[str, str | None] = {}
    for entry in raw:
        for code in entry.codes:
            for part in code.code.split("/"):
                if len(part) == 3 and part.isalpha() and part.isupper() and part not in NON_STATE:
                    states.setdefault(part, part)  # a user's state has no ISO code: its CAMEO code stands in
    entries: list[dict] = []
    for entry in raw:
        names = list(dict.fromkeys(name for phrase in entry.phrases for name in phrase_names(phrase)))
        if not names:
            warnings.append(f"{entry.file}:{entry.line}: no usable name; skipped")
            continue
        codes = [[c.code, c.start, c.end, c.note] for c in entry.codes]
        kind = "country" if all(set(code[0].split("/")) <= states.keys() for code in codes) else _kind(entry, states)
        entries.append(
            {
                "kind": kind,
                "name": display_name(entry.phrases[0], kind),
                "country": _entry_country(codes, states),
                "names": names,
                "codes": codes,
                "forms": None,
                "note": None,
                "source": f"{entry.file}:{entry.line}",
            }
        )
    entries.extend(_agent_entries(agents))
    rows = [[f"{entry['kind']}:{index}", *(entry[column] for column in COLUMNS[1:])] for index, entry in enumerate(entries)]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "source": ", ".join(path.name for path in [*actor_paths, *([agents_path] if agents_path else [])]),
        "notice": "",
        "inputs": {},
        "states": dict(sorted(states.items())),
        "cased": [],
        "columns": list(COLUMNS),
        "entries": rows,
    }
    return document, warnings
