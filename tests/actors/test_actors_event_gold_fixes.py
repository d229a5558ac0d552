"""Table-driven tests for resolver and KB fixes found by the event gold's actor-country errors (own sentences)."""

from __future__ import annotations

import pytest

# No state is ever taken from the name of a sea, strait, gulf, ocean, channel or bay: the name is a
# place, and it gives no state to the sentence either. (sentence, words that must not be a mention)
CASES_WATER = [
    ("Two frigates patrolled the South China Sea on Friday.", "China"),
    ("A destroyer sailed through the Taiwan Strait last week.", "Taiwan"),
    ("A destroyer sailed through the Taiwan strait last week.", "Taiwan"),
    ("Bombers flew over the Sea of Japan for eight hours.", "Japan"),
    ("Mines were found in the Persian Gulf and the Gulf of Oman.", "Persian"),
    ("Drills were held in the Gulf of Thailand near the border.", "Thailand"),
    ("A freighter sank in the Philippine Sea overnight.", "Philippine"),
    ("Tankers waited off the Strait of Gibraltar in the morning.", "Gibraltar"),
    ("Pirates attacked a ship in the Mozambique Channel again.", "Mozambique"),
]


@pytest.mark.parametrize("text,word", CASES_WATER)
def test_actors_water_body_names_no_state(resolve, text, word):
    analysis = resolve(text, "2024-05-01")
    assert not any(word in m.text for m in analysis.mentions), [(m.text, m.code, m.rule) for m in analysis.mentions]


# The water rule leaves states next to it alone. (sentence, span, code)
CASES_WATER_KEEPS = [
    ("Japan protested after ships entered the East China Sea.", "Japan", "JPN"),
    ("The Black Sea Fleet fired cruise missiles at the port.", "Black Sea Fleet", "RUS"),
    ("Chinese coast guard ships blocked a boat in the South China Sea.", "Chinese coast guard ships", "CHN"),
]


@pytest.mark.parametrize("text,span,code", CASES_WATER_KEEPS)
def test_actors_water_rule_keeps_actors(resolve, find, text, span, code):
    m = find(resolve(text, "2024-05-01"), span)
    assert m is not None and m.code == code, m and m.rule


# Knowledge-base gaps: a surname, a former leader, a second office, a capital with its accent, a
# regional demonym, a national armed group. (sentence, date, span, code, sector)
CASES_KB = [
    ("Lammy told reporters the talks had been useful.", "2024-10-02", "Lammy", "GBR", "GOV"),
    ("Yahya Jammeh refused to accept the election result.", "2016-12-10", "Yahya Jammeh", "GMB", "GOV"),
    ("Charles Michel chaired the summit of EU leaders.", "2022-06-23", "Charles Michel", "EUR", "GOV"),
    ("Charles Michel resigned as prime minister.", "2018-12-18", "Charles Michel", "BEL", "GOV"),
    ("Bogotá rejected the demand on Monday.", "2025-01-27", "Bogotá", "COL", "GOV"),
    ("Tigrayan forces captured the town of Lalibela.", "2021-08-05", "Tigrayan forces", "ETH", "MIL"),
    ("Abu Sayyaf gunmen kidnapped two fishermen.", "2016-04-25", "Abu Sayyaf gunmen", "PHL", None),
]


@pytest.mark.parametrize("text,date,span,code,sector", CASES_KB)
def test_actors_kb_gaps_filled(resolve, find, text, date, span, code, sector):
    m = find(resolve(text, date), span)
    assert m is not None and m.code == code, m and m.rule
    if sector is not None:
        assert m.sector == sector, m.rule


# A state's diplomat at an international body is the state's; the body's own envoy stays the body's.
# (sentence, span, code)
CASES_ENVOY = [
    ("Germany's UN ambassador criticised the vote.", "Germany's UN ambassador", "DEU"),
    ("The French envoy to the UN called for a ceasefire.", "French envoy", "FRA"),
    ("The UN envoy for Libya met both sides.", "UN envoy", "UNO"),
]


@pytest.mark.parametrize("text,span,code", CASES_ENVOY)
def test_actors_envoy_to_an_igo_keeps_the_state(resolve, find, text, span, code):
    m = find(resolve(text, "2023-05-01"), span)
    assert m is not None and m.code == code, m and m.rule


# A capital naming a meeting or an agreement is a place, not the government; as a noun it stays one.
CASES_CAPITAL_MODIFIER = [
    ("The Helsinki summit ended without a joint statement.", "Helsinki", None),
    ("The Minsk agreements were never implemented.", "Minsk", None),
    ("Moscow rejected the Minsk agreements.", "Moscow", "RUS"),
]


@pytest.mark.parametrize("text,word,code", CASES_CAPITAL_MODIFIER)
def test_actors_capital_naming_a_meeting_is_a_place(resolve, find, text, word, code):
    m = find(resolve(text, "2018-07-17"), word)
    if code is None:
        assert m is None or m.code is None, m.rule
    else:
        assert m is not None and m.code == code, m and m.rule
