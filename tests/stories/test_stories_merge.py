"""Event merging: one event from many reports, and same-kind-different-event traps kept apart."""

from __future__ import annotations

import pytest

from detente.records import Article, Event, Mention, Place
from detente.stories import merge_events


def _event(eid, art, kind, actor, recipient, date, place=None, **kw):
    return Event(
        id=eid, article_id=art, event=kind, sentence=0, start=0, end=0, anchor_start=0, anchor_end=0,
        anchor_text="", actor=[Mention(art, 0, 0, c, code=c) for c in actor],
        recipient=[Mention(art, 0, 0, c, code=c) for c in recipient], date=date,
        event_loc=Place(art, 0, 0, place, name=place, lat=1.0, lon=2.0) if place else None, **kw,
    )


CASES = [
    # (name, events as (id, article, type, actor, recipient, date, place), expected groups of ids)
    ("same-visit-three-reports",
     [("e1", "a1", "CONSULT", ["CHN"], ["PAK"], "2026-03-10", "Karachi"),
      ("e2", "a2", "CONSULT", ["CHN"], ["PAK"], "2026-03-10", "Karachi"),
      ("e3", "a3", "CONSULT", ["CHN"], ["PAK"], "2026-03-11", None)],
     [["e1", "e2", "e3"]]),
    ("two-ports",
     [("e1", "a1", "CONSULT", ["USA"], ["VNM"], "2026-04-20", "Da Nang"),
      ("e2", "a2", "CONSULT", ["USA"], ["VNM"], "2026-04-21", "Cam Ranh")],
     [["e1"], ["e2"]]),
    ("two-phone-calls-months-apart",
     [("e1", "a1", "CONSULT", ["CHN", "USA"], [], "2026-02-05", None),
      ("e2", "a2", "CONSULT", ["USA"], ["CHN"], "2026-02-06", None),
      ("e3", "a3", "CONSULT", ["CHN"], ["USA"], "2026-06-18", None)],
     [["e1", "e2"], ["e3"]]),
    ("two-sanction-rounds",
     [("e1", "a1", "SANCTION", ["USA"], ["RUS"], "2026-01-15", None),
      ("e2", "a2", "SANCTION", ["USA"], ["RUS"], "2026-05-20", None)],
     [["e1"], ["e2"]]),
    ("direction-matters-for-accuse",
     [("e1", "a1", "ACCUSE", ["JPN"], ["CHN"], "2026-04-08", None),
      ("e2", "a2", "ACCUSE", ["CHN"], ["JPN"], "2026-04-08", None)],
     [["e1"], ["e2"]]),
    ("different-types",
     [("e1", "a1", "ACCUSE", ["JPN"], ["CHN"], "2026-04-08", None),
      ("e2", "a1", "COERCE", ["JPN"], ["CHN"], "2026-04-08", None)],
     [["e1"], ["e2"]]),
]


@pytest.mark.parametrize("name, specs, expected", CASES, ids=[c[0] for c in CASES])
def test_stories_merge_groups(name, specs, expected):
    events = [_event(*s) for s in specs]
    merged = merge_events(events, window_days=3)
    assert sorted(m["event_ids"] for m in merged) == sorted(expected)
    assert sum(m["num_mentions"] for m in merged) == len(events)


@pytest.mark.parametrize(
    "sources, urls, expected_sources",
    [
        (["Wire A", "Wire A", "Paper B"], [None, None, None], 2),
        ([None, None, None], ["https://www.one.example/x", "https://one.example/y", "https://two.example/z"], 2),
        ([None, None, None], [None, None, None], 3),  # nothing known: each article counts once
    ],
)
def test_stories_merge_counts_sources(sources, urls, expected_sources):
    arts = {f"a{i}": Article(id=f"a{i}", text="x", source=s, url=u, published="2026-03-10")
            for i, (s, u) in enumerate(zip(sources, urls))}
    events = [_event(f"e{i}", f"a{i}", "CONSULT", ["CHN"], ["PAK"], None, "Karachi", goldstein=1.0 + i, quad=1)
              for i in range(3)]
    events.append(_event("e9", "a0", "CONSULT", ["CHN"], ["PAK"], None, "Karachi", goldstein=4.0, quad=1))
    (m,) = merge_events(events, articles=arts, story_of={"a0": "s1", "a1": "s1", "a2": "s2"})
    assert m["num_sources"] == expected_sources
    assert (m["num_mentions"], m["num_articles"]) == (4, 3)
    assert m["date"] == m["end_date"] == "2026-03-10"  # from the articles' publication dates
    assert m["story_id"] == "s1" and m["place_name"] == "Karachi" and (m["lat"], m["lon"]) == (1.0, 2.0)
    assert m["goldstein"] == 2.5 and m["quad"] == 1
    expected_keys = {"id", "event", "mode", "actor_codes", "recipient_codes", "date", "end_date", "place_name",
                     "lat", "lon", "num_mentions", "num_articles", "num_sources", "story_id", "goldstein",
                     "quad", "intensity", "event_ids"}
    assert set(m) == expected_keys


@pytest.mark.parametrize("flag", ["negated", "hypothetical"])
def test_stories_merge_skips_flagged(flag):
    events = [_event("e1", "a1", "ASSAULT", ["CHN"], ["PHL"], "2026-08-11", None, **{flag: True})]
    assert merge_events(events) == []
    assert len(merge_events(events, skip_flagged=False)) == 1


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 0, 1]])
def test_stories_merge_ids_are_deterministic(order):
    specs = CASES[0][1]
    events = [_event(*specs[i]) for i in order]
    first = merge_events(events)
    again = merge_events(list(reversed(events)))
    assert [m["id"] for m in first] == [m["id"] for m in again]
    assert first == again


def test_stories_merge_rejects_other_inputs():
    with pytest.raises(TypeError):
        merge_events(["not an event"])
