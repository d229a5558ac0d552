"""Fuzzed ingestion, cleaning and coding: no crash, no hang, every span slices its text.

Hypothesis drives random bytes and hostile shapes through every reader (txt, jsonl, csv, html,
stdin), the cleaning steps, the whole pipeline and ``detente.run.code_lines``. Budgets are
CI-sized (DETENTE_FUZZ_EXAMPLES, default 40); DETENTE_LONG=1 runs the long versions.
"""

from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import FUZZ_EXAMPLES

from detente.clean import check_limits, clean_record
from detente.config import IngestSettings
from detente.errors import InputError, TooLarge
from detente.ingest import read_sources
from detente.ingest._readers import read_stream
from detente.records import RawRecord
from detente.report import RunReport

FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
# Per-article time bound for readers and cleaning (generous: the CI machine is shared and slow).
READ_SECONDS = 10.0
CODE_SECONDS = 60.0

HOSTILE_TEXT = {
    "quote_marks": "The minister said " + '"' * 10_000 + " and left.",
    "quoted_words": " ".join(f'"word{i}"' for i in range(5_000)),
    "no_punctuation": " ".join(["navies drill near the strait"] * 4_000)[:100_000],
    "one_long_token": "a" * 1_500_000,
    "zero_width_rtl": "China\u200b warned \u202eTaiwan\u202c on Monday\u200f about\ufeff drills. " * 300,
    "bidi_isolates": "\u2067Iran\u2069 seized a tanker \u2066in the Gulf\u2069, officials said. " * 50,
    "control_chars": "Poland \x01closed\x02 its border\x7f with Belarus, the ministry said. " * 50,
    "combining": "Ru\u0301ssia\u0308 sent\u0336 troops\u0489 to the border, officials said. " * 100,
    "surrogates_escaped": "Egypt \\ud800 mediated talks in Cairo on Sunday, the ministry said. " * 20,
    "many_newlines": "Kenya sent troops.\n" * 20_000,
}

SAMPLES = st.sampled_from(list(HOSTILE_TEXT.values()))
WORDS = st.sampled_from(["China", "Taiwan", "navy", "said", "warned", "drills", "\"", "“", "”", "'", ",", ".",
                         "\n", "\n\n", "on Monday", "the", "minister", "sanctions", "\u200b", "\u202e", "—", "(", ")"])
NEWSY = st.lists(WORDS, min_size=0, max_size=400).map(" ".join)


