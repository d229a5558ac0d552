"""Stories: syndicated duplicates, story clusters, and one event from many reports.

Automated event data counts reports, not events, unless copies and retellings are folded together. This
package does that over records, after a run:

* :class:`DuplicateIndex` finds syndicated copies (MinHash LSH over word shingles, containment test) and
  names each copy's original, the earliest version.
* :class:`StoryClusterer` assigns articles to stories incrementally (inverted index over date buckets,
  TF-IDF or embedding similarity mixed with actor codes and places, a centroid test backed by an
  average-link test against snowballing, a window that grows with the story's span), then merges stories
  that turn out to be one and places undated articles in the story they match best.
* :func:`merge_events` folds events of one kind, date window and place into merged events with
  mention, article and source counts.
* :func:`build_stories` runs all three over a batch and returns what ``Store.replace_stories`` takes.
* :func:`stories_step` runs them over the articles not yet in a story, against the state the store keeps
  for the date window around them (the incremental mode of ``detente run``), and returns only what changed.

Options are frozen dataclasses (:class:`StorySettings`, :class:`DuplicateSettings`); their defaults say why
they are what they are.
"""

from ._build import build_stories
from ._cluster import EmbeddingBackend, StoryClusterer, StorySettings, TfidfBackend, story_id_for
from ._dedup import DuplicateIndex, DuplicateSettings
from ._incremental import StoryChanges, state_fingerprint, stories_step
from ._merge import SYMMETRIC_TYPES, event_kind, merge_events

__all__ = [
    "DuplicateIndex",
    "DuplicateSettings",
    "StoryClusterer",
    "StorySettings",
    "TfidfBackend",
    "EmbeddingBackend",
    "merge_events",
    "event_kind",
    "SYMMETRIC_TYPES",
    "build_stories",
    "story_id_for",
    "stories_step",
    "StoryChanges",
    "state_fingerprint",
]
