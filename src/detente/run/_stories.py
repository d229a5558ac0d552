"""Rebuild stories, syndicated copies and merged events from the store.

The result is exactly :func:`detente.stories.build_stories` over every stored analysis, so it is a
pure function of what is stored: a run killed during this step and resumed writes what an
uninterrupted run writes. The store is read a page at a time, and each analysis is stripped of
what the stories code does not read (sentences, quotes, time expressions, the raw text) before it
is handed over, so the read side holds one page of full analyses at a time.

``build_stories`` itself holds its whole input (it sorts by date and fits document frequencies over
everything before clustering): at 10k articles that is measured in ``docs/scale.md``; for millions
the stories package needs a windowed mode (see the report there).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Iterator

from ..records import Analysis

__all__ = ["rebuild_stories", "stories_current"]

# Articles per read: a page of 600-word articles with all their spans is a few MB.
_PAGE = 256


def _for_stories(store, page: int) -> Iterator[Analysis]:
    """Stored analyses without the fields the stories step never reads (they are most of the bytes)."""
    for a in store.analyses(batch_size=page):
        a.article.raw_text = ""
        yield Analysis(a.article, mentions=a.mentions, places=a.places, events=a.events)


def stories_current(store) -> bool:
    """Whether the stored stories cover exactly the stored articles (every article is a story member)."""
    rows = store.sql("SELECT (SELECT count(*) FROM articles) AS articles, "
                     "(SELECT count(DISTINCT article_id) FROM story_members) AS members, "
                     "(SELECT count(*) FROM story_members m WHERE m.article_id NOT IN "
                     "(SELECT id FROM articles)) AS strays", [])
    r = rows[0]
    return r["articles"] == r["members"] and r["strays"] == 0


def rebuild_stories(store, *, page: int = _PAGE, timer=None, **options) -> Counter:
    """Re-cluster every stored article into stories, find syndicated copies, merge events; write them.

    Equal to ``store.replace_stories(*build_stories(store.analyses(), **options))``. ``timer(name,
    seconds)`` receives the time of the build (read and cluster) and of the write.
    """
    from ..stories import build_stories

    t0 = time.perf_counter()
    stories, duplicates, merged = build_stories(_for_stories(store, page), **options)
    t1 = time.perf_counter()
    store.replace_stories(stories, duplicates, merged)
    if timer is not None:
        timer("stories:build", t1 - t0)
        timer("stories:write", time.perf_counter() - t1)
    return Counter(stories=len(stories), duplicates=len(duplicates), merged_events=len(merged))
