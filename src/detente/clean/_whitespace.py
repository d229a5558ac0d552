"""Step 2: one newline convention, single spaces, at most one blank line between paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from ._draft import Draft

__all__ = ["normalise_whitespace", "normalise_text", "one_line"]

# Invisible characters that only get in the way of matching: zero-width spaces and joiners,
# word joiner, BOM, soft hyphen, bidi marks.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls other than tab and newline (form feed and vertical tab become newlines).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Runs of spaces, except a lone plain space (replacing it by itself cost a match per word).
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0b", "\n").replace("\x0c", "\n")
    ascii = text.isascii()
    if not ascii:
        text = _INVISIBLE.sub("", text)  # every invisible character is outside ASCII
    text = _CONTROLS.sub("", text)
    # An ASCII text has only " " and "\t" of the spaces: no double space and no tab, nothing to do
    # (the regular expression tries every position of a text: 0.3 ms for 4,000 characters).
    if not ascii or "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip() if "\n\n\n" in text else text.strip()


def one_line(text: str | None) -> str | None:
    """A title or summary: whitespace collapsed to single spaces, None when nothing is left."""
    if text is None:
        return None
    text = " ".join(_CONTROLS.sub("", _INVISIBLE.sub("", str(text))).split())
    return text or None


def normalise_whitespace(draft: Draft) -> Draft:
    """2. Unify line endings, drop invisible and control characters, collapse spaces and blank lines.

    Newlines and paragraph breaks ("\\n\\n") are kept: they are the only structure plain text
    has (titles, sub-headlines and metadata lines are told apart by them).
    """
    return replace(draft, text=normalise_text(draft.text), title=one_line(draft.title), summary=one_line(draft.summary))
