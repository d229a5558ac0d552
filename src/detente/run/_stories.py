"""The stories step of a run: incremental by default, a full rebuild on request or when it must.

Incremental (the default): only the articles in no story yet are read, and
:func:`detente.stories.stories_step` clusters them against the state the store keeps for the date window
around them; only the stories, copies and merged events that change are written, in one transaction per
step of ``step_articles`` articles (in date order), so the memory of the step is bounded however many
articles a run brings. The result is a function of (what is stored, the set of unstoried articles): the
order they arrived in and the batches that wrote them do not matter, so a run killed at any moment (even
inside a step, or between two) and resumed writes what an uninterrupted run writes. A store with no
stories and no state yet starts from nothing: its first step is a full build of that step's articles.

Full (``full=True``, ``detente stories --rebuild``): every stored article is clustered again; the rows
are exactly :func:`detente.stories.build_stories` over every stored analysis, and the state is written
anew, in one step (its memory grows with the store). The step falls back to it when there is no state to
continue from (a database from before the incremental mode, stories written by ``Store.replace_stories``),
when the state was built with other settings, or when stories name articles that are no longer stored.

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
# New articles per stories step. A step holds its articles' mentions, places and events, so a
# 10,000-article run clustered in one step peaked at 2.4 GB in the driver; in steps of 2,000 it peaked at
# 1.4 GB (benchmarks/results/memory_10k*.json), and that peak no longer grows with the run. A story is
# cut by a step boundary only where it straddles one (the next step joins it through the stored state).
STEP_ARTICLES = 2000


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


def _continuation(store, options: dict) -> str | None:
    """How the incremental step can go on: "continue" from the stored state, "empty" (no stories and
    no state yet: start from nothing), or None (only a full build will do)."""
    from ..stories import DuplicateSettings, StorySettings, TfidfBackend, state_fingerprint
    from ..stories._merge import DEFAULT_WINDOW_DAYS

    settings = options.get("settings") or StorySettings()
    backend = options.get("backend")
    if settings.backend != "tfidf" or not (backend is None or isinstance(backend, TfidfBackend)):
        return None  # only the TF-IDF clusterer keeps its state in the store
    meta = {r["key"]: r["value"] for r in store.story_rows("state")}
    if not meta:
        r = _coverage(store)
        return "empty" if r["members"] == 0 and r["strays"] == 0 else None
    wanted = state_fingerprint(settings, options.get("duplicate_settings") or DuplicateSettings(),
                               options.get("window_days", DEFAULT_WINDOW_DAYS))
    return "continue" if meta.get("fingerprint") == wanted and _coverage(store)["strays"] == 0 else None


def _in_steps(rows: list[dict], size: int) -> Iterator[list[str]]:
    """Unstoried article ids in the order the step clusters them (date, then id), ``size`` at a time.

    A kill between steps leaves a prefix of this order in stories, so a resumed run cuts the rest
    exactly as an uninterrupted run does.
    """
    from ..stories._text import clustering_order

    order = sorted(clustering_order(r["published"], r["id"]) for r in rows)
    for i in range(0, len(order), size):
        yield [aid for _, aid in order[i : i + size]]


def rebuild_stories(store, *, full: bool = False, page: int = _PAGE, step_articles: int = STEP_ARTICLES,
                    timer=None, **options) -> Counter:
    """Bring stories, syndicated copies and merged events up to date with the stored articles; write them.

    Incremental unless ``full`` (or there is no usable state, see the module docstring): the articles in
    no story are clustered ``step_articles`` at a time in date order, each step one transaction, so memory
    does not grow with the size of a run. Returns the rows written (stories, duplicates, merged events).
    With ``full`` the result equals ``store.replace_stories(*build_stories(store.analyses(), **options))``,
    in one step over every stored article. ``options`` go to the stories code (``settings``,
    ``duplicate_settings``, ``window_days``, ``backend``). ``timer(name, seconds)`` receives the time of
    the build (read and cluster) and of the write.
    """
    from ..stories import stories_step

    written: Counter = Counter()

    def step(analyses, against) -> None:
        t0 = time.perf_counter()
        changes = stories_step(analyses, against, **options)
        t1 = time.perf_counter()
        changes.write(store)
        if timer is not None:
            timer("stories:build", t1 - t0)
            timer("stories:write", time.perf_counter() - t1)
        written.update(stories=len(changes.stories), duplicates=len(changes.duplicates),
                       merged_events=len(changes.merged))

    how = None if full else _continuation(store, options)
    if how is None:
        step(_for_stories(store, page), None)
        return written
    rows = store.story_rows("unstoried")
    for k, ids in enumerate(_in_steps(rows, max(step_articles, 1))):
        # from nothing, the first step is a full build of its articles (it writes the first state)
        step(_for_stories(store, page, ids), None if how == "empty" and k == 0 else store)
    return written
