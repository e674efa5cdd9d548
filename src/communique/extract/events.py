"""Events: who did what to whom, coded in CAMEO from the dependency parse and a verb dictionary.

The method is PETRARCH's, over spaCy's dependency parse instead of a Treebank parse:

1. **verbs**: every verb whose base form (or explicit form) is in the verb dictionary
   (:mod:`communique.cameo.verbs`; the shipped one is built from the CAMEO verb dictionary) is
   a candidate; a multi-word verb ("cordon off", "wire tap") needs its other words beside it;
2. **code**: the block's patterns are matched against the words before the verb and after it
   within its phrase; the longest matching pattern gives the code ("restore * ties" → 064),
   else the verb's default code; ``---`` means the verb is no event here;
3. **actors**: the source is the verb's subject (the "by" agent of a passive; for a verb with
   no subject of its own, the subject of the verb it depends on), the target the first coded
   noun phrase among its objects and the nouns inside them, its prepositional phrases (places
   last) and the actors of a clause it governs ("believes Y can cope"; not a reported clause
   that is an event of its own: "said [X will restore ties]"). Conjoined subjects and
   objects ("Valdoria and Kestria") give one event per pair. Each phrase is coded by the one
   actor resolver (:func:`communique.kb.phrase.code_phrase`, or an article's resolved actors
   through :class:`ArticleActors`). A code pair ``a:b`` codes the reverse event as well;
4. **event nouns**: in articles, a short lexicon of nominal events ("talks with", "sanctions
   by … on") codes events the verb dictionary cannot see ("a press conference with Clinton");
5. **modality** from the verb's own words: a negation or a refusing verb above it (negated:
   "did not meet", "refused to meet"), a modal with "if"/"unless" after it or a verb inside an
   if-clause (conditional), "will"/"shall"/"would"/"about to" (future), a verb or adjective of
   intending above it (intended: "plans to visit", "is ready to contribute"), the perfect aspect
   (historical: "has come under sanctions"). With ``intent_codes`` on (articles), an event that
   has not happened is coded as CAMEO codes it: future or intended cooperation as intent (will
   meet → 036), a conditional or future use of force or sanctions as a threat (13x), a refused
   one as a rejection (12x), and "X said Y must …" as a demand on Y (100). A historical event
   is never given the article's date;
6. **records**: each event carries its sentence, the offsets of source, verb and target, the
   article's date (none when historical), a named place of an "in"/"at" phrase, the quote that
   reports it (an event inside a quotation keeps the quotation's own actor as its source; "we"
   there is the speaker's side) and a confidence (0.8 for a verb with a target, 0.6 without;
   0.5 and 0.4 for a nominal event).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from spacy.attrs import LEMMA, ORTH, POS, TAG
from spacy.tokens import Doc, Span, Token

from communique.attribute_ruler import hash_array
from communique.cameo.codebook import event_code
from communique.cameo.dictionaries import Dictionaries
from communique.cameo.verbs import NO_CODE, Chunk, Pattern, Position, Verb, VerbDictionary
from communique.kb.lookup import KnowledgeBase
from communique.kb.phrase import PhraseCode, code_phrase
from communique.model import Actor, Event, Mention, Quote, span_of

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
PHRASE_LEFT = frozenset({"compound", "amod", "poss", "det", "nmod", "nummod", "case", "quantmod", "npadvmod"})
OWNER_PREPOSITIONS = frozenset({"of", "from", "in"})
"""A noun's prepositional phrase that says whose it is ("soldiers from Kestria")."""
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONAL_AUX = frozenset({"would", "could", "might", "may", "should", "'d"})
CONDITION_MARKS = frozenset({"if", "unless"})
INTENT_VERBS = frozenset(
    {
        "plan", "intend", "want", "hope", "seek", "aim", "expect", "prepare", "wish", "schedule", "mean",
        "agree", "promise", "pledge", "vow", "swear", "offer", "decide", "commit", "undertake", "resolve",
        "ready", "willing", "prepared", "determined", "committed", "eager", "set",
    }
)  # fmt: skip
"""Verbs and adjectives whose infinitive is an intended event ("agreed to withdraw", "is ready to contribute")."""
PERFECT_AUX = frozenset({"have", "has", "had", "'ve"})
PLACE_PREPOSITIONS = frozenset({"in", "at"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
FIRST_PERSON = frozenset({"we", "our", "us", "i", "my", "me"})

INTENT_BY_ROOT = {
    "04": "036", "05": "032", "06": "031", "07": "033", "08": "035",
    "15": "130", "16": "130", "17": "130", "18": "138", "19": "138", "20": "138",
}  # fmt: skip
"""CAMEO's code for a future or intended event of these roots: "express intent to …" for
cooperation, a threat for force ("will attack", "vowed to fight": threaten with military force)."""
COOPERATION_ROOTS = frozenset({"03", "04", "05", "06", "07"})
THREAT_BY_ROOT = {root: "138" if root in ("18", "19", "20") else "130" for root in ("08", *map(str, range(10, 21)))}
"""A conditional act that is not cooperation is a threat ("will withdraw … unless", "may halt … if")."""
REFUSAL_BY_ROOT = {"03": "120", "04": "125", "05": "120", "06": "121", "07": "122", "08": "124"}
"""CAMEO's "reject / refuse" code for a refused or disavowed future event of these roots
("refused to deploy peacekeepers", "will not accept refugees")."""
REFUSAL_VERBS = frozenset({"refuse", "decline", "reject"})
"""Verbs whose infinitive is a negated event ("refused to deploy")."""

EVENT_NOUNS: dict[str, str] = {
    "talks": "043:043",
    "talk": "043:043",
    "meeting": "040:040",
    "conference": "040:040",
    "negotiations": "046:046",
    "mediation": "045",
    "summit": "043:043",
    "visit": "042:043",
    "welcome": "043:042",
    "sanctions": "163",
    "embargo": "1631",
    "attack": "190",
    "invasion": "190",
    "offensive": "190",
    "airstrike": "195",
    "air strike": "195",
    "air raid": "195",
    "raid": "190",
    "fire": "190",
    "artillery fire": "194",
    "rocket fire": "194",
    "gunfire": "193",
    "shelling": "194",
    "bombardment": "194",
    "fighting": "190",
    "clashes": "190",
    "protest": "140",
    "demonstration": "141",
    "demonstrations": "141",
    "strike": "143",
    "hunger strike": "142",
    "boycott": "1431",
    "withdrawal": "0874",
    "investigation": "090",
    "inquiry": "090",
    "hearing": "090",
    "ceasefire": "0871",
}
"""Nominal events of communique's own lexicon (CAMEO codes; ``a:b`` as in the verb dictionaries).
The noun's "with" phrase is the partner, its "by" phrase or possessor the source, its
first coded "on"/"against"/"of"/"from"… phrase the target ("an invasion of Lebanon", "the
withdrawal of forces from Panama")."""
PARTNER_PREPOSITIONS = frozenset({"with", "between"})
NOUN_TARGET_PREPOSITIONS = frozenset({"on", "against", "to", "toward", "towards", "over", "of", "from"})
UNDERGOING = frozenset({"under", "with"})
"""A light verb's preposition that makes its subject the one a nominal event is done to
("Iran has come under sanctions", "was hit with sanctions")."""


@dataclass(frozen=True)
class Party:
    """A coded actor phrase: its code, its Actor (in an article) and where the text names it."""

    code: str
    start: int
    end: int
    actor_id: str | None = None
    owned: bool = True
    """False for an agent with no country or organisation ("a senior official": GOV)."""


@dataclass
class RawEvent:
    """An event before ids and models: what :func:`code_events` finds in one sentence."""

    code: str
    source: Party | None
    target: Party | None
    verb: Token
    sentence: Span
    modality: str
    place: tuple[int, int] | None = None
    confidence: float = 1.0
    noun: bool = False


ActorCoder = Callable[[Token, list[Token]], list[Party]]
"""Codes the noun phrase headed by a token (given the phrase's tokens): a Party per actor named."""


def dictionary_actor_coder(dictionaries: Dictionaries, date: str | None, text: str) -> ActorCoder:
    """Codes phrases with the phrase resolver over ``dictionaries.kb`` alone (no article actors)."""

    def code(head: Token, tokens: list[Token]) -> list[Party]:
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        found = _coded(dictionaries.kb, phrase_text(tokens), date, None)
        return _split_party(found.code, start, end, None, bool(found.country)) if found is not None and found.code else []

    return code


@lru_cache(maxsize=4096)
def _coded(kb: KnowledgeBase, text: str, date: str | None, context: str | None) -> PhraseCode | None:
    """:func:`code_phrase`, remembered: an article names the same phrases again and again (the
    knowledge base is immutable once loaded, so a result never goes stale). The key holds the
    article's date and often the sentence, so few results serve another article: a small cache keeps
    a long run's memory flat."""
    return code_phrase(kb, text, date, context=context)


def _split_party(code: str, start: int, end: int, actor_id: str | None, owned: bool) -> list[Party]:
    """One Party per code of a dictionary entry that stands for several actors (``FRO/BIL/SAM``)."""
    return [Party(part, start, end, actor_id, owned) for part in code.split("/") if part]


def phrase_text(tokens: list[Token]) -> str:
    """The words of a phrase (its tokens need not be contiguous: "Kestrian leaders" out of
    "Valdorian and Kestrian leaders")."""
    return "".join(token.text_with_ws for token in tokens[:-1]) + tokens[-1].text


class ArticleActors:
    """Codes phrases with the article's resolved actors first (so "He" and "Moscow" are who
    the article says), the phrase resolver on the phrase text otherwise, with the sentence as
    context for an actor the article gives no country."""

    def __init__(self, dictionaries: Dictionaries, mentions: Sequence[Mention], actors: Sequence[Actor], date: str | None, text: str):
        self.dictionaries = dictionaries
        self.date = date
        self.text = text
        by_id = {actor.id: actor for actor in actors}
        self.mention_at: dict[int, tuple[Mention, Actor]] = {}
        self._coded_phrases: dict[tuple[int, ...], list[Party]] = {}
        """Parties of each phrase already coded (its head, then its tokens): a sentence's verbs share subjects and objects."""
        for mention in mentions:
            actor = by_id.get(mention.actor_id or "")
            if actor is not None and actor.cameo:
                for offset in range(mention.start, mention.end):
                    self.mention_at.setdefault(offset, (mention, actor))

    def __call__(self, head: Token, tokens: list[Token]) -> list[Party]:
        key = (head.i, *(token.i for token in tokens))
        if key not in self._coded_phrases:
            self._coded_phrases[key] = self._code(head, tokens)
        return list(self._coded_phrases[key])

    def _code(self, head: Token, tokens: list[Token]) -> list[Party]:
        found = self.mention_at.get(head.idx)
        if found is not None and found[1].country:
            mention, actor = found
            return [Party(actor.cameo, mention.start, mention.end, actor.id, True)]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        # an article actor with no country ("President Francois Mitterand": GOV) takes a state the sentence names
        context = head.sent.text if found is not None else None
        coded = _coded(self.dictionaries.kb, phrase_text(tokens), self.date, context)
        if coded is None or not coded.code:
            return [Party(found[1].cameo, found[0].start, found[0].end, found[1].id, False)] if found else []
        actor_id = found[1].id if found else None
        return _split_party(coded.code, start, end, actor_id, bool(coded.country))


# ---- the coder ------------------------------------------------------------------------------


def code_events(
    sentence: Span,
    dictionaries: Dictionaries,
    actor_coder: ActorCoder,
    *,
    intent_codes: bool = True,
    event_nouns: bool = True,
    require_target: bool = False,
    reciprocal: bool = False,
    article_words: ArticleWords | None = None,
) -> list[RawEvent]:
    """Every event of one parsed sentence (see the module's docstring for the steps).

    ``intent_codes`` turns future and intended events into CAMEO's intent codes; ``event_nouns``
    codes the nominal events of :data:`EVENT_NOUNS`; ``require_target`` drops events without a
    target and ``reciprocal`` makes conjoined sources with no target each other's targets
    ("Valdoria and Kestria renewed ties"), as PETRARCH does (PLOVER's annotators leave the target
    empty there). ``article_words``: the sentence's Doc read once for all its sentences."""
    words = (article_words or ArticleWords(sentence.doc, sentence.start, sentence.end)).sentence(sentence)
    if dictionaries.discarded(words.texts):
        return []
    found: list[RawEvent] = []
    codes = {}
    doc = sentence.doc
    for index in words.verbs:
        token = doc[index]
        if not _attribution(token):
            coded = _verb_code(token, sentence, dictionaries, words)
            if coded is not None:
                codes[token.i] = coded
    if event_nouns:
        for index in [i for i in codes if _light_with_event(doc[i])]:
            del codes[index]
    coded_verbs = set(codes)
    if intent_codes:  # "agreed to withdraw" is one event, an intended withdrawal, not an agreement as well
        for index in [i for i in codes if _intends_coded(doc[i], coded_verbs)]:
            del codes[index]
    for index, (code, patterned) in codes.items():
        reports = _reports(doc[index], code)
        closed = coded_verbs if reports and not patterned else set()  # a pattern may reach into the clause
        found.extend(_events_for(doc[index], code, sentence, actor_coder, intent_codes, closed, reciprocal))
    if event_nouns:
        for index in words.nouns:
            token = doc[index]
            if _noun_code(token) and token.head.i not in coded_verbs:
                found.extend(_noun_events(token, sentence, actor_coder, intent_codes))
    return [event for event in found if event.target is not None] if require_target else found


REPORTING_VERBS = frozenset(
    {"say", "tell", "add", "announce", "report", "state", "note", "claim", "declare", "confirm", "believe",
     "think", "stress", "explain", "reiterate", "insist", "write", "quote", "indicate", "suggest", "argue"}
)  # fmt: skip
"""Verbs that report what their clause says: the clause's actor is no target of theirs when the
clause is an event of its own ("said [Valdoria will restore ties]"); a demand's is ("demanded
[that Hamas renounce …]": a demand on Hamas)."""


def _attribution(token: Token) -> bool:
    """"according to": it names whose account the sentence is, and is no act ("accord" is)."""
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def _reports(verb: Token, code: str) -> bool:
    return code.startswith("01") or verb.lemma_.lower() in REPORTING_VERBS


def _intends_coded(verb: Token, coded_verbs: set[int]) -> bool:
    """A verb of intending or refusing whose infinitive is itself an event."""
    lemma = verb.lemma_.lower()
    return (lemma in INTENT_VERBS or lemma in REFUSAL_VERBS) and any(
        _infinitive(c) and c.i in coded_verbs for c in verb.children
    )


VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
"""Penn tags of verbs: a verb the tagger's coarse part of speech misses is still tried."""


class ArticleWords:
    """The words of a Doc (or of its tokens ``start`` to ``end``) as event coding reads them, from
    the Doc's arrays in one pass: each word's form and base form in upper case, and which words
    are verbs (by part of speech or tag) and common nouns, the words that may be events.
    :func:`events` reads a whole article once; :meth:`sentence` hands each sentence its part."""

    def __init__(self, doc: Doc, start: int = 0, end: int | None = None) -> None:
        strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LEMMA, POS, TAG]).reshape(-1, 4)[start:end]
        # each distinct form and base form is upper-cased once: an article repeats most of its words
        hashes, word_of = np.unique(columns[:, :2], return_inverse=True)
        upper = [strings[value].upper() for value in hashes.tolist()]
        self.pairs: list[tuple[str, str]] = [(upper[form], upper[base]) for form, base in word_of.reshape(-1, 2).tolist()]
        verb_pos = hash_array([strings["VERB"], strings["AUX"]])
        verb_tags = hash_array([strings[tag] for tag in VERB_TAGS])
        self.is_verb: list[bool] = (np.isin(columns[:, 2], verb_pos) | np.isin(columns[:, 3], verb_tags)).tolist()
        self.is_noun: list[bool] = (columns[:, 2] == strings["NOUN"]).tolist()
        self.start = start

    def sentence(self, sentence: Span) -> SentenceWords:
        first, last = sentence.start - self.start, sentence.end - self.start
        return SentenceWords(
            sentence.start,
            self.pairs[first:last],
            [sentence.start + index for index, verb in enumerate(self.is_verb[first:last]) if verb],
            [sentence.start + index for index, noun in enumerate(self.is_noun[first:last]) if noun],
        )


