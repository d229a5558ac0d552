"""Rules added for issue 4 (generalisation to the annotators' training files): each row is one class
of cases, written fresh for the test (not taken from any gold file)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # a finite verb the parser hangs under an infinitive complement is the subject's second act
        ("Poland ordered the Russian ambassador to leave and downgraded its ties with Moscow.",
         [("SANCTION", ["POL"], ["RUS"], False, False), ("SANCTION", ["POL"], ["RUS"], False, False)]),
        # a deadline to leave given to diplomats is an expulsion
        ("Poland gave Russian diplomats 72 hours to leave the country.", [("SANCTION", ["POL"], ["RUS"], False, False)]),
        # the relative clause reports the signing by its named parties
        ("Japan criticised the pact that Russia and China signed.",
         [("ACCUSE", ["JPN"], ["CHN", "RUS"], False, False), ("SUPPORT", ["CHN", "RUS"], [], False, False)]),
        # coordinated state modifiers before the mention name every partner
        ("Japanese and US forces began a joint exercise on Monday.",
         [("COOPERATE", ["JPN", "USA"], ["JPN", "USA"], False, False)]),
        # a brokered deal: the parties are the mediator's recipients
        ("Russia and Ukraine signed a deal brokered by Japan.",
         [("SUPPORT", ["RUS", "UKR"], [], False, False), ("CONSULT", ["JPN"], ["RUS", "UKR"], False, False)]),
        # the receiving side's view of an arms delivery
        ("Ukraine received drones from Britain.", [("AID", ["GBR"], ["UKR"], False, False)]),
        # force the actor commits itself to is a threat, not a hypothetical attack
        ("Iran said it would target any US ship in the Gulf.", [("THREATEN", ["IRN"], ["USA"], False, False)]),
        ("Beijing said China would not hesitate to strike Taiwan.", [("THREATEN", ["CHN"], ["TWN"], False, False)]),
        # a refusal with a condition is still a refusal
        ("Iran said it would not release the British crew unless Britain freed its tanker.",
         [("REJECT", ["IRN"], ["GBR"], False, False), ("RETREAT", ["GBR"], [], False, True)]),
        # promising never to accept is a refusal, not a promise
        ("China vowed that it would never accept the ruling.", [("REJECT", ["CHN"], [], False, False)]),
        # a statement by nobody in particular codes nothing (gold guide 6)
        ("Western governments condemned the vote.", []),
        # what protesters demand is the protest's aim, not a second event
        ("Thousands of students marched in Hong Kong to demand the release of activists.",
         [("PROTEST", ["HKG"], ["HKG"], False, False)]),
    ],
)
def test_events_generalise_types_and_arguments(code, brief, text, expected):
    assert brief(code(text)) == expected


@pytest.mark.parametrize(
    "text, event, mode",
    [
        ("The Japanese prime minister stepped down on Friday.", "RETREAT", "resign"),  # particle read as adverb
        ("Russia cut off gas supplies to Ukraine.", "COERCE", "withhold"),  # energy as leverage
        ("Russia cut off imports of Japanese oil.", "SANCTION", "discontinue"),  # an import ban is a sanction
        ("China banned 59 Japanese apps.", "SANCTION", "discontinue"),  # a ban aimed at another state's goods
        ("Poland froze the assets of Russian officials.", "SANCTION", "discontinue"),
        ("Japan froze its participation in the treaty.", "SANCTION", "withdraw"),
        ("Russia expelled all Japanese workers from the zone.", "COERCE", "deport"),  # people, not diplomats
        ("Poland ordered the closure of the Russian consulate.", "SANCTION", "expel"),  # gold guide 3 table
        ("Russia declared martial law in the region.", "COERCE", "martial-law"),
        ("Japan lifted its veto on the loan to Ukraine.", "CONCEDE", None),
        ("Britain handed over the base to Japan.", "RETREAT", "withdraw"),
    ],
)
def test_events_generalise_lexicon_classes(code, text, event, mode):
    evs = [e for e in code(text) if e.event == event]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert evs[0].mode == mode


@pytest.mark.parametrize(
    "text, absent",
    [
        # an aim reported by an infinitive on a noun is not an occurrence
        ("Japan shelved its bid to open talks with China.", "CONSULT"),
        # a participle on an event noun describes that same event
        ("Japan announced export controls cutting China off from chips.", None),
        # attacks on energy sites are no withholding of energy
        ("Russia agreed to halt strikes on Ukraine's energy infrastructure.", "COERCE"),
        # the first X to do Y restates the main act
        ("Japan met China, the first state to visit Beijing this year.", None),
    ],
)
def test_events_generalise_not_coded(code, text, absent):
    evs = code(text)
    if absent is None:
        types = [e.event for e in evs]
        assert len(types) == len(set(types)), [(e.event, e.anchor_text) for e in evs]
    else:
        assert absent not in [e.event for e in evs]


def test_events_generalise_adjunct_meeting_takes_the_clause_subject(code):
    [ev] = [e for e in code("Russia agreed to cut the price of gas after talks with Ukraine.") if e.event == "CONSULT"]
    assert sorted({m.code for m in ev.actor}) == ["RUS", "UKR"]


def test_events_generalise_domestic_pardon_targets_own_state(code):
    [ev] = code("Japan's president pardoned 18 activists on Monday.")
    assert (ev.event, [m.code for m in ev.recipient]) == ("CONCEDE", ["JPN"])
