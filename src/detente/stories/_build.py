"""Tie duplicates, stories and merged events together over one batch of articles."""

from __future__ import annotations

from typing import Any, Iterable

from ..records import Analysis, Article, Story
from ._cluster import StoryClusterer, StorySettings
from ._dedup import DuplicateIndex, DuplicateSettings
from ._merge import DEFAULT_WINDOW_DAYS, merge_events
from ._text import clustering_order

__all__ = ["build_stories"]


def _as_analysis(item: Article | Analysis) -> Analysis:
    if isinstance(item, Analysis):
        return item
    if isinstance(item, Article):
        return Analysis(item)
    raise TypeError(f"build_stories takes Article or Analysis objects, not {type(item).__name__}")


def build_stories(
    articles_and_analyses: Iterable[Article | Analysis],
    *,
    settings: StorySettings | None = None,
    duplicate_settings: DuplicateSettings | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    backend: Any = None,
) -> tuple[list[Story], list[tuple[str, str, float]], list[dict[str, Any]]]:
    """Find syndicated copies, cluster stories and merge events over a batch.

    Returns ``(stories, duplicates, merged)`` in the shapes ``Store.replace_stories`` takes. The input is
    processed in (published date, id) order, so the result does not depend on the order it comes in, and a
    re-run gives the same ids. Copies join their original's story directly. Document frequencies (of text terms
    with the default TF-IDF backend, and of actor codes and places) are taken from the whole batch first.
    """
    settings = settings or StorySettings()
    items = sorted(
        (_as_analysis(x) for x in articles_and_analyses),
        key=lambda a: clustering_order(a.article.published, a.article.id),
    )
    # one analysis per article id (the same article read twice is one report)
    unique: dict[str, Analysis] = {}
    for a in items:
        unique.setdefault(a.article.id, a)
    items = list(unique.values())

    clusterer = StoryClusterer(settings, backend=backend)
    clusterer.fit(items)  # document frequencies of terms and entity features from the whole batch

    dups = DuplicateIndex(duplicate_settings)
    for a in items:
        original = dups.add(a.article)
        if original is not None:
            clusterer.add_copy(a, original)
        else:
            clusterer.add(a)

    stories = clusterer.stories()
    story_of = {m: st.id for st in stories for m in st.members}
    merged = merge_events(items, window_days=window_days, story_of=story_of)
    return stories, dups.duplicates(), merged
