"""The stage contract.

A stage is a callable over :class:`~detente.records.Analysis` with a ``name`` and the
names of the ``Analysis`` fields it ``requires`` and ``assigns`` (spaCy's
``Language.factory`` habit). :func:`check_order` refuses a pipeline whose stages read a
field that no earlier stage writes, before any article is processed.
"""

from __future__ import annotations

from typing import Iterable, Protocol, runtime_checkable

from .errors import StageError
from .records import Analysis

__all__ = ["Stage", "check_order", "BASE_FIELDS"]

# Fields an Analysis has before any stage has run.
BASE_FIELDS = ("article",)


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> Analysis: ...


def check_order(stages: Iterable[Stage]) -> None:
    """Raise :class:`StageError` (D401) when a stage requires a field no earlier stage assigns."""
    have = set(BASE_FIELDS)
    for stage in stages:
        missing = [f for f in stage.requires if f not in have]
        if missing:
            raise StageError(
                f"stage {stage.name!r} requires {', '.join(missing)}, which no earlier stage assigns",
                code="D401",
            )
        have.update(stage.assigns)
