"""Running the pipeline over a stream of articles: in this process, in worker processes, or on Ray.

Every engine has the same shape: a context manager (starting and stopping
its workers) whose ``analyze(articles)`` turns an iterator of Articles into
an iterator of Analyses **in input order**, with the same results as a
single-process run. Articles are sent to workers in batches; each worker
loads the spaCy pipeline once. Only a bounded number of batches is in flight,
so a stream of any length runs in constant memory.

    with open_engine("processes", workers=4) as engine:
        for analysis in engine.analyze(articles):
            ...
"""

from __future__ import annotations

import ctypes
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from spacy.language import Language

from communique.model import Analysis, Article
from communique.parse import DEFAULT_MODEL, load_pipeline, new_pipeline
from communique.pipeline import DEFAULT_BATCH_SIZE, analyze_batch

EngineName = Literal["processes", "ray"]
BATCH_CHARS = 80_000
"""Most characters in one batch (about 16 median news articles), whatever ``batch_size`` says.

spaCy's parser and entity recogniser hold activations for every token of a
batch at once, so a worker's peak memory follows a batch's total length: on
AllSides articles (one process, 200 articles, heap bounded as in
:func:`bound_heap`) the peak was 1.10 GB with 150,000 characters and 0.89 GB
with 80,000, while spaCy's speed barely changes. Capping the characters keeps
every worker's peak near the typical one, on any corpus.
"""
BATCHES_IN_FLIGHT_PER_WORKER = 2
"""Enough to keep a worker busy while its last batch travels back, few enough to bound memory."""

_WARM_UP_TEXT = 'The minister said on Monday that "talks will go on," according to Reuters.'

Pending = TypeVar("Pending")


class Engine(Protocol):
    """What every engine offers once entered."""

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]: ...


def open_engine(
    name: EngineName = "processes",
    *,
    workers: int | None = None,
    model: str = DEFAULT_MODEL,
    batch_size: int = DEFAULT_BATCH_SIZE,
    ray_address: str | None = None,
    dictionaries: Path | None = None,
) -> AbstractContextManager[Engine]:
    """The engine ``name`` with ``workers`` workers, not yet started.

    By default the process engine uses all this machine's cores, and the Ray
    engine all the CPUs of its cluster (of this machine, for a local instance).
    ``dictionaries`` is a folder of PETRARCH-format dictionaries every worker codes events with.
    """
    if name == "ray":
        from communique.engines.cluster import RayEngine

        return RayEngine(model, workers, batch_size, ray_address, dictionaries)
    from communique.engines.processes import ProcessEngine

    return ProcessEngine(model, workers or default_workers(), batch_size, dictionaries)


def analyze_stream(articles: Iterable[Article], name: EngineName = "processes", **options) -> Iterator[Analysis]:
    """The Analysis of each article in input order, on a fresh engine that is stopped when the stream ends."""
    with open_engine(name, **options) as engine:
        yield from engine.analyze(articles)


def load_configured_pipeline(model: str, dictionaries: Path | None = None) -> Language:
    """The pipeline ``model``, coding events with the dictionaries of the folder ``dictionaries`` when given
    (raises ``DictionaryError`` when they cannot be read)."""
    if dictionaries is None:
        return load_pipeline(model)
    from communique.cameo.dictionaries import load_dictionaries

    loaded = load_dictionaries(dictionaries)
    nlp = new_pipeline(model)  # the shared pipeline keeps the shipped dictionaries
    nlp.get_pipe("communique").dictionaries = loaded
    return nlp


