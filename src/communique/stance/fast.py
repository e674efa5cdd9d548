"""The directed-sentiment classifier analyses use: fast enough for every pair of actors in every sentence.

Two small models read the same words of a marked sentence ("[Clinton] praised
{Moscow} …", see :mod:`communique.stance.directed`) and their log-probabilities
are averaged:

- a **recurrent network** (:class:`RecurrentNetwork`): each word is the mean of
  its MiniLM word-piece embeddings, projected to :data:`DIMENSIONS` dimensions
  (the projection is folded into the piece table, so any word, seen in training
  or not, has a vector), plus embeddings of its distance to p and to q; one
  bidirectional LSTM layer; a linear head over the mean of p's words, the mean
  of q's, the maximum over the sentence and the maximum over the words between
  them;
- an **n-gram model** (:class:`NgramScorer`): logistic regression over the words
  and word pairs between the two entities, the words around them (tagged with
  which entity comes first) and the sentence's words.

Both are trained on the directed-sentiment train split only
(``scripts/train_stance_model.py``, ``make stance-model``), the network also on
the fine-tuned MiniLM teacher's probabilities for the same sentences
(distillation; :mod:`communique.stance.minilm`). On one CPU thread a pair costs
about 0.2 ms, some forty times less than the teacher, with the same macro-F1 on
sentences that are not in the train split.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import pairwise
from pathlib import Path

import numpy as np

from communique.stance.directed import LABELS
from communique.stance.minilm import base_model_path

WORD = re.compile(r"\w+|[^\w\s]")
"""A word of the lower-cased marked sentence; the marks ``[ ] { }`` are words of their own."""

MARKS = {"[": 1, "]": 2, "{": 3, "}": 4}
"""Row of each mark in the network's own embedding (row 0 is padding; every other word is a bag of pieces)."""

DIMENSIONS = 64
HIDDEN = 48
MAX_DISTANCE = 12
"""Distances to p and to q beyond this many words share one embedding."""

MAX_WORDS = 60
"""Longer sentences keep this many words around the two entities."""

TRAINING_MAX_WORDS = 80
NETWORK_FILE = "directed_fast.safetensors"
NGRAM_FILE = "directed_ngrams.npz"
NGRAM_WEIGHT = 0.5
"""Share of the n-gram model in the averaged log-probabilities."""

MIN_ROWS = 8
WIDTH_STEP = 8
"""Batches go to the LSTM as (rows, words) with rows a power of two, at least MIN_ROWS (the last
sentence repeated), and words a multiple of WIDTH_STEP: torch's oneDNN kernel runs the LSTM about
twice as fast as its own on one thread, but builds and keeps a kernel for every new input shape
(memory grew by 80 MB over 1,500 batches of free shapes), so the shapes are kept few: 5 row counts
up to the classifier's batch of 128 times 8 widths up to :data:`MAX_WORDS`, 40 in all. Padding
changes no sentence's result: each row is read on its own, up to its own length. (With steps of 8
words rather than 16, the LSTM reads 8 % fewer word positions, padding included, on AllSides
sentences.)"""


def words_of(marked: str) -> list[str]:
    return WORD.findall(marked.lower())


# ---- the n-gram model ---------------------------------------------------------------------------

NGRAM_WINDOW = 4


