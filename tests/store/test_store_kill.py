"""A writer SIGKILLed mid-run leaves only whole batches: one transaction per batch, DuckDB's WAL does the rest."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_samples import expected_sentences

from detente.errors import StoreError
from detente.store import open_store

HERE = Path(__file__).resolve().parent
BATCH = 40


def _start_writer(db: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, str(HERE / "store_samples.py"), str(db), str(BATCH)],
                            stdout=subprocess.PIPE, text=True, env=env)


@pytest.mark.parametrize("delay", [0.0, 0.07])
def test_store_kill_mid_batch_leaves_whole_batches(tmp_db, delay):
    writer = _start_writer(tmp_db)
    try:
        committed = [int(writer.stdout.readline()) for _ in range(2)]
        assert committed == [0, 1]
        with pytest.raises(StoreError) as info:  # the writer holds the lock meanwhile
            open_store(tmp_db, read_only=True)
        assert info.value.code == "D504"
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL
    with open_store(tmp_db, read_only=True) as store:  # what `detente export` would see right after
        seen_read_only = store.counts()
    with open_store(tmp_db) as store:
        counts = store.counts()
        assert counts == seen_read_only
        assert counts["articles"] % BATCH == 0 and counts["articles"] >= 2 * BATCH
        per_batch: dict[int, int] = {}
        for analysis in store.analyses():
            batch, k = map(int, re.match(r"Batch (\d+) article (\d+) ", analysis.article.text).groups())
            per_batch[batch] = per_batch.get(batch, 0) + 1
            # Every stored article has all of its spans: nothing half-written.
            assert len(analysis.sentences) == expected_sentences(k)
            assert len(analysis.mentions) == 2 * len(analysis.sentences)
            assert len(analysis.events) == len(analysis.sentences)
        assert set(per_batch.values()) == {BATCH} and sorted(per_batch) == list(range(len(per_batch)))
        assert counts["event_participants"] == 2 * counts["events"]
        assert store.verify() == []
        assert store.write([]) == {}  # and the store is writable again
