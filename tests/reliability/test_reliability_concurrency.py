"""`detente serve` answers queries while `detente run` writes new articles into the same file."""

from __future__ import annotations

import subprocess
import time

import httpx
from reliability_helpers import LiveServer, detente_command

from detente.server import create_app
from detente.store import open_store

PATHS = ("/api/health", "/api/events?limit=5", "/api/dyads", "/api/quotes?limit=5")


def test_reliability_serve_while_run_writes(tmp_path, small_corpus, reference_db):
    db = tmp_path / "shared.duckdb"
    open_store(db).close()  # an empty, migrated database to serve from the start
    answers: list[tuple[int, float, dict, dict]] = []
    counts_seen: set[int] = set()
    with LiveServer(create_app(db, lock_wait=10)) as live, httpx.Client(base_url=live.url, timeout=30) as client:
        run = subprocess.Popen(
            detente_command("run", str(small_corpus), "--db", str(db), "--batch-size", "2", "--no-progress", "-q"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        n = 0
        while run.poll() is None:
            path = PATHS[n % len(PATHS)]
            n += 1
            t0 = time.perf_counter()
            resp = client.get(path)
            answers.append((resp.status_code, time.perf_counter() - t0, dict(resp.headers), resp.json()))
            if resp.status_code == 200 and path == "/api/health":
                counts_seen.add(resp.json()["counts"]["articles"])
            time.sleep(0.02)
        stderr = run.stderr.read()
        assert run.wait() == 0, stderr  # the writer was never starved out by the readers
        final = client.get("/api/health").json()["counts"]
    with open_store(reference_db, read_only=True) as ref:
        assert final["articles"] == ref.counts()["articles"]  # every article stored
    statuses = [a[0] for a in answers]
    assert set(statuses) <= {200, 503}, statuses
    for status, _, headers, body in answers:
        if status == 503:  # the lock did not come free within lock_wait: one error shape, and when to retry
            assert body["error"]["code"] == "D504" and int(headers["retry-after"]) > 0
    assert statuses.count(200) >= 10 and statuses.count(200) >= 0.9 * len(statuses), statuses
    assert len(counts_seen) >= 2, f"queries never saw the store grow: {sorted(counts_seen)}"
