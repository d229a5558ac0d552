"""The store: an embedded DuckDB database, the only part of detente that talks SQL.

::

    with open_store("detente.duckdb") as store:       # applies pending migrations
        store.write(analyses)                         # one transaction; stored articles are skipped
        store.write(analyses, replace=True)           # re-code: derived rows deleted and written anew
        store.analysis(article_id)                    # records back (doc is None)
        store.sql("SELECT ... WHERE code = ?", ["CHN"])  # read-only, parameters bound
        store.export_all("out/", fmt="parquet")       # jsonl | csv | parquet

Tables (the contract the query layer codes against): articles, sentences, mentions, places,
time_exprs, quotes, events, event_participants (one row per actor/recipient entity),
stories, story_members, duplicates, merged_events, merged_event_members, runs, and
schema_version. Dates are DATE columns and come back as ``"YYYY-MM-DD"`` strings.

Errors (:class:`~detente.errors.StoreError`):

====  =====================================================================
D500  a database operation failed (closed store, an unexpected DuckDB error during a write)
D501  no database at the path (read-only open), or not a DuckDB file
D502  schema version newer than this detente (or older, when opened read-only)
D503  read-only file, unwritable folder, full disk or file-size limit, write to a read-only store, export failed
D504  locked by another process (or open in this process in another mode)
D505  unknown table or export format
D506  a unique id (event, story, merged event) already exists: nothing written
D507  an analysis breaks the records' contract (offsets, dates): refused
D508  Store.sql got something other than one SELECT, or the query failed
====  =====================================================================
"""

from ._export import FORMATS as EXPORT_FORMATS
from ._migrations import SCHEMA_VERSION
from ._store import TABLES, Store, open_store

__all__ = ["open_store", "Store", "TABLES", "SCHEMA_VERSION", "EXPORT_FORMATS"]
