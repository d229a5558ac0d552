"""The PLOVER JSON record of an event (entity objects via ``Mention.entity()``)."""

from __future__ import annotations

from typing import Any

from ..records import Article, Event, Place

__all__ = ["event_record"]


def _location(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "extracted_place": place.text,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country,
        "feature_type": place.feature_type,
        "precision": place.precision,
        "start": place.start,
        "end": place.end,
    }


def event_record(event: Event, article: Article | None = None) -> dict[str, Any]:
    """One event as a PLOVER record. ``text`` is the evidence sentence, taken from ``article``
    when given (exact slice of the clean text), else omitted (None)."""
    text = article.text[event.start:event.end] if article is not None else None
    return {
        "id": event.id,
        "article_id": event.article_id,
        "date": event.date,
        "end_date": event.end_date,
        "date_precision": event.date_precision,
        "date_from": event.date_from,
        "event": event.event,
        "mode": event.mode,
        "context": list(event.context),
        "actor": [m.entity() for m in event.actor],
        "recipient": [m.entity() for m in event.recipient],
        "event_loc": _location(event.event_loc),
        "text_info": {"sequence": event.sentence, "start": event.start, "end": event.end},
        "anchor": {"start": event.anchor_start, "end": event.anchor_end, "text": event.anchor_text},
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "future": event.future,
        "historical": event.historical,
        "confidence": event.confidence,
        "coder": {"rule": event.rule, "explanation": event.explanation},
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_code": event.quad,
        "intensity": event.intensity,
        "text": text,
    }
