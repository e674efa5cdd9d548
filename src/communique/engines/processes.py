"""All cores of one machine: a pool of worker processes, each loading the spaCy pipeline once.

Workers are started with ``spawn``, so they share no state (threads, locks,
caches) with the caller, and the pool is used only once every worker has
loaded its pipeline, so no batch waits behind a loading worker. A stream that fits in one batch is analysed in the
calling process: starting workers would cost more than it saves. One worker
means no pool at all, so ``--workers 1`` is exactly the single-process run.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from itertools import chain
from multiprocessing.pool import Pool
from multiprocessing.synchronize import Semaphore
from pathlib import Path

from spacy.language import Language

from communique.engines import (
    BATCHES_IN_FLIGHT_PER_WORKER,
    analyze_and_release,
    batches,
    bound_heap,
    default_workers,
    freeze_live_objects,
    in_order,
    live_objects_frozen,
    load_configured_pipeline,
    load_warm_pipeline,
)
from communique.model import Analysis, Article

WORKER_START_SECONDS = 600
"""Longest wait for the workers to load their pipelines before the run is given up."""

_worker_nlp: Language | None = None
_worker_batch_size = 0


class ProcessEngine:
    """``workers`` processes on this machine; see the module docstring."""

    def __init__(self, model: str, workers: int, batch_size: int, dictionaries: Path | None = None) -> None:
        self.model = model
        self.dictionaries = dictionaries
        self.workers = workers
        self.batch_size = batch_size
        self._pool: Pool | None = None

    def __enter__(self) -> ProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """The Analysis of each article, in input order."""
        chunks = batches(articles, self.batch_size)
        first = next(chunks, None)
        if first is None:
            return
        second = next(chunks, None)
        if second is None:
            bound_heap()
            yield from analyze_and_release(first, load_configured_pipeline(self.model, self.dictionaries), self.batch_size)
            return
        if self.workers == 1:  # this process is the one worker: its objects are frozen only while it runs
            nlp = load_warm_pipeline(self.model, self.dictionaries)
            with live_objects_frozen():
                for chunk in chain([first, second], chunks):
                    yield from analyze_and_release(chunk, nlp, self.batch_size)
            return
        pool = self._started_pool()
        yield from in_order(
            chain([first, second], chunks),
            lambda chunk: pool.apply_async(_analyze_in_worker, (chunk,)),
            lambda pending: pending.get(),
            self.workers * BATCHES_IN_FLIGHT_PER_WORKER,
        )

    def _started_pool(self) -> Pool:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            loaded = context.Semaphore(0)
            threads = max(1, default_workers() // self.workers)
            initargs = (self.model, self.dictionaries, self.batch_size, threads, loaded)
            self._pool = context.Pool(self.workers, _load_in_worker, initargs)
            for _ in range(self.workers):
                if not loaded.acquire(timeout=WORKER_START_SECONDS):
                    raise RuntimeError(f"workers did not load pipeline {self.model!r} in {WORKER_START_SECONDS} s")
        return self._pool


def _load_in_worker(model: str, dictionaries: Path | None, batch_size: int, threads: int, loaded: Semaphore) -> None:
    """Load the worker's pipeline; its torch (the stance classifier) gets this worker's share of the cores,
    so that N workers do not each run a thread per core and slow one another down."""
    global _worker_nlp, _worker_batch_size
    import torch

    torch.set_num_threads(threads)
    _worker_nlp = load_warm_pipeline(model, dictionaries)
    freeze_live_objects()
    _worker_batch_size = batch_size
    loaded.release()


def _analyze_in_worker(chunk: list[Article]) -> list[Analysis]:
    return analyze_and_release(chunk, _worker_nlp, _worker_batch_size)
