"""A short actor phrase to a CAMEO code: "French soldiers" → ``FRAMIL``, "OTTAWA" → ``CANGOV``.

:func:`code_phrase` reads a phrase such as a mention, a speaker's description or a title
("former President Viktor Yanukovich", "Germany’s ambassador to Italy", "Kuwaiti National
Guard", "three Russian warplanes") with the knowledge base alone: dictionary look-ups, no model.
It is a pure function of ``(kb, text, date, context)``: the same arguments always give the same
answer. The steps, first hit wins:

1. **pronouns** ("he", "they") name an actor the phrase cannot identify: no code, role unknown;
2. **the whole text** is a KB name: a state ("New Zealand"), a capital ("OTTAWA" stands for the
   government: ``IRNGOV``), a person with the code valid on ``date`` ("Tony Blair" on 2003-01-01:
   ``GBRGOV``), an organisation, group or IGO ("CIA": ``USASPY``);
3. **a person's name** of two words or more, through :meth:`KnowledgeBase.lookup_person` (name
   variants and transliterations), else the one person spelt alike in another transliteration
   ("Aleksandr Lukashenko" → Alyaksandr Lukashenka, "Viktor Yanukovich" → Viktor Yanukovych);
   a lone surname only when a date is given and exactly one person held a coded role on it;
4. **pieces** of the text (:meth:`KnowledgeBase.find_in_text`):

   - the *actor* is a named actor with a sector ("Hezbollah gunmen" → the group, ``LBNREB``;
     "Hamas, the militant group" → Hamas), else the *owner*: the first state named as a
     country, adjective, demonym, city or capital ("Istanbul police" → ``TUR``), or an
     international body ("European Union diplomats" → ``IGOEUREEC`` + GOV). A name after
     "to"/"against" is a target, not an owner ("Mexican Ambassador to the United Nations" →
     ``MEXGOV``; "Germany’s ambassador to Italy" → ``DEUGOV``). A place name that follows an
     unknown capitalised word is part of a name the KB lacks ("Feliciano Valencia" is no Spaniard);
   - the *agent* is the head noun's: the rightmost agent before the first preposition
     ("Muslim leaders in Germany" → ~MUS), else the first agent after it ("A team of heavily armed
     police" → ~COP); a spokesperson speaks for the agent or body before them ("the provincial
     governor's spokesman" → ~GOV, not the media code of "spokesman");
   - owner + agent are combined as PETRARCH does (``USA`` + ``~MIL`` → ``USAMIL``);
   - "former", "ex-", "retired" before an official (GOV, MIL, LEG, JUD, COP, SPY) make an elite:
     ``ELI`` ("a former Kremlin official" → ``RUSELI``).

5. **context**: when the phrase names no owner, a state named in ``context`` (the sentence
   around the phrase, a known country) is used ("Interior Minister" with "Spanish" → ``ESPGOV``).

Nothing found → ``None`` ("qwzxplorvtn", "a request", "Zorblax Quintavian").

**Readings of the code.** ``PhraseCode.sector`` and ``secondary`` are CAMEO's parts of the code
(:func:`communique.kb.split_code`). ``country`` is the ISO 3166 alpha-3 code, with the NGEC/POLECAT
convention for international bodies: ``UNO`` for UN bodies, ``EUR`` for the European Union, ``IGO``
for other intergovernmental organisations, ``""`` for none. ``code_1``/``code_2`` are the
PLOVER-style sector codes the POLECAT data set uses: CAMEO's MED (media) is JRN, HLH (health) is
MED, every religion code (MUS, CHR, …) is REL, PPL (generic people) is UNK, MNC is BUS, a
paramilitary agent (CAMEO ~MIL) is PRM; and a
phrase with a known owner but words the KB cannot code ("Lebanese island") has ``code_1 == "UNK"`` where a bare state ("Chileans") has ``""``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from communique.kb.codes import NON_STATE, SECTORS, chunks, combine
from communique.kb.lookup import AgentMatch, KnowledgeBase, Match, Piece
from communique.kb.normalise import normalise, tokenize

MAX_CHARS = 300
"""Longer phrases are read up to this many characters (a mention is rarely longer than 80)."""

STATE_KINDS = frozenset({"country", "capital", "place"})
ACTOR_KINDS = frozenset({"person", "organisation", "igo", "ngo", "company", "group"})
OFFICIAL_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY", "ELI"})
"""Sectors whose holders become elites (ELI) when "former"."""
FORMER_WORDS = frozenset({"former", "ex", "retired", "onetime", "erstwhile"})
PRONOUNS = frozenset(
    {"he", "she", "they", "we", "i", "you", "him", "her", "them", "someone", "somebody", "anyone", "anybody"}
)
PREPOSITIONS = frozenset(
    {
        "of", "in", "to", "at", "for", "from", "with", "on", "across", "near", "inside", "within", "by",
        "against", "among", "around", "throughout", "under", "over", "into", "outside", "toward", "towards",
    }
)  # fmt: skip
TARGET_WORDS = frozenset({"to", "against", "toward", "towards"})
"""A name right after these is whom an actor is sent to or acts on, not the actor's owner."""
REPRESENTATIVES = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokesmen", "spokeswomen", "spokespersons", "spokespeople"}
)
"""Agents who speak for someone else: the one they speak for decides the code."""
FILLER = frozenset(
    {
        "a", "an", "the", "some", "several", "many", "few", "most", "all", "both", "each", "every", "other",
        "another", "these", "those", "this", "that", "and", "or", "'s", "one", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundreds", "thousands", "largest", "biggest",
        "main", "new", "own", "its", "their", "his", "her", "led", "based",
    }
)  # fmt: skip
"""Words that add nothing to who an actor is (for the "unknown role" reading)."""
_LEADING = frozenset({"a", "an", "the"})
_NAME_PARTICLES = frozenset({"de", "da", "do", "dos", "du", "la", "le", "van", "von", "der", "bin", "ibn", "al", "el"})
_TITLE_ABBREVIATIONS = {
    "Sen": "Senator",
    "Gov": "Governor",
    "Pres": "President",
    "Amb": "Ambassador",
    "Atty": "Attorney",
    "Lt": "Lieutenant",
    "Col": "Colonel",
    "Maj": "Major",
    "Capt": "Captain",
    "Adm": "Admiral",
    "Sgt": "Sergeant",
    "Cmdr": "Commander",
    "Brig": "Brigadier",
    "Rep": "Representative",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(_TITLE_ABBREVIATIONS) + r")\.(?=\s+[A-Z])")