def _check_items(paths, settings=IngestSettings()):
    report = RunReport()
    t0 = time.perf_counter()
    records = list(read_sources(paths, settings=settings, report=report))
    assert time.perf_counter() - t0 < READ_SECONDS * max(1, len(paths))
    for raw in records:
        assert isinstance(raw, RawRecord) and isinstance(raw.text, str) and raw.text.strip()
    assert report.read == len(records) + report.skipped
    assert all(s.code.startswith("D1") for s in report.skips)
    return records, report


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html"])
@FUZZ
@given(data=st.binary(max_size=4096))
def test_reliability_fuzz_readers_random_bytes(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _check_items([path])


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv", ".html"])
@FUZZ
@given(text=NEWSY, cut=st.integers(min_value=1, max_value=3))
def test_reliability_fuzz_readers_truncated_utf8(tmp_path_factory, suffix, text, cut):
    data = (text + " Ελλάδα 北京 «déjà»").encode("utf-8")[:-cut]  # a multi-byte character cut short
    if suffix == ".jsonl":
        data = json.dumps({"text": text}).encode()[:-cut] + b"\n" + json.dumps({"text": "ok " * 20}).encode()
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _check_items([path])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@FUZZ
@given(lines=st.lists(st.dictionaries(st.sampled_from(["text", "title", "date", "id", "url", "source", "x"]),
                                      JSON_VALUES, max_size=6) | JSON_VALUES, max_size=8))
def test_reliability_fuzz_jsonl_wrong_types(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fuzz") / "input.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    records, report = _check_items([path])
    for raw in records:  # the readers pass only string texts on
        assert isinstance(raw.text, str)
    for raw in records:
        _clean_or_skip(raw)


@pytest.mark.parametrize(
    "name, data",
    [
        ("nested_divs.html", b"<html><body>" + b"<div>" * 10_000 + b"Chile held naval drills, officials said. " * 20
         + b"</div>" * 10_000 + b"</body></html>"),
        ("unclosed.html", b"<html><body><p>Norway protested " + b"<b><i><span>" * 3_000 + b"on Monday."),
        ("huge_attribute.html", b'<html><body><div title="' + b"x" * 1_500_000 + b'">Peru and Chile signed a deal, '
         b"officials said on Friday in Lima.</div></body></html>"),
        ("script_flood.html", b"<html><body>" + b"<script>var a=1;</script>" * 40_000
         + b"<p>Egypt mediated talks between the two sides on Sunday, officials said.</p></body></html>"),
        ("comment_bomb.html", b"<html><body><!--" * 20_000 + b"<p>text</p>"),
        ("entity_flood.html", b"<html><body><p>" + b"&amp;&#x202e;&lt;" * 50_000 + b"</p></body></html>"),
        ("charset_lie.html", b'<html><head><meta charset="utf-32"></head><body>\xff\xfe\xfa</body></html>'),
        ("long_line.jsonl", b'{"text": "' + b"word " * 500_000 + b'"}\n{"text": "Kenya sent aid to Somalia on Monday."}'),
        ("long_line.csv", b"text,title\n\"" + b"word " * 500_000 + b"\",t\nshort text here,t2\n"),
        ("over_limit.txt", b"word " * 500_000),
        ("quotes.csv", b'text\n"' + b'""' * 50_000 + b'"\n'),
        ("bom_only.txt", b"\xef\xbb\xbf"),
        ("utf16.txt", "China warned Taiwan.".encode("utf-16")),
        ("nul.jsonl", b'{"text": "a\\u0000b"}\n\x00\x00\n'),
    ],
)
def test_reliability_hostile_files_read_and_clean_in_bounded_time(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    settings = IngestSettings(max_article_bytes=2_000_000)
    records, _ = _check_items([path], settings)
    for raw in records:
        _clean_or_skip(raw)


@pytest.mark.parametrize("data", [b"", b"\n\n", b"{\"text\": 5}\n{\"text\": \"ok\"}", b"\xff" * 100,
                                  b"plain " * 10, b"{" * 100_000, b"\xef\xbb\xbf{\"text\": \"x\"}\n"])
def test_reliability_stdin_reader_never_raises(data):
    class Stdin(io.TextIOWrapper):
        pass

    stream = Stdin(io.BytesIO(data), encoding="utf-8")
    items = list(read_stream(stream, IngestSettings()))
    assert all(isinstance(i, (RawRecord, InputError)) for i in items)


def _clean_or_skip(raw: RawRecord):
    t0 = time.perf_counter()
    try:
        article = clean_record(raw)
    except InputError as exc:
        assert exc.code.startswith("D1")
        article = None
    assert time.perf_counter() - t0 < READ_SECONDS
    if article is not None:
        assert article.text and article.text == article.text.strip()
        assert check_limits(article.text) is None  # what reaches spaCy is within the shape limits
    return article


@FUZZ
@given(text=st.text(max_size=3000) | NEWSY | SAMPLES)
def test_reliability_fuzz_cleaning_never_crashes(text):
    _clean_or_skip(RawRecord(text=text, origin="fuzz:1", fields={}, format="text"))


@pytest.mark.parametrize("name", list(HOSTILE_TEXT))
def test_reliability_hostile_text_coded_or_skipped_in_bounded_time(pipeline, name):
    """Through clean + parse + every stage: coded with spans that slice, or skipped with D106."""
    report = RunReport()
    raw = RawRecord(text=HOSTILE_TEXT[name], origin=f"{name}:0", fields={"date": "2025-03-01"}, format="text")
    t0 = time.perf_counter()
    analyses = list(pipeline.process([raw], report))
    assert time.perf_counter() - t0 < CODE_SECONDS, name
    assert len(analyses) + report.skipped == 1, report.summary()
    for analysis in analyses:
        _assert_spans_slice(analysis)
    for skip in report.skips:
        assert skip.code in ("D101", "D106", "D107"), skip


def _assert_spans_slice(analysis) -> None:
    text = analysis.article.text
    for kind in ("sentences", "mentions", "places", "dates", "quotes"):
        for span in getattr(analysis, kind):
            assert text[span.start:span.end] == span.text, kind
    for event in analysis.events:
        assert text[event.anchor_start:event.anchor_end] == event.anchor_text
        assert 0 <= event.start <= event.anchor_start <= event.anchor_end <= event.end <= len(text)
        for mention in (*event.actor, *event.recipient):
            assert text[mention.start:mention.end] == mention.text


@pytest.fixture(scope="module")
def pipeline(nlp):
    from detente.run import Pipeline

    return Pipeline(nlp=nlp)


@settings(max_examples=max(10, FUZZ_EXAMPLES // 2), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(lines=st.lists(NEWSY | st.text(max_size=300) | JSON_VALUES.map(json.dumps), min_size=1, max_size=6),
       as_json=st.booleans())
def test_reliability_fuzz_code_lines(pipeline, lines, as_json):
    from detente.run import code_lines

    inputs = [json.dumps({"id": i, "text": t, "date": "2025-01-02"}) if as_json and isinstance(t, str) else str(t)
              for i, t in enumerate(lines)]
    t0 = time.perf_counter()
    out = list(code_lines(inputs, pipeline=pipeline))
    assert time.perf_counter() - t0 < CODE_SECONDS
    assert len(out) == sum(1 for line in inputs if line.strip())  # one output per non-blank line, in order
    texts = {}
    for line in inputs:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            texts[obj.get("id")] = obj["text"]
    for record in out:
        if "error" in record:
            assert record["error"]["code"].startswith("D")
            continue
        text = texts[record["id"]]
        for q in record["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"]
        for e in record["entities"]:
            assert text[e["start"]:e["end"]] == e["entity_text"]
        for p in record["places"]:
            assert text[p["start"]:p["end"]] == p["text"]
        for e in record["events"]:
            assert text[e["anchor"]["start"]:e["anchor"]["end"]] == e["anchor"]["text"]
            for m in (*e["actor"], *e["recipient"]):
                assert text[m["start"]:m["end"]] == m["entity_text"]


def test_reliability_code_lines_survives_text_over_spacy_limit(pipeline):
    from detente.run import code_lines

    line = json.dumps({"id": 1, "text": "word " * 220_000})
    out = list(code_lines([line, json.dumps({"id": 2, "text": "Chile signed a deal with Peru."})], pipeline=pipeline))
    assert out[0]["error"]["code"] == "D106" and "error" not in out[1]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("word " * 50_000, "characters, over"),
        ("x" * 2_500 + " rest of the text.", "without a space"),
        (("navy " * 3_000 + "\n") * 2, None),
        ("navy " * 5_000, "without punctuation"),
        ('"a" ' * 400, "quotation marks"),
        ("Short and fine.", None),
    ],
)
def test_reliability_check_limits_table(text, fragment):
    error = check_limits(text)
    if fragment is None:
        assert error is None
    else:
        assert isinstance(error, TooLarge) and error.code == "D106" and fragment in error.message
