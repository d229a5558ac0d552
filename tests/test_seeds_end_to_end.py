"""`detente run ../shared/seeds`, then the store: the issue's acceptance checks, end to end.

Only a few words of the seeds appear here; their text belongs to their publishers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.cli import main
from detente.store import open_store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds is not beside the repository")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    assert main(["run", str(SEEDS), "--db", str(db), "--no-progress"]) == 0
    return db


@pytest.fixture(scope="module")
def seeds(seeds_db):
    with open_store(seeds_db, read_only=True) as store:
        by_file = {}
        for article in store.articles():
            name = article.origin.rsplit("/", 1)[-1].split(":")[0][:3]
            by_file[name] = store.analysis(article.id)
        yield by_file


def _events(analysis, kind):
    return [(e, {m.code for m in e.actor}, {m.code for m in e.recipient}) for e in analysis.events if e.event == kind]


def test_seeds_all_four_stored(seeds):
    assert set(seeds) == {"000", "001", "002", "003"}


def test_seeds_mojibake_fixed(seeds):
    text = seeds["003"].article.text
    assert "â" not in text and "“China’s sovereignty" in text


def test_seeds_boilerplate_gone_and_title_read(seeds):
    a = seeds["001"].article
    assert "Comments are closed" not in a.text and "Condensed Form" not in a.text
    assert a.title and a.title.startswith("Putin plans")
    assert not a.text.startswith("Putin plans")


def test_seeds_metadata_dateline_and_agencies(seeds):
    a = seeds["002"].article
    assert (a.published, a.published_from) == ("2020-10-30", "metadata")
    assert a.dateline_place == "Beijing" and {"UrduPoint News", "Sputnik"} <= set(a.agencies)
    assert not a.text.startswith("BEIJING")
    assert seeds["000"].article.dateline_place == "Beijing" and "AFP" in seeds["000"].article.agencies


def test_seeds_headline_and_standfirst(seeds):
    a = seeds["003"].article
    assert a.title and a.title.startswith("China, US in talks") and a.summary


def test_seeds_sanction_and_accusation_coded(seeds):
    sanctions = _events(seeds["000"], "SANCTION")
    assert any("USA" in act and "CHN" in rec for _, act, rec in sanctions)
    accusations = [x for a in seeds.values() for x in _events(a, "ACCUSE")]
    assert any("CHN" in act and "USA" in rec for _, act, rec in accusations)


def test_seeds_phone_talks_dated_from_text(seeds):
    consults = _events(seeds["002"], "CONSULT")
    assert any(e.date == "2020-10-20" and e.mode == "phone" and "CHN" in act for e, act, rec in consults)


def test_seeds_phone_talks_have_both_sides(seeds):
    consults = _events(seeds["002"], "CONSULT")
    assert any(e.date == "2020-10-20" and {"CHN", "USA"} <= act | rec for e, act, rec in consults)


def test_seeds_hypothetical_not_an_event_of_2018(seeds):
    for e in seeds["000"].events:
        sentence = seeds["000"].article.text[e.start:e.end]
        if sentence.lstrip("\"“").startswith("If it was 20 years ago"):
            assert e.hypothetical or e.historical


def test_seeds_actors_listed(seeds_db, capsys):
    assert main(["actors", "--db", str(seeds_db), "--limit", "40"]) == 0
    out = capsys.readouterr().out
    for name in ("Ren Guoqiang", "Wu Qian", "Sergei Shoigu"):
        line = next((x for x in out.splitlines() if name in x), "")
        assert line, name
        assert ("RUS" if name == "Sergei Shoigu" else "CHN") in line


def test_seeds_every_span_slices_the_stored_text(seeds):
    for analysis in seeds.values():
        text = analysis.article.text
        for span in [*analysis.sentences, *analysis.mentions, *analysis.places, *analysis.dates, *analysis.quotes]:
            assert text[span.start:span.end] == span.text
        for e in analysis.events:
            assert text[e.anchor_start:e.anchor_end] == e.anchor_text
