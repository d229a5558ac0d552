"""Step 3: metadata lines at the top of a text export ("date 2020-10-30", "Source: ...", "By ...")."""

from __future__ import annotations

import re
from dataclasses import replace

from ._dates import DATE_RE, parse_date
from ._draft import Draft
from ._shape import folded, is_headline_like

__all__ = ["read_metadata", "LEAD_WINDOW"]

# Metadata sits above the body: look at this many non-blank lines at most, and only past
# headline-like lines (a title may come before its byline and date).
LEAD_WINDOW = 6
# A glued copy of the lede shorter than this is too short to call a copy.
_MIN_COPY_CHARS = 20
# Words after a date on a metadata line that make it a glued lede rather than a time zone.
_MIN_GLUED_WORDS = 3
# A date value in a form DATE_RE does not know ("Nov 30 2020 10:00 UTC+8") is short.
_MAX_FREE_DATE_CHARS = 40

_KEY_SEP = r"\s*[:=|]\s*"
_DATE_KEYS = r"date|dated|publication date|date published|pubdate|pub date"
_TEXT_DATE_KEYS = r"published(?: on| at)?|posted(?: on| at)?|updated(?: on| at)?|first published(?: on)?|last updated"
_NAME = r"(?-i:[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|al|da|di|le|la)){0,4})"

# (field, pattern): pattern matches a whole line; group "value" is the value, group "rest" a
# glued continuation (a copy of the lede) when the line runs on.
_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("date", re.compile(rf"(?:{_DATE_KEYS}){_KEY_SEP}(?P<value>.+)", re.I)),
    ("date", re.compile(rf"(?:{_DATE_KEYS})\s+(?P<value>{DATE_RE.pattern})(?:\s+(?P<rest>\S.*))?", re.I | re.X)),
    ("text_date", re.compile(rf"(?:{_TEXT_DATE_KEYS})(?:{_KEY_SEP}|\s+)(?P<value>.+)", re.I)),
    ("bare_date", re.compile(rf"(?P<value>{DATE_RE.pattern})", re.I | re.X)),
    ("url", re.compile(rf"(?:url|link|canonical|source url|permalink)(?:{_KEY_SEP}|\s+)(?P<value>https?://\S+)(?:\s+(?P<rest>\S.*))?", re.I)),
    ("bare_url", re.compile(r"(?P<value>https?://\S+)", re.I)),
    ("source", re.compile(rf"(?:source|publisher|outlet|site|publication|newspaper){_KEY_SEP}(?P<value>.{{1,80}})", re.I)),
    ("title", re.compile(rf"(?:title|headline){_KEY_SEP}(?P<value>.{{1,300}})", re.I)),
    ("id", re.compile(rf"(?:id|article id|doc id|guid){_KEY_SEP}(?P<value>\S{{1,80}})", re.I)),
    ("author", re.compile(rf"(?:author|authors|byline|writer){_KEY_SEP}(?P<value>.{{1,120}})", re.I)),
    ("author", re.compile(rf"by\s+(?P<value>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME}){{0,3}})(?:\s*(?:,|\||-|–|—|in)\s*{_NAME})?", re.I)),
    ("other", re.compile(rf"(?:language|lang|tags|keywords|category|categories|section|word count|words){_KEY_SEP}.{{0,200}}", re.I)),
)


def _match_line(line: str) -> tuple[str, str, str] | None:
    """(field, value, rest) when ``line`` is a metadata line, else None."""
    for field, pattern in _LINES:
        m = pattern.fullmatch(line)
        if not m:
            continue
        value = m.group("value").strip() if "value" in pattern.groupindex else ""
        rest = (m.group("rest") or "").strip() if "rest" in pattern.groupindex else ""
        if field in ("date", "text_date", "bare_date"):
            head = DATE_RE.match(value)
            after = value[head.end() :].strip() if head else ""
            if not rest and len(after.split()) >= _MIN_GLUED_WORDS and after[0].isupper():
                value, rest = head.group(0), after  # "Date: 30 October 2020 Stable contacts ..."
            if (head is None and len(value) > _MAX_FREE_DATE_CHARS) or parse_date(value) is None:
                continue
        return field, value, rest
    return None


def read_metadata(draft: Draft) -> Draft:
    """3. Read and remove metadata lines above the body.

    Recognised: ``date 2020-10-30`` / ``Date: 30 October 2020`` (a metadata date),
    ``Published: ...`` and bare date lines (a date stated in the text), ``source:``, ``url:``,
    ``title:``, ``id:``, ``By Jane Smith`` / ``author:`` and a few ignored keys. When a
    metadata line runs on into a copy of the lede (`` date 2020-10-30 Stable contacts ...``) and
    the next paragraph repeats it, the copy is dropped; otherwise it is kept as the first line.
    """
    lines = draft.text.split("\n")
    updates: dict[str, object] = {}
    dates = list(draft.dates)
    seen = 0
    i = 0
    while i < len(lines) and seen < LEAD_WINDOW:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        seen += 1
        found = _match_line(line)
        if found is None:
            if is_headline_like(line):
                i += 1
                continue  # a title above its byline: look past it
            break
        field, value, rest = found
        if field in ("date", "text_date", "bare_date"):
            dates.append(("metadata" if field == "date" else "text", parse_date(value)))
        elif field in ("url", "bare_url"):
            updates.setdefault("url", value)
        elif field in ("source", "title", "author"):
            updates.setdefault(field, value.strip())
        elif field == "id":
            updates.setdefault("external_id", value)
        if rest and not _repeated_later(rest, lines[i + 1 :]):
            lines[i] = rest
            break
        del lines[i]
    text = "\n".join(lines).strip()
    if text != draft.text.strip():
        text = re.sub(r"\n{3,}", "\n\n", text)
    new = replace(draft, text=text, dates=tuple(dates))
    for key in ("source", "url", "external_id", "author"):
        if key in updates and getattr(new, key) is None:
            new = replace(new, **{key: updates[key]})
    if "title" in updates and new.title is None:
        new = replace(new, title=updates["title"], title_from="metadata")
    return new


def _repeated_later(rest: str, following: list[str]) -> bool:
    """Is ``rest`` a copy of the next paragraph's opening (the lede repeated after a dateline)?"""
    copy = folded(rest)
    if len(copy) < _MIN_COPY_CHARS:
        return False
    for line in following:
        if line.strip():
            return copy in folded(line)
    return False