class SentenceWords:
    """A sentence's words in upper case, as forms and base forms (``pairs``), computed once for
    every verb's patterns: matching compares strings, and a pattern naming a word the sentence
    lacks is passed over at once (:meth:`possible`, once per block and sentence); and the Doc
    indexes of its ``verbs`` and common ``nouns`` (see :class:`ArticleWords`)."""

    def __init__(self, start: int, pairs: list[tuple[str, str]], verbs: list[int], nouns: list[int]) -> None:
        self.start = start
        self.pairs = pairs
        self.verbs = verbs
        self.nouns = nouns
        self.texts = [text for text, _ in self.pairs]
        self.vocabulary = frozenset(word for pair in self.pairs for word in pair)
        self._possible: dict[str, list[Pattern]] = {}

    def before(self, verb: Token) -> WordRun:
        return WordRun(self.pairs[: verb.i - self.start])

    def at(self, tokens: list[Token]) -> WordRun:
        return WordRun([self.pairs[token.i - self.start] for token in tokens])

    def possible(self, block: str, verbs: VerbDictionary) -> list[Pattern]:
        """The patterns of ``block`` whose every word position has an alternative in the sentence."""
        if block not in self._possible:
            self._possible[block] = verbs.possible_patterns(block, self.vocabulary)
        return self._possible[block]


