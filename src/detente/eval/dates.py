"""Date-expression scorer (gold: ``tests/gold/dates.jsonl``, format in docs/gold-format.md).

A gold expression is found when a predicted :class:`~detente.records.TimeExpr` overlaps its span; it is
correct when the predicted ``(date, end_date)`` equals the gold pair. Accuracy is over all gold
expressions (an expression not found counts as wrong).

Conventions the gold follows (and :mod:`detente.dates` implements):

- a weekday in a past or present-perfect clause is the most recent such day on or before publication;
  in a future or scheduled clause ("will meet on Monday", "expires on Friday") the next one on or after;
  "last Thursday" is strictly before, "next Tuesday" strictly after;
- weeks run Monday to Sunday ("last week", "this week"; "earlier this week" ends on publication);
  "N weeks ago" is the week containing that day;
- months are whole months; early / mid / late narrow them to days 1-10, 11-20, 21-end (precision month);
- "by the end of X" runs from publication to the last day of X (precision range);
- years are 1 January to 31 December; "a year ago" / "last year" are the previous calendar year;
- expressions dated relative to another event ("two days later", "the next day") are not gold.

``predict(row) -> list[TimeExpr]`` receives one gold row (``text``, ``published``).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable

from ..records import TimeExpr

__all__ = ["score_dates", "gold_span"]


def gold_span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    if len(starts) <= occurrence:
        raise ValueError(f"{needle!r} occurs {len(starts)} times in the gold text")
    return starts[occurrence], starts[occurrence] + len(needle)


def score_dates(rows: Iterable[dict[str, Any]], predict: Callable[[dict[str, Any]], list[TimeExpr]]) -> dict[str, Any]:
    n = found = correct = start_ok = precision_ok = 0
    errors: list[str] = []
    for row in rows:
        preds = predict(row)
        for g in row.get("dates", []):
            n += 1
            s, e = gold_span(row["text"], g["text"], g.get("occurrence", 0))
            hit = next((p for p in preds if p.start < e and s < p.end), None)
            if hit is None:
                errors.append(f"{row['id']}: not found {g['text']!r}")
                continue
            found += 1
            ok = hit.date == g["date"] and hit.end_date == g.get("end_date")
            correct += ok
            start_ok += hit.date == g["date"]
            precision_ok += hit.precision == g.get("precision")
            if not ok:
                errors.append(f"{row['id']}: {g['text']!r} -> {hit.date}..{hit.end_date}, gold "
                              f"{g['date']}..{g.get('end_date')}")
    return {
        "date_accuracy": correct / n if n else 0.0,
        "start_date_accuracy": start_ok / n if n else 0.0,
        "found": found / n if n else 0.0,
        "precision_accuracy": precision_ok / found if found else 0.0,
        "n_gold": n, "errors": errors,
    }
