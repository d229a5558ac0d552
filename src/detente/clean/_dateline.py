"""Step 6: the dateline ("BEIJING (Reuters) -") and agency hand-over lines ("AFP adds:")."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ._dates import DATE_RE, MONTH_DAY_RE, parse_date
from ._draft import Draft
from ._lexicon import agency_regex, canonical_agency, known_places
from ._memo import memo_short_lines

__all__ = ["parse_dateline", "Dateline", "match_dateline", "starts_with_dateline", "is_credit_line", "strip_credits"]

_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_TITLE_WORD = r"[A-Z][\w'’.\-]*"
_REGION = r",\s*(?!(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)(?P<region>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})"
_DATE = rf",?\s*(?P<date>(?i:{DATE_RE.pattern}|{MONTH_DAY_RE.pattern}))"
_PAREN = r"\s*\((?P<paren>[^()\n]{1,120})\)"
_DASH = r"\s*(?:--|[-–—])\s*"
_TAIL = rf"(?:{_REGION})?(?:{_DATE})?(?:{_PAREN})?(?P<sep>{_DASH}|:\s+|\s+|$)"

_CAPS_DATELINE = re.compile(rf"(?P<place>{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}){_TAIL}", re.X)
_TITLE_DATELINE = re.compile(rf"(?P<place>{_TITLE_WORD}(?:\s+{_TITLE_WORD}){{0,2}}){_TAIL}", re.X)
_AGENCY_ONLY = re.compile(rf"\((?P<paren>[^()\n]{{1,60}})\)(?P<sep>{_DASH})", re.X)

# A bare capitalised place with no agency or date must be at least this long.
_MIN_BARE_PLACE = 3
_PAREN_SPLIT = re.compile(r"\s*(?:/|,|;|\||\s-\s|\s–\s|\band\b|&)\s*")
# Unknown credits kept as agencies only when they say what they are.
_OUTLET_WORDS = re.compile(r"\b(?:News|Agency|Press|Service|Wire|Times|Post|Daily)$")


@dataclass(frozen=True, slots=True)
class Dateline:
    end: int  # characters of the first line the dateline takes, separator included
    place: str | None
    agencies: tuple[str, ...]
    date: str | None


def _agencies_in(text: str) -> tuple[list[str], str | None]:
    """Agencies and a dated day named in a dateline parenthesis ("UrduPoint News / Sputnik - 29th ...")."""
    date = None
    m = DATE_RE.search(text)
    if m:
        date = parse_date(m.group(0))
        text = text[: m.start()] + " / " + text[m.end() :]
    out = []
    for part in _PAREN_SPLIT.split(text):
        part = part.strip(" -–—.")
        if not part:
            continue
        canonical = canonical_agency(part)
        if canonical is None and _OUTLET_WORDS.search(part) and len(part.split()) <= 4 and part[0].isupper():
            canonical = part
        if canonical and canonical not in out:
            out.append(canonical)
    return out, date


def _place_name(raw: str, caps: bool) -> str:
    name = " ".join(raw.split()).strip(" ,.")
    if name.endswith(".") and name.count(".") == 1:
        name = name[:-1]
    known = known_places().get(name.lower())
    if known:
        return known
    return " ".join(w.capitalize() for w in name.split()) if caps else name


def match_dateline(line: str) -> Dateline | None:
    """The dateline at the start of ``line``, or None.

    A place in capitals needs a dash or colon after it, unless an agency/date parenthesis
    follows; without an agency or a date, the place must be a known city, state or country (so
    "NATO - ..." is no dateline). A place in title case needs an agency or a date.
    """
    return _match_dateline_memo(line)


def _match_dateline(line: str) -> Dateline | None:
    for pattern, caps in ((_CAPS_DATELINE, True), (_TITLE_DATELINE, False)):
        m = pattern.match(line)
        if not m:
            continue
        sep = m.group("sep")
        paren, date_text = m.group("paren"), m.group("date")
        agencies, paren_date = _agencies_in(paren) if paren else ([], None)
        if paren and not agencies and not paren_date:
            continue  # "(something)" that is no credit
        has_dash = bool(sep.strip())
        if not paren and not has_dash:
            continue
        if not (paren or date_text):
            if not caps:
                continue
            place = m.group("place")
            region = m.group("region")
            if len(place) < _MIN_BARE_PLACE:
                continue  # "UN - ", "EU - ": bodies, not places
            if place.lower() not in known_places() and not (region and region.lower() in known_places()):
                continue
        if not caps and not (paren or date_text):
            continue
        date = paren_date or (parse_date(date_text) if date_text else None)
        return Dateline(m.end(), _place_name(m.group("place"), caps), tuple(agencies), date)
    m = _AGENCY_ONLY.match(line)
    if m:
        agencies, date = _agencies_in(m.group("paren"))
        if agencies:
            return Dateline(m.end(), None, tuple(agencies), date)
    return None


def starts_with_dateline(line: str) -> bool:
    return match_dateline(line) is not None


@functools.lru_cache(maxsize=1)
def _credit_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], tuple[re.Pattern[str], ...]]:
    ag = agency_regex()
    ags = rf"(?P<ags>{ag}(?:\s*(?:/|,|and|&)\s*{ag})*)"
    handover = re.compile(rf"{ags}\s+(?:adds|added|also contributed|contributed|reports|reported)\s*:\s*(?P<rest>.*)")
    trailing = re.compile(
        rf"\s*\((?:(?:Additional\s+)?(?:Reporting|Writing|Editing)\s+by\b[^()]*|(?:With(?:\s+inputs?\s+from)?|Inputs?\s+from)\s+{ags})\)\s*$",
        re.I,
    )
    reporting = re.compile(r"\((?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Produced)\s+by\b[^()]*\)", re.I)
    whole = (
        re.compile(rf"(?:The\s+)?{ags}\s+(?:also\s+)?contributed(?:\s+(?:reporting|information))?(?:\s+to\s+(?:this|the)\s+(?:report|story|article))?\.?"),
        re.compile(rf"[-–—]*\s*\(?(?:With|With\s+inputs?\s+from|Inputs?\s+from|Additional\s+reporting\s+by|Source)\s*:?\s*{ags}\.?\)?", re.I),
        re.compile(rf"(?:[-–—]+\s*)?\(?{ags}\)?\.?"),
        re.compile(r"Additional\s+reporting\s+by\s+[^.;]{1,200}(?:;[^.]{1,200})?\.?", re.I),
        reporting,
    )
    return handover, trailing, reporting, whole


def is_credit_line(line: str) -> bool:
    """A whole line that only credits an agency or reporters ("Reuters contributed to this report.")."""
    return _is_credit_memo(line.strip())


def _is_credit(line: str) -> bool:
    _, _, _, whole = _credit_patterns()
    return any(p.fullmatch(line) for p in whole)


def strip_credits(text: str) -> tuple[str, list[str]]:
    """Remove agency hand-overs and credit lines from ``text``; return it with the agencies named."""
    agencies: list[str] = []
    out = []
    for line in text.split("\n"):
        kept, named = _credit_memo(line)
        for names in named:
            for part in _NAMES_SPLIT.split(names or ""):
                canonical = canonical_agency(part)
                if canonical and canonical not in agencies:
                    agencies.append(canonical)
        if kept is not None:
            out.append(kept)
    text = "\n".join(out)
    return (_BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip(), agencies


_NAMES_SPLIT = re.compile(r"\s*(?:/|,|and|&)\s*")
_BLANK_RUNS = re.compile(r"\n{3,}")


def _credit(line: str) -> tuple[str | None, tuple[str | None, ...]]:
    """One line of :func:`strip_credits`: the line to keep (None: drop it) and the credits it names,
    in order (each a string of agency names, or None)."""
    handover, trailing, _, whole = _credit_patterns()
    named: list[str | None] = []
    stripped = line.strip()
    if stripped:
        full = next((m for p in whole if (m := p.fullmatch(stripped))), None)
        if full is not None:
            named.append(full.groupdict().get("ags"))
            named.extend(re.findall(agency_regex(), stripped))
            return None, tuple(named)
        m = handover.fullmatch(stripped)
        if m:
            named.append(m.group("ags"))
            line = stripped = m.group("rest").strip()
            if not stripped:
                return None, tuple(named)
        m = trailing.search(stripped)
        if m and m.start() > 0:
            named.append(m.groupdict().get("ags"))
            line = stripped[: m.start()].rstrip()
    return line, tuple(named)


def parse_dateline(draft: Draft) -> Draft:
    """6. Take the dateline off the body's first line; remove agency hand-overs and credits.

    The place becomes ``dateline_place`` (title case, "Beijing"), the agencies in the dateline
    and in hand-over lines ("AFP adds:", "Reuters contributed to this report.", "With AFP",
    "(Reporting by ...; Editing by ...)") become ``agencies`` (canonical names), and a dated
    dateline gives a publication-date candidate.
    """
    text = draft.text
    place, agencies, dates = draft.dateline_place, list(draft.agencies), list(draft.dates)
    start = len(text) - len(text.lstrip())
    first_end = text.find("\n", start)
    first_end = len(text) if first_end < 0 else first_end
    found = match_dateline(text[start:first_end])
    if found is not None:
        rest = text[start + found.end :].lstrip(" ")
        if rest.strip():
            text = rest.lstrip("\n")
            place = place or found.place
            agencies.extend(a for a in found.agencies if a not in agencies)
            if found.date:
                dates.append(("dateline", found.date))
    text, credited = strip_credits(text)
    agencies.extend(a for a in credited if a not in agencies)
    return replace(draft, text=text, dateline_place=place, agencies=tuple(agencies), dates=tuple(dates))


# Cleaning runs to a fixed point and several steps ask about the same lines: remember the answers
# (Dateline is frozen and the others are strings and tuples, so sharing them is safe).
_match_dateline_memo = memo_short_lines(_match_dateline)
_is_credit_memo = memo_short_lines(_is_credit)
_credit_memo = memo_short_lines(_credit)