_QUOTES = "\"'“”‘’«»()[]{}<>,;:.!?-–— \t\r\n"

RELIGION_SECTORS = frozenset(
    {
        "REL", "MUS", "CHR", "JEW", "HIN", "BUD", "CTH", "PRO", "ORT", "SHI", "SUN", "SIK", "TAO", "ZRO", "ALE",
        "ATH", "BAH", "CON", "DOX", "ITH", "JAN", "JHW", "LDS", "MOS", "MAR", "MET", "UDO", "ADR",
    }
)  # fmt: skip
PLOVER_SECTORS = {"MED": "JRN", "HLH": "MED", "PPL": "UNK", "MNC": "BUS", "IGO": "", "NGO": "", "IMG": ""}
"""CAMEO sector → PLOVER-style code where they differ (religions → REL besides)."""


def plover_sector(sector: str) -> str:
    """A CAMEO sector code read as POLECAT/PLOVER does: MED → JRN, HLH → MED, MUS → REL, PPL → UNK."""
    if sector in RELIGION_SECTORS:
        return "REL"
    return PLOVER_SECTORS.get(sector, sector)


@dataclass(frozen=True, slots=True)
class PhraseCode:
    """What :func:`code_phrase` makes of a phrase."""

    code: str | None
    """CAMEO code (``USAMIL``, ``IRNGOV``, ``IGOUNOHLHWHO``); ``None`` for a pronoun or a known person
    with no coded role on the date."""
    country: str
    """ISO 3166 alpha-3; ``UNO``, ``EUR`` or ``IGO`` for international bodies; ``""`` for none."""
    sector: str
    """CAMEO sector of the code (MIL, GOV, IGO…), ``""`` for none."""
    secondary: str
    """The next CAMEO sector of the code (``GBRGOVMIL`` → MIL), ``""`` for none."""
    entry_id: str | None
    """The KB entry the code comes from (a state, capital, person, organisation…), if one."""
    pieces: tuple[str, ...]
    """What was used, as ``text=CODE`` strings ("Istanbul=TUR", "police=~COP")."""
    reason: str
    """One line saying how the code was reached."""
    kind: str = "agent"
    """pronoun, country, capital, place, person, organisation, igo, ngo, company, group or agent
    (built from an owner and/or an agent phrase)."""
    unknown_role: bool = False
    """The phrase says more than the KB could code (a pronoun; "Lebanese island")."""
    agent: str = ""
    """The agent phrase used (normalised: "national guard"), ``""`` for none."""

    @property
    def code_1(self) -> str:
        """PLOVER-style primary sector (see the module's docstring): ``""`` none, ``UNK`` unknown;
        PRM for paramilitaries, a sector PLOVER has and CAMEO codes as MIL."""
        if self.sector == "MIL" and "paramilitar" in self.agent:
            return "PRM"
        primary = plover_sector(self.sector)
        if not primary and self.unknown_role:
            return "UNK"
        return primary

    @property
    def code_2(self) -> str:
        """PLOVER-style secondary sector, ``""`` for none."""
        return plover_sector(self.secondary)


