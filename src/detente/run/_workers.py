"""Local parallelism: a pool of worker processes, each with its own pipeline (and spaCy model).

The parent reads, cleans and de-duplicates (cheap), sends batches of articles to the workers, and
writes their analyses in input order (DuckDB has one writer: the parent). At most
``2 * workers`` batches are in flight, so memory stays flat however long the stream is.

:func:`analyze_batch` is the unit of work shared with the cluster runner: a batch of articles in,
a :class:`BatchResult` (analyses, skips, seconds per stage, the worker's memory) out.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..config import Settings
from ..records import Analysis, Article
from ..report import RunReport, Skip
from ._stats import RunStats, peak_rss_mb, rss_mb

__all__ = ["parallel_analyze", "analyze_batch", "BatchResult", "ordered_results"]

# Each worker process builds its pipeline once, on first use; this is per-process state by design
# (the parent never touches it), not a global shared across a run. Keyed by settings so that a
# long-lived cluster worker serving runs with different settings builds one pipeline for each.
_WORKER: dict = {}


@dataclass
class BatchResult:
    analyses: list[Analysis]
    skips: list[Skip]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    rss_mb: float | None = None
    cpu_seconds: float = 0.0


def _pipeline_for(settings: Settings):
    from ._pipeline import Pipeline

    pipeline = _WORKER.get(settings)
    if pipeline is None:
        pipeline = _WORKER[settings] = Pipeline(settings)
    return pipeline


def _init(settings: Settings) -> None:
    _pipeline_for(settings).parser.nlp  # load the model now, not inside the first batch


def analyze_batch(articles: list[Article], settings: Settings) -> BatchResult:
    """Parse and code one batch in this process (a pool or cluster worker)."""
    report = RunReport()
    seconds: Counter = Counter()

    def timer(name: str, s: float) -> None:
        seconds[name] += s

    t0, c0 = time.perf_counter(), time.process_time()
    done = list(_pipeline_for(settings).analyze(articles, report, timer=timer))
    total = time.perf_counter() - t0
    seconds["parse"] += max(total - sum(seconds.values()), 0.0)  # the rest of the loop is nlp.pipe
    cpu = time.process_time() - c0
    seconds["cpu:workers"] += cpu
    return BatchResult(done, report.skips, dict(seconds), peak_rss_mb(), rss_mb(), cpu)


def collect(result: BatchResult, report: RunReport, stats: RunStats | None) -> Iterator[Analysis]:
    for skip in result.skips:
        report.skips.append(skip)
        if callable(report.echo):
            report.echo(skip.line())
    if stats is not None:
        stats.add_worker(result.stage_seconds, result.peak_rss_mb, result.rss_mb)
    yield from result.analyses


def ordered_results(
    batches: Iterable[list[Article]],
    submit: Callable[[list[Article]], object],
    wait: Callable[[object], BatchResult],
    *,
    window: int,
    report: RunReport,
    stats: RunStats | None = None,
) -> Iterator[Analysis]:
    """Submit batches, at most ``window`` in flight, and yield their analyses in input order."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        if len(pending) >= window:
            yield from collect(wait(pending.popleft()), report, stats)
    while pending:
        yield from collect(wait(pending.popleft()), report, stats)


def parallel_analyze(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int,
    report: RunReport,
    batch_size: int | None = None,
    stats: RunStats | None = None,
) -> Iterator[Analysis]:
    """Analyse ``articles`` on ``workers`` processes, yielding analyses in input order."""
    from ._pipeline import batched

    size = batch_size or settings.nlp.batch_size
    # fork shares the parent's loaded modules copy-on-write; spawn is the portable fallback
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(settings,)) as pool:
        yield from ordered_results(
            batched(articles, size),
            lambda batch: pool.submit(analyze_batch, batch, settings),
            lambda future: future.result(),
            window=window_for(workers),
            report=report,
            stats=stats,
        )


def window_for(workers: int) -> int:
    """Batches in flight: two per worker keeps every worker busy while the parent writes."""
    return 2 * max(workers, 1)
