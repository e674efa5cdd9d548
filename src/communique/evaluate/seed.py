"""The seed article's hand annotation: how much of it communique gets right.

The gold file (``shared/seed/*.gold.json``) states its own matching rules in
its ``about`` field; this module implements them:

- a gold quote is *found* when one predicted quote's content (the union of its
  fragments) covers at least half of the gold content span's characters;
- its speaker is *right* when the predicted speaker is the gold actor "by any
  of its names". The predicted canonical name (``speaker.name``) is tried
  first, then the text of the speaker mention; a candidate that is only a
  pronoun ("He", "who") identifies nobody, and so does a name that fits
  several gold actors equally well. A candidate identifies the gold actor
  whose name or listed mention equals it (case-insensitive, by words), or
  failing that the one whose name or mention contains it or is contained in
  it as a run of whole words ("Lavrov" in "Sergei Lavrov"). Picking the best
  actor, rather than asking "does it fit the gold speaker?", keeps "US" from
  counting as "US Secretary of State Hillary Clinton": "US" is the United
  States, by an exact match.

Dates: a gold date is *found* when a predicted time expression of its role
(dateline or body) overlaps its span, and *right* when that expression resolves
to the gold value, at the gold granularity when the gold states one. A gold
quote with a ``date`` is dated right when the quote found for it carries that
date.

Events: a gold event is found when a predicted event has its code (or an accepted
alternative), source and target codes that agree with the gold ones (one extends the
other: ``RUSGOV`` for ``RUS``), the gold modality, and no date when historical.

Only ``required`` items count in the headline figures; optional ones are shown
and counted apart. Each section of the gold file (quotes, actors, events, stances and dates) is scored by one function returning a ``Section``,
listed in ``SECTIONS``: adding a section is writing one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from communique.model import Actor, Analysis, Event, Quote, Speaker, TimeExpression

FOUND_COVERAGE = 0.5
"""Share of the gold content's characters a predicted quote must cover for the quote to be found."""

PRONOUNS = frozenset(
    {
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "hers",
        "it",
        "its",
        "they",
        "them",
        "their",
        "who",
        "whom",
        "whose",
        "which",
        "that",
        "this",
        "these",
        "those",
        "one",
        "someone",
        "somebody",
        "the",
        "a",
        "an",
    }
)
"""Words that refer to a speaker without naming one, and articles ("us" is left out: "US" is a country)."""

_NOTE = re.compile(r"\s*\(.*\)\s*$")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


@dataclass
class Section:
    """The scored rows of one section of the gold file, and its figures for the JSON line."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    figures: dict[str, int | float] = field(default_factory=dict)


# --- matching helpers -------------------------------------------------------------------------


def merged(fragments: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges merged into their union, in text order."""
    union: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if union and start <= union[-1][1]:
            union[-1] = (union[-1][0], max(union[-1][1], end))
        else:
            union.append((start, end))
    return union


def coverage(gold: tuple[int, int], fragments: Iterable[tuple[int, int]]) -> float:
    """Share of the gold span's characters that the union of ``fragments`` covers (0..1)."""
    gold_start, gold_end = gold
    if gold_end <= gold_start:
        return 0.0
    covered = sum(max(0, min(end, gold_end) - max(start, gold_start)) for start, end in merged(fragments))
    return covered / (gold_end - gold_start)


def best_quote(gold: tuple[int, int], quotes: Sequence[Quote]) -> tuple[Quote | None, float]:
    """The predicted quote whose content covers most of the gold span (the first on a tie), and that coverage."""
    best, best_coverage = None, 0.0
    for quote in quotes:
        share = coverage(gold, ((fragment.start, fragment.end) for fragment in quote.content))
        if share > best_coverage:
            best, best_coverage = quote, share
    return best, best_coverage


def words(name: str) -> tuple[str, ...]:
    """A name's words, lowercased, with any parenthetical note ("Moscow (as the Russian government)") removed."""
    return tuple(word.replace("’", "'") for word in _WORD.findall(_NOTE.sub("", name).lower()))


def is_pronoun(name: str | None) -> bool:
    """True when ``name`` is empty or made of pronouns only, so it cannot identify an actor."""
    return not name or all(word in PRONOUNS for word in words(name))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    return any(longer[index : index + len(shorter)] == shorter for index in range(len(longer) - len(shorter) + 1))


def name_match(candidate: str, name: str) -> int:
    """2 when the two names are the same words, 1 when one is a run of whole words of the other, else 0."""
    first, second = words(candidate), words(name)
    if not first or not second:
        return 0
    if first == second:
        return 2
    return 1 if _contains(first, second) or _contains(second, first) else 0


