"""Actors in articles: one actor per real-world entity, coded from the knowledge base by the article's date."""

from __future__ import annotations

import json

from communique import analyze_text

SEED_HEADER = "Press TV\nTuesday, Oct 13th, 2009\n\n"


def actors_of(text: str) -> dict[str, tuple[str | None, list[str]]]:
    """Actor name → (CAMEO code, mention texts); every mention offset is checked against the text."""
    analysis = analyze_text(text)
    mentions = {mention.id: mention for mention in analysis.mentions}
    for mention in analysis.mentions:
        assert text[mention.start : mention.end] == mention.text
    return {actor.name: (actor.cameo, [mentions[m].text for m in actor.mention_ids]) for actor in analysis.actors}


def test_name_variants_are_one_actor_with_the_longest_name():
    found = actors_of(
        SEED_HEADER + "Sergei Lavrov met reporters in Moscow.\n\nLavrov said the talks would go on. He added nothing."
    )
    assert found["Sergei Lavrov"][0] == "RUSGOV"
    assert found["Sergei Lavrov"][1][:2] == ["Sergei Lavrov", "Lavrov"]


def test_transliterated_spelling_finds_the_same_kb_entry():
    analysis = analyze_text(SEED_HEADER + "Sergey Lavrov said the talks would go on.")
    [actor] = [actor for actor in analysis.actors if actor.type == "PERSON"]
    assert (actor.name, actor.cameo, actor.resolved) == ("Sergey Lavrov", "RUSGOV", True)
    assert actor.kb_id == "person:sergey-lavrov" and actor.role == "Minister of Foreign Affairs of Russia"


def test_roles_are_chosen_by_the_article_date():
    in_2009 = analyze_text(SEED_HEADER + "Dmitry Medvedev said the talks would go on.")
    in_2003 = analyze_text("Press TV\nMonday, March 3rd, 2003\n\nDmitry Medvedev said the talks would go on.")
    code = {a.article.date: next(x.cameo for x in a.actors if x.name == "Dmitry Medvedev") for a in (in_2009, in_2003)}
    assert code == {"2009-10-13": "RUSGOV", "2003-03-03": "RUSELI"}


def test_article_without_a_date_uses_the_undated_default_and_says_so():
    analysis = analyze_text("Dmitry Medvedev said the talks would go on.")
    [actor] = analysis.actors
    assert analysis.article.date is None and actor.role_date is None
    assert actor.cameo == "RUSELI"  # the dictionary's undated default for him


def test_capital_that_acts_is_its_country_and_a_capital_as_place_is_not_an_actor():
    found = actors_of(SEED_HEADER + "Moscow praised the deal. Russia has long wanted it, officials said in Moscow.")
    assert found["Russia"] == ("RUS", ["Moscow", "Russia"])


def test_agents_with_a_nationality_become_coded_groups():
    found = actors_of(SEED_HEADER + "Iraqi police arrested three men. American warplanes struck targets in Syria.")
    assert found["Iraqi police"][0] == "IRQCOP"
    assert found["American warplanes"][0] == "USAMIL"


def test_compound_mentions_are_separate_actors():
    found = actors_of(SEED_HEADER + "Russia and the US agreed to resume talks.")
    assert found["Russia"][0] == "RUS" and found["United States"] == ("USA", ["US"])


def test_international_organisations_and_their_descriptions():
    found = actors_of(
        SEED_HEADER + "The UN nuclear watchdog said Iran complied. The International Atomic Energy Agency (IAEA) agreed."
    )
    code, mentions = found["International Atomic Energy Agency"]
    assert code == "IGOUNOIAE"
    assert {"The UN nuclear watchdog", "The International Atomic Energy Agency", "IAEA"} <= set(mentions)


def test_speakers_link_to_their_actor():
    analysis = analyze_text(SEED_HEADER + "Sergei Lavrov spoke first.\n\nHe said the talks had failed.")
    [quote] = analysis.quotes
    actor = next(actor for actor in analysis.actors if actor.id == quote.speaker.actor_id)
    assert actor.name == "Sergei Lavrov"
    mention = next(mention for mention in analysis.mentions if mention.id == quote.speaker.mention_id)
    assert (mention.text, mention.kind, mention.actor_id) == ("He", "pronoun", actor.id)


def test_actor_missing_from_the_kb_keeps_its_in_article_identity():
    analysis = analyze_text(SEED_HEADER + "Zorblax Quintavian said the talks had failed. Quintavian left.")
    [actor] = [actor for actor in analysis.actors if actor.type == "PERSON"]
    assert (actor.name, actor.resolved, actor.kb_id) == ("Zorblax Quintavian", False, None)
    assert len(actor.mention_ids) == 2


def test_non_latin_names_and_very_long_mentions_do_not_break_resolution():
    long_name = "The " + " ".join(["Extraordinarily"] * 12) + " Long Committee For Everything Under The Sun Of Nowhere"
    text = SEED_HEADER + f"Сергей Лавров said the talks failed. {long_name} said the plan would fail."
    analysis = analyze_text(text)
    assert all(text[m.start : m.end] == m.text for m in analysis.mentions)
    assert len(analysis.quotes) == 2


def test_seed_actors_all_right(cli):
    from conftest import SEED, require_shared

    require_shared(SEED)
    result = cli("eval", "seed")
    assert result.exit_code == 0, result.stderr
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert (scores["actors_gold"], scores["actors_right"]) == (8, 8)


def test_person_missing_from_the_kb_is_coded_from_their_title():
    analysis = analyze_text(SEED_HEADER + "British Foreign Secretary Zorblax Quintavian said the talks had failed.")
    [actor] = analysis.actors
    assert (actor.name, actor.cameo, actor.country, actor.sector, actor.resolved) == (
        "Zorblax Quintavian", "GBRGOV", "GBR", "GOV", False
    )
