"""The document model: an article and everything communique extracts from it.

Every record that points into the article (a sentence, a mention, a quote
fragment, a cue, an event's verb, a stance's evidence, a time expression)
carries ``start``/``end`` character offsets into ``Article.text`` (Python
``str`` indexing, end exclusive) and the ``text`` they cover, so that
``article.text[start:end] == text`` always holds. That invariant is what makes
every answer traceable to the exact characters it came from.

Records refer to each other by short ids that are stable for a given input
(``m3`` for a mention, ``a1`` for an actor, ``q2`` for a quote...), never by
position in memory, so the JSON output can be joined and stored as it is.

The shapes here are public: later versions only add fields. The JSON Schema
committed in ``schema/`` is generated from these classes
(``communique schema``) and a test keeps the two identical.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"
"""Version of the output shape; bumped in its minor part when fields are added."""


class Record(BaseModel):
    """Base of every model: unknown fields are refused so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class TextSpan(Record):
    """A contiguous stretch of the article text."""

    start: int = Field(ge=0, description="Offset of the first character in Article.text.")
    end: int = Field(ge=0, description="Offset one past the last character (end exclusive).")
    text: str = Field(description="Article.text[start:end], repeated for convenience.")


class Article(Record):
    """One news article as read from its source, before any analysis."""

    id: str = Field(
        description="The source's id, or a stable hash of the text (sha256, 16 hex digits) when it has none."
    )
    text: str = Field(description="The full text every offset points into, header lines included.")
    title: str | None = Field(default=None, description="Headline, when the source gives one.")
    outlet: str | None = Field(default=None, description="Publisher or news outlet, e.g. 'Press TV'.")
    date: str | None = Field(
        default=None,
        description="Publication date as ISO 8601 (YYYY-MM-DD); null when missing or unparseable, never guessed.",
    )
    url: str | None = Field(default=None, description="Where the article was published, when known.")
    source_path: str | None = Field(
        default=None, description="File (and line, for JSON Lines) the article was read from."
    )
    body_start: int = Field(
        default=0, ge=0, description="Offset where the body begins, after any outlet/dateline header."
    )
    dateline: TextSpan | None = Field(
        default=None, description="The dateline of a header such as 'Tuesday, Oct 13th, 2009', when present."
    )


class Sentence(TextSpan):
    """A sentence as segmented by the parser (paragraph breaks always end one)."""


class Mention(TextSpan):
    """A span of text that refers to an actor: a name, a description or a pronoun."""

    id: str = Field(description="Stable id within the article, e.g. 'm3'.")
    kind: Literal["name", "description", "pronoun"] = Field(
        description="Proper name, descriptive noun phrase ('the Russian foreign minister') or pronoun."
    )
    label: str | None = Field(
        default=None, description="Named-entity label from the parser (PERSON, ORG, GPE, NORP...), if any."
    )
    actor_id: str | None = Field(default=None, description="The Actor this mention was resolved to, if any.")


class Actor(Record):
    """A real-world actor, gathered from all of its mentions in the article."""

    id: str = Field(description="Stable id within the article, e.g. 'a1'.")
    name: str = Field(description="Canonical name: the longest full name used in the article or the KB name.")
    type: str = Field(description="PERSON, ORGANIZATION, COUNTRY, GROUP or UNKNOWN.")
    cameo: str | None = Field(default=None, description="CAMEO/Phoenix actor code valid on the article's date, e.g. RUSGOV.")
    country: str | None = Field(default=None, description="ISO 3166 alpha-3 country code.")
    sector: str | None = Field(default=None, description="Sector code such as GOV, MIL, REB, CVL.")
    role: str | None = Field(default=None, description="Role text, e.g. 'Minister of Foreign Affairs'.")
    kb_id: str | None = Field(default=None, description="Knowledge-base entry it was resolved to; null when unresolved.")
    resolved: bool = Field(default=False, description="True when linked to a knowledge-base entry.")
    role_date: str | None = Field(
        default=None,
        description="The date the code and role were chosen for (the article's date); null when the article has no date and the undated default applies.",
    )
    mention_ids: list[str] = Field(default_factory=list, description="Ids of every Mention of this actor.")


class Speaker(Record):
    """Who a quote is attributed to: the mention used and the actor it resolves to."""

    mention: TextSpan | None = Field(default=None, description="The mention the text uses at the cue ('He', 'Lavrov').")
    mention_id: str | None = Field(default=None, description="Id of that Mention, when it is one.")
    name: str | None = Field(default=None, description="Canonical in-article name of the speaker (longest full name).")
    actor_id: str | None = Field(default=None, description="The Actor speaking, when resolved.")
    resolved: bool = Field(default=False, description="False when the speaker could not be resolved to a named actor.")


