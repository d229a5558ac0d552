"""The stories step of a run: incremental by default, a full rebuild on request or when it must.

Incremental (the default): only the articles in no story yet are read, and
:func:`detente.stories.stories_step` clusters them against the state the store keeps for the date window
around them; only the stories, copies and merged events that change are written, in one transaction.
The result is a function of (what is stored, the set of unstoried articles): the order they arrived in
and the batches that wrote them do not matter, so a run killed at any moment (even inside this step, one
transaction) and resumed writes what an uninterrupted run writes.

Full (``full=True``, ``detente stories --rebuild``): every stored article is clustered again; the rows
are exactly :func:`detente.stories.build_stories` over every stored analysis, and the state is written
anew. The step falls back to it when there is no state to continue from (a database from before the
incremental mode, stories written by ``Store.replace_stories``), when the state was built with other
settings, or when stories name articles that are no longer stored.

Either way the store is read a page at a time, each analysis stripped of what the stories code does not
read (sentences, quotes, time expressions, the raw text).
"""

from __future__ import annotations

import time
from collections import Counter
from typing import Iterable, Iterator

from ..records import Analysis

__all__ = ["rebuild_stories", "stories_current"]

# Articles per read: a page of 600-word articles with all their spans is a few MB.
_PAGE = 256


def _for_stories(store, page: int, ids: Iterable[str] | None = None) -> Iterator[Analysis]:
    """Stored analyses without the fields the stories step never reads (they are most of the bytes)."""
    for a in store.analyses(ids, batch_size=page, spans=("mentions", "places", "events")):
        a.article.raw_text = ""
        yield Analysis(a.article, mentions=a.mentions, places=a.places, events=a.events)


def stories_current(store) -> bool:
    """Whether the stored stories cover exactly the stored articles (every article is a story member)."""
    r = _coverage(store)
    return r["articles"] == r["members"] and r["strays"] == 0


def _coverage(store) -> dict:
    return store.sql("SELECT (SELECT count(*) FROM articles) AS articles, "
                     "(SELECT count(DISTINCT article_id) FROM story_members) AS members, "
                     "(SELECT count(*) FROM story_members m WHERE m.article_id NOT IN "
                     "(SELECT id FROM articles)) AS strays", [])[0]


def _can_continue(store, options: dict) -> bool:
    """Whether the stored state is one the incremental step can continue from."""
    from ..stories import DuplicateSettings, StorySettings, TfidfBackend, state_fingerprint
    from ..stories._merge import DEFAULT_WINDOW_DAYS

    settings = options.get("settings") or StorySettings()
    backend = options.get("backend")
    if settings.backend != "tfidf" or not (backend is None or isinstance(backend, TfidfBackend)):
        return False  # only the TF-IDF clusterer keeps its state in the store
    meta = {r["key"]: r["value"] for r in store.story_rows("state")}
    wanted = state_fingerprint(settings, options.get("duplicate_settings") or DuplicateSettings(),
                               options.get("window_days", DEFAULT_WINDOW_DAYS))
    return meta.get("fingerprint") == wanted and _coverage(store)["strays"] == 0


def rebuild_stories(store, *, full: bool = False, page: int = _PAGE, timer=None, **options) -> Counter:
    """Bring stories, syndicated copies and merged events up to date with the stored articles; write them.

    Incremental unless ``full`` (or there is no usable state, see the module docstring): returns the rows
    written (stories, duplicates, merged events). With ``full`` the result equals
    ``store.replace_stories(*build_stories(store.analyses(), **options))``. ``options`` go to the
    stories code (``settings``, ``duplicate_settings``, ``window_days``, ``backend``). ``timer(name,
    seconds)`` receives the time of the build (read and cluster) and of the write.
    """
    from ..stories import stories_step

    t0 = time.perf_counter()
    if not full and _can_continue(store, options):
        ids = [r["id"] for r in store.story_rows("unstoried")]
        if not ids:
            return Counter()
        changes = stories_step(_for_stories(store, page, ids), store, **options)
    else:
        changes = stories_step(_for_stories(store, page), None, **options)
    t1 = time.perf_counter()
    changes.write(store)
    if timer is not None:
        timer("stories:build", t1 - t0)
        timer("stories:write", time.perf_counter() - t1)
    return Counter(stories=len(changes.stories), duplicates=len(changes.duplicates),
                   merged_events=len(changes.merged))
