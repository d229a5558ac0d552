"""Publication dates: patterns for dates written with a year, and strict parsing."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from typing import Any

from ._draft import Draft

__all__ = ["DATE_RE", "MONTH_DAY_RE", "parse_date", "find_published_date", "PRIORITY"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]|2[01])\d{2}"
_TIME = r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?)?"

# A date with a year, as written at the top of an article or in a dateline.
DATE_RE = re.compile(
    rf"""(?:
        {_YEAR}-\d{{1,2}}-\d{{1,2}}(?:[T ]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | {_WEEKDAY}?{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}{_TIME}
      | {_WEEKDAY}?{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}
      | \d{{1,2}}/\d{{1,2}}/{_YEAR}
      | {_YEAR}/\d{{1,2}}/\d{{1,2}}
    )""",
    re.VERBOSE | re.IGNORECASE,
)

# A day and month without a year ("Oct. 3", "3 October"): recognised in datelines, never dated.
MONTH_DAY_RE = re.compile(rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})\b", re.IGNORECASE)

_HAS_YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
# A month must be stated too: "2020" alone would get today's month from the parser.
_HAS_MONTH = re.compile(rf"\b{_MONTH}(?!\w)|\d[-/.]\d{{1,2}}(?!\d)", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")

# dateparser settings: a month alone means its first day; naive datetimes.
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}

# Where a publication date may come from, most trusted first.
PRIORITY = ("input", "metadata", "dateline", "text")


@functools.lru_cache(maxsize=4096)
def _parse_string(value: str) -> str | None:
    value = " ".join(value.split())
    match = _ISO.match(value)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            return None
    if not _HAS_YEAR.search(value) or not _HAS_MONTH.search(value) or len(value) > 80:
        return None  # never let a parser fill in the year (or the day) from today
    import dateparser

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", value)
    try:
        parsed = dateparser.parse(cleaned, languages=["en"], settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if parsed is None or not _HAS_YEAR.search(str(parsed.year)):
        return None
    return parsed.date().isoformat()


def parse_date(value: Any) -> str | None:
    """A date as ``YYYY-MM-DD`` from a field value, or None. Strings must state a year.

    Accepts ISO strings, common written forms ("29th October, 2020", "Oct 30, 2020 10:00 GMT"),
    datetime/date objects and Unix timestamps (seconds or milliseconds).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        seconds = value / 1000 if abs(value) > 1e11 else value
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return _parse_string(value) if value.strip() else None
    return None


def find_published_date(draft: Draft) -> Draft:
    """7. Choose the publication date: input field > metadata line > dateline > date in the text.

    Records the winner's origin in ``published_from``; with no date anywhere, ``published`` is
    None and ``published_from`` "none" (a date is never invented).
    """
    found = dict(reversed(draft.dates))  # first candidate of each origin wins
    parsed = parse_date(draft.input_date)
    if parsed is not None:
        found["input"] = parsed
    for origin in PRIORITY:
        if origin in found:
            return replace(draft, published=found[origin], published_from=origin)
    return replace(draft, published=None, published_from="none")
