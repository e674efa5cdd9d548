"""Throughput and memory at scale, on real news, in one run.

    python benchmarks/throughput.py [--articles 3000] [--speed-articles 300] [--repeats 2] [--workers 2]
        [--batch-size 32] [--corpus ../shared/corpus/allsides-sample.jsonl]

Speed (articles per second, on the first ``--speed-articles`` articles, every
engine warmed up first so pipeline loading is not timed):

- spaCy alone: the same model with no communique component, one process,
  parsing the same batches (``--batch-size`` articles, at most
  ``communique.engines.BATCH_CHARS`` characters);
- the whole pipeline, one process (``--workers 1``): over spaCy alone gives
  ``pipeline_over_spacy`` (same model, batch size and number of processes;
  its torch work on one thread, as spaCy's runs on one core and as each of
  N workers on N cores gets one thread, so that every run compares like
  with like);
- the process engine with ``--workers`` workers: over one process gives
  ``workers2_over_1``;
- the Ray engine on a local Ray instance with as many actors: over the
  process engine gives ``ray_over_workers``.

These four take turns, ``--repeats`` runs each (:func:`alternating_runs`), and
each is timed by the mean of its runs.

Memory: the process engine analyses all ``--articles`` articles while a
sampler reads every worker's peak resident memory (the kernel's RSS
high-water mark, VmHWM, so no spike between samples is missed) ten times a
second. The
highest worker's peak is ``peak_rss_mb_per_worker``; its peak at the end over
its peak once a tenth of the articles were out is ``rss_growth_3000_over_300``
(named for the default 3,000 articles).

It prints a table (with the CPU seconds of each run, this process and its
workers together: ratios of those hold even on a busy machine) and, as its
last line, one JSON object with those five ratios and the CPU seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

import psutil
import spacy
import torch
from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from communique.engines import Engine, batches, open_engine  # noqa: E402
from communique.model import Article  # noqa: E402
from communique.parse import DEFAULT_MODEL  # noqa: E402
from communique.read import ReadError, read_inputs  # noqa: E402

WARM_UP_TEXT = 'The minister said on Monday that sanctions were counterproductive. "We will not accept this," he said.'
SAMPLE_SECONDS = 0.1
BYTES_PER_MB = 1024 * 1024


def read_articles(corpus: Path, limit: int) -> list[Article]:
    items = islice((item for item in read_inputs([str(corpus)]) if not isinstance(item, ReadError)), limit)
    return list(items)


def warm_up_articles(workers: int, batch_size: int) -> list[Article]:
    """Short articles enough for two batches per worker, so every worker has loaded its pipeline and KB."""
    return [Article(id=f"warm{index}", text=WARM_UP_TEXT) for index in range(2 * workers * batch_size)]


@dataclass
class Timing:
    """Wall seconds of runs, and the CPU seconds this process and all its descendants spent in them.

    The CPU column is what the runs cost whatever else the machine is doing:
    on a busy machine wall-clock ratios between runs are noise, CPU ratios are not.
    """

    wall: float = 0.0
    cpu: float = 0.0

    def add(self, run: Callable[[], object]) -> Timing:
        """Run ``run``, adding its seconds to these."""
        cpu_before = cpu_by_process()
        start = time.perf_counter()
        run()
        self.wall += time.perf_counter() - start
        cpu_after = cpu_by_process()
        self.cpu += sum(after - cpu_before.get(pid, 0.0) for pid, after in cpu_after.items())
        return self


def cpu_by_process() -> dict[int, float]:
    """User + system CPU seconds of this process and every live descendant (workers, Ray's daemons and actors)."""
    me = psutil.Process()
    totals = {}
    for process in [me, *me.children(recursive=True)]:
        try:
            times = process.cpu_times()
            totals[process.pid] = times.user + times.system
        except psutil.Error:
            continue
    return totals


def spacy_alone(nlp: Language, articles: list[Article], batch_size: int) -> None:
    """Parse ``articles`` in the very batches the engines use, so only the communique work differs."""
    for batch in batches(articles, batch_size):
        list(nlp.pipe([article.text for article in batch], batch_size=batch_size))


def alternating_runs(
    plain: Language, articles: list[Article], repeats: int, workers: int, batch_size: int
) -> list[Timing]:
    """The mean seconds of a run of spaCy alone, of the one-process engine, of the
    ``workers``-process engine and of the Ray engine with as many actors over ``articles``, each run
    ``repeats`` times, every other repeat in the opposite order (spaCy, one, workers, Ray, Ray,
    workers, one, spaCy…), all engines started and warmed up first.

    On a shared machine the same work can take a sixth longer minutes later (spaCy alone took 66
    to 76 s for the same 300 articles in four runs of one session): timed one after the other, each run
    would catch a load of its own; in mirrored turns, each is timed early and late alike. Every run
    covers all the articles, so the workers split the same batches as in one long stream."""
    timings = [Timing(), Timing(), Timing(), Timing()]
    with (
        open_engine("processes", workers=1, batch_size=batch_size) as one,
        open_engine("processes", workers=workers, batch_size=batch_size) as several,
        open_engine("ray", workers=workers, batch_size=batch_size) as ray,
    ):
        for engine, count in ((one, 1), (several, workers), (ray, workers)):
            list(engine.analyze(warm_up_articles(count, batch_size)))
        turns = [
            (timings[0], partial(spacy_alone, plain, articles, batch_size)),
            (timings[1], partial(_drain, one, articles)),
            (timings[2], partial(_drain, several, articles)),
            (timings[3], partial(_drain, ray, articles)),
        ]
        for repeat in range(repeats):
            for timing, run in turns if repeat % 2 == 0 else reversed(turns):
                timing.add(run)
    return [Timing(timing.wall / repeats, timing.cpu / repeats) for timing in timings]


def _drain(engine: Engine, articles: list[Article]) -> None:
    """Run ``articles`` through ``engine``, keeping none of the Analyses."""
    for _analysis in engine.analyze(articles):
        pass


def peak_rss(process: psutil.Process) -> int:
    """The process's peak RSS in bytes: the kernel's high-water mark (VmHWM) on Linux, else its RSS now."""
    try:
        with open(f"/proc/{process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return process.memory_info().rss


class WorkerMemory:
    """Samples the peak RSS of this process's spawned workers in a thread; keeps each worker's peak."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    if "spawn_main" in " ".join(child.cmdline()):
                        self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), peak_rss(child))
                except psutil.Error:
                    continue
            self._stop.wait(SAMPLE_SECONDS)

    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / BYTES_PER_MB

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def memory_run(articles: Iterable[Article], total: int, workers: int, batch_size: int) -> tuple[float, float, float]:
    """Peak worker RSS (MB) once a tenth of ``total`` results are out, at the end, and the run's seconds."""
    mark = max(1, total // 10)
    at_mark = 0.0
    start = time.perf_counter()
    with WorkerMemory() as memory, open_engine("processes", workers=workers, batch_size=batch_size) as engine:
        for done, _analysis in enumerate(engine.analyze(articles), start=1):
            if done == mark:
                time.sleep(2 * SAMPLE_SECONDS)  # let the sampler see the workers as they are now
                at_mark = memory.peak_mb()
        time.sleep(2 * SAMPLE_SECONDS)
        at_end = memory.peak_mb()
    return at_mark, at_end, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000, help="articles for the memory run")
    parser.add_argument("--speed-articles", type=int, default=300, help="articles for each speed run")
    parser.add_argument("--repeats", type=int, default=2, help="runs of spaCy alone, one process and the workers each")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "allsides-sample.jsonl")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"error: {args.corpus}: no such file (the benchmark reads ../shared/corpus)")
    articles = read_articles(args.corpus, args.articles)
    speed = articles[: args.speed_articles]
    texts = [article.text for article in speed]
    words = sum(len(text.split()) for text in texts)

    plain = spacy.load(DEFAULT_MODEL)
    list(plain.pipe(texts[:10], batch_size=args.batch_size))
    torch.set_num_threads(1)  # one core per process in every run (module docstring)
    spacy_run, one_run, workers_run, ray_run = alternating_runs(plain, speed, args.repeats, args.workers, args.batch_size)
    spacy_s, one_s, workers_s, ray_s = spacy_run.wall, one_run.wall, workers_run.wall, ray_run.wall
    at_tenth_mb, at_end_mb, memory_s = memory_run(iter(articles), len(articles), args.workers, args.batch_size)

    n = len(speed)
    rows = [
        ("spaCy alone, 1 process", n, spacy_s, spacy_run.cpu),
        ("communique, 1 process", n, one_s, one_run.cpu),
        (f"communique, {args.workers} worker processes", n, workers_s, workers_run.cpu),
        (f"communique, Ray, {args.workers} actors", n, ray_s, ray_run.cpu),
        (f"memory run, {args.workers} worker processes", len(articles), memory_s, None),
    ]
    print(
        f"{n} articles ({words:,} words) per speed run, batch size {args.batch_size}; rows 1-4: mean of {args.repeats} runs"
    )
    print(f"{'run':<38} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'CPU s':>8}")
    for name, count, took, cpu in rows:
        cpu_text = f"{cpu:>8.2f}" if cpu is not None else f"{'':>8}"
        print(f"{name:<38} {count:>8} {took:>8.2f} {count / took:>10.2f} {cpu_text}")
    tenth = max(1, len(articles) // 10)
    print(f"peak worker RSS: {at_tenth_mb:.0f} MB after {tenth} articles, {at_end_mb:.0f} MB after {len(articles)}")
    print(
        json.dumps(
            {
                "articles": len(articles),
                "speed_articles": n,
                "repeats": args.repeats,
                "workers": args.workers,
                "batch_size": args.batch_size,
                "pipeline_over_spacy": round(spacy_s / one_s, 3),
                "workers2_over_1": round(one_s / workers_s, 3),
                "peak_rss_mb_per_worker": round(at_end_mb, 1),
                "rss_growth_3000_over_300": round(at_end_mb / at_tenth_mb, 3) if at_tenth_mb else None,
                "ray_over_workers": round(workers_s / ray_s, 3),
                "cpu_seconds": {
                    "spacy": round(spacy_run.cpu, 2),
                    "one_process": round(one_run.cpu, 2),
                    "workers": round(workers_run.cpu, 2),
                    "ray": round(ray_run.cpu, 2),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
