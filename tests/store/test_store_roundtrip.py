"""ingest -> clean -> store -> export -> ingest -> clean gives the same articles (JSONL and CSV)."""

from __future__ import annotations

import json

import pytest

from detente.clean import clean_record
from detente.ingest import read_sources
from detente.records import Analysis
from detente.report import RunReport

# Original test articles, written for this file.
SOURCE = [
    {"id": "wire-101", "title": "Navies agree to share patrol schedules", "date": "2024-04-09",
     "url": "https://example.org/a", "source": "Test Wire",
     "text": "Officials from Chile and Peru agreed on Tuesday to exchange patrol schedules along their maritime "
             "border. The defence ministers said the measure would reduce the risk of accidental encounters. "
             "A joint working group will meet in Lima next month to settle the details."},
    {"title": "Border talks stall", "date": "2024-05-02", "source": "Another Desk",
     "text": "Talks between Ecuador and Colombia on border crossings ended without agreement on Thursday. "
             "Both delegations said they would report back to their capitals before any further meeting."},
]
FIELDS = ("id", "text", "title", "published", "url", "source", "external_id")


def _articles(paths):
    report = RunReport()
    articles = [clean_record(raw) for raw in read_sources(paths, report=report)]
    assert report.skipped == 0, report.summary()
    return {a.id: a for a in articles}


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_store_roundtrip_ingest_store_export_ingest(store, tmp_path, fmt):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(row) + "\n" for row in SOURCE), encoding="utf-8")
    first = _articles([src])
    assert store.write([Analysis(a) for a in first.values()])["articles"] == len(SOURCE)
    out = store.export("articles", tmp_path / f"articles.{fmt}", fmt=fmt)
    second = _articles([out])
    assert set(second) == set(first)
    for aid, article in first.items():
        again = second[aid]
        assert [getattr(again, f) for f in FIELDS] == [getattr(article, f) for f in FIELDS]
    # Re-ingesting the export and writing it adds nothing: same ids.
    assert sum(store.write([Analysis(a) for a in second.values()]).values()) == 0
