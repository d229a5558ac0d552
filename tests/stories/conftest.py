"""Fixtures for the stories tests: gold rows and a small original article for edit tests."""

from __future__ import annotations

import json

import pytest

from pathlib import Path

from detente.records import Article

GOLD = Path(__file__).resolve().parents[1] / "gold"

BASE_TEXT = """VALLETTA - Naval officers from Malta and Italy met on Monday at the harbour command in Valletta to agree on joint search and rescue patrols in the central Mediterranean, the Maltese armed forces said.

The two delegations drew up a schedule under which patrol boats from both countries will take turns covering a wide area south of Lampedusa during the summer months, when crossings by small boats usually rise.

A Maltese commander said the arrangement would cut the time needed to reach boats in distress and would let the two coast guards share radar pictures and aircraft sightings in real time.

Italian officials said the plan had been discussed for more than a year and that a formal memorandum would be signed in Rome next month. Humanitarian groups welcomed the patrols but asked both governments to guarantee that rescued people are brought quickly to a safe port.

The officers also agreed to hold a joint exercise in the autumn to test communications between their control centres."""

OTHER_TEXT = """Malta and Italy will start sharing the work of rescuing migrants at sea this summer after talks between their navies in the Maltese capital on Monday, according to a statement issued in Rome.

Under the plan, boats and planes from the two countries will alternate on patrol south of the island of Lampedusa, an area where many overcrowded dinghies have sunk in past years.

Rescue charities said they were cautiously pleased. They have long accused European governments of leaving the central Mediterranean without enough ships, and urged the two states to let rescue vessels land survivors without delay.

Officials expect a memorandum of understanding to be signed within weeks, followed by an exercise later in the year to check that the two command centres can talk to each other."""


@pytest.fixture(scope="session")
def base_text() -> str:
    return BASE_TEXT


@pytest.fixture(scope="session")
def other_text() -> str:
    return OTHER_TEXT


@pytest.fixture(scope="session")
def gold_path() -> Path:
    return GOLD / "stories.jsonl"


@pytest.fixture(scope="session")
def gold_rows():
    with open(GOLD / "stories.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def make_article():
    def _make(aid: str, text: str, date: str | None = "2026-05-04", **fields) -> Article:
        return Article(id=aid, text=text, published=date, **fields)

    return _make
