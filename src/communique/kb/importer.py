"""``communique kb import``: merging current people and organisations into the user's overlay.

The Phoenix dictionaries stop in 2014. A CSV or JSON Lines file in this layout adds people in
office since then (or anyone and anything else) to the knowledge base; one row per role:

=========  ==========================================================================================
column     meaning
=========  ==========================================================================================
name       the name as people write it ("Emmanuel Macron"); required
aliases    other names, separated by ``|`` ("Macron|Emmanuel Jean-Michel Frédéric Macron"); in JSON
           Lines also a list
kind       person, organisation (or organization), group, igo, ngo or company; required
country    ISO 3166 alpha-3 of the state the role belongs to ("FRA"); CAMEO codes (KSV, TMP) work too
sector     the role's sector code(s): GOV, MIL, LEG, JUD, COP, SPY, ELI, OPP, REB… ("GOV", "GOVMIL")
role       free text ("President of France")
start      first day of the role, YYYY-MM-DD (a Wikidata time such as 2017-05-14T00:00:00Z works); empty
           = no start
end        last day of the role, same form; empty = still in office (or no end)
cameo      an explicit CAMEO code (``IGOUNO``, ``FRAGOVMIL``); otherwise the code is country + sector
wikidata   the Wikidata item, ``Q3052772`` or its URL; when given it identifies the entry
=========  ==========================================================================================

Lines starting with ``#`` before a CSV's header are comments. A row needs a name, a kind and
a code: ``cameo``, or ``country`` (with ``sector`` if the role has one). A role with neither start nor end is the entry's undated default.

Rows are validated one by one; a bad row gets one line on stderr (``file:line: why``) and the
import goes on with the next. Rows of the same entry (same Wikidata item, or else same kind,
country and name) merge into one overlay entry; a role already stored (same code, start and role
text) is updated in place, so importing a file twice stores everything once and leaves the
overlay byte-identical. When the knowledge base is loaded, an overlay entry joins the shipped
entry of the same kind with a shared name and the same country (its roles then win for their
dates), or becomes an entry of its own.

A Wikidata query that produces the layout (positions held, P39, with start P580 and end P582)::

    SELECT ?name ?aliases ?kind ?country ?sector ?role ?start ?end ?cameo ?wikidata WHERE {
      VALUES (?position ?sector) { (wd:Q7330070 "GOV") }          # e.g. Minister of Foreign Affairs of Russia
      ?person p:P39 ?held . ?held ps:P39 ?position .
      OPTIONAL { ?held pq:P580 ?start } OPTIONAL { ?held pq:P582 ?end }
      ?position wdt:P1001/wdt:P298 ?country .                       # jurisdiction's ISO 3166 alpha-3
      ?person rdfs:label ?name . FILTER(LANG(?name) = "en")
      ?position rdfs:label ?role . FILTER(LANG(?role) = "en")
      BIND("person" AS ?kind) BIND("" AS ?aliases) BIND("" AS ?cameo) BIND(?person AS ?wikidata)
    }
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from communique.kb.codes import SECTORS, chunks, split_code
from communique.kb.normalise import normalise
from communique.kb.store import overlay_path, read_overlay, write_overlay

FIELDS = ("name", "aliases", "kind", "country", "sector", "role", "start", "end", "cameo", "wikidata")
KINDS = {
    "person": "person",
    "organisation": "organisation",
    "organization": "organisation",
    "group": "group",
    "igo": "igo",
    "ngo": "ngo",
    "company": "company",
}
MAX_NAME = 200
_WIKIDATA = re.compile(r"^(?:(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/)|wd:)?(Q[1-9][0-9]*)$")
_CAMEO = re.compile(r"^(?:[A-Z]{3})+$")


@dataclass(frozen=True)
class Role:
    """One validated row."""

    line: int
    key: str
    kind: str
    name: str
    names: tuple[str, ...]
    country: str | None
    code: str
    start: str | None
    end: str | None
    role: str | None
    wikidata: str | None


@dataclass
class ImportReport:
    """What an import did: rows read, stored and refused (each refusal as ``file:line: why``)."""

    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.errors)


class ImportFileError(Exception):
    """A file that cannot be imported at all (unreadable, or a CSV header with unknown columns)."""


def read_records(path: Path) -> Iterator[tuple[int, dict | str]]:
    """``(line, record)`` for each row of a CSV or JSON Lines file; ``record`` is a reason when unreadable.

    JSON Lines is chosen by the suffix (.jsonl, .ndjson, .json) or when the first character is ``{``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFileError(f"{path}: cannot read: {error}") from None
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json") or text.lstrip().startswith("{"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, f"not JSON ({error.msg})"
                continue
            if not isinstance(record, dict):
                yield number, "not a JSON object"
                continue
            unknown = sorted(set(record) - set(FIELDS))
            if unknown:
                yield number, f"unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})"
                continue
            yield number, record
        return
    lines = text.splitlines(keepends=True)
    comments = next((number for number, line in enumerate(lines) if not line.startswith("#")), len(lines))
    reader = csv.DictReader(io.StringIO("".join(lines[comments:]), newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    if "name" not in header:
        raise ImportFileError(f"{path}:{comments + 1}: no 'name' column (columns: {', '.join(FIELDS)})")
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise ImportFileError(f"{path}:{comments + 1}: unknown column {unknown[0]!r} (columns: {', '.join(FIELDS)})")
    reader.fieldnames = header
    for record in reader:
        line = comments + reader.line_num
        if None in record:
            yield line, f"{len(header) + len(record[None])} fields, the header has {len(header)}"
            continue
        if not any((value or "").strip() for value in record.values()):
            continue
        yield line, record


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, not {type(value).__name__}")
    return value.strip()


def _date(value: str, column: str) -> str | None:
    if not value:
        return None
    text = value.lstrip("+")
    text = text.split("T", 1)[0] if "T" in text else text
    try:
        return (
            _dt.date.fromisoformat(text).isoformat()
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text)
            else _bad_date(value, column)
        )
    except ValueError:
        return _bad_date(value, column)


def _bad_date(value: str, column: str) -> None:
    raise ValueError(f"bad date {value!r} in {column} (want YYYY-MM-DD)")


_MAPS: dict[int, tuple[dict, dict, dict]] = {}


def _country_maps(states: dict[str, str | None]) -> tuple[dict[str, str], dict[str, str]]:
    """CAMEO → ISO3 and ISO3 → CAMEO for the states of the knowledge base (KSV ↔ XKX)."""
    maps = _MAPS.get(id(states))
    if maps is None or maps[0] is not states:
        iso_of = {cameo: iso for cameo, iso in states.items() if iso}
        cameo_of = {iso: cameo for cameo, iso in sorted(states.items()) if iso and (cameo == iso or iso not in states)}
        _MAPS[id(states)] = maps = (states, iso_of, cameo_of)
    return maps[1], maps[2]


def validate(record: dict, line: int, states: dict[str, str | None]) -> Role:
    """One record as a :class:`Role`; raises ``ValueError`` (or ``TypeError``) saying what is wrong."""
    name = _text(record, "name")
    if not name:
        raise ValueError("no name")
    if len(name) > MAX_NAME:
        raise ValueError(f"name longer than {MAX_NAME} characters")
    key_name = normalise(name)
    if not key_name:
        raise ValueError(f"name {name!r} has no letters or digits")
    raw_kind = _text(record, "kind").lower()
    if not raw_kind:
        raise ValueError(f"no kind (one of {', '.join(sorted(set(KINDS.values())))})")
    if raw_kind not in KINDS:
        raise ValueError(f"unknown kind {raw_kind!r} (one of {', '.join(sorted(set(KINDS.values())))})")
    kind = KINDS[raw_kind]

    aliases = record.get("aliases")
    if isinstance(aliases, list):
        if not all(isinstance(alias, str) for alias in aliases):
            raise ValueError("aliases must be text")
        alias_list = aliases
    else:
        alias_list = _text(record, "aliases").split("|")
    names = [key_name] + [
        n for n in dict.fromkeys(normalise(a) for a in alias_list if len(a) <= MAX_NAME) if n and n != key_name
    ]

    iso_of, cameo_of = _country_maps(states)
    country_text = _text(record, "country").upper()
    country = cameo = None
    if country_text:
        if country_text in cameo_of:
            country, cameo = country_text, cameo_of[country_text]
        elif country_text in iso_of:
            country, cameo = iso_of[country_text], country_text
        else:
            raise ValueError(f"unknown country {country_text!r} (want an ISO 3166 alpha-3 code such as RUS)")

    sector_text = re.sub(r"[\s|,+/]", "", _text(record, "sector").upper())
    sectors = chunks(sector_text) if sector_text else []
    for part in sectors:
        if part not in SECTORS:
            raise ValueError(f"unknown sector {part!r} (e.g. GOV, MIL, LEG, JUD, COP, SPY, ELI, OPP, REB)")

    explicit = _text(record, "cameo").upper()
    if explicit:
        if not _CAMEO.match(explicit) or len(explicit) > 15:
            raise ValueError(f"bad cameo code {explicit!r} (three-letter parts, e.g. RUSGOV or IGOUNO)")
        parts = split_code(explicit, states)
        if country and parts.country and parts.country != country:
            raise ValueError(f"cameo {explicit} is {parts.country}'s, but country is {country}")
        if sectors and parts.sector and parts.sector != sectors[0]:
            raise ValueError(f"cameo {explicit} has sector {parts.sector}, but sector is {sectors[0]}")
        code = explicit
        country = country or parts.country
    elif cameo:
        code = cameo + "".join(sectors)
    else:
        raise ValueError("no code: give country (and sector) or cameo")

    start, end = _date(_text(record, "start"), "start"), _date(_text(record, "end"), "end")
    if start and end and start > end:
        raise ValueError(f"start {start} is after end {end}")
    wikidata = None
    if _text(record, "wikidata"):
        found = _WIKIDATA.match(_text(record, "wikidata"))
        if not found:
            raise ValueError(f"bad wikidata id {_text(record, 'wikidata')!r} (want Q123 or its URL)")
        wikidata = found.group(1)
    key = f"wd:{wikidata}" if wikidata else f"{kind}:{country or '-'}:{key_name}"
    return Role(
        line=line,
        key=key,
        kind=kind,
        name=name,
        names=tuple(names),
        country=country,
        code=code,
        start=start,
        end=end,
        role=_text(record, "role") or None,
        wikidata=wikidata,
    )


def merge(items: dict[str, dict], role: Role) -> str:
    """Merge one role into the overlay's items; returns new, updated or unchanged."""
    item = items.get(role.key)
    status = "unchanged"
    if item is None:
        item = {
            "key": role.key,
            "kind": role.kind,
            "name": role.name,
            "names": [],
            "country": role.country,
            "codes": [],
        }
        if role.wikidata:
            item["wikidata"] = role.wikidata
        items[role.key] = item
        status = "new"
    before = json.dumps(item, sort_keys=True)
    names = item["names"] + [name for name in role.names if name not in item["names"]]
    item["names"] = names[:1] + sorted(names[1:])
    if not item.get("country") and role.country:
        item["country"] = role.country
    stored = {"code": role.code, "start": role.start, "end": role.end, "role": role.role}
    for code in item["codes"]:
        if (code["code"], code["start"], code["role"]) == (role.code, role.start, role.role):
            code["end"] = role.end
            break
    else:
        item["codes"].append(stored)
    item["codes"].sort(key=lambda c: (c["start"] or "", c["end"] or "9999", c["code"], c["role"] or ""))
    if status == "unchanged" and json.dumps(item, sort_keys=True) != before:
        status = "updated"
    return status


def merge_files(paths: list[Path], items: dict[str, dict], states: dict[str, str | None], report_error) -> ImportReport:
    """Validate every row of ``paths`` and merge the good ones into ``items`` (entries by key).

    ``report_error(message)`` is called once per refused row or unreadable file, as it happens.
    """
    report = ImportReport()
    for path in paths:
        try:
            for line, record in read_records(path):
                report.rows += 1
                if isinstance(record, str):
                    message = f"{path}:{line}: {record}"
                else:
                    try:
                        role = validate(record, line, states)
                    except (TypeError, ValueError) as error:
                        message = f"{path}:{line}: {error}"
                    else:
                        status = merge(items, role)
                        setattr(report, status, getattr(report, status) + 1)
                        continue
                report.errors.append(message)
                report_error(message)
        except ImportFileError as error:
            report.errors.append(str(error))
            report_error(str(error))
    return report


def import_files(
    paths: list[Path], kb_dir: Path | str | None, states: dict[str, str | None], report_error
) -> ImportReport:
    """Validate every row of ``paths`` and merge the good ones into the overlay in ``kb_dir``.

    ``report_error(message)`` is called once per refused row or unreadable file, as it happens.
    The overlay is written once, at the end, and only when something changed.
    """
    items = {item["key"]: item for item in read_overlay(kb_dir)}
    before = json.dumps(items, sort_keys=True)
    report = merge_files(paths, items, states, report_error)
    if json.dumps(items, sort_keys=True) != before or (items and not overlay_path(kb_dir).exists()):
        write_overlay(list(items.values()), kb_dir)
    return report