def _verb_code(verb: Token, sentence: Span, dictionaries: Dictionaries, words: SentenceWords) -> tuple[str, bool] | None:
    """The code (``a`` or ``a:b``) the verb dictionary gives ``verb`` here and whether a pattern
    gave it; ``None`` for no event."""
    table = dictionaries.verbs.verbs
    forms = table.get(verb.text.upper(), [])  # "LEFT" is preferred to "LEAVE"
    candidates = [(entry, 1) for entry in forms] + [(entry, 0) for entry in table.get(verb.lemma_.upper(), []) if entry not in forms]
    best: tuple[int, str, bool] | None = None
    around: tuple[list[tuple[str, str]], list[tuple[str, str]]] | None = None  # read once a pattern may match
    for entry, exact in candidates:
        if not _fits(verb, sentence, entry):
            continue
        weight = 2 * (len(entry.before) + len(entry.after)) + exact
        for pattern in words.possible(entry.block, dictionaries.verbs):
            around = around or (words.before(verb), words.at(_phrase_after(verb)))
            if _matches(pattern, *around):
                candidate = (100 + 10 * weight + pattern.size, _joined(pattern.code, pattern.reverse), True)
                if best is None or candidate[0] > best[0]:
                    best = candidate
        candidate = (10 * weight, entry.code, False)
        if best is None or candidate[0] > best[0]:
            best = candidate
    if best is None or best[1].split(":")[0] in (NO_CODE, ""):
        return None
    return best[1], best[2]


