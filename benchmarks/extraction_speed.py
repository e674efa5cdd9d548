"""How much time each extractor adds to spaCy's own, on the same real articles, in one run.

    python benchmarks/extraction_speed.py [--articles 300] [--corpus ../shared/corpus/allsides-sample.jsonl]

spaCy parses the articles once (the English pipeline as installed, batch size
32, one process; the faster of two runs counts). Each extractor then runs over
the same parsed Docs, timed the same way, and its time is reported as a share
of spaCy's: that share is what the extractor adds to a run. The whole
communique pipeline (parse + every extractor + the output records) is timed
end to end as well.

The attribute ruler is timed apart: spaCy's and communique's vectorised one
(``communique.attribute_ruler``) matching their patterns on the same parsed
Docs, which is the part of the ruler's work that differs.

It prints a table and, as its last line, one JSON object with the seconds
and the ratios ``ruler_speedup`` (spaCy's ruler's matching time over the vectorised one's),
``quotes_overhead``, ``actors_overhead``, ``times_overhead``, ``events_overhead``,
``stances_overhead`` and ``communique_overhead`` (added time over spaCy's time). Event coding and
stances are timed on the Docs with their quotes and actors already found, as ``analyze_doc`` runs
them; stances with the directed-sentiment classifier already loaded (once per process, as in a run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.extract.actors import actors  # noqa: E402
from communique.extract.coref import SpeakerResolver  # noqa: E402
from communique.cameo.dictionaries import shipped_dictionaries  # noqa: E402
from communique.extract.entities import entity_mentions  # noqa: E402
from communique.extract.events import events  # noqa: E402
from communique.extract.issues import find_issues  # noqa: E402
from communique.extract.quotes import quotes  # noqa: E402
from communique.extract.sentences import sentences  # noqa: E402
from communique.extract.stances import actor_stances, issue_stances  # noqa: E402
from communique.extract.times import article_times, dated_quotes  # noqa: E402
from communique.kb import load_kb  # noqa: E402
from communique.model import Article  # noqa: E402
from communique.parse import DEFAULT_MODEL, load_pipeline  # noqa: E402

actor_module = sys.modules["communique.extract.actors"]  # the package exports a function of the same name
events_module = sys.modules["communique.extract.events"]
BATCH_SIZE = 32
ARTICLE_DATE = "2016-06-01"


def read_texts(corpus: Path, limit: int) -> list[str]:
    texts = []
    with open(corpus, encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            if text.strip():
                texts.append(text)
            if len(texts) == limit:
                break
    return texts


def best_of_two(run) -> float:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "allsides-sample.jsonl")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"error: {args.corpus}: no such file (the benchmark reads ../shared/corpus)")
    texts = read_texts(args.corpus, args.articles)
    words = sum(len(text.split()) for text in texts)

    plain = spacy.load(DEFAULT_MODEL)
    with_paragraphs = spacy.load(DEFAULT_MODEL)
    with_paragraphs.add_pipe("communique_paragraphs", before="parser")
    communique = load_pipeline(DEFAULT_MODEL)
    load_kb()
    for nlp in (plain, communique):
        list(nlp.pipe(texts[:10], batch_size=BATCH_SIZE))  # warm up lazy loads and caches

    spacy_seconds = best_of_two(lambda: list(plain.pipe(texts, batch_size=BATCH_SIZE)))
    docs = list(with_paragraphs.pipe(texts, batch_size=BATCH_SIZE))
    prepared = [(doc, text, sentences(doc, text)) for doc, text in zip(docs, texts, strict=True)]

    def run_quotes():
        for doc, text, sentence_spans in prepared:
            quotes(doc, sentence_spans, entity_mentions(doc, text), text)

    def run_actors():
        actor_module._lookup.cache_clear()  # start cold: no lookups remembered from the previous run
        actor_module._lookup_person.cache_clear()
        for doc, text, _sentences, mentions, quoted, resolver in with_quotes:
            actors(doc, [m.model_copy() for m in mentions], [q.model_copy(deep=True) for q in quoted], resolver, ARTICLE_DATE, text=text)

    with_quotes = []
    for doc, text, sentence_spans in prepared:
        mentions = entity_mentions(doc, text)
        resolver = SpeakerResolver(doc)
        with_quotes.append((doc, text, sentence_spans, mentions, quotes(doc, sentence_spans, mentions, text, resolver), resolver))

    articles = [Article(id=str(index), text=text, date=ARTICLE_DATE) for index, text in enumerate(texts)]

    def run_times():
        for (doc, text, _sentences, _mentions, quoted, _resolver), article in zip(with_quotes, articles, strict=True):
            dated_quotes(doc, quoted, article_times(doc, text, article))

    dictionaries = shipped_dictionaries()
    with_actors = []  # copies with actor ids on mentions and speakers, as events and stances read them
    for doc, text, sentence_spans, mentions, quoted, resolver in with_quotes:
        own_mentions, own_quotes = [m.model_copy() for m in mentions], [q.model_copy(deep=True) for q in quoted]
        found = actors(doc, own_mentions, own_quotes, resolver, ARTICLE_DATE, text=text)
        with_actors.append((doc, text, sentence_spans, own_mentions, own_quotes, found))

    def run_events():
        events_module._coded.cache_clear()  # start cold: no phrase codes remembered from the previous run
        for doc, text, _sentences, mentions, quoted, found in with_actors:
            events(doc, text, dictionaries, mentions, found, quoted, ARTICLE_DATE)

    kb = load_kb()
    pairs = [0]

    def run_stances():
        pairs[0] = 0
        for doc, text, sentence_spans, mentions, quoted, _found in with_actors:
            issue_stances(doc, quoted, find_issues(doc, kb, ARTICLE_DATE, text), mentions, text, ARTICLE_DATE)
            pairs[0] += len(actor_stances(sentence_spans, mentions, quoted, text, ARTICLE_DATE))

    run_stances()  # loads the directed-sentiment classifier once, as a process does

    quotes_seconds = best_of_two(run_quotes)
    times_seconds = best_of_two(run_times)
    actors_seconds = best_of_two(run_actors)
    events_seconds = best_of_two(run_events)
    stances_seconds = best_of_two(run_stances)
    communique_seconds = best_of_two(lambda: list(communique.pipe(texts, batch_size=BATCH_SIZE)))
    stock_ruler, vectorised_ruler = plain.get_pipe("attribute_ruler"), communique.get_pipe("attribute_ruler")
    stock_ruler_seconds = best_of_two(lambda: [stock_ruler.match(doc) for doc in docs])
    vectorised_ruler_seconds = best_of_two(lambda: [vectorised_ruler.match(doc) for doc in docs])

    print(f"{len(texts)} articles, {words:,} words, batch size {BATCH_SIZE}, 1 process")
    print(f"{'step':<34} {'seconds':>8} {'share of spaCy':>15}")
    print(f"{'spaCy alone (parse)':<34} {spacy_seconds:>8.2f} {1:>15.3f}")
    rulers = (
        ("  its attribute ruler (matching)", stock_ruler_seconds),
        ("  the vectorised ruler", vectorised_ruler_seconds),
    )
    for name, seconds in rulers:
        print(f"{name:<34} {seconds:>8.2f} {seconds / spacy_seconds:>15.3f}")
    print(f"{'quote attribution (on parsed Docs)':<34} {quotes_seconds:>8.2f} {quotes_seconds / spacy_seconds:>15.3f}")
    print(f"{'actor resolution (on parsed Docs)':<34} {actors_seconds:>8.2f} {actors_seconds / spacy_seconds:>15.3f}")
    print(f"{'times and quote dates (on Docs)':<34} {times_seconds:>8.2f} {times_seconds / spacy_seconds:>15.3f}")
    print(f"{'event coding (on parsed Docs)':<34} {events_seconds:>8.2f} {events_seconds / spacy_seconds:>15.3f}")
    print(f"{'stances (on parsed Docs)':<34} {stances_seconds:>8.2f} {stances_seconds / spacy_seconds:>15.3f}")
    print(f"{'communique, end to end':<34} {communique_seconds:>8.2f} {communique_seconds / spacy_seconds:>15.3f}")
    print(
        json.dumps(
            {
                "articles": len(texts),
                "spacy_seconds": round(spacy_seconds, 3),
                "stock_ruler_seconds": round(stock_ruler_seconds, 3),
                "vectorised_ruler_seconds": round(vectorised_ruler_seconds, 3),
                "ruler_speedup": round(stock_ruler_seconds / vectorised_ruler_seconds, 2),
                "quotes_seconds": round(quotes_seconds, 3),
                "actors_seconds": round(actors_seconds, 3),
                "times_seconds": round(times_seconds, 3),
                "events_seconds": round(events_seconds, 3),
                "stances_seconds": round(stances_seconds, 3),
                "actor_pairs_classified": pairs[0],
                "communique_seconds": round(communique_seconds, 3),
                "quotes_overhead": round(quotes_seconds / spacy_seconds, 4),
                "actors_overhead": round(actors_seconds / spacy_seconds, 4),
                "times_overhead": round(times_seconds / spacy_seconds, 4),
                "events_overhead": round(events_seconds / spacy_seconds, 4),
                "stances_overhead": round(stances_seconds / spacy_seconds, 4),
                "communique_overhead": round(communique_seconds / spacy_seconds - 1, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
