"""Crash safety: `detente run` killed at random points, a full disk, a read-only database.

Each kill must leave a database that opens, holds only whole batches (every stored article has
its sentences and every span slices its text), and a resumed run must reach the state of one
uninterrupted run. Disk failures must end the run with a coded message (D503), no traceback.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from reliability_helpers import LONG, detente_command, run_detente

from detente.store import open_store

# Tables a resumed run must fill exactly as an uninterrupted one (runs differ by design).
COMPARED = ("articles", "sentences", "mentions", "places", "time_exprs", "quotes", "events",
            "event_participants", "stories", "story_members", "duplicates", "merged_events")
KILLS = 10 if LONG else 3  # 10 kills take minutes on a loaded 2-core machine: DETENTE_LONG=1


def _state(db: Path) -> dict:
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        assert store.verify() == [], "a span does not slice its article's text"
        orphans = store.sql("SELECT count(*) AS n FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM sentences s WHERE s.article_id = a.id)")[0]["n"]
        assert orphans == 0, "an article was stored without its sentences (half a batch)"
        ids = sorted(r["id"] for r in store.sql("SELECT id FROM articles"))
        events = sorted((r["article_id"], r["seq"], r["event"])
                        for r in store.sql("SELECT article_id, seq, event FROM events"))
    return {"counts": {t: counts[t] for t in COMPARED}, "ids": ids, "events": events}


def _run_args(corpus: Path, db: Path) -> list[str]:
    return ["run", str(corpus), "--db", str(db), "--batch-size", "2", "--no-progress", "-q"]


@pytest.mark.slow
def test_reliability_kill_run_at_random_points_then_resume(tmp_path, small_corpus, reference_db):
    reference = _state(reference_db)
    db = tmp_path / "killed.duckdb"
    rng = random.Random(20261123)
    full = float((reference_db.parent / "seconds").read_text())  # one uninterrupted run, start-up included
    partial = 0
    for kill in range(KILLS):
        proc = subprocess.Popen(detente_command(*_run_args(small_corpus, db)), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.2, 1.0) * full)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        if not db.exists():
            continue  # killed before the database was created
        state = _state(db)  # opens, whole batches, spans slice
        n = state["counts"]["articles"]
        assert set(state["ids"]) <= set(reference["ids"])
        partial += 0 < n < len(reference["ids"])
    if not partial:
        # On a fast machine the random kills can all land in start-up or after the end: start again
        # from an empty database and kill as soon as the progress line reports a committed batch.
        for leftover in (db, db.with_name(db.name + ".wal")):
            leftover.unlink(missing_ok=True)
        partial += _kill_after_first_batch(small_corpus, db, len(reference["ids"]))
    resumed = run_detente(*_run_args(small_corpus, db))
    assert resumed.returncode == 0, resumed.stderr
    assert _state(db) == reference
    assert partial >= 1, f"no kill of {KILLS} landed mid-run; the test is not testing anything"


def _kill_after_first_batch(corpus: Path, db: Path, total: int) -> bool:
    """Kill the run the moment its progress line reports coded articles, then check what is stored.

    The progress line is drawn only after a batch's transaction commits, so the kill falls between
    batches or inside a later one. Polling the database instead does not work: back-to-back batch
    writes share one opening of the store (see StoreLease), so a reader may see nothing between
    "none" and "all".
    """
    args = [a for a in _run_args(corpus, db) if a not in ("--no-progress", "-q")]
    proc = subprocess.Popen(detente_command(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = b""
    try:
        while True:
            chunk = proc.stderr.read1(4096)
            if not chunk:
                return False  # the run ended without drawing a line with coded articles
            seen = (seen + chunk)[-4096:]
            coded = [int(m) for m in re.findall(rb"(\d+) articles coded", seen)]
            if any(0 < n < total for n in coded):
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=60)
                n = _state(db)["counts"]["articles"]  # opens, whole batches, spans slice
                return 0 < n < total
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)
        proc.stderr.close()


def _ignore_sigxfsz_and_limit(limit: int):
    def preexec():
        # Ignored, SIGXFSZ no longer kills the process: write() fails with EFBIG, like a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


@contextlib.contextmanager
def _tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _assert_clean_failure(done: subprocess.CompletedProcess, code: str) -> None:
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert code in done.stderr, done.stderr[-2000:]


@pytest.mark.parametrize("how", ["file-size-limit", "full-tmpfs"])
def test_reliability_full_disk_gives_d503_and_keeps_whole_batches(tmp_path, small_corpus, reference_db, how):
    if how == "file-size-limit":
        db = tmp_path / "full.duckdb"
        done = run_detente(*_run_args(small_corpus, db), preexec_fn=_ignore_sigxfsz_and_limit(20_000))
        _assert_clean_failure(done, "D503")
        _state(db)  # opens; whole batches only
        with open_store(db) as store:  # and takes writes again once the disk has room
            assert store.write([]) == {}
        return
    else:
        with _tmpfs(tmp_path / "mnt", "300k") as mnt:
            db = mnt / "full.duckdb"
            done = run_detente(*_run_args(small_corpus, db))
            _assert_clean_failure(done, "D503")
            if db.exists():
                shutil.copy(db, tmp_path / "rescued.duckdb")
                if Path(f"{db}.wal").exists():
                    shutil.copy(f"{db}.wal", tmp_path / "rescued.duckdb.wal")
        db = tmp_path / "rescued.duckdb"
        if db.exists():
            _state(db)
        resumed = run_detente(*_run_args(small_corpus, db))
    assert resumed.returncode == 0, resumed.stderr  # with room again, the same command finishes the job
    assert _state(db) == _state(reference_db)


def test_reliability_read_only_database_gives_d503(tmp_path, reference_db, small_corpus):
    if os.geteuid() == 0:  # root writes through file modes: use a read-only mount instead
        with _tmpfs(tmp_path / "ro", "20m") as mnt:
            shutil.copy(reference_db, mnt / "db.duckdb")
            if subprocess.run(["mount", "-o", "remount,ro", str(mnt)], capture_output=True).returncode != 0:
                pytest.skip("cannot remount read-only")
            done = run_detente(*_run_args(small_corpus, mnt / "db.duckdb"))
            _assert_clean_failure(done, "D503")
            read = run_detente("stories", "--db", str(mnt / "db.duckdb"))  # reading still works
            assert read.returncode == 0 and read.stdout.strip(), read.stderr
    else:
        db = tmp_path / "db.duckdb"
        shutil.copy(reference_db, db)
        db.chmod(0o444)
        _assert_clean_failure(run_detente(*_run_args(small_corpus, db)), "D503")
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        _assert_clean_failure(run_detente(*_run_args(small_corpus, folder / "new.duckdb")), "D503")
