"""A small hand-written gold set for cleaning (tests/fixtures/clean/gold.jsonl), scored per split.

Each line holds an original raw article (and optional input fields) with the fields an analyst
expects after cleaning; ``text_start``/``text_end`` pin the edges of the clean body, ``contains``
and ``absent`` pin pieces inside it, ``error`` an expected skip code. Rules were tuned on "dev"
only; "test" lines were written before the scorer first ran and were not tuned on.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.clean import clean_record
from detente.errors import InputError
from detente.records import RawRecord

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "clean" / "gold.jsonl"

# Pinned floors, measured 2026-11-23: dev 1.000 field / 1.000 article, test 0.929 / 0.750 (cl-11: an
# agency missing from data/agencies.tsv, "PAP", so its title-case dateline is not recognised). Raise, never lower silently.
FLOORS = {"dev": {"field_accuracy": 1.0, "article_accuracy": 1.0}, "test": {"field_accuracy": 0.92, "article_accuracy": 0.75}}


def _checks(article, error, expect):
    """(name, ok) for each expectation of one gold line."""
    if "error" in expect:
        return [("error", error is not None and error.code == expect["error"])]
    if error is not None:
        return [(key, False) for key in expect]
    out = []
    for key, value in expect.items():
        if key == "text_start":
            out.append((key, article.text.startswith(value)))
        elif key == "text_end":
            out.append((key, article.text.endswith(value)))
        elif key == "contains":
            out.append((key, all(v in article.text for v in value)))
        elif key == "absent":
            out.append((key, not any(v in article.text for v in value)))
        else:
            out.append((key, getattr(article, key) == value))
    return out


def score(split: str) -> tuple[dict[str, float], list[str]]:
    fields_ok = fields_all = articles_ok = articles_all = 0
    misses = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["split"] != split:
            continue
        article, error = None, None
        try:
            article = clean_record(RawRecord(row["text"], origin=row["id"], fields=row.get("fields", {})))
        except InputError as exc:
            error = exc
        checks = _checks(article, error, row["expect"])
        fields_ok += sum(ok for _, ok in checks)
        fields_all += len(checks)
        articles_ok += all(ok for _, ok in checks)
        articles_all += 1
        misses += [f"{row['id']}:{name}" for name, ok in checks if not ok]
    return {"field_accuracy": fields_ok / fields_all, "article_accuracy": articles_ok / articles_all}, misses


@pytest.mark.parametrize("split", ["dev", "test"])
def test_clean_gold_scores_meet_floors(split):
    scores, misses = score(split)
    print(f"clean gold {split}: {scores} misses={misses}")
    for metric, floor in FLOORS[split].items():
        assert scores[metric] + 1e-9 >= floor, (metric, scores, misses)


def test_clean_gold_has_both_splits():
    splits = [json.loads(line)["split"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert splits.count("dev") >= 6 and splits.count("test") >= 4
