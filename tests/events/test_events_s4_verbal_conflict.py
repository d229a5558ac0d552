"""Verbal-conflict recall and argument classes (ACCUSE, PROTEST, REJECT), fourth session: each row is one
fix class, written fresh for the test (not taken from any gold file), with near misses it must not fire on."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, event, mode, actors, recipients",
    [
        # mutual accusations are two-sided: both parties are actors, no recipient (guide 2)
        ("Japan and China traded accusations over the disputed islands.", "ACCUSE", "disapprove",
         ["CHN", "JPN"], []),
        ("Russia and Ukraine exchanged accusations after the dam burst.", "ACCUSE", "disapprove",
         ["RUS", "UKR"], []),
        # "brushed aside" with the particle read as an adverb is still the phrasal REJECT
        ("Beijing brushed aside appeals from Japan to free the detained businessman.", "REJECT", None,
         ["CHN"], ["JPN"]),
        # an accusation before a denial that has its own object is not swallowed by the denial
        ("Japan blamed China for the cyberattack on its banks; Beijing denied any role.", "ACCUSE", "allege",
         ["JPN"], ["CHN"]),
        ("Poland blamed Russia on Friday for the fire at the depot, a charge Moscow denied.", "ACCUSE", "allege",
         ["POL"], ["RUS"]),
        # a span of protests ("after weeks of protests") asserts the protests (guide 3 PROTEST)
        ("The Polish minister resigned after three weeks of street protests.", "PROTEST", "demo", None, None),
        ("Hong Kong withdrew the bill after two months of mass protests.", "PROTEST", "demo", None, None),
    ],
)
def test_events_verbal_conflict_recall_classes(code, text, event, mode, actors, recipients):
    evs = [e for e in code(text) if e.event == event and not e.negated]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert evs[0].mode == mode
    if actors is not None:
        assert sorted({m.code for m in evs[0].actor}) == actors
        assert sorted({m.code for m in evs[0].recipient}) == recipients


@pytest.mark.parametrize(
    "text, absent",
    [
        # trading goods or places is no accusation; a denial that governs its clause keeps consuming it
        ("Japan and China traded goods worth billions last year.", "ACCUSE"),
        ("Russia denied that its troops had shelled the Ukrainian town.", "ASSAULT"),
        # an aim to end protests does not assert them
        ("Poland signed a deal meant to end months of protests over the mine.", "PROTEST"),
    ],
)
def test_events_verbal_conflict_near_misses(code, text, absent):
    evs = code(text)
    assert absent not in {e.event for e in evs if not e.negated}, [(e.event, e.rule) for e in evs]


@pytest.mark.parametrize(
    "text, actors",
    [
        # protesters with no named actor are the people of the one state the sentence names (guide 2)
        ("The Japanese cabinet resigned after weeks of student protests.", ["JPN"]),
        ("Russian police detained hundreds of people at rallies across the country.", ["RUS"]),
        # two states named: nobody is guessed
        ("The Japanese minister resigned after weeks of protests, China said.", []),
    ],
)
def test_events_verbal_conflict_protest_sole_state(code, text, actors):
    evs = [e for e in code(text) if e.event == "PROTEST"]
    assert evs, [(e.event, e.rule) for e in code(text)]
    assert sorted({m.code for m in evs[0].actor}) == actors


@pytest.mark.parametrize(
    "text, actors, recipients",
    [
        # a comma-set participle after an ordered act is the orderer's, not the ordered party's
        ("Japan ordered Russia to shut its consulate in Sapporo, accusing Moscow of espionage.", ["JPN"], ["RUS"]),
        ("Britain ordered Iran to close its consulate in Edinburgh, accusing Iran of spying.", ["GBR"], ["IRN"]),
        # without the comma the participle stays inside the ordered act's clause: its subject is unchanged
        ("Japan accused Russia of spying.", ["JPN"], ["RUS"]),
    ],
)
def test_events_verbal_conflict_participle_actor(code, text, actors, recipients):
    evs = [e for e in code(text) if e.event == "ACCUSE"]
    assert evs, [(e.event, e.rule) for e in code(text)]
    assert sorted({m.code for m in evs[0].actor}) == actors
    assert sorted({m.code for m in evs[0].recipient}) == recipients
