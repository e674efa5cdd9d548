"""CAMEO/Phoenix actor codes: splitting a code into country, sector and the rest, and dates.

A CAMEO actor code is a string of three-letter parts. The first part says who the
actor belongs to, the later parts what it is:

* a **state** (``RUS``, ``USA``, ``KSV``…): ``RUSGOV`` is Russia's government,
  ``IRQGOVMIL`` Iraq's government, military branch;
* a **non-state class** (``IGO``, ``NGO``, ``IMG``, ``MNC``): ``IGOUNOIAE`` is an
  intergovernmental organisation in the UN system (``UNO``), namely the IAEA (``IAE``);
* a **sector alone** (``ELI``, ``MED``…), as for a former UN Secretary-General's default
  code ``[ELI]``; and agent codes (``~GOV``) that are added to an actor's code.

:func:`split_code` turns a code into :class:`CodeParts` by this rule, which the rest of
communique relies on:

``country``
    the ISO 3166 alpha-3 code of a leading state part (CAMEO ``KSV`` → ``XKX``, ``TMP`` →
    ``TLS``); for a non-state class (``NGO``, ``MNC``…) followed directly by a state part,
    that state (``MNCUSA`` → ``USA``); otherwise ``None`` (``IGOUNOIAE``).
``sector``
    the first part, after the leading one, that is a sector/role code (:data:`SECTORS`:
    GOV, MIL, REB, COP, ELI, HLH…); if none, a leading non-state class itself (``IGO``,
    ``NGO``, ``IMG``, ``MNC``) or a leading sector (``ELI``); else ``None`` (``RUS``).
``secondary``
    the other sector parts in order (``IRQGOVMIL`` → ``("MIL",)``).
``orgs``
    the remaining parts that name organisations or regions (``IGOUNOHLHWHO`` →
    ``("UNO", "WHO")``, sector ``HLH``).

Dates in the Phoenix dictionaries are ``YYMMDD`` (years ≤ 30 are 20xx, the rest 19xx —
no date in the files falls between 2015 and 2030) or ``YYYYMMDD``; :func:`parse_tabari_date`
turns either into ISO 8601.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Sector and role codes of CAMEO, with the PLOVER-era additions (JRN, PRM, PRE, SOC, UNK).
SECTORS: frozenset[str] = _words(
    """
    GOV MIL REB OPP PTY COP JUD SPY LEG ELI BUS CRM CVL DEV EDU ENV HLH HRI LAB MED REF AGR UAF INS SEP MOD RAD
    AMN IRC SET JRN PRM PRE SOC UNK PPL REL CHR MUS JEW HIN BUD CTH PRO ORT SHI SUN SIK TAO ZRO ALE ATH BAH CON
    DOX ITH JAN JHW LDS MOS MAR MET UDO ADR
    """
)
"""Three-letter parts that say what an actor is (the sector or a secondary role)."""

NON_STATE: frozenset[str] = frozenset({"IGO", "NGO", "IMG", "MNC"})
"""Leading parts for intergovernmental, non-governmental, militarised non-state and business actors."""

PIVOT_YEAR = 30
"""Two-digit years up to this are 20xx, the others 19xx."""


@dataclass(frozen=True, slots=True)
class CodeParts:
    """What :func:`split_code` reads from a CAMEO code."""

    code: str
    country: str | None
    sector: str | None
    secondary: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    head: str | None = None
    """The leading part as written (``RUS``, ``IGO``, ``ELI``)."""


def chunks(code: str) -> list[str]:
    """``code`` cut into three-letter parts (a shorter last part is kept as it is)."""
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def split_code(code: str, states: Mapping[str, str | None]) -> CodeParts:
    """Country (ISO3), sector, secondary roles and organisation parts of a CAMEO ``code``.

    ``states`` maps each CAMEO state code to its ISO 3166 alpha-3 code (``KnowledgeBase.states``).
    Agent codes (``~GOV``, ``IGO~``) are read without their tilde.
    """
    clean = code.replace("~", "").strip().upper()
    parts = chunks(clean)
    if not parts:
        return CodeParts(code=code, country=None, sector=None)
    head, rest = parts[0], parts[1:]
    country: str | None = None
    sectors: list[str] = []
    orgs: list[str] = []
    if head in states:
        country = states[head]
    elif head in NON_STATE:
        if rest and rest[0] in states:
            country = states[rest[0]]
            rest = rest[1:]
    elif head in SECTORS:
        sectors.append(head)
    else:
        orgs.append(head)
    for part in rest:
        (sectors if part in SECTORS else orgs).append(part)
    if sectors:
        sector, secondary = sectors[0], tuple(sectors[1:])
    else:
        sector, secondary = (head if head in NON_STATE else None), ()
    return CodeParts(code=code, country=country, sector=sector, secondary=secondary, orgs=tuple(orgs), head=head)


def parse_tabari_date(text: str) -> str | None:
    """``YYMMDD`` or ``YYYYMMDD`` as ISO ``YYYY-MM-DD``; ``None`` when it is neither or no real date."""
    if not text.isdigit():
        return None
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= PIVOT_YEAR else 1900
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1024)
def iso_date(text: str | None) -> str | None:
    """An article date for comparisons: ``YYYY-MM-DD`` as is, ``YYYY-MM`` as its 15th,
    ``YYYY`` as 1 July; ``None`` for a missing or unreadable date (the date is then unknown).
    Remembered: every look-up of an article asks for its date, and ``strptime`` is slow."""
    if not text:
        return None
    text = text.strip()[:10]
    for fmt, suffix in (("%Y-%m-%d", ""), ("%Y-%m", "-15"), ("%Y", "-07-01")):
        try:
            _dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return text + suffix
    return None


def combine(actor_code: str | None, agent_code: str) -> str:
    """An agent code applied to an actor code, as PETRARCH does.

    ``~COP`` is appended (``IRQ`` + ``~COP`` → ``IRQCOP``); ``IGO~`` is prepended
    (``IGO~`` + ``UNO`` → ``IGOUNO``). With no actor code the agent code stands alone.
    """
    if agent_code.endswith("~"):
        return agent_code[:-1] + (actor_code or "")
    return (actor_code or "") + agent_code.lstrip("~")
