"""Behaviour of the rules added to raise the coder's quality (gold guide sections 2-4)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # a demonym inside the object names the target when the actor stage left it bare
        ("Chinese coast guard ships rammed a Philippine supply boat on Sunday.",
         [("ASSAULT", ["CHN"], ["PHL"], False, False)]),
        # a list parsed as apposition keeps every member
        ("Russia, Iran and China condemned the vote.", [("ACCUSE", ["CHN", "IRN", "RUS"], [], False, False)]),
        # the target hangs off the object
        ("Poland cut diplomatic ties with Russia.", [("SANCTION", ["POL"], ["RUS"], False, False)]),
        # lifting sanctions is a concession (CAMEO 081)
        ("Japan lifted its sanctions on Iran.", [("CONCEDE", ["JPN"], ["IRN"], False, False)]),
        # civilians protesting are PROTEST, not a diplomatic protest
        # within-state dissent targets the state itself (gold guide 2: HKG -> HKG)
        ("Thousands of students in Hong Kong marched on Sunday.", [("PROTEST", ["HKG"], ["HKG"], False, False)]),
        # declining to comment is not coded
        ("Japan declined to comment on the report.", []),
        # a denial codes the denial only, with no mode
        ("Russia denied that its troops had shelled the city.", [("REJECT", ["RUS"], [], False, False)]),
        # a consequence of an attack coded in the same sentence is not a second attack
        ("Russia shelled Ukraine on Monday, killing four people.", [("ASSAULT", ["RUS"], ["UKR"], False, False)]),
        # an agentless passive with nobody named is not coded
        ("A fishing boat was seized near the island.", []),
        # a promise of conflict is a threat
        ("Iran vowed to strike Britain.", [("THREATEN", ["IRN"], ["GBR"], False, False)]),
    ],
)
def test_events_rules_arguments_and_types(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, event, mode, actor, recipient",
    [
        # two parties meeting in one side's country: a visit by the other (gold guide 3)
        ("Wang Yi met Japanese officials in Tokyo on Tuesday.", "CONSULT", "visit", ["CHN"], ["JPN"]),
        # three or more parties: multilateral
        ("Japan, China and Russia held talks on Tuesday.", "CONSULT", "multilateral", ["CHN", "JPN", "RUS"], []),
        ("Russia denied the accusation.", "REJECT", None, ["RUS"], []),
        ("Britain expelled two Russian diplomats.", "SANCTION", "expel", ["GBR"], ["RUS"]),
    ],
)
def test_events_rules_modes(code, text, event, mode, actor, recipient):
    from detente.records import Place

    places = []
    if "Tokyo" in text:
        s = text.index("Tokyo")
        places = [Place("x", s, s + 5, "Tokyo", name="Tokyo", feature_type="city", country="JPN")]
    [ev] = code(text, places=places)
    assert (ev.event, ev.mode) == (event, mode)
    assert sorted({m.code for m in ev.actor}) == actor
    assert sorted({m.code for m in ev.recipient}) == recipient


def test_events_rules_joint_drills_by_several_states(code, brief):
    assert brief(code("China and Russia held naval drills in the Sea of Japan.")) == [
        ("COOPERATE", ["CHN", "RUS"], ["CHN", "RUS"], False, False)
    ]


def test_events_rules_multilateral_cameo_follows_guide():
    from detente.events import load_ontology

    onto = load_ontology()
    assert onto.cameo["044"].plover_mode is None  # two parties at a third location: mode null
    assert onto.cameo_for("CONSULT", "multilateral") != "044"
