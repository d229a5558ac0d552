"""Score the event coder against sentence-level gold (``tests/gold/events.jsonl``).

Matching (docs/gold-format.md): a gold event matches one predicted event of the same type in
the same sentence. A gold event flagged negated or hypothetical matches only a prediction
with the same flag; an unflagged gold event matches only an unflagged prediction. Predicted
flagged events that match nothing are not counted as positives of their type (they are
reported separately as ``flagged_unmatched``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Callable, Iterable

from ..records import Event

__all__ = ["score_events", "format_report", "pipeline_predictor", "context_stages"]

Predict = Callable[[str, "str | None"], list[Event]]

_FLAGS = ("negated", "hypothetical", "future", "historical")


def _codes(mentions) -> frozenset[str]:
    return frozenset(m.code for m in mentions if getattr(m, "code", None))


def _flag_key(negated: bool, hypothetical: bool) -> tuple[bool, bool]:
    return (bool(negated), bool(hypothetical))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_events(gold_rows: Iterable[dict[str, Any]], predict: Predict) -> dict[str, Any]:
    """Run ``predict(text, date)`` on every gold sentence and return the scores as a plain dict."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    confusion: dict[str, Counter] = defaultdict(Counter)
    matched = actor_ok = recipient_ok = mode_ok = flags_ok = 0
    dated = date_ok = 0
    empty_rows = empty_ok = 0
    flagged_unmatched = 0
    sentences = 0
    for row in gold_rows:
        sentences += 1
        preds = list(predict(row["text"], row.get("date")))
        gold = list(row.get("events", []))
        used: set[int] = set()
        unmatched_gold = []
        for g in gold:
            gkey = _flag_key(g.get("negated"), g.get("hypothetical"))
            gactor = frozenset(g.get("actor", []))
            best, best_score = None, -1
            for i, p in enumerate(preds):
                if i in used or p.event != g["event"] or _flag_key(p.negated, p.hypothetical) != gkey:
                    continue
                score = len(_codes(p.actor) & gactor) * 2 + (p.mode == g.get("mode"))
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                unmatched_gold.append(g)
                continue
            used.add(best)
            p = preds[best]
            tp[g["event"]] += 1
            confusion[g["event"]][g["event"]] += 1
            matched += 1
            actor_ok += _codes(p.actor) == gactor
            recipient_ok += _codes(p.recipient) == frozenset(g.get("recipient", []))
            mode_ok += (p.mode or None) == (g.get("mode") or None)
            flags_ok += all(bool(getattr(p, f)) == bool(g.get(f)) for f in _FLAGS)
            if g.get("event_date"):
                dated += 1
                date_ok += p.date == g["event_date"]
        spare = [p for i, p in enumerate(preds) if i not in used]
        counted = [p for p in spare if not (p.negated or p.hypothetical)]
        flagged_unmatched += len(spare) - len(counted)
        for g in unmatched_gold:
            fn[g["event"]] += 1
        for p in counted:
            fp[p.event] += 1
        # Confusion: pair leftovers (same flag state) greedily, the rest go to NONE.
        rest = list(counted)
        for g in unmatched_gold:
            if rest:
                confusion[g["event"]][rest.pop(0).event] += 1
            else:
                confusion[g["event"]]["NONE"] += 1
        for p in rest:
            confusion["NONE"][p.event] += 1
        if not gold:
            empty_rows += 1
            empty_ok += not counted
    types = sorted(set(tp) | set(fp) | set(fn))
    per_type = {}
    for t in types:
        p = _ratio(tp[t], tp[t] + fp[t])
        r = _ratio(tp[t], tp[t] + fn[t])
        per_type[t] = {"precision": p, "recall": r, "f1": _f1(p, r), "tp": tp[t], "fp": fp[t], "fn": fn[t]}
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    micro_p = _ratio(all_tp, all_tp + all_fp)
    micro_r = _ratio(all_tp, all_tp + all_fn)
    return {
        "sentences": sentences,
        "gold_events": all_tp + all_fn,
        "predicted_events": all_tp + all_fp,
        "type_micro_precision": micro_p,
        "type_micro_recall": micro_r,
        "type_micro_f1": _f1(micro_p, micro_r),
        "type_macro_f1": sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0,
        "actor_country_accuracy": _ratio(actor_ok, matched),
        "recipient_country_accuracy": _ratio(recipient_ok, matched),
        "mode_accuracy": _ratio(mode_ok, matched),
        "flag_accuracy": _ratio(flags_ok, matched),
        "date_accuracy": _ratio(date_ok, dated),
        "no_event_accuracy": _ratio(empty_ok, empty_rows),
        "flagged_unmatched": flagged_unmatched,
        "per_type": per_type,
        "confusion": {g: dict(c) for g, c in sorted(confusion.items())},
    }


def format_report(scores: dict[str, Any]) -> str:
    """A readable table of :func:`score_events` output."""
    lines = [
        f"sentences: {scores['sentences']}   gold events: {scores['gold_events']}   "
        f"predicted: {scores['predicted_events']}",
        f"type micro P/R/F1: {scores['type_micro_precision']:.3f} / {scores['type_micro_recall']:.3f} / "
        f"{scores['type_micro_f1']:.3f}   macro F1: {scores['type_macro_f1']:.3f}",
        f"actor country acc: {scores['actor_country_accuracy']:.3f}   recipient country acc: "
        f"{scores['recipient_country_accuracy']:.3f}",
        f"mode acc: {scores['mode_accuracy']:.3f}   flag acc: {scores['flag_accuracy']:.3f}   "
        f"date acc: {scores['date_accuracy']:.3f}   no-event acc: {scores['no_event_accuracy']:.3f}",
        "",
        f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for t, v in scores["per_type"].items():
        lines.append(
            f"{t:<10} {v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4}"
        )
    conf = scores["confusion"]
    cols = sorted({c for row in conf.values() for c in row} | set(conf))
    if cols:
        lines += ["", "confusion (rows gold, columns predicted):", " " * 10 + "".join(f"{c[:5]:>6}" for c in cols)]
        for g in cols:
            row = conf.get(g, {})
            if row:
                lines.append(f"{g:<10}" + "".join(f"{row.get(c, 0) or '.':>6}" for c in cols))
    return "\n".join(lines)


def context_stages() -> list:
    """The stages whose output the event coder reads (actors, dates, places), those that are installed.

    A missing one is skipped: the coder then sees no mentions, no dates or no places.
    """
    stages = []
    for module, name in (("detente.actors", "ActorStage"), ("detente.dates", "DateStage"),
                         ("detente.places", "PlaceStage")):
        try:
            mod = __import__(module, fromlist=[name])
            stages.append(getattr(mod, name)())
        except (ImportError, AttributeError):
            continue
    return stages


def pipeline_predictor(*, nlp=None, stages: list | None = None) -> Predict:
    """predict(text, date) through parse and the available stages (actors, dates, places, events).

    Stages that are not installed are skipped: the coder then sees no mentions, no dates or no
    places. ``stages`` replaces the default list (after the parse stage).
    """
    from ..events import EventStage
    from ..nlp import ParseStage
    from ..records import Analysis, Article, article_id_for

    parse = ParseStage(nlp=nlp)
    if stages is None:
        stages = context_stages() + [EventStage()]

    def predict(text: str, date: str | None = None) -> list[Event]:
        analysis = Analysis(Article(id=article_id_for(text), text=text, published=date))
        analysis = parse(analysis)
        for stage in stages:
            analysis = stage(analysis)
        return analysis.events

    return predict
