"""StoreLease: back-to-back units of work share one opening; readers still get the file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from detente.run._local import StoreLease
from detente.store import open_store


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "lease.duckdb"
    open_store(path).close()
    return path


def _units(lease, n, pause=0.0):
    for _ in range(n):
        with lease.use() as store:
            store.has_articles(["x"])
        time.sleep(pause)


# (idle, max_hold, pause between units, units, expected openings)
CASES = {
    "back to back": (5.0, 60.0, 0.0, 5, 1),
    "idle between units": (0.02, 60.0, 0.3, 3, 3),
    "held too long": (5.0, 0.1, 0.15, 3, 3),
}


@pytest.mark.parametrize("case", CASES)
def test_run_lease_openings(db, case):
    idle, max_hold, pause, units, opens = CASES[case]
    lease = StoreLease(db, idle=idle, max_hold=max_hold, gap=0.0)
    try:
        _units(lease, units, pause)
        assert lease.opens == opens
    finally:
        lease.close()
    assert not lease.is_open


def test_run_lease_closes_after_idle(db):
    lease = StoreLease(db, idle=0.05)
    _units(lease, 1)
    deadline = time.monotonic() + 5
    while lease.is_open and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not lease.is_open
    with open_store(db, read_only=True) as store:  # the file is free again
        assert store.counts()["articles"] == 0


def test_run_lease_error_releases_the_store(db):
    lease = StoreLease(db, idle=60.0)
    with pytest.raises(RuntimeError):
        with lease.use():
            raise RuntimeError("unit failed")
    assert not lease.is_open


READER = textwrap.dedent(
    """
    import sys, time
    from detente.errors import StoreError
    from detente.store import open_store
    end = time.monotonic() + float(sys.argv[2])
    got = 0
    print("ready", flush=True)
    while time.monotonic() < end:
        try:
            with open_store(sys.argv[1], read_only=True) as store:
                store.counts()
            got += 1
        except StoreError:
            pass
        time.sleep(0.25)  # detente serve's longest retry interval
    print(got)
    """
)


def test_run_lease_lets_a_reader_in_while_busy(db):
    """A writer with units back to back for 3 s still frees the file for a reader polling every 250 ms."""
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), "4"], stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "ready"
    lease = StoreLease(db, idle=5.0, max_hold=0.5, gap=0.3)
    try:
        end = time.monotonic() + 3
        while time.monotonic() < end:
            _units(lease, 1)
    finally:
        lease.close()
    out, _ = reader.communicate(timeout=60)
    assert lease.opens >= 3
    assert int(out.strip()) >= 2


def test_run_lease_failed_background_close_is_raised_in_the_runner(db):
    from detente.errors import StoreError

    lease = StoreLease(db, idle=0.02)
    with lease.use() as store:
        real_close = store.close

        def refused():
            real_close()
            raise StoreError("checkpoint on close failed: no space left", code="D503")

        store.close = refused
    deadline = time.monotonic() + 5
    while lease.is_open and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(StoreError) as err:
        lease.close()
    assert err.value.code == "D503"
    lease.close()  # raised once; nothing left
