"""Step 8: a cheap, offline language check (function words and scripts; no model)."""

from __future__ import annotations

import re
import unicodedata
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


def _script_language(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:20000]:
        if not ch.isalpha():
            continue
        letters += 1
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in _SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not letters or not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    return code if n / letters > MAX_OTHER_SCRIPT_SHARE else None


def guess_language(text: str) -> str:
    """An ISO 639-1 code for ``text``: "en" unless another language or script clearly wins."""
    by_script = _script_language(text)
    if by_script is not None:
        return by_script
    tokens = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(tokens) < MIN_WORDS:
        return "en"
    lists = function_words()
    shares = {code: sum(1 for t in tokens if t in words) / len(tokens) for code, words in lists.items()}
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
