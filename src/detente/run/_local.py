"""The local runner: read -> clean -> skip what is stored -> code -> write, one transaction per batch.

The database is opened only while it is used (to check which articles are stored, to write a
batch) and closed while articles are parsed, so that ``detente serve`` can read it between
batches: DuckDB lets one process write or several read, and the two take turns on the lock.
Units of work that follow each other within 50 ms share one opening (:class:`StoreLease`),
which is never held more than 2 s in a row.

Re-running is safe: articles are keyed by a hash of their clean text, those already in the
store are skipped before parsing (so a resumed run does only the missing work), and every
batch is written in one transaction (a crash loses at most the batch in flight). The stories
step at the end is one more transaction that clusters the articles in no story yet against the
stored stories around their dates; it depends only on what is stored, not on how the run was
batched, so a run killed during it is finished by the next run (which finds unstoried articles).

Memory is flat in the corpus size: records stream through, at most a window of batches is in
flight, and the only per-article state (ids of articles in flight, for de-duplication within
the run) is bounded by that window. The stories step reads only the date window around the new
articles.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import Settings, load_settings
from ..ingest import read_sources
from ..records import Analysis, Article
from ..report import RunReport
from ._pipeline import Pipeline, batched
from ._stats import RunStats
from ._stories import rebuild_stories, stories_current

__all__ = ["run", "rebuild_stories", "store_session", "StoreLease", "demo_corpus_path", "Progress"]


def demo_corpus_path() -> Path:
    """The bundled demo corpus (``detente run`` with no path)."""
    return Path(str(resources.files("detente").joinpath("data", "demo")))


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


@dataclass
class Progress:
    """A one-line progress display on stderr: articles done, rate, skipped, and ETA when ``total`` is known.

    ``count_total`` lets the runner count the input records first (lines of JSONL, files of text and
    HTML: a read of the bytes, no parsing) to fill ``total``.
    """

    stream: object = sys.stderr
    enabled: bool = True
    every: float = 0.5  # seconds between redraws: often enough to look alive, rarely enough to cost nothing
    total: int | None = None  # input records, when known
    count_total: bool = True
    phase: str = ""

    def __post_init__(self):
        self.start = time.perf_counter()
        self._last = 0.0

    def line(self, report: RunReport, now: float | None = None) -> str:
        now = time.perf_counter() if now is None else now
        elapsed = max(now - self.start, 1e-9)
        rate = report.processed / elapsed
        text = (f"{report.processed} articles coded, {report.skipped} skipped, "
                f"{report.unchanged} already stored  [{rate:.1f} articles/s, {_duration(elapsed)}")
        if self.total:
            done = report.processed + report.unchanged + report.skipped
            left = max(self.total - done, 0)
            # the rate of records handled (coded, skipped or already stored) predicts the rest
            handled_rate = done / elapsed
            eta = _duration(left / handled_rate) if handled_rate > 0 else "?"
            text += f", {min(done, self.total)}/{self.total}, ETA {eta}"
        text += "]"
        if self.phase:
            text += f" {self.phase}"
        return text

    def update(self, report: RunReport, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < self.every:
            return
        self._last = now
        self.stream.write("\r" + self.line(report, now) + "\x1b[K")
        self.stream.flush()

    def close(self, report: RunReport) -> None:
        if self.enabled:
            self.phase = ""
            self.update(report, force=True)
            self.stream.write("\n")


# How long a run waits for a reader (e.g. `detente serve` answering a query) to release the lock.
LOCK_WAIT_SECONDS = 60.0


def _open_waiting(db, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
    """Open the store, waiting (with backoff) while another process holds it."""
    from ..errors import StoreError
    from ..store import open_store

    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            return open_store(db, read_only=read_only)
        except StoreError as exc:
            if exc.code != "D504" or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def store_session(db, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
    """Open the store for one unit of work, waiting (with backoff) while another process holds it."""
    store = _open_waiting(db, read_only=read_only, wait=wait)
    try:
        yield store
    finally:
        store.close()


# The runner's hold on the store between units of work (see StoreLease).
LEASE_IDLE_SECONDS = 0.05
LEASE_MAX_HOLD_SECONDS = 2.0
# After a forced release, wait this long before opening again: `detente serve` retries a locked
# file every 250 ms at most, so a pause this long lets a waiting reader in.
LEASE_GAP_SECONDS = 0.25


class StoreLease:
    """The writable store for a run's back-to-back units of work (checks and batch writes).

    Opening costs ~30-45 ms of CPU (the catalog is read) and closing checkpoints (a few ms per
    article written), so a unit that follows another within ``idle`` seconds reuses the open
    store. Readers (``detente serve``) still get their turn: a timer closes the store once it has
    been idle for ``idle`` seconds (the runner waits for parses most of the time), and a store held
    ``max_hold`` seconds in a row is closed before the next unit, which then waits ``gap`` seconds.
    """

    def __init__(self, db, *, idle: float = LEASE_IDLE_SECONDS, max_hold: float = LEASE_MAX_HOLD_SECONDS,
                 gap: float = LEASE_GAP_SECONDS, wait: float = LOCK_WAIT_SECONDS):
        self.db, self.idle, self.max_hold, self.gap, self.wait = db, idle, max_hold, gap, wait
        self.opens = 0  # stores opened: tests and benchmarks read it
        self._store = None
        self._opened = self._last = 0.0
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._error: Exception | None = None  # a close that failed in the timer thread

    @property
    def is_open(self) -> bool:
        return self._store is not None

    @contextmanager
    def use(self):
        """The open store, for one unit of work; opened (waiting for the lock) when needed."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._raise_pending()
            if self._store is not None and time.monotonic() - self._opened >= self.max_hold:
                self._close()
                time.sleep(self.gap)
            if self._store is None:
                self._store = _open_waiting(self.db, wait=self.wait)
                self._opened = time.monotonic()
                self.opens += 1
            try:
                yield self._store
            except BaseException:
                self._close()  # a failed unit leaves no connection behind
                raise
            self._last = time.monotonic()
            self._timer = threading.Timer(self.idle, self._close_if_idle)
            self._timer.daemon = True
            self._timer.start()

    def _close_if_idle(self) -> None:
        with self._lock:
            if self._store is not None and time.monotonic() - self._last >= self.idle * 0.9:
                try:
                    self._close()
                except Exception as exc:  # e.g. D503, the disk refused the checkpoint
                    self._error = exc  # raised in the runner's thread, at its next use or close

    def _raise_pending(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _close(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.close()

    def close(self) -> None:
        """Release the store now (before another session opens it, and at the end of the run)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._close()
            self._raise_pending()


class _Recent:
    """The ids of the last ``capacity`` articles sent to be coded (FIFO).

    An article repeated within a run is caught here while its first copy is in flight, and by the
    store once that copy is written; ``capacity`` is set well above what can be in flight (the
    check chunk plus the batches in the pipeline), so the two checks overlap. If a repeat ever
    slipped through, the store would still refuse to write it twice: this only saves the parse.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, aid: str) -> bool:
        return aid in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, aid: str) -> None:
        self._ids[aid] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)


