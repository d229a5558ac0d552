"""Place resolution and event-location scorer (gold: ``tests/gold/places.jsonl``).

Resolution: a gold place is found when a predicted :class:`~detente.records.Place` overlaps its span,
and resolved when the prediction names it (same name, case-insensitive) or lies within
``POINT_KM`` of the gold point (``AREA_KM`` for seas, oceans, straits, regions and borders, whose
representative points are rough); where the gold gives a country, the prediction's country must match
too, so "Georgia" the US state never passes for Georgia the country. Accuracy is over all gold places.

Precision: the share of predicted places that overlap a gold place (the gold lists every toponym of its
text; names inside organisations and person names are deliberately absent).

Event location, per event ``anchor`` of the gold (places with ``event_loc`` and ``anchor``): right when
``event_location`` returns one of that anchor's places marked ``event_loc: true``, or returns nothing when
all of its places are marked false. An event has one location, so where the gold marks two ("through the
Malacca Strait into the Indian Ocean") either is right.

``predict(row) -> (places, locate)``: the predicted places for ``row["text"]`` and a callable
``locate(anchor_start, anchor_end) -> Place | None``.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterable

from ..records import Place
from .dates import gold_span

__all__ = ["score_places", "distance_km", "POINT_KM", "AREA_KM"]

POINT_KM = 100.0
AREA_KM = 300.0
_AREAS = {"sea", "ocean", "strait", "region", "border", "island", "country", "state"}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def _resolved(g: dict[str, Any], p: Place) -> bool:
    if g.get("country") and p.country != g["country"]:
        return False
    if p.name and g.get("name") and p.name.lower() == g["name"].lower():
        return True
    if p.lat is None or p.lon is None or g.get("lat") is None:
        return False
    limit = AREA_KM if g.get("feature_type") in _AREAS else POINT_KM
    return distance_km(g["lat"], g["lon"], p.lat, p.lon) <= limit


def score_places(rows: Iterable[dict[str, Any]], predict: Callable[[dict[str, Any]], tuple]) -> dict[str, Any]:
    n = found = resolved = n_pred = n_pred_ok = ev_n = ev_ok = 0
    errors: list[str] = []
    for row in rows:
        text = row["text"]
        places, locate = predict(row)
        spans = []
        anchors: dict[str, list[tuple[int, int, bool, str]]] = {}
        for g in row.get("places", []):
            n += 1
            s, e = gold_span(text, g["text"], g.get("occurrence", 0))
            spans.append((s, e))
            hit = next((p for p in places if p.start < e and s < p.end), None)
            if hit is None:
                errors.append(f"{row['id']}: not found {g['text']!r}")
            else:
                found += 1
                if _resolved(g, hit):
                    resolved += 1
                else:
                    errors.append(f"{row['id']}: {g['text']!r} -> {hit.name} ({hit.feature_type}, {hit.country}), "
                                  f"gold {g['name']} ({g.get('country')})")
            if "event_loc" in g and g.get("anchor"):
                anchors.setdefault(g["anchor"], []).append((s, e, bool(g["event_loc"]), g["text"]))
        # one location per event: right when it is one of the anchor's gold locations, or when there
        # is none and nothing is returned
        for anchor, golds in anchors.items():
            ev_n += 1
            a_s, a_e = gold_span(text, anchor)
            got = locate(a_s, a_e)
            true = [(s, e) for s, e, flag, _ in golds if flag]
            if true:
                ok = got is not None and any(got.start < e and s < got.end for s, e in true)
            else:
                ok = got is None
            ev_ok += ok
            if not ok:
                errors.append(f"{row['id']}: event location of {anchor!r} -> {got.text if got else None!r}, "
                              f"gold {[t for *_, f, t in golds if f] or None}")
        for p in places:
            n_pred += 1
            if any(p.start < e and s < p.end for s, e in spans):
                n_pred_ok += 1
            else:
                errors.append(f"{row['id']}: spurious {p.text!r} -> {p.name}")
    return {
        "place_resolution_accuracy": resolved / n if n else 0.0,
        "place_found": found / n if n else 0.0,
        "place_precision": n_pred_ok / n_pred if n_pred else 0.0,
        "event_location_accuracy": ev_ok / ev_n if ev_n else 0.0,
        "n_gold": n, "n_event_loc": ev_n, "errors": errors,
    }
