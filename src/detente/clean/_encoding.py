"""Step 1: repair mojibake, including curly quotes that lost all but their first byte."""

from __future__ import annotations

import re
from dataclasses import replace

import ftfy

from ._draft import Draft
from ._memo import memo_short_lines

__all__ = ["fix_encoding", "fix_text"]

# Keep curly quotes curly (the quote finder and the offsets work on the text as published),
# leave HTML entities to ftfy's own judgement, skip the per-character explanation.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, explain=False, normalization="NFC")

# A closing ” (E2 80 9D) read as cp1252 loses its undefined 0x9D byte and shows as "â€"; ftfy
# would then read "â€ " as a dagger. Before a space, punctuation or the end it is the quote.
_LOST_CLOSING = re.compile(r"â€(?=[\s.,;:!?)\]]|$)")

# French and Portuguese words that really start with â: never quotes.
_REAL_A_WORD = re.compile(r"â(?:ge|gé|gée|gés|ges|me|mes|ne|nes|nesse|pre|pres|prement|tre|tres|cre|cres|mbito)\b", re.I)

# Apostrophe ’ (E2 80 99) reduced to "â" inside a contraction or possessive: "Chinaâs", "donât".
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])â(?=(?:s|t|ll|re|ve|d|m)\b)")

# An ASCII segment holding none of these comes back from ftfy unchanged: ftfy's fixers act on
# non-ASCII characters, HTML entities (&), CR line breaks and ASCII control characters (ESC
# included) only. ftfy was ~40% of cleaning, run on every line twice per article.
_FTFY_TRIGGERS = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f&]")
_FTFY_NO_HTML = _FTFY._replace(unescape_html=False)

_OPENERS = "([{‘“\"'«—–-/"
_CLOSERS_BEFORE = ".,;:!?)]}’”'"


def fix_text(text: str) -> str:
    """ftfy plus the repairs ftfy cannot make; fixing fixed text changes nothing."""
    # Each repair can complete a pattern for the other ("Ââ" -> "Â”" -> "”"): run to a fixed point.
    for _ in range(3):
        fixed = _fix_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _fix_once(text: str) -> str:
    if not text:
        return text
    text = _LOST_CLOSING.sub("”", text)
    text = _ftfy_fix_text(text)
    if "â" in text:
        text = _LOST_APOSTROPHE.sub("’", text)
        text = "\n".join(_fix_lone_quotes(line) for line in text.split("\n"))
    return text


def _ftfy_fix_text(text: str) -> str:
    """``ftfy.fix_text(text, _FTFY)``, segment by segment as ftfy does it, skipping the segments
    it cannot change and remembering the others (cleaning runs to a fixed point, so each line is
    seen again). tests/clean/test_clean_encoding_fast.py checks it against ftfy.fix_text."""
    if text.isascii() and not _FTFY_TRIGGERS.search(text):
        return text
    # ftfy.fix_text's loop (ftfy 6.x): newline-ended segments of at most max_decode_length
    # characters; once a segment holds "<", HTML entities are left alone for the rest of the text.
    config = _FTFY
    limit = config.max_decode_length
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        textbreak = text.find("\n", pos) + 1
        if textbreak == 0:
            textbreak = n
        if textbreak - pos > limit:
            textbreak = pos + limit
        segment = text[pos:textbreak]
        if config is _FTFY and "<" in segment:
            config = _FTFY_NO_HTML
        if segment.isascii() and not _FTFY_TRIGGERS.search(segment):
            out.append(segment)
        else:
            out.append(_ftfy_segment(segment, config is _FTFY))
        pos = textbreak
    return "".join(out)


def _ftfy_plain(segment: str, html: bool) -> str:
    return ftfy.fix_and_explain(segment, _FTFY if html else _FTFY_NO_HTML).text


_ftfy_segment = memo_short_lines(_ftfy_plain)


def _fix_lone_quotes(line: str) -> str:
    """Turn each stray "â" into “ or ” from where it stands, tracking open quotes in the paragraph.

    Before a word it opens (“), after a word or punctuation it closes (”). The pattern
    ``, âhe said`` (an open quote, a comma, a space, then the reporting clause) is a closing
    quote whose space moved: it becomes ``,” he said``.
    """
    out: list[str] = []
    open_quote = False
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "“":
            open_quote = True
        elif ch == "”":
            open_quote = False
        if ch != "â":
            out.append(ch)
            i += 1
            continue
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < n else ""
        if (prev.isalpha() and nxt.isalpha()) or _REAL_A_WORD.match(line, i):
            out.append(ch)  # a real letter: château, pâté, âge
        elif prev in ("", " ") and nxt == " ":
            out.append("–")  # an en dash (E2 80 93) cut to its first byte
        elif nxt.isalnum() or nxt in "‘'$£€(":
            before = line[i - 2] if i >= 2 else ""
            if open_quote and prev == " " and before in ",.?!":
                while out and out[-1] == " ":
                    out.pop()
                out.append("” ")
                open_quote = False
            elif prev.isalnum() or (prev and prev in _CLOSERS_BEFORE and prev not in "'’"):
                out.append("”")  # glued to the preceding word: closes ("violation,âhe")
                open_quote = False
            else:
                out.append("“")
                open_quote = True
        elif prev.isalnum() or (prev and prev in _CLOSERS_BEFORE):
            out.append("”")
            open_quote = False
        elif prev in _OPENERS or prev in ("", " "):
            out.append("“")
            open_quote = True
        else:
            out.append("”" if open_quote else "“")
            open_quote = not open_quote
        i += 1
    return "".join(out)


def fix_encoding(draft: Draft) -> Draft:
    """1. Repair mojibake in the text and in a title/summary given by the input.

    ftfy first (curly quotes kept), then the case ftfy cannot see: curly quotes cut to a lone
    "â" (``âChina’s sovereignty ... violationâ``), restored as “ or ” from their position;
    words with a real â (âge, château) are left alone.
    """
    return replace(
        draft,
        text=fix_text(draft.text),
        title=fix_text(draft.title) if draft.title else draft.title,
        summary=fix_text(draft.summary) if draft.summary else draft.summary,
    )