def new_articles(articles: Iterable[Article], db, report: RunReport, *, chunk: int, in_flight: int,
                 stats: RunStats | None = None, lease: StoreLease | None = None) -> Iterator[Article]:
    """Drop articles already in the store or repeated in this run, checking the store ``chunk`` at a time.

    With ``lease``, the check uses the run's :class:`StoreLease` instead of opening ``db`` itself.
    """
    recent = _Recent(capacity=4 * (chunk + in_flight))
    for group in batched(articles, chunk):
        t0 = time.perf_counter()
        with (lease.use() if lease is not None else store_session(db)) as store:
            stored = store.has_articles([a.id for a in group])
        if stats is not None:
            stats.add_seconds("store:check", time.perf_counter() - t0)
        for article in group:
            if article.id in stored or article.id in recent:
                report.unchanged += 1
                continue
            recent.add(article.id)
            yield article


def _timed(items: Iterable, name: str, stats: RunStats | None) -> Iterator:
    """Pass ``items`` through, adding the time spent producing them to ``stats[name]``."""
    if stats is None:
        yield from items
        return
    it = iter(items)
    while True:
        t0 = time.perf_counter()
        try:
            item = next(it)
        except StopIteration:
            stats.add_seconds(name, time.perf_counter() - t0)
            return
        stats.add_seconds(name, time.perf_counter() - t0)
        yield item


# An analyzer turns the stream of new articles into analyses, in order (in this process, a pool, a cluster).
Analyzer = Callable[[Iterator[Article], RunReport, "RunStats | None"], Iterator[Analysis]]


def _local_analyzer(pipeline: Pipeline) -> Analyzer:
    def analyze(articles, report, stats):
        if stats is None:
            return pipeline.analyze(articles, report)
        return pipeline.analyze(articles, report, timer=stats.add_seconds)

    return analyze


