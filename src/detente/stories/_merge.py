"""One event from many reports.

Events are grouped by their *kind*: PLOVER type, actor codes and recipient codes (for symmetric types such as
CONSULT and COOPERATE the two sides are pooled, since one outlet writes "A met B" and another "B met A").
Within a kind, events are sorted by date and chained into one merged event while each new date lies within
``window_days`` of the group's first date and its place agrees with the group's place (an event with no
place agrees with any). So the same visit reported on three days merges, while two port calls at different
ports, or two phone calls months apart, stay apart.

Merged ids hash the sorted member event ids: re-running over the same events gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

from ..records import Analysis, Article, Event
from ._text import day_ordinal as _day

__all__ = ["merge_events", "event_kind", "SYMMETRIC_TYPES", "chain_events", "event_day", "kind_key", "merged_record"]

# Types whose participants act together: the actor/recipient split is arbitrary across reports.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE"})

# Same-event window: reports of one meeting or strike disagree on its date by a day or two (publication vs
# event date, time zones); a week separates repeated events of one kind (weekly talks are distinct rounds).
DEFAULT_WINDOW_DAYS = 3


def _codes(mentions) -> tuple[str, ...]:
    return tuple(sorted({m.code for m in mentions if getattr(m, "code", None)}))


def event_kind(event: Event) -> tuple:
    """(type, actor codes, recipient codes), with the sides pooled for symmetric types."""
    actors, recipients = _codes(event.actor), _codes(event.recipient)
    if event.event in SYMMETRIC_TYPES:
        actors, recipients = tuple(sorted(set(actors) | set(recipients))), ()
    return (event.event, actors, recipients)


def _place_key(event: Event) -> str | None:
    loc = event.event_loc
    if loc is None:
        return None
    name = loc.name or loc.text
    return name.casefold().strip() if name else None


def _source_of(article: Article | None) -> str | None:
    if article is None:
        return None
    if article.source:
        return article.source.strip().casefold()
    if article.url:
        host = urlsplit(article.url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _collect(items: Iterable[Any]) -> tuple[list[Event], dict[str, Article]]:
    events: list[Event] = []
    articles: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Analysis):
            articles[item.article.id] = item.article
            events.extend(item.events)
        elif isinstance(item, Event):
            events.append(item)
        elif isinstance(item, tuple) and len(item) == 2:  # (article, events)
            art, evs = item
            articles[art.id] = art
            events.extend(evs)
        else:
            raise TypeError(f"merge_events takes Analysis or Event objects, not {type(item).__name__}")
    return events, articles


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def merge_events(
    analyses_or_events: Iterable[Analysis | Event],
    *,
    window_days: int = DEFAULT_WINDOW_DAYS,
    articles: Mapping[str, Article] | None = None,
    story_of: Mapping[str, str] | None = None,
    skip_flagged: bool = True,
) -> list[dict[str, Any]]:
    """Merge reports of the same event into one record each (the ``merged`` rows of ``Store.replace_stories``).

    ``articles`` supplies publication dates and sources when only events are given; ``story_of`` maps
    article id -> story id. Negated and hypothetical events are not events that happened, so they are left
    out unless ``skip_flagged`` is False. An event without a date takes its article's publication date.
    """
    events, seen_articles = _collect(analyses_or_events)
    arts = dict(articles or {})
    arts.update(seen_articles)
    story_of = story_of or {}

    by_kind: dict[tuple, list[tuple[int | None, str, Event]]] = defaultdict(list)
    for ev in events:
        if skip_flagged and (ev.negated or ev.hypothetical):
            continue
        by_kind[event_kind(ev)].append((event_day(ev, arts), ev.id, ev))

    groups: list[list[tuple[int | None, str, Event]]] = []
    for kind in sorted(by_kind, key=repr):
        groups.extend(chain_events(by_kind[kind], window_days))
    return [merged_record(items, arts, story_of) for items in groups]


def event_day(ev: Event, articles: Mapping[str, Article]) -> int | None:
    """The day an event is merged on: its own date, else its article's publication date."""
    date = ev.date or (articles[ev.article_id].published if ev.article_id in articles else None)
    return _day(date)


