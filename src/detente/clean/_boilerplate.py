"""Step 4: drop site furniture lines (comments, sharing, related links, credits, legal notes)."""

from __future__ import annotations

import re
from dataclasses import replace

from ._dateline import is_credit_line, match_dateline
from ._draft import Draft
from ._lexicon import boilerplate_patterns
from ._memo import memo_short_lines
from ._shape import is_real_sentence

__all__ = ["strip_boilerplate", "TAIL_LINES"]

# Slogans and sign-offs sit at the foot of the page: "tail:" patterns only look this far up.
TAIL_LINES = 4
_MAX_ROUNDS = 20

_BLANK_RUNS = re.compile(r"\n{3,}")


def strip_boilerplate(draft: Draft) -> Draft:
    """4. Remove lines that match src/detente/data/clean/boilerplate.txt, and inline image credits.

    A line that is a real sentence (more than 25 words, or a finished sentence with a reporting
    verb) is never removed, whatever pattern it matches.
    """
    text = draft.text
    # Removing a footer line brings the line above it into the tail zone: repeat until nothing
    # changes, so that cleaning clean text again is a no-op.
    for _ in range(_MAX_ROUNDS):
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return replace(draft, text=text)


def _strip_once(text: str) -> str:
    lines = text.split("\n")
    # Credit lines ("Reuters contributed to this report.") go later, in parse_dateline; they do
    # not count towards the tail, so the tail is the same before and after they are gone.
    nonblank = [i for i, line in enumerate(lines) if line.strip() and not is_credit_line(line)]
    tail = set(nonblank[-TAIL_LINES:])
    kept = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and _is_furniture(stripped, i in tail):
            continue
        kept.append(_without_inline(line))
    text = "\n".join(kept)
    return (_BLANK_RUNS.sub("\n\n", text) if "\n\n\n" in text else text).strip()



def _furniture(stripped: str, in_tail: bool) -> bool:
    """Does the (stripped, non-empty) line match a boilerplate pattern, and is it no real sentence?"""
    if is_real_sentence(stripped):
        return False
    patterns = boilerplate_patterns()
    candidates = patterns.line + (patterns.tail if in_tail else ())
    # Test the line without a leading dateline too: "BEIJING - Comments are closed." is
    # furniture once parse_dateline has taken the dateline off.
    dateline = match_dateline(stripped)
    forms = (stripped, stripped[dateline.end :].strip()) if dateline else (stripped,)
    return any(p.fullmatch(form) for p in candidates for form in forms if form)


def _inline_removed(line: str) -> str:
    """The line without inline furniture (image credits), stripped when anything was removed."""
    original = line
    for pattern in boilerplate_patterns().inline:
        line = pattern.sub("", line)
    return line.strip() if line is not original else line


_is_furniture = memo_short_lines(_furniture)
_without_inline = memo_short_lines(_inline_removed)
