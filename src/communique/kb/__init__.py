"""The actor knowledge base: states, capitals, persons, organisations, groups and agents with their
CAMEO/Phoenix codes, built from the Phoenix dictionaries and extendable with current people.

Use::

    from communique.kb import load_kb
    kb = load_kb()                                   # cached; about 0.2 s the first time
    kb.lookup("Sergei Lavrov", "2009-10-13")[0].code            # 'RUSGOV'
    kb.lookup("Moscow")[0].kind, kb.lookup("Moscow")[0].code    # ('capital', 'RUSGOV')
    kb.lookup_surname("Clinton", "2009-10-13")[0].name          # 'Hillary Clinton'
    kb.agent("foreign minister").code                           # '~GOV'
    [(p.text, p.kind) for p in kb.find_in_text("Russian President Dmitry Medvedev", "2009-10-13")]
    # [('Russian', 'entity'), ('President', 'agent'), ('Dmitry Medvedev', 'entity')]

Every :class:`Match` carries the entry (id, kind, canonical name), the code valid on the date
with the rule that chose it (``dated``, ``default``, ``latest``, ``none``) and whether the date
was known, the ISO 3166 country, the sector (GOV, MIL, …) and the role note. The rules are in
:mod:`communique.kb.lookup`, the code anatomy in :mod:`communique.kb.codes`, the shipped format
and overlay location in :mod:`communique.kb.store`, the import layout in
:mod:`communique.kb.importer`, and the build in :mod:`communique.kb.build` (``docs/kb.md``
describes it all for users).
"""

from communique.kb.codes import CodeParts, combine, split_code
from communique.kb.lookup import AgentMatch, Code, Entry, KnowledgeBase, Match, Piece, clear_cache, load_kb
from communique.kb.normalise import normalise, tokenize
from communique.kb.store import default_kb_dir

__all__ = [
    "AgentMatch",
    "Code",
    "CodeParts",
    "Entry",
    "KnowledgeBase",
    "Match",
    "Piece",
    "clear_cache",
    "combine",
    "default_kb_dir",
    "load_kb",
    "normalise",
    "split_code",
    "tokenize",
]