def actor_names(actor: dict) -> list[str]:
    """A gold actor's name and listed mentions, without the pronouns among them."""
    return [name for name in [actor["name"], *actor.get("mentions", [])] if not is_pronoun(name)]


def identify_actor(candidate: str | None, actors: Sequence[dict]) -> str | None:
    """The id of the gold actor that ``candidate`` names, or None when it names none or several equally."""
    if is_pronoun(candidate):
        return None
    scores = {
        actor["id"]: max((name_match(candidate, name) for name in actor_names(actor)), default=0) for actor in actors
    }
    best = max(scores.values(), default=0)
    winners = [actor_id for actor_id, score in scores.items() if score == best]
    return winners[0] if best and len(winners) == 1 else None


def speaker_actor(speaker: Speaker, actors: Sequence[dict]) -> str | None:
    """The gold actor a predicted speaker is: by its canonical name, else by its mention's text."""
    mention = speaker.mention.text if speaker.mention else None
    for candidate in (speaker.name, mention):
        actor_id = identify_actor(candidate, actors)
        if actor_id:
            return actor_id
    return None


def speaker_label(speaker: Speaker) -> str:
    """How a predicted speaker reads in the table: its name, and the mention when that differs."""
    mention = speaker.mention.text if speaker.mention else None
    if speaker.name and mention and mention != speaker.name:
        return f"{speaker.name} ({mention})"
    return speaker.name or mention or "—"


# --- sections ---------------------------------------------------------------------------------


def quotes_section(gold: dict, analysis: Analysis) -> Section:
    """Each gold quote: found (content covered at least half) and, if found, speaker right."""
    section = Section(
        title="quotes", columns=["#", "required", "gold speaker", "content", "found", "predicted speaker", "right"]
    )
    actors = gold.get("actors", [])
    tally = {"required": [0, 0, 0], "optional": [0, 0, 0]}  # quotes, found, speakers right
    for number, item in enumerate(gold.get("quotes", []), start=1):
        span = item["content_span"]
        quote, share = best_quote((span["start"], span["end"]), analysis.quotes)
        found = quote is not None and share >= FOUND_COVERAGE
        right = found and speaker_actor(quote.speaker, actors) == item["speaker"]
        counts = tally["required" if item.get("required", True) else "optional"]
        counts[0] += 1
        counts[1] += found
        counts[2] += right
        section.rows.append(
            [
                str(number),
                "yes" if item.get("required", True) else "no",
                item["speaker"],
                _shorten(span["text"]),
                f"yes ({share:.0%})" if found else (f"no ({share:.0%})" if quote else "no"),
                speaker_label(quote.speaker) if found else "",
                ("yes" if right else "no") if found else "",
            ]
        )
    (required, found, right), (optional, optional_found, optional_right) = tally["required"], tally["optional"]
    section.figures = {
        "quotes_required": required,
        "quotes_found": found,
        "speakers_right": right,
        "optional_quotes": optional,
        "optional_quotes_found": optional_found,
        "optional_speakers_right": optional_right,
    }
    return section


def mention_found(gold_mention: str, predicted: Sequence[str]) -> bool:
    """A gold mention is found when a predicted mention names it: the same words, or a run of whole words
    of it ("Dmitry Medvedev" in "Russian President Dmitry Medvedev"); pronouns must be the same word."""
    if is_pronoun(gold_mention):
        return any(words(text) == words(gold_mention) for text in predicted)
    return any(name_match(text, gold_mention) for text in predicted if not is_pronoun(text))


def best_actor(gold_actor: dict, analysis: Analysis) -> Actor | None:
    """The predicted actor that names the gold actor best (by its name, then its mentions), if any."""
    texts = {mention.id: mention.text for mention in analysis.mentions}
    scored = []
    for actor in analysis.actors:
        names = [actor.name, *(texts[mention_id] for mention_id in actor.mention_ids)]
        score = max((name_match(name, gold) for name in names for gold in actor_names(gold_actor)), default=0)
        if score:
            scored.append((score, len(actor.mention_ids), actor))
    return max(scored, key=lambda item: item[:2])[2] if scored else None


