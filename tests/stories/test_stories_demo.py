"""Stories and copies against the second, independently written gold: the demo corpus run end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.eval.floors import check_floors, load_gold
from detente.eval.stories import demo_gold_key, score_demo_stories
from detente.records import Analysis, Article

ROOT = Path(__file__).resolve().parents[2]
DEMO_GOLD = ROOT / "tests" / "gold" / "demo.jsonl"
FLOORS = ROOT / "tests" / "gold" / "floors" / "demo_stories.json"


@pytest.mark.parametrize(
    "origin, external_id, key",
    [
        ("/x/demo/txt/001_us_warships_taiwan_strait.txt:0", None, "001_us_warships_taiwan_strait.txt"),
        ("/x/demo/html/003_taipei_view.html:0", None, "003_taipei_view.html"),
        ("/x/demo/wire.jsonl:4", "wire-04", "wire-04"),
        ("/x/demo/export.csv:62", "exp-05", "exp-05"),
        ("C:\\demo\\txt\\007_knives.txt:0", None, "007_knives.txt"),
        ("<memory>", None, "<memory>"),
    ],
)
def test_stories_demo_gold_key_maps_origins(origin, external_id, key):
    art = Article(id="a", text="x", origin=origin, external_id=external_id)
    assert demo_gold_key(art) == key


def _analysis(aid: str, origin: str, text: str, date: str | None) -> Analysis:
    return Analysis(Article(id=aid, text=text, origin=origin, published=date, title=text.split(".")[0]))


@pytest.mark.parametrize("split, b3_f1", [("dev", 1.0), ("test", 0.8), ("all", 0.8889)])
def test_stories_demo_scorer_known_values(split, b3_f1, base_text, other_text):
    # two retellings of one story (dev) and a test story of two articles the clusterer cannot join
    analyses = [
        _analysis("a", "d/txt/a.txt:0", base_text, "2026-05-04"),
        _analysis("b", "d/txt/b.txt:0", other_text, "2026-05-05"),
        _analysis("c", "d/txt/c.txt:0", "Fishing boats collided off the reef. Nobody was hurt in the night. " * 3, "2026-01-01"),
        _analysis("d", "d/txt/d.txt:0", "A parliament in the north voted on a budget. Taxes will rise. " * 3, "2026-09-01"),
    ]
    gold = [
        {"article": "a.txt", "story": "s1", "split": "dev", "duplicate_of": None},
        {"article": "b.txt", "story": "s1", "split": "dev", "duplicate_of": None},
        {"article": "c.txt", "story": "s2", "split": "test", "duplicate_of": None},
        {"article": "d.txt", "story": "s2", "split": "test", "duplicate_of": None},
        {"article": "e.txt", "story": "s3", "split": "test", "duplicate_of": None},  # not stored: unmatched
    ]
    scores = score_demo_stories(analyses, gold)[split]
    assert scores["stories_b3_f1"] == pytest.approx(b3_f1, abs=1e-4)
    assert scores["n_unmatched"] == (0 if split == "dev" else 1)


@pytest.fixture(scope="module")
def demo_scores(demo_store):
    gold = load_gold(DEMO_GOLD)
    return {
        "rebuilt": score_demo_stories(demo_store, gold),
        "stored": score_demo_stories(demo_store, gold, rebuild=False),
    }


@pytest.mark.parametrize("which", ["rebuilt", "stored"])
def test_stories_demo_every_gold_article_is_matched(which, demo_scores):
    scores = demo_scores[which]
    print(which, json.dumps({sp: {k: v for k, v in scores[sp].items() if "f1" in k or k.startswith("n_")}
                             for sp in ("dev", "test")}))
    assert scores["all"]["n_articles"] == 70 and scores["all"]["n_unmatched"] == 0
    assert scores["all"]["duplicates_b3_f1"] >= 0.95  # the six syndicated copies are found either way


def test_stories_demo_meets_pinned_floors(demo_scores):
    assert json.loads(FLOORS.read_text())["split"] == "test"
    assert check_floors(FLOORS, demo_scores["rebuilt"]["test"], root=ROOT) == []
