"""Trigger classes added for event recall (lemmas the lexicon lacked): each row is one class, written
fresh for the test (not taken from any gold file), with a near miss the class must not fire on."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, event, mode",
    [
        # ASSAULT verbs the lexicon lacked
        ("Syrian troops battled Turkish-backed rebels near the border.", "ASSAULT", None),
        ("Chinese police beat protesters in Hong Kong on Sunday.", "ASSAULT", "beat"),
        ("Iran executed two British nationals on Tuesday.", "ASSAULT", None),
        ("Russian soldiers raped women in villages near Kharkiv, Ukraine said.", "ASSAULT", "sexual"),
        ("Ukraine's navy scuttled a Russian supply vessel in the Black Sea.", "ASSAULT", "destroy"),
        ("Russia's air defences downed 12 Ukrainian drones over Belgorod.", "ASSAULT", "aerial"),
        # refusing to give in to pressure is a refusal to yield
        ("Taiwan said it would not bow to pressure from Beijing.", "REJECT", "yield"),
        ("Iran said it would never yield to American threats.", "REJECT", "yield"),
        # holding back payments or supplies as leverage
        ("Russia withheld gas payments from Ukraine.", "COERCE", "withhold"),
        # leaving a treaty
        ("Mali tore up its defence treaty with France.", "SANCTION", "withdraw"),
        # restoring ties and certifying compliance are support (gold guide 3)
        ("Japan and China normalised relations in 1972.", "SUPPORT", None),
        ("Britain certified that Iran had shipped out its enriched uranium.", "SUPPORT", None),
    ],
)
def test_events_recall_new_triggers(code, text, event, mode):
    evs = [e for e in code(text) if e.event == event]
    assert evs, [(e.event, e.mode, e.rule) for e in code(text)]
    assert evs[0].mode == mode


@pytest.mark.parametrize(
    "text, absent",
    [
        ("France beat Germany 2-1 in the final in Paris.", "ASSAULT"),  # sport, not violence
        ("Poland executed its plan to build a fence on the Belarus border.", "ASSAULT"),  # a plan, not a person
        ("The Greek army battled wildfires near Athens.", "ASSAULT"),  # a natural force
        ("Turkey scuttled the deal with Sweden.", "ASSAULT"),  # a deal is no vessel
        ("Washington rapped Beijing over its trade policy.", "ASSAULT"),  # headline "rap": criticism
        ("Russia withheld comment on the Japanese report.", "COERCE"),  # no leverage
        ("India withheld its endorsement of the Chinese plan.", "COERCE"),  # a position, not leverage
        ("Taiwan said it would bow to pressure from Beijing.", "REJECT"),  # not negated: no refusal
        ("Japan tore up the letter from China.", "SANCTION"),  # not a treaty
    ],
)
def test_events_recall_near_misses(code, text, absent):
    assert absent not in [e.event for e in code(text)], [(e.event, e.rule) for e in code(text)]
