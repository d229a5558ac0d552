"""Step 5: headline, repeated headline, standfirst; sub-headlines set apart as paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from ._dateline import is_credit_line, starts_with_dateline
from ._draft import Draft
from ._shape import ends_sentence, final_char, is_headline_like, same_text, words

__all__ = ["split_title", "SUMMARY_MIN_WORDS", "SUMMARY_MAX_WORDS", "SUBHEAD_MAX_WORDS"]

# A standfirst is one sentence of some length: shorter lines are sub-headlines or kickers.
SUMMARY_MIN_WORDS = 6
SUMMARY_MAX_WORDS = 60
# Sub-headlines inside the body are shorter than headlines.
SUBHEAD_MAX_WORDS = 15

_SENTENCE_BREAK = re.compile(r"[.!?][\"”’']?\s+[\"“‘']?[A-Z]")


def _nonblank(lines: list[str], start: int = 0) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].strip():
            return i
    return None


def _continues(lines: list[str], i: int) -> bool:
    """Does line ``i + 1`` run on from line ``i`` (hard-wrapped text: no blank line, lower case)?"""
    if i + 1 >= len(lines) or not lines[i + 1].strip():
        return False
    first = lines[i + 1].lstrip()[0]
    return first.islower() or first in ",;:)"


def _is_summary(line: str, following: str | None) -> bool:
    if following is None or starts_with_dateline(line):
        return False
    n = len(words(line))
    if not SUMMARY_MIN_WORDS <= n <= SUMMARY_MAX_WORDS or _SENTENCE_BREAK.search(line):
        return False
    if final_char(line) in ",;:":
        return False
    # A standfirst usually has no final period; one that has is taken only when the body
    # visibly starts after it (a dateline), or a one-sentence lede would be lost.
    return not ends_sentence(line) or starts_with_dateline(following)


def split_title(draft: Draft) -> Draft:
    """5. Take the headline and standfirst off the top of the text.

    A first line that is headline-like (short, no final period) becomes ``title``, and the same
    line repeated under it is dropped. A title given by the input (or a ``title:`` line) wins:
    leading lines identical to it are dropped. After a title line, a second line that is one
    sentence with no final period (or with one, when a dateline follows) becomes ``summary``.
    Sub-headlines in the body (short lines without final punctuation) stay, set apart by blank
    lines so that they end up as sentences of their own.
    """
    lines = draft.text.split("\n")
    title, title_from, summary = draft.title, draft.title_from, draft.summary
    first = _nonblank(lines)
    dropped_title = False
    if first is not None:
        if title:
            while first is not None and same_text(lines[first], title):
                del lines[first]
                dropped_title = True
                first = _nonblank(lines, first)
        elif (
            is_headline_like(lines[first])
            and not starts_with_dateline(lines[first])
            and not _continues(lines, first)
            and _nonblank(lines, first + 1) is not None
        ):
            title, title_from = lines[first].strip(), "text"
            dropped_title = True
            del lines[first]
            first = _nonblank(lines, first)
            while first is not None and same_text(lines[first], title):
                del lines[first]
                first = _nonblank(lines, first)
    if dropped_title and summary is None and first is not None:
        after = _nonblank(lines, first + 1)
        if (
            after is not None
            and not _continues(lines, first)
            and _is_summary(lines[first].strip(), lines[after].strip())
        ):
            summary = lines[first].strip()
            del lines[first]
            first = _nonblank(lines, first)
            while first is not None and same_text(lines[first], summary):
                del lines[first]
                first = _nonblank(lines, first)
    text = _set_apart_subheads(lines)
    return replace(draft, text=text, title=title, title_from=title_from, summary=summary)


def _is_subhead(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not is_headline_like(line, max_words=SUBHEAD_MAX_WORDS) or is_credit_line(line):
        return False
    if starts_with_dateline(line):
        return False
    if _continues(lines, i):
        return False
    if i > 0 and lines[i - 1].strip() and not _ends_paragraph(lines[i - 1]):
        return False  # the line before runs on into this one
    return True


def _ends_paragraph(line: str) -> bool:
    return final_char(line) in ".!?…:" or is_headline_like(line, max_words=SUBHEAD_MAX_WORDS)


def _set_apart_subheads(lines: list[str]) -> str:
    # Setting one line apart changes its neighbours' context (a line followed by a blank no longer "continues"
    # into the next), so repeat until nothing changes: cleaning clean text must be a no-op. Each pass only
    # adds blank lines, at most two per line, so this ends; ordinary text needs one extra pass.
    for _ in range(len(lines) + 1):
        out = _set_apart_once(lines)
        if len(out) == len(lines):
            break
        lines = out
    text = "\n".join(out)
    # the check is a fast scan; the regular expression tries every position of the text
    return (re.sub(r"\n{3,}", "\n\n", text) if "\n\n\n" in text else text).strip()


def _set_apart_once(lines: list[str]) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.strip() and _is_subhead(lines, i):
            if out and out[-1].strip():
                out.append("")
            out.append(line)
            if i + 1 < len(lines) and lines[i + 1].strip():
                out.append("")
            continue
        out.append(line)
    return out
