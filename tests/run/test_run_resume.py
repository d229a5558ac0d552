"""Checkpoint and resume: after `kill -9` mid-run, re-running gives the same database as an
uninterrupted run. Batches are transactions keyed by article id, so the resumed run only does the
articles the killed one had not committed."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from detente.errors import StoreError
from detente.run import demo_corpus_path
from detente.store import open_store

CORPUS = demo_corpus_path() / "txt"

# A child process that codes the corpus with small batches and SIGKILLs itself after batch K
# (deterministic) or after a delay (anywhere, even mid-transaction).
CHILD = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from detente.config import load_settings
    from detente.run import run
    db, corpus, mode, value = sys.argv[1:5]
    settings = load_settings(store={"path": db}, nlp={"batch_size": 4})
    def die(n):
        if mode == "batch" and n == int(value):
            os.kill(os.getpid(), signal.SIGKILL)
    if mode == "time":
        threading.Timer(float(value), lambda: os.kill(os.getpid(), signal.SIGKILL)).start()
    run([corpus], settings=settings, on_batch=die)
    """
)

# What must be equal: every row of every data table, minus run bookkeeping and ingestion times.
TABLES = {
    "articles": "id, text, title, published, published_from, dateline_place",
    "sentences": "article_id, idx, start, \"end\"",
    "mentions": "article_id, start, \"end\", code, sector",
    "events": "id, event, mode, date, negated",
    "quotes": "id, start, \"end\"",
    "places": "article_id, start, \"end\", name",
    "time_exprs": "article_id, start, \"end\", date",
    "stories": "id, label, size",
    "story_members": "story_id, article_id",
    "merged_events": "id, num_mentions, num_articles",
}


def snapshot(db) -> dict:
    with open_store(db, read_only=True) as store:
        return {t: sorted(tuple(r.values()) for r in store.sql(f"SELECT {cols} FROM {t}", []))
                for t, cols in TABLES.items()}


def _child(db, mode, value):
    return subprocess.run([sys.executable, "-c", CHILD, str(db), str(CORPUS), mode, str(value)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    db = tmp_path_factory.mktemp("whole") / "whole.duckdb"
    proc = _child(db, "none", 0)
    assert proc.returncode == 0, proc.stderr
    return snapshot(db)


def _resume(db):
    from detente.config import load_settings
    from detente.run import run

    return run([CORPUS], settings=load_settings(store={"path": str(db)}, nlp={"batch_size": 4}))


@pytest.mark.slow
def test_run_resume_after_kill_between_batches(tmp_path, uninterrupted):
    db = tmp_path / "killed.duckdb"
    proc = _child(db, "batch", 3)
    assert proc.returncode == -signal.SIGKILL
    with open_store(db, read_only=True) as store:
        partial = store.counts()["articles"]
    assert 0 < partial < len(uninterrupted["articles"])
    report = _resume(db)
    assert report.unchanged == partial  # the committed batches were not redone
    assert snapshot(db) == uninterrupted


@pytest.mark.slow
@pytest.mark.parametrize("delay", [4.0, 7.5])
def test_run_resume_after_kill_at_any_moment(tmp_path, uninterrupted, delay):
    db = tmp_path / "killed.duckdb"
    proc = _child(db, "time", delay)
    if proc.returncode == 0:
        pytest.skip("the run finished before the kill (fast machine)")
    assert proc.returncode == -signal.SIGKILL
    if db.exists():
        try:
            with open_store(db, read_only=True) as store:
                assert store.verify() == []  # only whole batches: every stored span slices its text
        except StoreError as exc:
            # killed while the database was being created: no schema yet, the resumed run migrates it
            assert exc.code == "D502", exc
    _resume(db)
    assert snapshot(db) == uninterrupted
