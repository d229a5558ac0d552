"""The local runner: workers give the same database, the stories step streams and resumes, state stays bounded."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import textwrap

import pytest
from run_snapshot import take_snapshot

from detente.config import load_settings
from detente.records import Article
from detente.report import RunReport
from detente.run import Pipeline, Progress, RunStats, count_records, demo_corpus_path, rebuild_stories, run
from detente.run._local import _Recent, new_articles
from detente.store import open_store
from detente.stories import build_stories


@pytest.mark.slow
@pytest.mark.parametrize("workers", [2])
def test_run_workers_same_database(tmp_path, nlp, demo_snapshot, workers):
    db = tmp_path / "workers.duckdb"
    settings = load_settings(store={"path": str(db)}, nlp={"batch_size": 16})
    stats = RunStats(sample_every=20)
    report = run(None, settings=settings, workers=workers, pipeline=Pipeline(settings, nlp=nlp), stats=stats)
    assert report.skipped == 0, report.summary()
    assert take_snapshot(db) == demo_snapshot
    assert stats.worker_peak_rss_mb > 0
    assert {"parse", "actors", "events", "store:write", "stories:build"} <= set(stats.stage_seconds)
    assert [s["processed"] for s in stats.samples][:3] == [32, 48, 64]


def _stories_of(store):
    stories = sorted((s.id, s.label, s.start_date, s.end_date, tuple(s.members)) for s in store.stories())
    dups = sorted((d["article_id"], d["original_id"], d["similarity"]) for d in store.duplicates())
    merged = sorted((m["id"], m["num_mentions"], m["story_id"], tuple(m["event_ids"])) for m in store.merged_events())
    return stories, dups, merged


def test_run_rebuild_stories_equals_build_stories(demo_copy):
    with open_store(demo_copy) as store:
        stories, dups, merged = build_stories(store.analyses())
        store.replace_stories(stories, dups, merged)
        expected = _stories_of(store)
        store.replace_stories([], [], [])
        written = rebuild_stories(store, page=7)  # pages smaller than a day's articles: keyset paging
        assert _stories_of(store) == expected
    assert written == {"stories": len(stories), "duplicates": len(dups), "merged_events": len(merged)}


class NoParse:
    """Stands in for spaCy where every article is already stored: parsing anything is a failure."""

    def pipe(self, stream, **kwargs):
        for _ in stream:
            raise AssertionError("an article was parsed although it is stored")
        return iter(())


def test_run_skips_stories_when_current(demo_copy, demo_snapshot):
    settings = load_settings(store={"path": str(demo_copy)})
    stats = RunStats()
    report = run(None, settings=settings, stats=stats, pipeline=Pipeline(settings, stages=[], nlp=NoParse()))
    assert report.processed == 0 and report.unchanged > 0
    assert "stories" not in report.written
    assert not any(k.startswith("stories:") for k in stats.stage_seconds)
    assert take_snapshot(demo_copy) == demo_snapshot


# A child that re-runs the demo corpus (every article stored, so nothing is parsed) and SIGKILLs itself
# inside the stories transaction, after the old stories were deleted and while new rows go in.
KILL_IN_STORIES = textwrap.dedent(
    """
    import os, signal, sys
    from detente.config import load_settings
    from detente.run import Pipeline, run
    from detente.store import _store
    db = sys.argv[1]
    insert = _store.Store._insert
    def dying_insert(cur, table, data):
        n = insert(cur, table, data)
        if table == "story_members":
            os.kill(os.getpid(), signal.SIGKILL)
        return n
    _store.Store._insert = staticmethod(dying_insert)
    class NoParse:
        def pipe(self, stream, **kwargs):
            return iter(())
    settings = load_settings(store={"path": db})
    run(None, settings=settings, pipeline=Pipeline(settings, stages=[], nlp=NoParse()))
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("before", ["no stories", "stories of half the articles"])
def test_run_resume_after_kill_in_stories_step(demo_copy, demo_snapshot, before):
    with open_store(demo_copy) as store:
        if before == "no stories":
            store.replace_stories([], [], [])
        else:
            half = list(store.analyses())[::2]
            store.replace_stories(*build_stories(half))
        prior = _stories_of(store)
    proc = subprocess.run([sys.executable, "-c", KILL_IN_STORIES, str(demo_copy)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    with open_store(demo_copy) as store:
        assert _stories_of(store) == prior  # the killed transaction left the old stories
    settings = load_settings(store={"path": str(demo_copy)})
    report = run(None, settings=settings, pipeline=Pipeline(settings, stages=[], nlp=NoParse()))
    assert report.processed == 0 and report.written["stories"] > 0
    assert take_snapshot(demo_copy) == demo_snapshot


def _article(i: int) -> Article:
    text = f"Article number {i} about a naval exercise."
    return Article(id=f"{i:016x}", text=text, origin=f"mem:{i}")


def test_run_new_articles_bounded_state(tmp_path):
    """De-duplication within a run keeps a bounded window of ids, not every id of the corpus."""
    db = tmp_path / "empty.duckdb"
    open_store(db).close()
    n, repeat_every = 6000, 7
    stream = (_article(i - 1 if i % repeat_every == 0 else i) for i in range(n))  # every 7th repeats the last
    report = RunReport()
    seen_sizes = []
    recent_capacity = 4 * (512 + 128)
    out = []
    gen = new_articles(stream, db, report, chunk=512, in_flight=128)
    for article in gen:
        out.append(article.id)
        seen_sizes.append(gen.gi_frame.f_locals["recent"].__len__())
    repeats = (n - 1) // repeat_every
    assert len(out) == len(set(out)) == n - repeats
    assert report.unchanged == repeats
    assert max(seen_sizes) <= recent_capacity


@pytest.mark.parametrize(
    "capacity, added, kept", [(3, ["a", "b", "c", "d"], ["b", "c", "d"]), (5, ["a", "a", "b"], ["a", "b"])]
)
def test_run_recent_fifo(capacity, added, kept):
    recent = _Recent(capacity)
    for aid in added:
        recent.add(aid)
    assert [a for a in "abcd" if a in recent] == kept
    assert len(recent) == len(kept)


def test_run_in_run_repeat_is_unchanged(tmp_path, nlp):
    text = "MANILA - The Philippines protested to China on Monday after a coast guard ship used a water cannon."
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": text, "date": "2024-03-05"}) for i in range(3)) + "\n")
    settings = load_settings(store={"path": str(tmp_path / "db.duckdb")})
    report = run([src], settings=settings, pipeline=Pipeline(settings, nlp=nlp))
    assert (report.processed, report.unchanged, report.written["articles"]) == (1, 2, 1)


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"a.jsonl": '{"text": "x"}\n\n{"text": "y"}\n   \n{"text": "z"}'}, 3),  # blank lines skipped, no final newline
        ({"a.csv": "id,text\n1,hello\n2,world\n"}, 2),  # header left out
        ({"a.txt": "one", "b.html": "<p>two</p>", "c.md": "ignored"}, 2),
        ({"a.jsonl": "", "b.txt": "x"}, 1),
    ],
)
def test_run_count_records(tmp_path, files, expected):
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    assert count_records([tmp_path]) == expected