def _joined(code: str, reverse: str | None) -> str:
    return f"{code}:{reverse}" if reverse else code


def _fits(verb: Token, sentence: Span, entry: Verb) -> bool:
    """True when a multi-word verb's other words are beside ``verb`` ("cordon off", "wire tap")."""
    doc = verb.doc
    for offset, word in enumerate(entry.after, 1):
        index = verb.i + offset
        if index >= sentence.end or doc[index].text.upper() != word:
            return False
    for offset, word in enumerate(reversed(entry.before), 1):
        index = verb.i - offset
        if index < sentence.start or doc[index].text.upper() != word:
            return False
    return True


class WordRun:
    """Words a pattern is matched against (forms and base forms, in order) and, made on first use,
    where each word occurs: a chunk is tried only where its first word is, not at every word."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs
        self._positions: dict[str, list[int]] | None = None

    def starts(self, position: Position, at: int) -> list[int]:
        """Indexes from ``at`` on, in order, where one of ``position``'s phrases could begin."""
        if self._positions is None:
            self._positions = {}
            for index, pair in enumerate(self.pairs):
                for word in set(pair):
                    self._positions.setdefault(word, []).append(index)
        found = {index for phrase in position for index in self._positions.get(phrase[0], ()) if index >= at}
        return sorted(found)


def _matches(pattern: Pattern, before: WordRun, after: WordRun) -> bool:
    """True when the pattern's words occur in order before the verb and after it, within its phrase."""
    return _in_order(pattern.after, after) and _in_order(pattern.before, before)


OWN_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj"})
"""Clauses under a verb that are not its phrase: a pattern of "say" does not read the words of
what was said ("says [threatening Iran with sanctions will…]" is no sanction)."""


def _phrase_after(verb: Token) -> list[Token]:
    """The tokens after the verb within its phrase, without the clauses of :data:`OWN_CLAUSES`,
    its own or those inside its objects ("support a resolution [that aims to tighten sanctions]"
    is no sanction)."""
    skipped = {t.i for child in verb.subtree if child.i > verb.i and child.dep_ in OWN_CLAUSES for t in child.subtree}
    return [t for t in verb.subtree if t.i > verb.i and t.i not in skipped]


def _in_order(chunks: Sequence[Chunk], words: WordRun) -> bool:
    """True when every chunk matches, in order, each on adjacent tokens."""
    at = 0
    tokens = words.pairs
    for chunk in chunks:
        starts = words.starts(chunk[0], at) if chunk else range(at, len(tokens))
        end = next((end for index in starts if (end := _chunk_at(chunk, tokens, index)) is not None), None)
        if end is None:
            return False
        at = end
    return True


