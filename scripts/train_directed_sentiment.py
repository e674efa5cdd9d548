"""Fine-tune the MiniLM directed-sentiment teacher shipped in communique/data (``make stance-teacher``).

The classifier analyses use is distilled from it by ``scripts/train_stance_model.py`` (``make stance-model``).

Trains on the train split only (``../shared/eval/directed-sentiment/train.tsv``); report the valid
split with ``communique eval directed-sentiment --model minilm``. all-MiniLM-L6-v2's lower layers stay frozen, so
their output is computed once and cached in memory; only the top layers and the head are trained,
with class weights (inverse square root of each class's frequency) so that the rare directions count.
Every sentence is read twice, as given and with p and q swapped (``directed.swapped``), so each
direction of praise and blame has the examples of both.
Fixed seed and batch order; with the top 4 layers trained, 27 minutes on two CPU cores
(26,288 readings, 2 epochs).

Usage: python scripts/train_directed_sentiment.py [TRAIN_TSV] [--epochs N] [--out FILE]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import save_file

from communique.evaluate.directed_sentiment import read_rows
from communique.stance.directed import LABELS, swapped
from communique.stance.minilm import encode, new_network, weights_path

TRAIN = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "directed-sentiment" / "train.tsv"
BATCH = 32
SEED = 13


def cached_batches(network, tokenizer, rows):
    """Length-sorted batches with the frozen layers' output computed once: (hidden, mask, spans, labels)."""
    order = sorted(range(len(rows)), key=lambda index: len(rows[index][0]))
    batches = []
    with torch.no_grad():
        for start in range(0, len(order), BATCH):
            chosen = [rows[index] for index in order[start : start + BATCH]]
            encoded = encode(tokenizer, [sentence for sentence, _ in chosen])
            hidden = network.lower(encoded).half()
            labels = torch.tensor([label for _, label in chosen])
            batches.append((hidden, encoded.attention_mask, encoded.spans, labels))
    return batches


def check_split(network, tokenizer, rows) -> None:
    """The cached path (lower then upper layers) must score exactly like the full network."""
    encoded = encode(tokenizer, [sentence for sentence, _ in rows[:8]])
    with torch.no_grad():
        split = network.upper(network.lower(encoded), encoded.attention_mask, encoded.spans)
        full = network(encoded)
    if not torch.allclose(split, full, atol=1e-4):
        raise SystemExit("the split network disagrees with the full one: check the transformers version")


def class_weights(rows) -> torch.Tensor:
    counts = torch.bincount(torch.tensor([label for _, label in rows]), minlength=len(LABELS)).float()
    return (counts.max() / counts).sqrt()


def train(path: Path, epochs: int, out: Path) -> None:
    random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    started = time.perf_counter()
    found, errors = read_rows(path)
    for error in errors:
        print(f"skipped {error}", file=sys.stderr)
    rows = [(row.sentence, row.label) for row in found]
    rows += [swapped(sentence, label) for sentence, label in rows]
    network, tokenizer = new_network()
    network.eval()
    check_split(network, tokenizer, rows)
    batches = cached_batches(network, tokenizer, rows)
    print(f"{len(rows)} sentences cached in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    trained = [parameter for name, parameter in network.named_parameters() if name in network.trained_state()]
    for parameter in network.parameters():
        parameter.requires_grad = False
    for parameter in trained:
        parameter.requires_grad = True
    optimiser = torch.optim.AdamW(trained, lr=5e-5, weight_decay=0.01)
    head_optimiser = torch.optim.AdamW(network.head.parameters(), lr=1e-3)
    steps = epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / steps))
    loss_of = torch.nn.CrossEntropyLoss(weight=class_weights(rows))
    network.train()
    for epoch in range(epochs):
        random.shuffle(batches)
        total = 0.0
        for number, (hidden, mask, spans, labels) in enumerate(batches, 1):
            loss = loss_of(network.upper(hidden.float(), mask, spans), labels)
            loss.backward()
            optimiser.step()
            head_optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            head_optimiser.zero_grad()
            total += loss.item()
            if number % 100 == 0:
                print(
                    f"epoch {epoch + 1} batch {number}/{len(batches)} loss {total / number:.3f}"
                    f" ({time.perf_counter() - started:.0f} s)",
                    file=sys.stderr,
                )
    state = {name: value.detach().half().contiguous() for name, value in network.trained_state().items()}
    save_file(state, str(out))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", nargs="?", type=Path, default=TRAIN)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=weights_path())
    arguments = parser.parse_args()
    train(arguments.train, arguments.epochs, arguments.out)


if __name__ == "__main__":
    main()
