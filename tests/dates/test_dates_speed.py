"""Dates: the factored date pattern finds exactly what the plain alternation found (issue 8)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.dates._patterns import _ALTERNATIVES, DATE_RE

DEMO = Path(__file__).resolve().parents[2] / "src" / "detente" / "data" / "demo"

# The pattern before issue 8: a word boundary inside every alternative, tried once per alternative.
PLAIN_RE = re.compile("|".join(f"(?P<{name}>\\b{pattern})" for name, pattern in _ALTERNATIVES))


def _found(rx, text):
    return [(m.lastgroup, m.span()) for m in rx.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "on October 30 and January 8, the ministry said on Monday morning",
        "between October 28 and November 2, 2020, then again 3 days ago",
        "2000 troops arrived in mid-2021; by the end of the year, talks in early March",
        "the 1990s, last Thursday, this week, the past month, over the weekend, yesterday",
        "٣ days ago, ſeveral weeks ago, Ａpril 3, _May 4, x2020, 20201, May4",  # non-ASCII digits and letters
        "from the 3rd to the 5th of May; Monday night to Wednesday; earlier this month",
        "",
    ],
)
def test_dates_pattern_same_matches_as_plain_alternation(text):
    assert _found(DATE_RE, text) == _found(PLAIN_RE, text)


def test_dates_pattern_same_matches_on_demo_corpus():
    texts = [p.read_text(encoding="utf-8") for p in sorted(DEMO.rglob("*")) if p.is_file()]
    assert texts
    found = 0
    for text in texts:
        ours = _found(DATE_RE, text)
        assert ours == _found(PLAIN_RE, text)
        found += len(ours)
    assert found > 100  # the corpus does exercise the pattern


@pytest.mark.parametrize("start,end", [(0, 12), (3, 20), (5, 5)])
def test_dates_pattern_same_matches_in_a_window(start, end):
    # _matches re-searches the halves of "October 30 and January 8" with pos/endpos
    text = "October 30 and January 8"
    assert [m.span() for m in DATE_RE.finditer(text, start, end)] == [m.span() for m in PLAIN_RE.finditer(text, start, end)]