def _chunk_at(chunk: Chunk, tokens: list[tuple[str, str]], index: int) -> int | None:
    """Where a chunk that starts at ``index`` ends, or ``None`` when it does not match there."""
    for position in chunk:
        length = next((len(phrase) for phrase in position if _phrase_at(phrase, tokens, index)), 0)
        if not length:
            return None
        index += length
    return index


def _phrase_at(phrase: tuple[str, ...], tokens: list[tuple[str, str]], index: int) -> bool:
    """True when the phrase's words are the tokens' forms or base forms from ``index`` on."""
    if index + len(phrase) > len(tokens):
        return False
    return all(word in tokens[index + k] for k, word in enumerate(phrase))


# ---- actors ----------------------------------------------------------------------------------


def _events_for(
    verb: Token, code: str, sentence: Span, coder: ActorCoder, intent_codes: bool, coded_verbs: set[int], reciprocal: bool
) -> list[RawEvent]:
    passive = _passive_subject(verb)
    sources, subject = _verb_sources(verb, passive, coder)
    if not sources:  # an event needs a source: its targets are not looked for
        return []
    targets = _parties(passive, coder) if passive is not None else _target(verb, coder, subject, coded_verbs)
    if not targets and code.startswith("13"):
        targets = _condition_subject(verb, coder)
    if not targets:
        targets = _purpose_target(verb, coder)
    obliged = _obliged_clause(verb) if intent_codes and code.startswith("01") else None
    if obliged is not None:  # "said that Libya must hand over …": a demand on Libya
        code, targets = DEMAND_CODE, _parties(_subject(obliged), coder) or targets
    modality = modality_of(verb)
    place = _place(verb)
    events = []
    for source in sources:
        partners = targets or (_each_other(sources, source) if reciprocal else [])
        for target in partners or [None]:
            if target is not None and target.code == source.code and target.start == source.start:
                continue
            events.extend(_pair(code, source, target, verb, sentence, modality, place, intent_codes, noun=False))
    return events


def is_purpose_clause(token: Token) -> bool:
    """The verb of an infinitive that says what another verb's act is for ("began a hunger strike
    [to demand …]", "blocked the road [to protest …]")."""
    return token.dep_ == "advcl" and any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)


def _purpose_target(verb: Token, coder: ActorCoder) -> list[Party]:
    """Whom an act without a target of its own is aimed at: the target of its purpose ("began a
    hunger strike to demand the resignation of the president" is aimed at the president)."""
    purpose = next((child for child in verb.children if is_purpose_clause(child)), None)
    return _target(purpose, coder, _subject(purpose), set()) if purpose is not None else []


def _condition_subject(verb: Token, coder: ActorCoder) -> list[Party]:
    """Whom a threat is made on: the subject of its condition ("threatened to … if the United
    States goes ahead")."""
    mark = next((t for t in verb.sent if t.i > verb.i and t.lower_ in CONDITION_MARKS and t.dep_ == "mark"), None)
    subject = _subject(mark.head) if mark is not None else None
    return _parties(subject, coder) if subject is not None else []


DEMAND_CODE = "100"
OBLIGATION_AUX = frozenset({"must", "should"})


def _obliged_clause(verb: Token) -> Token | None:
    """The clause a statement says someone must do ("said [Libya must hand over …]")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in child.children):
            return child
    return None


def _each_other(sources: list[Party], source: Party) -> list[Party]:
    """The other conjoined sources, as targets of ``source``."""
    return [other for other in sources if other is not source and other.code != source.code]


def _pair(code, source, target, verb, sentence, modality, place, intent_codes, *, noun) -> list[RawEvent]:
    """The event ``source → target`` and, for a code pair ``a:b``, the reverse one (not when the
    modality made the event one side's intent, threat or refusal)."""
    forward, _, reverse = code.partition(":")
    confidence = (0.5 if noun else 0.8) if target is not None else (0.4 if noun else 0.6)
    modal = _modal_code(forward, verb, modality, intent_codes)
    events = [RawEvent(modal, source, target, verb, sentence, modality, place, confidence, noun)]
    if reverse and reverse != NO_CODE and target is not None and modal == forward:  # an intent or refusal is one side's
        events.append(
            RawEvent(_modal_code(reverse, verb, modality, intent_codes), target, source, verb, sentence, modality, place, confidence, noun)
        )
    return events


def _modal_code(code: str, verb: Token, modality: str, intent_codes: bool) -> str:
    """CAMEO's reading of an event that has not happened: an intent ("will meet": 036), a threat
    ("will boycott … unless", "vowed to fight": 13x) or a refusal ("refused to deploy": 12x)."""
    if not intent_codes:
        return code
    root = code[:2]
    if modality == "negated" and _prospective(verb):
        return REFUSAL_BY_ROOT.get(root, code)
    if modality == "conditional" and root not in COOPERATION_ROOTS:
        return THREAT_BY_ROOT.get(root, code)
    if modality in ("future", "intended", "conditional"):
        return INTENT_BY_ROOT.get(root, code)
    return code


def _prospective(verb: Token) -> bool:
    """Said of what is to come: a modal, "about to", or an infinitive of intending or refusing."""
    modals = FUTURE_AUX | CONDITIONAL_AUX
    return (
        any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)
        or _modal_above(verb, modals)
        or _about_to(verb)
        or _intended(verb)
        or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSAL_VERBS)
    )


