"""Actors: the article's mentions grouped into real-world actors and coded from the knowledge base.

Grouping and coding go together:

- a person is one actor however the article names them ("Sergei Lavrov",
  "Lavrov", "He", "The Russian foreign minister"): the same coreference
  (:class:`~communique.extract.coref.SpeakerResolver`) that resolves quote
  speakers decides, so quotes and actors can never disagree;
- a country is one actor with its capital when the capital acts or speaks
  ("Moscow praised…" is Russia's government); a place named only as a
  location ("in Moscow", "in New York") is not an actor;
- organisations are one actor per knowledge-base code ("IAEA" and "the
  International Atomic Energy Agency"), or per name when the KB lacks them.

Codes come from :mod:`communique.kb`, chosen by the article's date; with no
date, the undated default applies and the actor says so (``role_date`` is
null). A person missing from the KB keeps their in-article identity
(``resolved`` false) and, when the article gives a title ("US Secretary of
State Hillary Clinton"), a code built from it (country + agent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from communique.extract.coref import PRONOUNS, SpeakerResolver, strip_article
from communique.kb import KnowledgeBase, Match, load_kb
from communique.kb.phrase import code_phrase
from communique.model import Actor, Mention, Quote

ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "outside", "around", "throughout", "across", "within", "from"})
_STATE_KINDS = frozenset({"country", "capital"})
_TYPES = {
    "person": "PERSON",
    "country": "COUNTRY",
    "capital": "COUNTRY",
    "igo": "ORGANIZATION",
    "ngo": "ORGANIZATION",
    "organisation": "ORGANIZATION",
    "company": "ORGANIZATION",
    "group": "GROUP",
}
_NER_TYPES = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "COUNTRY", "NORP": "GROUP"}
_MAX_PHRASE_CHARS = 80
AGENT_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"})
"""Where a noun phrase stands when it acts or is acted on."""


@dataclass
class _Cluster:
    key: str
    names: list[str] = field(default_factory=list)
    mention_ids: list[str] = field(default_factory=list)
    match: Match | None = None
    label: str | None = None
    person_name: str | None = None
    title_code: str | None = None


def actors(
    doc: Doc,
    mentions: list[Mention],
    quotes: list[Quote],
    resolver: SpeakerResolver,
    date: str | None,
    kb: KnowledgeBase | None = None,
    text: str | None = None,
) -> list[Actor]:
    """The article's actors, numbered a1, a2... by first mention; links ``mentions`` and ``quotes`` to them.

    Speaker mentions that are pronouns or descriptions are added to ``mentions``. ``text`` is
    ``doc.text`` when the caller already has it (spaCy rebuilds it on every access).
    """
    kb = kb or load_kb()
    text = doc.text if text is None else text
    clusters: dict[str, _Cluster] = {}
    for mention in list(mentions):
        if mention.label not in ACTOR_LABELS:
            continue
        tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if tokens is None or not _acts(tokens.root, mention.label):
            continue
        _widen_to_known_phrase(kb, text, tokens.root, mention, date)
        cluster = _cluster_for(kb, clusters, resolver, tokens, mention, date)
        cluster.mention_ids.append(mention.id)
        mention.actor_id = cluster.key
    _add_speakers(kb, clusters, resolver, mentions, quotes, date)
    _add_agents(kb, doc, clusters, mentions, date)
    starts: dict[str, int] = {}
    for mention in mentions:
        starts[mention.id] = min(mention.start, starts.get(mention.id, mention.start))
    ordered = sorted(clusters.values(), key=lambda cluster: _first_start(cluster, starts))
    numbering = {cluster.key: f"a{number}" for number, cluster in enumerate(ordered, 1)}
    for mention in mentions:
        if mention.actor_id is not None:
            mention.actor_id = numbering[mention.actor_id]
    for quote in quotes:
        if quote.speaker.actor_id is not None:
            quote.speaker.actor_id = numbering[quote.speaker.actor_id]
    return [_as_actor(kb, numbering[cluster.key], cluster, date) for cluster in ordered]


def _widen_to_known_phrase(kb: KnowledgeBase, text: str, root: Token, mention: Mention, date: str | None) -> None:
    """A name inside a longer phrase the KB knows takes the phrase: "UN" in "the UN nuclear watchdog"."""
    if root.dep_ not in ("compound", "nmod", "amod") or root.head.pos_ != "NOUN":
        return
    head = root.head
    start, end = head.left_edge.idx, head.idx + len(head.text)
    phrase = text[start:end] if end - start <= _MAX_PHRASE_CHARS else ""
    if phrase and kb.lookup(strip_article(phrase), date):
        mention.start, mention.end, mention.text, mention.kind = start, end, phrase, "description"


def _is_title_word(root: Token) -> bool:
    """Part of a title before a person's name: "State" in "US Secretary of State Hillary Clinton"."""
    current = root
    for _ in range(4):
        if current.head.i == current.i:
            return False
        current = current.head
        if current.ent_type_ == "PERSON" and current.i > root.i:
            return True
    return False


