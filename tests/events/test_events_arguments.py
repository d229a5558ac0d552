"""Second-pass coder behaviours: pronoun actors, targets read off the sentence, stated refusals,
pejorative characterisations, rejected texts and non-actors (all sentences original)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # a pronoun subject takes the named subject of its reporting clause (guide 2)
        ("Russia said it would expel Japanese diplomats.", [("SANCTION", ["RUS"], ["JPN"], False, False)]),
        # "would not" + a cooperative act is a stated refusal: REJECT, not a negated CONSULT
        ("Iran said it would not negotiate with the United States.", [("REJECT", ["IRN"], ["USA"], False, False)]),
        # calling another party's act by a pejorative is a verbal disapproval
        ("China called the American sanctions a provocation.", [("ACCUSE", ["CHN"], ["USA"], False, False)]),
        # British -ise spellings reach the -ize lexicon entries
        ("Britain recognised Ukraine's new government.", [("SUPPORT", ["GBR"], ["UKR"], False, False)]),
        # the demands of a vetoed text are nobody's request
        ("Russia vetoed a draft resolution demanding a ceasefire.", [("REJECT", ["RUS"], [], False, False)]),
        # repression of civilians inside one state: the state is also the target
        ("Russian police detained dozens of protesters in Moscow.", [("COERCE", ["RUS"], ["RUS"], False, False)]),
        # nature is not an actor
        ("A powerful earthquake struck Japan on Monday.", []),
        # coordinated verbs of one subject share the target named on the first
        ("Poland expelled Russian diplomats and closed a consulate.",
         [("SANCTION", ["POL"], ["RUS"], False, False), ("COERCE", ["POL"], ["RUS"], False, False)]),
    ],
)
def test_events_arguments_second_pass(code, brief, text, expected):
    assert brief(code(text)) == expected


def test_events_arguments_flagged_ship_names_its_state(code):
    events = code("Iran seized a British-flagged tanker in the Gulf.")
    assert [(e.event, e.mode) for e in events] == [("COERCE", "seize")]
    assert [m.code for m in events[0].recipient] == ["GBR"]


def test_events_arguments_refusal_is_not_negated(code):
    (ev,) = code("Japan said it would never apologise to China.")
    assert (ev.event, ev.negated, ev.future) == ("REJECT", False, False)
