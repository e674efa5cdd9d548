"""Hand-written Analysis records with events and stances, built with the real pydantic models.

The extractors for events and stances are being written elsewhere; these
records exercise storage, queries, exports and pages with every kind of
record now. Offsets are computed from the text, so they are always right.
"""

from __future__ import annotations

from communique.model import (
    Actor,
    Analysis,
    Article,
    Event,
    EventCode,
    Issue,
    Mention,
    Quote,
    Speaker,
    Stance,
    TextSpan,
    span_of,
)


def span(text: str, words: str, after: int = 0) -> TextSpan:
    """The span of the first ``words`` in ``text`` at or after ``after``."""
    start = text.index(words, after)
    return span_of(text, start, start + len(words))


ACTORS = {
    "a1": Actor(id="a1", name="Ruritania", type="COUNTRY", cameo="RUR", country="RUR", kb_id="country:RUR", resolved=True),
    "a2": Actor(id="a2", name="Freedonia", type="COUNTRY", cameo="FRE", country="FRE", kb_id="country:FRE", resolved=True),
    "a3": Actor(
        id="a3", name="Anna Petrova", type="PERSON", cameo="RURGOV", country="RUR", sector="GOV",
        role="Foreign Minister", kb_id="person:anna-petrova", resolved=True,
    ),
}


TEXT = (
    "Ruritania condemned Freedonia on Monday over the border closure.\n"
    "Foreign Minister Anna Petrova said sanctions against Freedonia would be counterproductive.\n"
    "Ruritania and Freedonia later signed a trade agreement."
)


def analysis(article_id: str = "hand-1", date: str = "2021-03-04", outlet: str = "Daily Test", text: str = TEXT) -> Analysis:
    """An article where Ruritania criticises Freedonia and its minister opposes sanctions on Freedonia.

    ``text`` may add to TEXT (the records point at the first occurrences of their words).
    """
    said = span(text, "said")
    content = span(text, "sanctions against Freedonia would be counterproductive")
    petrova = span(text, "Anna Petrova")
    return Analysis(
        communique_version="0.1.0",
        pipeline="en_test@1.0",
        article=Article(id=article_id, text=text, title=f"Test article {article_id}", outlet=outlet, date=date, url="https://example.org/a"),
        mentions=[
            Mention(**span(text, "Ruritania").model_dump(), id="m1", kind="name", label="GPE", actor_id="a1"),
            Mention(**span(text, "Freedonia").model_dump(), id="m2", kind="name", label="GPE", actor_id="a2"),
            Mention(**petrova.model_dump(), id="m3", kind="name", label="PERSON", actor_id="a3"),
        ],
        actors=[actor.model_copy(update={"mention_ids": [f"m{index}"]}) for index, actor in enumerate(ACTORS.values(), 1)],
        quotes=[
            Quote(
                id="q1", type="indirect", cue=said, content=[content], sentence_ids=[1],
                speaker=Speaker(mention=petrova, mention_id="m3", name="Anna Petrova", actor_id="a3", resolved=True),
            )
        ],
        events=[
            Event(
                id="e1",
                code=EventCode(cameo="111", root="11", description="Criticize or denounce", goldstein=-2.0, quad_class=3),
                source_actor_ids=["a1"], target_actor_ids=["a2"],
                source=span(text, "Ruritania"), verb=span(text, "condemned"), target=span(text, "Freedonia"),
                sentence=span(text, "Ruritania condemned Freedonia on Monday over the border closure."),
            ),
            Event(
                id="e2",
                code=EventCode(cameo="057", root="05", description="Sign formal agreement", goldstein=8.0, quad_class=1),
                source_actor_ids=["a1"], target_actor_ids=["a2"],
                verb=span(text, "signed"), sentence=span(text, "Ruritania and Freedonia later signed a trade agreement."),
                date="2021-03-10",
            ),
        ],
        stances=[
            Stance(
                id="s1", holder_actor_id="a3", issue=Issue(id="sanctions|freedonia", label="sanctions against Freedonia"),
                polarity="against", evidence=content, quote_id="q1",
            ),
            Stance(id="s2", holder_actor_id="a1", target_actor_id="a2", polarity="negative", evidence=span(text, "condemned")),
        ],
    )
