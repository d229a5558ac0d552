"""Shape limits on a clean text: what the parser and the coding stages can handle in bounded time.

Measured on spaCy 3.8 (en_core_web_sm, one core): a glued run of punctuation is tokenised in
quadratic time (2,000 quote marks in a row: 2.3 s; 10,000: 35 s); a 100,000-character sentence
without punctuation takes 80 s to code; the quote stage is quadratic in the number of quotation
marks (2,000 quoted words: 31 s); texts over 1,000,000 characters make spaCy raise. Real news
stays far below every limit, so a text over one is skipped with D106 and a message saying which.
"""

from __future__ import annotations

import re

from ..errors import TooLarge

__all__ = ["MAX_TEXT_CHARS", "MAX_RUN_CHARS", "MAX_SENTENCE_CHARS", "MAX_QUOTE_MARKS", "check_limits"]

# Long-form news runs to 50,000 characters; four times that is a dump, not an article.
MAX_TEXT_CHARS = 200_000
# The longest URL or hyphenated compound is a few hundred characters; longer is base64 or script.
MAX_RUN_CHARS = 2_000
# Real sentences are under 1,000 characters; a 20,000-character one codes in about 2 s.
MAX_SENTENCE_CHARS = 20_000
# An interview transcript has a few hundred quotation marks; 600 keep the quote stage near 3 s.
MAX_QUOTE_MARKS = 600

# Maximal runs (one pass each): a bounded repeat like \S{2001} would rescan every start position.
_RUNS = re.compile(r"\S+")
_SENTENCES = re.compile(r"[^.!?\n]+")
_QUOTE_MARKS = re.compile("[\"“”«»„‟]")


def check_limits(text: str) -> TooLarge | None:
    """The D106 error for a text over one of the shape limits above, or None. Linear time."""
    if len(text) > MAX_TEXT_CHARS:
        return TooLarge(f"text has {len(text)} characters, over the {MAX_TEXT_CHARS}-character limit")
    if _longest(_RUNS, text) > MAX_RUN_CHARS:
        return TooLarge(f"a run of over {MAX_RUN_CHARS} characters without a space (script, base64 or junk)")
    if _longest(_SENTENCES, text) > MAX_SENTENCE_CHARS:
        return TooLarge(f"a sentence of over {MAX_SENTENCE_CHARS} characters without punctuation")
    marks = len(_QUOTE_MARKS.findall(text))
    if marks > MAX_QUOTE_MARKS:
        return TooLarge(f"{marks} quotation marks, over the limit of {MAX_QUOTE_MARKS}")
    return None


def _longest(pattern: re.Pattern, text: str) -> int:
    return max(map(len, pattern.findall(text)), default=0)  # no Match object per run
