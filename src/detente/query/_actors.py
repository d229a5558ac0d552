"""Actor listings."""

from __future__ import annotations

__all__ = ["actor_counts"]


def actor_counts(store, *, limit: int = 50, code: str | None = None) -> list[dict]:
    """Actors by mention count: one row per (name or text, code, sector, kind), most mentioned first.

    Coreferent mentions ("the spokesman", "he") count for the actor they resolve to.
    """
    where = "WHERE code IS NOT NULL" + (" AND code = ?" if code else "")
    params = [code] if code else []
    return store.sql(
        f"""
        SELECT coalesce(name, text) AS name, code, sector, kind, count(*) AS mentions,
               count(DISTINCT article_id) AS articles, any_value(identifier_id) AS identifier_id
        FROM mentions {where}
        GROUP BY 1, 2, 3, 4
        ORDER BY mentions DESC, name
        LIMIT ?
        """,
        [*params, int(limit)],
    )
