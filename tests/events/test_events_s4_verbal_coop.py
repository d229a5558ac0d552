"""Verbal-cooperation recall classes (AGREE, SUPPORT, CONSULT, CONCEDE, REQUEST), fourth session: each row is
one fix class, written fresh for the test (not taken from any gold file), with near misses it must not fire on."""

from __future__ import annotations

import pytest


def _types(events) -> list[str]:
    return sorted(e.event for e in events)


@pytest.mark.parametrize(
    "text, event, actors",
    [
        # signing is SUPPORT (guide 3); "an agreement to end X" states the aim, it does not make it future
        ("Japan and the Philippines signed an agreement to end years of disputes over fishing rights.",
         "SUPPORT", ["JPN", "PHL"]),
        # agreements among parties are AGREE even when what they agree on is a retreat (guide 3)
        ("Russia and Ukraine agreed on Monday to release 100 prisoners each.", "AGREE", ["RUS", "UKR"]),
        ("Japan agreed with China to reopen their consulates.", "AGREE", ["JPN"]),
        # one side agreeing to let others in gives way: CONCEDE (guide 3, "offers to release or withdraw")
        ("Iran agreed to allow UN inspectors to visit the enrichment site.", "CONCEDE", ["IRN"]),
        ("Russia agreed on Friday to release 100 Ukrainian prisoners.", "CONCEDE", ["RUS"]),
        # meetings in time adjuncts are reported meetings of the clause's subject (guide 4)
        ("Japan and China issued a joint statement after three days of talks in Tokyo.", "CONSULT",
         ["CHN", "JPN"]),
        ("Japan and China agreed to expand their trade in rare earths at their meeting in Beijing.", "CONSULT",
         ["CHN", "JPN"]),
        # a request or offer whose speaker is named on the noun was made
        ("Britain sent rescue teams to the region, answering Poland's call for help.", "REQUEST", ["POL"]),
        ("Japan ignored requests from China to remove its grounded ship.", "REQUEST", ["CHN"]),
        ("Japan made an offer to mediate between Russia and Ukraine.", "AGREE", ["JPN"]),
        # "a Japanese-brokered truce": the state before the hyphen mediates (guide 2, mediation)
        ("A Japanese-brokered truce between Russia and Ukraine took effect on Sunday.", "CONSULT", ["JPN"]),
        # round 2 -----------------------------------------------------------------------------------
        # two named sides in one plural subject agree mutually: AGREE, not one side's concession
        ("Russian and Japanese negotiators agreed on Monday to release 50 prisoners each.", "AGREE",
         ["JPN", "RUS"]),
        # a conjunct with its own subject keeps its own tense: the recognition is done, not promised
        ("Japan agreed to open an embassy, and in return China recognised Japanese rights over the islands.",
         "SUPPORT", ["CHN"]),
        # establishing or restoring diplomatic relations is recognition: SUPPORT (guide 3)
        ("Japan and Taiwan established diplomatic relations on Monday.", "SUPPORT", ["JPN", "TWN"]),
        ("Iran restored diplomatic ties with Britain after a two-year break.", "SUPPORT", ["IRN"]),
        # signing or sealing a truce is the signing (SUPPORT), like signing any agreement (guide 3)
        ("Russia and Ukraine signed a ceasefire in Geneva on Friday.", "SUPPORT", ["RUS", "UKR"]),
        # "at the request of X": X asked
        ("Japan sank the pirate boat at the request of the United States.", "REQUEST", ["USA"]),
        # a pledge or request reported by a light verb in its relative clause was made by that clause's subject
        ("Japan shipped the vaccines on Monday, keeping a pledge Britain made last year.", "AGREE", ["GBR"]),
        # mediation named in an adjunct, and brokering on the agreed settlement, took place
        ("Iran said it was restoring diplomatic ties with Britain following mediation by Japan.", "CONSULT", ["JPN"]),
        ("Russia and Ukraine agreed to a prisoner deal brokered by Japan.", "CONSULT", ["JPN"]),
        # accepting a plan, proposal or invitation commits to future cooperation: AGREE
        ("Japan accepted an invitation to attend the summit in Beijing.", "AGREE", ["JPN"]),
        ("Britain drafted a peace plan, which Iran accepted on Monday.", "AGREE", ["IRN"]),
        # accepting a demand or offered help stays a concession (guide 3 CONCEDE)
        ("Japan accepted China's demand to withdraw its ships.", "CONCEDE", ["JPN"]),
        # promising to defend a named state, or declaring to stand with it, reassures an ally: SUPPORT
        ("The United States vowed on Monday to defend the Philippines.", "SUPPORT", ["USA"]),
        ("Britain said it would stand with Poland.", "SUPPORT", ["GBR"]),
        # leaders gathering somewhere for a summit hold it
        ("Leaders of Japan and China gathered in Tokyo on Monday for a summit on trade.", "CONSULT", ["CHN", "JPN"]),
        # round 3: calling off one's own offensive, mutiny or blockade is backing down (guide 3 CONCEDE)
        ("Russia called off its offensive against the town after heavy losses.", "CONCEDE", ["RUS"]),
        ("The rebel commander called off the mutiny on Saturday.", "CONCEDE", []),
        ("China called off the blockade of the island.", "CONCEDE", ["CHN"]),
        ("Russia called off its offensive on the town after heavy losses.", "CONCEDE", ["RUS"]),
    ],
)
def test_events_verbal_coop_recall_classes(code, text, event, actors):
    evs = [e for e in code(text) if e.event == event and not e.negated and not e.hypothetical]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert sorted({m.code for m in evs[0].actor}) == actors


