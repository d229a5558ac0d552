"""POLECAT flat-file rows: one per coded event report, lists joined with ';'."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from ._actors import country_name
from ._columns import POLECAT_COLUMNS

__all__ = ["polecat_rows", "SEPARATOR"]

SEPARATOR = ";"  # between list items (actors, contexts); ',' joins one actor's sectors


def _join(values: Iterable[Any]) -> str:
    return SEPARATOR.join("" if v is None else str(v) for v in values)


def _party(role: str, mentions: list[dict[str, Any]]) -> dict[str, str]:
    return {
        f"{role} Name": _join(m.get("name") or m.get("text") for m in mentions),
        f"{role} Country": _join(m.get("code") for m in mentions),
        f"{role} COW": "",
        f"Primary {role} Sector": _join(m.get("sector") for m in mentions),
        f"{role} Sectors": _join(",".join(s for s in [m.get("sector"), *(m.get("other_sectors") or [])] if s)
                                 for m in mentions),
        f"{role} Title": _join(m.get("office") for m in mentions),
        f"{role} Name Raw": _join(m.get("text") for m in mentions),
        f"Wikipedia {role} ID": _join(m.get("identifier_id") for m in mentions),
    }


def _place(place: dict[str, Any] | None) -> dict[str, Any]:
    out = {k: "" for k in ("Placename", "City", "District", "Province", "Country", "Latitude", "Longitude",
                           "GeoNames ID", "Raw Placename", "Feature Type")}
    if not place:
        return out
    name = place.get("name") or ""
    precision = place.get("precision")
    out.update({
        "Placename": name,
        "City": name if precision == "city" or place.get("feature_type") == "city" else "",
        "Province": name if precision == "province" else "",
        "Country": country_name(place.get("country")),
        "Latitude": "" if place.get("lat") is None else place["lat"],
        "Longitude": "" if place.get("lon") is None else place["lon"],
        "GeoNames ID": "" if place.get("geonameid") is None else place["geonameid"],
        "Raw Placename": place.get("text") or "",
        "Feature Type": place.get("feature_type") or "",
    })
    return out


def polecat_rows(reports: Iterable[dict[str, Any]], entities, version: str) -> Iterator[dict[str, Any]]:
    """``entities(article_ids) -> {article_id: {people, organizations, locations}}`` fills the Story
    columns; it is called once per batch of reports."""
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        found = entities(sorted({r["article_id"] for r in batch}))
        for r in batch:
            story = found.get(r["article_id"], {})
            row = {
                "Event ID": r["id"], "Event Date": r["day"] or "", "Event Type": r["event"],
                "Event Mode": r["mode"] or "", "Event Intensity": "" if r["intensity"] is None else r["intensity"],
                "Quad Code": "" if r["quad"] is None else r["quad"], "Contexts": _join(r["context"] or []),
                **_party("Actor", r["actor"] or []), **_party("Recipient", r["recipient"] or []),
                **_place(r["event_loc"]),
                "Source": r["source"] or "", "Publication Date": r["published"] or "",
                "Story People": _join(story.get("people", [])),
                "Story Organizations": _join(story.get("organizations", [])),
                "Story Locations": _join(story.get("locations", [])),
                "Language": r["language"] or "", "Version": version, "Headline": r["title"] or "",
            }
            yield {c: row[c] for c in POLECAT_COLUMNS}
        batch.clear()

    for r in reports:
        batch.append(r)
        if len(batch) >= 1000:
            yield from flush()
    if batch:
        yield from flush()