def bound_heap() -> None:
    """Make this process hand freed memory back to the system (glibc only; elsewhere nothing changes).

    glibc raises its mmap threshold each time a large block is freed, so the
    batch-sized blocks of later batches come from the heap and stay there
    once freed: a worker's resident memory grew from 0.78 to 1.36 GB over
    200 AllSides articles. A fixed threshold (which turns the dynamic
    adjustment off), trimming above it, and :func:`analyze_and_release`
    trimming the heap after every batch keep it flat. The threshold is
    glibc's largest, 32 MiB, so that spaCy's batch-sized arrays come from the
    heap and are reused; above the threshold each block is mapped afresh and
    its pages faulted in again. 100 AllSides articles, parse only, each
    policy in a fresh process and trimmed after each batch, CPU seconds in
    several runs: 128 KiB 24.1–27.7, 4 MiB 23.5–24.8, 32 MiB 21.4–23.7;
    glibc's defaults without trimming 20.0–21.0. With 32 MiB,
    ``benchmarks/throughput.py`` measured a worker peak of 770 MB after 3,000
    articles, 1.028 times its peak after 300 (733 MB and 1.029 with 128 KiB).
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, _HEAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _HEAP_THRESHOLD)


def analyze_and_release(chunk: list[Article], nlp: Language, batch_size: int) -> list[Analysis]:
    """A worker's batch: its Analyses, made with the garbage collector paused (:func:`collector_paused`),
    then the heap trimmed so the batch's memory goes back to the system."""
    with collector_paused():
        analyses = analyze_batch(chunk, nlp, batch_size)
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
    return analyses


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for the length of a batch (when it was on), on again after.

    A batch makes millions of objects, most of them alive until its Analyses are built, so the
    collector's full collections kept walking them and the objects the run has kept since the
    pipeline was frozen (about 100,000 after a few batches, cached phrase codes among them):
    parsing and analysing 150 AllSides articles in one process, collection took 1.11 s of CPU in
    10 full collections, 0.06 and 0.24 s in two runs with the collector paused for each batch, and
    the peak resident memory stayed the same (750 and 748 MB; session 11's measurements). The
    batch's cyclic garbage goes at the first collection after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    """glibc, when this process runs on it (else None)."""
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


_HEAP_THRESHOLD = 32 * 1024 * 1024
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters


def load_warm_pipeline(model: str, dictionaries: Path | None = None) -> Language:
    """A worker's pipeline with its lazily loaded parts (knowledge base, cue model) loaded too, in a
    process whose heap is bounded (:func:`bound_heap`).

    Analysing one short text loads them, so a worker is at full speed from
    its first real batch and the engine can tell when every worker is ready.
    """
    bound_heap()
    nlp = load_configured_pipeline(model, dictionaries)
    analyze_batch([Article(id="warm-up", text=_WARM_UP_TEXT)], nlp)
    return nlp


def freeze_live_objects() -> None:
    """Keep the objects alive now (some 530,000 once a pipeline is warm: the pipeline's, the
    knowledge base's) out of the garbage collector's reach for good: for a worker of its own (a
    pool process, a Ray actor), whose pipeline lives as long as it does.

    Every full collection would walk them all again: extracting from 150
    parsed AllSides articles in one process, garbage collection took 0.83 s of
    CPU, 0.25 s once they were frozen."""
    gc.collect()
    gc.freeze()


@contextmanager
def live_objects_frozen() -> Iterator[None]:
    """:func:`freeze_live_objects` for the length of a run in the caller's process, undone when the
    run's stream ends or is closed.

    Frozen for good, objects of the caller's that later became cyclic garbage
    would never be freed; frozen for a run, they are freed once it ends. Where
    something else froze objects already, the freeze is its own to undo, and
    nothing is done."""
    if gc.get_freeze_count():
        yield
        return
    freeze_live_objects()
    try:
        yield
    finally:
        gc.unfreeze()


def default_workers() -> int:
    """All the cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def batches(articles: Iterable[Article], size: int, max_chars: int = BATCH_CHARS) -> Iterator[list[Article]]:
    """``articles`` in consecutive lists of at most ``size`` articles and ``max_chars`` characters.

    An article longer than ``max_chars`` on its own makes a batch of one.
    """
    batch: list[Article] = []
    chars = 0
    for article in articles:
        if batch and (len(batch) == size or chars + len(article.text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(article)
        chars += len(article.text)
    if batch:
        yield batch


def in_order(
    chunks: Iterable[list[Article]],
    submit: Callable[[list[Article]], Pending],
    collect: Callable[[Pending], list[Analysis]],
    in_flight: int,
) -> Iterator[Analysis]:
    """Results of ``submit``-ted chunks, collected oldest first, with at most ``in_flight`` pending."""
    pending: deque[Pending] = deque()
    for chunk in chunks:
        pending.append(submit(chunk))
        if len(pending) >= in_flight:
            yield from collect(pending.popleft())
    while pending:
        yield from collect(pending.popleft())
