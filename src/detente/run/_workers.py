"""Local parallelism: a pool of worker processes, each with its own pipeline (and spaCy model).

The parent reads, cleans and de-duplicates (cheap), sends batches of articles to the workers, and
writes their analyses in input order (DuckDB has one writer: the parent). At most
``2 * workers`` batches are in flight, so memory stays flat however long the stream is.

:func:`analyze_batch` is the unit of work shared with the cluster runner: a batch of articles in,
a :class:`BatchResult` (analyses, skips, seconds per stage, the worker's memory) out.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import multiprocessing
import operator
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..config import Settings
from ..errors import StageError
from ..records import Analysis, Article, Event, Mention, Place, Quote, Sentence, TimeExpr
from ..report import RunReport, Skip
from ._stats import RunStats, peak_rss_mb, rss_mb

__all__ = ["parallel_analyze", "analyze_batch", "BatchResult", "ordered_results"]

# Each worker process builds its pipeline once, on first use; this is per-process state by design
# (the parent never touches it), not a global shared across a run. Keyed by settings so that a
# long-lived cluster worker serving runs with different settings builds one pipeline for each.
_WORKER: dict = {}


@dataclass
class BatchResult:
    """What a worker sends back for one batch.

    Pickled, it carries only what the stages made (sentence offsets, mentions, places, dates, quotes,
    events as tuples of field values), never the spaCy Doc nor the articles, which the driver sent and
    still holds: :meth:`attach` gives the analyses their articles back on the driver's side.
    """

    analyses: list[Analysis]
    skips: list[Skip]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    rss_mb: float | None = None
    cpu_seconds: float = 0.0
    # the article id of each analysis: what attach() checks the driver's batch against
    article_ids: list[str] = field(default_factory=list)

    def __getstate__(self) -> dict:
        state = {f: getattr(self, f) for f in _RESULT_FIELDS}
        state["analyses"] = [_pack(a) for a in self.analyses]
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            setattr(self, name, value)
        self.analyses = [_unpack(packed) for packed in state["analyses"]]

    def attach(self, batch: list[Article]) -> BatchResult:
        """Give each analysis its article from ``batch`` (the articles sent for this result). Idempotent."""
        by_id = {a.id: a for a in batch}
        for analysis, aid in zip(self.analyses, self.article_ids):
            if analysis.article is None:
                article = by_id.get(aid)
                if article is None:
                    # a result matched with the wrong batch: a bug in the runner, never to be written
                    raise StageError(f"a worker returned article {aid!r}, which its batch does not hold",
                                     code="D400")
                analysis.article = article
                for sent in analysis.sentences:
                    sent.article_id, sent.text = aid, article.text[sent.start : sent.end]
        return self


_RESULT_FIELDS = ("skips", "stage_seconds", "peak_rss_mb", "rss_mb", "cpu_seconds", "article_ids")
# Analysis fields that hold records, packed as tuples of field values (sentences apart: offsets only)
_RECORD_LISTS = ("mentions", "places", "dates", "quotes", "events")


@functools.lru_cache(maxsize=None)
def _layout(cls) -> tuple:
    """(field getter, nested record fields, nested record-list fields) of a record class."""
    names = tuple(f.name for f in dataclasses.fields(cls))
    getter = operator.attrgetter(*names)
    nested = tuple((names.index(n), _BY_NAME[c]) for n, c in cls._nested.items())
    nested_lists = tuple((names.index(n), _BY_NAME[c]) for n, c in cls._nested_lists.items())
    return getter, nested, nested_lists


def _pack_record(rec) -> tuple:
    getter, nested, nested_lists = _layout(type(rec))
    values = getter(rec)
    if not (nested or nested_lists):
        return values
    values = list(values)
    for i, _ in nested:
        if values[i] is not None:
            values[i] = _pack_record(values[i])
    for i, _ in nested_lists:
        values[i] = [_pack_record(r) for r in values[i]]
    return tuple(values)


def _unpack_record(cls, values: tuple):
    _, nested, nested_lists = _layout(cls)
    if nested or nested_lists:
        values = list(values)
        for i, sub in nested:
            if values[i] is not None:
                values[i] = _unpack_record(sub, values[i])
        for i, sub in nested_lists:
            values[i] = [_unpack_record(sub, v) for v in values[i]]
    return cls(*values)


_LIST_CLASSES = {"mentions": Mention, "places": Place, "dates": TimeExpr, "quotes": Quote, "events": Event}
_BY_NAME = {cls.__name__: cls for cls in _LIST_CLASSES.values()}  # the names records use for nested fields


def _pack(analysis: Analysis) -> tuple:
    sentences = [(s.index, s.start, s.end) for s in analysis.sentences]
    records = tuple([_pack_record(r) for r in getattr(analysis, name)] for name in _RECORD_LISTS)
    return sentences, records, analysis.done


def _unpack(packed: tuple) -> Analysis:
    sentences, records, done = packed
    analysis = Analysis(None, sentences=[Sentence("", i, start, end, "") for i, start, end in sentences], done=done)
    for name, values in zip(_RECORD_LISTS, records):
        cls = _LIST_CLASSES[name]
        setattr(analysis, name, [_unpack_record(cls, v) for v in values])
    return analysis


def _pipeline_for(settings: Settings):
    from ._pipeline import Pipeline

    pipeline = _WORKER.get(settings)
    if pipeline is None:
        pipeline = _WORKER[settings] = Pipeline(settings)
        _warm(pipeline)
    return pipeline


def _warm(pipeline) -> None:
    """Load everything the stages read, then take it out of the garbage collector's sight.

    The model and data files are a few hundred thousand long-lived objects; every full collection
    walks all of them while the stages allocate tokens and spans (about 2 ms per article measured,
    benchmarks/bench_stages.py). ``gc.freeze`` moves what exists now to a permanent generation: it stays
    alive for the process's life anyway. Only the worker entry points (:func:`analyze_batch`, the pool
    initializer) build this pipeline: a process that calls them is a worker.
    """
    pipeline.warm()
    gc.collect()
    gc.freeze()


def _init(settings: Settings) -> None:
    _pipeline_for(settings)  # load the model and data now, not inside the first batch


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
    return BatchResult(done, report.skips, dict(seconds), peak_rss_mb(), rss_mb(), cpu,
                       [a.article.id for a in done])


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
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            batch, job = pending.popleft()
            yield from collect(wait(job).attach(batch), report, stats)
    while pending:
        batch, job = pending.popleft()
        yield from collect(wait(job).attach(batch), report, stats)


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