def _verb_sources(verb: Token, passive: Token | None, coder: ActorCoder) -> tuple[list[Party], Token | None]:
    """Source parties of a verb (see the module's docstring, step 3) and its subject, or ``None``
    for a passive verb (``passive``: its subject, the target; the source is its agent). A pronoun
    subject of a dependent clause is the subject above it ("Ethiopia indicated it would act")."""
    if passive is not None:
        agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        return (_parties(agent, coder) if agent is not None else []), None
    subject = _subject(verb)
    sources = _parties(subject, coder) if subject is not None else []
    if not sources and subject is not None and subject.pos_ == "PRON" and subject.head.i != subject.i:
        above = _subject(subject.head.head) if subject.head.dep_ != "ROOT" else None
        sources = _parties(above, coder) if above is not None else []
    return sources, subject


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb ("X was attacked"): the event's target."""
    return next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECTS), None)


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject of the verb it hangs from (xcomp, conj, relative clause)."""
    current = verb
    for _ in range(6):
        subjects = [c for c in current.children if c.dep_ in SUBJECTS]
        if subjects:  # "Old rivals Valdoria and Kestria": spaCy may give two; the proper name is the actor
            return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0])
        if current.dep_ == "relcl":
            return current.head
        if current.dep_ in ("xcomp", "conj", "advcl", "acomp", "ccomp", "pcomp", "prep", "aux") and current.head.i != current.i:
            current = current.head
            continue
        return None
    return None


def _target(verb: Token, coder: ActorCoder, exclude: Token | None, coded_verbs: set[int]) -> list[Party]:
    """The first coded phrase among the verb's objects, their prepositional phrases, its own
    prepositional phrases and its infinitive's objects."""
    weak: list[Party] = []
    for candidate in _target_candidates(verb, coded_verbs):
        if exclude is not None and candidate.i == exclude.i:
            continue
        parties = _parties(candidate, coder)
        if any(party.owned for party in parties):
            return parties
        if not weak and parties and coder(candidate, [candidate]):  # "officials", not "military exercises"
            weak = parties
    return weak


def _target_candidates(verb: Token, coded_verbs: set[int]) -> Iterable[Token]:
    """Where a target is looked for, nearest first: the verb's objects and the nouns inside them
    ("ties with Kestria", "talks held in Morvane"), its prepositional phrases (places last:
    "signed at Morvane with Kestria"), then the subjects and objects of a clause it governs
    that is no event of its own ("believes Kestria can cope", not "said [Valdoria will restore…]"),
    unless a pattern of the verb reached into it; an infinitive always ("vowed to wage war on X")."""
    children = list(verb.children)
    objects = [c for c in children if c.dep_ in OBJECTS]
    for obj in objects:
        yield from _nouns_inside(obj)
    phrases = [c for c in children if c.dep_ in ("prep", "prt")]
    for child in sorted(phrases, key=lambda c: c.lower_ in PLACE_PREPOSITIONS):
        yield from _nouns_inside(child)
    for child in children:
        if child.dep_ == "xcomp" or (child.dep_ == "ccomp" and not any(t.i in coded_verbs for t in _clause_verbs(child))):
            for grandchild in child.children:
                if grandchild.dep_ in SUBJECTS | PASSIVE_SUBJECTS | OBJECTS or grandchild.dep_ == "prep":
                    yield from _nouns_inside(grandchild)


CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "acomp"})


def _clause_verbs(head: Token) -> Iterable[Token]:
    """The verbs of a clause: its head and the verbs chained to it ("is about to restore"), not
    those of clauses inside its noun phrases ("a place to visit")."""
    yield head
    for child in head.children:
        if child.dep_ in CLAUSE_LINKS:
            yield from _clause_verbs(child)


def _nouns_inside(token: Token) -> Iterable[Token]:
    """Nouns of a phrase, breadth first (the phrase's head before what modifies it); relative
    clauses and appositions are left out."""
    queue = [token]
    while queue:
        current = queue.pop(0)
        if current.pos_ in NOUN_POS:
            yield current
        queue.extend(c for c in current.children if c.dep_ not in ("relcl", "appos", "conj", "cc", "punct", "advcl", "pcomp"))


def _parties(head: Token | None, coder: ActorCoder) -> list[Party]:
    """Parties for a noun phrase and the phrases conjoined with it."""
    if head is None:
        return []
    parties: list[Party] = []
    for member in _members(head):
        parties.extend(_code_member(member, coder))
    return parties


def _members(head: Token) -> list[Token]:
    """The phrase and those listed with it: conjuncts, and a list the parser read as appositions
    ("Valdoria, Kestria and the island state of Morvane")."""
    members = [head, *head.conjuncts]
    for member in list(members):
        for child in member.children:
            if child.dep_ == "appos" and child.text[:1].isupper():
                members.extend(x for x in [child, *child.conjuncts] if x not in members)
    return members


