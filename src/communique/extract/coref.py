"""In-article coreference for speakers: who "He", "who", "Lavrov" and "the Russian foreign minister" are.

News writing follows strong conventions that rules can use:

- a person is named in full once ("Sergei Lavrov") and by surname after
  ("Lavrov"): names sharing a surname form one person, whose canonical name
  is the longest full form;
- "he"/"she" at the start of a sentence continues the person spoken about
  just before, most often the last speaker;
- a relative "who" refers to the noun its clause hangs on;
- a lead paragraph describes ("The Russian foreign minister says…") and the
  next one names; a description resolves to a nearby person whose own titles
  do not contradict it.

Anything these rules cannot settle stays unresolved, with its mention kept:
speakers are never invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "we", "them"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS | {"it", "i", "you", "us"}
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "rev", "gen", "sen", "rep", "gov"})
NAMED_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_ANTECEDENT_SENTENCES = 4
_CATAPHORA_SENTENCES = 3


@dataclass
class Person:
    """One person named in the article, gathered over their name variants."""

    canonical: str
    surname: str
    titles: set[str] = field(default_factory=set)
    title_phrase: str | None = None
    """The first title written before the name, as written ("US Secretary of State")."""


@dataclass(frozen=True)
class Resolution:
    """What a speaker mention refers to: a canonical name, or None when unresolved."""

    name: str | None
    kind: str
    """name, pronoun or description: how the text referred to the speaker."""


class SpeakerResolver:
    """Resolves speaker mentions within one parsed article."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.people: dict[str, Person] = {}
        self.person_mentions: list[tuple[int, Person]] = []
        self.speakers: list[tuple[int, str]] = []
        self.entity_at: dict[int, Span] = {}
        for entity in doc.ents:
            if entity.label_ in NAMED_LABELS:
                self.entity_at.update(dict.fromkeys(range(entity.start, entity.end), entity))
            if entity.label_ == "PERSON":
                self._add_person(entity)

    def _add_person(self, entity: Span) -> None:
        words = _name_words(entity)
        if not words:
            return
        surname = words[-1].text
        key = surname.lower()
        name = entity.doc[words[0].i : words[-1].i + 1].text  # as written: "Abdallah al-Rufay’i"
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = Person(canonical=name, surname=surname)
        elif len(name) > len(person.canonical):
            person.canonical = name
        titles = _titles(entity)
        person.titles |= titles
        if titles and person.title_phrase is None:
            first = min(token.i for token in entity.root.subtree if token.i < entity.start)
            person.title_phrase = entity.doc[first : entity.start].text
        self.person_mentions.append((entity.start, person))

    def note_speaker(self, token_index: int, name: str) -> None:
        """Remember a resolved speaker, the likeliest antecedent of a following "he"."""
        self.speakers.append((token_index, name))

    def resolve(self, head: Token) -> Resolution:
        """The speaker that the noun phrase headed by ``head`` refers to."""
        lower = head.lower_
        if lower in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            return Resolution(self._resolve_phrase(head.head.head).name, "pronoun")
        if head.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            name = self._antecedent(head) if lower in PERSON_PRONOUNS else None
            return Resolution(name, "pronoun")
        return self._resolve_phrase(head)

    def _resolve_phrase(self, head: Token) -> Resolution:
        entity = self._entity_of(head)
        if entity is not None:
            person = self._person(entity)
            if person is not None:  # also a surname the parser mislabelled ("Lavrov" as ORG)
                return Resolution(person.canonical, "name")
            return Resolution(strip_article(entity.text), "name")
        if head.pos_ == "PROPN":
            return Resolution(strip_article(_phrase_text(head)), "name")
        return Resolution(self._described(head), "description")

    def _entity_of(self, head: Token) -> Span | None:
        """The named entity ``head`` belongs to, or one attached to it ("the minister, Sergei Lavrov")."""
        if head.i in self.entity_at:
            return self.entity_at[head.i]
        for token in head.children:
            if token.dep_ in ("compound", "appos") and token.ent_type_ == "PERSON":
                return self.entity_at.get(token.i)
        return None

    def person_of(self, span: Span) -> Person | None:
        """The person a name mention refers to: a PERSON entity, or a known surname the parser mislabelled."""
        return self._person(span) if span.label_ in ("PERSON", "ORG", "") else None

    def _person(self, entity: Span) -> Person | None:
        words = _name_words(entity)
        return self.people.get(words[-1].lower_) if words else None

    def _antecedent(self, pronoun: Token) -> str | None:
        sentence_start = pronoun.sent.start
        window_start = _sentence_start_before(pronoun, _ANTECEDENT_SENTENCES)
        recent_speaker = next(
            (name for at, name in reversed(self.speakers) if window_start <= at < pronoun.i), None
        )
        in_sentence = [person for at, person in self.person_mentions if sentence_start <= at < pronoun.i]
        if in_sentence:
            return in_sentence[-1].canonical
        if recent_speaker:
            return recent_speaker
        earlier = [person for at, person in self.person_mentions if window_start <= at < pronoun.i]
        return earlier[-1].canonical if earlier else None

    def _described(self, head: Token) -> str | None:
        description = {token.lower_ for token in head.subtree if token.dep_ in ("amod", "compound", "nmod")} | {head.lower_}
        if not any(word in ROLE_NOUNS for word in description):
            return None
        matching = [person for person in self.people.values() if person.titles & description & ROLE_NOUNS]
        if len(matching) == 1:
            return matching[0].canonical
        window_end = _sentence_end_after(head, _CATAPHORA_SENTENCES)
        for at, person in self.person_mentions:
            if head.i < at <= window_end and not _contradicts(person.titles, description):
                return person.canonical
        return None


