"""The runner's stories step is incremental: it clusters the articles in no story yet, and a kill inside
its transaction leaves the stored stories as they were, so the resumed run writes what an uninterrupted
one writes."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import pytest
from run_snapshot import take_snapshot
from test_run_local import KILL_IN_STORIES, NoParse

from detente.config import load_settings
from detente.run import Pipeline, RunStats, rebuild_stories, run
from detente.store import open_store


@pytest.fixture()
def half_storied(demo_store, tmp_path):
    """The demo articles, the older half clustered by an earlier run, the newer half stored but in no story."""
    analyses = sorted(demo_store.analyses(), key=lambda a: (a.article.published or "9999-99-99", a.article.id))
    db = tmp_path / "half.duckdb"
    with open_store(db) as store:
        store.write(analyses[: len(analyses) // 2])
        rebuild_stories(store)
        store.write(analyses[len(analyses) // 2:])
    return db


def _run_no_parse(db, stats=None):
    settings = load_settings(store={"path": str(db)})
    return run(None, settings=settings, stats=stats, pipeline=Pipeline(settings, stages=[], nlp=NoParse()))


def test_run_stories_step_clusters_only_the_unstoried(half_storied):
    with open_store(half_storied, read_only=True) as store:
        before = {s.id: s for s in store.stories()}
        unstoried = {r["id"] for r in store.story_rows("unstoried")}
    stats = RunStats()
    report = _run_no_parse(half_storied, stats)
    assert report.processed == 0 and "stories:build" in stats.stage_seconds
    with open_store(half_storied, read_only=True) as store:
        after = store.stories()
        assert store.story_rows("unstoried") == []
    rewritten = [s for s in after if before.get(s.id) != s]
    # every story written holds a new article, or absorbed a story that does (the merge pass)
    assert rewritten and all(set(s.members) & unstoried for s in rewritten)
    assert report.written["stories"] == len(rewritten) < len(after)


@pytest.mark.slow
def test_run_resume_after_kill_in_incremental_stories_step(half_storied, tmp_path):
    whole = tmp_path / "whole.duckdb"
    shutil.copyfile(half_storied, whole)
    _run_no_parse(whole)
    with open_store(half_storied, read_only=True) as store:
        prior = take_snapshot_rows(store)
    proc = subprocess.run([sys.executable, "-c", KILL_IN_STORIES, str(half_storied)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with open_store(half_storied, read_only=True) as store:
        assert take_snapshot_rows(store) == prior  # the killed transaction left the stories as they were
    _run_no_parse(half_storied)
    assert take_snapshot(half_storied) == take_snapshot(whole)


def take_snapshot_rows(store):
    return sorted((s.id, tuple(s.members)) for s in store.stories()), store.sql(
        "SELECT count(*) AS n FROM story_parts", [])


def _date_order(store):
    return sorted(store.analyses(), key=lambda a: (a.article.published or "9999-99-99", a.article.id))


@pytest.fixture()
def unstoried_demo(demo_store, tmp_path):
    """The demo articles stored by a run that never reached its stories step (no stories, no state)."""
    db = tmp_path / "unstoried.duckdb"
    with open_store(db) as store:
        store.write(_date_order(demo_store))
    return db


def test_run_stories_steps_are_bounded_and_equal_successive_runs(unstoried_demo, demo_store, tmp_path):
    steps = []
    with open_store(unstoried_demo) as store:
        n = len(store.story_rows("unstoried"))
        rebuild_stories(store, step_articles=10, timer=lambda name, s: steps.append(name))
        assert store.story_rows("unstoried") == []
    assert steps.count("stories:build") == -(-n // 10) > 1
    # the same articles arriving as runs of ten, in date order, each followed by its stories step
    runs = tmp_path / "runs.duckdb"
    analyses = _date_order(demo_store)
    with open_store(runs) as store:
        for i in range(0, len(analyses), 10):
            store.write(analyses[i:i + 10])
            rebuild_stories(store, step_articles=10)
    assert take_snapshot(unstoried_demo) == take_snapshot(runs)


def test_run_stories_resume_after_failure_between_steps(unstoried_demo, tmp_path, monkeypatch):
    whole = tmp_path / "whole.duckdb"
    shutil.copyfile(unstoried_demo, whole)
    with open_store(whole) as store:
        rebuild_stories(store, step_articles=10)
    import detente.stories as stories

    real, calls = stories.stories_step, []

    def fails_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("killed between steps")
        return real(*args, **kwargs)

    monkeypatch.setattr(stories, "stories_step", fails_third)
    with open_store(unstoried_demo) as store, pytest.raises(RuntimeError):
        rebuild_stories(store, step_articles=10)
    monkeypatch.setattr(stories, "stories_step", real)
    with open_store(unstoried_demo) as store:
        assert 0 < len(store.story_rows("unstoried")) < len(store.sql("SELECT id FROM articles", []))
        rebuild_stories(store, step_articles=10)
    assert take_snapshot(unstoried_demo) == take_snapshot(whole)
