"""Exports: three formats, the right columns, safe to re-run; the articles JSONL feeds the JSONL reader."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from store_samples import TEXTS, build

from detente.errors import StoreError
from detente.records import Story
from detente.store import EXPORT_FORMATS, TABLES, open_store

READERS = {
    "jsonl": lambda p: pd.read_json(p, lines=True),
    "csv": lambda p: pd.read_csv(p),
    "parquet": lambda p: pd.read_parquet(p),
}
ARTICLE_FIELDS = ["id", "text", "title", "date", "url", "source"]  # what the ingest readers read


@pytest.fixture(scope="module")
def filled(tmp_path_factory, template_db):
    # Exports only read, so one filled store serves the whole module.
    path = tmp_path_factory.mktemp("store-export") / "filled.duckdb"
    shutil.copyfile(template_db, path)
    with open_store(path) as store:
        yield from _fill(store)


def _fill(store):
    analyses = [build(t, external_id=f"wire-{i}" if i else None) for i, t in enumerate(TEXTS.values())]
    store.write(analyses)
    store.replace_stories([Story("s1", "talks", "2024-02-12", "2024-02-12", [analyses[0].article.id])], [], [])
    store.finish_run(store.record_run({"x": 1}), articles_read=3)
    yield store, analyses


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
@pytest.mark.parametrize("table", ["articles", "sentences", "events", "event_participants", "quotes", "stories"])
def test_store_export_formats_read_back(filled, tmp_path, fmt, table):
    store, _ = filled
    path = store.export(table, tmp_path / f"{table}.{fmt}", fmt=fmt)
    frame = READERS[fmt](path)
    assert len(frame) == store.counts()[table]
    if table == "articles":
        assert list(frame.columns[:6]) == ARTICLE_FIELDS and "article_id" in frame.columns
    else:
        (described,) = [store.sql(f"SELECT * FROM {table} LIMIT 1")]
        assert list(frame.columns) == list(described[0])


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_store_export_rerun_overwrites(filled, tmp_path, fmt):
    store, _ = filled
    path = tmp_path / "exports" / f"out.{fmt}"
    store.export("sentences", path, fmt=fmt)
    first = path.read_bytes()
    store.export("sentences", path, fmt=fmt)
    assert path.read_bytes() == first  # same content, not appended
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]  # no temporary files left behind


def test_store_export_articles_jsonl_feeds_the_reader(filled, tmp_path):
    store, analyses = filled
    path = store.export("articles", tmp_path / "articles.jsonl", fmt="jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by_text = {r["text"]: r for r in rows}
    for a in analyses:
        row = by_text[a.article.text]
        assert row["id"] == a.article.external_id  # the input's id; None when it gave none
        assert row["article_id"] == a.article.id
        assert (row["title"], row["date"], row["url"], row["source"]) == (
            a.article.title, a.article.published, a.article.url, a.article.source)
        assert row["agencies"] == a.article.agencies


def test_store_export_events_jsonl_keeps_nested_entities(filled, tmp_path):
    store, analyses = filled
    path = store.export("events", tmp_path / "events.jsonl", fmt="jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    events = {e.id: e for a in analyses for e in a.events}
    assert len(rows) == len(events)
    for row in rows:
        assert row["actor"] == [m.to_dict() for m in events[row["id"]].actor]
        assert row["date"] == events[row["id"]].date


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_store_export_all(filled, tmp_path, fmt):
    store, _ = filled
    paths = store.export_all(tmp_path / "dump", fmt=fmt)
    assert [p.stem for p in paths] == list(TABLES)
    assert all(p.exists() and p.suffix == "." + fmt for p in paths)
    counts = store.counts()
    for path in paths:
        if path.stem in ("articles", "mentions", "runs", "story_members"):
            assert len(READERS[fmt](path)) == counts[path.stem]


@pytest.mark.parametrize("table,fmt", [("nope", "jsonl"), ("articles", "xlsx"), ("schema_version", "csv"),
                                       ("articles; DROP TABLE articles", "csv")])
def test_store_export_unknown_table_or_format(store, tmp_path, table, fmt):
    with pytest.raises(StoreError) as info:
        store.export(table, tmp_path / "x", fmt=fmt)
    assert info.value.code == "D505"
    assert not (tmp_path / "x").exists()


def test_store_export_all_unknown_format(store, tmp_path):
    with pytest.raises(StoreError) as info:
        store.export_all(tmp_path, fmt="xml")
    assert info.value.code == "D505"


def test_store_export_path_with_quote(filled, tmp_path):
    store, _ = filled
    path = store.export("articles", tmp_path / "it's here.csv", fmt="csv")
    assert len(pd.read_csv(path)) == 3


def test_store_export_from_read_only_store(filled, tmp_path):
    store, analyses = filled
    with open_store(tmp_path / "ro.duckdb") as writable:
        writable.write(analyses[:1])
    with open_store(tmp_path / "ro.duckdb", read_only=True) as read_only:
        path = read_only.export("articles", tmp_path / "out" / "a.csv", fmt="csv")
    assert pd.read_csv(path)["article_id"].tolist() == [analyses[0].article.id]
