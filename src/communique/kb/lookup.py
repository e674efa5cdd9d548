"""The knowledge base in memory, and every lookup the actor resolver needs.

Loading reads the shipped file once per process (about 0.4 s), merges the officials it
carries (people in office since the dictionaries stopped, ``scripts/officials/``) and then the
user's overlay; all lookups are dictionary look-ups on normalised names (see
:mod:`communique.kb.normalise`).

**Which code a match carries** (:meth:`Entry.code_on`) — Phoenix gives persons codes
restricted to dates and an undated default:

* with a date: a dated code whose range holds the date (``start``/``end`` inclusive;
  an open end is open); the overlay's codes first ("the overlay's roles win for their
  date ranges"), then the shipped officials', then the dictionaries' (:data:`SOURCE_RANK`);
  among several, the one that started last.
  ``rule = "dated"``. If none holds: the undated default (same order), ``rule =
  "default"``; if there is none either, no code: ``code = None``, ``rule = "none"``.
* without a date (``date_known = False``): the undated default, ``rule = "default"``;
  else the most recent dated code (latest end, open ends last; then latest start),
  ``rule = "latest"``.

Partial dates count from the middle of their period (``2009-10`` → 15 October,
``2009`` → 1 July); an unreadable date counts as no date.

**Names that are common words** ("us", "who", "turkey"; listed in the file's ``cased``)
match only when the text has a capital letter in them ("US", "WHO", "Turkey").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from communique.kb.codes import SECTORS, CodeParts, combine, iso_date, split_code
from communique.kb.normalise import normalise, tokenize
from communique.kb.store import default_kb_dir, overlay_path, read_overlay, read_shipped

KIND_ORDER = ("country", "capital", "person", "igo", "organisation", "group", "ngo", "company", "place", "agent")
"""How matches of one name are ordered after the code rule: states before their capitals and persons…"""
_RULE_ORDER = {"dated": 0, "default": 1, "latest": 2, "none": 3}
SOURCE_RANK = {"user": 0, "communique": 1, "phoenix": 2}
"""Whose codes win where several hold: the user's overlay, then the officials communique ships
(``scripts/officials/``, people in office since the dictionaries stopped), then the dictionaries."""
_KIND_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
ORGANISATION_KINDS = frozenset({"organisation", "group", "igo", "ngo", "company"})


@dataclass(frozen=True, slots=True)
class Code:
    """One code of an entry: valid from ``start`` to ``end`` (ISO dates, ``None`` = open)."""

    code: str
    start: str | None = None
    end: str | None = None
    role: str | None = None
    source: str = "phoenix"
    """``phoenix`` (the shipped dictionaries, with communique's country table), ``communique`` (the
    shipped officials list) or ``user`` (the overlay)."""

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds(self, date: str) -> bool:
        return (self.start or "0000") <= date <= (self.end or "9999")


@dataclass(frozen=True, slots=True)
class Entry:
    """One knowledge-base entry: a state, capital, person, organisation, group, place or agent."""

    id: str
    kind: str
    name: str
    country: str | None
    names: tuple[str, ...]
    codes: tuple[Code, ...]
    forms: dict | None = None
    note: str | None = None
    source: str | None = None
    wikidata: str | None = None

    def form_of(self, name: str) -> str:
        """How ``name`` (normalised) names this entry: name, alias, adjective or demonym."""
        if self.forms:
            if name in self.forms.get("adjective", ()):
                return "adjective"
            if name in self.forms.get("demonym", ()):
                return "demonym"
        return "name" if name == self.names[0] else "alias"

    def code_on(self, date: str | None) -> tuple[Code | None, str]:
        """The code valid on ``date`` (ISO) and the rule that chose it (see the module's docstring)."""
        defaults = [code for code in self.codes if not code.dated]
        defaults.sort(key=lambda code: SOURCE_RANK[code.source])
        if date:
            for source in SOURCE_RANK:
                best = None
                for code in self.codes:
                    if (
                        code.source == source
                        and code.dated
                        and code.holds(date)
                        and (best is None or (code.start or "") > (best.start or ""))
                    ):
                        best = code
                if best is not None:
                    return best, "dated"
            return (defaults[0], "default") if defaults else (None, "none")
        if defaults:
            return defaults[0], "default"
        dated = [code for code in self.codes if code.dated]
        if not dated:
            return None, "none"
        best = dated[0]
        for code in dated[1:]:
            if ((code.end or "9999"), (code.start or ""), -SOURCE_RANK[code.source]) > (
                (best.end or "9999"),
                (best.start or ""),
                -SOURCE_RANK[best.source],
            ):
                best = code
        return best, "latest"


@dataclass(frozen=True, slots=True)
class Match:
    """A knowledge-base entry found for a name, with the code valid on the date asked for."""

    entry_id: str
    kind: str
    name: str
    """Canonical name of the entry ("Sergey Lavrov", "Russia", "Moscow")."""
    code: str | None
    """CAMEO/Phoenix code valid on the date (``RUSGOV``), ``None`` when no code applies."""
    country: str | None
    """ISO 3166 alpha-3 of the code (for a bare sector code such as ``ELI``, the entry's country)."""
    sector: str | None
    secondary: tuple[str, ...]
    role: str | None
    """The role note of the chosen code when the source gives one ("Foreign Minister")."""
    date_known: bool
    rule: str
    """How the code was chosen: dated, default, latest or none."""
    matched: str
    """The normalised name that matched."""
    form: str
    """name, alias, adjective, demonym or surname."""
    source: str
    """phoenix, communique or user: where the chosen code comes from (see :data:`SOURCE_RANK`)."""
    entry: Entry = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class AgentMatch:
    """An agent phrase ("foreign minister", "police", "warplanes") and its code."""

    entry_id: str
    phrase: str
    """The normalised phrase matched."""
    code: str
    """As in the dictionary: ``~GOV`` is added after an actor code, ``IGO~`` before it."""
    sector: str | None
    secondary: tuple[str, ...]

    @property
    def prefix(self) -> bool:
        """True for agents written before the actor code (``IGO~``)."""
        return self.code.endswith("~")

    def apply(self, actor_code: str | None) -> str:
        """This agent applied to an actor code: ``IRQ`` + ``~COP`` → ``IRQCOP``."""
        return combine(actor_code, self.code)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text that :meth:`KnowledgeBase.find_in_text` found in the knowledge base."""

    start: int
    end: int
    text: str
    matches: tuple[Match, ...] = ()
    """Entries named by this stretch (a country from "Russian", a person, a capital…), best first."""
    agent: AgentMatch | None = None
    """The agent this stretch names ("President" → ``~GOV``), if any."""

    @property
    def kind(self) -> str:
        """entity, agent or both."""
        if self.matches and self.agent:
            return "both"
        return "entity" if self.matches else "agent"


class KnowledgeBase:
    """The shipped knowledge base merged with a user overlay; build it with :func:`load_kb`."""

    def __init__(self, document: dict, overlay: list[dict] | None = None, *, base: _Base | None = None) -> None:
        base = base or _Base(document)
        self.header = {key: value for key, value in document.items() if key not in ("entries", "curated")}
        self.states: dict[str, str | None] = base.states
        """CAMEO state code → ISO 3166 alpha-3 (``KSV`` → ``XKX``)."""
        self.cased: frozenset[str] = base.cased
        self._rows = base.rows
        self._index = base.index
        self._agents = base.agents
        self._ids = base.ids
        self.officials = base.curated
        """Entries of the shipped officials list (``scripts/officials/``) merged at load."""
        self._entries: dict[int, Entry] = {}
        self._first: dict[str, int] | None = None
        self._surnames: dict[str, list[int]] | None = None
        self.overlay_entries = 0
        if overlay:
            self._rows, self._index, self._ids = list(self._rows), dict(self._index), dict(self._ids)
            _merge(self._rows, self._index, self._ids, overlay, "user")
            self.overlay_entries = len(overlay)

    # ---- entries ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rows)

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id (``person:sergey-lavrov``), or ``None``."""
        index = self._ids.get(entry_id)
        return None if index is None else self._entry(index)

    def entries(self, kind: str | None = None) -> Iterator[Entry]:
        """Every entry (of one kind), in file order; overlay-only entries last."""
        for index, row in enumerate(self._rows):
            if kind is None or row[1] == kind:
                yield self._entry(index)

    def split_code(self, code: str) -> CodeParts:
        """Country, sector and the rest of a CAMEO code (see :func:`communique.kb.codes.split_code`)."""
        return split_code(code, self.states)

    # ---- lookups ---------------------------------------------------------------------------

    def lookup(
        self, name: str, date: str | None = None, *, kinds: frozenset[str] | set[str] | None = None
    ) -> list[Match]:
        """Entries named exactly ``name`` (after normalisation), best first, each with its code on ``date``.

        A leading "the" is dropped when the name with it is unknown ("the IAEA"). Agents are
        not returned (use :meth:`agent`); ``kinds`` keeps only entries of those kinds.
        """
        key = normalise(name)
        indexes = self._index.get(key)
        if indexes is None and key.startswith("the "):
            key = key[4:]
            indexes = self._index.get(key)
        if not indexes or (key in self.cased and name == name.lower()):
            return []
        return self._matches(indexes, key, iso_date(date), date is not None and iso_date(date) is not None, kinds)

    def lookup_surname(self, surname: str, date: str | None = None) -> list[Match]:
        """Persons whose name ends in ``surname`` ("Lavrov", "Clinton"), best first.

        Persons with a code dated on ``date`` come first; the name is unambiguous when only one
        match has ``rule == "dated"``, or when there is only one match.
        """
        key = normalise(surname)
        if not key or " " in key or key in self.cased and surname == surname.lower():
            return []
        if self._surnames is None:
            self._surnames = self._surname_index()
        indexes = list(self._surnames.get(key, ()))
        indexes += [i for i in self._index.get(key, ()) if self._rows[i][1] == "person" and i not in indexes]
        iso = iso_date(date)
        matches = self._matches(indexes, key, iso, iso is not None, {"person"})
        return [_with_form(match, "surname") if match.form != "name" else match for match in matches]

    def lookup_person(self, name: str, date: str | None = None) -> list[Match]:
        """Persons named ``name``: its exact matches if any; otherwise persons with the same last word
        whose name has the other words in the same order, a word also matching one with the same
        consonants (Sergei ~ Sergey, Dmitri ~ Dmitry, Mohamed ~ Muhammad), with ``form == "variant"``
        ("Ali Khamenei" → "Hojatolislam Sayyed Ali Khamenei"). One word is :meth:`lookup_surname`."""
        exact = self.lookup(name, date, kinds={"person"})
        if exact:
            return exact
        words = normalise(name).split()
        if len(words) < 2:
            return self.lookup_surname(name, date)
        if self._surnames is None:
            self._surnames = self._surname_index()
        surname, wanted = words[-1], words[:-1]
        found = []
        for index in self._surnames.get(surname, ()):
            for candidate in self._rows[index][4]:
                tokens = candidate.split()
                if tokens[-1] == surname and _in_order(wanted, tokens[:-1]):
                    found.append(index)
                    break
        iso = iso_date(date)
        matches = self._matches(found, " ".join(words), iso, iso is not None, {"person"})
        return [_with_form(match, "variant") for match in matches]

    def agent(self, text: str) -> AgentMatch | None:
        """The agent that ``text`` names: "foreign minister" → ``~GOV``, "police" → ``~COP``,
        "warplanes" → ``~MIL``. When the whole text is no agent phrase, the longest agent phrase in
        it (the rightmost of equal length, as heads come last in English: "heavily armed police")."""
        tokens = [token for _, _, token in tokenize(text)]
        key = " ".join(tokens)
        if key in self._agents:
            return self._agent_match(self._agents[key][0], key)
        best: tuple[int, int, str] | None = None
        for start in range(len(tokens)):
            for end in range(len(tokens), start, -1):
                phrase = " ".join(tokens[start:end])
                if phrase in self._agents:
                    if best is None or end - start >= best[1] - best[0]:
                        best = (start, end, phrase)
                    break
        return None if best is None else self._agent_match(self._agents[best[2]][0], best[2])

    def find_in_text(self, text: str, date: str | None = None, *, agents: bool = True) -> list[Piece]:
        """Knowledge-base phrases in ``text``, longest first from left to right.

        "Russian President Dmitry Medvedev" gives three pieces: "Russian" (the state, as an
        adjective), "President" (agent ``~GOV``) and "Dmitry Medvedev" (the person, with his code on
        ``date``). A stretch that is both a name and an agent phrase gives one piece with both.
        Offsets index ``text``. A leading "the" is part of a piece only when that gives the longer
        match ("the US"; but "the UN nuclear watchdog" is the IAEA, not "the UN").
        """
        iso = iso_date(date)
        known = date is not None and iso is not None
        if self._first is None:
            self._first = self._first_tokens()
        tokens = tokenize(text)
        norms = [token for _, _, token in tokens]

        def longest(position: int):
            for end in range(min(len(tokens), position + self._first.get(norms[position], 0)), position, -1):
                key = " ".join(norms[position:end])
                entity = self._index.get(key)
                surface = text[tokens[position][0] : tokens[end - 1][1]]
                if entity and key in self.cased and surface == surface.lower():
                    entity = None
                agent = self._agents.get(key) if agents else None
                if entity or agent:
                    return position, end, key, entity, agent, surface
            return None

        pieces: list[Piece] = []
        position = 0
        while position < len(tokens):
            found = longest(position)
            if norms[position] == "the" and position + 1 < len(tokens):
                after = longest(position + 1)  # "the UN nuclear watchdog": "UN nuclear watchdog" beats "the UN"
                if after is not None and (found is None or after[1] > found[1]):
                    found = after
            if found is None:
                position += 1
                continue
            start, end, key, entity, agent, surface = found
            pieces.append(
                Piece(
                    start=tokens[start][0],
                    end=tokens[end - 1][1],
                    text=surface,
                    matches=tuple(self._matches(entity, key, iso, known, None)) if entity else (),
                    agent=self._agent_match(agent[0], key) if agent else None,
                )
            )
            position = end
        return pieces

    def info(self) -> dict:
        """Counts by kind, the overlay's size, the source and format, for ``communique kb info``."""
        kinds: dict[str, int] = {}
        for row in self._rows:
            kinds[row[1]] = kinds.get(row[1], 0) + 1
        return {
            "format": f"{self.header.get('format')} {self.header.get('version')}",
            "entries": len(self._rows),
            "kinds": dict(sorted(kinds.items())),
            "names": len(self._index),
            "agent_phrases": len(self._agents),
            "officials": self.officials,
            "overlay_entries": self.overlay_entries,
            "source": self.header.get("source"),
        }

    # ---- internals -------------------------------------------------------------------------

    def _entry(self, index: int) -> Entry:
        entry = self._entries.get(index)
        if entry is None:
            row = self._rows[index]
            codes = tuple(Code(c[0], c[1], c[2], c[3], c[4] if len(c) > 4 else "phoenix") for c in row[5])
            entry = Entry(
                row[0],
                row[1],
                row[2],
                row[3],
                tuple(row[4]),
                codes,
                row[6],
                row[7],
                row[8],
                row[9] if len(row) > 9 else None,
            )
            self._entries[index] = entry
        return entry

    def _match(self, index: int, key: str, date: str | None, known: bool) -> Match:
        entry = self._entry(index)
        code, rule = entry.code_on(date)
        parts = split_code(code.code, self.states) if code else None
        country = parts.country if parts else None
        if country is None and (parts is None or parts.head in SECTORS):
            country = entry.country
        return Match(
            entry_id=entry.id,
            kind=entry.kind,
            name=entry.name,
            code=code.code if code else None,
            country=country,
            sector=parts.sector if parts else None,
            secondary=parts.secondary if parts else (),
            role=code.role if code else None,
            date_known=known,
            rule=rule,
            matched=key,
            form=entry.form_of(key),
            source=code.source if code else "phoenix",
            entry=entry,
        )

    def _matches(self, indexes, key: str, date: str | None, known: bool, kinds) -> list[Match]:
        matches = [
            self._match(index, key, date, known) for index in indexes if kinds is None or self._rows[index][1] in kinds
        ]
        order = {id(match): position for position, match in enumerate(matches)}
        matches.sort(key=lambda m: (_RULE_ORDER[m.rule], SOURCE_RANK[m.source], _KIND_RANK.get(m.kind, 99), order[id(m)]))
        return matches

    def _agent_match(self, index: int, key: str) -> AgentMatch:
        entry = self._entry(index)
        code = entry.codes[0].code
        parts = split_code(code, self.states)
        return AgentMatch(entry_id=entry.id, phrase=key, code=code, sector=parts.sector, secondary=parts.secondary)

    def _first_tokens(self) -> dict[str, int]:
        """Longest name length (in tokens) for each first token, over names and agent phrases."""
        first: dict[str, int] = {}
        for table in (self._index, self._agents):
            for key in table:
                head, _, _ = key.partition(" ")
                length = key.count(" ") + 1
                if length > first.get(head, 0):
                    first[head] = length
        return first

    def _surname_index(self) -> dict[str, list[int]]:
        surnames: dict[str, list[int]] = {}
        for index, row in enumerate(self._rows):
            if row[1] != "person":
                continue
            seen = set()
            for name in row[4]:
                words = [word for word in name.split() if word not in _NAME_SUFFIXES]
                if len(words) >= 2 and len(words[-1]) > 1 and words[-1] not in seen and words[-1] not in self.cased:
                    seen.add(words[-1])
                    surnames.setdefault(words[-1], []).append(index)
        return surnames


def _merge(rows: list[list], index: dict[str, list[int]], ids: dict[str, int], items: list[dict], source: str) -> None:
    """Attach overlay-layout entries to the entries they match (same kind family, a shared name,
    the same country), or add them as entries of their own; their codes are tagged ``source``.
    ``rows``, ``index`` and ``ids`` are changed in place (a bucket or row is replaced, never mutated,
    so copies of the containers stay as they were)."""
    for item in items:
        names = [name for name in item.get("names", []) if name]
        kind, country = item.get("kind"), item.get("country")
        family = {"person"} if kind == "person" else ORGANISATION_KINDS
        codes = [[c["code"], c.get("start"), c.get("end"), c.get("role"), source] for c in item.get("codes", [])]
        targets = []
        for name in names:
            for position in index.get(name, ()):
                row = rows[position]
                if row[1] in family and (not country or row[3] == country) and position not in targets:
                    targets.append(position)
        if not targets:
            entry_id = f"{source}:" + item["key"].split(":", 1)[-1].replace(" ", "-")
            rows.append([entry_id, kind, item["name"], country, [], [], None, item.get("note"), source, item.get("wikidata")])
            ids[entry_id] = len(rows) - 1
            targets = [len(rows) - 1]
        for position in targets:
            row = list(rows[position])
            row[4] = list(row[4]) + [name for name in names if name not in row[4]]
            row[5] = codes + [code for code in row[5] if len(code) < 5] + [code for code in row[5] if len(code) >= 5]
            if len(row) < 10:
                row.append(None)
            row[9] = row[9] or item.get("wikidata")
            rows[position] = row
            for name in names:
                bucket = index.get(name, [])
                if position not in bucket:
                    index[name] = [*bucket, position]


class _Base:
    """The shipped document indexed once per process."""

    def __init__(self, document: dict) -> None:
        self.rows: list[list] = list(document["entries"])
        self.states = document["states"]
        self.cased = frozenset(document.get("cased", ()))
        self.index: dict[str, list[int]] = {}
        self.agents: dict[str, list[int]] = {}
        self.ids: dict[str, int] = {}
        for position, row in enumerate(self.rows):
            self.ids[row[0]] = position
            table = self.agents if row[1] == "agent" else self.index
            for name in row[4]:
                bucket = table.get(name)
                if bucket is None:
                    table[name] = [position]
                elif bucket[-1] != position:
                    bucket.append(position)
        self.curated = len(document.get("curated", ()))
        if self.curated:
            _merge(self.rows, self.index, self.ids, document["curated"], "communique")


def _skeleton(word: str) -> str:
    """A word's consonants with repeats collapsed: sergei, sergey → srg; dmitri, dimitry → dmtr."""
    out = []
    for char in word:
        if char not in "aeiouy'" and (not out or out[-1] != char):
            out.append(char)
    return "".join(out)


def _in_order(wanted: list[str], tokens: list[str]) -> bool:
    """True when every wanted word matches a token, in order (equal, or same first letter and skeleton)."""
    position = 0
    for word in wanted:
        skeleton = _skeleton(word)
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if token == word or (len(skeleton) >= 2 and token[:1] == word[:1] and _skeleton(token) == skeleton):
                break
        else:
            return False
    return True


def _with_form(match: Match, form: str) -> Match:
    return Match(**{**{name: getattr(match, name) for name in Match.__slots__}, "form": form})


_lock = threading.Lock()
_base: tuple[dict, _Base] | None = None
_cache: dict[tuple, KnowledgeBase] = {}
load_seconds: float | None = None
"""Seconds the last load of the shipped file took (reading, decompressing, parsing, indexing)."""


def load_kb(kb_dir: Path | str | None = None, *, overlay: bool = True) -> KnowledgeBase:
    """The knowledge base: the shipped file (read once per process) merged with the user's overlay.

    ``kb_dir`` is the overlay's folder (default: ``$COMMUNIQUE_KB_DIR`` or
    ``~/.local/share/communique/kb``); ``overlay=False`` gives the shipped entries alone. The result
    is cached and reused until the overlay file changes.
    """
    global _base, load_seconds
    with _lock:
        if _base is None:
            started = time.perf_counter()
            document = read_shipped()
            _base = (document, _Base(document))
            load_seconds = time.perf_counter() - started
        document, base = _base
        path = overlay_path(kb_dir) if overlay else None
        stamp = None
        if path is not None and path.exists():
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        key = (str(path.resolve()) if path is not None else None, stamp)
        kb = _cache.get(key)
        if kb is None:
            kb = KnowledgeBase(document, read_overlay(path.parent) if stamp else None, base=base)
            _cache[key] = kb
        return kb


def clear_cache() -> None:
    """Forget the loaded knowledge base (the next :func:`load_kb` reads the files again)."""
    global _base
    with _lock:
        _base = None
        _cache.clear()


__all__ = [
    "AgentMatch",
    "Code",
    "Entry",
    "KnowledgeBase",
    "Match",
    "Piece",
    "clear_cache",
    "default_kb_dir",
    "load_kb",
]
