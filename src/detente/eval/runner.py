"""``detente eval KIND GOLD.jsonl``: run the system over a gold file and format the scores.

Each kind maps to a scorer ``score_<kind>(rows, predict)`` in ``detente.eval.<kind>`` and to the
field of :class:`~detente.records.Analysis` it predicts. The full pipeline codes each gold text,
so the scores measure the system a user runs, not a component in isolation.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from .floors import load_gold

__all__ = ["evaluate", "predictor", "FIELDS"]

# kind -> the Analysis field the scorer compares with the gold
FIELDS = {
    "events": "events",
    "actors": "mentions",
    "quotes": "quotes",
    "dates": "dates",
    "places": "places",
}


def predictor(kind: str, pipeline=None):
    """predict(text, date) -> list of records of the kind, through the whole pipeline."""
    from ..records import Article, article_id_for
    from ..run import Pipeline

    pipeline = pipeline or Pipeline()
    field = FIELDS[kind]

    def predict(text: str, date: str | None = None):
        article = Article(id=article_id_for(text), text=text, published=date)
        for analysis in pipeline.analyze([article]):
            return getattr(analysis, field)
        return []

    return predict


def evaluate(kind: str, gold: str | Path, *, split: str = "all", pipeline=None) -> str:
    module = importlib.import_module(f"detente.eval.{kind}")
    rows = load_gold(gold, None if split == "all" else split)
    scorer = getattr(module, f"score_{kind}")
    if kind == "stories":
        scores = scorer(rows)
    else:
        scores = scorer(rows, predictor(kind, pipeline))
    formatter = getattr(module, "format_report", None)
    if formatter is not None:
        return formatter(scores)
    return json.dumps(scores, indent=2, default=str)
