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
        # declining to say or confirm is no comment, not a refusal (guide 4)
        ("A Russian spokesman declined to say whether Putin would attend.", "REJECT"),
        ("Japan declined to confirm whether the meeting would take place.", "REJECT"),
        # citing a reason that blames nobody is no accusation
        ("Japan closed the crossing, citing unresolved security issues.", "ACCUSE"),
        # "riot police" names a unit, not a riot
        ("Japanese riot police fired tear gas at protesters in Tokyo.", "PROTEST"),
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


@pytest.mark.parametrize(
    "text, event, actors, recipients, hypothetical",
    [
        # defying a warning, request or ruling is a refusal of the party that made it
        ("Poland defied a warning from Russia and opened the border.", "REJECT", ["POL"], ["RUS"], False),
        ("Japan extradited the banker on Friday, defying requests from Moscow to send him home.", "REJECT",
         ["JPN"], ["RUS"], False),
        # a speech act hung on an act noun ("..., a move X denounced") targets the doer of the main clause
        ("China raised tariffs on Japanese cars, a decision Japan condemned.", "ACCUSE", ["JPN"], ["CHN"], False),
        ("Russia lifted a ban on flights to Georgia, a move the Japanese president called a provocation.",
         "ACCUSE", ["JPN"], ["RUS"], False),
        # the object pronoun of an accusing participle stands for the governing clause's object
        ("Poland expelled the Russian and Chinese envoys on Tuesday, accusing them of spying.", "ACCUSE",
         ["POL"], ["CHN", "RUS"], False),
        # a negated would in a relative clause of reported speech is a stated refusal, not a hypothetical
        ("Japan said that any change to the border was a red line it would never accept.", "REJECT",
         ["JPN"], [], False),
        # outside reported speech the relative would stays a guess about the other side
        ("Japan drew a new border that China would never accept.", "REJECT", ["CHN"], ["JPN"], True),
        # citing another party's misconduct as the reason for an act disapproves of that party
        ("Japan extended its sanctions on Thursday, citing Moscow's failure to implement the peace accords.",
         "ACCUSE", ["JPN"], ["RUS"], False),
        ("Russia put its forces on alert, citing aggressive statements by American leaders.", "ACCUSE",
         ["RUS"], ["USA"], False),
        # condemnation drawn from others: the from-phrase speaks, the subject is condemned
        ("Russia tested a new missile on Wednesday, drawing condemnation from Japan and the United States.",
         "ACCUSE", ["JPN", "USA"], ["RUS"], False),
        ("China's decision drew sharp criticism from Japan.", "ACCUSE", ["JPN"], ["CHN"], False),
        # a weapons move aimed at no other state has no recipient; troops in the own state are within-state
        ("Japan put the Japanese navy on alert on Wednesday.", "MOBILIZE", ["JPN"], [], False),
        ("Japan deployed Japanese troops across Tokyo.", "MOBILIZE", ["JPN"], ["JPN"], False),
    ],
)
def test_events_verbal_conflict_round2_classes(code, text, event, actors, recipients, hypothetical):
    evs = [e for e in code(text) if e.event == event and not e.negated]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert sorted({m.code for m in evs[0].actor}) == actors
    assert sorted({m.code for m in evs[0].recipient}) == recipients
    assert evs[0].hypothetical is hypothetical


@pytest.mark.parametrize(
    "text, modes",
    [
        # a charge after a condemnation is a second ACCUSE of its own mode; a restated condemnation is not
        ('Japan\'s president called Russia a "terror state" on Wednesday, accusing it of war crimes in Ukraine.',
         ["allege", "disapprove"]),
        ("Japan condemned the drills, calling them a provocation.", ["disapprove"]),
    ],
)
def test_events_verbal_conflict_charge_after_condemnation(code, text, modes):
    assert sorted(e.mode for e in code(text) if e.event == "ACCUSE") == modes