def code_phrase(
    kb: KnowledgeBase, text: str, date: str | None = None, *, context: str | None = None
) -> PhraseCode | None:
    """The actor that a short ``text`` names, coded with ``kb`` for ``date`` (ISO; ``None`` = unknown).

    ``context`` (optional) is text around the phrase or a known country; a state it names is the
    owner when the phrase names none. Returns ``None`` when the phrase names no actor the KB knows.
    See the module's docstring for the rules.
    """
    if not isinstance(text, str):
        return None
    text = " ".join(text[:MAX_CHARS].split()).strip(_QUOTES)
    if not any(char.isalpha() for char in text):
        return None
    if text.lower() in PRONOUNS and (text.islower() or text[1:].islower()):
        return PhraseCode(None, "", "", "", None, (), "a pronoun: an actor the phrase does not name", "pronoun", True)
    text = _ABBREVIATION.sub(lambda match: _TITLE_ABBREVIATIONS[match.group(1)], text)
    result = _whole_text(kb, text, date)
    if result is None:
        result = _from_pieces(kb, text, date)
    if result is not None and context and not _owned(kb, result.code):
        result = _with_context(kb, result, context, date)
    return result


# ---- whole-text look-ups ----------------------------------------------------------------------


def _whole_text(kb: KnowledgeBase, text: str, date: str | None) -> PhraseCode | None:
    name = _strip_leading(text)
    matches = kb.lookup(name, date)
    if matches:
        return _from_match(kb, matches[0], f"the whole text names {matches[0].kind} {matches[0].name!r}", date)
    if not _looks_like_name(name):
        return None
    words = normalise(name).split()
    if len(words) == 1:
        if date is None:
            return None  # a lone surname without a date is too weak ("Brown": which one?)
        dated = [match for match in kb.lookup_surname(name, date) if match.rule == "dated"]
        if len(dated) == 1:
            return _from_match(kb, dated[0], f"the only person named {name!r} with a role on {date}", date)
        return None
    persons = kb.lookup_person(name, date)
    dated = [match for match in persons if match.rule == "dated"]
    if len(persons) == 1 or (date and len(dated) == 1):
        match = persons[0] if len(persons) == 1 else dated[0]
        return _from_match(kb, match, f"the person {match.name!r} ({match.form})", date)
    if not persons:
        match = _sounds_alike(kb, words, date)
        if match is not None:
            return _from_match(kb, match, f"the person {match.name!r}, the only one spelt alike", date)
    return None


def _looks_like_name(text: str) -> bool:
    """Capitalised words (name particles aside), as a person's name is written."""
    words = text.split()
    return bool(words) and len(words) <= 6 and all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words)


