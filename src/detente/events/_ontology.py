"""The PLOVER ontology as typed, read-only objects loaded from ``data/ontology``.

``plover.json`` holds types, modes, contexts, quads, intensities and the type+mode -> CAMEO
mapping; ``cameo.tsv`` holds CAMEO codes with their GDELT Goldstein values and the reverse
CAMEO -> PLOVER mapping. Decisions on the manual's contradictions are in the README there.
"""

from __future__ import annotations

import csv
import functools
import json
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from ..errors import ConfigError

__all__ = ["Ontology", "EventType", "EventMode", "CameoCode", "load_ontology"]

_PACKAGE = "detente.data"


@dataclass(frozen=True, slots=True)
class EventMode:
    name: str
    event: str
    definition: str
    intensity: float
    cameo: str


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    definition: str
    quad: int
    recipient_required: bool
    intensity: float
    cameo: str
    modes: Mapping[str, EventMode]


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None


@dataclass(frozen=True, slots=True)
class Ontology:
    types: Mapping[str, EventType]
    contexts: tuple[str, ...]
    quads: Mapping[int, str]
    cameo: Mapping[str, CameoCode]

    @property
    def modes(self) -> tuple[EventMode, ...]:
        return tuple(m for t in self.types.values() for m in t.modes.values())

    def cameo_for(self, event: str, mode: str | None = None) -> str:
        """The CAMEO code for a type, refined by the mode when the mode has one."""
        etype = self.types[event]
        if mode and mode in etype.modes:
            return etype.modes[mode].cameo
        return etype.cameo

    def goldstein_for(self, event: str, mode: str | None = None) -> float:
        return self.cameo[self.cameo_for(event, mode)].goldstein

    def intensity_for(self, event: str, mode: str | None = None) -> float:
        etype = self.types[event]
        if mode and mode in etype.modes:
            return etype.modes[mode].intensity
        return etype.intensity

    def quad_for(self, event: str) -> int:
        return self.types[event].quad


def _read(name: str) -> str:
    return resources.files(_PACKAGE).joinpath("ontology", name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Load and validate the ontology once per process; the result is immutable."""
    try:
        data = json.loads(_read("plover.json"))
        rows = list(csv.DictReader(_read("cameo.tsv").splitlines(), delimiter="\t"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the event ontology: {exc}", code="D210") from exc
    cameo = {
        r["code"]: CameoCode(
            r["code"], r["name"], float(r["goldstein"]),
            r["plover_event"] or None, r["plover_mode"] or None, r["plover_context"] or None,
        )
        for r in rows
    }
    types = {}
    for name, spec in data["types"].items():
        modes = {
            m: EventMode(m, name, ms["definition"], float(ms["intensity"]), ms["cameo"])
            for m, ms in spec["modes"].items()
        }
        types[name] = EventType(
            name, spec["definition"], int(spec["quad"]), bool(spec["recipient_required"]),
            float(spec["intensity"]), spec["cameo"], MappingProxyType(modes),
        )
    onto = Ontology(
        MappingProxyType(types),
        tuple(data["contexts"]),
        MappingProxyType({int(k): v for k, v in data["quads"].items()}),
        MappingProxyType(cameo),
    )
    for etype in types.values():
        for code in [etype.cameo, *(m.cameo for m in etype.modes.values())]:
            if code not in cameo:
                raise ConfigError(f"{etype.name}: CAMEO code {code} missing from cameo.tsv", code="D211")
    return onto
