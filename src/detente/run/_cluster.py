"""The cluster runner: the same run as :func:`~detente.run.run`, with the coding spread over Dask workers.

The driver (this process) reads, cleans and de-duplicates the input, sends batches of articles to
the workers, receives their analyses in input order and writes them: the DuckDB file lives with the
driver (DuckDB has one writer) and the workers never see it. A worker builds its pipeline (and loads
the spaCy model) once and keeps it for every later batch. At most two batches per worker thread are
in flight, so the driver's memory is flat however long the input is. Checkpoint and resume are the
local runner's: every batch is a transaction, and a re-run skips what is stored.

Dask was chosen over Ray by measurement (``benchmarks/bench_cluster.py``, ``docs/scale.md``): the
same throughput on two local workers, a fraction of the start-up time and install size, no
dashboard or object store to keep offline. It is an optional dependency (the ``cluster`` extra).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..config import Settings, load_settings
from ..errors import ConfigError, DetenteError
from ..report import RunReport
from ._local import Progress, demo_corpus_path, drive
from ._pipeline import Pipeline, batched
from ._stats import RunStats
from ._workers import analyze_batch, ordered_results

__all__ = ["run_cluster"]


def _worker_check(model: str) -> dict:
    """Run on every worker before the first batch: which detente it has, and whether the model loads."""
    import detente
    from ..nlp import load_model

    try:
        load_model(model)
        problem = None
    except DetenteError as exc:
        problem = str(exc)
    return {"detente": detente.__version__, "problem": problem}


def _check_workers(client, settings: Settings) -> None:
    import detente

    answers = client.run(_worker_check, settings.nlp.model)
    for worker, answer in sorted(answers.items()):
        if answer["problem"]:
            raise ConfigError(f"cluster worker {worker}: {answer['problem']}", code="D206")
        if answer["detente"] != detente.__version__:
            raise ConfigError(
                f"cluster worker {worker} runs detente {answer['detente']}, the driver {detente.__version__}: "
                f"install the same version on every worker", code="D206")


def _connect(address: str | None, workers: int):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "the cluster runner needs Dask: pip install 'detente[cluster]' (dask[distributed])", code="D204"
        ) from exc
    if address is not None:
        return Client(address), None
    # One single-threaded process per worker: spaCy and the stages hold the GIL, so threads would not help.
    # No dashboard: it would need a free port and bokeh, and nothing here should listen beyond localhost.
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           host="127.0.0.1")
    return Client(cluster), cluster


def run_cluster(
    paths: Iterable[str | Path] | None = None,
    *,
    db: str | Path | None = None,
    address: str | None = None,
    workers: int = 2,
    settings: Settings | None = None,
    report: RunReport | None = None,
    progress: Progress | None = None,
    stories: bool = True,
    on_batch: Callable[[int], None] | None = None,
    stats: RunStats | None = None,
    client=None,
) -> RunReport:
    """Code ``paths`` into the store at ``db`` (on this machine) with the coding done on a Dask cluster.

    ``address`` is the scheduler (``tcp://host:8786``); None starts a local cluster of ``workers``
    processes for the length of the run. ``client`` injects a connected ``dask.distributed.Client``
    (it is left open). Gives the same records as :func:`~detente.run.run` over the same input.
    """
    settings = settings or load_settings()
    report = report if report is not None else RunReport()
    progress = progress or Progress(enabled=False)
    paths = list(paths) if paths else [demo_corpus_path()]
    db = db if db is not None else settings.store.path
    pipeline = Pipeline(settings)  # the driver only cleans: the model is never loaded here
    batch_size = settings.nlp.batch_size

    own_client = client is None
    cluster = None
    if own_client:
        client, cluster = _connect(address, workers)
    try:
        _check_workers(client, settings)
        threads = sum(client.nthreads().values()) or 1
        window = 2 * threads
        remote_settings = client.scatter(settings, broadcast=True)

        def analyze(articles, report, stats):
            return ordered_results(
                batched(articles, batch_size),
                lambda batch: client.submit(analyze_batch, batch, remote_settings, pure=False),
                lambda future: future.result(),
                window=window,
                report=report,
                stats=stats,
            )

        return drive(paths, db=db, settings=settings, pipeline=pipeline, report=report, progress=progress,
                     stories=stories, analyzer=analyze, in_flight=(window + 2) * batch_size,
                     on_batch=on_batch, stats=stats,
                     run_args={"cluster": address or f"local:{workers}", "workers": threads})
    finally:
        if own_client:
            client.close()
            if cluster is not None:
                cluster.close()