def _sounds_alike(kb: KnowledgeBase, words: list[str], date: str | None) -> Match | None:
    """The one person whose name is spelt like ``words`` in another transliteration: the surname with
    the same consonants ("Lukashenko" ~ "Lukashenka", "Yanukovich" ~ "Yanukovych"), every other word
    matching one of theirs in order (same consonants, or the same beginning of four letters or more:
    "Ukhnaagiin" ~ "Ukhna", "Alexander" ~ "Alyaksandr"); ``None`` when there are several or none."""
    surname = words[-1]
    key = _skeleton(surname)
    if len(key) < 3:
        return None
    found = []
    for entry_id, name_words in _sound_index(kb).get((surname[0], key), ()):
        if _alike_in_order(words[:-1], name_words[:-1]) and entry_id not in found:
            found.append(entry_id)
    if len(found) != 1:
        return None
    entry = kb.entry(found[0])
    matches = [match for match in kb.lookup(entry.name, date, kinds={"person"}) if match.entry_id == entry.id]
    return matches[0] if matches else None


_SOUND_INDEXES: dict[int, tuple[KnowledgeBase, dict]] = {}


def _sound_index(kb: KnowledgeBase) -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    """(first letter, consonant skeleton) of each person's surname → (entry id, name words); built once per KB."""
    cached = _SOUND_INDEXES.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    index: dict[tuple[str, str], list[tuple[str, list[str]]]] = {}
    for row in kb._rows:  # the raw rows (id, kind, name, country, names, …): no Entry objects for 18,000 persons
        if row[1] != "person":
            continue
        for name in row[4]:
            name_words = name.split()
            if len(name_words) >= 2 and name_words[-1][:1].isalpha():
                index.setdefault((name_words[-1][0], _skeleton(name_words[-1])), []).append((row[0], name_words))
    _SOUND_INDEXES.clear()
    _SOUND_INDEXES[id(kb)] = (kb, index)
    return index


def _skeleton(word: str) -> str:
    """A word's consonants, repeats collapsed, x read as ks and ph as f: alexander, alyaksandr → lksndr."""
    out: list[str] = []
    for char in word.replace("x", "ks").replace("ph", "f"):
        if char.isalpha() and char not in "aeiouyw" and (not out or out[-1] != char):
            out.append(char)
    return "".join(out)


def _alike(given: str, known: str) -> bool:
    if given == known:
        return True
    if given[:1] != known[:1]:
        return False
    if min(len(given), len(known)) >= 4 and (given.startswith(known) or known.startswith(given)):
        return True
    key = _skeleton(given)
    return len(key) >= 2 and key == _skeleton(known)


def _alike_in_order(wanted: list[str], known: list[str]) -> bool:
    position = 0
    for word in wanted:
        while position < len(known) and not _alike(word, known[position]):
            position += 1
        if position == len(known):
            return False
        position += 1
    return True


def _from_match(kb: KnowledgeBase, match: Match, reason: str, date: str | None) -> PhraseCode:
    code = match.code
    if code is None:  # a known person without a coded role on the date: their state only
        state = _cameo_state(kb, match.country)
        when = f"on {date}" if date else "(no date)"
        return PhraseCode(
            state,
            match.country or "",
            "",
            "",
            match.entry_id,
            (f"{match.name}={state or '-'}",),
            f"{reason}; no coded role {when}",
            match.kind,
        )
    country, sector, secondary = _readings(kb, code, match.country)
    return PhraseCode(code, country, sector, secondary, match.entry_id, (f"{match.name}={code}",), reason, match.kind)


# ---- pieces ---------------------------------------------------------------------------------


@dataclass
class _Part:
    piece: Piece
    first: int
    last: int
    """Token indexes of the piece (inclusive)."""
    entity: Match | None
    agent: AgentMatch | None
    target: bool = False


