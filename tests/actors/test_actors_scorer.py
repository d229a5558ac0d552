"""The actor scorer, on hand-made predictions (no model needed)."""

from __future__ import annotations

import pytest

from detente.eval.actors import gold_span, score_actors
from detente.records import Mention

ROW = {"id": "x", "split": "dev", "date": "2020-01-01",
       "text": "China and Russia bought Russian-made jets.",
       "mentions": [{"text": "China", "code": "CHN", "sector": "GOV", "kind": "state"},
                    {"text": "Russia", "code": "RUS", "sector": "GOV", "kind": "state"},
                    {"text": "Russian-made", "code": None, "sector": None, "kind": "none"}]}


def _m(start, end, code, sector="GOV"):
    return Mention("x", start, end, ROW["text"][start:end], code=code, sector=sector)


CASES = [
    ([_m(0, 5, "CHN"), _m(10, 16, "RUS")], {"country_accuracy": 1.0, "found_rate": 1.0, "none_accuracy": 1.0}),
    ([_m(0, 5, "CHN")], {"country_accuracy": 0.5, "found_rate": 0.5, "country_accuracy_found": 1.0}),
    ([_m(0, 5, "RUS"), _m(10, 16, "RUS"), _m(24, 36, "RUS")], {"country_accuracy": 0.5, "none_accuracy": 0.0}),
    ([_m(0, 5, "CHN", "MIL"), _m(10, 16, "RUS")], {"sector_accuracy": 0.5, "country_accuracy": 1.0}),
    ([], {"found_rate": 0.0, "none_accuracy": 1.0}),
]


@pytest.mark.parametrize("preds,expected", CASES)
def test_actors_scorer_metrics(preds, expected):
    scores = score_actors([ROW], lambda text, date: preds)
    for key, value in expected.items():
        assert scores[key] == pytest.approx(value), key
    assert set(scores["per_kind"]) == {"state"}


def test_actors_scorer_gold_span_occurrence():
    assert gold_span("Wu said. Wu added.", "Wu", 1) == (9, 11)
    with pytest.raises(ValueError):
        gold_span("Wu said.", "Ren")