def drive(
    paths: list,
    *,
    db,
    settings: Settings,
    pipeline: Pipeline,
    report: RunReport,
    progress: Progress,
    stories: bool,
    analyzer: Analyzer,
    in_flight: int,
    pulls_input: bool = False,
    on_batch: Callable[[int], None] | None = None,
    stats: RunStats | None = None,
    run_args: dict | None = None,
) -> RunReport:
    """The runner's loop, shared by :func:`run` and ``run_cluster``: everything but where coding happens."""
    batch_size = settings.nlp.batch_size
    t_start, c_start = time.perf_counter(), time.process_time()
    if progress.enabled and progress.total is None and progress.count_total:
        from ._count import count_records

        progress.total = count_records(paths, settings.ingest)
    with store_session(db) as store:
        run_id = store.record_run(args={"paths": [str(p) for p in paths], "stages": pipeline.stage_names,
                                        **(run_args or {})})
    raws = read_sources(paths, settings=settings.ingest, report=report)
    cleaned = _timed(pipeline.clean(raws, report), "read+clean", stats)
    # Checks and writes share one lease: back-to-back units reuse the open store (see StoreLease).
    lease = StoreLease(db)
    # Check the store for several batches at once: one open per check costs ~0.05 s, a batch ~10 s to parse.
    articles = new_articles(cleaned, db, report, chunk=4 * batch_size, in_flight=in_flight, stats=stats,
                            lease=lease)
    before = dict(stats.stage_seconds) if stats is not None else {}
    analyses = analyzer(articles, report, stats)
    written_before = report.written.get("articles", 0)
    t_loop = time.perf_counter()
    try:
        for n, batch in enumerate(batched(analyses, batch_size)):
            t0 = time.perf_counter()
            with lease.use() as store:
                report.written.update(store.write(batch, report=report))
            report.processed += len(batch)
            if stats is not None:
                stats.add_seconds("store:write", time.perf_counter() - t0)
                stats.observe(report.processed)
            progress.update(report)
            if on_batch is not None:
                on_batch(n)
    finally:
        lease.close()
    if stats is not None:
        loop = time.perf_counter() - t_loop
        stats.add_seconds("wall:code", loop)
        if pulls_input:
            # in this process nlp.pipe pulled the input and the stages ran in the loop: what the
            # loop spent outside every timed step is the parse
            timed = [k for k in stats.stage_seconds if ":" not in k or k.startswith("store:")]
            spent = sum(stats.stage_seconds[k] - before.get(k, 0.0) for k in timed)
            stats.add_seconds("parse", max(loop - spent, 0.0))
    progress.phase = "stories..."
    progress.update(report, force=True)
    with store_session(db) as store:
        wrote_articles = report.written.get("articles", 0) > written_before
        if stories and (wrote_articles or not stories_current(store)):
            report.written.update(rebuild_stories(store, timer=stats.add_seconds if stats else None))
        t0 = time.perf_counter()
        store.quote_index()  # (re)build the full-text index while the store is writable
        if stats is not None:
            stats.add_seconds("store:fts", time.perf_counter() - t0)
        store.finish_run(run_id, report)
    if stats is not None:
        stats.add_seconds("wall:total", time.perf_counter() - t_start)
        stats.add_seconds("cpu:driver", time.process_time() - c_start)
        stats.observe(report.processed, force=True)
    progress.close(report)
    return report


def run(
    paths: Iterable[str | Path] | None = None,
    *,
    db: str | Path | None = None,
    settings: Settings | None = None,
    pipeline: Pipeline | None = None,
    report: RunReport | None = None,
    progress: Progress | None = None,
    stories: bool = True,
    workers: int = 1,
    on_batch: Callable[[int], None] | None = None,
    stats: RunStats | None = None,
) -> RunReport:
    """Code ``paths`` (the demo corpus when None) into the store at ``db`` and return what happened.

    ``workers`` > 1 parses and codes on that many processes; the parent reads, cleans and writes,
    and the database is the same as with one worker. ``stats`` (a :class:`RunStats`) collects
    seconds per stage, memory and the rate over time. ``on_batch(n)`` is called after batch ``n``
    is committed.
    """
    settings = settings or load_settings()
    report = report if report is not None else RunReport()
    pipeline = pipeline or Pipeline(settings)
    progress = progress or Progress(enabled=False)
    paths = list(paths) if paths else [demo_corpus_path()]
    db = db if db is not None else settings.store.path
    batch_size = settings.nlp.batch_size
    if workers > 1:
        from ._workers import parallel_analyze, window_for

        def analyze(articles, report, stats):
            return parallel_analyze(articles, settings, workers=workers, report=report, stats=stats)

        in_flight = (window_for(workers) + 2) * batch_size
    else:
        analyze = _local_analyzer(pipeline)
        in_flight = 3 * batch_size  # the spaCy batch being parsed plus the batch being written
    return drive(paths, db=db, settings=settings, pipeline=pipeline, report=report, progress=progress,
                 stories=stories, analyzer=analyze, in_flight=in_flight, pulls_input=workers <= 1,
                 on_batch=on_batch, stats=stats,
                 run_args={"workers": workers})
