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

Only ``required`` items count in the headline figures; optional ones are shown
and counted apart. Each section of the gold file (quotes, actors and stances now; events and
dates later) is scored by one function returning a ``Section``,
listed in ``SECTIONS``: adding a section is writing one function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from communique.model import Actor, Analysis, Quote, Speaker

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


SECTIONS: tuple[Callable[[dict, Analysis], Section], ...] = (quotes_section, actors_section, stances_section)
"""Every scored section of the gold file, in report order."""


def evaluate(gold: dict, analysis: Analysis) -> list[Section]:
    """Every section scored against ``analysis``, the Analysis of the gold file's article."""
    return [section(gold, analysis) for section in SECTIONS]


def _shorten(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