@pytest.mark.parametrize(
    "text, absent",
    [
        # a signing is not a promise: no AGREE from the aim infinitive of the signed text
        ("Japan and the Philippines signed an agreement to end years of disputes over fishing rights.", "AGREE"),
        ("Japan and Britain signed a pact on Monday under which their troops will train together.", "AGREE"),
        # mutual agreements are not one side's concession
        ("Russia and Ukraine agreed on Monday to release 100 prisoners each.", "CONCEDE"),
        # a meeting inside a promise is promised, not held (guide 3: future CONSULT is AGREE)
        ("Japan and China agreed to hold talks at a summit next month.", "CONSULT"),
        # the object of a rejection is not coded (guide 4)
        ("Japan rejected China's demand that it withdraw its coast guard ships.", "REQUEST"),
        # "a call from X" without "for" is a phone call, not a request
        ("Japan received a phone call from the United States on Monday.", "REQUEST"),
        # a hyphenated participle other than brokering names no act ("US-backed")
        ("Japan welcomed the US-backed plan for Ukraine.", "CONSULT"),
        # round 2: mutual agreement of two named sides is no concession
        ("Russian and Japanese negotiators agreed on Monday to release 50 prisoners each.", "CONCEDE"),
        # restoring an agreement (not relations) stays a concession; a ceasefire that takes effect is RETREAT
        ("Russia restored the grain agreement with Ukraine.", "SUPPORT"),
        ("A ceasefire between Russia and Ukraine took effect on Sunday.", "SUPPORT"),
        # "at the request" of nobody named codes no request
        ("The report was written at the request of the committee.", "REQUEST"),
        # mediation inside a promise to meet is promised, not done
        ("Japan and China agreed to hold talks mediated by Britain next month.", "CONSULT"),
        # protecting one's own people is no reassurance of an ally
        ("Japan pledged to protect its fishermen.", "SUPPORT"),
        # a stance verb keeps SUPPORT, other future cooperation is still AGREE (guide 3)
        ("Japan will host talks with China next month.", "CONSULT"),
        # round 3: calling off a meeting is no concession (it stays the SANCTION rule)
        ("Japan called off talks with China.", "CONCEDE"),
        # a verb with its own particle is another phrasal verb: "called off ... on the town" is no "call on"
        ("Russia called off its offensive on the town after heavy losses.", "REQUEST"),
        ("Japan called off its blockade on the island.", "REQUEST"),
    ],
)
def test_events_verbal_coop_near_misses(code, text, absent):
    assert absent not in _types(code(text)), [(e.event, e.rule) for e in code(text)]


def test_events_verbal_coop_request_noun_mode(code):
    # the mode of a request noun is read from what it asks for (guide 3 REQUEST modes)
    evs = [e for e in code("Britain sent rescue teams to the region, answering Poland's call for help.")
           if e.event == "REQUEST"]
    assert evs and evs[0].mode == "assist"


def test_events_verbal_coop_conjunct_keeps_own_tense(code):
    # "X agreed ..., and in return Y recognised ...": Y's clause has its own subject, so X's "agreed" does
    # not make Y's recognition a future (AGREE) event
    evs = code("Japan agreed to open an embassy, and in return China recognised Japanese rights over the islands.")
    assert not [e for e in evs if e.event == "AGREE" and {m.code for m in e.actor} == {"CHN"}], \
        [(e.event, e.rule) for e in evs]
