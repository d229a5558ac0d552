"""A bounded load test on loopback against the demo database: requests per second, p50 and p99.

Asserts only sanity bounds (everything answers 200, p99 under a few seconds); the figures are
written to test-artifacts/load.json and quoted in docs/reliability.md. Run alone for figures:
``python -m pytest tests/server/test_server_load.py -s``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from detente.server import create_app
from detente.server._db import Database
from detente.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from reliability_helpers import LONG, LiveServer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
THREADS = 8
SECONDS = 10.0 if LONG else 2.0  # per endpoint


@pytest.fixture(scope="module")
def live(demo_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("load") / "demo.duckdb"
    shutil.copy(demo_db, db)
    with LiveServer(create_app(db)) as server:
        yield server


def _hammer(url: str, seconds: float) -> tuple[list[float], list[int]]:
    latencies: list[float] = []
    statuses: list[int] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                status = client.get(url).status_code
                with lock:
                    latencies.append(time.perf_counter() - t0)
                    statuses.append(status)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses


def _quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def test_server_load_main_endpoints(live):
    with httpx.Client(base_url=live.url) as c:
        dyad = c.get("/api/dyads").json()["items"][0]
        event = c.get("/api/events", params={"limit": 1}).json()["items"][0]
    paths = {
        "health": "/api/health",
        "events": "/api/events?limit=20",
        "dyads": "/api/dyads",
        "timeline": f"/api/dyads/{dyad['a']}/{dyad['b']}/timeline",
        "series": f"/api/dyads/{dyad['a']}/{dyad['b']}/series",
        "article": f"/api/articles/{event['article_id']}",
        "quotes": "/api/quotes?q=minister",
        "dashboard": "/static/app.js",
    }
    figures = {}
    for name, path in paths.items():
        latencies, statuses = _hammer(live.url + path, SECONDS)
        assert set(statuses) == {200}, (name, sorted(set(statuses)))
        figures[name] = {
            "requests": len(latencies),
            "rps": round(len(latencies) / SECONDS, 1),
            "p50_ms": round(1000 * statistics.median(latencies), 1),
            "p99_ms": round(1000 * _quantile(latencies, 0.99), 1),
        }
        assert figures[name]["requests"] >= 5 and figures[name]["p99_ms"] < 10_000, figures[name]
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "load.json").write_text(json.dumps({"threads": THREADS, "seconds": SECONDS, "figures": figures}, indent=1))
    print(json.dumps(figures, indent=1))


def test_server_load_cost_of_short_sessions(demo_db, tmp_path):
    """The price of not holding the file: one query through a fresh session vs a held connection."""
    from detente import query

    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    n = 20
    with open_store(db, read_only=True) as store:
        t0 = time.perf_counter()
        for _ in range(n):
            query.list_events(store, limit=20)
        held = (time.perf_counter() - t0) / n
    database = Database(db)
    t0 = time.perf_counter()
    for _ in range(n):
        with database.read() as store:
            query.list_events(store, limit=20)
    fresh = (time.perf_counter() - t0) / n
    assert database.opened >= 1
    burst_figures = {"connections_opened": database.opened}
    time.sleep(0.5)
    burstless = Database(db, burst=0)
    t0 = time.perf_counter()
    for _ in range(n):
        with burstless.read() as store:
            query.list_events(store, limit=20)
    per_request = (time.perf_counter() - t0) / n
    assert burstless.opened == n  # with no burst: one connection per request, closed in between
    figures = {"held_ms": round(1000 * held, 1), "burst_session_ms": round(1000 * fresh, 1),
               "per_request_connection_ms": round(1000 * per_request, 1), **burst_figures}
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    (out / "session-cost.json").write_text(json.dumps(figures, indent=1))
    print(figures)
    assert per_request < held + 2.0  # sanity: opening costs milliseconds, not seconds
