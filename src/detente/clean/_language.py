"""Step 8: a cheap, offline language check (function words and scripts; no model)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import replace

from ..config import CleanSettings
from ..errors import NotEnglish
from ._draft import Draft
from ._lexicon import function_words

__all__ = ["detect_language", "guess_language", "MIN_WORDS", "MIN_FUNCTION_SHARE"]

# Below this many words there is too little to judge: the text is taken as English.
MIN_WORDS = 8
# From this many words on, a text must reach MIN_FUNCTION_SHARE even when no other list wins
# (a language we have no list for scores nothing anywhere).
MIN_WORDS_ABSOLUTE = 15
# English news runs at 30-45% function words from the list, headlines at 15-25%; French,
# German or Spanish text scores under 8% against it. A text needs this share to pass...
MIN_FUNCTION_SHARE = 0.10
# ...and must not score higher on another language's list.
# Letters outside the Latin script above this share decide by script alone.
MAX_OTHER_SCRIPT_SHARE = 0.30

_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")

# Unicode letter-name prefixes -> language code (the script says enough for our purpose).
_SCRIPTS = (
    ("CYRILLIC", "ru"),
    ("CJK", "zh"),
    ("HIRAGANA", "ja"),
    ("KATAKANA", "ja"),
    ("HANGUL", "ko"),
    ("ARABIC", "ar"),
    ("HEBREW", "he"),
    ("GREEK", "el"),
    ("DEVANAGARI", "hi"),
    ("THAI", "th"),
)


# Letter -> language code of its script (None for Latin and other scripts): unicodedata.name is
# the slow part of the script check, and a text repeats the same few letters.
_SCRIPT_OF: dict[str, str | None] = {}
_SCRIPT_MEMO_MAX = 65536
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")


def _script_of(ch: str) -> str | None:
    code = _SCRIPT_OF.get(ch, "")
    if code != "":
        return code
    name = unicodedata.name(ch, "")
    code = next((c for prefix, c in _SCRIPTS if name.startswith(prefix)), None)
    if len(_SCRIPT_OF) < _SCRIPT_MEMO_MAX:
        _SCRIPT_OF[ch] = code
    return code


def _script_language(text: str) -> str | None:
    sample = text[:20000]
    if sample.isascii():
        return None  # no letter outside ASCII: no script to count
    counts: dict[str, int] = {}
    # ASCII letters are exactly [A-Za-z]; count them in C and look at the other characters only.
    letters = len(sample) - len(_ASCII_LETTERS.sub("", sample))
    for run in _NON_ASCII.findall(sample):
        for ch in run:
            if not ch.isalpha():
                continue
            letters += 1
            code = _script_of(ch)
            if code is not None:
                counts[code] = counts.get(code, 0) + 1
    if not letters or not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    return code if n / letters > MAX_OTHER_SCRIPT_SHARE else None


def guess_language(text: str) -> str:
    """An ISO 639-1 code for ``text``: "en" unless another language or script clearly wins."""
    return _guess(text)


# Cleaning runs its steps to a fixed point, so the same text is checked twice in a row.
@functools.lru_cache(maxsize=4)
def _guess(text: str) -> str:
    by_script = _script_language(text)
    if by_script is not None:
        return by_script
    sample = text[:20000]
    # In ASCII, a letter is [A-Za-z]: the same words, found without a category test per character.
    tokens = [w.lower() for w in (_ASCII_WORD if sample.isascii() else _WORD).findall(sample)]
    if len(tokens) < MIN_WORDS:
        return "en"
    lists = function_words()
    counts = Counter(tokens)  # each distinct word looked up once per list
    shares = {code: sum(counts[t] for t in words & counts.keys()) / len(tokens) for code, words in lists.items()}
    best = max(shares, key=lambda code: (shares[code], code == "en"))
    if shares.get("en", 0.0) >= MIN_FUNCTION_SHARE and shares["en"] >= shares[best]:
        return "en"
    if shares[best] > 0 and best != "en":
        return best
    return "und" if len(tokens) >= MIN_WORDS_ABSOLUTE else "en"


def detect_language(draft: Draft, settings: CleanSettings = CleanSettings()) -> Draft:
    """8. Guess the language; raise NotEnglish (D107) when it is not one of ``settings.languages``."""
    code = guess_language("\n".join(filter(None, (draft.title, draft.text))))
    if code not in settings.languages:
        raise NotEnglish(f"text is not in {', '.join(settings.languages)} (looks like {code})")
    return replace(draft, language=code)
