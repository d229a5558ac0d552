"""Text features shared by duplicate detection and story clustering.

Both work on the clean text with publisher furniture (sign-up lines, copyright notices, "Comments are
closed") left out, using the line patterns in ``boilerplate.txt``. Duplicates use word shingles of the whole
text (function words included: copies keep them, retellings do not); stories use content words only
(``stopwords.txt`` lists the words left out), with capitalised words from the body counted again because
names carry most of what separates one story from another.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections import Counter
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{1,40}(?:\([^)]{0,80}\))?\s+[-–—]+\s+")


@functools.lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = resources.files("detente.data").joinpath("stories", "stopwords.txt").read_text(encoding="utf-8")
    words: set[str] = set()
    for line in text.splitlines():
        words.update(line.split("#", 1)[0].split())
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern[str], ...]:
    text = resources.files("detente.data").joinpath("stories", "boilerplate.txt").read_text(encoding="utf-8")
    return tuple(
        re.compile(line.strip(), re.IGNORECASE)
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


@functools.lru_cache(maxsize=16)
def strip_boilerplate(text: str) -> str:
    """The text without publisher lines and without a leading dateline ("KARACHI - ").

    Remembered for the last few texts: the copy detector and the story vectors strip the same article
    one after the other.
    """
    patterns = boilerplate_patterns()
    # one pattern at a time: joined into one alternation they scan long lines several times slower
    kept = [line for line, bare in ((ln, ln.strip()) for ln in text.splitlines())
            if not any(p.search(bare) for p in patterns)]
    return _DATELINE.sub("", "\n".join(kept).strip(), count=1)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def shingles(text: str, size: int = 5) -> set[bytes]:
    """Word ``size``-grams of the boilerplate-free text, lower-cased, as bytes for MinHash."""
    toks = [w.casefold() for w in words(strip_boilerplate(text))]
    if len(toks) < size:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + size]).encode("utf-8") for i in range(len(toks) - size + 1)}


@functools.lru_cache(maxsize=65536)  # news repeats its words: most calls are hits
def _norm(word: str) -> str:
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    # A crude plural fold ("sanctions" ~ "sanction", "talks" ~ "talk"): enough for vector overlap.
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


def _starts_sentence(text: str, at: int) -> bool:
    j = at - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return j < 0 or text[j] in ".!?\n\"“'‘:("


def content_terms(
    title: str | None, text: str, *, title_weight: int = 2, name_weight: int = 1, lead_words: int = 0
) -> Counter:
    """Term counts for story vectors: content words of title (``title_weight`` times) and body.

    A capitalised word inside a sentence (a name: "Karachi", "Senkaku") counts ``name_weight`` extra times;
    a word among the first ``lead_words`` words of the body (the lead says what happened) counts once more.
    """
    stop = stopwords()
    counts: Counter = Counter()
    body = strip_boilerplate(text)
    for n, m in enumerate(_WORD.finditer(body)):
        tok = m.group(0)
        term = _norm(tok)
        if term in stop or len(term) < 2 or term.isdigit():
            continue
        counts[term] += 2 if n < lead_words else 1
        if name_weight and tok[:1].isupper() and not _starts_sentence(body, m.start()):
            counts[term] += name_weight
    if title:
        for tok in words(strip_boilerplate(title)):
            term = _norm(tok)
            if term not in stop and len(term) >= 2 and not term.isdigit():
                counts[term] += title_weight
    return counts


def tfidf(counts: Counter, idf) -> dict[str, float]:
    """Sublinear tf times idf, L2-normalised. ``idf`` maps a term to its weight."""
    vec = {t: (1.0 + math.log(c)) * idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def clustering_order(published, article_id: str) -> tuple[str, str]:
    """The order stories are built in: by publication date, undated articles last, then by id.

    ``published`` is an ISO string (an article) or a date (a stored row). The full build, the step and the
    runner's cut into steps all sort by this key: a resumed run relies on their agreeing.
    """
    if isinstance(published, (dt.date, dt.datetime)):
        published = published.isoformat()
    return published or "9999-99-99", article_id


def day_ordinal(date: str | None) -> int | None:
    """The day number of a YYYY-MM-DD (or longer ISO) string, None when it is missing or malformed."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None
