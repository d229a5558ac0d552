"""Exports of a hand-built store, where every expected value is known."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from interop_samples import TEXT_A

from detente.errors import StoreError
from detente.interop import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    LAYOUT_FILES,
    PLOVER_FIELDS,
    POLECAT_COLUMNS,
    export_layout,
    export_layouts,
    iter_layout,
)


def _pairs(rows):
    return sorted((r["Actor1CountryCode"], r["Actor2CountryCode"], r["EventCode"]) for r in rows)


def test_interop_gdelt_one_row_per_event_and_country_pair(sample_store):
    rows = list(iter_layout(sample_store, "gdelt-events"))
    assert _pairs(rows) == sorted([
        ("CHN", "USA", "040"),  # joint talks: both actors, Actor1 is the first named
        ("CHN", "USA", "112"),  # the accusation, two reports merged into one row
        ("CHN", "JPN", "130"), ("CHN", "USA", "130"), ("JPN", "USA", "130"),  # three countries: three pairs
        ("NOR", "", "171"),
    ])
    ids = [r["GlobalEventID"] for r in rows]
    assert len(set(ids)) == len(ids) and all(0 < i < 2**53 for i in ids)


def test_interop_gdelt_merged_event_counts_once(sample_store):
    rows = [r for r in iter_layout(sample_store, "gdelt-events") if r["EventCode"] == "112"]
    assert len(rows) == 1
    row = rows[0]
    assert (row["NumMentions"], row["NumArticles"], row["NumSources"]) == (2, 2, 2)
    assert row["Day"] == 20250110  # the earlier report's publication date
    mentions = [m for m in iter_layout(sample_store, "gdelt-mentions") if m["GlobalEventID"] == row["GlobalEventID"]]
    assert len(mentions) == 2
    assert {m["MentionType"] for m in mentions} == {1, 2}  # with and without a URL


@pytest.mark.parametrize("include_flagged, expect_vietnam", [(False, False), (True, True)])
def test_interop_flagged_events_follow_the_option(sample_store, include_flagged, expect_vietnam):
    rows = list(iter_layout(sample_store, "gdelt-events", include_flagged=include_flagged))
    assert any(r["Actor1CountryCode"] == "VNM" for r in rows) is expect_vietnam
    polecat = list(iter_layout(sample_store, "polecat", include_flagged=include_flagged))
    assert any(r["Actor Country"] == "VNM" for r in polecat) is expect_vietnam


def test_interop_gdelt_leaves_undated_reports_out(sample_store):
    rows = list(iter_layout(sample_store, "gdelt-events"))
    assert not any(r["Actor1KnownGroupCode"] == "UNO" for r in rows)  # the UN article has no date at all
    polecat = [r for r in iter_layout(sample_store, "polecat") if r["Actor Country"] == "UNO"]
    assert len(polecat) == 1 and polecat[0]["Event Date"] == ""


def test_interop_gdelt_direction_and_actor_codes(sample_store):
    rows = {(r["EventCode"], r["Actor2CountryCode"]): r for r in iter_layout(sample_store, "gdelt-events")}
    accuse = rows[("112", "USA")]
    assert (accuse["Actor1Code"], accuse["Actor2Code"]) == ("CHNGOV", "USAGOV")
    talks = rows[("040", "USA")]
    assert (talks["Actor1Code"], talks["Actor1Type1Code"]) == ("CHNMIL", "MIL")
    seize = rows[("171", "")]
    assert seize["Actor1Code"] == "NORCOPMIL" and seize["Actor1Name"] == 'ARCTIC "NORTH" PATROL'
    assert seize["Actor2Code"] == ""


@pytest.mark.parametrize("code, geo_type, fips, feature, adm1", [
    ("040", 4, "SN", "1880252", ""),  # a city outside the USA
    ("171", 1, "NO", "3144096", "NO"),  # a country: GDELT repeats the country code as ADM1
])
def test_interop_gdelt_action_geography(sample_store, code, geo_type, fips, feature, adm1):
    row = next(r for r in iter_layout(sample_store, "gdelt-events") if r["EventCode"] == code)
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"], row["ActionGeo_FeatureID"],
            row["ActionGeo_ADM1Code"]) == (geo_type, fips, feature, adm1)
    assert row["Actor1Geo_Type"] == "" and row["AvgTone"] == ""


def test_interop_gdelt_root_event_is_the_lead_paragraph(sample_store):
    rows = {r["EventCode"]: r for r in iter_layout(sample_store, "gdelt-events")}
    assert rows["040"]["IsRootEvent"] == 1  # first paragraph
    assert rows["130"]["IsRootEvent"] == 0  # after the blank line


def test_interop_mentions_point_into_the_text(sample_store):
    threat = next(r for r in iter_layout(sample_store, "gdelt-events")
                  if r["EventCode"] == "130" and r["Actor2CountryCode"] == "JPN")
    m = next(m for m in iter_layout(sample_store, "gdelt-mentions") if m["GlobalEventID"] == threat["GlobalEventID"])
    assert TEXT_A[m["Actor1CharOffset"]:].startswith("Beijing")
    assert TEXT_A[m["Actor2CharOffset"]:].startswith("Japan")
    assert TEXT_A[m["ActionCharOffset"]:].startswith("warned")
    assert m["SentenceID"] == 3 and m["InRawText"] == 0  # "Beijing" was resolved through coreference
    assert m["MentionDocLen"] == len(TEXT_A) and m["Confidence"] == 80


def test_interop_files_load_with_pandas(sample_store, tmp_path):
    paths = export_layouts(sample_store, tmp_path)
    assert {p.name for p in paths.values()} == set(LAYOUT_FILES.values())
    events = pd.read_csv(paths["gdelt-events"], sep="\t", header=None, names=GDELT_EVENT_COLUMNS,
                         dtype={"EventCode": "string", "Actor1Name": "string"})
    assert len(events) == 6 and events.shape[1] == 61
    assert 'ARCTIC "NORTH" PATROL' in set(events.Actor1Name.dropna())  # quoted cell reads back unchanged
    mentions = pd.read_csv(paths["gdelt-mentions"], sep="\t", header=None, names=GDELT_MENTION_COLUMNS)
    assert set(mentions.GlobalEventID) == set(events.GlobalEventID)
    polecat = pd.read_csv(paths["polecat"], sep="\t", dtype=str, keep_default_na=False)
    assert tuple(polecat.columns) == POLECAT_COLUMNS
    assert set(polecat["Actor COW"]) == {""}
    assert "Talks, then \"spy plane\" row" in set(polecat.Headline)
    records = [json.loads(line) for line in paths["plover"].read_text(encoding="utf-8").splitlines()]
    assert len(records) == 7 and all(tuple(r) == PLOVER_FIELDS for r in records)
    assert (paths["parquet"] / "events.parquet").is_file()


@pytest.mark.parametrize("header, first", [(None, False), (True, True), (False, False)])
def test_interop_gdelt_header_option(sample_store, tmp_path, header, first):
    path = export_layout(sample_store, "gdelt-events", tmp_path / "e.tsv", header=header)
    assert (path.read_text(encoding="utf-8").split("\t", 1)[0] == "GlobalEventID") is first


def test_interop_plover_text_can_be_left_out(sample_store):
    with_text = list(iter_layout(sample_store, "plover"))
    without = list(iter_layout(sample_store, "plover", include_text=False))
    assert all(r["text"] for r in with_text) and all(r["text"] is None for r in without)


def test_interop_polecat_lists_and_story_entities(sample_store):
    row = next(r for r in iter_layout(sample_store, "polecat") if r["Event Type"] == "THREATEN")
    assert row["Recipient Country"] == "JPN;USA"
    assert row["Actor Name Raw"] == "Beijing" and row["Quad Code"] == 3
    assert row["Version"].startswith("detente-")


def test_interop_unknown_layout_is_refused(sample_store, tmp_path):
    with pytest.raises(StoreError) as err:
        export_layout(sample_store, "icews", tmp_path / "x.tsv")
    assert err.value.code == "D505"


def test_interop_export_replaces_a_file_whole(sample_store, tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("old content that is longer than nothing\n" * 100, encoding="utf-8")
    export_layout(sample_store, "polecat", path)
    assert "old content" not in path.read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))
