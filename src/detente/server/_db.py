"""Short store sessions for the server, so that ``detente run`` can write the same file meanwhile.

DuckDB lets one process write a file or any number of processes read it, never both at once,
and holds the file lock for as long as a connection is open. The server therefore never keeps
the database open between requests:

* **Reads** share one read-only connection per *burst*: the first request opens it, requests
  that arrive within ``burst`` seconds of the opening join (one after another or at once), and
  it is closed when the burst is over and its last request is done. After it closes, no new one
  opens for a pause of at least
  ``min_gap`` and at least ``(1 - reader_share) / reader_share`` times the burst's length, so
  under any load the file is free a fixed share of the time and a waiting writer (which polls
  with backoff, see ``detente.run.store_session``) gets in.
* **Writes** (``POST /api/articles``) wait for the readers in this process to leave, then open the
  file writable for the one transaction and close it.
* While another process holds the lock, opening is retried with exponential backoff for up to
  ``lock_wait`` seconds; after that StoreError D504 is raised, which the app answers with
  503 and a ``Retry-After`` header.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import StoreError

__all__ = ["Database", "LOCK_WAIT_SECONDS", "BURST_SECONDS", "READER_SHARE", "MIN_GAP_SECONDS"]

# A `detente run` holds the lock for one batch write (well under a second for 64 articles) and,
# at the end, for story clustering (seconds on large stores): 10 s covers both without leaving
# a browser hanging for long.
LOCK_WAIT_SECONDS = 10.0
# Readers may keep the file for this long before newcomers must wait for the next burst.
BURST_SECONDS = 0.25
# Share of the time the server may hold the file under saturating load; the rest is the writer's.
READER_SHARE = 0.8
# Shortest pause between two bursts: long enough for a polling writer's open() to win the lock.
MIN_GAP_SECONDS = 0.005
# First and longest sleep between two attempts to open a locked file.
_FIRST_DELAY, _MAX_DELAY = 0.01, 0.25


def _open(path: Path, read_only: bool):
    from ..store import open_store

    return open_store(path, read_only=read_only)


class Database:
    """Read and write sessions over the store at ``path`` (see the module docstring)."""

    def __init__(
        self,
        path: str | Path,
        *,
        lock_wait: float = LOCK_WAIT_SECONDS,
        burst: float = BURST_SECONDS,
        reader_share: float = READER_SHARE,
        min_gap: float = MIN_GAP_SECONDS,
        opener: Callable[[Path, bool], object] = _open,
    ):
        if not 0 < reader_share <= 1:
            raise ValueError("reader_share must be in (0, 1]")
        self.path = Path(path)
        self.lock_wait, self.burst, self.reader_share, self.min_gap = lock_wait, burst, reader_share, min_gap
        self._opener = opener
        self._cond = threading.Condition()
        self._store = None  # the burst's read-only store, while one is open
        self._users = 0
        self._opening = False
        self._opened_at = 0.0
        self._draining = False
        self._writing = False
        self._writers_waiting = 0
        self._not_before = 0.0
        self.opened = 0  # connections opened, read and write (for tests and figures)

    # --- reads -------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[object]:
        """A read-only Store for one request; closed when the last request of its burst ends."""
        store = self._join()
        try:
            yield store
        finally:
            self._leave()

    def _join(self):
        deadline = time.monotonic() + self.lock_wait
        with self._cond:
            while True:
                now = time.monotonic()
                if self._store is not None and not self._draining and now - self._opened_at > self.burst:
                    self._draining = True
                if self._writing or self._writers_waiting:
                    pass  # writes first: they are rare and a request is waiting on each
                elif self._store is not None and not self._draining:
                    self._users += 1
                    return self._store
                elif self._store is None and not self._opening:
                    if now >= self._not_before:
                        self._opening = True
                        break
                    self._cond.wait(min(self._not_before, deadline) - now)
                    continue
                if now >= deadline:
                    raise self._busy()
                self._cond.wait(deadline - now)
        try:
            store = self._open_retrying(read_only=True, deadline=deadline)
        except BaseException:
            with self._cond:
                self._opening = False
                self._cond.notify_all()
            raise
        with self._cond:
            self._store, self._opening, self._draining = store, False, False
            self._opened_at = time.monotonic()
            self._users += 1
            self._cond.notify_all()
            return store

    def _leave(self) -> None:
        with self._cond:
            self._users -= 1
            if self._users or self._store is None:
                return
            remaining = self._opened_at + self.burst - time.monotonic()
            if remaining <= 0 or self._draining or self._writers_waiting:
                self._close_burst()
            else:  # linger till the burst ends: the next request reuses the connection
                store = self._store
                timer = threading.Timer(remaining, self._close_if_idle, args=(store,))
                timer.daemon = True
                timer.start()

    def _close_if_idle(self, store) -> None:
        with self._cond:
            if self._store is store and self._users == 0:
                self._close_burst()

    def _close_burst(self) -> None:
        store, self._store, self._draining = self._store, None, False
        try:
            store.close()
        finally:
            self._pause(time.monotonic() - self._opened_at)
            self._cond.notify_all()

    def _pause(self, held: float) -> None:
        self._not_before = time.monotonic() + max(self.min_gap, held * (1 - self.reader_share) / self.reader_share)

    # --- writes ------------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[object]:
        """A writable Store for one write, once this process's readers are out; closed after."""
        deadline = time.monotonic() + self.lock_wait
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._users or self._opening or self._writing or self._store is not None:
                    now = time.monotonic()
                    if now >= deadline:
                        raise self._busy()
                    self._cond.wait(deadline - now)
            finally:
                self._writers_waiting -= 1
            self._writing = True
        started = time.monotonic()
        try:
            store = self._open_retrying(read_only=False, deadline=deadline)
            try:
                yield store
            finally:
                store.close()
        finally:
            with self._cond:
                self._writing = False
                self._pause(time.monotonic() - started)
                self._cond.notify_all()

    # --- opening -----------------------------------------------------------------------------

    def _open_retrying(self, *, read_only: bool, deadline: float):
        delay = _FIRST_DELAY
        while True:
            try:
                store = self._opener(self.path, read_only)
                self.opened += 1
                return store
            except StoreError as exc:
                if exc.code != "D504":
                    raise
                if time.monotonic() + delay > deadline:
                    raise self._busy() from exc
            time.sleep(delay)
            delay = min(delay * 2, _MAX_DELAY)

    def _busy(self) -> StoreError:
        return StoreError(
            f"database {self.path} is busy (another process is writing it) and did not come free within "
            f"{self.lock_wait:g} s; try again shortly",
            code="D504",
        )
