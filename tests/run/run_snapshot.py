"""Database snapshots for comparing runs (imported by name: ``conftest`` is ambiguous across test folders)."""

from __future__ import annotations

from detente.store import open_store

# What must be equal between two runs: every row of every data table, minus run bookkeeping and
# ingestion times (the columns named are enough to tell any difference in content).
SNAPSHOT_TABLES = {
    "articles": "id, text, title, published, published_from, dateline_place",
    "sentences": "article_id, idx, start, \"end\"",
    "mentions": "article_id, start, \"end\", code, sector",
    "events": "id, event, mode, date, negated",
    "event_participants": "*",
    "quotes": "id, start, \"end\"",
    "places": "article_id, start, \"end\", name",
    "time_exprs": "article_id, start, \"end\", date",
    "stories": "id, label, start_date, end_date, size",
    "story_members": "story_id, article_id, position",
    "duplicates": "article_id, original_id, similarity",
    "merged_events": "id, event, date, end_date, num_mentions, num_articles, num_sources, story_id",
    "merged_event_members": "merged_id, event_id, position",
}


def take_snapshot(db) -> dict:
    with open_store(db, read_only=True) as store:
        return {t: sorted(tuple(map(str, r.values())) for r in store.sql(f"SELECT {cols} FROM {t}", []))
                for t, cols in SNAPSHOT_TABLES.items()}
