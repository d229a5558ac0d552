"""Queries over the store: the functions the CLI, the REST API and the dashboard share.

All take a :class:`~detente.store.Store` first and return plain JSON-able values; bad parameters
raise :class:`~detente.errors.QueryError` with a D6xx code (unknown code, malformed date, page too large).
"""

from ._actors import actor_counts
from ._chart import dyad_chart
from ._events import (
    MAX_PAGE,
    actor_network,
    dyad_series,
    dyad_timeline,
    dyads,
    event_places,
    get_event,
    list_events,
    merged_events,
    validate_code,
    validate_date,
)
from ._text import article_view, list_stories, search_quotes, story_view

__all__ = [
    "MAX_PAGE",
    "actor_counts",
    "actor_network",
    "article_view",
    "dyad_chart",
    "dyad_series",
    "dyad_timeline",
    "dyads",
    "event_places",
    "get_event",
    "list_events",
    "list_stories",
    "merged_events",
    "search_quotes",
    "story_view",
    "validate_code",
    "validate_date",
]
