"""The gold set's shape, the scorer's arithmetic, and the pinned floors on the test split."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from detente.eval.floors import check_floors
from detente.eval.stories import b_cubed, pairwise_f1, score_stories

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "gold, pred, b3_f1, pw_f1",
    [
        ({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"}, 1.0, 1.0),
        ([["a", "b", "c"]], [["a"], ["b"], ["c"]], 0.5, 0.0),
        ([["a"], ["b"], ["c"]], [["a", "b", "c"]], 0.5, 0.0),
        ({"a": 1, "b": 1, "c": 1, "d": 2}, {"a": 1, "b": 1, "c": 2, "d": 2}, 0.7059, 0.4),
        ({"a": 1, "b": 1}, {"a": 1}, 0.6667, 0.0),  # an item the prediction lacks is a singleton
    ],
)
def test_stories_scorer_known_values(gold, pred, b3_f1, pw_f1):
    assert b_cubed(gold, pred)["f1"] == pytest.approx(b3_f1, abs=1e-4)
    assert pairwise_f1(gold, pred)["f1"] == pytest.approx(pw_f1, abs=1e-4)


def test_stories_scorer_rejects_overlapping_clusters():
    with pytest.raises(ValueError):
        b_cubed([["a", "b"], ["b"]], [["a", "b"]])


@pytest.mark.parametrize("check", ["size", "splits", "duplicates", "events"])
def test_stories_gold_is_well_formed(check, gold_rows):
    by_id = {r["id"]: r for r in gold_rows}
    stories = defaultdict(list)
    for r in gold_rows:
        stories[r["story"]].append(r)
    if check == "size":
        assert len(gold_rows) >= 60 and len(stories) >= 15 and len(by_id) == len(gold_rows)
        assert all(120 <= len(r["text"].split()) <= 300 for r in gold_rows)
    elif check == "splits":  # split by story, about a third test
        assert all(len({r["split"] for r in rs}) == 1 for rs in stories.values())
        n_test = sum(r["split"] == "test" for r in gold_rows)
        assert 0.25 <= n_test / len(gold_rows) <= 0.45
    elif check == "duplicates":  # a copy is of an earlier-or-same-day article of the same story
        for r in gold_rows:
            if r["duplicate_of"]:
                orig = by_id[r["duplicate_of"]]
                assert orig["story"] == r["story"] and orig["date"] <= r["date"] and not orig["duplicate_of"]
    else:  # an event key means one event: same type and participants wherever it appears
        seen = {}
        for r in gold_rows:
            for e in r["events"]:
                sig = (e["event"], tuple(e["actor"]), tuple(e["recipient"]), e["date"], e.get("place"))
                assert seen.setdefault(e["key"], sig) == sig


@pytest.fixture(scope="module")
def scores(gold_rows):
    return {split: score_stories(gold_rows, split=split) for split in ("dev", "test")}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_stories_gold_scores_are_reported(split, scores):
    s = scores[split]
    print(split, json.dumps({k: v for k, v in s.items() if k.endswith("f1")}))
    assert s["n_articles"] > 0 and 0.0 <= s["stories_b3_f1"] <= 1.0


def test_stories_gold_meets_pinned_floors(scores):
    floors = ROOT / "tests" / "gold" / "floors" / "stories.json"
    assert json.loads(floors.read_text())["split"] == "test"
    assert check_floors(floors, scores["test"], root=ROOT) == []
