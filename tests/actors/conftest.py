"""Fixtures for the actors tests: one ActorStage (and one KB) for the whole session."""

from __future__ import annotations

import pytest

from detente.actors import ActorStage, load_kb


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture(scope="session")
def actor_stage(kb):
    return ActorStage(kb=kb)


@pytest.fixture(scope="session")
def resolve(parse, actor_stage):
    """resolve(text, date) -> Analysis with mentions filled."""

    def _resolve(text: str, date: str | None = None):
        return actor_stage(parse(text, date))

    return _resolve


@pytest.fixture(scope="session")
def find():
    """find(analysis, text, occurrence=0) -> the mention that best covers that text, or None."""
    return _find


def _find(analysis, text: str, occurrence: int = 0):
    """The mention that covers the ``occurrence``-th appearance of ``text`` (None if none)."""
    pos = -1
    for _ in range(occurrence + 1):
        pos = analysis.article.text.find(text, pos + 1)
        assert pos >= 0, f"{text!r} not in the test sentence"
    end = pos + len(text)
    best = None
    for m in analysis.mentions:
        if m.start < end and pos < m.end:
            overlap = min(end, m.end) - max(pos, m.start)
            if best is None or overlap > best[0]:
                best = (overlap, m)
    return best[1] if best else None