def _code_member(head: Token, coder: ActorCoder) -> list[Party]:
    """Parties a noun phrase names. An owner phrase in "from"/"in" ("soldiers from Kestria")
    counts only when the head is an actor or agent itself ("an attack in northern Valdoria" names no
    actor); one in "of" always ("a member of the Syrian parliament")."""
    left = phrase_tokens(head, with_owner=False)
    shared = next((c for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") and c.conjuncts), None)
    if shared is not None:  # "Valdorian and Kestrian leaders": one per modifier
        inside = {x.i for x in shared.subtree}
        kept = [t for t in left if t.i not in inside]
        parties = []
        for modifier in [shared, *shared.conjuncts]:
            parties.extend(coder(head, sorted([*kept, *phrase_tokens(modifier)], key=lambda t: t.i)))
        if parties:
            return parties
    alone = coder(head, left)
    owner = _owner_phrase(head)
    if owner is None or (not alone and owner.head.lower_ != "of"):
        return alone
    if not owner.conjuncts:
        return coder(head, phrase_tokens(head)) or alone
    parties = []  # "the envoys of Valdoria, Kestria and Morvane": one per owner
    for member in [owner, *owner.conjuncts]:
        parties.extend(coder(head, [*left, owner.head, *phrase_tokens(member)]))
    return parties or alone


def _owner_phrase(head: Token) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in OWNER_PREPOSITIONS:
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def phrase_tokens(head: Token, *, with_owner: bool = True) -> list[Token]:
    """The tokens of the noun phrase ``head`` heads: its modifiers on the left, and an owner's
    prepositional phrase on the right ("soldiers from Kestria"); no clauses or appositions."""
    left = [t for child in head.lefts if child.dep_ in PHRASE_LEFT for t in child.subtree]
    right: list[Token] = []
    owner = _owner_phrase(head) if with_owner else None
    if owner is not None:
        right = [owner.head, *phrase_tokens(owner)]
    tokens = sorted({t.i: t for t in [*left, head, *right]}.values(), key=lambda t: t.i)
    return tokens


# ---- nominal events ------------------------------------------------------------------------


def _noun_events(noun: Token, sentence: Span, coder: ActorCoder, intent_codes: bool) -> list[RawEvent]:
    """Events named by a noun of :data:`EVENT_NOUNS` (see the module's docstring, step 4)."""
    code = _noun_code(noun)
    governor = _governing_verb(noun)
    partner = _noun_preposition(noun, PARTNER_PREPOSITIONS)
    by = _noun_preposition(noun, frozenset({"by"}))
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    sources = _parties(by, coder) or _parties(possessor, coder)
    undergoer = _undergoer(noun, governor)
    if not sources and governor is not None and undergoer is None:
        subject = _subject(governor)
        sources = _parties(subject, coder) if subject is not None else []
    if not sources:  # an event needs a source: its targets are not looked for
        return []
    phrases = [partner] if partner is not None else _noun_prepositional_objects(noun, NOUN_TARGET_PREPOSITIONS)
    targets = next((found for phrase in phrases if (found := _parties(phrase, coder))), [])
    if not targets and undergoer is not None:
        targets = _parties(undergoer, coder)
    if not targets and governor is not None and undergoer is None:
        targets = _purpose_target(governor, coder)
    modality = modality_of(governor) if governor is not None else "asserted"
    place = _place(noun) or (_place(governor) if governor is not None else None)
    predicate = governor is not None and noun.head.i == governor.i and governor.lemma_.lower() in LIGHT_VERBS
    events = []
    for source in sources:
        for target in targets or [None]:
            events.extend(_pair(code, source, target, noun, sentence, modality, place, intent_codes, noun=not predicate))
    return events


LIGHT_VERBS = frozenset(
    {"start", "begin", "continue", "launch", "hold", "mount", "undertake", "open", "stage", "conduct", "resort",
     "carry", "make", "pay", "give"}
)  # fmt: skip
"""Verbs whose object names the event ("began a hunger strike", "mounted an invasion", "gave a warm
welcome"): the noun is coded."""


def _noun_code(noun: Token) -> str | None:
    word = noun.lower_
    if word in _LAST_OF_TWO_WORD_NOUNS:  # "peace talks": its modifier may make the event
        compound = next((c for c in noun.lefts if c.dep_ in ("compound", "amod")), None)
        if compound is not None and f"{compound.lower_} {word}" in EVENT_NOUNS:
            return EVENT_NOUNS[f"{compound.lower_} {word}"]
    return EVENT_NOUNS.get(word) or EVENT_NOUNS.get(noun.lemma_.lower())


_LAST_OF_TWO_WORD_NOUNS = frozenset(phrase.split()[-1] for phrase in EVENT_NOUNS if " " in phrase)


def _light_with_event(verb: Token) -> bool:
    """A light verb whose object (or one of its conjuncts: "launched artillery and rocket fire") is an
    event noun: the noun, not the verb, is the event."""
    return verb.lemma_.lower() in LIGHT_VERBS and any(
        c.dep_ in ("dobj", "xcomp") and any(_noun_code(noun) for noun in (c, *c.conjuncts)) for c in verb.children
    )


def _governing_verb(noun: Token) -> Token | None:
    current = noun
    for _ in range(6):
        if current.head.i == current.i:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _noun_preposition(noun: Token, prepositions: frozenset[str]) -> Token | None:
    """The object of the first of ``prepositions`` in the noun's phrase (its own, or a container's:
    "three rounds of sanctions by the Council")."""
    return next(_noun_prepositional_objects(noun, prepositions), None)


def _noun_prepositional_objects(noun: Token, prepositions: frozenset[str]) -> Iterable[Token]:
    """The objects of ``prepositions`` in the noun's phrase, its own first, then its container's."""
    current = noun
    for _ in range(3):
        for child in current.children:
            if child.dep_ == "prep" and child.lower_ in prepositions:
                yield from (g for g in child.children if g.dep_ == "pobj")
        if current.dep_ == "pobj" and current.head.dep_ == "prep" and current.head.lower_ == "of":
            current = current.head.head
        else:
            break


def _undergoer(noun: Token, governor: Token | None) -> Token | None:
    """The subject of "come under / be hit with" a nominal event: the one it is done to."""
    if governor is None:
        return None
    current = noun
    while current.head.i not in (current.i, governor.i):
        current = current.head
    if current.dep_ == "prep" and current.lower_ in UNDERGOING:
        return _subject(governor)
    return None


# ---- modality, place ---------------------------------------------------------------------


def modality_of(verb: Token) -> str:
    """asserted, negated, conditional, future, intended or historical (module docstring, step 5)."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    words = {c.lower_ for c in auxiliaries}
    if any(c.dep_ == "neg" for c in verb.children) or _negated_above(verb):
        return "negated"
    modals = FUTURE_AUX | CONDITIONAL_AUX
    if (words & modals or _modal_above(verb, modals)) and _conditioned(verb):
        return "conditional"
    if _inside_condition(verb):
        return "conditional"
    if words & (FUTURE_AUX | {"would"}) or _about_to(verb) or _modal_above(verb, FUTURE_AUX | {"would"}):
        return "future"  # "would" without a condition is a reported future ("said they would boycott")
    if _intended(verb):
        return "intended"
    if any(c.dep_ == "aux" and c.lower_ in PERFECT_AUX for c in auxiliaries) and verb.tag_ in ("VBN", "VBD", "VB"):
        return "historical"
    return "asserted"


def _infinitive(verb: Token) -> bool:
    """The infinitive a verb governs ("agreed [to withdraw]"), also where the parser takes it for a
    purpose clause ("have sworn [to fight]")."""
    return verb.dep_ == "xcomp" or is_purpose_clause(verb)


def _intended(verb: Token) -> bool:
    """The infinitive of a verb or adjective of intending ("agreed to withdraw", "ready to contribute")."""
    return _infinitive(verb) and verb.head.lemma_.lower() in INTENT_VERBS


def _negated_above(verb: Token) -> bool:
    """"did not agree to meet", "refused to meet": a negated or refusing verb the event verb is the infinitive of."""
    if not _infinitive(verb):
        return False
    return verb.head.lemma_.lower() in REFUSAL_VERBS or any(c.dep_ == "neg" for c in verb.head.children)


def _modal_above(verb: Token, modals: frozenset[str]) -> bool:
    """A modal on the verb this one is the infinitive or conjunct of ("will visit and meet")."""
    if verb.dep_ not in ("xcomp", "conj"):
        return False
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.head.children)


def _conditioned(verb: Token) -> bool:
    """An if/unless after the verb in its sentence (the parser hangs the clause on the verb, on a
    verb above it or on its object)."""
    return any(t.lower_ in CONDITION_MARKS for t in verb.sent if t.i > verb.i)


def _inside_condition(verb: Token) -> bool:
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in verb.children)


def _about_to(verb: Token) -> bool:
    """"is about to restore", "is going to visit"."""
    head = verb.head
    return verb.dep_ in ("xcomp", "pcomp") and (head.lower_ == "about" or (head.lemma_ == "go" and head.tag_ == "VBG"))


def _place(token: Token) -> tuple[int, int] | None:
    """Where: the first named place in an "in"/"at" phrase of the verb or noun, or of its objects
    ("meet Hollande in Paris"), not inside a clause of its own."""
    queue = [token]
    while queue:
        current = queue.pop(0)
        for child in current.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_LABELS:
                        tokens = phrase_tokens(pobj)
                        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
            if child.dep_ in OBJECTS or child.dep_ in ("prep", "pobj"):
                queue.append(child)
    return None


# ---- records ---------------------------------------------------------------------------------


def events(
    doc: Doc,
    text: str,
    dictionaries: Dictionaries,
    mentions: Sequence[Mention],
    actors: Sequence[Actor],
    quotes: Sequence[Quote],
    date: str | None,
) -> list[Event]:
    """The Event records of an article: coded per sentence with the article's actors, each
    dated (unless historical), placed, and tied to the quote that reports it."""
    coder = ArticleActors(dictionaries, mentions, actors, date, text)
    words = ArticleWords(doc)
    fragments = [(fragment.start, fragment.end, quote) for quote in quotes for fragment in quote.content]
    records: list[Event] = []
    for sentence in doc.sents:
        for raw in code_events(sentence, dictionaries, coder, article_words=words):
            quote = next((q for start, end, q in fragments if start <= raw.verb.idx < end), None)
            records.append(_record(raw, f"e{len(records) + 1}", text, date, quote, actors))
    return records


def _record(raw: RawEvent, event_id: str, text: str, date: str | None, quote: Quote | None, actors: Sequence[Actor]) -> Event:
    source = raw.source
    if quote is not None and source is not None and text[source.start : source.end].lower() in FIRST_PERSON:
        speaker = quote.speaker  # "we" in a quotation is the speaker's side
        actor = next((a for a in actors if a.id == speaker.actor_id), None)
        if actor is not None and actor.cameo:
            source = Party(actor.cameo, source.start, source.end, actor.id)
    verb_end = raw.verb.idx + len(raw.verb.text)
    return Event(
        id=event_id,
        code=event_code(raw.code),
        source_actor_ids=[source.actor_id] if source and source.actor_id else [],
        target_actor_ids=[raw.target.actor_id] if raw.target and raw.target.actor_id else [],
        source=span_of(text, source.start, source.end) if source else None,
        verb=span_of(text, raw.verb.idx, verb_end),
        target=span_of(text, raw.target.start, raw.target.end) if raw.target else None,
        sentence=span_of(text, raw.sentence.start_char, raw.sentence.end_char),
        modality=raw.modality,
        date=None if raw.modality == "historical" else date,
        place=span_of(text, *raw.place) if raw.place else None,
        reported_by_quote_id=quote.id if quote is not None else None,
        confidence=raw.confidence,
        source_code=source.code if source else None,
        target_code=raw.target.code if raw.target else None,
    )

