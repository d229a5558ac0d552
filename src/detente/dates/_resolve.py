"""Resolve date expressions against the publication date.

Rules (each one a small function over the regex match):

- weekdays: past and present clauses take the most recent such day on or before publication, future
  clauses the next one on or after it; "last Thursday" is strictly before, "next Thursday" strictly after;
- "October 20": the publication year, or the previous year when that day would fall after publication in
  a past clause (or more than ``_FUTURE_SLACK_DAYS`` after it otherwise); the next year for a future clause
  whose day has passed;
- months without a year: the most recent such month for the past, the coming one for the future;
  "early"/"mid"/"late" narrow the range to the first, middle or last third (precision stays "month");
- weeks are Monday to Sunday; "by the end of the year" runs from publication to 31 December.

Absolute day/month/year strings are parsed with dateparser (English only, cached); "N days ago" is
calendar arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

from ._patterns import MONTHS, NUMBERS, WEEKDAYS

__all__ = ["resolve_match", "Resolved"]

# A past-tense "on December 3" in an article of 23 November is last year's December 3; in a clause
# with no clear tense we allow this much slack before moving the day back a year.
_FUTURE_SLACK_DAYS = 45
# A future "on January 5" in November is next year's only when the day is this far behind publication.
_PAST_SLACK_DAYS = 7

Resolved = tuple  # (date | None, end_date | None, precision | None)


@functools.lru_cache(maxsize=4096)
def _dateparse(text: str, base: dt.date) -> dt.date | None:
    import dateparser

    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "current_period",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _month_num(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _strip(text: str) -> str:
    return re.sub(r"^(?:[Oo]n|[Ff]rom|[Bb]etween|[Ii]n|[Bb]y|[Ss]ince|[Uu]ntil|[Dd]uring|[Bb]efore|[Aa]fter|[Aa]t)\s+",
                  "", text)


def _year_in(text: str) -> int | None:
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    return int(m.group(1)) if m else None


def _fit_year(day: dt.date, pub: dt.date, tense: str, explicit: bool) -> dt.date:
    if explicit:
        return day
    if tense == "future":
        if (pub - day).days > _PAST_SLACK_DAYS:
            return _replace_year(day, day.year + 1)
        return day
    limit = 0 if tense == "past" else _FUTURE_SLACK_DAYS
    if (day - pub).days > limit:
        return _replace_year(day, day.year - 1)
    return day


def _replace_year(day: dt.date, year: int) -> dt.date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def _weekday(name: str, pub: dt.date, mode: str) -> dt.date:
    """mode: past (on or before), future (on or after), last (strictly before), next (strictly after)."""
    target = WEEKDAYS[name.lower()]
    delta = (pub.weekday() - target) % 7
    if mode in {"past", "present"}:
        return pub - dt.timedelta(days=delta)
    if mode == "last":
        return pub - dt.timedelta(days=delta or 7)
    ahead = (target - pub.weekday()) % 7
    if mode == "next":
        return pub + dt.timedelta(days=ahead or 7)
    return pub + dt.timedelta(days=ahead)


def _day_month(text: str, pub: dt.date | None, tense: str) -> tuple[dt.date | None, bool]:
    body = _strip(text)
    named = re.match(r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+", body)
    body = body[named.end():] if named else body
    year = _year_in(body)
    base = pub or dt.date(year or 2000, 1, 1)
    day = _dateparse(body, base)
    if day is None:
        return None, False
    if year is None and pub is None:
        return None, False
    if year is None and named and pub is not None:
        # "Friday, September 18": the year (publication's or a neighbour) in which that day is a Friday
        want = WEEKDAYS[named.group(1).lower()]
        for y in (pub.year, pub.year - 1, pub.year + 1):
            cand = _replace_year(day, y)
            if cand.weekday() == want and abs((cand - pub).days) < 300:
                return cand, True
    return (_fit_year(day, pub, tense, year is not None) if pub else day), True


def _month_range(month: int, year: int, text: str) -> tuple[dt.date, dt.date]:
    last = _last_day(year, month)
    low = text.lower()
    if "early" in low or "beginning of" in low or "start of" in low:
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if "mid" in low or "middle of" in low:
        return dt.date(year, month, 11), dt.date(year, month, 20)
    if "late" in low or "end of" in low:
        return dt.date(year, month, 21), last
    return dt.date(year, month, 1), last


def _week(pub: dt.date, offset: int) -> tuple[dt.date, dt.date]:
    monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=offset)
    return monday, monday + dt.timedelta(days=6)


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + offset
    return n // 12, n % 12 + 1


def resolve_match(kind: str, text: str, pub: dt.date | None, tense: str) -> Resolved:
    """(date, end_date, precision) as ISO strings for one regex match; dates are None when unresolvable."""
    fn = _RULES.get(kind)
    if fn is None:
        return None, None, None
    start, end, precision = fn(text, pub, tense)
    return _iso(start), _iso(end), precision


def _r_range_md_d(text, pub, tense):
    m = re.search(r"([A-Z][a-z]+\.?)\s(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|to|and|until|through)\s*(\d{1,2})", text)
    return _range_from(m.group(1), int(m.group(2)), m.group(1), int(m.group(3)), text, pub, tense)


def _r_range_md_md(text, pub, tense):
    m = re.search(r"([A-Z][a-z]+\.?)\s(\d{1,2})\D+?([A-Z][a-z]+\.?)\s(\d{1,2})", _strip(text))
    return _range_from(m.group(1), int(m.group(2)), m.group(3), int(m.group(4)), text, pub, tense)


def _r_range_d_dm(text, pub, tense):
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?\D+?(\d{1,2})(?:st|nd|rd|th)?(?:\sof)?\s([A-Z][a-z]+\.?)", text)
    return _range_from(m.group(3), int(m.group(1)), m.group(3), int(m.group(2)), text, pub, tense)


def _range_from(m1, d1, m2, d2, text, pub, tense):
    year = _year_in(text)
    mo1, mo2 = _month_num(m1), _month_num(m2)
    if mo1 is None or mo2 is None or (year is None and pub is None):
        return None, None, None
    y = year or pub.year
    try:
        first, last = dt.date(y, mo1, d1), dt.date(y if mo2 >= mo1 else y + 1, mo2, d2)
    except ValueError:
        return None, None, None
    if year is None:
        fitted = _fit_year(first, pub, tense, False)
        shift = fitted.year - first.year
        first, last = fitted, _replace_year(last, last.year + shift)
    return first, last, "range"


def _r_range_wd(text, pub, tense):
    if pub is None:
        return None, None, None
    days = re.findall(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", text)
    mode = "future" if tense == "future" else "past"
    second = _weekday(days[-1], pub, mode)
    first_delta = (WEEKDAYS[days[-1].lower()] - WEEKDAYS[days[0].lower()]) % 7
    return second - dt.timedelta(days=first_delta), second, "range"


def _r_day(text, pub, tense):
    day, ok = _day_month(text, pub, tense)
    return (day, None, "day") if ok else (None, None, None)


def _r_by_end(text, pub, tense):
    year = _year_in(text)
    if year is not None:
        return (pub if pub and pub.year == year else dt.date(year, 1, 1)), dt.date(year, 12, 31), "range"
    if pub is None:
        return None, None, None
    low = text.lower()
    if "month" in low:
        y, m = _shift_month(pub.year, pub.month, 1 if "next" in low else 0)
        return pub, _last_day(y, m), "range"
    if "week" in low:
        return pub, _week(pub, 1 if "next" in low else 0)[1], "range"
    return pub, dt.date(pub.year + (1 if "next" in low else 0), 12, 31), "range"


def _r_end_of(text, pub, tense):
    if pub is None:
        return None, None, None
    low = text.lower()
    offset = 1 if "next" in low else -1 if "last" in low else 0
    late = "end" in low
    if "year" in low:
        y = pub.year + offset
        return (dt.date(y, 12, 1), dt.date(y, 12, 31), "month") if late else (dt.date(y, 1, 1), dt.date(y, 1, 31), "month")
    if "month" in low:
        y, m = _shift_month(pub.year, pub.month, offset)
        return (dt.date(y, m, 21), _last_day(y, m), "month") if late else (dt.date(y, m, 1), dt.date(y, m, 10), "month")
    mon, sun = _week(pub, offset)
    return (mon + dt.timedelta(days=4), sun, "week") if late else (mon, mon + dt.timedelta(days=2), "week")


def _r_earlier_this(text, pub, tense):
    if pub is None:
        return None, None, None
    low = text.lower()
    offset = -1 if "last" in low else 1 if "next" in low else 0
    earlier = low.startswith("earlier")
    if "year" in low:
        first, last, prec = dt.date(pub.year + offset, 1, 1), dt.date(pub.year + offset, 12, 31), "year"
    elif "month" in low:
        y, m = _shift_month(pub.year, pub.month, offset)
        first, last, prec = dt.date(y, m, 1), _last_day(y, m), "month"
    else:
        (first, last), prec = _week(pub, offset), "week"
    if offset == 0:
        return (first, pub, prec) if earlier else (pub, last, prec)
    return first, last, prec


def _r_ago(text, pub, tense):
    # plain calendar arithmetic: dateparser's relative-date path costs ~200 ms a call for the same answer
    if pub is None:
        return None, None, None
    m = re.match(r"(\w+)\s(day|week|month|year)s?", text)
    n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.get(m.group(1).lower())
    if n is None:
        return None, None, None
    unit = m.group(2)
    if unit == "year":
        return dt.date(pub.year - n, 1, 1), dt.date(pub.year - n, 12, 31), "year"
    if unit == "month":
        y, mo = _shift_month(pub.year, pub.month, -n)
        return dt.date(y, mo, 1), _last_day(y, mo), "month"
    if unit == "week":
        return (*_week(pub - dt.timedelta(weeks=n), 0), "week")
    return pub - dt.timedelta(days=n), None, "day"


def _r_rel_wd(text, pub, tense):
    if pub is None:
        return None, None, None
    word, name = text.split()[:2]
    word = word.lower()
    mode = {"last": "last", "next": "next", "coming": "future"}.get(word, "future" if tense == "future" else "past")
    return _weekday(name, pub, mode), None, "day"


def _r_rel_month(text, pub, tense):
    if pub is None:
        return None, None, None
    word, name = text.split()[:2]
    month = _month_num(name)
    word = word.lower()
    if word == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif word == "next":
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year
    return dt.date(year, month, 1), _last_day(year, month), "month"


def _r_rel_period(text, pub, tense):
    if pub is None:
        return None, None, None
    low = text.lower()
    offset = -1 if re.match(r"(last|the past|the previous)\b", low) else 1 if re.match(r"(next|the coming|the following)\b", low) else 0
    rolling = low.startswith(("the past", "the coming"))
    if low.endswith("weekend"):
        mon, sun = _week(pub, offset if offset else (0 if tense != "past" or pub.weekday() >= 5 else -1))
        return sun - dt.timedelta(days=1), sun, "range"
    if low.endswith("week"):
        if rolling:
            return (pub - dt.timedelta(days=7), pub - dt.timedelta(days=1), "week") if offset < 0 else (pub, pub + dt.timedelta(days=7), "week")
        return (*_week(pub, offset), "week")
    if low.endswith("month"):
        if rolling:
            return (pub - dt.timedelta(days=30), pub - dt.timedelta(days=1), "month") if offset < 0 else (pub, pub + dt.timedelta(days=30), "month")
        y, m = _shift_month(pub.year, pub.month, offset)
        return dt.date(y, m, 1), _last_day(y, m), "month"
    if low.endswith("year"):
        if rolling:
            return (_replace_year(pub, pub.year - 1), pub - dt.timedelta(days=1), "year") if offset < 0 else (pub, _replace_year(pub, pub.year + 1), "year")
        y = pub.year + offset
        return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"
    return None, None, None  # seasons: hemisphere-dependent, left unresolved


def _r_deictic(text, pub, tense):
    if pub is None:
        return None, None, None
    low = text.lower()
    delta = -1 if ("yesterday" in low or "last night" in low) else 1 if "tomorrow" in low else 0
    return pub + dt.timedelta(days=delta), None, "day"


def _r_month(text, pub, tense):
    m = re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December|[A-Z][a-z]{2,3}\.?)", text)
    month = _month_num(m.group(1)) if m else None
    if month is None:
        return None, None, None
    year = _year_in(text)
    if year is None:
        if pub is None:
            return None, None, None
        if tense == "future":
            year = pub.year if month >= pub.month else pub.year + 1
        else:
            year = pub.year if month <= pub.month else pub.year - 1
    first, last = _month_range(month, year, text)
    return first, last, "month"


def _r_half(text, pub, tense):
    second = "second" in text
    m = re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December|[A-Z][a-z]{2,3}\.?)\b", text)
    month = _month_num(m.group(1)) if m else None
    year = _year_in(text)
    if month is not None:
        if year is None:
            if pub is None:
                return None, None, None
            if tense == "future":
                year = pub.year if month >= pub.month else pub.year + 1
            else:
                year = pub.year if month <= pub.month else pub.year - 1
        return (dt.date(year, month, 16), _last_day(year, month), "month") if second else (
            dt.date(year, month, 1), dt.date(year, month, 15), "month")
    if year is None:
        if pub is None:
            return None, None, None
        year = pub.year + (1 if "next year" in text else 0)
    return (dt.date(year, 7, 1), dt.date(year, 12, 31), "range") if second else (
        dt.date(year, 1, 1), dt.date(year, 6, 30), "range")


def _r_weekend(text, pub, tense):
    if pub is None:
        return None, None, None
    if tense == "future":
        sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7)
    else:
        sat = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
        if sat == pub - dt.timedelta(days=0) and pub.weekday() == 5:
            sat = pub
    return sat, sat + dt.timedelta(days=1), "range"


def _r_decade(text, pub, tense):
    y = int(re.search(r"(\d{4})s", text).group(1))
    return dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "year"


def _r_year(text, pub, tense):
    y = _year_in(text)
    low = text.lower()
    if "early" in low:
        return dt.date(y, 1, 1), dt.date(y, 4, 30), "year"
    if "mid-" in low:
        return dt.date(y, 5, 1), dt.date(y, 8, 31), "year"
    if "late" in low:
        return dt.date(y, 9, 1), dt.date(y, 12, 31), "year"
    return dt.date(y, 1, 1), dt.date(y, 12, 31), "year"


def _r_weekday(text, pub, tense):
    if pub is None:
        return None, None, None
    name = re.search(r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", text).group()
    return _weekday(name, pub, "future" if tense == "future" else "past"), None, "day"


_RULES = {
    "range_md_d": _r_range_md_d, "range_md_md": _r_range_md_md, "range_d_dm": _r_range_d_dm,
    "range_wd": _r_range_wd, "day_md": _r_day, "day_dm": _r_day, "by_end": _r_by_end, "end_of": _r_end_of,
    "earlier_this": _r_earlier_this, "ago": _r_ago, "rel_wd": _r_rel_wd, "rel_month": _r_rel_month,
    "rel_period": _r_rel_period, "deictic": _r_deictic, "month": _r_month, "decade": _r_decade,
    "year": _r_year, "weekday": _r_weekday, "half": _r_half, "weekend": _r_weekend,
}
