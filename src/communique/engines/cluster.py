"""A Ray cluster, or a local Ray instance: one actor per worker, each loading the spaCy pipeline once.

Batches of articles go to the actors in turn and their Analyses come back in
input order, with a bounded number of batches in flight, exactly as in the
process engine. With ``ray_address`` the engine joins an existing cluster
(every node needs communique installed); without it, it starts a local Ray
instance with one CPU per worker and stops it again on exit. Without a
number of workers, there is one actor per CPU of the cluster. Ray is
imported only here, so the rest of communique runs without it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import cycle
from pathlib import Path

from communique.engines import BATCHES_IN_FLIGHT_PER_WORKER, batches, in_order
from communique.model import Analysis, Article


class RayEngine:
    """``workers`` Ray actors; see the module docstring."""

    def __init__(
        self, model: str, workers: int | None, batch_size: int, address: str | None = None, dictionaries: Path | None = None
    ) -> None:
        self.model = model
        self.dictionaries = dictionaries
        self.workers = workers
        self.batch_size = batch_size
        self.address = address
        self._actors: list = []
        self._started_ray = False

    def __enter__(self) -> RayEngine:
        import ray

        if not ray.is_initialized():
            quiet = {"log_to_driver": False, "logging_level": logging.ERROR}  # stderr is for our one-line errors
            if self.address:
                ray.init(address=self.address, **quiet)
            else:
                ray.init(num_cpus=self.workers, include_dashboard=False, **quiet)
            self._started_ray = True
        self.workers = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_class = ray.remote(num_cpus=1)(PipelineActor)
        self._actors = [actor_class.remote(self.model, self.batch_size, self.dictionaries) for _ in range(self.workers)]
        ray.get([actor.ready.remote() for actor in self._actors])
        return self

    def __exit__(self, *exc: object) -> None:
        import ray

        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

    def analyze(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """The Analysis of each article, in input order."""
        import ray

        actors = cycle(self._actors)
        yield from in_order(
            batches(articles, self.batch_size),
            lambda chunk: next(actors).analyze.remote(chunk),
            ray.get,
            self.workers * BATCHES_IN_FLIGHT_PER_WORKER,
        )


class PipelineActor:
    """One Ray worker: the pipeline, loaded once, analysing batch after batch."""

    def __init__(self, model: str, batch_size: int, dictionaries: Path | None = None) -> None:
        from communique.engines import freeze_live_objects, load_warm_pipeline

        self.nlp = load_warm_pipeline(model, dictionaries)
        freeze_live_objects()
        self.batch_size = batch_size

    def ready(self) -> bool:
        """True once the pipeline is loaded: lets the engine wait for every actor before timing starts."""
        return True

    def analyze(self, chunk: list[Article]) -> list[Analysis]:
        """The Analyses of one batch, in its order."""
        from communique.engines import analyze_and_release

        return analyze_and_release(chunk, self.nlp, self.batch_size)
