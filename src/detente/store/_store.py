"""The DuckDB store: open, migrate, write batches, read records back, stories, runs, SQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..records import Analysis, Article, Event, Story
from . import _export
from ._migrations import MIGRATIONS, SCHEMA_VERSION, applied_versions, apply_migrations
from ._rows import (
    COLUMNS,
    SPAN_TABLES,
    analysis_tables,
    article_from_row,
    check_analysis,
    event_from_row,
    from_date,
    mention_from_row,
    place_from_row,
    quote_from_row,
    sentence_from_row,
    STORY_STATE_COLUMNS,
    story_state_tables,
    story_tables,
    time_expr_from_row,
)

__all__ = ["Store", "open_store", "TABLES"]

# The data tables, in the order counts() and export_all() list them.
TABLES = tuple(COLUMNS) + ("runs",)

# Ids per ``= ANY(?)`` parameter and articles per streamed read batch: big enough to keep the
# number of queries low, small enough that one batch of article texts stays a few MB.
_ID_CHUNK = 2048
_READ_BATCH = 256

# Per-table ORDER BY that gives back each span list in the order the stages produced it.
_SPAN_ORDER = {
    "sentences": "idx",
    "mentions": "seq",
    "places": "seq",
    "time_exprs": "seq",
    "quotes": "seq",
    "events": "seq",
}


# Nothing is downloaded at run time: extensions are used only when already installed locally.
_CONFIG = {"autoinstall_known_extensions": False}


def _fts_extension() -> str | None:
    """The full-text-search extension shipped by the pinned PyPI package duckdb-ext-fts, if installed."""
    try:
        import duckdb_ext  # the namespace package of duckdb-ext-fts
    except ImportError:
        return None
    for root in getattr(duckdb_ext, "__path__", []):
        for path in sorted(Path(root).glob(f"extensions/v{duckdb.__version__}/*/fts.duckdb_extension")):
            return str(path).replace("'", "''")
    return None


def _now() -> dt.datetime:
    # Naive UTC: the columns are TIMESTAMP (no zone), and UTC keeps runs comparable across machines.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _chunks(items: Sequence[str], size: int = _ID_CHUNK) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def _rows(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _open_error(exc: Exception, path: Path, read_only: bool) -> StoreError:
    """Turn a DuckDB connect failure into a coded StoreError that names the path and says what to do."""
    msg = str(exc)
    low = msg.lower()
    if "lock" in low:
        return StoreError(
            f"database {path} is locked by another process ({msg}); wait for that run to finish, "
            f"or stop it, or use another --db path",
            code="D504",
        )
    if "different configuration" in low:
        return StoreError(
            f"database {path} is already open in this process in another mode (read-only vs writable); "
            f"close the other store first",
            code="D504",
        )
    if "database does not exist" in low:
        return StoreError(f"no database at {path} (cannot open a missing database read-only)", code="D501")
    if "not a valid duckdb database" in low:
        return StoreError(f"{path} is not a DuckDB database", code="D501")
    return StoreError(
        f"cannot open database {path} {'read-only' if read_only else 'for writing'}: {msg}; check that the "
        f"file and its folder exist and are writable, or open it read-only",
        code="D503",
    )


def open_store(path: str | Path = "detente.duckdb", *, read_only: bool = False) -> "Store":
    """Open (creating it when writable) the store at ``path``; pending migrations are applied.

    Raises StoreError: D501 no/invalid database (read-only), D502 schema newer than this detente
    (or older, when read-only), D503 path not writable, D504 locked by another process.
    """
    path = Path(path)
    if str(path) != ":memory:":
        path = path.expanduser()
        if not read_only:
            if path.exists() and not os.access(path, os.W_OK):
                raise StoreError(f"database {path} is read-only; open it with read_only=True", code="D503")
            if path.parent.exists() and not os.access(path.parent, os.W_OK):
                raise StoreError(f"folder {path.parent} is not writable; cannot write {path}", code="D503")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create folder {path.parent} for {path}: {exc}", code="D503") from exc
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=_CONFIG)
    except duckdb.Error as exc:
        raise _open_error(exc, path, read_only) from exc
    try:
        applied = _check_schema(con, path, read_only)
        # A database with every migration applied needs none of apply_migrations' catalog writes
        # and queries (the runner opens the store once per batch).
        if not read_only and not _ALL_VERSIONS <= applied:
            apply_migrations(con)
    except StoreError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot migrate database {path}: {exc}", code="D503") from exc
    return Store(con, path, read_only=read_only)


_ALL_VERSIONS = frozenset(m.version for m in MIGRATIONS)


def _applied(con) -> list[int]:
    """applied_versions, asking the table first: information_schema costs ~9 ms a query, and the
    runner opens the store once per batch."""
    try:
        return [row[0] for row in con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()]
    except duckdb.CatalogException:
        return applied_versions(con)  # no such table: a new file (or not a detente database)


def _check_schema(con, path: Path, read_only: bool) -> set[int]:
    """The migrations applied to the database; raises D502 when this detente cannot open it."""
    versions = _applied(con)
    current = max(versions, default=0)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"database {path} has schema version {current}, newer than this detente's {SCHEMA_VERSION}; "
            f"upgrade detente to open it",
            code="D502",
        )
    if read_only and current < SCHEMA_VERSION:
        what = "is not a detente database" if not versions else f"has old schema version {current}"
        raise StoreError(
            f"database {path} {what} (this detente needs {SCHEMA_VERSION}); open it writable once to migrate",
            code="D502",
        )
    return set(versions)


class Store:
    """An open DuckDB store. Use :func:`open_store`; close it (or use ``with``) when done.

    Every call works on its own DuckDB cursor, so one Store can serve several threads.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, *, read_only: bool = False):
        self._con = con
        self.path = path
        self.read_only = read_only
        self._write_lock = threading.Lock()  # one writing transaction at a time per Store
        self._fts_quotes: int | None = None  # quote rows when the full-text index was last built here

    # --- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection. DuckDB checkpoints here; if the disk refuses the checkpoint the
        committed batches stay in the write-ahead log and are replayed at the next open."""
        if self._con is not None:
            con, self._con = self._con, None
            try:
                con.close()
            except duckdb.Error as exc:
                error = _write_error(exc, "checkpoint on close failed")
                raise StoreError(f"{error.message} (committed batches are safe in the write-ahead log)",
                                 code=error.code) from exc

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "writable"
        return f"<Store {self.path} {mode}{' closed' if self._con is None else ''}>"

    def _cursor(self):
        if self._con is None:
            raise StoreError(f"store {self.path} is closed", code="D500")
        return self._con.cursor()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only; open it writable to change it", code="D503")

    @property
    def schema_version(self) -> int:
        cur = self._cursor()
        try:
            return max(applied_versions(cur), default=0)
        finally:
            cur.close()

    # --- writes ------------------------------------------------------------------------------

    def write(self, analyses: Iterable[Analysis], *, replace: bool = False, report=None) -> Counter:
        """Write a batch in one transaction; return new rows per table.

        Articles already stored are skipped with all their spans, unless ``replace`` (re-code:
        their derived rows are deleted and written anew). An analysis whose spans do not slice
        its text (or whose dates are not ``YYYY-MM-DD``) is refused with D507: skipped and
        recorded on ``report`` (a :class:`~detente.report.RunReport`) when given, else raised
        before anything is written.
        """
        self._check_writable()
        batch: list[Analysis] = []
        seen: set[str] = set()
        for analysis in analyses:
            aid = analysis.article.id
            if aid in seen:
                continue  # the same article twice in one batch: the first one wins, like re-runs
            problems = check_analysis(analysis)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                error = StoreError(f"article {aid}: {problems[0]}{more}", origin=analysis.article.origin,
                                   code="D507")
                if report is None:
                    raise error
                report.skip(error)
                continue
            seen.add(aid)
            batch.append(analysis)
        written: Counter = Counter()
        if not batch:
            return written
        ids = [a.article.id for a in batch]
        with self._transaction("batch refused") as cur:
            existing = self._existing(cur, ids)
            if replace:
                stale = sorted(existing)
                for chunk in _chunks(stale):
                    for table in SPAN_TABLES:
                        cur.execute(f"DELETE FROM {table} WHERE article_id = ANY(?)", [chunk])
                    cur.execute("DELETE FROM articles WHERE id = ANY(?)", [chunk])
            else:
                batch = [a for a in batch if a.article.id not in existing]
            try:
                tables = analysis_tables(batch, _now())
            except (ValueError, TypeError) as exc:
                raise StoreError(f"cannot convert batch for the store: {exc}", code="D507") from exc
            for table, data in tables.items():
                written[table] += self._insert(cur, table, data)
        if written["quotes"] or (replace and existing):
            self._fts_quotes = None  # the quote index no longer matches the table
        return written

    @staticmethod
    def _existing(cur, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            cur.execute("SELECT id FROM articles WHERE id = ANY(?)", [chunk])
            found.update(row[0] for row in cur.fetchall())
        return found

    @contextmanager
    def _transaction(self, what: str) -> Iterator[Any]:
        """A cursor inside one write transaction: committed on exit, rolled back on any error, which is
        re-raised as the coded StoreError for ``what`` when it came from DuckDB."""
        with self._write_lock:
            cur = self._cursor()
            try:
                cur.execute("BEGIN TRANSACTION")
                yield cur
                cur.execute("COMMIT")
            except BaseException as exc:
                _rollback(cur)
                error = _write_error(exc, what)
                if error is not None:
                    raise error from exc
                raise
            finally:
                cur.close()

    @staticmethod
    def _insert(cur, table: str, data) -> int:
        if data.num_rows == 0:
            return 0
        view = f"_detente_in_{table}"
        columns = ", ".join(f'"{name}"' for name in data.column_names)
        cur.register(view, data)
        try:
            cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {view}")
        finally:
            cur.unregister(view)
        return data.num_rows

    def replace_stories(self, stories: list[Story], duplicates: list[tuple[str, str, float]],
                        merged: list[dict[str, Any]]) -> Counter:
        """Replace all stories, duplicates and merged events in one transaction; return rows written.

        The incremental step's state described the stories replaced here, so it is emptied with them (the
        next step is then a full one).
        """
        return self.update_stories(stories, duplicates, merged, delete={}, state={}, full=True)

    def story_rows(self, query: str, keys: dict[str, dict[str, list]] | None = None,
                   params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of one of the incremental stories step's named queries (``_STORY_QUERIES``).

        ``keys`` name column lists joined as tables (``{"_t": {"term": [...]}}``): a join with
        thousands of keys, where ``= ANY(list)`` would test each row against the whole list.
        """
        cur = self._cursor()
        try:
            for name, columns in (keys or {}).items():
                cur.register(name, pa.table(columns))
            try:
                cur.execute(_STORY_QUERIES[query], params or [])
                return _rows(cur)
            finally:
                for name in keys or {}:
                    cur.unregister(name)
        finally:
            cur.close()

    def update_stories(self, stories: list[Story], duplicates: list[tuple[str, str, float]],
                       merged: list[dict[str, Any]], *, delete: dict[str, list], state: dict[str, list[dict]],
                       updates: dict[str, list[dict]] | None = None, full: bool = False) -> Counter:
        """Write one stories step in one transaction: only the stories, copies and merged events it changed.

        ``delete`` names the rows replaced, by key: ``stories`` (ids; their members go too),
        ``duplicates`` (article ids), ``merged_events`` (ids; their members go too), ``story_parts``
        (seqs), ``story_event_keys`` (event ids), ``story_df`` (``kind``/``term`` columns), ``story_state``
        (keys). ``state`` holds new rows of the state tables, ``updates`` new values for rows kept:
        ``story_parts`` (seq, story_id), ``story_articles`` (article_id, copy_group), ``merged_events``
        (id, story_id). ``full`` empties every story and state table first (a full rebuild).
        """
        self._check_writable()
        try:
            tables = story_tables(stories, duplicates, merged)
            state_tables = story_state_tables(state)
        except (ValueError, TypeError) as exc:
            raise StoreError(f"stories not written: {exc}", code="D507") from exc
        written: Counter = Counter()
        with self._transaction("stories not written") as cur:
            if full:
                for table in (*tables, *STORY_STATE_COLUMNS):
                    cur.execute(f"DELETE FROM {table}")
            else:
                for table, keys in delete.items():
                    if not keys:
                        continue
                    if table == "story_df":
                        columns = {"kind": [k for k, _ in keys], "term": [t for _, t in keys]}
                    else:
                        columns = {"key": list(keys)}
                    for sql in _STORY_DELETES[table]:
                        self._with_keys(cur, sql, columns)
            for target, rows in (updates or {}).items():
                if rows:
                    self._with_keys(cur, _STORY_UPDATES[target],
                                    {name: [r[name] for r in rows] for name in rows[0]})
            for table, data in (*tables.items(), *state_tables.items()):
                n = self._insert(cur, table, data)
                if n and table in tables:
                    written[table] += n
        return written

    def events_by_id(self, ids: Iterable[str]) -> list[Event]:
        """Stored events by id (missing ids skipped), sorted by id."""
        rows = self.story_rows("events", {"_i": {"id": pa.array(sorted(set(ids)), pa.string())}})
        return [event_from_row(r) for r in rows]

    @staticmethod
    def _with_keys(cur, sql: str, columns: dict[str, list]) -> None:
        cur.register("_keys", pa.table(columns))
        try:
            cur.execute(sql)
        finally:
            cur.unregister("_keys")

    def record_run(self, args: dict[str, Any] | None = None) -> int:
        """Start a row in ``runs``; returns its id for :meth:`finish_run`."""
        self._check_writable()
        with self._transaction("run not recorded") as cur:
            run_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
            cur.execute(
                "INSERT INTO runs (id, started_at, articles_read, articles_written, skipped, args) "
                "VALUES (?, ?, 0, 0, 0, ?)",
                [run_id, _now(), json.dumps(args or {}, default=str)],
            )
        return int(run_id)

    def finish_run(self, run_id: int, report=None, *, articles_read: int | None = None,
                   articles_written: int | None = None, skipped: int | None = None) -> None:
        """Close a run: counts come from ``report`` (a RunReport) unless given explicitly."""
        self._check_writable()
        if report is not None:
            articles_read = report.read if articles_read is None else articles_read
            articles_written = report.written.get("articles", 0) if articles_written is None else articles_written
            skipped = report.skipped if skipped is None else skipped
        cur = self._cursor()
        try:
            cur.execute(
                "UPDATE runs SET finished_at = ?, articles_read = ?, articles_written = ?, skipped = ? "
                "WHERE id = ?",
                [_now(), articles_read or 0, articles_written or 0, skipped or 0, run_id],
            )
            if cur.execute("SELECT count(*) FROM runs WHERE id = ?", [run_id]).fetchone()[0] == 0:
                raise StoreError(f"no run with id {run_id}", code="D500")
        except duckdb.Error as exc:
            raise _write_error(exc, "run not closed") from exc
        finally:
            cur.close()

    # --- reads -------------------------------------------------------------------------------

    def _select(self, query: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        cur = self._cursor()
        try:
            cur.execute(query, params or [])
            return _rows(cur)
        finally:
            cur.close()

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        cur = self._cursor()
        try:
            return self._existing(cur, list(dict.fromkeys(ids)))
        finally:
            cur.close()

    def article(self, id: str) -> Article | None:
        return next(self.articles([id]), None)

    def articles(self, ids: Iterable[str] | None = None, *, batch_size: int = _READ_BATCH) -> Iterator[Article]:
        """Stream articles: all of them by id, or those in ``ids`` in that order (missing ones skipped)."""
        for rows in self._article_batches(ids, batch_size):
            yield from (article_from_row(r) for r in rows)

    def _article_batches(self, ids: Iterable[str] | None, batch_size: int) -> Iterator[list[dict[str, Any]]]:
        if ids is None:
            # Keyset pagination, not an open cursor: callers may write (re-code) while iterating.
            last = None
            while True:
                if last is None:
                    rows = self._select("SELECT * FROM articles ORDER BY id LIMIT ?", [batch_size])
                else:
                    rows = self._select("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT ?",
                                        [last, batch_size])
                if not rows:
                    return
                yield rows
                last = rows[-1]["id"]
        else:
            wanted = list(dict.fromkeys(ids))
            for chunk in _chunks(wanted, batch_size):
                by_id = {r["id"]: r for r in self._select("SELECT * FROM articles WHERE id = ANY(?)", [chunk])}
                yield [by_id[i] for i in chunk if i in by_id]

    def analysis(self, id: str) -> Analysis | None:
        return next(self.analyses([id]), None)

    def analyses(self, ids: Iterable[str] | None = None, *, batch_size: int = _READ_BATCH,
                 spans: Iterable[str] | None = None) -> Iterator[Analysis]:
        """Stream analyses (article and every stored span; ``doc`` is None) like :meth:`articles`.

        ``spans`` names the span tables to load (``sentences``, ``mentions``, ``places``, ``time_exprs``,
        ``quotes``, ``events``); the others come back empty. Readers that need a few (the stories step reads
        mentions, places and events) skip most of the rows this way.
        """
        wanted = tuple(_SPAN_ORDER) if spans is None else tuple(spans)
        unknown = set(wanted) - set(_SPAN_ORDER)
        if unknown:
            raise StoreError(f"unknown span tables {sorted(unknown)}; tables are {', '.join(_SPAN_ORDER)}",
                             code="D505")
        for rows in self._article_batches(ids, batch_size):
            chunk = [r["id"] for r in rows]
            spans = {table: self._spans(table, chunk) if table in wanted else {} for table in _SPAN_ORDER}
            for r in rows:
                aid = r["id"]
                yield Analysis(
                    article=article_from_row(r),
                    sentences=[sentence_from_row(x) for x in spans["sentences"].get(aid, [])],
                    mentions=[mention_from_row(x) for x in spans["mentions"].get(aid, [])],
                    places=[place_from_row(x) for x in spans["places"].get(aid, [])],
                    dates=[time_expr_from_row(x) for x in spans["time_exprs"].get(aid, [])],
                    quotes=[quote_from_row(x) for x in spans["quotes"].get(aid, [])],
                    events=[event_from_row(x) for x in spans["events"].get(aid, [])],
                )

    def _spans(self, table: str, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        rows = self._select(
            f"SELECT * FROM {table} WHERE article_id = ANY(?) ORDER BY article_id, {_SPAN_ORDER[table]}",
            [article_ids],
        )
        for r in rows:
            out.setdefault(r["article_id"], []).append(r)
        return out

    def events(self, article_id: str | None = None) -> list[Event]:
        if article_id is None:
            rows = self._select("SELECT * FROM events ORDER BY article_id, seq")
        else:
            rows = self._select("SELECT * FROM events WHERE article_id = ? ORDER BY seq", [article_id])
        return [event_from_row(r) for r in rows]

    def counts(self) -> dict[str, int]:
        cur = self._cursor()
        try:
            return {t: cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        finally:
            cur.close()

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for r in self._select("SELECT story_id, article_id FROM story_members ORDER BY story_id, position"):
            members.setdefault(r["story_id"], []).append(r["article_id"])
        return [
            Story(id=r["id"], label=r["label"], start_date=from_date(r["start_date"]),
                  end_date=from_date(r["end_date"]), members=members.get(r["id"], []))
            for r in self._select("SELECT * FROM stories ORDER BY id")
        ]

    def duplicates(self) -> list[dict[str, Any]]:
        return self._select("SELECT article_id, original_id, similarity FROM duplicates "
                            "ORDER BY article_id, original_id")

    def merged_events(self, story_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE story_id = ?", [story_id]) if story_id is not None else ("", [])
        rows = self._select(f"SELECT * FROM merged_events {where} ORDER BY id", params)
        members: dict[str, list[str]] = {}
        for r in self._select("SELECT merged_id, event_id FROM merged_event_members ORDER BY merged_id, position"):
            members.setdefault(r["merged_id"], []).append(r["event_id"])
        for r in rows:
            r["date"] = from_date(r["date"])
            r["end_date"] = from_date(r["end_date"])
            r["event_ids"] = members.get(r["id"], [])
        return rows

    def quote_index(self) -> bool:
        """Whether DuckDB's full-text (BM25) index over quote texts is usable as ``fts_main_quotes``.

        Needs the ``fts`` extension installed locally (it is never downloaded): without it the
        answer is False and callers fall back to plain matching. A writable store builds the
        index, and rebuilds it after writes changed the quotes; a read-only one uses what is there.
        """
        cur = self._cursor()
        try:
            try:
                cur.execute(f"LOAD '{_FTS}'" if (_FTS := _fts_extension()) else "LOAD fts")
            except duckdb.Error:
                return False
            exists = cur.execute(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'fts_main_quotes'"
            ).fetchone()[0] > 0
            if self.read_only:
                return exists
            rows = cur.execute("SELECT count(*) FROM quotes").fetchone()[0]
            if not exists or self._fts_quotes != rows:
                with self._write_lock:
                    try:
                        cur.execute("PRAGMA create_fts_index('quotes', 'id', 'text', overwrite=1)")
                    except duckdb.Error:
                        return False
                    self._fts_quotes = rows
            return True
        finally:
            cur.close()

    def runs(self) -> list[dict[str, Any]]:
        return self.sql("SELECT * FROM runs ORDER BY id")

    def verify(self, limit: int = 100) -> list[str]:
        """Spans whose offsets do not slice their article's stored text (empty when all is well).

        DuckDB's substring counts code points, as Python's slicing does, so this agrees with
        ``article.text[start:end]``.
        """
        checks = []
        for table in ("sentences", "mentions", "places", "time_exprs", "quotes"):
            checks.append(
                f"SELECT '{table}' AS tbl, s.article_id, s.start, s.\"end\" FROM {table} s "
                f"JOIN articles a ON a.id = s.article_id WHERE s.start < 0 OR s.\"end\" > length(a.text) "
                f"OR substring(a.text, s.start + 1, s.\"end\" - s.start) IS DISTINCT FROM s.text"
            )
        checks.append(
            "SELECT 'events' AS tbl, e.article_id, e.anchor_start, e.anchor_end FROM events e "
            "JOIN articles a ON a.id = e.article_id WHERE e.anchor_start < 0 OR e.anchor_end > length(a.text) "
            "OR substring(a.text, e.anchor_start + 1, e.anchor_end - e.anchor_start) IS DISTINCT FROM e.anchor_text"
        )
        checks.append(
            "SELECT 'event_participants' AS tbl, p.article_id, p.start, p.\"end\" FROM event_participants p "
            "JOIN articles a ON a.id = p.article_id WHERE p.start < 0 OR p.\"end\" > length(a.text) "
            "OR substring(a.text, p.start + 1, p.\"end\" - p.start) IS DISTINCT FROM p.entity_text"
        )
        checks.append(
            "SELECT s.tbl, s.article_id, NULL, NULL FROM (SELECT 'orphans' AS tbl, article_id FROM sentences "
            "UNION ALL SELECT 'orphans', article_id FROM events) s "
            "WHERE s.article_id NOT IN (SELECT id FROM articles)"
        )
        query = " UNION ALL ".join(checks) + " LIMIT ?"
        rows = self._select(query, [limit])
        return [f"{r['tbl']}: article {r['article_id']} span {r['start']}..{r['end']}" for r in rows]

    def sql(self, query: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one read-only SELECT with bound parameters; rows as JSON-ready dicts.

        Dates and timestamps come back as ISO strings and JSON columns parsed. Anything but a
        single SELECT is refused (D508); a failing query raises StoreError D508 with DuckDB's message.
        """
        cur = self._cursor()
        try:
            try:
                statements = cur.extract_statements(query)
            except duckdb.Error as exc:
                raise StoreError(f"invalid SQL: {exc}", code="D508") from exc
            if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
                kinds = ", ".join(s.type.name for s in statements) or "nothing"
                raise StoreError(f"Store.sql runs one SELECT only, got {kinds}", code="D508")
            # Inside a transaction that is always rolled back: nothing a query does can stick.
            cur.execute("BEGIN TRANSACTION")
            try:
                cur.execute(query, params if params is not None else [])
                names = [d[0] for d in cur.description]
                json_cols = {i for i, d in enumerate(cur.description) if str(d[1]) == "JSON"}
                out = []
                for row in cur.fetchall():
                    out.append({
                        name: _json_ready(value, i in json_cols) for i, (name, value) in enumerate(zip(names, row))
                    })
                return out
            except duckdb.Error as exc:
                raise StoreError(f"query failed: {exc}", code="D508") from exc
            finally:
                _rollback(cur)
        finally:
            cur.close()

    # --- exports -----------------------------------------------------------------------------

    def export(self, table: str, path: str | Path, *, fmt: str = "jsonl") -> Path:
        """Write one table to ``path`` (jsonl, csv or parquet) with DuckDB COPY; overwrites atomically."""
        cur = self._cursor()
        try:
            return _export.export_table(cur, table, Path(path), fmt, TABLES)
        finally:
            cur.close()

    def export_all(self, folder: str | Path, *, fmt: str = "jsonl") -> list[Path]:
        """Export every table to ``folder/<table>.<ext>``; returns the paths in :data:`TABLES` order."""
        _export.check_format(fmt)
        folder = Path(folder)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create export folder {folder}: {exc}", code="D503") from exc
        return [self.export(table, folder / f"{table}.{_export.EXTENSIONS[fmt]}", fmt=fmt) for table in TABLES]


def _json_ready(value: Any, is_json: bool) -> Any:
    if is_json and isinstance(value, str):
        return json.loads(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# DuckDB's messages when the file system refuses a write (full disk, file-size limit, quota,
# read-only mount): these are the user's to fix, so they get D503 and say so.
_DISK_ERRORS = ("no space left", "file too large", "disk quota", "read-only file system", "could not write",
                "could not truncate", "could not fsync", "permission denied")


def _write_error(exc: BaseException, what: str) -> StoreError | None:
    """The coded StoreError for a DuckDB failure during a write, or None for other exceptions."""
    if isinstance(exc, duckdb.ConstraintException):
        return StoreError(f"{what}, nothing written: {exc} (ids must be unique across the store)", code="D506")
    if not isinstance(exc, duckdb.Error):
        return None
    if any(marker in str(exc).lower() for marker in _DISK_ERRORS):
        return StoreError(
            f"{what}, nothing written: the disk refused the write ({exc}); free space (or raise the file-size "
            f"limit) and re-run: stored batches are kept and skipped",
            code="D503",
        )
    return StoreError(f"{what}, nothing written: {exc}", code="D500")


def _rollback(cur) -> None:
    try:
        cur.execute("ROLLBACK")
    except duckdb.Error:
        pass  # no transaction open (it failed before BEGIN, or DuckDB already aborted it)


# --- the incremental stories step's queries (detente.stories._incremental) -----------------------

_STORY_QUERIES = {
    "state": "SELECT key, value FROM story_state",
    "unstoried": "SELECT a.id, a.published FROM articles a WHERE NOT EXISTS "
                 "(SELECT 1 FROM story_members m WHERE m.article_id = a.id) ORDER BY a.id",
    "frequencies": "SELECT d.kind, d.term, d.df FROM story_df d JOIN _t ON d.kind = _t.kind AND d.term = _t.term",
    # stored articles sharing a band key with the new ones, with every member of their copy groups
    "copy_candidates": "WITH hit AS (SELECT DISTINCT b.article_id FROM story_bands b JOIN _b USING (band_key)), "
                       "grp AS (SELECT DISTINCT a.copy_group FROM story_articles a JOIN hit USING (article_id)) "
                       "SELECT a.article_id, a.part_seq, a.published, a.shingles, a.signature, a.copy_group "
                       "FROM story_articles a JOIN grp USING (copy_group) ORDER BY a.article_id",
    # parts whose span meets [?, ?], undated parts when ? is true, and the parts named in _s
    "parts": "SELECT * FROM story_parts WHERE (start_day <= ? AND end_day >= ?) OR (? AND start_day IS NULL) "
             "OR seq IN (SELECT seq FROM _s) ORDER BY seq",
    "parts_of_stories": "SELECT seq, id, story_id, start_day, n_members, label, label_score, start_date, end_date "
                        "FROM story_parts WHERE story_id IN (SELECT story_id FROM _s) ORDER BY seq",
    "postings": "SELECT p.term, p.bucket, p.seq FROM story_postings p JOIN _t USING (term) "
                "WHERE p.bucket BETWEEN ? AND ? OR (? AND p.bucket = -1) ORDER BY p.term, p.bucket, p.pos",
    # per undated part in _q (qseq, term), the ? parts sharing most of its summary terms
    "summary_neighbours": "WITH hits AS (SELECT q.qseq, t.seq, count(*) AS n FROM story_part_terms t "
                          "JOIN _q q USING (term) GROUP BY q.qseq, t.seq), "
                          "ranked AS (SELECT seq, row_number() OVER (PARTITION BY qseq ORDER BY n DESC, seq) AS r "
                          "FROM hits) SELECT DISTINCT seq FROM ranked WHERE r <= ?",
    "part_members": "SELECT part_seq, article_id FROM story_articles WHERE part_seq IN (SELECT seq FROM _s) "
                    "ORDER BY part_seq, pos",
    "event_keys": "SELECT k.event_id, k.article_id, k.kind, k.day, k.merged_id FROM story_event_keys k "
                  "JOIN _w w ON k.kind = w.kind "
                  "WHERE (k.day IS NOT NULL AND k.day >= w.from_day) OR (k.day IS NULL AND w.undated)",
    "events": "SELECT * FROM events WHERE id IN (SELECT id FROM _i) ORDER BY id",
    "article_refs": "SELECT id, published, source, url FROM articles WHERE id IN (SELECT id FROM _i)",
    "story_of": "SELECT article_id, story_id FROM story_members WHERE article_id IN (SELECT id FROM _i)",
    # every report of the merged events that have a report from one of the articles in _i
    "merged_of_articles": "SELECT k.merged_id, k.article_id FROM story_event_keys k WHERE k.merged_id IN "
                          "(SELECT merged_id FROM story_event_keys WHERE article_id IN (SELECT id FROM _i))",
}

_STORY_DELETES = {
    "stories": ("DELETE FROM story_members WHERE story_id IN (SELECT key FROM _keys)",
                "DELETE FROM stories WHERE id IN (SELECT key FROM _keys)"),
    "duplicates": ("DELETE FROM duplicates WHERE article_id IN (SELECT key FROM _keys)",),
    "merged_events": ("DELETE FROM merged_event_members WHERE merged_id IN (SELECT key FROM _keys)",
                      "DELETE FROM merged_events WHERE id IN (SELECT key FROM _keys)"),
    "story_parts": ("DELETE FROM story_parts WHERE seq IN (SELECT key FROM _keys)",
                    "DELETE FROM story_part_terms WHERE seq IN (SELECT key FROM _keys)"),
    "story_event_keys": ("DELETE FROM story_event_keys WHERE event_id IN (SELECT key FROM _keys)",),
    "story_df": ("DELETE FROM story_df USING _keys WHERE story_df.kind = _keys.kind AND story_df.term = _keys.term",),
    "story_state": ("DELETE FROM story_state WHERE key IN (SELECT key FROM _keys)",),
}

_STORY_UPDATES = {
    "story_parts": "UPDATE story_parts SET story_id = _keys.story_id FROM _keys WHERE story_parts.seq = _keys.seq",
    "story_articles": "UPDATE story_articles SET copy_group = _keys.copy_group FROM _keys "
                      "WHERE story_articles.article_id = _keys.article_id",
    "merged_events": "UPDATE merged_events SET story_id = _keys.story_id FROM _keys WHERE merged_events.id = _keys.id",
}
