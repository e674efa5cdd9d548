"""Fit the fast directed-sentiment classifier shipped in communique/data (``make stance-model``).

Train split only (``../shared/eval/directed-sentiment/train.tsv``, every sentence also read with p and q
swapped); report the valid split with ``communique eval directed-sentiment``. Three steps, each on one
CPU thread with a fixed seed, so the files come out the same every time (about 10 minutes):

1. the shipped MiniLM teacher (:mod:`communique.stance.minilm`) gives its probabilities for every
   training sentence (about 4 minutes);
2. the n-gram logistic regression: C chosen among a few values by macro-F1 on a held-out tenth of
   train, then refitted on all of it (``directed_ngrams.npz``);
3. the recurrent network, trained on the gold labels (class-weighted) and the teacher's probabilities
   in equal parts, for :data:`EPOCHS` epochs; the epoch kept is the best on the held-out tenth
   (``directed_fast.safetensors``, the folded piece table in float16).

Usage: python scripts/train_stance_model.py [TRAIN_TSV] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

from communique.evaluate.directed_sentiment import read_rows
from communique.stance import fast
from communique.stance.directed import SWAPPED_LABEL, swapped
from communique.stance.minilm import load_minilm

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "directed-sentiment" / "train.tsv"
SEED = 13
EPOCHS = 10
BATCH = 64
LEARNING_RATE = 2e-3
GOLD_SHARE = 0.5
"""Weight of the gold labels in the network's loss; the teacher's probabilities have the rest."""
NGRAM_C = (0.3, 1.0, 3.0, 10.0)


def macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    from communique.evaluate.directed_sentiment import score

    return score(gold.tolist(), predicted.tolist()).macro_f1


def fit_ngrams(words: list[list[str]], labels: np.ndarray, held: np.ndarray, out: Path) -> None:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    features = [fast.ngram_features(sentence) for sentence in words]

    def vectoriser(rows: list[list[str]]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in rows:
            for feature in set(row):
                counts[feature] = counts.get(feature, 0) + 1
        return {feature: index for index, feature in enumerate(sorted(f for f, count in counts.items() if count >= 2))}

    def matrix(rows: list[list[str]], index: dict[str, int]):
        cells = sorted({(row, index[feature]) for row, fs in enumerate(rows) for feature in fs if feature in index})
        data = np.ones(len(cells), np.float32)
        return sparse.csr_matrix((data, ([r for r, _ in cells], [c for _, c in cells])), shape=(len(rows), len(index)))

    fitted = np.flatnonzero(~held)
    index = vectoriser([features[i] for i in fitted])
    best = None
    for c in NGRAM_C:
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        model.fit(matrix([features[i] for i in fitted], index), labels[fitted])
        f1 = macro_f1(labels[held], model.predict(matrix([features[i] for i in np.flatnonzero(held)], index)))
        print(f"n-grams: C {c}: held-out macro-F1 {f1:.4f}", flush=True)
        best = best if best is not None and best[0] >= f1 else (f1, c)
    index = vectoriser(features)
    model = LogisticRegression(C=best[1], max_iter=2000, class_weight="balanced").fit(matrix(features, index), labels)
    names = np.array(sorted(index, key=index.get))
    np.savez_compressed(out, features=names, coef=model.coef_.astype(np.float32), intercept=model.intercept_.astype(np.float32))
    print(f"n-grams: C {best[1]}, {len(names)} features -> {out}", flush=True)


def fit_network(words: list[list[str]], labels: np.ndarray, teacher: np.ndarray, held: np.ndarray, out: Path) -> None:
    pieces = fast.WordPieces()
    network = fast.new_network(fast.minilm_piece_embeddings(), folded=False)
    trained = [parameter for parameter in network.parameters() if parameter.requires_grad]
    optimiser = torch.optim.AdamW(trained, lr=LEARNING_RATE, weight_decay=1e-4)
    fitted = np.flatnonzero(~held)
    steps = EPOCHS * ((len(fitted) + BATCH - 1) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=steps, pct_start=0.1)
    counts = np.bincount(labels[fitted], minlength=len(SWAPPED_LABEL))
    class_weight = torch.tensor((counts.max() / counts) ** 0.5, dtype=torch.float32)
    gold_labels, soft = torch.from_numpy(labels), torch.from_numpy(teacher)
    held_words, order = [words[i] for i in np.flatnonzero(held)], np.random.RandomState(SEED)
    best = (-1.0, None, 0)
    for epoch in range(1, EPOCHS + 1):
        network.train()
        total = 0.0
        permutation = order.permutation(fitted)
        for start in range(0, len(permutation), BATCH):
            chosen = permutation[start : start + BATCH]
            log_probabilities = network(fast.make_batch([words[i] for i in chosen], pieces, fast.TRAINING_MAX_WORDS)).log_softmax(-1)
            gold = gold_labels[chosen]
            hard = -log_probabilities.gather(1, gold[:, None]).squeeze(1)
            taught = -(soft[chosen] * log_probabilities).sum(1)
            weight = class_weight[gold]
            loss = ((GOLD_SHARE * hard + (1 - GOLD_SHARE) * taught) * weight).sum() / weight.sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chosen)
        network.eval()
        with torch.no_grad():
            predicted = np.concatenate(
                [network(fast.make_batch(held_words[i : i + 512], pieces, fast.TRAINING_MAX_WORDS)).argmax(1).numpy() for i in range(0, len(held_words), 512)]
            )
        f1 = macro_f1(labels[held], predicted)
        print(f"network: epoch {epoch}: loss {total / len(fitted):.4f}, held-out macro-F1 {f1:.4f}", flush=True)
        if f1 > best[0]:
            best = (f1, {name: value.clone() for name, value in network.state_dict().items()}, epoch)
    network.load_state_dict(best[1])
    network.fold()
    state = {name: value.detach().half().contiguous() for name, value in network.state_dict().items()}
    save_file(state, str(out))
    print(f"network: epoch {best[2]} kept -> {out}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", nargs="?", type=Path, default=TRAIN)
    parser.add_argument("--out-dir", type=Path, default=fast.data_path(fast.NETWORK_FILE).parent)
    args = parser.parse_args()
    if not args.train.is_file():
        sys.exit(f"error: {args.train}: no such file (the training data is ../shared/eval/directed-sentiment/train.tsv)")
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    random.seed(SEED)
    started = time.perf_counter()
    rows, errors = read_rows(args.train)
    if errors:
        sys.exit(f"error: {errors[0]}")
    as_given = [row.sentence for row in rows]
    swaps = [swapped(row.sentence, row.label)[0] for row in rows]
    sentences = as_given + swaps
    labels = np.array([row.label for row in rows] + [SWAPPED_LABEL[row.label] for row in rows])
    teacher = np.array(load_minilm().probabilities(sentences, 64), dtype=np.float32)
    print(f"teacher: {len(sentences)} readings in {time.perf_counter() - started:.0f} s", flush=True)
    # the held-out tenth: the same sentences as given and swapped, so no sentence is on both sides
    held_rows = np.zeros(len(rows), bool)
    held_rows[np.random.RandomState(SEED).permutation(len(rows))[: len(rows) // 10]] = True
    held = np.concatenate([held_rows, held_rows])
    words = [fast.words_of(sentence) for sentence in sentences]
    fit_ngrams(words, labels, held, args.out_dir / fast.NGRAM_FILE)
    fit_network(words, labels, teacher, held, args.out_dir / fast.NETWORK_FILE)
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