ROLE_NOUNS = frozenset(
    ["president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "officials", "leader", "chief", "premier", "chancellor", "ambassador", "envoy", "diplomat", "senator", "governor", "mayor", "general", "commander", "director", "chairman", "chairwoman", "candidate", "nominee", "king", "queen", "prince", "emperor", "pope", "cleric", "judge", "prosecutor", "attorney", "lawmaker", "legislator", "representative", "congressman", "congresswoman", "speaker", "aide", "adviser", "advisor", "analyst", "expert", "professor", "head"]
)


def _name_words(entity: Span) -> list[Token]:
    """The words of a name without honorifics or trailing possessives ("Mr. Trump's" -> Trump)."""
    return [
        token
        for token in entity
        if any(char.isalpha() for char in token.text)
        and token.lower_.rstrip(".") not in HONORIFICS
        and token.lower_ not in ("'s", "’s")
    ]


def _titles(entity: Span) -> set[str]:
    """Role words standing before a name and attached to it ("US Secretary of State Hillary Clinton")."""
    root = entity.root
    return {token.lower_ for token in root.subtree if token.i < entity.start and token.is_alpha}


def _contradicts(titles: set[str], description: set[str]) -> bool:
    roles = titles & ROLE_NOUNS
    return bool(roles) and not roles & description


def _phrase_text(head: Token) -> str:
    tokens = [token for token in head.subtree if token.dep_ in ("compound", "det") or token == head]
    return " ".join(token.text for token in sorted(tokens, key=lambda token: token.i))


def strip_article(name: str) -> str:
    """A name without its leading "the" ("the UN Security Council" → "UN Security Council")."""
    return name[4:] if name.lower().startswith("the ") else name


def _sentence_start_before(token: Token, sentences: int) -> int:
    sentence = token.sent
    for _ in range(sentences):
        if sentence.start == 0:
            break
        sentence = token.doc[sentence.start - 1].sent
    return sentence.start


def _sentence_end_after(token: Token, sentences: int) -> int:
    sentence = token.sent
    for _ in range(sentences):
        if sentence.end >= len(token.doc):
            break
        sentence = token.doc[sentence.end].sent
    return sentence.end
