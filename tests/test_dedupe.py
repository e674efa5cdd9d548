"""Near-duplicate stories linked with MinHash, and events counted once across the articles that report them."""

from __future__ import annotations

import json

from communique.corpus.duplicates import NearDuplicateIndex, near_duplicates, word_shingles
from communique.corpus.events import count_events
from communique.model import Actor, Analysis, Article, Event, EventCode, TextSpan

WIRE_STORY = (
    "GENEVA (Wire) - Negotiators from the two governments resumed talks in Geneva on Tuesday after a pause of "
    "three months, with both delegations saying they hoped to agree on a framework for a ceasefire before the "
    "end of the year. The foreign minister told reporters outside the hotel that progress was possible but that "
    "difficult questions about the border and the return of refugees remained open. A spokesman for the "
    "opposition said it would judge the talks by their results, and called on the mediators to publish the "
    "draft text. Diplomats said the next round could take place in Vienna in November if the current one ends "
    "with a joint statement."
)
OTHER_STORY = (
    "Parliament passed the budget by a narrow vote on Monday after a long debate about spending on schools and "
    "hospitals. The finance minister said the plan would reduce the deficit within two years, while the "
    "opposition warned that cuts to local councils would hurt the poorest regions. Several members of the "
    "governing party abstained, and the speaker had to call a second vote after a dispute over the count. "
    "Negotiators from the two governments resumed talks in Geneva, the minister added in passing."
)


def article(article_id: str, text: str, outlet: str | None = None, url: str | None = None, date: str | None = None):
    return Article(id=article_id, text=text, outlet=outlet, url=url, date=date)


def test_copies_of_a_wire_story_link_to_its_first_appearance():
    reworded = WIRE_STORY.replace("GENEVA (Wire) - ", "").replace("told reporters", "said")
    trimmed = WIRE_STORY.rsplit(" Diplomats said", 1)[0] + " Reporting by the Wire desk."
    stream = [
        article("a1", WIRE_STORY),
        article("b1", OTHER_STORY),
        article("a2", "Daily Planet\nTuesday, Oct 13th, 2009\n\n" + reworded),
        article("a3", trimmed),
    ]
    links = list(near_duplicates(stream))
    assert [(link.article_id, link.duplicate_of) for link in links] == [("a2", "a1"), ("a3", "a1")]
    assert all(0.5 <= link.similarity <= 1.0 for link in links)


def test_a_copy_of_a_copy_links_to_the_original():
    index = NearDuplicateIndex()
    words = WIRE_STORY.split()
    second = " ".join(words[: len(words) - 8])
    third = " ".join(words[8 : len(words) - 8])
    assert index.add(article("first", WIRE_STORY)) is None
    assert index.add(article("second", second)).duplicate_of == "first"
    assert index.add(article("third", third)).duplicate_of == "first"


def test_different_stories_on_one_subject_and_empty_texts_are_not_linked():
    assert list(near_duplicates([article("w", WIRE_STORY), article("o", OTHER_STORY), article("e", "  \n")])) == []


def test_shingles_are_five_lower_cased_words():
    assert word_shingles("The Minister said, on Tuesday, that talks resumed.") == {
        "the minister said on tuesday", "minister said on tuesday that", "said on tuesday that talks",
        "on tuesday that talks resumed",
    }
    assert word_shingles("Talks resumed.") == {"talks resumed"}


def test_dedupe_command_prints_one_link_per_copy(cli, tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [{"id": "a1", "text": WIRE_STORY}, {"id": "b1", "text": OTHER_STORY}, "not an object",
            {"id": "a2", "text": WIRE_STORY + " Updated at noon."}]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    result = cli("dedupe", path)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert json.loads(line)["article_id"] == "a2" and json.loads(line)["duplicate_of"] == "a1"
    assert f"error: {path}:3: a record must be a JSON object, not str" in result.stderr
    assert result.stderr.splitlines()[-1] == "3 articles, 1 near-duplicate of an earlier one; 1 input failed"


def span(text: str) -> TextSpan:
    return TextSpan(start=0, end=len(text), text=text)


def analysis_with_events(article_id: str, outlet: str | None, events: list[tuple], url: str | None = None,
                         date: str | None = "2009-10-13") -> Analysis:
    """An Analysis whose events are (source code, target code, CAMEO code, event date, modality) tuples."""
    text = "Russia criticised the United States. Russia criticised the United States again."
    codes = sorted({code for source, target, *_ in events for code in (source, target) if code})
    actors = [Actor(id=f"a{index}", name=code, type="COUNTRY", cameo=code) for index, code in enumerate(codes, 1)]
    actor_id = {actor.cameo: actor.id for actor in actors}
    return Analysis(
        communique_version="test",
        pipeline="test",
        article=Article(id=article_id, text=text, outlet=outlet, url=url, date=date),
        actors=actors,
        events=[
            Event(
                id=f"e{number}",
                code=EventCode(cameo=cameo, root=cameo[:2], quad_class=3),
                source_actor_ids=[actor_id[source]] if source else [],
                target_actor_ids=[actor_id[target]] if target else [],
                verb=TextSpan(start=7, end=17, text="criticised"),
                sentence=span(text),
                date=event_date,
                modality=modality,
            )
            for number, (source, target, cameo, event_date, modality) in enumerate(events, 1)
        ],
    )


def test_one_event_in_many_articles_is_counted_once_with_articles_sources_and_stories():
    criticism = ("RUS", "USA", "111", None, "asserted")
    analyses = [
        analysis_with_events("p1", "Press TV", [criticism, criticism]),
        analysis_with_events("p2", "press tv", [criticism]),
        analysis_with_events("r1", None, [criticism], url="https://wire.example/story"),
        analysis_with_events("r2", None, [criticism]),
        analysis_with_events("x1", "Other", [("RUS", "USA", "111", "2009-10-12", "asserted")]),
        analysis_with_events("x2", "Other", [("USA", "RUS", "111", None, "asserted")]),
    ]
    counts = count_events(analyses, duplicate_of={"p2": "p1"})
    first = counts[0]
    assert (first.source, first.target, first.code.cameo, first.date) == ("RUS", "USA", "111", "2009-10-13")
    assert (first.num_mentions, first.num_articles, first.num_sources, first.num_stories) == (5, 4, 3, 3)
    assert first.article_ids == ["p1", "p2", "r1", "r2"]
    assert [(count.source, count.target, count.date, count.num_articles) for count in counts[1:]] == [
        ("RUS", "USA", "2009-10-12", 1),
        ("USA", "RUS", "2009-10-13", 1),
    ]


def test_historical_events_keep_no_article_date_and_missing_actors_count_as_unknown():
    counts = count_events([
        analysis_with_events("h1", "A", [("RUS", None, "190", None, "historical")]),
        analysis_with_events("h2", "B", [("RUS", None, "190", None, "historical")], date="2010-01-01"),
    ])
    [only] = counts
    assert (only.source, only.target, only.date, only.num_articles, only.num_sources) == ("RUS", None, None, 2, 2)

