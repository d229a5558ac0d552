"""Event quality gate: the coder on the test split of tests/gold/events.jsonl vs pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.eval.events import format_report, pipeline_predictor, score_events
from detente.eval.floors import check_floors, load_floors, load_gold

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "tests" / "gold" / "floors" / "events.json"
# The second held-out set (a fifth annotator, tests/gold/heldout/events.jsonl): nobody tuned on it.
FLOOR_FILES = [FLOORS, ROOT / "tests" / "gold" / "floors" / "events_heldout.json"]


@pytest.mark.parametrize("floors", FLOOR_FILES, ids=lambda p: p.stem)
def test_events_floors_test_split(nlp, floors):
    spec = load_floors(floors)
    rows = load_gold(ROOT / spec["gold"], split=spec.get("split", "test"))
    assert rows, "no gold rows in the pinned split"
    scores = score_events(rows, pipeline_predictor(nlp=nlp))
    failures = check_floors(floors, scores, root=ROOT)
    assert not failures, "\n".join(failures) + "\n\n" + format_report(scores)


@pytest.mark.parametrize(
    "gold, preds, metric, value",
    [
        # same type, same sentence: a match
        ([{"event": "ACCUSE", "actor": ["CHN"], "recipient": ["USA"]}], [("ACCUSE", False)], "type_micro_f1", 1.0),
        # a flagged prediction never matches an unflagged gold event, and is not a false positive
        ([{"event": "ACCUSE", "actor": ["CHN"], "recipient": []}], [("ACCUSE", True)], "type_micro_recall", 0.0),
        ([], [("ACCUSE", True)], "type_micro_precision", 0.0),
        # a flagged gold event matches a prediction with the same flag
        ([{"event": "SANCTION", "actor": [], "recipient": [], "negated": True}], [("SANCTION", True)],
         "type_micro_f1", 1.0),
        ([{"event": "SANCTION", "actor": ["USA"], "recipient": []}], [("MOBILIZE", False)], "type_micro_f1", 0.0),
    ],
)
def test_events_scorer_matching(gold, preds, metric, value):
    from detente.records import Event, Mention

    def predict(text, date):
        return [
            Event(id=str(i), article_id="a", event=t, sentence=0, start=0, end=4, anchor_start=0, anchor_end=1,
                  anchor_text="x", negated=flag, actor=[Mention("a", 0, 1, "x", code="CHN")])
            for i, (t, flag) in enumerate(preds)
        ]

    scores = score_events([{"id": "x", "text": "text", "date": None, "events": gold}], predict)
    assert scores[metric] == pytest.approx(value)
    assert "type micro" in format_report(scores)


def test_events_scorer_confusion_and_actor_accuracy():
    from detente.records import Event, Mention

    def predict(text, date):
        m = Mention("a", 0, 1, "x", code="CHN")
        return [Event(id="1", article_id="a", event="ACCUSE", sentence=0, start=0, end=4, anchor_start=0,
                      anchor_end=1, anchor_text="x", actor=[m], mode="allege"),
                Event(id="2", article_id="a", event="REJECT", sentence=0, start=0, end=4, anchor_start=0,
                      anchor_end=1, anchor_text="x")]

    gold = [{"id": "g", "text": "t", "events": [
        {"event": "ACCUSE", "mode": "allege", "actor": ["CHN"], "recipient": ["USA"]},
        {"event": "THREATEN", "actor": ["CHN"], "recipient": []}]}]
    s = score_events(gold, predict)
    assert s["actor_country_accuracy"] == 1.0 and s["recipient_country_accuracy"] == 0.0
    assert s["mode_accuracy"] == 1.0
    assert s["confusion"]["ACCUSE"]["ACCUSE"] == 1 and s["confusion"]["THREATEN"]["REJECT"] == 1
    assert s["per_type"]["REJECT"]["fp"] == 1 and s["per_type"]["THREATEN"]["fn"] == 1