def ngram_features(words: Sequence[str]) -> list[str]:
    """The n-gram model's features of one marked sentence's words (prefixed with the entity order)."""
    p_start, p_end, q_start, q_end = (words.index(mark) for mark in "[]{}")
    order = "PQ" if p_start < q_start else "QP"
    first_start, first_end, second_start, second_end = (
        (p_start, p_end, q_start, q_end) if p_start < q_start else (q_start, q_end, p_start, p_end)
    )
    between = words[first_end + 1 : second_start]
    before = words[max(0, first_start - NGRAM_WINDOW) : first_start]
    after = words[second_end + 1 : second_end + 1 + NGRAM_WINDOW]
    gap = len(between) if len(between) < 10 else 10 + min(len(between) // 5, 4)
    return [
        order,
        f"{order}len{gap}",
        *(f"{order}B:{word}" for word in between),
        *(f"{order}BB:{left}_{right}" for left, right in pairwise(between)),
        *(f"{order}B1:{word}" for word in between[:3]),
        *(f"{order}L:{word}" for word in before),
        *(f"{order}R:{word}" for word in after),
        *(f"{order}R1:{word}" for word in after[:2]),
        *(f"W:{word}" for word in words),
    ]


class NgramScorer:
    """The logistic regression, scored with numpy: the sum of the weight rows of a sentence's features."""

    def __init__(self, path: Path) -> None:
        stored = np.load(path, allow_pickle=False)
        self.index = {feature: row for row, feature in enumerate(stored["features"].tolist())}
        weights = stored["coef"].T.astype(np.float32)
        self.weights = np.vstack([weights, np.zeros((1, weights.shape[1]), np.float32)])  # last row: unknown features
        self.intercept = stored["intercept"].astype(np.float32)

    def log_probabilities(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        unknown = len(self.index)
        rows, starts = [], []
        for words in sentences:
            starts.append(len(rows))
            rows.extend({self.index.get(feature, unknown) for feature in ngram_features(words)} | {unknown})
        scores = np.add.reduceat(self.weights[np.array(rows)], np.array(starts), axis=0) + self.intercept
        return _log_softmax(scores)


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(1, keepdims=True)
    return scores - np.log(np.exp(scores).sum(1, keepdims=True))


# ---- the recurrent network ----------------------------------------------------------------------


class WordPieces:
    """Each word's MiniLM word pieces (the MiniLM package's tokenizer, offline), remembered for the
    most frequent words."""

    def __init__(self) -> None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(base_model_path() / "tokenizer.json"))
        tokenizer.no_truncation()
        tokenizer.no_padding()

        @lru_cache(maxsize=1 << 16)
        def pieces(word: str) -> tuple[int, ...]:
            return tuple(tokenizer.encode(word, add_special_tokens=False).ids)

        self.of = pieces


@dataclass
class Batch:
    """Marked sentences as the network reads them; tensors of (sentences, words) unless said."""

    piece_ids: object
    """Flat piece ids of every word position, one bag per position (empty for marks and padding)."""
    piece_offsets: object
    """Where each position's bag starts in ``piece_ids`` (sentences × words bags)."""
    marks: object
    """The mark's row of each position, 0 for a word or padding."""
    to_p: object
    to_q: object
    spans: object
    """(sentences, 4): p's first and last position, q's first and last (marks included)."""
    lengths: object


def make_batch(sentences: Sequence[Sequence[str]], pieces: WordPieces, max_words: int = MAX_WORDS, width: int = 1) -> Batch:
    """The network's input for sentences given as words (:func:`words_of`), padded to a multiple of ``width`` words."""
    import torch

    kept, spans = [], []
    for words in sentences:
        words, span = word_window(list(words), max_words)
        kept.append(words)
        spans.append(span)
    longest = -(-max(len(words) for words in kept) // width) * width
    piece_ids, offsets, marks = [], [], np.zeros((len(kept), longest), dtype=np.int64)
    for row, words in enumerate(kept):
        for column, word in enumerate(words):
            offsets.append(len(piece_ids))
            if word in MARKS:
                marks[row, column] = MARKS[word]
            else:
                piece_ids.extend(pieces.of(word))
        offsets.extend([len(piece_ids)] * (longest - len(words)))  # padding: empty bags
    spans_array = np.array(spans, dtype=np.int64)
    position = np.arange(longest)[None, :]
    return Batch(
        piece_ids=torch.tensor(piece_ids, dtype=torch.long),
        piece_offsets=torch.tensor(offsets, dtype=torch.long),
        marks=torch.from_numpy(marks),
        to_p=torch.from_numpy(_distance(position, spans_array[:, 0:1], spans_array[:, 1:2])),
        to_q=torch.from_numpy(_distance(position, spans_array[:, 2:3], spans_array[:, 3:4])),
        spans=torch.from_numpy(spans_array),
        lengths=torch.tensor([len(words) for words in kept], dtype=torch.long),
    )


def word_window(words: list[str], max_words: int) -> tuple[list[str], tuple[int, int, int, int]]:
    """At most ``max_words`` words around the two entities (both kept whole), and the entities' positions."""
    p_start, p_end, q_start, q_end = (words.index(mark) for mark in "[]{}")
    if len(words) > max_words:
        low, high = min(p_start, q_start), max(p_end, q_end) + 1
        spare = max(0, max_words - (high - low))
        start = max(0, min(low - spare // 2, len(words) - max_words)) if high - low < max_words else low
        words = words[start : start + max(max_words, high - low)]
        p_start, p_end, q_start, q_end = p_start - start, p_end - start, q_start - start, q_end - start
    return words, (p_start, p_end, q_start, q_end)


def _distance(position: np.ndarray, first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """Each position's distance bucket to an entity (0 inside it), as embedding rows 0..2 × MAX_DISTANCE."""
    distance = np.where(position < first, position - first, np.where(position > last, position - last, 0))
    return np.clip(distance, -MAX_DISTANCE, MAX_DISTANCE) + MAX_DISTANCE


def _network_class():
    """The network class, defined on first use so that importing this module does not import torch."""
    import torch
    from torch import nn

    def _rows(x, rows):
        """``x`` (sentences, words, features) with its word positions in the order ``rows`` (indexes into
        the sentences × words positions): a copy row by row, several times faster than ``gather``."""
        return x.reshape(-1, x.shape[-1]).index_select(0, rows).view(x.shape)

    class RecurrentNetwork(nn.Module):
        """Word vectors and distances → one bidirectional LSTM layer → pooled → five class scores.

        ``pieces`` is the word-piece table: in training MiniLM's own embeddings (384 dimensions,
        frozen) followed by the trained ``projection``; once trained, :meth:`fold` stores the
        projected table, which is what ships."""

        def __init__(self, pieces, folded: bool, dropout: float = 0.3) -> None:
            super().__init__()
            self.register_buffer("pieces", pieces)
            self.projection = None if folded else nn.Linear(pieces.shape[1], DIMENSIONS, bias=False)
            self.marks = nn.Embedding(len(MARKS) + 1, DIMENSIONS)
            self.to_p = nn.Embedding(2 * MAX_DISTANCE + 1, DIMENSIONS)
            self.to_q = nn.Embedding(2 * MAX_DISTANCE + 1, DIMENSIONS)
            self.dropout = nn.Dropout(dropout)
            self.lstm = nn.LSTM(DIMENSIONS, HIDDEN, batch_first=True, bidirectional=True)
            self.head = nn.Linear(4 * 2 * HIDDEN, len(LABELS))

        def _bidirectional(self, x, lengths):
            """The LSTM's outputs at every real position. Training packs the batch; reading runs each
            direction on its own (the backward one on every sentence reversed within its length), which
            gives the same outputs without the cost of packing."""
            if self.training:
                packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
                hidden, _ = self.lstm(packed)
                return nn.utils.rnn.pad_packed_sequence(hidden, batch_first=True, total_length=x.shape[1])[0]
            forward, backward = self._directions()
            sentences, longest = x.shape[:2]
            position = torch.arange(longest)[None, :]
            mirrored = torch.where(position < lengths[:, None], lengths[:, None] - 1 - position, position)
            rows = (mirrored + torch.arange(sentences)[:, None] * longest).view(-1)  # of the (sentences × words) rows
            ahead, _ = forward(x)
            behind, _ = backward(_rows(x, rows))
            return torch.cat([ahead, _rows(behind, rows)], -1)

        def _directions(self):
            """The LSTM's two directions as one-way LSTMs sharing its weights (made once, for reading)."""
            if not hasattr(self, "_one_way"):
                one_way = [nn.LSTM(DIMENSIONS, HIDDEN, batch_first=True) for _ in range(2)]
                for suffix, lstm in zip(("", "_reverse"), one_way, strict=True):
                    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"):
                        setattr(lstm, name, getattr(self.lstm, name + suffix))
                self._one_way = one_way
            return self._one_way

        @torch.no_grad()
        def fold(self) -> None:
            """Replace the piece table by its projection (the same vectors, computed once)."""
            self.pieces = self.projection(self.pieces)
            self.projection = None

        def forward(self, batch: Batch):
            sentences, longest = batch.marks.shape
            bags = nn.functional.embedding_bag(batch.piece_ids, self.pieces, batch.piece_offsets, mode="mean")
            words = (self.projection(bags) if self.projection is not None else bags).view(sentences, longest, -1)
            is_mark = (batch.marks > 0).unsqueeze(-1)
            x = torch.where(is_mark, self.marks(batch.marks), words) + self.to_p(batch.to_p) + self.to_q(batch.to_q)
            position = torch.arange(longest)[None, :]
            real = position < batch.lengths[:, None]
            x = self.dropout(x) * real.unsqueeze(-1).to(x.dtype)
            hidden = self._bidirectional(x, batch.lengths)
            spans = batch.spans
            in_p = ((position >= spans[:, 0:1]) & (position <= spans[:, 1:2])).to(hidden.dtype)
            in_q = ((position >= spans[:, 2:3]) & (position <= spans[:, 3:4])).to(hidden.dtype)
            means = torch.bmm(torch.stack([in_p / in_p.sum(1, keepdim=True), in_q / in_q.sum(1, keepdim=True)], 1), hidden)
            low = torch.minimum(spans[:, 1:2], spans[:, 3:4])
            high = torch.maximum(spans[:, 0:1], spans[:, 2:3])
            between = ((position > low) & (position < high)).unsqueeze(-1)
            lowest = torch.tensor(torch.finfo(hidden.dtype).min, dtype=hidden.dtype)
            hidden = torch.where(real.unsqueeze(-1), hidden, lowest)
            pooled = [
                means[:, 0],
                means[:, 1],
                hidden.amax(1),
                torch.where(between.any(1), torch.where(between, hidden, lowest).amax(1), torch.zeros_like(hidden[:, 0])),
            ]
            return self.head(self.dropout(torch.cat(pooled, 1)))

    return RecurrentNetwork


def new_network(pieces, *, folded: bool):
    """A network over the piece table ``pieces`` (a float tensor): MiniLM's embeddings to train, or a folded table."""
    return _network_class()(pieces, folded)


def minilm_piece_embeddings():
    """MiniLM's word-piece input embeddings (30,522 × 384), read from the MiniLM package."""
    from safetensors.torch import load_file

    weights = load_file(str(base_model_path() / "model.safetensors"))
    return next(value for name, value in weights.items() if name.endswith("word_embeddings.weight")).float().contiguous()


# ---- the classifier -----------------------------------------------------------------------------


def data_path(name: str) -> Path:
    return Path(str(files("communique") / "data" / name))


class FastClassifier:
    """The shipped network and n-gram model, averaged; loads once, then classifies marked sentences on the CPU."""

    def __init__(self, network_path: Path | None = None, ngram_path: Path | None = None) -> None:
        import torch
        from safetensors.torch import load_file

        network_path = network_path or data_path(NETWORK_FILE)
        state = {name: value.float() for name, value in load_file(str(network_path)).items()}
        self.network = new_network(state["pieces"], folded=True)
        self.network.load_state_dict(state)
        self.network.eval()
        self.ngrams = NgramScorer(ngram_path or data_path(NGRAM_FILE))
        self.pieces = WordPieces()
        self._torch = torch

    def log_probabilities(self, marked: Sequence[str], batch_size: int = 128) -> np.ndarray:
        """Each marked sentence's log-probability for each of :data:`LABELS`."""
        words = [words_of(sentence) for sentence in marked]
        # batches of sentences as long (in the words the network reads) pad less
        order = sorted(range(len(marked)), key=lambda index: min(len(words[index]), MAX_WORDS))
        out = np.zeros((len(marked), len(LABELS)), dtype=np.float32)
        with self._torch.no_grad():
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                sentences = [words[index] for index in chosen]
                rows = max(MIN_ROWS, 1 << (len(sentences) - 1).bit_length())
                padded = sentences + [sentences[-1]] * (rows - len(sentences))
                network = self.network(make_batch(padded, self.pieces, width=WIDTH_STEP)).log_softmax(-1).numpy()
                out[chosen] = (1 - NGRAM_WEIGHT) * network[: len(chosen)] + NGRAM_WEIGHT * self.ngrams.log_probabilities(sentences)
        return out

    def classify(self, marked: Sequence[str], batch_size: int = 128) -> list[int]:
        """Each marked sentence's most probable label index (0..4)."""
        if not marked:
            return []
        return self.log_probabilities(marked, batch_size).argmax(1).tolist()

