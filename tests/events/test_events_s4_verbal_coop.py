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
    ],
)
def test_events_verbal_coop_near_misses(code, text, absent):
    assert absent not in _types(code(text)), [(e.event, e.rule) for e in code(text)]


def test_events_verbal_coop_request_noun_mode(code):
    # the mode of a request noun is read from what it asks for (guide 3 REQUEST modes)
    evs = [e for e in code("Britain sent rescue teams to the region, answering Poland's call for help.")
           if e.event == "REQUEST"]
    assert evs and evs[0].mode == "assist"
