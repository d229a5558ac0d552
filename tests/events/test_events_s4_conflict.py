"""Material-conflict recall classes (COERCE, SANCTION, ASSAULT, THREATEN), fourth session: each row is one
fix class, written fresh for the test (not taken from any gold file), with near misses it must not fire on."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, event, mode, actors",
    [
        # fighting nouns: a span of fighting is asserted; its sides are the clause's named parties (guide 2)
        ("Russia declared victory over Ukraine in the town after five months of fighting.", "ASSAULT", None,
         ["RUS", "UKR"]),
        ("A truce between China and Japan took effect on Monday after three days of fighting.", "ASSAULT", None,
         ["CHN", "JPN"]),
        ("Deadly clashes between Chinese and Japanese troops broke out near the islands on Sunday.", "ASSAULT",
         None, ["CHN", "JPN"]),
        # a promised reply to a hostile act is a threat; its mode follows what it answers
        ("Iran vowed to respond to the American strike.", "THREATEN", "violence", ["IRN"]),
        ("China vowed to retaliate against Japan.", "THREATEN", "violence", ["CHN"]),
        ("Russia vowed to respond in kind to British tariffs.", "THREATEN", "restrict", ["RUS"]),
        ("China warned that it would retaliate against Japan.", "THREATEN", "violence", ["CHN"]),
        ("Iran vowed to keep targeting American ships in the Gulf.", "THREATEN", "violence", ["IRN"]),
        ("Japan vowed to hit back hard.", "THREATEN", "violence", ["JPN"]),
        # a sanction promised on a condition is a threat whose mode is what would be cut (guide 3)
        ("China said it would sanction American firms if Washington sold more arms to Taiwan.", "THREATEN",
         "restrict", ["CHN"]),
        ("Japan said it would expel Russian diplomats unless Moscow freed the fishermen.", "THREATEN", "expel",
         ["JPN"]),
        # house arrest, state management of foreign assets, taking control, coups, annexation, censorship
        ("Chinese police placed a Japanese businessman under house arrest.", "COERCE", "arrest", ["CHN"]),
        ("Russia placed the local assets of two British firms under temporary state management.", "COERCE",
         "seize", ["RUS"]),
        ("Russian troops took control of the Ukrainian port of Berdyansk on Monday.", "COERCE", "seize", ["RUS"]),
        ("Russia proclaimed the annexation of four Ukrainian regions on Friday.", "COERCE", "seize", ["RUS"]),
        ("Russia blocked access to Facebook on Friday.", "COERCE", "censor", ["RUS"]),
        ("Russia began to shell Ukrainian towns near the border.", "ASSAULT", "heavy-weapons", ["RUS"]),
        # diplomats pulled out are a withdrawal of relations; trade restrictions are sanctions (guide 3)
        ("Japan pulled its envoy out of Russia on Wednesday.", "SANCTION", "withdraw", ["JPN"]),
        ("Japan said it would restrict exports of chipmaking equipment to China.", "SANCTION", "discontinue",
         ["JPN"]),
        # exchanges of fire, returned fire, water cannon, hostage-taking, burning by armed men
        ("Chinese and Japanese troops exchanged artillery fire near the islands.", "ASSAULT", "heavy-weapons",
         ["CHN", "JPN"]),
        ("Chinese and Japanese border guards traded fire on Thursday.", "ASSAULT", None, ["CHN", "JPN"]),
        ("Japanese destroyers returned fire at Chinese gunboats.", "ASSAULT", None, ["JPN"]),
        ("Chinese coast guard ships trained water cannon on two Philippine boats.", "ASSAULT", "crowd-control",
         ["CHN"]),
        ("Chinese vessels doused a Philippine supply boat with water cannon.", "ASSAULT", "crowd-control", ["CHN"]),
        ("Russian soldiers took three Ukrainian aid workers hostage.", "ASSAULT", "abduct", ["RUS"]),
        ("Chinese guards seized a dozen British hostages at the embassy.", "ASSAULT", "abduct", ["CHN"]),
        ("Russian troops burned several Ukrainian villages near Kharkiv.", "ASSAULT", "destroy", ["RUS"]),
        # banning foreign broadcasters is censorship, banning organisations a restriction; SWIFT cut-offs sanctions
        ("Poland banned three Russian television channels on Monday.", "COERCE", "censor", ["POL"]),
        ("Japan banned two militant groups on Friday.", "COERCE", "restrict", ["JPN"]),
        ("Britain cut Russian banks off from SWIFT.", "SANCTION", "discontinue", ["GBR"]),
        # leaving a regional bloc or community is leaving an organisation (guide 3 SANCTION withdraw)
        ("Russia announced on Sunday that it was quitting the Central Asian bloc.", "SANCTION", "withdraw",
         ["RUS"]),
        ("Japan said it would leave the Pacific Community next year.", "SANCTION", "withdraw", ["JPN"]),
    ],
)
def test_events_conflict_recall_classes(code, text, event, mode, actors):
    evs = [e for e in code(text) if e.event == event]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert evs[0].mode == mode
    assert sorted({m.code for m in evs[0].actor}) == actors


def test_events_conflict_dated_imposition_stays(code):
    # a dated imposition named beside its lifting is still listed, as historical background (guide 5)
    evs = code("Russia lifted a ban imposed on Japan in 2019.")
    assert {e.event for e in evs} >= {"CONCEDE", "SANCTION"}, [(e.event, e.rule) for e in evs]


@pytest.mark.parametrize(
    "text, event, hypothetical",
    [
        # the condition of a threat is coded, flagged hypothetical (guide 5); the threat stays unflagged
        ("Russia threatened to cut gas supplies to Poland if Britain imposed new sanctions.", "SANCTION", True),
        ("Japan warned that it would expel Chinese diplomats if Beijing seized the fishing boat.", "COERCE", True),
        ("China warned it would respond if Japanese forces succeeded in seizing the islands.", "COERCE", True),
        # an act in a time adjunct of a threat is asserted and coded (guide 4)
        ("Iran vowed to retaliate after American jets struck its consulate in Damascus.", "ASSAULT", False),
        ("China vowed to hit back after Washington imposed tariffs on Chinese steel.", "SANCTION", False),
    ],
)
def test_events_conflict_threat_condition_coded(code, text, event, hypothetical):
    evs = code(text)
    assert "THREATEN" in [e.event for e in evs if not e.hypothetical], [(e.event, e.rule) for e in evs]
    assert [e.hypothetical for e in evs if e.event == event] == [hypothetical], [(e.event, e.rule) for e in evs]


def test_events_conflict_coup_takes_power(code):
    # a coup without fighting is COERCE with no mode (guide 3); the pronoun's soldiers are the actor
    evs = [e for e in code("Chinese soldiers surrounded the palace and declared they had taken power.")
           if e.event == "COERCE"]
    assert [e.mode for e in evs] == [None]


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Aid agencies said fighting resumed in the east on Tuesday.", "ASSAULT"),  # no side named
        ("China and Japan signed an agreement to end six weeks of fighting.", "ASSAULT"),  # an aim, not an act
        ("Japan pledged to respond to the crisis in Ukraine.", "THREATEN"),  # a reply to a crisis: help
        ("China took control of the talks with Japan.", "COERCE"),  # not a force taking ground
        ("The new Japanese government took power after winning the election.", "COERCE"),  # no coup
        ("Britain condemned Russia's annexation of Crimea.", "COERCE"),  # the object of a condemnation
        ("China and Japan traded accusations over the islands.", "ASSAULT"),  # words, not fire
        ("Russia returned the fire-damaged ship to Ukraine.", "ASSAULT"),  # fire names no shooting
        ("Protesters burned American flags outside the US embassy.", "ASSAULT"),  # civilians: PROTEST
        ("Russia retaliated against Japan with a ban on seafood imports.", "ASSAULT"),  # a ban is no force
        ("Russia cut off gas supplies to Poland.", "SANCTION"),  # energy leverage is COERCE withhold
        ("Experts warn that a war over Taiwan would devastate the global economy.", "THREATEN"),  # analysts
        ("Prices could spike again this winter, traders warned.", "THREATEN"),  # no state warns anyone
        ("Japan vowed to keep supporting Ukraine.", "THREATEN"),  # a promise of support stays AGREE
        ("The EU said it would impose new sanctions on Russia next week.", "THREATEN"),  # announced, no condition
        # purpose and readiness infinitives name no fight yet (the deployment is MOBILIZE)
        ("Russia sent thousands of conscripts to fight in Ukraine.", "ASSAULT"),
        ("A retired Chinese general wrote that Beijing should be ready to fight.", "ASSAULT"),
        ("Britain allowed Ukraine to use its missiles to strike targets inside Russia.", "ASSAULT"),
        # lifting sanctions is the news (CONCEDE); the undated imposition in its relative clause is not coded
        ("Russia promised to lift the sanctions it imposed on Japan after the incident.", "SANCTION"),
        ("China lifted its tariffs on Japanese fish, ending the last of the barriers imposed during the row.",
         "SANCTION"),
        # withdrawing tariffs undoes a sanction (CONCEDE, like lifting them), it is no withdrawal of relations
        ("China withdrew its tariffs on Japanese seafood on Monday.", "SANCTION"),
    ],
)
def test_events_conflict_near_misses(code, text, absent):
    assert absent not in [e.event for e in code(text)], [(e.event, e.rule) for e in code(text)]
