"""Scorer for story clustering, syndicated-duplicate detection and event merging.

Gold: ``tests/gold/stories.jsonl`` (see docs/gold-format.md). Each line is one article with its gold story
label, the article it is a copy of (or null) and hand-coded event keys. :func:`score_stories` runs
:func:`detente.stories.build_stories` over the rows of one split and compares:

* stories: B³ and pairwise P/R/F1 of predicted story ids against gold story labels;
* duplicates: the same over copy groups (an article and its copies form one group; others are singletons);
* merged events: the same over gold event instances (article, key), grouped by key in the gold and by
  merged-event id in the prediction. Events are built from the gold event objects, so this measures merging,
  not the event coder.

A second, independently written gold is the demo corpus (``tests/gold/demo.jsonl``, one line per article of
``src/detente/data/demo/``). :func:`score_demo_stories` scores the stories and copies found over what the whole
pipeline stored for that corpus (so with the actor codes and places the pipeline extracted, and without the
dates the raw text files do not carry), per split.

Run ``python -m detente.eval.stories [gold.jsonl]`` to print the scores for both splits.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

from ..records import Analysis, Article, Event, Mention, Place

__all__ = [
    "b_cubed", "pairwise_f1", "score_stories", "gold_analyses", "storable", "score_demo_stories", "demo_gold_key",
    "GOLD_PATH", "DEMO_GOLD_PATH",
]

GOLD_PATH = Path("tests/gold/stories.jsonl")
DEMO_GOLD_PATH = Path("tests/gold/demo.jsonl")

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


def storable(analysis: Analysis) -> Analysis:
    """A gold analysis the store accepts: its participants and places carry codes and names but no text
    (their zero-width spans slice nothing, and the store checks that every span's text is what it slices)."""
    events = [
        dataclasses.replace(
            e, actor=[dataclasses.replace(m, text="") for m in e.actor],
            recipient=[dataclasses.replace(m, text="") for m in e.recipient],
            event_loc=None if e.event_loc is None else dataclasses.replace(e.event_loc, text=""),
        )
        for e in analysis.events
    ]
    return dataclasses.replace(analysis, events=events)


def score_stories(
    rows: Iterable[dict[str, Any]],
    *,
    split: str | None = None,
    settings=None,
    duplicate_settings=None,
    window_days: int | None = None,
    backend=None,
    features: Mapping[str, Analysis] | None = None,
) -> dict[str, float]:
    """Score stories, duplicates and merged events on ``rows`` (the lines of stories.jsonl).

    ``split`` keeps only that split's rows. ``features`` maps gold ids to analyses the pipeline made of the
    same texts: their actor mentions and places are given to the clusterer (events stay the gold ones), so
    the score measures clustering with the features a real run has; without it the clusterer sees text only.
    The other options are passed to ``build_stories``.
    """
    from ..stories import build_stories

    rows = [r for r in rows if split is None or r.get("split") == split]
    kwargs: dict[str, Any] = {"settings": settings, "duplicate_settings": duplicate_settings, "backend": backend}
    if window_days is not None:
        kwargs["window_days"] = window_days
    analyses = gold_analyses(rows)
    for a in analyses:
        extra = (features or {}).get(a.article.id)
        if extra is not None:
            a.mentions, a.places = list(extra.mentions), list(extra.places)
    stories, duplicates, merged = build_stories(analyses, **kwargs)

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


def demo_gold_key(article: Article) -> str:
    """The demo gold's ``article`` value for a stored article: the input's id (jsonl, csv) or the file name."""
    if article.external_id:
        return str(article.external_id)
    origin = article.origin or ""
    path = origin.rsplit(":", 1)[0] if origin.rsplit(":", 1)[-1].isdigit() else origin
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _cluster_scores(prefix: str, gold: Mapping, pred: Mapping) -> dict[str, float]:
    out: dict[str, float] = {}
    out.update({f"{prefix}_b3_{k}": v for k, v in b_cubed(gold, pred).items()})
    out.update({f"{prefix}_pairwise_{k}": v for k, v in pairwise_f1(gold, pred).items()})
    return out


def score_demo_stories(
    store_or_analyses: Any,
    gold_rows: Iterable[dict[str, Any]],
    *,
    rebuild: bool = True,
    settings=None,
    duplicate_settings=None,
    backend=None,
) -> dict[str, dict[str, float]]:
    """Score stories and syndicated copies against the demo gold (``tests/gold/demo.jsonl`` rows), per split.

    ``store_or_analyses`` is a :class:`~detente.store.Store` holding the demo corpus run, or the analyses
    themselves. Stored articles are matched to gold lines by :func:`demo_gold_key`. With ``rebuild`` (the
    default) stories are built afresh from the analyses with :func:`~detente.stories.build_stories` (the
    other options go to it), so the score measures the clustering code, not an older run; with
    ``rebuild=False`` the stories and copies the store holds are scored. Clustering always runs over the
    whole corpus; each split is then scored on its own articles (splits are by story, so a split's gold
    clusters are whole). Returns ``{"dev": {...}, "test": {...}, "all": {...}}``; gold lines with no stored
    article count as unmatched singletons (``n_unmatched``).
    """
    from ..stories import build_stories

    rows = list(gold_rows)
    by_key = {r["article"]: r for r in rows}
    is_store = hasattr(store_or_analyses, "analyses") and hasattr(store_or_analyses, "stories")
    if is_store and not rebuild:
        articles = list(store_or_analyses.articles())
        stories = store_or_analyses.stories()
        duplicates = [(d["article_id"], d["original_id"]) for d in store_or_analyses.duplicates()]
    else:
        analyses = list(store_or_analyses.analyses() if is_store else store_or_analyses)
        articles = [a.article for a in analyses]
        stories, dups, _ = build_stories(
            analyses, settings=settings, duplicate_settings=duplicate_settings, backend=backend
        )
        duplicates = [(c, o) for c, o, _ in dups]

    key_of: dict[str, str] = {}  # stored article id -> gold key
    for art in articles:
        key = demo_gold_key(art)
        if key in by_key:
            key_of[art.id] = key
    pred_story = {key_of[m]: st.id for st in stories for m in st.members if m in key_of}
    pred_dup = {k: k for k in key_of.values()}
    for copy, original in duplicates:
        if copy in key_of and original in key_of:
            pred_dup[key_of[copy]] = key_of[original]
    # a predicted copy group is labelled by its original; a chain (copy of a copy) collapses to its root
    for k in list(pred_dup):
        seen = {k}
        while pred_dup[k] not in seen:
            seen.add(pred_dup[k])
            pred_dup[k] = pred_dup[pred_dup[k]]

    def gold_root(key: str) -> str:
        seen = set()
        while by_key[key].get("duplicate_of") in by_key and key not in seen:
            seen.add(key)
            key = by_key[key]["duplicate_of"]
        return key

    out: dict[str, dict[str, float]] = {}
    for split in ("dev", "test", None):
        keys = [r["article"] for r in rows if split is None or r.get("split") == split]
        gold_story = {k: by_key[k]["story"] for k in keys}
        gold_dup = {k: gold_root(k) for k in keys}
        scores: dict[str, float] = {
            "n_articles": len(keys),
            "n_unmatched": sum(1 for k in keys if k not in pred_story),
            "n_gold_stories": len(set(gold_story.values())),
            "n_pred_stories": len({pred_story[k] for k in keys if k in pred_story}),
            "n_gold_copies": sum(1 for k in keys if by_key[k].get("duplicate_of")),
            "n_pred_copies": sum(1 for k in keys if k in pred_dup and pred_dup[k] != k),
        }
        scores.update(_cluster_scores("stories", gold_story, {k: pred_story[k] for k in keys if k in pred_story}))
        scores.update(_cluster_scores("duplicates", gold_dup, {k: pred_dup[k] for k in keys if k in pred_dup}))
        out[split or "all"] = scores
    return out


def _load(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "demo":
        # python -m detente.eval.stories demo DB [demo.jsonl]: score a stored run of the demo corpus
        from ..store import open_store

        store = open_store(argv[1], read_only=True)
        try:
            scores = score_demo_stories(store, _load(argv[2] if len(argv) > 2 else DEMO_GOLD_PATH))
        finally:
            store.close()
        for split in ("dev", "test"):
            print(split, json.dumps(scores[split], indent=1))
        return 0
    rows = _load(argv[0] if argv else GOLD_PATH)
    for split in ("dev", "test"):
        scores = score_stories(rows, split=split)
        print(split, json.dumps(scores, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