def actors_section(gold: dict, analysis: Analysis) -> Section:
    """Each gold actor: the predicted actor naming it, with the right CAMEO code and every gold mention."""
    section = Section(title="actors", columns=["gold actor", "gold code", "predicted", "code", "mentions found", "right"])
    texts = {mention.id: mention.text for mention in analysis.mentions}
    right_count = 0
    for gold_actor in gold.get("actors", []):
        actor = best_actor(gold_actor, analysis)
        mentions = [texts[mention_id] for mention_id in actor.mention_ids] if actor else []
        found = [gold_mention for gold_mention in gold_actor.get("mentions", []) if mention_found(gold_mention, mentions)]
        right = actor is not None and actor.cameo == gold_actor.get("cameo") and len(found) == len(gold_actor.get("mentions", []))
        right_count += right
        section.rows.append(
            [
                gold_actor["id"],
                gold_actor.get("cameo") or "—",
                actor.name if actor else "—",
                (actor.cameo or "—") if actor else "—",
                f"{len(found)}/{len(gold_actor.get('mentions', []))}",
                "yes" if right else "no",
            ]
        )
    section.figures = {"actors_gold": len(gold.get("actors", [])), "actors_right": right_count}
    return section


def best_time(gold: dict, times: Sequence[TimeExpression]) -> TimeExpression | None:
    """The predicted time expression of the gold one's role that overlaps its span most, if any."""
    start, end = gold["span"]["start"], gold["span"]["end"]
    overlaps = [
        (min(end, time.end) - max(start, time.start), time)
        for time in times
        if time.role == gold.get("role", "body") and min(end, time.end) > max(start, time.start)
    ]
    return max(overlaps, key=lambda item: item[0])[1] if overlaps else None


def time_right(gold: dict, time: TimeExpression | None) -> bool:
    """A predicted time expression is right when it resolves to the gold value, at the gold granularity
    when the gold gives one."""
    return (
        time is not None
        and time.resolved == gold["resolved"]
        and ("granularity" not in gold or time.granularity == gold["granularity"])
    )


def dates_section(gold: dict, analysis: Analysis) -> Section:
    """Each gold date: found (a predicted expression of its role overlaps it) and resolved right; then each
    gold quote with a date: the predicted quote found for it carries that date. A quote the gold leaves
    undated that is given a date other than the article's counts as a spurious quote date."""
    section = Section(title="dates", columns=["#", "required", "gold", "gold value", "predicted", "value", "right"])
    tally = {"required": [0, 0, 0], "optional": [0, 0, 0]}  # dates, found, resolved right
    for number, item in enumerate(gold.get("dates", []), start=1):
        time = best_time(item, analysis.times)
        right = time_right(item, time)
        counts = tally["required" if item.get("required", True) else "optional"]
        counts[0] += 1
        counts[1] += time is not None
        counts[2] += right
        gold_value = " ".join(filter(None, (item["resolved"], item.get("granularity"))))
        value = " ".join(filter(None, (time.resolved or "null", time.granularity))) if time else ""
        section.rows.append(
            [
                str(number),
                "yes" if item.get("required", True) else "no",
                item["span"]["text"],
                gold_value,
                time.text if time else "—",
                value,
                "yes" if right else "no",
            ]
        )
    quote_dates = quote_dates_right = spurious = 0
    for item in gold.get("quotes", []):
        span = item["content_span"]
        quote, share = best_quote((span["start"], span["end"]), analysis.quotes)
        found = quote is not None and share >= FOUND_COVERAGE
        if "date" in item:
            quote_dates += 1
            right = found and quote.date == item["date"]
            quote_dates_right += right
            section.rows.append(
                [
                    f"q{quote_dates}",
                    "yes" if item.get("required", True) else "no",
                    f"quote: {_shorten(span['text'], 32)}",
                    item["date"],
                    (quote.cue.text if quote.cue else "(no cue)") if found else "—",
                    (quote.date or "null") if found else "",
                    "yes" if right else "no",
                ]
            )
        elif found and quote.date not in (None, analysis.article.date):
            spurious += 1
    (required, found_count, right_count), (optional, optional_found, optional_right) = (
        tally["required"],
        tally["optional"],
    )
    section.figures = {
        "dates_required": required,
        "dates_found": found_count,
        "dates_right": right_count,
        "optional_dates": optional,
        "optional_dates_found": optional_found,
        "optional_dates_right": optional_right,
        "quote_dates": quote_dates,
        "quote_dates_right": quote_dates_right,
        "quote_dates_spurious": spurious,
    }
    return section


def codes_agree(predicted: str | None, gold: str | None) -> bool:
    """Actor codes agree when one is the other or extends it ("RUSGOV" for "RUS"), or both are none."""
    if not predicted or not gold:
        return not predicted and not gold
    return predicted.startswith(gold) or gold.startswith(predicted)


