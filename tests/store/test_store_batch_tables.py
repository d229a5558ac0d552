"""analysis_tables (row tuples, fields read directly) equals the plain row-by-row build from to_dict."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pyarrow as pa
import pytest

from detente.store import open_store
from detente.store._rows import COLUMNS, SPAN_TABLES, analysis_tables, quote_id, to_date

from store_samples import TEXTS, build

INGESTED = dt.datetime(2026, 11, 23, 12, 0)


def _dumps(value):
    return None if value is None else json.dumps(value, ensure_ascii=False, allow_nan=False)


def _reference(analyses) -> dict[str, pa.Table]:
    """The straightforward build: one dict per row from the records' own to_dict."""
    rows = {name: [] for name in ("articles",) + SPAN_TABLES}
    for analysis in analyses:
        a = analysis.article
        aid = a.id
        rows["articles"].append({**a.to_dict(), "published": to_date(a.published), "ingested_at": INGESTED})
        for s in analysis.sentences:
            rows["sentences"].append({"article_id": aid, "idx": s.index, "start": s.start, "end": s.end,
                                      "text": s.text})
        for seq, m in enumerate(analysis.mentions):
            rows["mentions"].append({**m.to_dict(), "article_id": aid, "seq": seq})
        for seq, p in enumerate(analysis.places):
            rows["places"].append({**p.to_dict(), "article_id": aid, "seq": seq})
        for seq, d in enumerate(analysis.dates):
            rows["time_exprs"].append({**d.to_dict(), "article_id": aid, "seq": seq, "date": to_date(d.date),
                                       "end_date": to_date(d.end_date)})
        for seq, q in enumerate(analysis.quotes):
            sp = q.speaker
            rows["quotes"].append({
                **q.to_dict(), "id": quote_id(aid, q.start, q.end), "article_id": aid, "seq": seq,
                "speaker": _dumps(sp.to_dict()) if sp else None,
                **{f"speaker_{k}": getattr(sp, k) if sp else None
                   for k in ("text", "start", "end", "name", "code", "sector")},
            })
        for seq, e in enumerate(analysis.events):
            loc = e.event_loc
            rows["events"].append({
                **e.to_dict(), "article_id": aid, "seq": seq, "date": to_date(e.date),
                "end_date": to_date(e.end_date), "actor": _dumps([m.to_dict() for m in e.actor]),
                "recipient": _dumps([m.to_dict() for m in e.recipient]),
                "event_loc": _dumps(loc.to_dict()) if loc else None, "place_name": loc.name if loc else None,
                "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            })
            for role in ("actor", "recipient"):
                for position, m in enumerate(getattr(e, role)):
                    rows["event_participants"].append({
                        **m.to_dict(), "event_id": e.id, "article_id": aid, "role": role, "position": position,
                        "entity_text": m.text,
                    })
    out = {}
    for table, table_rows in rows.items():
        if table_rows:
            spec = COLUMNS[table]
            data = {name: [r.get(name) for r in table_rows] for name, _ in spec}
            out[table] = pa.Table.from_pydict(data, schema=pa.schema([pa.field(n, t) for n, t in spec]))
    return out


def _no_speakers(analysis):
    for q in analysis.quotes:
        q.speaker = None
    for e in analysis.events:
        e.event_loc = None
        e.actor = []
    return dataclasses.replace(analysis, article=dataclasses.replace(analysis.article, published=None))


CASES = {
    "all kinds": lambda: [build(text) for text in TEXTS.values()],
    "one article": lambda: [build(TEXTS["plain"])],
    "no speaker, place or date": lambda: [_no_speakers(build(text)) for text in TEXTS.values()],
}


@pytest.mark.parametrize("case", CASES)
def test_store_batch_tables_match_row_by_row_build(case):
    analyses = CASES[case]()
    got, want = analysis_tables(analyses, INGESTED), _reference(analyses)
    assert got.keys() == want.keys()
    for table in want:
        assert got[table].schema.equals(want[table].schema), table
        assert got[table].to_pylist() == want[table].to_pylist(), table


def test_store_open_skips_migrations_when_current(tmp_path, monkeypatch):
    from detente.store import _store

    db = tmp_path / "s.duckdb"
    open_store(db).close()  # creates and migrates
    calls = []
    monkeypatch.setattr(_store, "apply_migrations", lambda con: calls.append(con))
    with open_store(db) as store:
        assert store.schema_version == _store.SCHEMA_VERSION
    assert calls == []
    fresh = tmp_path / "fresh.duckdb"
    monkeypatch.undo()
    with open_store(fresh) as store:  # a new file still gets every migration
        assert store.schema_version == _store.SCHEMA_VERSION
