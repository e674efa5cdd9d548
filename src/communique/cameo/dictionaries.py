"""The dictionaries event coding uses: verb patterns, actors and agents, discards.

:func:`shipped_dictionaries` gives communique's own: the verb lexicon built from the CAMEO verb
dictionary (``cameo/data/verbs.json``) and the knowledge base (:func:`communique.kb.load_kb`).
:func:`load_dictionaries` reads a folder of PETRARCH-format files instead (``--dictionaries DIR``),
so users can code with their own CAMEO dictionaries: files are recognised by name
(``*verbs*``, ``*actors*``, ``*agents*``, ``*discards*``); actors and agents become a knowledge
base of their own, read by the same phrase resolver.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from communique.cameo.verbs import VerbDictionary, from_json, read_verb_file
from communique.kb.build import build_from_dictionaries
from communique.kb.lookup import KnowledgeBase, load_kb

VERBS_FILE = "verbs.json"


class DictionaryError(ValueError):
    """A dictionary folder that cannot be used (named in the message, with why)."""


@dataclass
class Dictionaries:
    """Verb patterns, the knowledge base actors are coded with, and discard phrases."""

    verbs: VerbDictionary
    kb: KnowledgeBase
    discards: list[tuple[str, ...]] = field(default_factory=list)
    story_discards: list[tuple[str, ...]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def discarded(self, words: list[str], *, story: bool = False) -> bool:
        """True when the upper-case ``words`` contain a discard phrase (sentence or story level)."""
        phrases = self.story_discards if story else self.discards + self.story_discards
        return any(_contains(words, phrase) for phrase in phrases)


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


@lru_cache(maxsize=1)
def shipped_verbs() -> VerbDictionary:
    """The verb lexicon shipped with communique (built from CAMEO.2.0.txt by scripts/build_cameo.py)."""
    path = resources.files("communique.cameo").joinpath("data", VERBS_FILE)
    return from_json(json.loads(path.read_text(encoding="utf-8")))


def shipped_dictionaries() -> Dictionaries:
    """communique's own verb lexicon with the shipped knowledge base."""
    return Dictionaries(verbs=shipped_verbs(), kb=load_kb())


def load_dictionaries(folder: Path) -> Dictionaries:
    """The PETRARCH-format dictionaries of ``folder``; :class:`DictionaryError` when it has no verb file."""
    if not folder.is_dir():
        raise DictionaryError(f"{folder}: not a folder of dictionaries")
    files = sorted(path for path in folder.iterdir() if path.is_file())
    verb_files = [path for path in files if "verb" in path.name.lower()]
    actor_files = [path for path in files if "actor" in path.name.lower()]
    agent_files = [path for path in files if "agent" in path.name.lower()]
    discard_files = [path for path in files if "discard" in path.name.lower()]
    if not verb_files:
        raise DictionaryError(f"{folder}: no verb dictionary (a file with 'verbs' in its name)")
    warnings: list[str] = []
    verbs = VerbDictionary(source=", ".join(path.name for path in verb_files))
    for path in verb_files:
        verbs.merge(read_verb_file(path, warnings))
    if actor_files:
        document, more = build_from_dictionaries(actor_files, agent_files[0] if agent_files else None)
        warnings.extend(more)
        kb = KnowledgeBase(document)
    else:
        kb = load_kb()
    discards: list[tuple[str, ...]] = []
    story: list[tuple[str, ...]] = []
    for path in discard_files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            body = line.split("#", 1)[0].strip()
            if body:
                words = tuple(body.lstrip("+").replace("_", " ").upper().split())
                (story if body.startswith("+") else discards).append(words)
    return Dictionaries(verbs=verbs, kb=kb, discards=discards, story_discards=story, warnings=warnings)
