"""Event queries: filters, dyad series and timelines, the actor network, event places.

Counting rule: a dyad series counts *events*, not reports. When the stories stage has merged
the reports of one event (``merged_event_members``), the reports count once. Negated and
hypothetical events are left out unless asked for: they did not happen.
"""

from __future__ import annotations

import re
from datetime import date as _date
from typing import Any

from ..errors import QueryError

__all__ = [
    "list_events",
    "merged_events",
    "get_event",
    "dyad_series",
    "dyad_timeline",
    "dyads",
    "actor_network",
    "event_places",
    "validate_code",
    "validate_date",
    "MAX_PAGE",
]

# A page larger than this is refused (D605): the dashboard asks for 50, an export tool should use `export`.
MAX_PAGE = 500
PERIODS = ("day", "week", "month", "quarter", "year")
_CODE = re.compile(r"^[A-Z]{3}$")


def validate_code(code: str | None, store=None) -> str | None:
    """An ISO3 / PLOVER code: three capital letters; unknown to the store -> D603."""
    if code is None or code == "":
        return None
    code = code.strip().upper()
    if not _CODE.match(code):
        raise QueryError(f"actor code must be three letters (ISO3 or PLOVER), got {code!r}", code="D602")
    if store is not None:
        found = store.sql("SELECT 1 FROM event_participants WHERE code = ? LIMIT 1", [code])
        if not found:
            raise QueryError(f"no events with actor code {code!r} in this database", code="D603")
    return code


def validate_date(value: str | None, name: str = "date") -> str | None:
    if value is None or value == "":
        return None
    try:
        return _date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise QueryError(f"{name} must be YYYY-MM-DD, got {value!r}", code="D604") from None


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= int(limit) <= MAX_PAGE:
        raise QueryError(f"limit must be between 1 and {MAX_PAGE}, got {limit}", code="D605")
    if int(offset) < 0:
        raise QueryError(f"offset must be 0 or more, got {offset}", code="D605")
    return int(limit), int(offset)


def _type_and_dates(where: list[str], params: list[Any], column: dict[str, str], event_type, since, until) -> None:
    """Append the type and date-range conditions shared by event and merged-event queries."""
    if event_type:
        where.append(f"{column['type']} = ?")
        params.append(event_type.strip().upper())
    if since:
        where.append(f"{column['date']} >= CAST(? AS DATE)")
        params.append(validate_date(since, "since"))
    if until:
        where.append(f"{column['date']} <= CAST(? AS DATE)")
        params.append(validate_date(until, "until"))


def _filters(
    store,
    *,
    actor=None,
    recipient=None,
    dyad=None,
    directed=False,
    event_type=None,
    since=None,
    until=None,
    place=None,
    article_id=None,
    include_flagged=False,
) -> tuple[str, list[Any]]:
    where, params = ["TRUE"], []
    if not include_flagged:
        where.append("NOT e.negated AND NOT e.hypothetical")
    if actor:
        where.append(
            "EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'actor' AND p.code = ?)"
        )
        params.append(validate_code(actor, store))
    if recipient:
        where.append(
            "EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'recipient' AND p.code = ?)"
        )
        params.append(validate_code(recipient, store))
    if dyad:
        a, b = (validate_code(c, store) for c in dyad)
        if directed:
            where.append(
                "EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.role = 'actor' AND p.code = ?)"
                " AND EXISTS (SELECT 1 FROM event_participants q WHERE q.event_id = e.id"
                " AND q.role = 'recipient' AND q.code = ?)"
            )
            params += [a, b]
        else:
            where.append(
                "EXISTS (SELECT 1 FROM event_participants p WHERE p.event_id = e.id AND p.code = ?)"
                " AND EXISTS (SELECT 1 FROM event_participants q WHERE q.event_id = e.id AND q.code = ?)"
            )
            params += [a, b]
    _type_and_dates(where, params, {"type": "e.event", "date": "coalesce(e.date, a.published)"},
                    event_type, since, until)
    if place:
        where.append("e.place_name ILIKE ?")
        params.append(f"%{place}%")
    if article_id:
        where.append("e.article_id = ?")
        params.append(article_id)
    return " AND ".join(where), params


