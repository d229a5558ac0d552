"""The knowledge base files: complete, documented, reproducible, and indexed correctly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pycountry
import pytest

from detente.actors import load_kb
from detente.errors import ConfigError

KB_DIR = Path(__file__).resolve().parents[2] / "src" / "detente" / "data" / "kb"


def test_actors_kb_has_every_iso_state(kb):
    codes = {s.code for s in kb.states.values()}
    folded = {"GUM", "PRI", "VIR", "ASM", "MNP", "UMI", "GRL", "FRO", "NCL", "PYF", "GUF", "REU", "MYT", "GLP",
              "MTQ", "BMU", "GIB", "FLK", "IOT", "CYM", "MAC", "ABW", "CUW", "NFK", "CXR", "CCK"}
    missing = {c.alpha_3 for c in pycountry.countries} - codes - folded
    assert not missing
    assert "KOS" in codes


CASES_ALIASES = [
    ("USA", ["US", "U.S.", "USA", "America", "United States"]),
    ("CHN", ["PRC", "mainland China"]),
    ("KOR", ["ROK", "South Korea"]),
    ("PRK", ["DPRK", "North Korea"]),
    ("GBR", ["UK", "Britain"]),
]


@pytest.mark.parametrize("code,aliases", CASES_ALIASES)
def test_actors_kb_short_forms(kb, code, aliases):
    assert set(aliases) <= set(kb.states[code].aliases)


def test_actors_kb_metonym_sectors(kb):
    mets = {m["text"]: (code, m["sector"]) for code, s in kb.states.items() for m in s.metonyms}
    assert mets["Pentagon"] == ("USA", "MIL")
    assert mets["Kremlin"] == ("RUS", "GOV")
    assert mets["Zhongnanhai"] == ("CHN", "GOV")


CASES_HOLDERS = [
    ("USA", "head_of_state", "2021-01-19", "Donald Trump"),
    ("USA", "head_of_state", "2021-01-20", "Joe Biden"),  # handover day: the newcomer
    ("CHN", "defence_minister", "2020-01-01", "Wei Fenghe"),
    ("RUS", "head_of_government", "2010-01-01", "Vladimir Putin"),
    ("GBR", "head_of_government", "2022-10-01", "Liz Truss"),
    ("IGO", "secretary_general", "2020-01-01", "Jens Stoltenberg"),
    ("NLD", "head_of_government", "2020-01-01", "Mark Rutte"),
]


@pytest.mark.parametrize("country,office,date,name", CASES_HOLDERS)
def test_actors_kb_holder_on_date(kb, country, office, date, name):
    person, term = kb.holder(country, office, date)
    assert person.name == name


def test_actors_kb_no_holder_before_records(kb):
    assert kb.holder("USA", "head_of_state", "1850-01-01") is None


def test_actors_kb_files_are_valid(kb):
    sectors = {"COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
               "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "NGO"}
    for org in kb.organisations:
        assert org.sector is None or org.sector in sectors, org.name
        assert org.kind in ("organisation", "group", "person")
    for person in kb.persons:
        for term in person.terms:
            assert term.office in kb.offices, (person.name, term.office)
            assert term.end is None or (term.start or "") <= term.end, person.name
        assert person.qid is None or person.qid.startswith("Q")
    for role in kb.roles:
        assert role.sector in sectors, role.terms


def test_actors_kb_readme_documents_every_file():
    readme = (KB_DIR / "README.md").read_text(encoding="utf-8")
    for path in KB_DIR.iterdir():
        if path.is_file() and path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name


def test_actors_kb_states_file_matches_build_script():
    spec = importlib.util.spec_from_file_location("build_states", KB_DIR / "build" / "build_states.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    committed = json.loads((KB_DIR / "states.json").read_text(encoding="utf-8"))
    assert built == committed


def test_actors_kb_missing_directory_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_kb(str(tmp_path))
    assert err.value.code == "D210"
