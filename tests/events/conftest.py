"""Fixtures for the event coder tests.

Until the actor stage is installed, tests build the actor mentions by hand from a small table
(test data only: the product has one actor resolver, ``detente.actors``).
"""

from __future__ import annotations

import re

import pytest

from detente.events import EventStage
from detente.records import Mention

# surface form -> ISO3, for hand-built mentions in these tests only
HAND = {
    "China": "CHN", "Chinese": "CHN", "Beijing": "CHN", "Wang Yi": "CHN", "Ren": "CHN",
    "the United States": "USA", "United States": "USA", "US": "USA", "Washington": "USA", "American": "USA",
    "Russia": "RUS", "Russian": "RUS", "Moscow": "RUS", "Japan": "JPN", "Japanese": "JPN",
    "Taiwan": "TWN", "Taipei": "TWN", "Iran": "IRN", "Britain": "GBR", "Poland": "POL",
    "The Philippines": "PHL", "Philippines": "PHL", "Ukraine": "UKR", "Hong Kong": "HKG",
}
_HAND_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, HAND), key=len, reverse=True)) + r")\b")


def hand_mentions(analysis) -> list[Mention]:
    out = []
    for m in _HAND_RE.finditer(analysis.article.text):
        sent = analysis.sentence_at(m.start())
        out.append(Mention(analysis.article.id, m.start(), m.end(), m.group(1),
                           sentence=sent.index if sent else -1, kind="state", code=HAND[m.group(1)],
                           sector="GOV", rule="test table"))
    return out


@pytest.fixture(scope="session")
def hand():
    """hand(analysis) -> Mentions from the test table."""
    return hand_mentions


@pytest.fixture(scope="session")
def stage():
    return EventStage()


@pytest.fixture(scope="session")
def code(parse, stage):
    """code(text, date="2021-06-01", places=(), dates=()) -> list[Event] with hand-built mentions."""

    def _code(text: str, date: str | None = "2021-06-01", *, places=(), dates=(), mentions=None):
        analysis = parse(text, date)
        analysis.mentions = hand_mentions(analysis) if mentions is None else list(mentions)
        analysis.places = list(places)
        analysis.dates = list(dates)
        return stage(analysis).events

    return _code


@pytest.fixture(scope="session")
def brief():
    return _brief


def _brief(events):
    """(type, actor codes, recipient codes, negated, hypothetical) per event, for table asserts."""
    return [
        (e.event, sorted({m.code for m in e.actor}), sorted({m.code for m in e.recipient}), e.negated, e.hypothetical)
        for e in events
    ]
