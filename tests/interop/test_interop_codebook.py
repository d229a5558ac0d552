"""The codebook documents every field, column and code, so it cannot drift from the data."""

from __future__ import annotations

import pytest

from detente.events import load_ontology
from detente.interop import (
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    LAYOUT_COLUMNS,
    POLECAT_COLUMNS,
    build_codebook,
    cameo_actor,
    field_spec,
)
from detente.interop._codebook import codebook_gaps, store_schema
from detente.interop._data import load_data


@pytest.fixture(scope="module")
def codebook():
    return build_codebook()


def test_interop_column_lists_match_the_formats():
    assert len(GDELT_EVENT_COLUMNS) == 61 and len(set(GDELT_EVENT_COLUMNS)) == 61
    assert GDELT_EVENT_COLUMNS[:6] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate", "Actor1Code")
    assert GDELT_EVENT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_EVENT_COLUMNS[-3:] == ("ActionGeo_FeatureID", "DATEADDED", "SOURCEURL")
    assert len(GDELT_MENTION_COLUMNS) == 16 and GDELT_MENTION_COLUMNS[-1] == "Extras"
    assert POLECAT_COLUMNS[:3] == ("Event ID", "Event Date", "Event Type") and len(set(POLECAT_COLUMNS)) == 41


def test_interop_codebook_has_no_gaps():
    assert codebook_gaps() == []


@pytest.mark.parametrize("layout", list(LAYOUT_COLUMNS))
def test_interop_codebook_describes_every_field(codebook, layout):
    spec = field_spec(layout)
    assert tuple(spec) == LAYOUT_COLUMNS[layout]
    for column, doc in spec.items():
        assert doc["type"] in {"int", "Int", "float", "str", "bool", "list", "object"}, column
        assert f"`{column}`" in codebook and doc["description"].replace("|", "\\|") in codebook, column


def test_interop_codebook_describes_every_store_column(codebook):
    schema = store_schema()
    assert {"articles", "events", "event_participants", "merged_events"} <= set(schema)
    for table, columns in schema.items():
        assert f"### `{table}`" in codebook
        for column, _ in columns:
            assert f"| `{column}` |" in codebook, (table, column)
    assert "**UNDOCUMENTED**" not in codebook


def test_interop_codebook_lists_every_ontology_code(codebook):
    onto = load_ontology()
    for t in onto.types.values():
        assert f"| {t.name} | {t.quad} |" in codebook
    for m in onto.modes:
        assert f"| {m.event} | {m.name} |" in codebook
    for c in onto.contexts:
        assert f"| {c} |" in codebook
    for code in onto.cameo:
        assert f"| {code} |" in codebook


def test_interop_codebook_lists_sectors_and_their_cameo_roles(codebook):
    sectors = load_data("actors")["sectors"]
    assert len(sectors) == 25
    for code, spec in sectors.items():
        assert f"| {code} | {spec['label']} |" in codebook
    assert "PLOVER's `MED` is **health**" in codebook


@pytest.mark.parametrize("code, sector, other, name, expected", [
    ("USA", "MIL", [], None, ("USAMIL", "USA", "", "MIL")),
    ("CHN", "GOV", ["MIL"], None, ("CHNGOVMIL", "CHN", "", "GOV")),
    ("CHN", "JRN", [], None, ("CHNMED", "CHN", "", "MED")),  # PLOVER journalists = CAMEO media
    ("IND", "MED", [], None, ("INDHLH", "IND", "", "HLH")),  # PLOVER health = CAMEO HLH
    ("UNO", "GOV", [], "United Nations", ("IGOUNO", "", "UNO", "IGO")),
    ("EUR", "GOV", [], "European Union", ("IGOEEC", "", "EEC", "IGO")),
    ("IGO", "GOV", [], "NATO", ("IGONAT", "", "NAT", "IGO")),
    ("IGO", "BUS", [], "World Bank", ("IGOWBKBUS", "", "WBK", "IGO")),
    ("NGO", None, [], "Human Rights Watch", ("NGOHRW", "", "HRW", "NGO")),
    ("GBR", "PTY", [], None, ("GBR", "GBR", "", "")),  # no CAMEO role for parties: country alone
    (None, "MIL", [], None, ("MIL", "", "", "MIL")),
    (None, None, [], None, ("", "", "", "")),
])
def test_interop_cameo_actor_codes(code, sector, other, name, expected):
    got = cameo_actor(code, sector, other, name)
    assert (got["Code"], got["CountryCode"], got["KnownGroupCode"], got["Type1Code"]) == expected
