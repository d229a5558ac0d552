"""Dates: expressions, resolution against publication, event dates, gold floors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.dates import DateStage, event_date, resolve_expression
from detente.eval.dates import score_dates
from detente.eval.floors import check_floors, load_gold
from detente.nlp import ParseStage
from detente.stages import check_order

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dated(parse):
    stage = DateStage()

    def run(text: str, date: str | None = "2020-10-30"):
        return stage(parse(text, date))

    return run


def test_dates_stage_contract():
    stage = DateStage()
    assert (stage.name, stage.requires, stage.assigns) == ("dates", ("doc", "sentences"), ("dates",))
    check_order([ParseStage(), stage])


# publication 2020-10-30 is a Friday
@pytest.mark.parametrize(
    "text,tense,expected",
    [
        ("on Thursday", "past", ("2020-10-29", None, "day")),
        ("on Thursday", "future", ("2020-11-05", None, "day")),
        ("on Friday", "past", ("2020-10-30", None, "day")),
        ("last Friday", "past", ("2020-10-23", None, "day")),
        ("next Monday", "past", ("2020-11-02", None, "day")),
        ("last week", "past", ("2020-10-19", "2020-10-25", "week")),
        ("this week", "past", ("2020-10-26", "2020-11-01", "week")),
        ("earlier this month", "past", ("2020-10-01", "2020-10-30", "month")),
        ("on October 20", "past", ("2020-10-20", None, "day")),
        ("on December 3", "past", ("2019-12-03", None, "day")),
        ("on December 3", "future", ("2020-12-03", None, "day")),
        ("on January 5", "future", ("2021-01-05", None, "day")),
        ("From October 28-29", "past", ("2020-10-28", "2020-10-29", "range")),
        ("between 3 and 5 March", "past", ("2020-03-03", "2020-03-05", "range")),
        ("in mid-November", "future", ("2020-11-11", "2020-11-20", "month")),
        ("in early March", "past", ("2020-03-01", "2020-03-10", "month")),
        ("in late December", "past", ("2019-12-21", "2019-12-31", "month")),
        ("by the end of the year", "future", ("2020-10-30", "2020-12-31", "range")),
        ("in 2019", "past", ("2019-01-01", "2019-12-31", "year")),
        ("in 1979", "past", ("1979-01-01", "1979-12-31", "year")),
        ("last year", "past", ("2019-01-01", "2019-12-31", "year")),
        ("next year", "future", ("2021-01-01", "2021-12-31", "year")),
        ("two days ago", "past", ("2020-10-28", None, "day")),
        ("yesterday", "past", ("2020-10-29", None, "day")),
        ("tomorrow", "future", ("2020-10-31", None, "day")),
        ("on Tuesday and Wednesday", "past", ("2020-10-27", "2020-10-28", "range")),
        ("29th October, 2020", "past", ("2020-10-29", None, "day")),
        ("Thursday, Oct. 5, 2023", "past", ("2023-10-05", None, "day")),
        ("in November 2017", "past", ("2017-11-01", "2017-11-30", "month")),
        ("last month", "past", ("2020-09-01", "2020-09-30", "month")),
        ("the 1990s", "past", ("1990-01-01", "1999-12-31", "year")),
        ("the second half of August", "past", ("2020-08-16", "2020-08-31", "month")),
    ],
)
def test_dates_resolve_expression(text, tense, expected):
    assert resolve_expression(text, "2020-10-30", tense=tense) == expected


@pytest.mark.parametrize(
    "text,expr,expected",
    [
        ("Officials met on Thursday.", "on Thursday", ("2020-10-29", None, "past")),
        ("The ministers will meet on Thursday.", "on Thursday", ("2020-11-05", None, "future")),
        ("The sides agreed to hold a seminar in mid-November.", "in mid-November", ("2020-11-11", "2020-11-20", "future")),
        ("The pact expires on Monday.", "on Monday", ("2020-11-02", None, "future")),
        ("A hearing is set for Monday.", "Monday", ("2020-11-02", None, "future")),
        ("On October 20, officials held phone talks.", "On October 20", ("2020-10-20", None, "past")),
        ("The talks took place on October 30 and January 8.", "January 8", ("2020-01-08", None, "past")),
        ("Theresa May spoke in May.", "in May", ("2020-05-01", "2020-05-31", "past")),
    ],
)
def test_dates_in_context(dated, text, expr, expected):
    analysis = dated(text)
    found = [d for d in analysis.dates if d.text == expr]
    assert found, [d.text for d in analysis.dates]
    d = found[0]
    assert (d.date, d.end_date, d.relation) == expected


@pytest.mark.parametrize(
    "text,not_a_date",
    [
        ("Theresa May said the plan would work.", "May"),
        ("The army sent 2000 troops.", "2000"),
        ("Police may march through the city.", "march"),
    ],
)
def test_dates_ignores_non_dates(dated, text, not_a_date):
    analysis = dated(text)
    assert not any(not_a_date in d.text for d in analysis.dates)


def test_dates_without_publication(dated):
    analysis = dated("The treaty was signed in 1987 and renewed last week.", None)
    by_text = {d.text: d for d in analysis.dates}
    assert by_text["in 1987"].date == "1987-01-01"
    assert by_text["last week"].date is None


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("Ren said on Thursday that the US had sanctioned the unit last week.", "sanctioned",
         ("2020-10-19", "2020-10-25", "week", "text")),
        ("Ren said on Thursday that the US had sanctioned the unit last week.", "said",
         ("2020-10-29", None, "day", "text")),
        ("The sides agreed to hold a seminar in mid-November.", "hold", ("2020-11-11", "2020-11-20", "month", "text")),
        ("China protested the flights.", "protested", ("2020-10-30", None, "day", "publication")),
    ],
)
def test_dates_event_date(dated, text, anchor, expected):
    analysis = dated(text)
    start = text.index(anchor)
    assert event_date(analysis, 0, start, start + len(anchor)) == expected


def test_dates_event_date_without_any_date(dated):
    analysis = dated("China protested the flights.", None)
    assert event_date(analysis, 0, 6, 15) == (None, None, None, "none")


_EXPRS = ["on Thursday", "last week", "in mid-November", "on October 20", "From October 28-29", "in 2019",
          "two days ago", "yesterday", "by the end of the year", "on Tuesday and Wednesday", "earlier this month"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_EXPRS), min_size=1, max_size=4), st.sampled_from([" ", "\n", "\n\n"]))
def test_dates_offsets_slice_text(dated, exprs, sep):
    text = sep.join(f"Officials met {e}." for e in exprs)
    analysis = dated(text)
    assert len(analysis.dates) >= len(exprs)
    for d in analysis.dates:
        assert text[d.start : d.end] == d.text
        assert d.date is not None


def test_dates_gold_has_splits():
    rows = load_gold(ROOT / "tests/gold/dates.jsonl")
    assert sum(len(r["dates"]) for r in rows) >= 150
    assert {r["split"] for r in rows} == {"dev", "test"}


def test_dates_gold_floors(parse):
    stage = DateStage()
    rows = load_gold(ROOT / "tests/gold/dates.jsonl", "test")
    scores = score_dates(rows, lambda row: stage(parse(row["text"], row["published"])).dates)
    failures = check_floors(ROOT / "tests/gold/floors/dates.json", scores, root=ROOT)
    assert not failures, failures
