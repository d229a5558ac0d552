"""The record the cleaning steps pass along: the text being cleaned and what was learnt so far."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Draft"]


@dataclass(frozen=True, slots=True)
class Draft:
    """An article while it is being cleaned. Every step takes a Draft and returns a new one.

    ``dates`` collects publication-date candidates as ``(from, YYYY-MM-DD)`` pairs, ``from``
    being "metadata", "dateline" or "text"; ``input_date`` is the input's own date field as given.
    ``title_from`` is "input", "metadata" or "text".
    """

    text: str
    title: str | None = None
    title_from: str | None = None
    summary: str | None = None
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    author: str | None = None
    agencies: tuple[str, ...] = ()
    dateline_place: str | None = None
    input_date: Any = None
    dates: tuple[tuple[str, str], ...] = ()
    published: str | None = None
    published_from: str | None = None
    language: str | None = None

    def with_agencies(self, names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
        """``agencies`` plus ``names``, without duplicates, in first-seen order."""
        out = list(self.agencies)
        for name in names:
            if name and name not in out:
                out.append(name)
        return tuple(out)