def _acts(root: Token, label: str) -> bool:
    """Whether a mention names an actor here: not a place named as a location, not an adjective."""
    if label != "PERSON" and _is_title_word(root):
        return False
    if label == "NORP" and root.dep_ in ("amod", "compound", "nmod"):
        return False
    if label == "GPE" and root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPOSITIONS:
        return False
    return True


def _cluster_for(kb, clusters, resolver, tokens, mention: Mention, date: str | None) -> _Cluster:
    person = resolver.person_of(tokens)
    if person is not None:
        return _person_cluster(kb, clusters, person.canonical, person.surname, person.title_phrase, date)
    name = strip_article(mention.text)
    matches = _lookup(kb, name, date)
    match = matches[0] if matches else None
    if match is not None and match.kind == "person":
        return _person_cluster(kb, clusters, match.name, match.name.split()[-1], None, date)
    if match is not None and match.kind in _STATE_KINDS and match.country:
        key = f"state:{match.country}"
        country = _lookup(kb, kb_country_name(kb, match), date)
        match = country[0] if country else match
    elif match is not None:
        key = f"code:{match.code or match.entry_id}"
    else:
        key = f"name:{name.lower()}"
    cluster = clusters.setdefault(key, _Cluster(key=key, match=match, label=mention.label))
    cluster.names.append(name)
    return cluster


@lru_cache(maxsize=4096)
def _lookup(kb: KnowledgeBase, name: str, date: str | None) -> tuple[Match, ...]:
    """KB lookups repeat within and across articles ("Iran" eleven times): remember the recent ones."""
    return tuple(kb.lookup(name, date))


@lru_cache(maxsize=4096)
def _lookup_person(kb: KnowledgeBase, name: str, surname: str, date: str | None) -> tuple[Match, ...]:
    return tuple(kb.lookup_person(name, date) or kb.lookup_surname(surname, date))


def kb_country_name(kb: KnowledgeBase, match: Match) -> str:
    """The country a capital or adjective stands for, by the name of its KB entry."""
    if match.kind == "country":
        return match.name
    return _country_names(kb).get(match.country, match.name)


@lru_cache(maxsize=4)
def _country_names(kb: KnowledgeBase) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in kb.entries("country"):
        names.setdefault(entry.country, entry.name)
    return names


def _person_cluster(kb, clusters, canonical: str, surname: str, title: str | None, date: str | None) -> _Cluster:
    key = f"person:{surname.lower()}"
    cluster = clusters.get(key)
    if cluster is None:
        matches = _lookup_person(kb, canonical, surname, date)
        match = next((candidate for candidate in matches if candidate.kind == "person"), None)
        cluster = clusters[key] = _Cluster(key=key, match=match, label="PERSON")
        if match is None and title:
            cluster.title_code = _code_from_title(kb, title, date)
    cluster.person_name = canonical
    cluster.names.append(canonical)
    return cluster


def _code_from_title(kb: KnowledgeBase, title: str, date: str | None) -> str | None:
    """A code from the words before a name or a group's description, by the same phrase resolver that
    ``communique eval actors`` measures: "US Secretary of State" → USAGOV, "Iraqi police" → IRQCOP."""
    coded = code_phrase(kb, title, date)
    return coded.code if coded is not None else None


