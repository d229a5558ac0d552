"""Dates: find date expressions and resolve them against the publication date.

Public API:

- :class:`DateStage` (``name="dates"``) fills ``Analysis.dates`` with :class:`~detente.records.TimeExpr`
  records (date, end_date, precision day|week|month|year|range, relation past|present|future).
- :func:`resolve_expression` resolves one expression outside a pipeline (tools and tests).
- :func:`event_date` gives the event coder the date governing an event's clause.
"""

from __future__ import annotations

import datetime as dt

from ..records import Analysis, TimeExpr
from ._patterns import DATE_RE
from ._resolve import resolve_match
from ._tense import clause_tense, governor

__all__ = ["DateStage", "event_date", "resolve_expression", "find_dates"]

# Kinds that need a context to be dates: a bare "2000" may be a count, a bare "May" a surname.
_NEEDS_DATE_ENTITY = {"year", "month"}
_PREFIXES = ("in ", "by ", "since ", "until ", "from ", "during ", "before ", "after ", "early ", "mid", "late ")


def _parse_pub(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _relation(start: str | None, end: str | None, pub: dt.date | None, tense: str) -> str:
    if start is None or pub is None:
        return tense
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end or start)
    if last < pub:
        return "past"
    if first > pub:
        return "future"
    # a range that contains publication ("earlier this month", "by the end of the year"): grammar decides
    return tense


def _plausible(kind: str, text: str, doc, start: int, end: int) -> bool:
    if kind not in _NEEDS_DATE_ENTITY:
        return True
    low = text.lower()
    if low.startswith(_PREFIXES) or any(ch.isdigit() for ch in text) and kind == "month":
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not any(t.ent_type_ == "DATE" for t in span):
        return False
    # "2000 troops": a number counting a plural noun, whatever the tagger says
    nxt = doc[span.end] if span.end < len(doc) else None
    return not (kind == "year" and nxt is not None and nxt.tag_ == "NNS")


def resolve_expression(text: str, published: str | None, *, tense: str = "past") -> tuple:
    """Resolve one expression ("on October 20") -> (date, end_date, precision); Nones when unresolvable."""
    m = DATE_RE.search(text)
    if m is None:
        return None, None, None
    return resolve_match(m.lastgroup, m.group(), _parse_pub(published), tense)


def _matches(text: str):
    """(kind, start, end) per expression. "on October 30 and January 8" names two days, not a range
    (only "between ... and ..." makes one across months), so it is split and each half matched alone."""
    for m in DATE_RE.finditer(text):
        kind, start, end = m.lastgroup, m.start(), m.end()
        at = m.group().find(" and ")
        if kind == "range_md_md" and at > 0 and not m.group().lower().startswith("between"):
            for part_start, part_end in ((start, start + at), (start + at + 5, end)):
                sub = DATE_RE.search(text, part_start, part_end)
                if sub is not None:
                    yield sub.lastgroup, sub.start(), sub.end()
            continue
        yield kind, start, end


def find_dates(analysis: Analysis) -> list[TimeExpr]:
    text = analysis.article.text
    doc = analysis.doc
    pub = _parse_pub(analysis.article.published)
    out = []
    for kind, start, end in _matches(text):
        surface = text[start:end]
        if not _plausible(kind, surface, doc, start, end):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        tense = clause_tense(span.root) if span is not None and len(span) else "past"
        date, end_date, precision = resolve_match(kind, surface, pub, tense)
        sent = analysis.sentence_at(start)
        out.append(TimeExpr(
            article_id=analysis.article.id, start=start, end=end, text=surface,
            sentence=sent.index if sent else -1, date=date, end_date=end_date, precision=precision,
            relation=_relation(date, end_date, pub, tense),
        ))
    return out


class DateStage:
    """Find and resolve date expressions. Cheap: dateparser is imported and called only on matches."""

    name = "dates"
    requires = ("doc", "sentences")
    assigns = ("dates",)

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.dates = find_dates(analysis)
        analysis.done.append(self.name)
        return analysis


def _tree_distance(a, b) -> int:
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    ids_b = {t.i: n for n, t in enumerate(up_b)}
    for n, t in enumerate(up_a):
        if t.i in ids_b:
            return n + ids_b[t.i]
    return 99


def event_date(analysis: Analysis, sentence_index: int, anchor_start: int, anchor_end: int):
    """(date, end_date, precision, date_from) for the event anchored at ``[anchor_start, anchor_end)``.

    The date expression of the event's own clause wins (the verb that governs the date is the anchor,
    or the fewest dependency arcs away from it); otherwise the nearest one in the sentence. Without any,
    the publication date with date_from "publication", or Nones with date_from "none".
    """
    candidates = [d for d in analysis.dates if d.sentence == sentence_index and d.date]
    if candidates and analysis.doc is not None:
        doc = analysis.doc
        anchor = doc.char_span(anchor_start, anchor_end, alignment_mode="expand")

        def rank(d):
            span = doc.char_span(d.start, d.end, alignment_mode="expand")
            gap = min(abs(d.start - anchor_end), abs(anchor_start - d.end))
            if anchor is None or span is None or not len(anchor) or not len(span):
                return (99, gap)
            return (_tree_distance(anchor.root, governor(span.root)), gap)

        best = min(candidates, key=rank)
        return best.date, best.end_date, best.precision, "text"
    pub = _parse_pub(analysis.article.published)
    if pub is not None:
        return pub.isoformat(), None, "day", "publication"
    return None, None, None, "none"
