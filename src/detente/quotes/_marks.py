"""Quotation marks: find them and pair them, including marks damaged by mojibake.

Double marks only: single marks are apostrophes far more often than quotes in news English, and
headline scare quotes ('provocative') are not statements. Pairing toggles within a paragraph, whatever
the direction of the glyph (feeds often use an opening mark to close), with two repairs:

- a closing mark that ends a paragraph with no opening before it closes a quote that began with the
  paragraph (the opening was lost);
- a quote still open at the paragraph's end runs to that end (the convention for a quote continuing into
  the next paragraph, and the usual damage when the closing mark was lost).

Mojibake: UTF-8 curly quotes read as Windows-1252 become ``â€œ`` / ``â€\x9d``; when the last two bytes
are lost only ``â`` is left. A lone ``â`` counts as a mark only at a word boundary (never inside "pâté").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuoteSpan", "pair_marks"]

_OPENERS = {"“", "„", "«", "â€œ"}
_CLOSERS = {"”", "»", "â€\x9d", "â€"}
_MARK_RE = re.compile(r'â€œ|â€\x9d|â€(?![\x80-\xbf™˜šœ¦¢¡])|[“”„«»"]|â')


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    open_start: int  # offset of the opening mark (== start when the mark was lost)
    start: int  # content start
    end: int  # content end
    close_end: int  # offset after the closing mark (== end when the mark was lost)


def _is_mark(text: str, m: re.Match) -> bool:
    if m.group() != "â":
        return True
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not (before.isalpha() and after.isalpha())


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def pair_marks(text: str) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    pos = 0
    for para in text.split("\n"):
        p_start, p_end = pos, pos + len(para)
        pos = p_end + 1
        marks = [m for m in _MARK_RE.finditer(text, p_start, p_end) if _is_mark(text, m)]
        if not marks:
            continue
        open_mark = None
        for n, m in enumerate(marks):
            if open_mark is None:
                tail = text[m.end() : p_end].strip()
                if n == 0 and m.group() in _CLOSERS and not tail:
                    s, e = _strip(text, p_start, m.start())
                    if e > s:
                        spans.append(QuoteSpan(s, s, e, m.end()))
                    continue
                open_mark = m
                continue
            s, e = _strip(text, open_mark.end(), m.start())
            if e > s:
                spans.append(QuoteSpan(open_mark.start(), s, e, m.end()))
            open_mark = None
        if open_mark is not None:
            s, e = _strip(text, open_mark.end(), p_end)
            if e > s and e - s > 1:
                spans.append(QuoteSpan(open_mark.start(), s, e, e))
    return spans
