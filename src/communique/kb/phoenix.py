"""Reading the TABARI/PETRARCH dictionaries of the Phoenix event-data project.

Actor files (``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt``) are read as TABARI defines them:

* a line that starts in column 1 is a **root phrase** (``SERGEY_LAVROV_``), optionally
  with codes on the same line (``IAEA_ [IGOUNOIAE]``);
* ``+PHRASE`` lines are synonyms of the root above (an indented phrase is one too);
* ``[CODE DATE]`` lines, usually indented, give the codes. A date restriction is
  ``>D`` (from D on), ``<D`` (until D), ``D1-D2`` (from D1 to D2) or a lone ``D`` (from D
  on); a code without a date is the **default**, used when no dated code applies.
  ``[---]`` is the null code and is skipped;
* consecutive root phrases with no codes share the codes that follow them and are
  read as **one** entry (``DMITRY_MEDVEDEV_`` and ``DMITR_MEDVEDEV_``); a root without
  codes that a blank line separates from the next root becomes an entry of its own
  that receives the next codes in the file (``U.N._``);
* ``_`` separates words (a trailing ``_`` is TABARI's word boundary; communique always
  matches whole words); ``#`` starts a comment. A comment on a code line is kept as
  that code's role note (``[RUSGOV >20040309]  # Foreign Minister``), after editor stamps
  (``#MleH 23 Jul 2009``) and provenance tags (``# NGO_Actors``) are removed.

The agents file (``Phoenix.agents.txt``) has one phrase per line with an agent code:
``FOREIGN_!MINIST! [~GOV]``, where ``!MINIST!`` stands for each word of a substitution
set declared as ``!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES``; ``{PLURALS}``
lists irregular plurals (``{}``: no plural at all); without braces the regular plural of
the last word is generated, as PETRARCH 0.5 does. A few phrases end in a stem
(``FOREIGN_AFFAIRS_MINIST``), expanded here to the words it stands for.

Known slips in the files are repaired and listed in :data:`DATE_FIXES`; anything else that
cannot be read is reported as a warning (``file:line: why``) by the build.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from communique.kb.codes import parse_tabari_date
from communique.kb.normalise import normalise

ACTOR_FILES = {
    "Countries": "Phoenix.Countries.actors.txt",
    "International": "Phoenix.International.actors.txt",
    "MilNonState": "Phoenix.MilNonState.actors.txt",
}
AGENTS_FILE = "Phoenix.agents.txt"

DATE_FIXES = {
    "9008223": "900823",  # [ARMUNR 9008223-911221]: the line above has <900823
    "2004017": "20040117",  # Ban Ki-moon, Korea's foreign minister from 17 Jan 2004
    "1920030320": "20030320",  # [IRQOCC 1920030320-20060520]: the line above has <20030320
    "1920050709": "20050709",  # [SDNSSDAUT 1920050709-20110709]: the same stray "19"
    "201005011": "20100501",  # [GBRGOV >201005011]
}
"""Malformed dates in the 2014 dictionaries and what they evidently mean."""

STEMS = {
    "MINIST": ("MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES"),
    "AUTHORIT": ("AUTHORITY", "AUTHORITIES"),
    "COMPAN": ("COMPANY", "COMPANIES"),
    "INDUSTR": ("INDUSTRY", "INDUSTRIES"),
}
"""Stemmed last words in the agents file and the words they match."""

_CODE = re.compile(r"\[([^\]\[{}]*)[\]}]")
_CODE_TEXT = re.compile(r"^[A-Z][A-Z0-9]*(?:/[A-Z][A-Z0-9]*)*$")
"""A code, or several joined by "/" (``THE_SHIRE [FRO/BIL/SAM]``: an entry that stands for several actors)."""
_NOISE = re.compile(
    r"^(?:countryinfo(?:\.\d+)?\.txt|ngo_actors|igorulers\.txt|n/a|(?:converted|recoded) from sae files"
    r"|[a-z]{2,4}\s+\d{1,2}[\s-]+[a-z]{3}[\s-]+\d{2,4}\b.*|\d{1,2}/\d{1,2}/\d{2,4}.*)$",
    re.IGNORECASE,
)
_OTHERS_ACRONYMS = frozenset({"us", "usa", "uk", "un", "eu"})
_MONEY = re.compile(r"\s*\$[\d,]+.*$")


@dataclass
class RawCode:
    """One ``[CODE DATE]`` of an actor entry: ISO dates, ``None`` where open."""

    code: str
    start: str | None
    end: str | None
    note: str | None
    line: int


@dataclass
class RawEntry:
    """An actor entry as written: its phrases (roots first) and codes, with where it came from."""

    file: str
    line: int
    phrases: list[str] = field(default_factory=list)
    codes: list[RawCode] = field(default_factory=list)
    comment: str | None = None
    raw_comment: str = ""
    roots: int = 0
    inherited: bool = False
    """True when the entry had no codes of its own and took those of the next entry."""


@dataclass
class RawAgent:
    """One agent line: its phrases (all expansions, plurals included) and agent code."""

    line: int
    phrase: str
    phrases: list[str]
    code: str
    note: str | None


def clean_note(comment: str) -> str | None:
    """A comment without editor stamps, provenance tags and market capitalisations; ``None`` if nothing is left."""
    kept = []
    for part in comment.split("#"):
        part = _MONEY.sub("", part).strip(" \t;")
        if part and not _NOISE.match(part):
            kept.append(part)
    return "; ".join(kept) or None


def parse_codes(text: str, note: str | None, line: int, where: str, warnings: list[str]) -> list[RawCode]:
    """The ``[CODE DATE]`` groups in ``text``."""
    codes = []
    for match in _CODE.finditer(text):
        parts = match.group(1).split()
        if not parts or parts[0] == "---":
            continue
        code, restriction = parts[0], "".join(parts[1:])
        if not _CODE_TEXT.match(code):
            warnings.append(f"{where}:{line}: unreadable code {match.group(0)!r} skipped")
            continue
        start = end = None
        if restriction:
            low, sep, high = restriction.partition("-")
            if restriction[0] in "<>":
                low, sep, high = ("", "-", restriction[1:]) if restriction[0] == "<" else (restriction[1:], "-", "")
            elif not sep:
                high = ""  # a lone date: from then on
            low, high = DATE_FIXES.get(low, low), DATE_FIXES.get(high, high)
            start = parse_tabari_date(low) if low else None
            end = parse_tabari_date(high) if high else None
            if (low and start is None) or (high and end is None):
                warnings.append(f"{where}:{line}: unreadable date in {match.group(0)!r}; code skipped")
                continue
        codes.append(RawCode(code=code, start=start, end=end, note=note, line=line))
    return codes


def parse_actor_file(path: Path, short: str, warnings: list[str]) -> list[RawEntry]:
    """Every entry of a TABARI actor dictionary, in file order."""
    entries: list[RawEntry] = []
    waiting: list[RawEntry] = []
    current: RawEntry | None = None
    blank_before = False

    def close(entry: RawEntry | None) -> None:
        if entry is None:
            return
        if entry.codes:
            for other in waiting:
                other.codes = list(entry.codes)
                other.inherited = True
            waiting.clear()
        else:
            waiting.append(entry)
        entries.append(entry)

    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            body, _, comment = raw.rstrip("\n").partition("#")
            stripped = body.strip()
            if not stripped:
                if not comment.strip():
                    blank_before = True
                continue
            note = clean_note(comment)
            if stripped.startswith("["):
                if current is None:
                    warnings.append(f"{short}:{number}: codes before any phrase; skipped")
                    continue
                current.codes.extend(parse_codes(stripped, note, number, short, warnings))
                continue
            name, bracket, rest = stripped.partition("[")
            inline = parse_codes(bracket + rest, note, number, short, warnings) if bracket else []
            if body.startswith("+") or body[0].isspace():
                if current is None:
                    warnings.append(f"{short}:{number}: synonym before any root phrase; skipped")
                    continue
                current.phrases.extend(p for p in name.lstrip("+").split("+") if p.strip())
                current.codes.extend(inline)
                continue
            if current is not None and not current.codes and not blank_before:
                current.phrases.append(name.strip())  # codeless roots share the codes that follow
                current.roots += 1
            else:
                close(current)
                current = RawEntry(file=short, line=number, phrases=[name.strip()], roots=1)
                current.comment = note if not bracket else None
                current.raw_comment = comment
            current.codes.extend(inline)
            blank_before = False
    close(current)
    for entry in waiting:
        warnings.append(f"{short}:{entry.line}: {entry.phrases[0]!r} has no codes; skipped")
    return [entry for entry in entries if entry.codes]


def phrase_names(phrase: str) -> list[str]:
    """Normalised names of a TABARI phrase: as written, without its bracketed part, and a bracketed
    acronym of up to four letters alone (``ANIMAL_LIBERATION_FRONT_(ALF)_`` → the full phrase,
    ``animal liberation front``, ``alf``; ``GEORGIA_(COUNTRY)_`` gives no name ``country``)."""
    text = phrase.replace("_", " ")
    names = [normalise(text)]
    if "(" in text:
        names.append(normalise(re.sub(r"\([^)]*\)?", " ", text)))
        # an acronym in brackets is a name of its own; longer bracketed words are disambiguators
        for inner in re.findall(r"\(\s*([^()\s]{2,4})\s*\)", text):
            if normalise(inner) not in _OTHERS_ACRONYMS:  # VIRGIN_ISLANDS_(US) is not named "US"
                names.append(normalise(inner))
    return [name for name in dict.fromkeys(names) if name]


def regular_plural(word: str) -> str:
    """English regular plural of an upper-case word (GUNMAN → GUNMEN, ARMY → ARMIES, BOSS → BOSSES)."""
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith(("S", "X", "Z", "CH", "SH")):
        return word + "ES"
    return word + "S"


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    """Every phrase a substitution-set phrase stands for."""
    pieces = re.split(r"(![A-Z]+!)", phrase)
    options = []
    for index, piece in enumerate(pieces):
        if piece.startswith("!") and piece.endswith("!") and piece in sets:
            before = pieces[index - 1] if index else ""
            after = pieces[index + 1] if index + 1 < len(pieces) else ""
            if before[-1:].isalpha() and after[:1].isalpha():
                options.append([piece.strip("!")])  # AD!MINIST!RATION: the set's name is a word part
            else:
                options.append(sets[piece])
        else:
            options.append([piece])
    return ["".join(choice) for choice in itertools.product(*options)]


def parse_agents_file(path: Path, warnings: list[str]) -> list[RawAgent]:
    """Every agent phrase of ``Phoenix.agents.txt`` with its code, in file order."""
    sets: dict[str, list[str]] = {}
    agents: list[RawAgent] = []
    pending: list[tuple[int, str, list[str], str | None]] = []
    line_re = re.compile(r"^(?P<phrase>[^{\[]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*(?:\[(?P<code>[^\]}]*)[\]}])?\s*$")
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, 1):
            body, _, comment = raw.rstrip("\n").partition("#")
            text = body.strip()
            if not text:
                continue
            declared = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", text)
            if declared:
                sets[declared.group(1)] = [word.strip() for word in declared.group(2).split(",") if word.strip()]
                continue
            match = line_re.match(text)
            if not match:
                warnings.append(f"agents:{number}: unreadable line skipped")
                continue
            phrase = match.group("phrase").strip()
            expanded = _expand(phrase, sets)
            phrases = list(expanded)
            if match.group("plurals") is not None:
                phrases.extend(match.group("plurals").split())
            elif "!" not in phrase:
                for variant in expanded:
                    prefix, last = re.match(r"^(.*?[_ ])?([^_ ]*)$", variant.rstrip("_ ")).groups()
                    prefix = prefix or ""
                    if last in STEMS:
                        phrases.remove(variant)
                        phrases.extend(prefix + word for word in STEMS[last])
                    elif last and last[-1].isalpha():
                        phrases.append(prefix + regular_plural(last))
            code = (match.group("code") or "").strip()
            if not code:
                pending.append((number, phrase, phrases, clean_note(comment)))
                continue
            for waiting in pending:  # a phrase without a code takes the next line's, as in the actor files
                agents.append(RawAgent(waiting[0], waiting[1], waiting[2], code, waiting[3]))
            pending.clear()
            agents.append(RawAgent(number, phrase, phrases, code, clean_note(comment)))
    for waiting in pending:
        warnings.append(f"agents:{waiting[0]}: {waiting[1]!r} has no code; skipped")
    return agents


def licence_notice(path: Path) -> str:
    """The MIT licence block of a dictionary's header comment, without the ``#`` marks."""
    lines = []
    inside = False
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            if not raw.startswith("#"):
                if inside:
                    break
                continue
            text = raw[1:].strip()
            if text.startswith("The MIT License"):
                inside = True
            if inside:
                lines.append(text)
                if text.endswith("THE SOFTWARE."):
                    break
    return "\n".join(lines).strip()