def _add_agents(kb: KnowledgeBase, doc: Doc, clusters: dict[str, _Cluster], mentions: list[Mention], date: str | None) -> None:
    """Groups named by a nationality and an agent noun ("Iraqi police", "American warplanes") are actors too."""
    taken = [(mention.start, mention.end) for mention in mentions if mention.actor_id is not None]
    heads = {
        token.head.i: token.head
        for entity in doc.ents
        if entity.label_ in ("NORP", "GPE")
        for token in entity
        if token.dep_ in ("amod", "compound", "nmod", "poss") and token.head.pos_ == "NOUN"
    }
    for root in heads.values():
        if root.dep_ not in AGENT_ROLES or kb.agent(root.text) is None:
            continue
        chunk = doc[root.left_edge.i : root.i + 1]
        start, end = chunk.start_char, chunk.end_char
        if any(start < taken_end and taken_start < end and not _is_modifier(doc, taken_start, chunk) for taken_start, taken_end in taken):
            continue
        code = _code_from_title(kb, chunk.text, date)
        if code is None:
            continue
        key = f"agent:{code}"
        cluster = clusters.setdefault(key, _Cluster(key=key, label="NORP", title_code=code))
        cluster.names.append(strip_article(chunk.text))
        for mention in mentions:  # the nationality inside the phrase is part of this actor's mention
            if start <= mention.start and mention.end <= end:
                mention.actor_id = None
        mention = Mention(id=f"m{len(mentions) + 1}", start=start, end=end, text=chunk.text, kind="description")
        mention.actor_id = key
        mentions.append(mention)
        cluster.mention_ids.append(mention.id)


def _is_modifier(doc: Doc, start: int, chunk) -> bool:
    token = doc.char_span(start, start + 1, alignment_mode="expand")
    return token is not None and token.root.dep_ in ("amod", "compound", "nmod") and token.root.head.i == chunk.root.i


def _add_speakers(kb, clusters, resolver, mentions: list[Mention], quotes: list[Quote], date: str | None) -> None:
    by_id = {mention.id: mention for mention in mentions}
    for quote in quotes:
        speaker = quote.speaker
        if speaker.mention_id is not None and by_id[speaker.mention_id].actor_id is not None:
            speaker.actor_id = by_id[speaker.mention_id].actor_id
            continue
        if speaker.mention is None or speaker.name is None:
            continue
        cluster = _speaker_cluster(kb, clusters, resolver, speaker.name, date)
        existing = next(
            (m for m in mentions if m.start == speaker.mention.start and m.end == speaker.mention.end), None
        )
        if existing is None:
            existing = Mention(
                id=f"m{len(mentions) + 1}",
                start=speaker.mention.start,
                end=speaker.mention.end,
                text=speaker.mention.text,
                kind="pronoun" if speaker.mention.text.lower() in PRONOUNS else "description",
            )
            mentions.append(existing)
            cluster.mention_ids.append(existing.id)
        existing.actor_id = cluster.key
        speaker.mention_id = existing.id
        speaker.actor_id = cluster.key


def _speaker_cluster(kb, clusters, resolver, name: str, date: str | None) -> _Cluster:
    person = resolver.people.get(name.split()[-1].lower())
    if person is not None:
        return _person_cluster(kb, clusters, person.canonical, person.surname, person.title_phrase, date)
    for cluster in clusters.values():
        if name in cluster.names:
            return cluster
    matches = kb.lookup(name, date)
    key = f"code:{matches[0].code}" if matches and matches[0].code else f"name:{name.lower()}"
    return clusters.setdefault(key, _Cluster(key=key, names=[name], match=matches[0] if matches else None))


def _as_actor(kb: KnowledgeBase, actor_id: str, cluster: _Cluster, date: str | None) -> Actor:
    match = cluster.match
    if cluster.person_name:
        name = cluster.person_name
    elif match is not None and match.kind in _STATE_KINDS:
        name = match.name
    else:
        name = max(cluster.names, key=len) if cluster.names else cluster.key
    code = match.code if match is not None else cluster.title_code
    kind = _TYPES.get(match.kind, "UNKNOWN") if match is not None else _NER_TYPES.get(cluster.label or "", "UNKNOWN")
    parts = kb.split_code(code) if code and match is None else None
    return Actor(
        id=actor_id,
        name=name,
        type=kind,
        cameo=code,
        country=match.country if match is not None else parts.country if parts else None,
        sector=match.sector if match is not None else parts.sector if parts else None,
        role=match.role if match is not None else None,
        kb_id=match.entry_id if match is not None else None,
        resolved=match is not None,
        role_date=date,
        mention_ids=cluster.mention_ids,
    )


def _first_start(cluster: _Cluster, starts: dict[str, int]) -> int:
    """Where the cluster is first mentioned (``starts``: each mention id's start)."""
    found = [starts[mention_id] for mention_id in cluster.mention_ids if mention_id in starts]
    return min(found) if found else 0
