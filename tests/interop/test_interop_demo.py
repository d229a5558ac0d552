"""Exports of the demo store (the whole pipeline over the demo corpus) read back as analysts read them.

"Same series" for the GDELT dyad analysis means: for a dyad {A, B}, rows whose two country columns
are A and B in either order (undirected), grouped by the month (or day) of ``Day``, give the same
event count and the same mean ``GoldsteinScale`` (to dyad_series' 3 decimals) in the same periods as
``detente.query.dyad_series(store, A, B)``, which counts merged reports once and leaves negated and
hypothetical events out. The export's row rules (one row per merged event and country pair, flagged
events out, Day = the dyad_series date) are what make the two agree.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from detente.interop import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    POLECAT_COLUMNS,
    export_layouts,
    field_spec,
)
from detente.query import dyad_series, dyads

PANDAS_TYPES = {"int": "int64", "Int": "Int64", "float": "float64", "str": "string"}


def _dtypes(layout):
    return {c: PANDAS_TYPES[d["type"]] for c, d in field_spec(layout).items()}


@pytest.fixture(scope="module")
def demo_exports(demo_store, tmp_path_factory):
    return export_layouts(demo_store, tmp_path_factory.mktemp("demo-exports"))


@pytest.fixture(scope="module")
def gdelt(demo_exports):
    return pd.read_csv(demo_exports["gdelt-events"], sep="\t", header=None, names=GDELT_EVENT_COLUMNS,
                       dtype=_dtypes("gdelt-events"))


def test_interop_demo_gdelt_loads_with_documented_types(gdelt):
    assert len(gdelt) > 20 and list(gdelt.columns) == list(GDELT_EVENT_COLUMNS)
    assert gdelt.GlobalEventID.is_unique
    assert gdelt.EventCode.str.fullmatch(r"\d{3,4}").all()  # leading zeros kept
    assert (gdelt.EventRootCode == gdelt.EventCode.str[:2]).all()
    assert gdelt.QuadClass.isin([1, 2, 3, 4]).all()
    assert gdelt.AvgTone.isna().all() and gdelt.Actor1EthnicCode.isna().all()
    assert ((gdelt.Day // 100) == gdelt.MonthYear).all() and ((gdelt.Day // 10000) == gdelt.Year).all()
    assert (gdelt.NumMentions >= gdelt.NumArticles).all() and (gdelt.NumArticles >= 1).all()
    located = gdelt[gdelt.ActionGeo_Type.notna()]
    assert located.ActionGeo_Lat.between(-90, 90).all() and located.ActionGeo_Type.isin([1, 2, 3, 4, 5]).all()


def test_interop_demo_mentions_join_events(demo_exports, gdelt, demo_store):
    mentions = pd.read_csv(demo_exports["gdelt-mentions"], sep="\t", header=None, names=GDELT_MENTION_COLUMNS,
                           dtype=_dtypes("gdelt-mentions"))
    assert set(mentions.GlobalEventID) == set(gdelt.GlobalEventID)
    assert (mentions.ActionCharOffset < mentions.MentionDocLen).all() and (mentions.SentenceID >= 1).all()
    # Every action offset is the anchor of a stored event of that article (checked on a sample).
    for row in mentions.head(25).itertuples():
        ident = row.MentionIdentifier
        where = "a.url = ?" if ident.startswith("http") else "a.id = ?"
        key = ident if ident.startswith("http") else ident.removeprefix("detente:")
        found = demo_store.sql(f"SELECT 1 FROM events e JOIN articles a ON a.id = e.article_id "
                               f"WHERE {where} AND e.anchor_start = ?", [key, int(row.ActionCharOffset)])
        assert found, row


def test_interop_demo_polecat_and_plover_load(demo_exports, demo_store):
    polecat = pd.read_csv(demo_exports["polecat"], sep="\t", dtype=_dtypes("polecat"))
    assert tuple(polecat.columns) == POLECAT_COLUMNS
    assert polecat["Quad Code"].isin([1, 2, 3, 4]).all()
    flagged = demo_store.sql("SELECT count(*) AS n FROM events WHERE negated OR hypothetical")[0]["n"]
    total = demo_store.sql("SELECT count(*) AS n FROM events")[0]["n"]
    assert len(polecat) == total - flagged
    lines = demo_exports["plover"].read_text(encoding="utf-8").splitlines()
    assert len(lines) == total
    record = json.loads(lines[0])
    assert {"id", "date", "actor", "event"} <= set(record)  # PLOVER's required fields


@pytest.mark.parametrize("by, pandas_period", [("month", "M"), ("day", "D")])
def test_interop_demo_gdelt_dyad_series_matches_query(gdelt, demo_store, by, pandas_period):
    top = dyads(demo_store, limit=1)[0]
    a, b = top["a"], top["b"]
    # The analysis a GDELT user writes, from four columns of the export:
    rows = gdelt[((gdelt.Actor1CountryCode == a) & (gdelt.Actor2CountryCode == b))
                 | ((gdelt.Actor1CountryCode == b) & (gdelt.Actor2CountryCode == a))].copy()
    rows["period"] = (pd.to_datetime(rows.Day.astype(str), format="%Y%m%d").dt.to_period(pandas_period)
                      .dt.start_time.dt.strftime("%Y-%m-%d"))
    ours = rows.groupby("period").agg(events=("GlobalEventID", "size"), goldstein=("GoldsteinScale", "mean"))
    expected = dyad_series(demo_store, a, b, by=by)
    assert len(expected) >= 2, "the demo's top dyad should span several periods"
    assert list(ours.index) == [r["period"] for r in expected]
    assert list(ours.events) == [r["events"] for r in expected]
    assert list(ours.goldstein.round(3)) == pytest.approx([r["mean_goldstein"] for r in expected], abs=1e-9)


def test_interop_demo_parquet_has_every_table(demo_exports, demo_store):
    from detente.store import TABLES

    names = {p.stem for p in demo_exports["parquet"].glob("*.parquet")}
    assert set(TABLES) <= names
    events = pd.read_parquet(demo_exports["parquet"] / "events.parquet")
    assert len(events) == demo_store.sql("SELECT count(*) AS n FROM events")[0]["n"]
