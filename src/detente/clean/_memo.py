"""Remembering per-line answers: cleaning repeats its steps to a fixed point and articles share lines
(bylines, credits, furniture), so the same line is judged many times."""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

__all__ = ["memo_short_lines", "MEMO_MAX_CHARS"]

# Lines up to this long are remembered (1,024 of them); longer ones are rare and computed each time,
# so the cache stays a few MB.
MEMO_MAX_CHARS = 2000
_SIZE = 1024

F = TypeVar("F", bound=Callable)


def memo_short_lines(fn: F) -> F:
    """``fn(line, *args)`` with its answers for lines of at most MEMO_MAX_CHARS characters remembered.

    Only for pure functions whose answers are immutable (they are shared between callers).
    """
    cached = functools.lru_cache(maxsize=_SIZE)(fn)

    @functools.wraps(fn)
    def call(line, *args):
        return cached(line, *args) if len(line) <= MEMO_MAX_CHARS else fn(line, *args)

    return call  # type: ignore[return-value]
