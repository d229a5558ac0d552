"""The bundled demo corpus (src/detente/data/demo) and its document-level gold (tests/gold/demo.jsonl).

No spaCy here: these tests check that every file parses, that every gold line points at a real article,
that every evidence sentence and quote is verbatim in its article, and that the corpus keeps the coverage
the rest of the test suite and the dashboard rely on.

How "verbatim" is checked, per format (see also the README of the corpus):

* ``txt``: the file decoded as UTF-8;
* ``jsonl`` and ``csv``: the parsed ``text`` field (so JSON escapes and doubled CSV quotes are undone);
* ``html``: the page with HTML entities unescaped (``html.unescape``).

Articles with ``"noise"`` in the gold carry mojibake. The gold keeps the *clean* sentence (what the
cleaner should restore), so the test applies the same corruption to the gold text before looking for it:
``cp1252`` = UTF-8 bytes decoded as Windows-1252, undefined bytes kept as C1 controls (ftfy's
"sloppy-windows-1252"); ``bare-a`` = curly double quotes reduced to a bare ``â``.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src" / "detente" / "data" / "demo"
GOLD = ROOT / "tests" / "gold" / "demo.jsonl"
ONTOLOGY = ROOT / "src" / "detente" / "data" / "ontology" / "plover.json"

FORMATS = ("txt", "jsonl", "csv", "html")
MIN_ARTICLES = {"txt": 30, "jsonl": 12, "csv": 8, "html": 6}
MIN_PER_TYPE = 4
WORDS_MIN, WORDS_MAX = 200, 700  # the brief's article length, body text only
FIELDS = ["id", "title", "date", "url", "source", "text"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NON_STATE = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
# The date formats wire.jsonl and export.csv use on purpose (mixed, as real exports are).
DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%d %B %Y", "%m/%d/%Y", "%d-%m-%Y",
                "%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- loading


def _gold() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _jsonl_rows() -> list[dict]:
    return [json.loads(line) for line in (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _csv_rows() -> list[dict]:
    with open(DEMO / "export.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _articles() -> dict[tuple[str, str], str]:
    """(format, gold article key) -> the text sentences are looked up in (see the module docstring)."""
    out: dict[tuple[str, str], str] = {}
    for path in sorted((DEMO / "txt").glob("*.txt")):
        out[("txt", path.name)] = path.read_text(encoding="utf-8")
    for row in _jsonl_rows():
        out[("jsonl", row["id"])] = row["text"]
    for row in _csv_rows():
        out[("csv", row["id"])] = row["text"]
    for path in sorted((DEMO / "html").glob("*.html")):
        out[("html", path.name)] = html.unescape(path.read_text(encoding="utf-8"))
    return out


def _mojibake(text: str) -> str:
    chars = []
    for byte in text.encode("utf-8"):
        if byte < 0x80:
            chars.append(chr(byte))
            continue
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: undefined in cp1252, kept as C1 controls
            chars.append(chr(byte))
    return "".join(chars)


def _bare_a(text: str) -> str:
    return text.replace("“", "â").replace("”", "â")


NOISE = {None: lambda s: s, "cp1252": _mojibake, "bare-a": _bare_a}

GOLD_ROWS = _gold()
ARTICLES = _articles()
IDS = [g["article"] for g in GOLD_ROWS]


def _body(fmt: str, key: str) -> str:
    """Article body for word counts: html pages reduced to the <article> text."""
    text = ARTICLES[(fmt, key)]
    if fmt == "html":
        inner = text.split("<article", 1)[1].split("</article>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", inner)
    return text


# --------------------------------------------------------------------------- formats


def test_demo_format_counts():
    counts = Counter(fmt for fmt, _ in ARTICLES)
    for fmt, minimum in MIN_ARTICLES.items():
        assert counts[fmt] >= minimum, f"{fmt}: {counts[fmt]} articles, want at least {minimum}"
    assert sum(counts.values()) >= 60


def test_demo_jsonl_rows_have_fields():
    rows = _jsonl_rows()
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert list(row) == FIELDS, row.get("id")
        assert all(isinstance(row[k], str) and row[k] for k in FIELDS), row["id"]


def test_demo_csv_rows_are_quoted_properly():
    with open(DEMO / "export.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == FIELDS
    rows = _csv_rows()
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert None not in row, f"{row['id']}: more fields than the header"
        assert all(row[k] for k in FIELDS), row["id"]
    texts = [r["text"] for r in rows]
    # the quirks the file exists to carry: embedded newlines, commas and quote marks
    assert all("\n" in t and "," in t for t in texts)
    assert any('"' in t for t in texts)
    assert any('"' in r["title"] or "," in r["title"] for r in rows)


@pytest.mark.parametrize("source", ["jsonl", "csv"])
def test_demo_dates_are_mixed_and_match_gold(source):
    rows = _jsonl_rows() if source == "jsonl" else _csv_rows()
    published = {g["article"]: g["published"] for g in GOLD_ROWS if g["format"] == source}
    shapes = set()
    for row in rows:
        raw = row["date"]
        shapes.add(re.sub(r"\d", "9", re.sub(r"[A-Za-z]+", "A", raw)))
        iso = re.match(r"(\d{4}-\d{2}-\d{2})T", raw)
        if iso:
            day = iso.group(1)
        else:
            for fmt in DATE_FORMATS:
                try:
                    day = dt.datetime.strptime(raw, fmt).date().isoformat()
                    break
                except ValueError:
                    continue
            else:
                pytest.fail(f"{row['id']}: unreadable date {raw!r}")
        assert day == published[row["id"]], row["id"]
    assert len(shapes) >= 3, shapes


class _TagChecker(HTMLParser):
    """Collects what a page must have and checks that non-void tags nest and close."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: Counter[str] = Counter()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        self.seen[tag] += 1
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta[attrs.get("property") or attrs.get("name") or "charset"] = attrs["content"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()


HTML_FILES = sorted((DEMO / "html").glob("*.html"))


@pytest.mark.parametrize("path", HTML_FILES, ids=[p.name for p in HTML_FILES])
def test_demo_html_is_well_formed(path):
    raw = path.read_text(encoding="utf-8")
    assert raw.lstrip().lower().startswith("<!doctype html>")
    checker = _TagChecker()
    checker.feed(raw)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)
    for tag in ("title", "nav", "header", "article", "footer", "script", "h1"):
        assert checker.seen[tag] >= 1, f"{path.name}: no <{tag}>"
    assert checker.meta.get("og:site_name")
    assert re.match(r"\d{4}-\d{2}-\d{2}T", checker.meta.get("article:published_time", ""))
    assert "cookie" in raw.lower() and "Share this article" in raw


