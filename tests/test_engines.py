"""The parallel engines give exactly the single-process results, in input order, on streams of any length."""

from __future__ import annotations

import gc
import json
from itertools import count, islice

import pyarrow.parquet as pq
import pytest

from communique.engines import analyze_stream, batches, collector_paused, open_engine
from communique.model import Analysis, Article
from communique.parquet import ParquetSink
from communique.pipeline import analyze_articles
from communique.read import read_inputs

SENTENCES = [
    'Lavrov said on Monday that sanctions were counterproductive. "We will not accept this," he told reporters.',
    "The Iranian foreign minister met his Russian counterpart in Moscow to discuss the nuclear programme.",
    "Hillary Clinton said the talks would continue next week, according to a State Department spokesman.",
    "The French president said Europe must act together on energy prices.",
    "Officials in Kabul said the ceasefire held overnight despite sporadic shooting.",
    "The World Health Organization warned that the outbreak could spread to neighbouring countries.",
    "Protesters gathered outside parliament, and police said 40 people were arrested.",
]


def articles(number: int) -> list[Article]:
    return [
        Article(id=f"t{index}", text=f"{SENTENCES[index % len(SENTENCES)]} Report {index}.", outlet="Test Wire")
        for index in range(number)
    ]


def as_json(analyses) -> list[str]:
    return [analysis.model_dump_json() for analysis in analyses]


@pytest.fixture(scope="module")
def corpus():
    return articles(9)


@pytest.fixture(scope="module")
def single_process(corpus, nlp):
    return as_json(analyze_articles(corpus, nlp))


def test_two_worker_processes_equal_one_process_in_input_order(corpus, single_process):
    with open_engine("processes", workers=2, batch_size=2) as engine:
        assert as_json(engine.analyze(corpus)) == single_process
        assert as_json(engine.analyze(corpus[:3])) == single_process[:3], "the engine runs a second stream too"


def test_one_worker_and_a_single_batch_run_in_this_process(corpus, single_process):
    with open_engine("processes", workers=1, batch_size=4) as engine:
        assert as_json(engine.analyze(corpus)) == single_process
    with open_engine("processes", workers=2, batch_size=32) as engine:
        assert as_json(engine.analyze(corpus)) == single_process
        assert engine._pool is None, "one batch needs no worker processes"


def test_a_run_in_this_process_freezes_objects_only_while_it_runs(corpus, single_process):
    with open_engine("processes", workers=1, batch_size=2) as engine:
        stream = engine.analyze(corpus)
        first = next(stream)
        assert gc.get_freeze_count() > 0, "the pipeline's objects are out of the collector's reach during the run"
        assert as_json([first, *stream]) == single_process
    assert gc.get_freeze_count() == 0, "the caller's objects are the collector's again once the run ends"


def test_a_run_in_this_process_leaves_the_callers_own_freeze_alone(corpus, single_process):
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with open_engine("processes", workers=1, batch_size=2) as engine:
            assert as_json(engine.analyze(corpus)) == single_process
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


def test_the_collector_is_paused_for_a_batch_and_the_callers_choice_is_kept(corpus, single_process):
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with open_engine("processes", workers=1, batch_size=2) as engine:
        on_between_batches = [gc.isenabled() for _analysis in engine.analyze(corpus)]
    assert on_between_batches == [True] * len(corpus) and gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        with open_engine("processes", workers=1, batch_size=2) as engine:
            assert as_json(engine.analyze(corpus)) == single_process
        assert not gc.isenabled(), "a caller who turned the collector off keeps it off"
    finally:
        gc.enable()


def test_an_endless_stream_is_analysed_as_it_arrives():
    endless = (Article(id=f"n{index}", text=f"{SENTENCES[index % 7]}") for index in count())
    stream = analyze_stream(endless, workers=2, batch_size=2)
    first = [analysis.article.id for analysis in islice(stream, 5)]
    stream.close()
    assert first == ["n0", "n1", "n2", "n3", "n4"]


def test_cli_workers_give_byte_identical_output_and_report_bad_records(cli, tmp_path):
    path = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": article.id, "text": article.text}) for article in articles(7)]
    lines.insert(3, "{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = cli("analyze", path, "--workers", "1", "--batch-size", "2")
    two = cli("analyze", path, "--workers", "2", "--batch-size", "2")
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and len(two.stdout.splitlines()) == 7
    assert f"error: {path}:4: not valid JSON" in two.stderr


def test_parquet_file_holds_the_json_output(cli, tmp_path, corpus, single_process):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"id": a.id, "text": a.text, "source": a.outlet}) for a in corpus) + "\n")
    json_run = cli("analyze", path, "--workers", "1")
    out = tmp_path / "out.parquet"
    parquet_run = cli("analyze", path, "--workers", "1", "--out", out)
    assert parquet_run.exit_code == 0, parquet_run.stderr
    table = pq.read_table(out)
    assert table.column("analysis").to_pylist() == json_run.stdout.splitlines()
    assert table.column("id").to_pylist() == [article.id for article in corpus]
    assert set(table.column("outlet").to_pylist()) == {"Test Wire"}


def test_parquet_needs_an_output_path_and_a_ray_address_needs_ray(cli):
    result = cli("analyze", "--samples", "--format", "parquet")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --format parquet needs --out FILE.parquet or --out FOLDER"
    result = cli("analyze", "--samples", "--ray-address", "ray://head:10001")
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --ray-address needs --engine ray"


def test_parquet_folder_gets_one_part_file_per_batch(tmp_path, single_process):
    analyses = [Analysis.model_validate_json(line) for line in single_process]
    with ParquetSink(tmp_path, rows_per_batch=4) as sink:
        for analysis in analyses:
            sink.write(analysis)
    parts = sorted(tmp_path.glob("part-*.parquet"))
    assert [pq.read_table(part).num_rows for part in parts] == [4, 4, 1]
    assert [row for part in parts for row in pq.read_table(part).column("analysis").to_pylist()] == single_process


def test_ray_engine_on_a_local_instance_equals_the_single_process_run(cli, nlp, tmp_path, corpus):
    """A local Ray instance (2 CPUs, no dashboard), two actors, results written as Parquet part files."""
    pytest.importorskip("ray", reason="the Ray engine needs ray installed (the dev extra has it)")
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"id": a.id, "text": a.text}) for a in corpus) + "\n")
    single_process = as_json(analyze_articles(read_inputs([str(path)]), nlp))
    out = tmp_path / "parts"
    out.mkdir()
    result = cli("analyze", path, "--engine", "ray", "--workers", "2", "--batch-size", "2", "--out", out)
    assert result.exit_code == 0, result.stderr
    [part] = out.glob("part-*.parquet")
    assert pq.read_table(part).column("analysis").to_pylist() == single_process


def test_batches_hold_at_most_size_articles_and_max_chars_characters():
    lengths = [40, 40, 40, 100, 10, 10, 10, 10, 10]
    stream = [Article(id=str(index), text="x" * length) for index, length in enumerate(lengths)]
    assert [[len(a.text) for a in batch] for batch in batches(stream, size=4, max_chars=100)] == [
        [40, 40], [40], [100], [10, 10, 10, 10], [10],
    ]