class Quote(Record):
    """An attribution: who said what, with the cue that marks it."""

    id: str = Field(description="Stable id within the article, e.g. 'q1'.")
    type: Literal["direct", "indirect", "mixed"] = Field(
        description="direct: wholly in quote marks; indirect: reported speech; mixed: reported speech with quoted fragments."
    )
    speaker: Speaker = Field(description="Who said it.")
    cue: TextSpan | None = Field(default=None, description="The cue ('said', 'according to'); null for continuation quotes.")
    content: list[TextSpan] = Field(description="Content fragments in text order.")
    date: str | None = Field(
        default=None,
        description="When it was said, as ISO 8601 at the precision the text gives ('2009-09', '2009-W41', '2009-10-12'), when the text dates the cue's clause ('who said last month'); null when it does not, and the article's date applies.",
    )
    sentence_ids: list[int] = Field(default_factory=list, description="Indexes of the sentences the quote spans.")


class EventCode(Record):
    """A CAMEO code with the scales the event-data field derives from it."""

    cameo: str = Field(description="CAMEO event code, 2-4 digits, e.g. '042'.")
    root: str = Field(description="Two-digit CAMEO root code.")
    description: str | None = Field(default=None, description="CAMEO description of the code.")
    goldstein: float | None = Field(default=None, description="Goldstein conflict-cooperation score (-10..10).")
    quad_class: int | None = Field(default=None, description="1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.")
    plover_category: str | None = Field(default=None, description="PLOVER event category.")
    plover_mode: str | None = Field(default=None, description="PLOVER mode, when the mapping gives one.")
    plover_context: str | None = Field(default=None, description="PLOVER context, when the mapping gives one.")


class Event(Record):
    """Who did what to whom, when and where."""

    id: str = Field(description="Stable id within the article, e.g. 'e1'.")
    code: EventCode
    source_actor_ids: list[str] = Field(default_factory=list)
    target_actor_ids: list[str] = Field(default_factory=list)
    source_code: str | None = Field(default=None, description="CAMEO actor code of the source (e.g. USAGOV), when coded.")
    target_code: str | None = Field(default=None, description="CAMEO actor code of the target, when coded.")
    source: TextSpan | None = Field(default=None, description="The source actor's text.")
    verb: TextSpan = Field(description="The verb or noun that expresses the event.")
    target: TextSpan | None = Field(default=None, description="The target actor's text.")
    sentence: TextSpan = Field(description="The sentence the event was coded from.")
    modality: Literal["asserted", "negated", "future", "intended", "conditional", "historical"] = "asserted"
    date: str | None = Field(default=None, description="When it happened, when known; historical events are never given the article's date.")
    place: TextSpan | None = Field(default=None, description="Where it happened, when the text says.")
    reported_by_quote_id: str | None = Field(default=None, description="The quote the event is reported in, if any.")
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Issue(Record):
    """A normalised issue that statements take positions on."""

    id: str = Field(description="Normalised key, e.g. 'sanctions|iran'.")
    label: str = Field(description="Readable label, e.g. 'sanctions against Iran'.")
    explanation: str | None = Field(default=None, description="Which words or vectors made wordings one issue.")


class Stance(Record):
    """A position: an actor toward another actor, or toward an issue."""

    id: str = Field(description="Stable id within the article, e.g. 's1'.")
    holder_actor_id: str | None = Field(default=None)
    target_actor_id: str | None = Field(default=None, description="Set for actor-to-actor stance.")
    issue: Issue | None = Field(default=None, description="Set for actor-to-issue stance.")
    polarity: Literal["positive", "negative", "neutral", "favor", "against", "conditional"] = Field(
        description="positive/negative/neutral toward an actor; favor/against/conditional/neutral toward an issue."
    )
    evidence: TextSpan = Field(description="The quote or sentence the stance is read from.")
    quote_id: str | None = Field(default=None)
    date: str | None = Field(default=None)


class TimeExpression(TextSpan):
    """A time expression resolved against the article's date."""

    role: Literal["dateline", "body"] = Field(description="The header's dateline, or an expression in the body.")
    resolved: str | None = Field(default=None, description="ISO 8601 value at its granularity ('2009-09', '2009-10-13'); null when unresolvable.")
    granularity: Literal["year", "month", "week", "day", "time"] | None = None


class Analysis(Record):
    """Everything communique says about one article: one JSON object per article."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="Version of this output shape.")
    communique_version: str = Field(description="Version of the package that produced it.")
    pipeline: str = Field(description="spaCy pipeline used, as name@version.")
    article: Article
    sentences: list[Sentence] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    stances: list[Stance] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)


def span_of(text: str, start: int, end: int) -> TextSpan:
    """The TextSpan for ``text[start:end]``."""
    return TextSpan(start=start, end=end, text=text[start:end])


def trimmed_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past any whitespace at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
