"""Quote search, article views and story listings."""

from __future__ import annotations

import re
from typing import Any

from ..errors import QueryError
from ._events import _page

__all__ = ["search_quotes", "article_view", "list_stories", "story_view"]

_WORD = re.compile(r"\w+", re.UNICODE)


def search_quotes(store, q: str = "", *, speaker: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """Quotes matching words of ``q`` (BM25 ranking with DuckDB's full-text index when it is available,
    otherwise every word must occur, case-insensitively), optionally by speaker code or name."""
    limit, offset = _page(limit, offset)
    words = _WORD.findall(q or "")
    if len(q or "") > 500:
        raise QueryError("search text is limited to 500 characters", code="D607")
    where, params = ["TRUE"], []
    if speaker:
        where.append("(upper(qu.speaker_code) = upper(?) OR qu.speaker_name ILIKE ? OR qu.speaker_text ILIKE ?)")
        params += [speaker, f"%{speaker}%", f"%{speaker}%"]
    score = "NULL"
    if words and store.quote_index():
        score = "fts_main_quotes.match_bm25(qu.id, ?)"
        params = [" ".join(words), *params]
        where.append("score IS NOT NULL")
    else:
        for w in words:
            where.append("qu.text ILIKE ?")
            params.append(f"%{w}%")
    sql_where = " AND ".join(where)
    base = f"""
        SELECT qu.id, qu.article_id, qu.text, qu.kind, qu.start, qu."end", qu.sentence, qu.cue,
               qu.speaker_text, qu.speaker_name, qu.speaker_code, qu.speaker_sector,
               CAST(a.published AS VARCHAR) AS published, a.title AS article_title, {score} AS score
        FROM quotes qu JOIN articles a ON a.id = qu.article_id
    """
    wrapped = f"SELECT * FROM ({base}) qu WHERE {sql_where}"
    total = store.sql(f"SELECT count(*) AS n FROM ({wrapped})", params)[0]["n"]
    rows = store.sql(
        f"{wrapped} ORDER BY score DESC NULLS LAST, published DESC NULLS LAST, id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def article_view(store, article_id: str) -> dict[str, Any]:
    """An article with every span: sentences, mentions, places, dates, quotes, events (offsets into text)."""
    analysis = store.analysis(article_id)
    if analysis is None:
        raise QueryError(f"no article with id {article_id!r}", code="D601")
    from ..events import event_record

    a = analysis.article
    return {
        "article": a.to_dict() | {"raw_text": None},
        "sentences": [s.to_dict() for s in analysis.sentences],
        "mentions": [m.to_dict() for m in analysis.mentions],
        "places": [p.to_dict() for p in analysis.places],
        "dates": [d.to_dict() for d in analysis.dates],
        "quotes": [q.to_dict() for q in analysis.quotes],
        "events": [event_record(e, a) | {"id": e.id} for e in analysis.events],
        "duplicates": store.sql(
            "SELECT article_id, original_id, similarity FROM duplicates WHERE article_id = ? OR original_id = ?",
            [article_id, article_id],
        ),
        "stories": store.sql("SELECT story_id FROM story_members WHERE article_id = ?", [article_id]),
    }


def list_stories(store, *, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    limit, offset = _page(limit, offset)
    total = store.sql("SELECT count(*) AS n FROM stories", [])[0]["n"]
    rows = store.sql(
        """SELECT s.id, s.label, CAST(s.start_date AS VARCHAR) AS start_date, CAST(s.end_date AS VARCHAR) AS end_date,
                  s.size, count(DISTINCT a.source) AS sources
           FROM stories s LEFT JOIN story_members m ON m.story_id = s.id LEFT JOIN articles a ON a.id = m.article_id
           GROUP BY s.id, s.label, s.start_date, s.end_date, s.size
           ORDER BY s.size DESC, s.start_date DESC NULLS LAST, s.id LIMIT ? OFFSET ?""",
        [limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": rows}


def story_view(store, story_id: str) -> dict[str, Any]:
    rows = store.sql(
        "SELECT id, label, CAST(start_date AS VARCHAR) AS start_date, CAST(end_date AS VARCHAR) AS end_date, size "
        "FROM stories WHERE id = ?",
        [story_id],
    )
    if not rows:
        raise QueryError(f"no story with id {story_id!r}", code="D601")
    members = store.sql(
        """SELECT a.id, a.title, a.source, a.url, CAST(a.published AS VARCHAR) AS published,
                  d.original_id AS duplicate_of
           FROM story_members m JOIN articles a ON a.id = m.article_id
           LEFT JOIN duplicates d ON d.article_id = a.id
           WHERE m.story_id = ? ORDER BY a.published NULLS LAST, a.id""",
        [story_id],
    )
    merged = store.sql(
        """SELECT id, event, mode, actor_codes, recipient_codes, CAST(date AS VARCHAR) AS date, place_name,
                  num_mentions, num_articles, num_sources, goldstein
           FROM merged_events WHERE story_id = ? ORDER BY date NULLS LAST, id""",
        [story_id],
    )
    return rows[0] | {"members": members, "events": merged}
