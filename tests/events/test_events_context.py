"""Arguments read from context: unnamed forces, sea names, the actor's own side as target, figurative
force and called-off meetings (all sentences original)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # a coordinated verb shares its head verb's subject; a partner in a joint act is not a target
        ("Washington said US bombers had joined a combined operation with Japan and had flown over the East China Sea.",
         ("MOBILIZE", ["USA"], [])),
        # an unnamed force in reported speech is the speaker's
        ("Washington says the military will continue to sail wherever international law allows.",
         ("MOBILIZE", ["USA"], [])),
        # ... and outside reported speech, the nearest earlier mention of the same kind of force
        ("Russian warships left port on Monday. The warships then sailed through the Baltic Sea.",
         ("MOBILIZE", ["RUS"], [])),
    ],
)
def test_events_context_unnamed_forces(code, brief, text, expected):
    events = [ev for ev in brief(code(text)) if ev[0] == expected[0]]
    assert [ev[:3] for ev in events][-1:] == [expected]


@pytest.mark.parametrize(
    "water",
    ["the South China Sea", "the Taiwan Strait", "the Sea of Japan", "the East China Sea", "the Persian Gulf"],
)
def test_events_context_sea_names_name_no_state(code, brief, water):
    # no state is ever taken from the name of a sea, strait or gulf
    assert brief(code(f"Britain deployed two destroyers to {water}.")) == [("MOBILIZE", ["GBR"], [], False, False)]


def test_events_context_state_next_to_sea_still_named(code, brief):
    assert brief(code("Britain deployed two destroyers near Taiwan.")) == [("MOBILIZE", ["GBR"], ["TWN"], False, False)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the actor's own officer or navy in the object is not the target when the clause names another state
        ("Beijing recalled the Chinese navy chief from his US visit.", [("SANCTION", ["CHN"], ["USA"], False, False)]),
        ("Japan cancelled a meeting between the Japanese defence minister and his Chinese counterpart.",
         [("SANCTION", ["JPN"], ["CHN"], False, False)]),
        # with no other state named, a same-state dyad stands (domestic events)
        ("Russian police detained dozens of Russian protesters.", [("COERCE", ["RUS"], ["RUS"], False, False)]),
        # joint acts keep their partners
        ("China and Russia held joint naval drills.", [("COOPERATE", ["CHN", "RUS"], ["CHN", "RUS"], False, False)]),
    ],
)
def test_events_context_own_side_is_not_the_target(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb of force whose doer is a sanction describes the sanction's effect: not ASSAULT
        ("China has been targeted by US trade sanctions.", [("SANCTION", ["USA"], ["CHN"], False, False)]),
        ("American tariffs hit Chinese exporters.", [("SANCTION", ["USA"], ["CHN"], False, False)]),
        # ... a weapon or an attack doing it is force
        ("Russian missiles hit Ukraine on Monday.", [("ASSAULT", ["RUS"], ["UKR"], False, False)]),
    ],
)
def test_events_context_figurative_force(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # what a sanction calls off is not coded as a meeting or a promise of one
        ("China postponed planned China-US talks in Beijing.", [("SANCTION", ["CHN"], ["USA"], False, False)]),
        ("Beijing recalled its navy chief from his US visit and postponed planned talks with Washington.",
         [("SANCTION", ["CHN"], ["USA"], False, False), ("SANCTION", ["CHN"], ["USA"], False, False)]),
        ("Japan cancelled joint drills with the Philippines.", [("SANCTION", ["JPN"], ["PHL"], False, False)]),
    ],
)
def test_events_context_called_off_meetings_not_coded(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # "both countries", "the two sides", "the three countries" stand for the states just named
        ("Russia praised China, as both countries condemned American drills.",
         ("ACCUSE", ["CHN", "RUS"], ["USA"])),
        ("Officials of China and the United States held talks. The two sides agreed to meet again.",
         ("AGREE", ["CHN", "USA"], [])),
        ("Japan criticised Britain, Poland and Ukraine. Japan urged the three countries to reconsider.",
         ("REQUEST", ["JPN"], ["GBR", "POL", "UKR"])),
    ],
)
def test_events_context_group_references(code, brief, text, expected):
    events = [ev[:3] for ev in brief(code(text)) if ev[0] == expected[0]]
    assert events[-1:] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the act of a text is its issuer's
        ("A Chinese spokesman issued a statement condemning Japan.", [("ACCUSE", ["CHN"], ["JPN"], False, False)]),
        # the members named of a group are the actors of its relative clause
        ("Poland and Ukraine were among the states that condemned Russia.",
         [("ACCUSE", ["POL", "UKR"], ["RUS"], False, False)]),
        # a state named in a nested clause of an argument is no party to the event
        ("Britain sanctioned a Turkish company for buying Iranian oil.",
         [("SANCTION", ["GBR"], ["TUR"], False, False)]),
    ],
)
def test_events_context_arguments_of_texts_and_groups(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, assault",
    [
        # an act someone fears or warns of has not happened
        ("Japan was concerned about a Chinese attack.", []),
        ("Poland voiced fears of a Russian invasion.", []),
        # ... an act named with its actor, and not as a fear, is asserted
        ("Ukraine said the Russian invasion had killed thousands.", [("ASSAULT", ["RUS"], ["UKR"], False, False)]),
        ("Japan is concerned about the Chinese attack on its embassy, which happened on Monday.",
         [("ASSAULT", ["CHN"], ["JPN"], False, False)]),
    ],
)
def test_events_context_feared_acts_not_coded(code, brief, text, assault):
    assert [ev for ev in brief(code(text)) if ev[0] == "ASSAULT"] == assault
