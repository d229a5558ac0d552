"""The cleaning speed-ups give exactly what the plain computations give.

ftfy is run segment by segment with a fast path for ASCII lines and a cache; the script check
counts only non-ASCII letters one by one; line-level answers are remembered. Each is compared
here with the straightforward computation it replaces.
"""

from __future__ import annotations

import unicodedata

import ftfy
import pytest

from detente.clean import _boilerplate, _dateline, _encoding, _language, _limits, _whitespace
from detente.clean._lexicon import function_words

FTFY_CASES = [
    "plain ASCII line\nand another\n",
    "Fish &amp; chips &lt;b&gt;",
    "<p>tags</p> then an entity &amp; later\nnext line &amp; too",
    "first line &amp; entity\nthen <b> a tag &amp;\nand after &amp;",
    "windows\r\nline\rbreaks",
    "control\x00chars\x07and\x1b[31mcolour\x1b[0m\x7f",
    "form\x0cfeed\x0bvtab\ttab",
    "Seoulâ€™s envoy said â€œnoâ€\x9d today",
    "cafÃ© crÃ¨me, naÃ¯ve",
    "“Curly” quotes, ‘single’ ones – and dashes — kept",
    "ﬁne ligatures and ＦＵＬＬＷＩＤＴＨ text",
    "e\u0301 decomposed and \ud83d\ude00 surrogates",
    "\n\n\n",
    "no newline at the end â€” mojibake",
    "x" * 5000 + " é\nshort",
]


@pytest.mark.parametrize("text", FTFY_CASES)
def test_encoding_ftfy_segments_match_ftfy(text):
    for _ in range(2):  # the second call is served from the segment cache
        assert _encoding._ftfy_fix_text(text) == ftfy.fix_text(text, _encoding._FTFY)


def _script_language_plain(text: str) -> str | None:
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:20000]:
        if not ch.isalpha():
            continue
        letters += 1
        if ch.isascii():
            continue
        name = unicodedata.name(ch, "")
        for prefix, code in _language._SCRIPTS:
            if name.startswith(prefix):
                counts[code] = counts.get(code, 0) + 1
                break
    if not letters or not counts:
        return None
    code, n = max(counts.items(), key=lambda kv: kv[1])
    return code if n / letters > _language.MAX_OTHER_SCRIPT_SHARE else None


SCRIPT_CASES = [
    "English only.",
    "Привет, мир! Hello",
    "Hello Привет мир " * 3,
    "中文新闻 and some English words here",
    "Ελληνικά κείμενα with Latin",
    "café naïve façade",
    "١٢٣ مرحبا",
    "",
    "Привет " * 5000 + "tail",  # past the 20,000-character sample
]


@pytest.mark.parametrize("text", SCRIPT_CASES)
def test_language_script_count_matches_plain_loop(text):
    assert _language._script_language(text) == _script_language_plain(text)


@pytest.mark.parametrize("text", [
    "The minister said that the talks with the envoy had been useful and would go on.",
    "Le ministre a dit que les pourparlers avec la Chine étaient utiles et de bonne foi.",
    "Der Minister sagte, dass die Gespräche mit dem Gesandten nützlich waren und weitergehen.",
    "Zorro xylophone quantum plinth gadget vortex mantle oxygen nebula hamlet sprocket.",
])
def test_language_shares_match_token_loop(text):
    tokens = [w.lower() for w in _language._WORD.findall(text)]
    plain = {code: sum(1 for t in tokens if t in words) / len(tokens) for code, words in function_words().items()}
    best = max(plain, key=lambda code: (plain[code], code == "en"))
    guessed = _language.guess_language(text)
    if plain.get("en", 0.0) >= _language.MIN_FUNCTION_SHARE and plain["en"] >= plain[best]:
        assert guessed == "en"
    elif plain[best] > 0 and best != "en":
        assert guessed == best
    else:
        assert guessed in ("und", "en")


@pytest.mark.parametrize("text", ["a  b\t\tc d", "a\u00a0b\u3000c", " \t lead and trail \t ", "one space only"])
def test_whitespace_space_runs_match_plain_pattern(text):
    import re

    plain = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
    assert _whitespace._SPACES.sub(" ", text) == plain.sub(" ", text)


@pytest.mark.parametrize("text", ["", "a b c", "x" * 2500 + " y", "no. sentence! here? " * 3])
def test_limits_longest_matches_match_lengths(text):
    for pattern in (_limits._RUNS, _limits._SENTENCES):
        expected = max((m.end() - m.start() for m in pattern.finditer(text)), default=0)
        assert _limits._longest(pattern, text) == expected


def _strip_credits_plain(text: str) -> tuple[str, list[str]]:
    """strip_credits as it was before the per-line memo."""
    import re

    from detente.clean._lexicon import agency_regex, canonical_agency

    handover, trailing, _, whole = _dateline._credit_patterns()
    agencies: list[str] = []

    def collect(names):
        for part in re.split(r"\s*(?:/|,|and|&)\s*", names or ""):
            canonical = canonical_agency(part)
            if canonical and canonical not in agencies:
                agencies.append(canonical)

    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            full = next((m for p in whole if (m := p.fullmatch(stripped))), None)
            if full is not None:
                collect(full.groupdict().get("ags"))
                for name in re.findall(agency_regex(), stripped):
                    collect(name)
                continue
            m = handover.fullmatch(stripped)
            if m:
                collect(m.group("ags"))
                line = stripped = m.group("rest").strip()
                if not stripped:
                    continue
            m = trailing.search(stripped)
            if m and m.start() > 0:
                collect(m.groupdict().get("ags"))
                line = stripped[: m.start()].rstrip()
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip(), agencies


@pytest.mark.parametrize("line", [
    "BEIJING (Reuters) - China said on Monday.",
    "Reuters contributed to this report.",
    "AFP adds: The ministry rejected the claim.",
    "Talks went on (Reporting by Jane Doe; Editing by John Roe)",
    "Comments are closed.",
    "Share this article",
    "A" * 5000,  # past the memo limit: computed directly
    "Text\nAFP and Reuters contributed to this report.\n\n\n\nWith AFP\nEnd (With inputs from PTI)",
])
def test_lines_memo_matches_direct(line):
    assert _dateline.match_dateline(line) == _dateline._match_dateline(line)
    assert _dateline.is_credit_line(line) == _dateline._is_credit(line.strip())
    assert _dateline.strip_credits(line) == _strip_credits_plain(line)
    for tail in (False, True):
        assert _boilerplate._is_furniture(line.strip(), tail) == _boilerplate._furniture(line.strip(), tail)
    assert _boilerplate._without_inline(line) == _boilerplate._inline_removed(line)


def _normalise_plain(text: str) -> str:
    """normalise_text as it was: every pattern over the whole text."""
    import re

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = _whitespace._INVISIBLE.sub("", text)
    text = _whitespace._CONTROLS.sub("", text)
    text = re.sub("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@pytest.mark.parametrize("text", [
    "one space only\nand lines",
    "double  space and\ttab",
    "blank\n\n\n\nruns\n\n",
    "  padded lines  \n  here ",
    "control\x01chars\x7f here",
    "non-ASCII\u00a0space and \u200bzero width",
    "curly “quotes”  and\u3000ideographic space\n\n\n",
])
def test_whitespace_normalise_matches_plain_passes(text):
    assert _whitespace.normalise_text(text) == _normalise_plain(text)
