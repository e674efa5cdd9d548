"""How much time quote attribution adds to spaCy's own, on the same real articles, in one run.

    python benchmarks/attribution_speed.py [--articles 300] [--corpus ../shared/corpus/allsides-sample.jsonl]

Three pipelines parse the same texts with the same model and batch size, in
one process, each timed twice (the faster run counts) in alternating order:

- spaCy alone (the English pipeline as installed);
- spaCy + ``communique_quotes`` (paragraph boundaries and quote attribution);
- the whole communique pipeline (``communique`` component: everything extracted).

It prints a table and, as its last line, one JSON object with the seconds and
the ratios ``quotes_overhead`` ((quotes - spaCy) / spaCy) and
``communique_overhead``.
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

from communique.parse import DEFAULT_MODEL, load_pipeline  # noqa: E402

BATCH_SIZE = 32


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


def seconds(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "allsides-sample.jsonl")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"error: {args.corpus}: no such file (the benchmark reads ../shared/corpus)")
    texts = read_texts(args.corpus, args.articles)
    words = sum(len(text.split()) for text in texts)

    spacy_alone = spacy.load(DEFAULT_MODEL)
    with_quotes = spacy.load(DEFAULT_MODEL)
    with_quotes.add_pipe("communique_paragraphs", before="parser")
    with_quotes.add_pipe("communique_quotes")
    communique = load_pipeline(DEFAULT_MODEL)
    pipelines = {"spaCy alone": spacy_alone, "spaCy + quotes": with_quotes, "communique (all)": communique}
    for nlp in pipelines.values():
        seconds(nlp, texts[:10])  # warm up: lazy loads and caches
    best = {name: float("inf") for name in pipelines}
    for _ in range(2):
        for name, nlp in pipelines.items():
            best[name] = min(best[name], seconds(nlp, texts))

    base = best["spaCy alone"]
    print(f"{len(texts)} articles, {words:,} words, batch size {BATCH_SIZE}, 1 process")
    print(f"{'pipeline':<20} {'seconds':>8} {'articles/s':>11} {'vs spaCy':>9}")
    for name, taken in best.items():
        print(f"{name:<20} {taken:>8.2f} {len(texts) / taken:>11.1f} {taken / base:>8.3f}x")
    print(
        json.dumps(
            {
                "articles": len(texts),
                "spacy_seconds": round(base, 3),
                "quotes_seconds": round(best["spaCy + quotes"], 3),
                "communique_seconds": round(best["communique (all)"], 3),
                "quotes_overhead": round(best["spaCy + quotes"] / base - 1, 4),
                "communique_overhead": round(best["communique (all)"] / base - 1, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
