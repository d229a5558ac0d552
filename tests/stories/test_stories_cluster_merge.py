"""Entity features, the growing date window, and the merge pass over undated articles."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.records import Analysis, Mention, Place
from detente.stories import StoryClusterer, StorySettings


def _day(offset: int) -> str:
    return (dt.date(2026, 5, 1) + dt.timedelta(days=offset)).isoformat()


@pytest.mark.parametrize(
    "place, mention_span, key",
    [
        (Place("a", 0, 5, "Malta", name="Malta", feature_type="country", precision="country"), None, None),
        (Place("a", 0, 8, "Valletta", name="Valletta", feature_type="city", precision="city"), (0, 8), None),
        (Place("a", 0, 8, "Valletta", name="Valletta", feature_type="city", precision="city"), None, "#valletta"),
        (Place("a", 0, 9, "Lampedusa", name="Lampedusa", feature_type="island"), None, "#lampedusa"),
    ],
)
def test_stories_cluster_entity_features(place, mention_span, key):
    """Actor codes count; countries and capitals standing for governments do not count as places."""
    mentions = [Mention("a", 20, 25, "Italy", code="ITA")]
    if mention_span:
        mentions.append(Mention("a", *mention_span, "Valletta", code="MLT"))
    from detente.records import Article

    counts = StoryClusterer().entity_counts(Analysis(Article("a", "x"), mentions=mentions, places=[place]))
    places = {k for k in counts if k.startswith("#")}
    assert counts["@ITA"] == 1.0
    assert places == ({key} if key else set())


@pytest.mark.parametrize(
    "member_days, new_day, joins",
    [
        ([0], 9, False),  # a one-day story takes follow-ups for window_days (7)
        ([0], 6, True),
        ([0, 6, 12], 21, True),  # a story spanning 12 days takes them for 7 + 0.5 * 12 = 13 days
        ([0, 6, 12], 27, False),
    ],
)
def test_stories_cluster_window_grows_with_span(member_days, new_day, joins, base_text, make_article):
    c = StoryClusterer()
    first = None
    for n, d in enumerate(member_days):
        sid = c.add(make_article(f"m{n}", base_text + f" Update number {n}.", _day(d), title="Rescue patrols"))
        first = first or sid
    assert len(c) == 1
    got = c.add(make_article("new", base_text + " A later update.", _day(new_day), title="Rescue patrols"))
    assert (got == first) is joins


def test_stories_cluster_undated_article_joins_its_story(base_text, other_text, make_article):
    c = StoryClusterer()
    dated = c.add(make_article("a", base_text, "2026-05-04", title="Malta and Italy agree joint rescue patrols"))
    c.add(make_article("far", "Parliament debated a farm subsidy bill late into the night. " * 8, "2026-05-04"))
    undated = c.add(make_article("b", other_text, None, title="Malta, Italy to share migrant rescue duty"))
    assert undated != dated  # while streaming, an undated article has no dated candidates
    stories = c.stories()
    assert len(stories) == 2
    assert c.story_of("b") == c.story_of("a") == dated
    assert sorted(next(s for s in stories if s.id == dated).members) == ["a", "b"]


@pytest.mark.parametrize("merge", [True, False])
def test_stories_cluster_undated_never_bridges_distant_stories(merge, base_text, other_text, make_article):
    """Two dated retellings months apart stay apart, even when an undated article resembles both."""
    c = StoryClusterer(StorySettings(merge=merge))
    title = "Malta and Italy agree joint rescue patrols"
    c.add(make_article("jan", base_text, "2026-01-05", title=title))
    c.add(make_article("farm", "Parliament debated a farm subsidy bill late into the night. " * 8, "2026-03-04"))
    c.add(make_article("jun", base_text + " Months later the talks resumed.", "2026-06-20", title=title))
    c.add(make_article("u", other_text, None, title="Malta, Italy to share migrant rescue duty"))
    assert c.story_of("jan") != c.story_of("jun")
    assert (c.story_of("u") in {c.story_of("jan"), c.story_of("jun")}) is merge
    assert sorted(m for s in c.stories() for m in s.members) == ["farm", "jan", "jun", "u"]
