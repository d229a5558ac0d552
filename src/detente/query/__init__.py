"""Queries over the store: the functions the CLI, the API and the dashboard share."""

from ._actors import actor_counts

__all__ = ["actor_counts"]
