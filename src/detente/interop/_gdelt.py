"""GDELT 2.0 event and mention rows from the store's event reports.

One row per (merged event, actor-country pair): the rule that makes a GDELT-style dyad filter on
Actor1CountryCode/Actor2CountryCode count each event once, as :func:`detente.query.dyad_series`
does. See the codebook for every field.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from ._actors import cameo_actor, country_name, fips_code
from ._columns import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS
from ._data import load_data

__all__ = ["gdelt_rows", "global_event_id", "geo_type"]


def global_event_id(key: str, codes: tuple[str, ...]) -> int:
    """52 bits of SHA-256: stable across exports and exact when a reader parses it as float64."""
    digest = hashlib.sha256("|".join((key, *codes)).encode("utf-8")).hexdigest()
    return int(digest[:13], 16)


def geo_type(place: dict[str, Any]) -> int | None:
    """GDELT geography type of a place record (data/geo.json)."""
    spec = load_data("geo")
    precision = place.get("precision") or spec["precision_by_feature_type"].get(place.get("feature_type") or "")
    row = spec["by_precision"].get(precision or spec["default_precision"])
    if row is None:
        row = spec["by_precision"][spec["default_precision"]]
    return row["us" if place.get("country") == "USA" else "world"]


def _codes(report: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    for m in (report["actor"] or []) + (report["recipient"] or []):
        if m.get("code") and m["code"] not in seen:
            seen.append(m["code"])
    return seen


def _signatures(report: dict[str, Any]) -> list[tuple[str, ...]]:
    codes = _codes(report)
    if len(codes) >= 2:
        return [tuple(p) for p in itertools.combinations(sorted(codes), 2)]
    return [tuple(codes)]


def _find(report: dict[str, Any], code: str | None, role: str) -> dict[str, Any] | None:
    """The first mention with ``code`` (the first uncoded one for None), ``role`` searched first."""
    other = "recipient" if role == "actor" else "actor"
    for r in (role, other) if code is not None else (role,):
        for m in report[r] or []:
            if m.get("code") == code:
                return m
    return None


def _slots(sig: tuple[str, ...], first: dict[str, Any]) -> tuple[str | None, str | None]:
    """(Actor1 code, Actor2 code) of a row: actor -> recipient when the first report says so."""
    actors = {m.get("code") for m in first["actor"] or []}
    recipients = {m.get("code") for m in first["recipient"] or []}
    if len(sig) == 2:
        x, y = sig
        if y in actors and x in recipients and not (x in actors and y in recipients):
            return y, x
        if x in actors and y in recipients:
            return x, y
        order = _codes(first)
        return (x, y) if order.index(x) < order.index(y) else (y, x)
    if len(sig) == 1:
        return (sig[0], None) if sig[0] in actors else (None, sig[0])
    return None, None


def _actor_fields(n: int, mention: dict[str, Any] | None) -> dict[str, Any]:
    out = {f"Actor{n}{k}": "" for k in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                          "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                          "Type3Code")}
    if mention is None:
        return out
    cameo = cameo_actor(mention.get("code"), mention.get("sector"), mention.get("other_sectors"),
                        mention.get("name"))
    for k, v in cameo.items():
        out[f"Actor{n}{k}"] = v
    out[f"Actor{n}Name"] = (mention.get("name") or mention.get("text") or "").upper()
    return out


def _action_geo(place: dict[str, Any] | None) -> dict[str, Any]:
    names = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    out: dict[str, Any] = {f"ActionGeo_{k}": "" for k in names}
    if place is None:
        return out
    kind = geo_type(place)
    fips = fips_code(place.get("country"))
    name = place.get("name") or place.get("text") or ""
    country = country_name(place.get("country"))
    full = name if kind == 1 or not country or country == name else f"{name}, {country}"
    out.update({
        "ActionGeo_Type": kind, "ActionGeo_FullName": full, "ActionGeo_CountryCode": fips,
        "ActionGeo_ADM1Code": fips if kind == 1 else "",
        "ActionGeo_Lat": "" if place.get("lat") is None else place["lat"],
        "ActionGeo_Long": "" if place.get("lon") is None else place["lon"],
        "ActionGeo_FeatureID": "" if place.get("geonameid") is None else str(place["geonameid"]),
    })
    return out


def _in_lead(report: dict[str, Any]) -> bool:
    para_end = report["para_end"] or 0  # 1-based position of the first blank line; 0 = none
    return para_end == 0 or report["start"] < para_end - 1


def _event_row(key: str, sig: tuple[str, ...], members: list[dict[str, Any]]) -> dict[str, Any]:
    first = members[0]
    a1, a2 = _slots(sig, first)
    m1 = _find(first, a1, "actor") if (a1 or not sig) else None
    m2 = _find(first, a2, "recipient") if (a2 or not sig) else None
    day = min(r["day"] for r in members)
    y, mo, d = (int(x) for x in day.split("-"))
    codes = Counter(r["cameo"] for r in members if r["cameo"])
    cameo = codes.most_common(1)[0][0] if codes else ""
    golds = [r["goldstein"] for r in members if r["goldstein"] is not None]
    quads = load_data("actors")["quad_by_cameo_root"]
    merged = first["num_mentions"] is not None
    place = next((r["event_loc"] for r in members if r["event_loc"]), None)
    row: dict[str, Any] = {
        "GlobalEventID": global_event_id(key, sig), "Day": y * 10000 + mo * 100 + d, "MonthYear": y * 100 + mo,
        "Year": y, "FractionDate": round(y + (mo * 30 + d) / 365, 4),
        **_actor_fields(1, m1), **_actor_fields(2, m2),
        "IsRootEvent": int(any(_in_lead(r) for r in members)),
        "EventCode": cameo, "EventBaseCode": cameo[:3], "EventRootCode": cameo[:2],
        "QuadClass": quads.get(cameo[:2], ""),
        "GoldsteinScale": round(sum(golds) / len(golds), 6) if golds else "",
        "NumMentions": first["num_mentions"] if merged else 1,
        "NumSources": first["num_sources"] if merged else 1,
        "NumArticles": first["num_articles"] if merged else 1,
        "AvgTone": "",
    }
    for n in (1, 2):
        for k in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"):
            row[f"Actor{n}Geo_{k}"] = ""
    row.update(_action_geo(place))
    row["DATEADDED"] = int(min(r["added"] for r in members))
    row["SOURCEURL"] = first["url"] or f"detente:{first['article_id']}"
    row["_slots"] = (a1, a2)
    return row


def _mention_row(event: dict[str, Any], r: dict[str, Any]) -> dict[str, Any]:
    a1, a2 = event["_slots"]
    m1 = _find(r, a1, "actor") if a1 or not any(event["_slots"]) else None
    m2 = _find(r, a2, "recipient") if a2 or not any(event["_slots"]) else None
    used = [m for m in (m1, m2) if m is not None]
    host = urlsplit(r["url"]).hostname if r["url"] else None
    return {
        "GlobalEventID": event["GlobalEventID"], "EventTimeDate": event["DATEADDED"],
        "MentionTimeDate": int(r["added"]), "MentionType": 1 if r["url"] else 2,
        "MentionSourceName": host or r["source"] or "",
        "MentionIdentifier": r["url"] or f"detente:{r['article_id']}",
        "SentenceID": r["sentence"] + 1,
        "Actor1CharOffset": m1["start"] if m1 else -1, "Actor2CharOffset": m2["start"] if m2 else -1,
        "ActionCharOffset": r["anchor_start"],
        "InRawText": int(all(m.get("antecedent_start") is None for m in used)),
        "Confidence": int(round((r["confidence"] or 0.0) * 100)),
        "MentionDocLen": r["doc_len"], "MentionDocTone": "", "MentionDocTranslationInfo": "", "Extras": "",
    }


def _groups(reports: Iterable[dict[str, Any]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    for key, rows in itertools.groupby(reports, key=lambda r: r["key"]):
        yield key, sorted(rows, key=lambda r: (r["member_pos"] if r["member_pos"] is not None else 0, r["id"]))


def gdelt_rows(reports: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(event row, its mention rows) per merged event and actor pair, columns in GDELT order."""
    for key, group in _groups(reports):
        by_sig: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for r in group:
            if not r["day"]:
                continue  # GDELT rows need a day; dyad_series leaves undated reports out too
            for sig in _signatures(r):
                by_sig.setdefault(sig, []).append(r)
        for sig, members in by_sig.items():
            event = _event_row(key, sig, members)
            mentions = [_mention_row(event, r) for r in members]
            yield ({c: event[c] for c in GDELT_EVENT_COLUMNS},
                   [{c: m[c] for c in GDELT_MENTION_COLUMNS} for m in mentions])