def _from_pieces(kb: KnowledgeBase, text: str, date: str | None) -> PhraseCode | None:
    tokens = tokenize(text)
    if not tokens:
        return None
    starts = {start: index for index, (start, _, _) in enumerate(tokens)}
    ends = {end: index for index, (_, end, _) in enumerate(tokens)}
    parts: list[_Part] = []
    covered: set[int] = set()
    for piece in kb.find_in_text(text, date):
        first, last = starts.get(piece.start), ends.get(piece.end)
        if first is None or last is None:
            continue
        entity = piece.matches[0] if piece.matches else None
        if entity is not None and entity.kind not in STATE_KINDS | ACTOR_KINDS:
            entity = None
        parts.append(_Part(piece, first, last, entity, piece.agent if entity is None else None))
        covered.update(range(first, last + 1))
    surfaces = [text[start:end] for start, end, _ in tokens]
    norms = [token for _, _, token in tokens]
    for part in parts:
        before = part.first - 1
        if before >= 0 and norms[before] == "the":
            before -= 1
        if before >= 0 and before not in covered and norms[before] in TARGET_WORDS:
            part.target = True
        # "Valencia" in "Feliciano Valencia", "Organization" in "... Treaty Organization": part of an unknown name.
        if (
            part.entity is not None
            and part.entity.kind != "person"
            and part.entity.form in ("name", "alias")
            and part.first > 0
            and part.first - 1 not in covered
            and surfaces[part.first - 1][:1].isupper()
            and norms[part.first - 1] not in FILLER
        ):
            part.entity, part.agent = None, part.piece.agent
    parts = [part for part in parts if part.entity is not None or part.agent is not None]
    if not parts:
        return None

    free_prepositions = [i for i, norm in enumerate(norms) if norm in PREPOSITIONS and i not in covered]
    boundary = free_prepositions[0] if free_prepositions else len(tokens)
    agent_part = _head_agent(parts, boundary, free_prepositions, len(tokens))
    actor = next(
        (
            part
            for part in parts
            if part.entity is not None
            and not part.target
            and part.entity.kind in ACTOR_KINDS
            and part.entity.code
            and _real_sector(kb, part.entity.code)
        ),
        None,
    )
    if agent_part is not None and agent_part.agent.phrase in REPRESENTATIVES:
        principal = _principal(parts, agent_part)
        if principal is not None and principal.agent is not None:
            agent_part = principal
        elif principal is not None:
            actor, agent_part = principal, None
    owner = next((part for part in parts if part.entity is not None and not part.target and part is not actor), None)
    former = any(
        (norm in FORMER_WORDS and i not in covered) for i, norm in enumerate(norms[: _head_index(agent_part, actor)])
    ) or any(
        part.agent is not None and part.agent.sector == "ELI" and part is not agent_part
        for part in parts
        if part.last < _head_index(agent_part, actor)
    )

    used: list[str] = []
    code: str | None
    kind = "agent"
    entry_id = None
    if actor is not None and actor.entity.code is not None:
        code, kind, entry_id = actor.entity.code, actor.entity.kind, actor.entity.entry_id
        used.append(f"{actor.piece.text}={code}")
        reason = f"{actor.entity.kind} {actor.entity.name!r}"
    else:
        owner_code = _owner_code(kb, owner.entity) if owner is not None else None
        if owner is not None:
            used.append(f"{owner.piece.text}={owner_code}")
            entry_id = owner.entity.entry_id
        if agent_part is not None:
            code = agent_part.agent.apply(owner_code)
            used.append(f"{agent_part.piece.text}={agent_part.agent.code}")
            reason = (
                f"{owner.entity.kind} {owner.entity.name!r} + agent {agent_part.agent.phrase!r}"
                if owner is not None
                else f"agent {agent_part.agent.phrase!r}, no owner named"
            )
        elif owner_code is not None:
            code, kind = owner_code, owner.entity.kind
            reason = f"{owner.entity.kind} {owner.entity.name!r}, no agent"
        else:
            return None
    country, sector, secondary = _readings(kb, code, actor.entity.country if actor is not None else None)
    if former and sector in OFFICIAL_SECTORS:
        code = "".join(part for part in chunks(code) if part not in SECTORS) + "ELI"
        country, sector, secondary = _readings(kb, code, actor.entity.country if actor is not None else None)
        reason += "; former official → ELI"
    rest = [
        norm
        for i, norm in enumerate(norms)
        if i not in covered and norm.isalpha() and norm not in FILLER and norm not in PREPOSITIONS
    ]
    unknown = not sector and bool(rest)
    agent = agent_part.agent.phrase if agent_part is not None and (actor is None or actor.entity.code is None) else ""
    return PhraseCode(code, country, sector, secondary, entry_id, tuple(used), reason, kind, unknown, agent)