def event_matches(event: Event, gold_event: dict) -> bool:
    """A predicted event is the gold one when its code is the gold code or an accepted alternative,
    its source and target codes agree with the gold ones (by :func:`codes_agree`), it carries the
    gold modality (asserted when the gold gives none), and a historical event has no date."""
    codes = {gold_event["code"], *gold_event.get("alternatives", [])}
    modality = gold_event.get("modality", "asserted")
    if event.code.cameo not in codes or event.modality != modality:
        return False
    if modality == "historical" and event.date is not None:
        return False
    return codes_agree(event.source_code, gold_event.get("source_code")) and codes_agree(
        event.target_code, gold_event.get("target_code")
    )


def events_section(gold: dict, analysis: Analysis) -> Section:
    """Each gold event: the first predicted event that matches it (:func:`event_matches`)."""
    section = Section(title="events", columns=["gold event", "code", "modality", "req", "predicted", "found"])
    found = {True: 0, False: 0}
    for gold_event in gold.get("events", []):
        match = next((event for event in analysis.events if event_matches(event, gold_event)), None)
        required = bool(gold_event.get("required"))
        found[required] += match is not None
        predicted = (
            f"{match.id} {match.source_code}→{match.target_code} {match.code.cameo} {match.modality} date={match.date}"
            if match
            else "—"
        )
        section.rows.append(
            [
                _shorten(gold_event.get("description", "")),
                gold_event["code"],
                gold_event.get("modality", "asserted"),
                "yes" if required else "no",
                predicted,
                "yes" if match else "no",
            ]
        )
    events = gold.get("events", [])
    section.figures = {
        "events_required": sum(1 for e in events if e.get("required")),
        "events_required_found": found[True],
        "events_optional": sum(1 for e in events if not e.get("required")),
        "events_optional_found": found[False],
        "events_predicted": len(analysis.events),
    }
    return section


def located(text: str, evidence: str) -> tuple[int, int] | None:
    """Where a gold evidence string is in the article (its first occurrence), if it is there."""
    start = text.find(evidence)
    return (start, start + len(evidence)) if start >= 0 else None


def stances_section(gold: dict, analysis: Analysis) -> Section:
    """Each gold issue stance: the predicted stance of the same holder on the same issue whose evidence covers
    most of the gold evidence, and whether its polarity (favor, against, conditional, neutral) is the gold one.

    The gold target ("sanctions against Iran") is normalised by the issue rules communique applies to
    articles, so the issue must come out as the same key, not merely share a word."""
    from communique.extract.issues import issue_of_phrase

    section = Section(
        title="stances", columns=["required", "gold holder", "issue", "gold", "predicted", "evidence", "right"]
    )
    actors = gold.get("actors", [])
    holders = {actor.id: identify_actor(actor.name, actors) for actor in analysis.actors}
    tally = {"required": [0, 0], "optional": [0, 0]}
    for item in gold.get("stances", []):
        issue = issue_of_phrase(item["target"], analysis.article.date)
        where = located(analysis.article.text, item["evidence"])
        candidates = [
            stance
            for stance in analysis.stances
            if stance.issue is not None
            and issue is not None
            and stance.issue.id == issue.id
            and holders.get(stance.holder_actor_id) == item["holder"]
        ]
        best, share = None, 0.0
        for stance in candidates:
            covered = coverage(where, [(stance.evidence.start, stance.evidence.end)]) if where else 0.0
            if covered > share:
                best, share = stance, covered
        right = best is not None and best.polarity == item["stance"]
        counts = tally["required" if item.get("required", True) else "optional"]
        counts[0] += 1
        counts[1] += right
        section.rows.append(
            [
                "yes" if item.get("required", True) else "no",
                item["holder"],
                issue.id if issue else f"none ({item['target']})",
                item["stance"],
                best.polarity if best else "—",
                _shorten(best.evidence.text) if best else "",
                "yes" if right else "no",
            ]
        )
    section.figures = {
        "stances_required": tally["required"][0],
        "stances_right": tally["required"][1],
        "optional_stances": tally["optional"][0],
        "optional_stances_right": tally["optional"][1],
    }
    return section


SECTIONS: tuple[Callable[[dict, Analysis], Section], ...] = (
    quotes_section,
    actors_section,
    events_section,
    stances_section,
    dates_section,
)
"""Every scored section of the gold file, in report order."""


def evaluate(gold: dict, analysis: Analysis) -> list[Section]:
    """Every section scored against ``analysis``, the Analysis of the gold file's article."""
    return [section(gold, analysis) for section in SECTIONS]


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
