"""The four real seed articles, read and cleaned end to end (skipped where the seeds are absent).

Assertions check fields and a few words only: the seed text belongs to its publishers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.clean import clean_record
from detente.ingest import read_sources
from detente.records import RawRecord
from detente.report import RunReport

SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "corpus"

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")


@pytest.fixture(scope="module")
def seeds():
    report = RunReport()
    out = {}
    for raw in read_sources([SEEDS], report=report):
        if raw.origin.endswith(".txt:0"):
            out[Path(raw.origin.rsplit(":", 1)[0]).name[:3]] = clean_record(raw)
    assert report.skipped == 0
    return out


def test_clean_seeds_all_four_clean(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003"]
    assert all(a.language == "en" for a in seeds.values())


def test_clean_seed_000_dateline_and_afp_handover(seeds):
    a = seeds["000"]
    assert a.dateline_place == "Beijing"
    assert a.agencies == ["AFP"]
    assert not a.text.startswith("BEIJING")
    assert "AFP adds" not in a.text
    assert "\n\nChina slams US B-52s" in a.text  # the sub-headline is its own paragraph


def test_clean_seed_001_repeated_title_and_boilerplate(seeds):
    a = seeds["001"]
    assert a.title is not None and a.title.startswith("Putin plans to strengthen")
    assert not a.text.startswith("Putin plans")
    assert "Brinkwire" not in a.text and "Comments are closed" not in a.text
    assert a.text.endswith("was practiced.”")


def test_clean_seed_002_metadata_date_and_urdupoint_dateline(seeds):
    a = seeds["002"]
    assert (a.published, a.published_from) == ("2020-10-30", "metadata")
    assert a.dateline_place == "Beijing"
    assert a.agencies == ["UrduPoint News", "Sputnik"]
    assert a.text.startswith("Stable contacts")
    assert a.text.count("Stable contacts") == 1  # the glued copy of the lede is gone


def test_clean_seed_003_mojibake_quotes_title_and_standfirst(seeds):
    a = seeds["003"]
    assert "â" not in a.text
    assert "the “continued provocation and containment” of China" in a.text
    assert "“China’s sovereignty" in a.text
    assert "region,” he said." in a.text
    assert a.title.startswith("China, US in talks")
    assert a.summary.startswith("China and US defense officials")
    assert a.dateline_place == "Beijing"


def test_clean_seeds_round_trip_is_idempotent(seeds):
    for a in seeds.values():
        again = clean_record(RawRecord(a.text, fields={"title": a.title, "date": a.published}))
        assert (again.text, again.id) == (a.text, a.id)


def test_clean_ingest_fixture_corpus_end_to_end():
    report = RunReport()
    articles = [clean_record(r) for r in read_sources([FIXTURES], report=report)]
    by_origin = {Path(a.origin).name: a for a in articles}
    html = by_origin["d_page.html:0"]
    assert html.title == "Norway and Finland expand air policing"
    assert html.text.startswith("Norway and Finland agreed on Thursday")  # title copy and dateline gone
    assert (html.published, html.published_from, html.source) == ("2023-09-14", "input", "Nordic Ledger")
    assert (html.dateline_place, html.url) == ("Oslo", "https://example.org/nordic/air-policing")
    wire = by_origin["b_wire.jsonl:1"]
    assert (wire.external_id, wire.published, wire.dateline_place) == ("w-1", "2022-02-03", "Accra")
    csv_row = by_origin["c_export.csv:2"]
    assert (csv_row.published, csv_row.dateline_place, csv_row.external_id) == ("2022-05-05", "Suva", "c-1")
    assert by_origin["e_more.text:0"].agencies == ["Reuters"]
    assert by_origin["e_more.text:0"].dateline_place == "Quito"
    brief = by_origin["a_brief.txt:0"]
    assert brief.title == "Envoys meet in Geneva over prisoner exchange"
    assert brief.dateline_place == "Geneva"
