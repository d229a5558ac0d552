"""Train the event classifier from the gold (the dev split and, optionally, the annotators' training
files), and set its thresholds by cross-validation within the training data.

    python -m detente.events.train            # k-fold CV report + writes data/ontology/event_model.json
    python -m detente.events.train --cv-only  # the report alone
    python -m detente.events.train --train 'tests/gold/train/events-*.jsonl' --cv-only
                                              # dev + the training files (split "train")
    python -m detente.events.train --train 'tests/gold/train/events-[abd].jsonl' --no-dev \
        --heldout tests/gold/train/events-c.jsonl --heldout tests/gold/events.jsonl:dev --cv-only
                                              # rules vs hybrid on files the model never saw

Training data: the ``dev`` lines of ``tests/gold/events.jsonl`` (one sentence each) and the ``dev``
articles of ``tests/gold/demo.jsonl`` (whole demo articles read from ``src/detente/data/demo``; their
events carry the evidence sentence). Each article runs through parse, actors, dates and places; the
rule coder then lists its candidates with their features (``_model.token_features``). A candidate
inside a gold anchor takes the gold type (one per anchor: the candidate the rules coded with that
type, else the anchor's syntactic head); every other candidate is ``NONE``. Test lines are never read.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ._model import MODEL_FILE, NONE, EventModel

__all__ = ["Unit", "load_units", "examples", "fit_softmax", "train_model", "cross_validate", "main"]

ROOT = Path(__file__).resolve().parents[3]
EVENTS_GOLD = ROOT / "tests" / "gold" / "events.jsonl"
DEMO_GOLD = ROOT / "tests" / "gold" / "demo.jsonl"
DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo"
OUT = Path(__file__).resolve().parents[1] / "data" / "ontology" / MODEL_FILE

DENSE = False  # the parser's contextual token vectors (tok2vec) as inputs: no gain in dev CV (0.688 either way)
MIN_COUNT = 2  # features seen fewer times in training are dropped
L2 = 3.0  # chosen by dev CV among 0.3, 1 and 3 (3: 0.690, 1: 0.688)
STEPS = 300
FOLDS = 5
ADD_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 1.01)
VETO_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass
class Unit:
    """One analysed text with its gold: a gold sentence, or a demo article."""

    key: str
    group: str  # cross-validation folds keep a group together (a demo story, a gold line)
    analysis: Any
    gold: dict[int, list[dict]] = field(default_factory=dict)  # sentence index -> gold events
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # sentence -> anchor char spans


def _analyse(parse, stages, article):
    from ..records import Analysis

    analysis = parse(Analysis(article))
    for stage in stages:
        analysis = stage(analysis)
    return analysis


def _anchor_span(text: str, anchor: str, occurrence: int = 0, base: int = 0) -> tuple[int, int] | None:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(anchor, pos + 1)
        if pos < 0:
            return None
    return base + pos, base + pos + len(anchor)


def _evidence_sentence(analysis, evidence: str):
    """The parsed sentence holding a demo gold evidence sentence (the cleaner may have cut its dateline)."""
    text = analysis.article.text
    n = len(evidence)
    for probe in (evidence[:60], evidence[n // 3: n // 3 + 50], evidence[-50:]):
        pos = text.find(probe) if len(probe) >= 20 else -1
        if pos >= 0:
            return analysis.sentence_at(pos)
    return None


def load_units(nlp=None, *, split: str = "dev", demo: bool = True, gold_path: str | Path = EVENTS_GOLD,
               events: bool = True) -> list[Unit]:
    """Analyse the gold texts of ``split`` in ``gold_path`` (never call with "test" when training);
    ``events=False`` reads only the demo articles."""
    if split == "test":
        raise ValueError("the test split is for pinned floors only, never for training")
    from ..clean import clean_record
    from ..eval.events import context_stages
    from ..eval.floors import load_gold
    from ..eval.stories import demo_gold_key
    from ..ingest import read_sources
    from ..nlp import ParseStage
    from ..records import Article, article_id_for

    parse = ParseStage(nlp=nlp)
    stages = context_stages()
    units: list[Unit] = []
    rows = load_gold(gold_path, split=split) if events else []
    for row in (r for r in rows if r.get("split") != "test"):  # "all" still never reads test lines
        text = row["text"]
        a = _analyse(parse, stages, Article(id=article_id_for(text), text=text, published=row.get("date")))
        unit = Unit(row["id"], row["id"], a)
        for g in row.get("events", []):
            span = _anchor_span(text, g.get("anchor") or "", g.get("anchor_occurrence", 0))
            sent = a.sentence_at(span[0]) if span else None
            idx = sent.index if sent else 0
            unit.gold.setdefault(idx, []).append(g)
            if span:
                unit.spans.setdefault(idx, []).append((span, g["event"]))
        units.append(unit)
    if not demo:
        return units
    gold = {r["article"]: r for r in load_gold(DEMO_GOLD, split=split)}
    for raw in read_sources([DEMO_DIR]):
        try:
            article = clean_record(raw)
        except Exception:  # noqa: BLE001 - an uncleanable demo file has no gold to learn from
            continue
        key = demo_gold_key(article)
        row = gold.get(key)
        if row is None:
            continue
        a = _analyse(parse, stages, article)
        unit = Unit(f"demo:{key}", f"story:{row.get('story')}", a)
        for s in a.sentences:
            unit.gold.setdefault(s.index, [])
        for g in row.get("events", []):
            sent = _evidence_sentence(a, g.get("sentence_text", ""))
            if sent is None:
                continue
            unit.gold[sent.index].append(g)
            span = _anchor_span(sent.text, g.get("anchor") or "", g.get("anchor_occurrence", 0), base=sent.start)
            if span:
                unit.spans.setdefault(sent.index, []).append((span, g["event"]))
        units.append(unit)
    return units


def examples(units: list[Unit]):
    """(features, type label, mode label or None, unit index, token vector) per candidate, from a
    rules-only pass."""
    from ._coder import _Coder
    from ._lexicon import load_lexicon
    from ._ontology import load_ontology

    lex, onto = load_lexicon(), load_ontology()
    out = []
    missed = Counter()
    for ui, unit in enumerate(units):
        collect: list = []
        _Coder(unit.analysis, lex, onto, None, collect=collect).run()
        by_sent: dict[int, list] = {}
        for sidx, tok, feats, coded, vec in collect:
            by_sent.setdefault(sidx, []).append((tok, feats, coded, vec))
        gold_events = {s: list(evs) for s, evs in unit.gold.items()}
        for sidx, cands in by_sent.items():
            labels: dict[int, tuple[str, str | None]] = {}
            ignore: set[int] = set()
            gold = list(gold_events.get(sidx, []))
            spans = list(unit.spans.get(sidx, []))
            # like the scorer, a rule event of the right type is right wherever its anchor sits
            for tok, _, coded, _ in cands:
                g = next((g for g in gold if g["event"] == coded), None)
                if g is not None:
                    labels[tok.i] = (coded, g.get("mode"))
                    gold.remove(g)
                    sp = next((sp for sp in spans if sp[1] == coded), None)
                    if sp is not None:
                        spans.remove(sp)
                        ignore.update(t.i for t, _, _, _ in cands if sp[0][0] <= t.idx < sp[0][1] and t.i != tok.i)
            for (start, end), etype in spans:
                inside = [tok for tok, _, _, _ in cands if start <= tok.idx < end and tok.i not in labels]
                if not inside:
                    missed[etype] += 1
                    continue
                pick = next((t for t in inside if not (start <= t.head.idx < end)), inside[0])
                g = next((g for g in gold if g["event"] == etype), None)
                if g is not None:
                    gold.remove(g)
                labels[pick.i] = (etype, (g or {}).get("mode"))
                ignore.update(t.i for t in inside if t.i != pick.i)
            for tok, feats, _, vec in cands:
                if tok.i in labels:
                    etype, mode = labels[tok.i]
                    out.append((feats, etype, f"{etype}/{mode or ''}", ui, vec))
                elif tok.i not in ignore:
                    out.append((feats, NONE, None, ui, vec))
    return out, missed


def _vocab(feature_lists, min_count=MIN_COUNT) -> dict[str, int]:
    counts = Counter(f for fl in feature_lists for f in set(fl))
    return {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


def fit_softmax(feature_lists, labels, classes, *, dense=None, l2=None, steps=STEPS, lr=0.1):
    """Multinomial logistic regression with L2 on binary sparse features (plus an optional dense
    matrix ``dense`` [examples x dims]), full-batch Adam in numpy.

    Returns (vocabulary, weights [features x classes], bias [classes], dense weights [dims x classes] or None)."""
    l2 = L2 if l2 is None else l2
    vocab = _vocab(feature_lists)
    cidx = {c: i for i, c in enumerate(classes)}
    rows, cols = [], []
    for r, fl in enumerate(feature_lists):
        for f in set(fl):
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
    n, d, k = len(feature_lists), len(vocab), len(classes)
    rows_a, cols_a = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    by_col = np.argsort(cols_a, kind="stable")
    col_sorted, row_by_col = cols_a[by_col], rows_a[by_col]
    col_starts = np.flatnonzero(np.r_[True, np.diff(col_sorted) != 0]) if len(col_sorted) else np.array([], int)
    col_ids = col_sorted[col_starts] if len(col_sorted) else np.array([], int)
    row_starts = np.flatnonzero(np.r_[True, np.diff(rows_a) != 0]) if len(rows_a) else np.array([], int)
    row_ids = rows_a[row_starts] if len(rows_a) else np.array([], int)
    y = np.zeros((n, k))
    y[np.arange(n), [cidx[lab] for lab in labels]] = 1.0
    w, b = np.zeros((d, k)), np.zeros(k)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    x = None if dense is None else np.asarray(dense, dtype=float)
    wd = np.zeros((x.shape[1], k)) if x is not None else None
    md, vd = (np.zeros_like(wd), np.zeros_like(wd)) if x is not None else (None, None)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        z = np.tile(b, (n, 1)) if x is None else b + x @ wd
        if len(rows_a):
            z[row_ids] += np.add.reduceat(w[cols_a], row_starts, axis=0)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        delta = (p - y) / n
        gw = l2 * w / n
        if len(col_sorted):
            gw[col_ids] += np.add.reduceat(delta[row_by_col], col_starts, axis=0)
        gb = delta.sum(axis=0)
        if x is not None:
            gd = x.T @ delta + l2 * wd / n
            md = beta1 * md + (1 - beta1) * gd
            vd = beta2 * vd + (1 - beta2) * gd * gd
        mw = beta1 * mw + (1 - beta1) * gw
        vw = beta2 * vw + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        c1, c2 = 1 - beta1 ** step, 1 - beta2 ** step
        w -= lr * (mw / c1) / (np.sqrt(vw / c2) + eps)
        b -= lr * (mb / c1) / (np.sqrt(vb / c2) + eps)
        if x is not None:
            wd -= lr * (md / c1) / (np.sqrt(vd / c2) + eps)
    return vocab, w, b, wd


def train_model(exs, *, add_threshold=0.5, veto_threshold=1.01, meta=None) -> EventModel:
    """Fit the type and the mode classifiers on ``exs`` (from :func:`examples`)."""
    from ._ontology import load_ontology

    types = (NONE, *sorted(load_ontology().types))
    feats = [e[0] for e in exs]
    use_dense = DENSE and all(e[4] is not None for e in exs)
    vocab, w, b, wd = fit_softmax(feats, [e[1] for e in exs], types,
                                  dense=np.stack([e[4] for e in exs]) if use_dense else None)
    pos = [e for e in exs if e[2] is not None]
    mode_classes = tuple(sorted({e[2] for e in pos}))
    mvocab, mw, mb, mwd = fit_softmax([e[0] for e in pos], [e[2] for e in pos], mode_classes,
                                      dense=np.stack([e[4] for e in pos]) if use_dense else None)
    nouns = Counter()
    for fl, label, *_ in exs:
        if label != NONE and "pos=NOUN" in fl:
            nouns[next(f[4:] for f in fl if f.startswith("lem="))] += 1
    return EventModel(
        types, {f: w[j] for f, j in vocab.items()}, b,
        mode_classes, {f: mw[j] for f, j in mvocab.items()}, mb,
        frozenset(n for n, c in nouns.items() if c >= MIN_COUNT),
        add_threshold, veto_threshold, meta or {}, wd, mwd,
    )


def _gold_rows(units: list[Unit]) -> list[dict]:
    rows = []
    for ui, unit in enumerate(units):
        for sidx, evs in sorted(unit.gold.items()):
            rows.append({"text": f"{ui}#{sidx}", "events": evs})
    return rows


def _score(units: list[Unit], stage) -> dict:
    from ..eval.events import score_events

    preds: dict[str, list] = {}
    for ui, unit in enumerate(units):
        events = stage(unit.analysis).events
        for s in unit.gold:
            preds[f"{ui}#{s}"] = [e for e in events if e.sentence == s]
    return score_events(_gold_rows(units), lambda text, date=None: preds.get(text, []))


def _fold_of(group: str, k: int) -> int:
    return int(hashlib.sha256(f"detente-events-cv:{group}".encode()).hexdigest(), 16) % k


def cross_validate(units: list[Unit], *, k: int = FOLDS, log=print) -> dict:
    """k-fold CV within dev: rules-only vs the hybrid over a grid of (add, veto) thresholds."""
    from . import EventStage

    exs, missed = examples(units)
    log(f"{len(exs)} candidates, {sum(1 for e in exs if e[1] != NONE)} positive; "
        f"gold anchors with no candidate: {sum(missed.values())} {dict(missed)}")
    rules = EventStage(model=False)
    folds = [_fold_of(u.group, k) for u in units]
    totals: dict[tuple, Counter] = {}
    per_fold_totals: list[dict[tuple, Counter]] = [{} for _ in range(k)]
    rules_total = Counter()

    def add(counter, s):
        counter["tp"] += s["type_micro_precision"] * s["predicted_events"]
        counter["pred"] += s["predicted_events"]
        counter["gold"] += s["gold_events"]
        counter["actor"] += s["actor_country_accuracy"] * s["type_micro_recall"] * s["gold_events"]

    per_fold = []
    for f in range(k):
        t = time.perf_counter()
        train = [e for e in exs if folds[e[3]] != f]
        held = [u for u, fo in zip(units, folds) if fo == f]
        model = train_model(train)
        s_rules = _score(held, rules)
        add(rules_total, s_rules)
        best = None
        for at in ADD_GRID:
            for vt in VETO_GRID:
                m = dataclasses.replace(model, add_threshold=at, veto_threshold=vt)
                s = _score(held, EventStage(model=m))
                add(totals.setdefault((at, vt), Counter()), s)
                add(per_fold_totals[f].setdefault((at, vt), Counter()), s)
                if best is None or s["type_micro_f1"] > best[0]:
                    best = (s["type_micro_f1"], at, vt)
        per_fold.append({"fold": f, "rules_f1": s_rules["type_micro_f1"], "best": best})
        log(f"fold {f}: {len(held)} units, rules F1 {s_rules['type_micro_f1']:.3f}, best hybrid "
            f"{best[0]:.3f} at add {best[1]} veto {best[2]} ({time.perf_counter() - t:.0f}s)")

    def f1(c):
        p = c["tp"] / c["pred"] if c["pred"] else 0.0
        r = c["tp"] / c["gold"] if c["gold"] else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r, (c["actor"] / c["tp"] if c["tp"] else 0.0)

    grid = {key: f1(c) for key, c in totals.items()}
    (at, vt), (hf1, hp, hr, ha) = max(grid.items(), key=lambda kv: kv[1][0])
    rf1, rp, rr, ra = f1(rules_total)
    # nested: each fold scored with the thresholds the other folds chose (no selection on the fold itself)
    nested = Counter()
    for f in range(k):
        pooled: dict[tuple, Counter] = {}
        for g in range(k):
            if g != f:
                for key, c in per_fold_totals[g].items():
                    pooled.setdefault(key, Counter()).update(c)
        key = max(pooled, key=lambda kk: f1(pooled[kk])[0])
        nested.update(per_fold_totals[f][key])
    nf1, np_, nr, na = f1(nested)
    return {"rules": {"f1": rf1, "p": rp, "r": rr, "actor": ra},
            "hybrid": {"f1": hf1, "p": hp, "r": hr, "actor": ha, "add_threshold": at, "veto_threshold": vt},
            "hybrid_nested": {"f1": nf1, "p": np_, "r": nr, "actor": na},
            "grid": {f"{a}/{v}": round(x[0], 4) for (a, v), x in sorted(grid.items())},
            "folds": per_fold, "examples": len(exs), "missed_anchors": dict(missed)}


def _gold_spec(spec: str, default_split: str) -> list[tuple[Path, str]]:
    """``PATH[:SPLIT]`` with shell-style globs, relative to the repository root."""
    path, _, split = spec.partition(":")
    split = split or default_split
    if split == "test":
        raise SystemExit("the test split is for pinned floors only")
    found = sorted(ROOT.glob(path)) if not Path(path).is_absolute() else sorted(Path("/").glob(path.lstrip("/")))
    if not found:
        raise SystemExit(f"no gold file matches {path!r}")
    return [(f, split) for f in found]


def heldout_scores(model: EventModel, units: list[Unit]) -> dict:
    """Rules alone vs the hybrid on units the model was not trained on (micro P/R/F1, actor accuracy)."""
    from . import EventStage

    out = {}
    for name, stage in (("rules", EventStage(model=False)), ("hybrid", EventStage(model=model))):
        s = _score(units, stage)
        out[name] = {k: round(s[k], 4) for k in ("type_micro_precision", "type_micro_recall", "type_micro_f1",
                                                  "type_macro_f1", "actor_country_accuracy")}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m detente.events.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv-only", action="store_true", help="report cross-validation, write nothing")
    ap.add_argument("--no-demo", action="store_true", help="leave the demo articles out of training")
    ap.add_argument("--no-dev", action="store_true", help="leave the dev lines of events.jsonl out of training")
    ap.add_argument("--train", action="append", default=[], metavar="PATH[:SPLIT]",
                    help="more training gold (glob; split 'train' unless given); repeatable")
    ap.add_argument("--heldout", action="append", default=[], metavar="PATH[:SPLIT]",
                    help="gold scored after training, never trained on (split 'all' unless given); repeatable")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    from ..nlp import load_model

    t = time.perf_counter()
    nlp = load_model()
    units = load_units(nlp, split="dev", demo=not args.no_demo, events=not args.no_dev)
    sources = ([] if args.no_dev else ["dev split of tests/gold/events.jsonl"]) + (
        [] if args.no_demo else ["tests/gold/demo.jsonl"])
    for spec in args.train:
        for path, split in _gold_spec(spec, "train"):
            units += load_units(nlp, split=split, demo=False, gold_path=path)
            sources.append(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({split})")
    print(f"analysed {len(units)} training units in {time.perf_counter() - t:.0f}s", file=sys.stderr)
    cv = cross_validate(units, log=lambda m: print(m, file=sys.stderr))
    print(json.dumps({k: v for k, v in cv.items() if k != "grid"}, indent=1))
    keep = cv["hybrid_nested"]["f1"] > cv["rules"]["f1"]
    exs, _ = examples(units)
    if args.heldout:
        model = train_model(exs, add_threshold=cv["hybrid"]["add_threshold"],
                            veto_threshold=cv["hybrid"]["veto_threshold"])
        for spec in args.heldout:
            for path, split in _gold_spec(spec, "all"):
                held = load_units(nlp, split=None if split == "all" else split, demo=False, gold_path=path)
                print(json.dumps({"heldout": f"{path.name}:{split}", "units": len(held),
                                  **heldout_scores(model, held)}))
    if args.cv_only:
        return 0
    meta = {"trained_on": " + ".join(sources),
            "splits": sorted({"dev"} - ({"dev"} if args.no_dev else set()) | ({"train"} if args.train else set())),
            "examples": len(exs), "cv_folds": FOLDS,
            "cv_rules_f1": round(cv["rules"]["f1"], 4), "cv_hybrid_f1": round(cv["hybrid"]["f1"], 4),
            "cv_hybrid_nested_f1": round(cv["hybrid_nested"]["f1"], 4),
            "l2": L2, "steps": STEPS, "min_count": MIN_COUNT}
    # When the hybrid does not beat the rules on held-out folds, the model ships disabled (thresholds
    # above 1: it never adds nor vetoes), so the coder is the rules alone.
    model = train_model(exs, add_threshold=cv["hybrid"]["add_threshold"] if keep else 1.01,
                        veto_threshold=cv["hybrid"]["veto_threshold"] if keep else 1.01, meta=meta)
    Path(args.out).write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({'hybrid kept' if keep else 'rules win: model disabled'})", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
