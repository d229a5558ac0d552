"""The local runner: read -> clean -> skip what is stored -> code -> write, one transaction per batch.

The database is opened only while it is used (to check which articles are stored, to write a
batch) and closed while articles are parsed, so that ``detente serve`` can read it between
batches: DuckDB lets one process write or several read, and the two take turns on the lock.

Re-running is safe: articles are keyed by a hash of their clean text, those already in the
store are skipped before parsing (so a resumed run does only the missing work), and every
batch is written in one transaction (a crash loses at most the batch in flight).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import Settings, load_settings
from ..ingest import read_sources
from ..records import Article
from ..report import RunReport
from ._pipeline import Pipeline, batched

__all__ = ["run", "rebuild_stories", "store_session", "demo_corpus_path", "Progress"]


def demo_corpus_path() -> Path:
    """The bundled demo corpus (``detente run`` with no path)."""
    return Path(str(resources.files("detente").joinpath("data", "demo")))


@dataclass
class Progress:
    """A one-line progress display on stderr: articles done, rate, skipped."""

    stream: object = sys.stderr
    enabled: bool = True
    every: float = 0.5  # seconds between redraws: often enough to look alive, rarely enough to cost nothing

    def __post_init__(self):
        self.start = time.perf_counter()
        self._last = 0.0

    def update(self, report: RunReport, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < self.every:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        rate = report.processed / elapsed
        self.stream.write(
            f"\r{report.processed} articles coded, {report.skipped} skipped, "
            f"{report.unchanged} already stored  [{rate:.1f} articles/s, {elapsed:.0f}s]"
        )
        self.stream.flush()

    def close(self, report: RunReport) -> None:
        if self.enabled:
            self.update(report, force=True)
            self.stream.write("\n")


# How long a run waits for a reader (e.g. `detente serve` answering a query) to release the lock.
LOCK_WAIT_SECONDS = 60.0


@contextmanager
def store_session(db, *, read_only: bool = False, wait: float = LOCK_WAIT_SECONDS):
    """Open the store for one unit of work, waiting (with backoff) while another process holds it."""
    from ..errors import StoreError
    from ..store import open_store

    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            store = open_store(db, read_only=read_only)
            break
        except StoreError as exc:
            if exc.code != "D504" or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    try:
        yield store
    finally:
        store.close()


def _new_articles(articles: Iterable[Article], db, report: RunReport, batch: int) -> Iterator[Article]:
    """Drop articles already in the store or repeated in this run, checking the store a batch at a time."""
    seen: set[str] = set()
    for chunk in batched(articles, batch):
        with store_session(db) as store:
            stored = store.has_articles([a.id for a in chunk])
        for article in chunk:
            if article.id in stored or article.id in seen:
                report.unchanged += 1
                continue
            seen.add(article.id)
            yield article


def rebuild_stories(store) -> Counter:
    """Re-cluster every stored article into stories, find syndicated copies, merge events.

    Deterministic (the stories stage orders its input by date and id), so re-running rewrites the
    same rows. Holds one Analysis per article without its spaCy doc: fine for corpora of tens of
    thousands; larger stores need the incremental clusterer fed batch by batch.
    """
    from ..stories import build_stories

    stories, duplicates, merged = build_stories(store.analyses())
    store.replace_stories(stories, duplicates, merged)
    return Counter(stories=len(stories), duplicates=len(duplicates), merged_events=len(merged))


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
) -> RunReport:
    """Code ``paths`` (the demo corpus when None) into the store at ``db`` and return what happened.

    ``workers`` > 1 parses and codes on that many processes; the parent reads, cleans and writes.
    """
    settings = settings or load_settings()
    report = report if report is not None else RunReport()
    pipeline = pipeline or Pipeline(settings)
    progress = progress or Progress(enabled=False)
    paths = list(paths) if paths else [demo_corpus_path()]
    db = db if db is not None else settings.store.path
    batch_size = settings.nlp.batch_size

    with store_session(db) as store:
        run_id = store.record_run(args={"paths": [str(p) for p in paths], "stages": pipeline.stage_names})
    raws = read_sources(paths, settings=settings.ingest, report=report)
    articles = _new_articles(pipeline.clean(raws, report), db, report, batch_size)
    if workers > 1:
        from ._workers import parallel_analyze

        analyses = parallel_analyze(articles, settings, workers=workers, report=report)
    else:
        analyses = pipeline.analyze(articles, report)
    for n, batch in enumerate(batched(analyses, batch_size)):
        with store_session(db) as store:
            report.written.update(store.write(batch, report=report))
        report.processed += len(batch)
        progress.update(report)
        if on_batch is not None:
            on_batch(n)
    with store_session(db) as store:
        if stories:
            report.written.update(rebuild_stories(store))
        store.quote_index()  # (re)build the full-text index while the store is writable
        store.finish_run(run_id, report)
    progress.close(report)
    return report
