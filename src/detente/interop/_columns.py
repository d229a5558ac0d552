"""The column lists of the export layouts: the order is the format (GDELT files have no header)."""

from __future__ import annotations

__all__ = ["GDELT_EVENT_COLUMNS", "GDELT_MENTION_COLUMNS", "POLECAT_COLUMNS", "PLOVER_FIELDS", "LAYOUT_COLUMNS"]


def _geo(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}Geo_{name}" for name in
                 ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"))


def _actor(n: int) -> tuple[str, ...]:
    return tuple(f"Actor{n}{name}" for name in
                 ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                  "Religion2Code", "Type1Code", "Type2Code", "Type3Code"))


# GDELT 2.0 event table, 61 tab-separated columns in GDELT's order.
GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    + _actor(1) + _actor(2)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + _geo("Actor1") + _geo("Actor2") + _geo("Action")
    + ("DATEADDED", "SOURCEURL")
)

# GDELT 2.0 mentions table, 16 columns.
GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)


def _party(role: str) -> tuple[str, ...]:
    return (f"{role} Name", f"{role} Country", f"{role} COW", f"Primary {role} Sector", f"{role} Sectors",
            f"{role} Title", f"{role} Name Raw", f"Wikipedia {role} ID")


# The POLECAT public release's flat (tab-separated, with header) layout, then Headline.
POLECAT_COLUMNS: tuple[str, ...] = (
    ("Event ID", "Event Date", "Event Type", "Event Mode", "Event Intensity", "Quad Code", "Contexts")
    + _party("Actor") + _party("Recipient")
    + ("Placename", "City", "District", "Province", "Country", "Latitude", "Longitude", "GeoNames ID",
       "Raw Placename", "Feature Type", "Source", "Publication Date", "Story People",
       "Story Organizations", "Story Locations", "Language", "Version", "Headline")
)

# Top-level keys of the native PLOVER JSONL record (detente.events.event_record).
PLOVER_FIELDS: tuple[str, ...] = (
    "id", "article_id", "date", "end_date", "date_precision", "date_from", "event", "mode", "context",
    "actor", "recipient", "event_loc", "text_info", "anchor", "negated", "hypothetical", "future",
    "historical", "confidence", "coder", "cameo", "goldstein", "quad_code", "intensity", "text",
)

LAYOUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "gdelt-events": GDELT_EVENT_COLUMNS,
    "gdelt-mentions": GDELT_MENTION_COLUMNS,
    "polecat": POLECAT_COLUMNS,
    "plover": PLOVER_FIELDS,
}
