"""Scorer for story clustering, syndicated-duplicate detection and event merging.

Gold: ``tests/gold/stories.jsonl`` (see docs/gold-format.md). Each line is one article with its gold story
label, the article it is a copy of (or null) and hand-coded event keys. :func:`score_stories` runs
:func:`detente.stories.build_stories` over the rows of one split and compares:

* stories: B³ and pairwise P/R/F1 of predicted story ids against gold story labels;
* duplicates: the same over copy groups (an article and its copies form one group; others are singletons);
* merged events: the same over gold event instances (article, key), grouped by key in the gold and by
  merged-event id in the prediction. Events are built from the gold event objects, so this measures merging,
  not the event coder.

Run ``python -m detente.eval.stories [gold.jsonl]`` to print the scores for both splits.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

from ..records import Analysis, Article, Event, Mention, Place

__all__ = ["b_cubed", "pairwise_f1", "score_stories", "gold_analyses", "GOLD_PATH"]

GOLD_PATH = Path("tests/gold/stories.jsonl")

Clusters = Mapping[Hashable, Hashable] | Iterable[Iterable[Hashable]]


def _labels(clusters: Clusters) -> dict[Hashable, Hashable]:
    """Item -> cluster label, from a mapping or from a list of clusters."""
    if isinstance(clusters, Mapping):
        return dict(clusters)
    out: dict[Hashable, Hashable] = {}
    for n, cluster in enumerate(clusters):
        for item in cluster:
            if item in out:
                raise ValueError(f"item {item!r} is in more than one cluster")
            out[item] = n
    return out


def _prf(p: float, r: float) -> dict[str, float]:
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def b_cubed(gold_clusters: Clusters, pred_clusters: Clusters) -> dict[str, float]:
    """B³ precision, recall and F1 over the items of the gold clustering.

    Each argument is a mapping item -> cluster label or a list of clusters (iterables of items). Items the
    prediction lacks count as singletons.
    """
    gold, pred = _labels(gold_clusters), _labels(pred_clusters)
    if not gold:
        return _prf(1.0, 1.0)
    g_members: dict[Hashable, set] = defaultdict(set)
    p_members: dict[Hashable, set] = defaultdict(set)
    for item, label in gold.items():
        g_members[label].add(item)
        p_members[("pred", pred[item]) if item in pred else ("single", item)].add(item)
    p_of = {item: ("pred", pred[item]) if item in pred else ("single", item) for item in gold}
    prec = rec = 0.0
    for item in gold:
        g, p = g_members[gold[item]], p_members[p_of[item]]
        both = len(g & p)
        prec += both / len(p)
        rec += both / len(g)
    n = len(gold)
    return _prf(prec / n, rec / n)


def pairwise_f1(gold_clusters: Clusters, pred_clusters: Clusters) -> dict[str, float]:
    """Precision, recall and F1 over pairs of items placed in the same cluster (items of the gold only)."""
    gold, pred = _labels(gold_clusters), _labels(pred_clusters)
    items = sorted(gold, key=repr)
    tp = fp = fn = 0
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            same_g = gold[a] == gold[b]
            same_p = a in pred and b in pred and pred[a] == pred[b]
            tp += same_g and same_p
            fp += same_p and not same_g
            fn += same_g and not same_p
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return _prf(p, r)


def _mention(row_id: str, code: str) -> Mention:
    return Mention(article_id=row_id, start=0, end=0, text=code, code=code)


def gold_analyses(rows: Iterable[dict[str, Any]]) -> list[Analysis]:
    """Analyses built from gold rows: the article (id = gold id) and Event records from the gold event keys."""
    out = []
    for row in rows:
        art = Article(
            id=row["id"], text=row["text"], title=row.get("title"), source=row.get("source"),
            published=row.get("date"), url=row.get("url"),
        )
        events = []
        for n, ev in enumerate(row.get("events", [])):
            place = ev.get("place")
            events.append(
                Event(
                    id=f"{row['id']}#{ev['key']}", article_id=row["id"], event=ev["event"], sentence=n,
                    start=0, end=0, anchor_start=0, anchor_end=0, anchor_text="", mode=ev.get("mode"),
                    actor=[_mention(row["id"], c) for c in ev.get("actor", [])],
                    recipient=[_mention(row["id"], c) for c in ev.get("recipient", [])],
                    date=ev.get("date"),
                    event_loc=Place(article_id=row["id"], start=0, end=0, text=place, name=place) if place else None,
                )
            )
        out.append(Analysis(art, events=events))
    return out


def score_stories(
    rows: Iterable[dict[str, Any]],
    *,
    split: str | None = None,
    settings=None,
    duplicate_settings=None,
    window_days: int | None = None,
    backend=None,
) -> dict[str, float]:
    """Score stories, duplicates and merged events on ``rows`` (the lines of stories.jsonl).

    ``split`` keeps only that split's rows. The other options are passed to ``build_stories``.
    """
    from ..stories import build_stories

    rows = [r for r in rows if split is None or r.get("split") == split]
    kwargs: dict[str, Any] = {"settings": settings, "duplicate_settings": duplicate_settings, "backend": backend}
    if window_days is not None:
        kwargs["window_days"] = window_days
    stories, duplicates, merged = build_stories(gold_analyses(rows), **kwargs)

    gold_story = {r["id"]: r["story"] for r in rows}
    pred_story = {m: st.id for st in stories for m in st.members}

    ids = {r["id"] for r in rows}

    def dup_root(r: dict[str, Any]) -> str:
        seen, cur = set(), r["id"]
        by_id = {x["id"]: x for x in rows}
        while by_id.get(cur, {}).get("duplicate_of") in ids and cur not in seen:
            seen.add(cur)
            cur = by_id[cur]["duplicate_of"]
        return cur

    gold_dup = {r["id"]: dup_root(r) for r in rows}
    pred_dup = {r["id"]: r["id"] for r in rows}
    for copy, original, _ in duplicates:
        pred_dup[copy] = original

    gold_events = {f"{r['id']}#{e['key']}": e["key"] for r in rows for e in r.get("events", [])}
    pred_events = {eid: m["id"] for m in merged for eid in m["event_ids"]}

    scores: dict[str, float] = {
        "n_articles": len(rows),
        "n_gold_stories": len(set(gold_story.values())),
        "n_pred_stories": len(stories),
        "n_gold_copies": sum(1 for r in rows if r.get("duplicate_of")),
        "n_pred_copies": len(duplicates),
        "n_gold_events": len(set(gold_events.values())),
        "n_pred_merged": len(merged),
    }
    for name, gold, pred in (
        ("stories", gold_story, pred_story),
        ("duplicates", gold_dup, pred_dup),
        ("merged", gold_events, pred_events),
    ):
        b3 = b_cubed(gold, pred)
        pw = pairwise_f1(gold, pred)
        scores.update({f"{name}_b3_{k}": v for k, v in b3.items()})
        scores.update({f"{name}_pairwise_{k}": v for k, v in pw.items()})
    return scores


def _load(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rows = _load(argv[0] if argv else GOLD_PATH)
    for split in ("dev", "test"):
        scores = score_stories(rows, split=split)
        print(split, json.dumps(scores, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