def kind_key(kind: tuple) -> str:
    """A stable text key for an :func:`event_kind` (the store indexes events by it)."""
    return repr(kind)


def chain_events(items: list[tuple[int | None, str, Event]], window_days: int,
                 started: list[list[tuple[int | None, str, Event]]] | None = None) -> list[list]:
    """Chain the ``(day, id, event)`` reports of one kind into groups (the lists of :func:`merge_events`).

    ``started`` resumes a chain: groups formed from earlier reports of the kind (every report of them
    earlier than every report in ``items``), in the order they were formed; they are returned first, with
    any reports of ``items`` they take appended.
    """
    items = sorted(items, key=lambda x: (x[0] is None, x[0] or 0, x[1]))
    groups: list[list] = []
    open_groups: list[dict] = []  # groups still able to take members: {"first", "place", "items"}
    for members in started or ():
        place = next((p for p in (_place_key(ev) for _, _, ev in members) if p is not None), None)
        open_groups.append({"first": members[0][0], "place": place, "items": members})
        groups.append(members)
    for day, eid, ev in items:
        place = _place_key(ev)
        target = None
        for g in open_groups:
            if day is None or g["first"] is None:
                same_time = day is None and g["first"] is None
            else:
                same_time = day - g["first"] <= window_days
            if same_time and (place is None or g["place"] is None or place == g["place"]):
                target = g
                break
        if target is None:
            target = {"first": day, "place": place, "items": []}
            open_groups.append(target)
            groups.append(target["items"])
        target["items"].append((day, eid, ev))
        if target["place"] is None:
            target["place"] = place
        if day is not None:
            open_groups = [g for g in open_groups if g["first"] is None or day - g["first"] <= window_days]
    return groups


def merged_record(items, arts: Mapping[str, Article], story_of: Mapping[str, str]) -> dict[str, Any]:
    """The merged-event record of one chained group."""
    evs = [ev for _, _, ev in items]
    ids = sorted(ev.id for ev in evs)
    first = evs[0]
    kind = event_kind(first)
    days = [d for d, _, _ in items if d is not None]
    article_ids = sorted({ev.article_id for ev in evs})
    sources = {s for s in (_source_of(arts.get(a)) for a in article_ids) if s}
    if not sources:
        sources = set(article_ids)  # no source information: each article counts as its own report
    modes = Counter(ev.mode for ev in evs if ev.mode)
    places = Counter(ev.event_loc.name or ev.event_loc.text for ev in evs if ev.event_loc is not None)
    place_name = places.most_common(1)[0][0] if places else None
    lat = lon = None
    if place_name is not None:
        for ev in evs:
            loc = ev.event_loc
            if loc is not None and (loc.name or loc.text) == place_name and loc.lat is not None:
                lat, lon = loc.lat, loc.lon
                break
    stories = Counter(story_of[a] for a in article_ids if a in story_of)
    story_id = min(stories.items(), key=lambda kv: (-kv[1], kv[0]))[0] if stories else None
    if kind[0] in SYMMETRIC_TYPES:
        actor_codes, recipient_codes = list(kind[1]), []
    else:
        actor_codes, recipient_codes = list(kind[1]), list(kind[2])
    quads = Counter(ev.quad for ev in evs if ev.quad is not None)
    return {
        "id": "merged-" + hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()[:16],
        "event": first.event,
        "mode": min(modes.items(), key=lambda kv: (-kv[1], kv[0]))[0] if modes else None,
        "actor_codes": actor_codes,
        "recipient_codes": recipient_codes,
        "date": dt.date.fromordinal(min(days)).isoformat() if days else None,
        "end_date": dt.date.fromordinal(max(days)).isoformat() if days else None,
        "place_name": place_name,
        "lat": lat,
        "lon": lon,
        "num_mentions": len(evs),
        "num_articles": len(article_ids),
        "num_sources": len(sources),
        "story_id": story_id,
        "goldstein": _mean([ev.goldstein for ev in evs if ev.goldstein is not None]),
        "quad": min(quads.items(), key=lambda kv: (-kv[1], kv[0]))[0] if quads else None,
        "intensity": _mean([ev.intensity for ev in evs if ev.intensity is not None]),
        "event_ids": ids,
    }