def test_demo_html_main_text_is_extractable():
    trafilatura = pytest.importorskip("trafilatura")
    for g in GOLD_ROWS:
        if g["format"] != "html":
            continue
        extracted = trafilatura.extract((DEMO / "html" / g["article"]).read_text(encoding="utf-8")) or ""
        missing = [e["sentence_text"] for e in g["events"] if e["sentence_text"] not in extracted]
        assert not missing, f"{g['article']}: trafilatura lost {missing[:2]}"
        assert "Cookie settings" not in extracted and "Accept all" not in extracted


@pytest.mark.parametrize("key", sorted(ARTICLES), ids=[f"{f}:{k}" for f, k in sorted(ARTICLES)])
def test_demo_article_length(key):
    words = len(re.findall(r"\w+", _body(*key)))
    assert WORDS_MIN <= words <= WORDS_MAX + 150, f"{key}: {words} words"  # +150: page chrome in html


# --------------------------------------------------------------------------- gold


def test_demo_gold_lines_match_articles_one_to_one():
    keys = [(g["format"], g["article"]) for g in GOLD_ROWS]
    assert len(set(keys)) == len(keys), "an article has two gold lines"
    assert set(keys) == set(ARTICLES), set(keys) ^ set(ARTICLES)
    assert len({g["id"] for g in GOLD_ROWS}) == len(GOLD_ROWS)


@pytest.mark.parametrize("g", GOLD_ROWS, ids=IDS)
def test_demo_gold_sentences_are_verbatim(g):
    raw = ARTICLES[(g["format"], g["article"])]
    corrupt = NOISE[g.get("noise")]
    for event in g["events"]:
        sentence = event["sentence_text"]
        assert sentence and corrupt(sentence) in raw, f"{g['article']}: {sentence!r}"
        assert event["anchor"] in sentence, (event["anchor"], sentence)
    for quote in g["quotes"]:
        assert quote["content"] and corrupt(quote["content"]) in raw, f"{g['article']}: {quote['content']!r}"


def test_demo_gold_titles_occur_in_text_files():
    for g in GOLD_ROWS:
        if g["format"] == "txt" and g["title"] is not None:
            assert NOISE[g.get("noise")](g["title"]) in ARTICLES[("txt", g["article"])], g["article"]
    assert all(g["title"] for g in GOLD_ROWS if g["format"] != "txt")


