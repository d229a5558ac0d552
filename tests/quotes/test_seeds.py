"""The four real seed articles (not in the repository): quotes, dates and places an analyst would code.

Skipped where /work/shared/seeds is absent. The text is read at test time only; nothing of it is copied.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.dates import DateStage
from detente.places import PlaceStage, event_location
from detente.quotes import QuoteStage
from detente.records import Analysis, Article, RawRecord, article_id_for

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")


def _article(path: Path, published: str | None) -> Article:
    text = path.read_text(encoding="utf-8")
    try:
        from detente.clean import clean_record
    except ImportError:
        clean_record = None
    if clean_record is not None:
        article = clean_record(RawRecord(text=text, origin=str(path)))
        if published and not article.published:
            article.published = published
        return article
    return Article(id=article_id_for(text), text=text, published=published)


@pytest.fixture(scope="module")
def seeds(nlp):
    from detente.nlp import ParseStage

    try:
        from detente.actors import ActorStage

        actors = ActorStage()
    except ImportError:
        actors = None
    parse = ParseStage(nlp=nlp)
    stages = [PlaceStage(), DateStage(), QuoteStage()]
    # publication dates an analyst reads from each page (002 states its own)
    dates = {"000": "2018-09-27", "001": "2021-08-05", "002": "2020-10-30", "003": "2021-09-30"}
    out = {}
    for path in sorted(SEEDS.glob("0*.txt")):
        key = path.name[:3]
        analysis = parse(Analysis(_article(path, dates.get(key))))
        if actors is not None:
            analysis = actors(analysis)
        for stage in stages:
            analysis = stage(analysis)
        out[key] = analysis
    return out


@pytest.mark.parametrize(
    "seed,speaker,content_start",
    [
        ("000", "Ren", "China and Russia enjoy"),
        ("000", "Ren", "China has always taken"),
        ("000", "Ren", "The Chinese side attaches"),
        ("000", "Ren Guoqiang", "Regarding the provocative actions"),
        ("000", "Mattis", "If it was 20 years ago"),
        ("001", "Shi Yi", "This action by the US side"),
        ("001", "Zhao Lijian", "The US warships have repeatedly"),
        ("001", "Shoigu", "We notice a significant increase"),
        ("002", "Wu Qian", "China-US military relations"),
        ("002", "Wu Qian", "The parties held a deep exchange"),
        ("003", "Wu", "China’s sovereignty"),
        ("003", "Wu", "China urges the three countries"),
        ("003", "Meiners", "an important part of the Biden-Harris"),
    ],
)
def test_quotes_seed_speakers(seeds, seed, speaker, content_start):
    analysis = seeds[seed]
    found = [q for q in analysis.quotes if q.text.startswith(content_start)]
    assert found, [q.text[:30] for q in analysis.quotes]
    assert speaker in found[0].speaker.text
    text = analysis.article.text
    for q in analysis.quotes:
        assert text[q.start : q.end] == q.text


def test_dates_seed_october_20(seeds):
    analysis = seeds["002"]
    assert analysis.article.published == "2020-10-30"
    by_text = {d.text.lower(): d for d in analysis.dates}
    assert by_text["on october 20"].date == "2020-10-20"
    assert (by_text["from october 28-29"].date, by_text["from october 28-29"].end_date) == ("2020-10-28", "2020-10-29")
    assert by_text["in mid-november"].relation == "future"


@pytest.mark.parametrize(
    "anchor,place",
    [
        ("flyovers", "South China Sea"),
        ("flown", "South China Sea"),
        ("combined operation", "East China Sea"),
    ],
)
def test_places_seed_b52_flights(seeds, anchor, place):
    analysis = seeds["000"]
    text = analysis.article.text
    start = text.index(anchor)
    sent = analysis.sentence_at(start)
    got = event_location(analysis, sent.index, start, start + len(anchor))
    assert got is not None and got.name == place and got.feature_type == "sea"
    assert got.country is None  # a sea, not China's centroid