_EVENT_COLUMNS = """
    e.id, e.article_id, e.event, e.mode, e.context, e.sentence, e.start, e."end",
    e.anchor_start, e.anchor_end, e.anchor_text, e.actor, e.recipient,
    CAST(coalesce(e.date, a.published) AS VARCHAR) AS date, CAST(e.end_date AS VARCHAR) AS end_date,
    e.date_precision, e.date_from, e.place_name, e.lat, e.lon,
    e.negated, e.hypothetical, e.future, e.historical, e.confidence, e.rule, e.explanation,
    e.cameo, e.goldstein, e.quad, e.intensity,
    a.title AS article_title, a.source AS article_source, a.url AS article_url,
    substr(a.text, e.start + 1, e."end" - e.start) AS evidence
"""


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    import json

    for key in ("actor", "recipient", "event_loc"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    row["actor_codes"] = sorted({m.get("code") for m in row.get("actor") or [] if m.get("code")})
    row["recipient_codes"] = sorted({m.get("code") for m in row.get("recipient") or [] if m.get("code")})
    return row


def list_events(store, *, limit: int = 50, offset: int = 0, order: str = "date", **filters) -> dict[str, Any]:
    """Events matching the filters, newest first (or oldest first with ``order="date_asc"``), paginated."""
    limit, offset = _page(limit, offset)
    where, params = _filters(store, **filters)
    direction = "ASC" if order == "date_asc" else "DESC"
    total = store.sql(
        f"SELECT count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id WHERE {where}", params
    )[0]["n"]
    rows = store.sql(
        f"""SELECT {_EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
            WHERE {where} ORDER BY coalesce(e.date, a.published) {direction} NULLS LAST, e.id
            LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    return {"total": total, "limit": limit, "offset": offset, "items": [_decode(r) for r in rows]}


def get_event(store, event_id: str) -> dict[str, Any]:
    rows = store.sql(
        f"SELECT {_EVENT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id WHERE e.id = ?", [event_id]
    )
    if not rows:
        raise QueryError(f"no event with id {event_id!r}", code="D601")
    return _decode(rows[0])


def dyad_series(
    store,
    a: str,
    b: str,
    *,
    by: str = "month",
    directed: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Per period: event count, counts per type and per quad class, mean Goldstein and mean intensity.

    Reports merged into one event by the stories stage count once (their mean values are averaged
    over distinct events). Periods with no events are left out.
    """
    if by not in PERIODS:
        raise QueryError(f"by must be one of {', '.join(PERIODS)}, got {by!r}", code="D606")
    where, params = _filters(store, dyad=(a, b), directed=directed, since=since, until=until)
    rows = store.sql(
        f"""
        WITH ev AS (
            SELECT coalesce(m.merged_id, e.id) AS key, e.event, e.quad, e.goldstein, e.intensity,
                   date_trunc('{by}', coalesce(e.date, a.published)) AS period
            FROM events e JOIN articles a ON a.id = e.article_id
            LEFT JOIN merged_event_members m ON m.event_id = e.id
            WHERE {where} AND coalesce(e.date, a.published) IS NOT NULL
        ), one AS (
            SELECT key, any_value(event) AS event, any_value(quad) AS quad, avg(goldstein) AS goldstein,
                   avg(intensity) AS intensity, min(period) AS period, count(*) AS reports
            FROM ev GROUP BY key
        )
        SELECT CAST(period AS DATE)::VARCHAR AS period, count(*) AS events, sum(reports) AS reports,
               round(avg(goldstein), 3) AS mean_goldstein, round(avg(intensity), 3) AS mean_intensity,
               count(*) FILTER (WHERE quad = 1) AS verbal_coop, count(*) FILTER (WHERE quad = 2) AS material_coop,
               count(*) FILTER (WHERE quad = 3) AS verbal_conflict,
               count(*) FILTER (WHERE quad = 4) AS material_conflict,
               list(event ORDER BY event) AS types
        FROM one GROUP BY period ORDER BY period
        """,
        params,
    )
    for row in rows:
        counts: dict[str, int] = {}
        for t in row.pop("types") or []:
            counts[t] = counts.get(t, 0) + 1
        row["by_type"] = counts
    return rows


def dyad_timeline(store, a: str, b: str, *, limit: int = 100, offset: int = 0, **filters) -> dict[str, Any]:
    """The dyad's events in date order, each with its evidence sentence."""
    return list_events(store, dyad=(a, b), limit=limit, offset=offset, order="date_asc", **filters)


def dyads(store, *, limit: int = 50) -> list[dict[str, Any]]:
    """Country pairs by number of events between them (either direction or jointly as actors)."""
    return store.sql(
        """
        SELECT least(p.code, q.code) AS a, greatest(p.code, q.code) AS b, count(DISTINCT p.event_id) AS events
        FROM event_participants p JOIN event_participants q ON p.event_id = q.event_id AND p.code < q.code
        JOIN events e ON e.id = p.event_id
        WHERE NOT e.negated AND NOT e.hypothetical AND p.code IS NOT NULL AND q.code IS NOT NULL
        GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ?
        """,
        [int(limit)],
    )


def actor_network(store, *, since: str | None = None, until: str | None = None, min_weight: int = 1) -> dict:
    """Who acts on whom: directed edges actor -> recipient weighted by event count, with mean Goldstein."""
    where, params = _filters(store, since=since, until=until)
    edges = store.sql(
        f"""
        SELECT p.code AS source, q.code AS target, count(DISTINCT e.id) AS weight,
               round(avg(e.goldstein), 3) AS mean_goldstein
        FROM events e JOIN articles a ON a.id = e.article_id
        JOIN event_participants p ON p.event_id = e.id AND p.role = 'actor'
        JOIN event_participants q ON q.event_id = e.id AND q.role = 'recipient'
        WHERE {where} AND p.code IS NOT NULL AND q.code IS NOT NULL AND p.code <> q.code
        GROUP BY 1, 2 HAVING count(DISTINCT e.id) >= ? ORDER BY weight DESC, source, target
        """,
        [*params, int(min_weight)],
    )
    weight: dict[str, int] = {}
    for e in edges:
        for side in ("source", "target"):
            weight[e[side]] = weight.get(e[side], 0) + e["weight"]
    nodes = [{"id": k, "weight": v} for k, v in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {"nodes": nodes, "edges": edges}


def event_places(store, **filters) -> list[dict[str, Any]]:
    """Event locations with coordinates, for the map: one row per place with counts per type."""
    where, params = _filters(store, **filters)
    return store.sql(
        f"""
        SELECT e.place_name AS name, round(avg(e.lat), 4) AS lat, round(avg(e.lon), 4) AS lon,
               count(*) AS events, list(DISTINCT e.event ORDER BY e.event) AS types,
               any_value(e.id) AS example_event
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {where} AND e.lat IS NOT NULL AND e.lon IS NOT NULL
        GROUP BY e.place_name ORDER BY events DESC, name
        """,
        params,
    )


def merged_events(
    store,
    *,
    dyad: tuple[str, str] | None = None,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    story_id: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """One record per real-world event, with how many reports, articles and sources carry it, and
    every report's evidence (article, source, sentence). Built by the stories stage."""
    limit, offset = _page(limit, offset)
    where, params = ["TRUE"], []
    if dyad:
        a, b = (validate_code(c, store) for c in dyad)
        where.append("(list_contains(list_concat(m.actor_codes, m.recipient_codes), ?) "
                     "AND list_contains(list_concat(m.actor_codes, m.recipient_codes), ?))")
        params += [a, b]
    _type_and_dates(where, params, {"type": "m.event", "date": "m.date"}, event_type, since, until)
    if story_id:
        where.append("m.story_id = ?")
        params.append(story_id)
    sql_where = " AND ".join(where)
    total = store.sql(f"SELECT count(*) AS n FROM merged_events m WHERE {sql_where}", params)[0]["n"]
    rows = store.sql(
        f"""SELECT m.id, m.event, m.mode, m.actor_codes, m.recipient_codes, CAST(m.date AS VARCHAR) AS date,
                   CAST(m.end_date AS VARCHAR) AS end_date, m.place_name, m.lat, m.lon, m.num_mentions,
                   m.num_articles, m.num_sources, m.story_id, m.goldstein, m.quad, m.intensity
            FROM merged_events m WHERE {sql_where}
            ORDER BY m.date DESC NULLS LAST, m.num_articles DESC, m.id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    )
    if rows:
        ids = [r["id"] for r in rows]
        marks = ", ".join("?" for _ in ids)
        evidence = store.sql(
            f"""SELECT mm.merged_id, e.id AS event_id, e.article_id, a.title, a.source, a.url,
                       CAST(a.published AS VARCHAR) AS published, e.start, e."end",
                       substr(a.text, e.start + 1, e."end" - e.start) AS evidence
                FROM merged_event_members mm JOIN events e ON e.id = mm.event_id
                JOIN articles a ON a.id = e.article_id
                WHERE mm.merged_id IN ({marks}) ORDER BY a.published NULLS LAST, e.id""",
            ids,
        )
        by_id: dict[str, list] = {}
        for ev in evidence:
            by_id.setdefault(ev.pop("merged_id"), []).append(ev)
        for r in rows:
            r["reports"] = by_id.get(r["id"], [])
    return {"total": total, "limit": limit, "offset": offset, "items": rows}
