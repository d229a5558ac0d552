"""Shape tests on single lines, shared by the line-level steps."""

from __future__ import annotations

import re

from ._lexicon import reporting_verbs

__all__ = [
    "HEADLINE_MAX_WORDS",
    "HEADLINE_MAX_CHARS",
    "SENTENCE_GUARD_WORDS",
    "words",
    "final_char",
    "ends_sentence",
    "is_headline_like",
    "has_reporting_verb",
    "is_real_sentence",
    "same_text",
    "folded",
]

# Headlines are short: 20 words covers long wire headlines; a longer line without a final
# period is a sentence that lost its period (e.g. a lede copied into a metadata line).
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 160
# Boilerplate is short; a line above this many words is news whatever it matches.
SENTENCE_GUARD_WORDS = 25

_TRAILING_CLOSERS = "\"'”’»)]} "
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def final_char(line: str) -> str:
    """The last character that is not a closing quote or bracket."""
    stripped = line.rstrip(_TRAILING_CLOSERS)
    return stripped[-1] if stripped else ""


def ends_sentence(line: str) -> bool:
    return final_char(line) in ".!?…"


def is_headline_like(line: str, *, max_words: int = HEADLINE_MAX_WORDS) -> bool:
    """Short, with letters, and no final period, comma, colon or semicolon."""
    line = line.strip()
    if not line or len(line) > HEADLINE_MAX_CHARS or not any(c.isalpha() for c in line):
        return False
    n = len(words(line))
    return 1 <= n <= max_words and final_char(line) not in ".,;:…"


def has_reporting_verb(line: str) -> bool:
    verbs = reporting_verbs()
    return any(w.lower() in verbs for w in words(line))


def is_real_sentence(line: str) -> bool:
    """News, not furniture: long, or a finished sentence with a reporting verb."""
    return len(words(line)) > SENTENCE_GUARD_WORDS or (ends_sentence(line) and has_reporting_verb(line))


def folded(text: str) -> str:
    """Case-folded letters and digits only, single-spaced: for "is this the same line" tests."""
    return " ".join(words(text.casefold()))


def same_text(a: str, b: str) -> bool:
    fa = folded(a)
    return bool(fa) and fa == folded(b)