@pytest.mark.parametrize("noise", ["cp1252", "bare-a"])
def test_demo_noisy_articles_really_are_noisy(noise):
    rows = [g for g in GOLD_ROWS if g.get("noise") == noise]
    assert rows, f"no {noise} article"
    for g in rows:
        raw = ARTICLES[(g["format"], g["article"])]
        if noise == "cp1252":  # (a cp1252 “ can appear: it is the last byte of a mangled en dash)
            assert "â€" in raw and "’" not in raw, g["article"]
        else:
            assert "“" not in raw and "”" not in raw and re.search(r"â\w|\wâ", raw), g["article"]
    if noise == "cp1252":  # the codec corruption is reversible, as ftfy's repair assumes
        for g in rows:
            raw = ARTICLES[(g["format"], g["article"])]
            fixed = bytes(ord(c) if ord(c) < 256 else ord(c.encode("cp1252")) for c in raw).decode("utf-8")
            assert _mojibake(fixed) == raw


def test_demo_gold_events_use_the_ontology():
    ontology = json.loads(ONTOLOGY.read_text(encoding="utf-8"))["types"]
    code = re.compile(r"^[A-Z]{3}$")
    for g in GOLD_ROWS:
        for e in g["events"]:
            where = f"{g['article']}: {e['sentence_text'][:60]}"
            assert e["event"] in ontology, where
            if e["mode"] is not None:
                assert e["mode"] in ontology[e["event"]]["modes"], where
            for c in e["actor"] + e["recipient"]:
                assert code.match(c), where
            if ontology[e["event"]]["recipient_required"] and not e["hypothetical"]:
                assert e["recipient"], f"{where}: {e['event']} needs a recipient"
            for flag in ("negated", "hypothetical", "future", "historical"):
                assert isinstance(e[flag], bool), where
            if e["event"] == "AGREE":
                assert not e["future"], f"{where}: AGREE already encodes the future"
            if e["event_date"] is not None:
                dt.date.fromisoformat(e["event_date"])
                if not e["future"] and e["event"] != "AGREE":
                    assert e["event_date"] <= g["published"], where


def test_demo_gold_covers_every_type():
    ontology = json.loads(ONTOLOGY.read_text(encoding="utf-8"))["types"]
    counts = Counter(e["event"] for g in GOLD_ROWS for e in g["events"])
    short = {t: counts[t] for t in ontology if counts[t] < MIN_PER_TYPE}
    assert not short, f"types under {MIN_PER_TYPE} events: {short}"
    flags = Counter(f for g in GOLD_ROWS for e in g["events"] for f in ("negated", "hypothetical", "historical", "future") if e[f])
    assert all(flags[f] >= 3 for f in ("negated", "hypothetical", "historical", "future")), flags


def test_demo_gold_china_us_dyad_has_shape():
    months = {g["published"][:7] for g in GOLD_ROWS
              if any({"CHN", "USA"} <= set(e["actor"] + e["recipient"]) for e in g["events"])}
    years = {m[:4] for m in months}
    assert len(months) >= 12 and {"2018", "2020", "2022", "2023", "2025", "2026"} <= years, sorted(months)


def test_demo_gold_split_is_by_story():
    for g in GOLD_ROWS:
        assert re.fullmatch(r"s\d\d", g["story"])
        want = "test" if int(g["story"][1:]) % 3 == 0 else "dev"
        assert g["split"] == want, g["article"]
    splits = Counter(g["split"] for g in GOLD_ROWS)
    assert splits["test"] >= len(GOLD_ROWS) // 4


def test_demo_gold_stories_and_duplicates():
    by_article = {g["article"]: g for g in GOLD_ROWS}
    stories = Counter(g["story"] for g in GOLD_ROWS)
    assert 12 <= len(stories) <= 20
    dups = [g for g in GOLD_ROWS if g["duplicate_of"]]
    assert len(dups) >= 5
    for g in dups:
        original = by_article[g["duplicate_of"]]
        assert original["story"] == g["story"] and original["duplicate_of"] is None
        assert g["title"] != original["title"], f"{g['article']}: a syndicated copy gets a new headline"
    # stories told by several outlets in their own words
    outlets = {s: {g["source"] for g in GOLD_ROWS if g["story"] == s and not g["duplicate_of"]} for s in stories}
    assert sum(1 for s in outlets.values() if len(s) >= 2) >= 4


def test_demo_gold_quotes_are_well_formed():
    kinds = Counter()
    for g in GOLD_ROWS:
        for q in g["quotes"]:
            assert q["kind"] in {"direct", "indirect", "partial"}
            assert q["speaker"]
            assert q["speaker_code"] is None or re.fullmatch(r"[A-Z]{3}", q["speaker_code"])
            kinds[q["kind"]] += 1
    assert all(kinds[k] >= 20 for k in ("direct", "indirect", "partial")), kinds


def test_demo_readme_lists_every_file():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    for fmt, key in ARTICLES:
        assert f"`{key}`" in readme or f"{key}`" in readme, f"README does not list {fmt}:{key}"
    for name in ("wire.jsonl", "export.csv"):
        assert name in readme
    assert "MIT" in readme and "fictional" in readme