def _head_agent(parts: list[_Part], boundary: int, prepositions: list[int], length: int) -> _Part | None:
    """The head noun's agent: the rightmost agent before the first free preposition, else the rightmost
    agent of the first later stretch (between prepositions) that has one."""
    agents = [part for part in parts if part.agent is not None and not part.target]
    head = [part for part in agents if part.last < boundary]
    if head:
        return head[-1]
    limits = [*prepositions, length]
    for low, high in pairwise(limits):
        stretch = [part for part in agents if low < part.first and part.last < high]
        if stretch:
            return stretch[-1]
    return None


def _principal(parts: list[_Part], speaker: _Part) -> _Part | None:
    """Whom a spokesperson speaks for: the closest agent or named body before them."""
    before = [part for part in parts if part.last < speaker.first and not part.target]
    for part in reversed(before):
        if part.agent is not None and part.agent.phrase not in REPRESENTATIVES:
            return part
        if part.entity is not None and part.entity.kind in ACTOR_KINDS:
            return part
    return None


def _head_index(agent_part: _Part | None, actor: _Part | None) -> int:
    """Token index where the head (agent or named actor) starts; "former" counts only before it."""
    heads = [part.first for part in (agent_part, actor) if part is not None]
    return max(heads) if heads else 0


# ---- codes ----------------------------------------------------------------------------------


def _real_sector(kb: KnowledgeBase, code: str) -> bool:
    """Whether a code says what the actor is (a sector), not only whose it is (``RUS``, ``IGOUNO``)."""
    sector = kb.split_code(code).sector
    return sector is not None and sector not in NON_STATE


def _owner_code(kb: KnowledgeBase, match: Match) -> str | None:
    """The code an owner lends to an agent: a state's code (a capital as a place: ``KORGOV`` → ``KOR``),
    or an international body's whole code (``IGOEUREEC``)."""
    if match.code is None:
        return _cameo_state(kb, match.country)
    if "/" in match.code:  # an entry standing for several actors (a user's dictionary: FRO/BIL/SAM)
        return match.code
    head = chunks(match.code)[0]
    if match.kind in STATE_KINDS and head in kb.states:
        return head
    if head in kb.states and not _real_sector(kb, match.code):
        return match.code
    if head in NON_STATE:
        return "".join(part for part in chunks(match.code) if part not in SECTORS or part in NON_STATE)
    return head if head in kb.states else None


def _owned(kb: KnowledgeBase, code: str | None) -> bool:
    """Whether a code names its owner (a state or an international body), not only a sector."""
    if not code:
        return False
    head = chunks(code)[0]
    return head in kb.states or head in NON_STATE or head not in SECTORS


def _with_context(kb: KnowledgeBase, result: PhraseCode, context: str, date: str | None) -> PhraseCode:
    state = None
    for piece in kb.find_in_text(context, date):
        match = piece.matches[0] if piece.matches else None
        if match is not None and match.kind in STATE_KINDS:
            state = _owner_code(kb, match)
            if state:
                break
    if state is None:
        return result
    code = combine(state, "~" + result.code) if result.code else state
    country, sector, secondary = _readings(kb, code, None)
    return PhraseCode(
        code,
        country,
        sector,
        secondary,
        result.entry_id,
        (*result.pieces, f"context={state}"),
        f"{result.reason}; owner {state} from the context",
        result.kind,
        result.unknown_role,
        result.agent,
    )


def _readings(kb: KnowledgeBase, code: str, fallback_country: str | None) -> tuple[str, str, str]:
    """Country (with the IGO/UNO/EUR convention), CAMEO sector and secondary sector of ``code``."""
    parts = kb.split_code(code)
    if parts.country:
        country = parts.country
    elif parts.head == "IGO":
        country = "UNO" if parts.orgs[:1] == ("UNO",) else "EUR" if parts.orgs[:1] == ("EUR",) else "IGO"
    elif parts.head in NON_STATE:
        country = ""
    else:
        country = fallback_country or ""
    return country, parts.sector or "", parts.secondary[0] if parts.secondary else ""


def _cameo_state(kb: KnowledgeBase, iso: str | None) -> str | None:
    if not iso:
        return None
    if iso in kb.states and kb.states[iso] == iso:
        return iso
    return next((cameo for cameo, value in kb.states.items() if value == iso), None)


def _strip_leading(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


__all__ = ["PhraseCode", "code_phrase", "plover_sector"]
