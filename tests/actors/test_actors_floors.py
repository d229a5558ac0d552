"""Quality gate: the test split of tests/gold/actors.jsonl against the pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.eval.actors import score_actors
from detente.eval.floors import check_floors, load_floors, load_gold

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "tests" / "gold" / "floors" / "actors.json"
# The independent actor gold (tests/gold/heldout/actors.jsonl), written by someone who did not write the resolver.
FLOOR_FILES = [FLOORS, ROOT / "tests" / "gold" / "floors" / "actors_heldout.json"]


@pytest.mark.parametrize("floors", FLOOR_FILES, ids=lambda p: p.stem)
def test_actors_floors_hold_on_test_split(parse, actor_stage, floors):
    spec = load_floors(floors)
    rows = load_gold(ROOT / spec["gold"], split=spec["split"])
    assert len(rows) >= 40

    def predict(text, date):
        return actor_stage(parse(text, date)).mentions

    scores = score_actors(rows, predict)
    failures = check_floors(floors, scores, root=ROOT)
    assert not failures, failures


def test_actors_floors_meet_the_project_minimums():
    floors = load_floors(FLOORS)["floors"]
    assert floors["country_accuracy"] >= 0.95
    assert floors["sector_accuracy"] >= 0.90


def test_actors_gold_is_large_and_split():
    rows = load_gold(ROOT / "tests" / "gold" / "actors.jsonl")
    mentions = sum(len(r["mentions"]) for r in rows)
    assert mentions >= 330
    test = [r for r in rows if r["split"] == "test"]
    assert 0.25 <= len(test) / len(rows) <= 0.45
    assert len({r["id"] for r in rows}) == len(rows)
