"""The CAMEO codebook: each event code's description, Goldstein score, QuadClass and PLOVER category.

The shipped ``cameo/data/codebook.json`` is built by ``scripts/build_cameo.py`` from the CAMEO code
and Goldstein tables (as GDELT publishes them) and the CAMEO→PLOVER table of the PLOVER manual
(CC BY-SA 4.0; attribution in the file's ``notice``). A code the tables lack (a user's dictionary
may use any) takes the facts of its nearest listed parent ("0874" → "087" → "08").
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from communique.model import EventCode

CODEBOOK_FILE = "codebook.json"


def quad_class(root: str) -> int | None:
    """QuadClass of a two-digit root: 01–05 verbal cooperation (1), 06–09 material cooperation (2),
    10–14 verbal conflict (3), 15–20 material conflict (4); ``None`` for anything else."""
    if not (len(root) == 2 and root.isdigit()):
        return None
    number = int(root)
    if 1 <= number <= 5:
        return 1
    if 6 <= number <= 9:
        return 2
    if 10 <= number <= 14:
        return 3
    if 15 <= number <= 20:
        return 4
    return None


@lru_cache(maxsize=1)
def codebook() -> dict[str, list]:
    """Code → ``[description, goldstein, plover_category, plover_mode, plover_context]`` (shipped file)."""
    path = resources.files("communique.cameo").joinpath("data", CODEBOOK_FILE)
    return json.loads(path.read_text(encoding="utf-8"))["codes"]


def event_code(cameo: str) -> EventCode:
    """The :class:`EventCode` of a CAMEO code, with what the codebook knows of it or of its parent."""
    book = codebook()
    facts = next((book[cameo[:size]] for size in range(len(cameo), 1, -1) if cameo[:size] in book), None)
    description, goldstein, category, mode, context = facts if facts else (None, None, None, None, None)
    if cameo not in book:
        description = None
    root = cameo[:2]
    return EventCode(
        cameo=cameo,
        root=root,
        description=description,
        goldstein=goldstein,
        quad_class=quad_class(root),
        plover_category=category,
        plover_mode=mode,
        plover_context=context,
    )
