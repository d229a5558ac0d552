from __future__ import annotations

import pytest

from detente.events import load_ontology

ONTO = load_ontology()


def test_events_ontology_counts():
    assert len(ONTO.types) == 16
    assert len(ONTO.modes) == 67
    assert len(ONTO.contexts) == 37
    assert set(ONTO.quads) == {1, 2, 3, 4}


@pytest.mark.parametrize("name", sorted(ONTO.types))
def test_events_ontology_type_complete(name):
    etype = ONTO.types[name]
    assert etype.definition and etype.quad in (1, 2, 3, 4)
    assert -10 <= ONTO.intensity_for(name) <= 10
    assert etype.cameo in ONTO.cameo
    assert -10 <= ONTO.goldstein_for(name) <= 10
    for mode in etype.modes.values():
        assert mode.cameo in ONTO.cameo, (name, mode.name)
        assert -10 <= mode.intensity <= 10
        assert ONTO.goldstein_for(name, mode.name) == ONTO.cameo[mode.cameo].goldstein


@pytest.mark.parametrize(
    "check",
    [
        ("SANCTION quad is material conflict", lambda o: o.quad_for("SANCTION") == 4),
        ("ACCUSE intensity sign fixed", lambda o: o.intensity_for("ACCUSE") == -3.0),
        ("163 is SANCTION discontinue", lambda o: (o.cameo["163"].plover_event, o.cameo["163"].plover_mode)
         == ("SANCTION", "discontinue")),
        ("195 is ASSAULT aerial", lambda o: (o.cameo["195"].plover_event, o.cameo["195"].plover_mode)
         == ("ASSAULT", "aerial")),
        ("175 mode/context not swapped", lambda o: (o.cameo["175"].plover_mode, o.cameo["175"].plover_context)
         == ("crowd-control", "repression")),
        ("sanctions map to 163", lambda o: o.cameo_for("SANCTION", "discontinue") == "163"),
        ("phone talks map to 041", lambda o: o.cameo_for("CONSULT", "phone") == "041"),
        ("unknown mode falls back to type", lambda o: o.cameo_for("AGREE", None) == "030"),
    ],
    ids=lambda c: c[0],
)
def test_events_ontology_manual_decisions(check):
    assert check[1](ONTO)


def test_events_ontology_reverse_mapping_is_valid():
    for code in ONTO.cameo.values():
        if code.plover_event:
            assert code.plover_event in ONTO.types, code
            if code.plover_mode:
                assert code.plover_mode in ONTO.types[code.plover_event].modes, code
            if code.plover_context:
                assert code.plover_context in ONTO.contexts, code


def test_events_ontology_is_immutable_and_cached():
    assert load_ontology() is ONTO
    with pytest.raises(TypeError):
        ONTO.types["NEW"] = None  # type: ignore[index]
