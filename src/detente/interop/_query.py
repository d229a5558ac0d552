"""The store reads the exports need: SELECTs with bound parameters through ``Store.sql``."""

from __future__ import annotations

from typing import Any, Iterator

__all__ = ["event_reports", "story_entities"]

# Reports fetched per query: keeps memory flat on big stores, few round trips on small ones.
PAGE = 5000

_REPORTS = """
SELECT * FROM (
    SELECT coalesce(m.merged_id, e.id) AS key, m.position AS member_pos, e.id, e.article_id, e.event, e.mode,
           e.context, e.sentence, e.start, e."end", e.anchor_start, e.anchor_end, e.anchor_text, e.actor,
           e.recipient, CAST(coalesce(e.date, a.published) AS VARCHAR) AS day, e.event_loc, e.negated,
           e.hypothetical, e.confidence, e.cameo, e.goldstein, e.quad, e.intensity,
           a.url, a.source, a.title, CAST(a.published AS VARCHAR) AS published, a.language,
           strftime(a.ingested_at, '%Y%m%d%H%M%S') AS added, length(a.text) AS doc_len,
           strpos(a.text, ?) AS para_end, me.num_mentions, me.num_articles, me.num_sources
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN merged_event_members m ON m.event_id = e.id
    LEFT JOIN merged_events me ON me.id = m.merged_id
    WHERE ? OR (NOT e.negated AND NOT e.hypothetical)
) q
WHERE key > ? OR (key = ? AND id > ?)
ORDER BY key, id
LIMIT ?
"""


def event_reports(store, *, include_flagged: bool = False, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Every event report (one per events row) with its article's fields and its merged event, ordered
    by merged event (``key``: the merged id, or the event's own id when it was not merged).

    Negated and hypothetical reports are left out unless ``include_flagged``, the rule
    :func:`detente.query.dyad_series` follows.
    """
    last_key, last_id = "", ""
    while True:
        rows = store.sql(_REPORTS, ["\n\n", bool(include_flagged), last_key, last_key, last_id, int(page)])
        yield from rows
        if len(rows) < page:
            return
        last_key, last_id = rows[-1]["key"], rows[-1]["id"]


def story_entities(store, article_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """Per article: distinct people, organisations and place names it mentions, in text order."""
    out: dict[str, dict[str, list[str]]] = {a: {"people": [], "organizations": [], "locations": []}
                                            for a in article_ids}
    if not article_ids:
        return out
    rows = store.sql(
        """SELECT article_id, kind, coalesce(name, text) AS name FROM mentions
           WHERE article_id = ANY(?) AND kind IN ('person', 'organisation') ORDER BY article_id, start""",
        [article_ids],
    )
    for r in rows:
        bucket = out[r["article_id"]]["people" if r["kind"] == "person" else "organizations"]
        if r["name"] and r["name"] not in bucket:
            bucket.append(r["name"])
    rows = store.sql(
        """SELECT article_id, coalesce(name, text) AS name FROM places
           WHERE article_id = ANY(?) ORDER BY article_id, start""",
        [article_ids],
    )
    for r in rows:
        bucket = out[r["article_id"]]["locations"]
        if r["name"] and r["name"] not in bucket:
            bucket.append(r["name"])
    return out