def test_run_count_records_stdin_unknown():
    assert count_records(["-"]) is None
    assert count_records([demo_corpus_path()]) >= 70


@pytest.mark.parametrize(
    "total, processed, unchanged, elapsed, expected",
    [
        (None, 10, 0, 5.0, "10 articles coded, 0 skipped, 0 already stored  [2.0 articles/s, 5s]"),
        (100, 10, 10, 10.0, "10 articles coded, 0 skipped, 10 already stored  [1.0 articles/s, 10s, 20/100, ETA 40s]"),
        (10_000, 3600, 0, 3600.0,
         "3600 articles coded, 0 skipped, 0 already stored  [1.0 articles/s, 1h00m, 3600/10000, ETA 1h46m]"),
    ],
)
def test_run_progress_line(total, processed, unchanged, elapsed, expected):
    progress = Progress(stream=io.StringIO(), total=total)
    report = RunReport(processed=processed, unchanged=unchanged)
    assert progress.line(report, now=progress.start + elapsed) == expected


def test_run_progress_counts_total(tmp_path, nlp):
    src = tmp_path / "in.jsonl"
    text = "TOKYO - Japan lodged a protest with Russia on Friday over a bomber flight near its airspace."
    src.write_text(json.dumps({"text": text, "date": "2024-02-02"}) + "\n")
    stream = io.StringIO()
    settings = load_settings(store={"path": str(tmp_path / "db.duckdb")})
    run([src], settings=settings, pipeline=Pipeline(settings, nlp=nlp), progress=Progress(stream=stream))
    assert "1/1, ETA" in stream.getvalue() and stream.getvalue().endswith("\n")


def test_run_stats_samples_every_n():
    stats = RunStats(sample_every=100)
    for processed in (64, 128, 192, 256, 320):
        stats.observe(processed)
    assert [s["processed"] for s in stats.samples] == [128, 256, 320]
    stats.observe(321, force=True)
    assert stats.samples[-1]["processed"] == 321 and stats.samples[-1]["driver_rss_mb"] > 0
