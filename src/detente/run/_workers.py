"""Local parallelism: a pool of worker processes, each with its own pipeline (and spaCy model).

The parent reads, cleans and de-duplicates (cheap), sends batches of articles to the workers, and
writes their analyses in input order (DuckDB has one writer: the parent). At most
``2 * workers`` batches are in flight, so memory stays flat however long the stream is.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

from ..config import Settings
from ..records import Analysis, Article
from ..report import RunReport, Skip

__all__ = ["parallel_analyze"]

# Each worker process builds its pipeline once, in the initializer; this is per-process state by
# design (the parent never touches it), not a global shared across a run.
_WORKER: dict = {}


def _init(settings: Settings) -> None:
    from ._pipeline import Pipeline

    _WORKER["pipeline"] = Pipeline(settings)


def _analyze_batch(articles: list[Article]) -> tuple[list[Analysis], list[Skip]]:
    report = RunReport()
    done = list(_WORKER["pipeline"].analyze(articles, report))
    return done, report.skips


def parallel_analyze(
    articles: Iterable[Article],
    settings: Settings,
    *,
    workers: int,
    report: RunReport,
    batch_size: int | None = None,
) -> Iterator[Analysis]:
    """Analyse ``articles`` on ``workers`` processes, yielding analyses in input order."""
    from ._pipeline import batched

    size = batch_size or settings.nlp.batch_size
    # fork shares the parent's loaded modules copy-on-write; spawn is the portable fallback
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    window = 2 * workers
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init, initargs=(settings,)) as pool:
        pending: deque = deque()
        for batch in batched(articles, size):
            pending.append(pool.submit(_analyze_batch, batch))
            if len(pending) >= window:
                yield from _collect(pending.popleft(), report)
        while pending:
            yield from _collect(pending.popleft(), report)


def _collect(future, report: RunReport) -> Iterator[Analysis]:
    analyses, skips = future.result()
    for skip in skips:
        report.skips.append(skip)
        if callable(report.echo):
            report.echo(skip.line())
    yield from analyses
