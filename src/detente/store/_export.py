"""Table exports through DuckDB COPY, written to a temporary file and renamed into place.

The rename makes re-running an export safe: readers see the old file or the new one,
never half of one. The articles export renames columns to what the ingest readers read
(``id``, ``text``, ``title``, ``date``, ``url``, ``source``) so ingest -> store -> export ->
ingest round-trips: ``id`` is the id the input gave (``external_id``, null when it gave none,
so a re-ingested article gets no invented external id); the store's own key is ``article_id``.
"""

from __future__ import annotations

from pathlib import Path

from .._atomic import atomic_path
from ..errors import StoreError

__all__ = ["FORMATS", "EXTENSIONS", "check_format", "export_table"]

FORMATS = {"jsonl": "(FORMAT json)", "csv": "(FORMAT csv, HEADER true)", "parquet": "(FORMAT parquet)"}
EXTENSIONS = {"jsonl": "jsonl", "csv": "csv", "parquet": "parquet"}

_ARTICLES = (
    "SELECT external_id AS id, text, title, strftime(published, '%Y-%m-%d') AS date, url, "
    "source, id AS article_id, summary, raw_text, published_from, dateline_place, agencies, "
    "language, origin, cleaning, ingested_at FROM articles ORDER BY ingested_at, article_id"
)

# A stable row order per table makes exports diffable between runs.
_ORDER = {
    "sentences": "article_id, idx",
    "mentions": "article_id, seq",
    "places": "article_id, seq",
    "time_exprs": "article_id, seq",
    "quotes": "article_id, seq",
    "events": "article_id, seq",
    "event_participants": "article_id, event_id, role, position",
    "stories": "id",
    "story_members": "story_id, position",
    "duplicates": "article_id, original_id",
    "merged_events": "id",
    "merged_event_members": "merged_id, position",
    "runs": "id",
}


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}", code="D505")


def _literal(path: Path) -> str:
    # COPY takes no bound parameter for its target; quote the path as an SQL string literal.
    return "'" + str(path).replace("'", "''") + "'"


def export_table(cur, table: str, path: Path, fmt: str, tables: tuple[str, ...]) -> Path:
    check_format(fmt)
    if table not in tables:
        raise StoreError(f"unknown table {table!r}; tables are {', '.join(tables)}", code="D505")
    query = _ARTICLES if table == "articles" else f"SELECT * FROM {table} ORDER BY {_ORDER[table]}"
    # DuckDB reports a failed COPY (disk full, bad folder) as its own error types: all become D503.
    with atomic_path(path, what=f"export {table} to", wrap=(Exception,)) as tmp:
        cur.execute(f"COPY ({query}) TO {_literal(tmp)} {FORMATS[fmt]}")
    return path.expanduser()
