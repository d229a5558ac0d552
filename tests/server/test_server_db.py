"""The server's short store sessions (detente.server._db.Database): bursts, writer turns, bounded waits."""

from __future__ import annotations

import threading
import time

import pytest

from detente.errors import StoreError
from detente.server._db import Database


class FakeStore:
    def __init__(self, read_only):
        self.read_only, self.closed = read_only, False

    def close(self):
        self.closed = True


def _opener(log, locked_until=0.0):
    def opener(path, read_only):
        if time.monotonic() < locked_until:
            raise StoreError("locked", code="D504")
        store = FakeStore(read_only)
        log.append(store)
        return store
    return opener


def test_server_db_closes_when_the_burst_is_over():
    log = []
    db = Database("x.duckdb", opener=_opener(log), burst=0.1, min_gap=0)
    for _ in range(3):  # one after another within the burst: one connection
        with db.read() as store:
            assert store.read_only and not store.closed
    assert len(log) == 1
    time.sleep(0.3)
    assert store.closed  # idle after the burst: the file is free for a writer
    with db.read() as again:
        assert again is not store
    assert len(log) == 2


def test_server_db_overlapping_reads_share_one_connection():
    log = []
    db = Database("x.duckdb", opener=_opener(log), burst=0.2)
    with db.read() as a, db.read() as b:
        assert a is b
    time.sleep(0.5)
    assert a.closed and len(log) == 1


def test_server_db_burst_ends_then_pauses():
    log = []
    db = Database("x.duckdb", opener=_opener(log), burst=0.05, reader_share=0.5)
    with db.read() as first:
        time.sleep(0.1)
        got = []
        t = threading.Thread(target=lambda: got.append(db.read().__enter__()))
        t.start()
        time.sleep(0.05)
        assert not got  # a newcomer waits: the burst is over and must close first
    t.join(timeout=5)
    assert got and got[0] is not first and first.closed
    # the pause after a ~0.15 s burst with reader_share 0.5 is at least as long as the burst
    assert db._not_before - time.monotonic() > -0.2


def test_server_db_write_waits_for_readers_and_is_exclusive():
    log = []
    db = Database("x.duckdb", opener=_opener(log), min_gap=0, burst=0)
    order = []

    def writer():
        with db.write() as store:
            order.append(("write", store.read_only))

    with db.read():
        t = threading.Thread(target=writer)
        t.start()
        time.sleep(0.05)
        order.append(("read done", True))
    t.join(timeout=5)
    assert order == [("read done", True), ("write", False)]
    assert all(s.closed for s in log)


@pytest.mark.parametrize("mode", ["read", "write"])
def test_server_db_gives_up_with_d504_after_lock_wait(mode):
    db = Database("x.duckdb", opener=_opener([], locked_until=time.monotonic() + 60), lock_wait=0.3)
    t0 = time.monotonic()
    with pytest.raises(StoreError) as info:
        with getattr(db, mode)():
            pass
    assert info.value.code == "D504" and "busy" in info.value.message
    assert 0.1 < time.monotonic() - t0 < 2


def test_server_db_retries_until_the_writer_leaves():
    log = []
    db = Database("x.duckdb", opener=_opener(log, locked_until=time.monotonic() + 0.2), lock_wait=5)
    with db.read() as store:
        assert not store.closed
    assert len(log) == 1
