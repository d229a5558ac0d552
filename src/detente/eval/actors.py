"""Actor gold scorer (format in docs/gold-format.md, ``actors.jsonl``).

``score_actors(gold_rows, predict)`` runs ``predict(text, date) -> list[Mention]`` on every gold
line and compares the predicted mentions with the gold ones. A gold mention is *found* when a
predicted mention overlaps it; when several overlap, the one with the largest overlap is compared.

Metrics (all in ``[0, 1]``):

* ``country_accuracy``: gold actor mentions whose country code is predicted right, over all gold
  actor mentions (a mention not found counts as wrong); ``country_accuracy_found`` divides by the
  found ones only.
* ``sector_accuracy`` / ``sector_accuracy_found``: the same for the primary sector, over gold
  mentions that give a sector.
* ``found_rate``: found gold actor mentions over all gold actor mentions.
* ``none_accuracy``: gold ``kind: none`` spans ("Russian-made", "the West") that no predicted
  mention with a code overlaps.
* ``qid_accuracy``: gold mentions with a ``qid`` whose prediction has that identifier.
* ``per_kind``: the first four metrics per gold kind.

``errors`` lists every miss (gold id, gold mention, the prediction compared) for reading.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterable

from ..records import Mention

__all__ = ["score_actors", "gold_span", "make_predictor"]

Predict = Callable[[str, "str | None"], list[Mention]]


def gold_span(text: str, span_text: str, occurrence: int = 0) -> tuple[int, int]:
    """Character offsets of the ``occurrence``-th appearance of ``span_text`` in ``text``."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.find(span_text, pos + 1)
        if pos < 0:
            raise ValueError(f"gold span {span_text!r} (occurrence {occurrence}) not in text {text[:60]!r}")
    return pos, pos + len(span_text)


def _best(preds: list[Mention], start: int, end: int) -> tuple[Mention | None, list[Mention]]:
    overlapping = [p for p in preds if p.start < end and start < p.end]
    if not overlapping:
        return None, []

    def key(p: Mention):
        return (min(end, p.end) - max(start, p.start), p.code is not None, -abs(p.start - start))

    return max(overlapping, key=key), overlapping


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score_actors(gold_rows: Iterable[dict[str, Any]], predict: Predict) -> dict[str, Any]:
    n = found = country_ok = sector_n = sector_ok = sector_found = 0
    none_n = none_ok = qid_n = qid_ok = 0
    kinds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[dict[str, Any]] = []
    rows = 0
    for row in gold_rows:
        rows += 1
        preds = list(predict(row["text"], row.get("date")))
        for gm in row.get("mentions", []):
            start, end = gold_span(row["text"], gm["text"], gm.get("occurrence", 0))
            best, overlapping = _best(preds, start, end)
            if gm.get("kind") == "none" or gm.get("code") is None and gm.get("kind") == "none":
                none_n += 1
                coded = [p for p in overlapping if p.code is not None]
                if not coded:
                    none_ok += 1
                else:
                    errors.append({"id": row["id"], "gold": gm, "pred": _brief(coded[0]), "error": "none coded"})
                continue
            kind = gm.get("kind", "unknown")
            k = kinds[kind]
            n += 1
            k["n"] += 1
            ok_c = ok_s = False
            if best is not None:
                found += 1
                k["found"] += 1
                ok_c = best.code == gm.get("code")
                country_ok += ok_c
                k["country_ok"] += ok_c
            if gm.get("sector") is not None:
                sector_n += 1
                k["sector_n"] += 1
                ok_s = best is not None and best.sector == gm["sector"]
                sector_found += best is not None
                sector_ok += ok_s
                k["sector_ok"] += ok_s
            else:
                ok_s = True
            if gm.get("qid"):
                qid_n += 1
                ok_q = best is not None and best.identifier_id == gm["qid"]
                qid_ok += ok_q
                if not ok_q and ok_c and ok_s:
                    errors.append({"id": row["id"], "gold": gm, "pred": _brief(best), "error": "qid"})
            if not (ok_c and ok_s):
                errors.append({"id": row["id"], "gold": gm, "pred": _brief(best) if best else None,
                               "error": "not found" if best is None else ("country" if not ok_c else "sector")})
    per_kind = {
        kind: {
            "n": v["n"],
            "found_rate": _ratio(v["found"], v["n"]),
            "country_accuracy": _ratio(v["country_ok"], v["n"]),
            "sector_accuracy": _ratio(v["sector_ok"], v["sector_n"]),
        }
        for kind, v in sorted(kinds.items())
    }
    return {
        "rows": rows,
        "mentions": n,
        "none_mentions": none_n,
        "found_rate": _ratio(found, n),
        "country_accuracy": _ratio(country_ok, n),
        "country_accuracy_found": _ratio(country_ok, found),
        "sector_accuracy": _ratio(sector_ok, sector_n),
        "sector_accuracy_found": _ratio(sector_ok, sector_found),
        "none_accuracy": _ratio(none_ok, none_n),
        "qid_accuracy": _ratio(qid_ok, qid_n),
        "per_kind": per_kind,
        "errors": errors,
    }


def _brief(m: Mention | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"text": m.text, "code": m.code, "sector": m.sector, "kind": m.kind, "name": m.name,
            "qid": m.identifier_id, "rule": m.rule}


def make_predictor(nlp=None, kb=None) -> Predict:
    """``predict(text, date)`` over the parse and actors stages (the model loads on first call)."""
    from ..actors import ActorStage
    from ..nlp import ParseStage
    from ..records import Analysis, Article, article_id_for

    parse = ParseStage(nlp=nlp)
    actors = ActorStage(kb=kb)

    def predict(text: str, date: str | None = None) -> list[Mention]:
        article = Article(id=article_id_for(text), text=text, published=date)
        return actors(parse(Analysis(article))).mentions

    return predict
