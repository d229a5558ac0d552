"""Readers: formats, origins, ordering, streaming, and every kind of bad input."""

from __future__ import annotations

import io
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from detente.config import IngestSettings
from detente.ingest import read_sources
from detente.report import RunReport

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "ingest" / "corpus"


def _read(paths, **settings):
    report = RunReport()
    records = list(read_sources(paths, settings=IngestSettings(**settings), report=report))
    return records, report


def _rel(origin: str) -> str:
    return origin.replace(str(CORPUS) + os.sep, "")


def test_ingest_folder_reads_known_formats_in_sorted_order():
    records, report = _read([CORPUS])
    assert [(_rel(r.origin), r.format) for r in records] == [
        ("a_brief.txt:0", "text"),
        ("b_wire.jsonl:1", "jsonl"),
        ("b_wire.jsonl:6", "jsonl"),
        ("c_export.csv:2", "csv"),
        ("c_export.csv:6", "csv"),
        ("d_page.html:0", "html"),
        ("nested/e_more.text:0", "text"),
    ]
    assert [(_rel(s.origin), s.code) for s in report.skips] == [
        ("b_wire.jsonl:2", "D104"),
        ("b_wire.jsonl:4", "D105"),
        ("b_wire.jsonl:5", "D105"),
        ("c_export.csv:5", "D104"),
    ]
    # Every record looked at is counted: 7 good + 4 bad; notes.md and the blank JSONL line are not records.
    assert report.read == 11 and report.skipped == 4


def test_ingest_skip_lines_name_file_line_and_reason():
    _, report = _read([CORPUS])
    lines = [_rel(s.line()) for s in report.skips]
    assert lines[0].startswith("b_wire.jsonl:2: D104 malformed JSON line")
    assert lines[1] == "b_wire.jsonl:4: D105 no 'text' field"
    assert lines[2] == "b_wire.jsonl:5: D105 field 'text' is not a string (int)"
    assert lines[3] == "c_export.csv:5: D104 CSV row has 5 fields, the header has 4"


def test_ingest_jsonl_fields_as_given():
    records, _ = _read([CORPUS / "b_wire.jsonl"])
    assert records[0].fields == {
        "title": "Ghana and Togo agree border patrols",
        "date": "2022-02-03",
        "url": "https://example.org/w-1",
        "source": "Coastal Wire",
        "id": "w-1",
    }
    assert records[0].text.startswith("ACCRA - Ghana and Togo agreed")
    assert records[1].fields == {"source": "Coastal Wire", "id": "w-5"}


def test_ingest_csv_multiline_field_keeps_record_start_line():
    records, _ = _read([CORPUS / "c_export.csv"])
    assert records[0].origin.endswith("c_export.csv:2")
    assert records[0].text.endswith("\n\nThe meeting agreed to share vessel tracking data, officials said.")
    assert records[0].fields == {"title": "Fiji hosts regional coast guard meeting", "date": "5 May 2022", "id": "c-1"}
    assert records[1].origin.endswith("c_export.csv:6")


def test_ingest_csv_custom_field_names(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("headline,body,published\nTalks open,Delegations met in Doha on Monday to open talks.,2021-06-07\n")
    records, report = _read([path], text_field="body", title_field="headline", date_field="published")
    assert report.skipped == 0
    assert records[0].text == "Delegations met in Doha on Monday to open talks."
    assert records[0].fields == {"title": "Talks open", "date": "2021-06-07"}


def test_ingest_csv_large_field_above_csv_default_limit(tmp_path):
    body = "The envoy spoke at length. " * 8000  # ~216 kB, above csv's 128 kB default
    path = tmp_path / "big.csv"
    path.write_text(f'id,text\nx1,"{body}"\n', encoding="utf-8")
    records, report = _read([path])
    assert report.skipped == 0 and records[0].text == body


def test_ingest_html_main_text_and_metadata():
    (record,), report = _read([CORPUS / "d_page.html"])
    assert report.skipped == 0
    assert record.fields == {
        "title": "Norway and Finland expand air policing",
        "date": "2023-09-14",
        "url": "https://example.org/nordic/air-policing",
        "source": "Nordic Ledger",
    }
    assert "OSLO - Norway and Finland agreed on Thursday" in record.text
    assert "Great news" not in record.text  # comments are not article text
    assert "Home" not in record.text.split("\n")


def test_ingest_explicit_unknown_suffix_is_read_as_text(tmp_path):
    path = tmp_path / "dispatch.dat"
    path.write_text("Delegations met in Doha on Monday to open talks on the ceasefire.", encoding="utf-8")
    (record,), _ = _read([path])
    assert (record.format, record.origin) == ("text", f"{path}:0")
    records, report = _read([tmp_path])
    assert records == [] and report.read == 0  # inside a folder it is ignored silently


def test_ingest_glob_pattern(tmp_path):
    for name in ("b.txt", "a.txt", "c.jsonl"):
        (tmp_path / name).write_text("Delegations met in Doha on Monday to open ceasefire talks.", encoding="utf-8")
    records, _ = _read([str(tmp_path / "*.txt")])
    assert [Path(r.origin).name for r in records] == ["a.txt:0", "b.txt:0"]


def test_ingest_same_file_twice_is_read_once(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Delegations met in Doha on Monday to open ceasefire talks.", encoding="utf-8")
    records, report = _read([tmp_path, path])
    assert len(records) == 1 and report.read == 1


def test_ingest_is_lazy(tmp_path):
    first, second = tmp_path / "1.txt", tmp_path / "2.txt"
    first.write_text("The first dispatch.", encoding="utf-8")
    stream = read_sources([first, second])
    assert next(stream).text == "The first dispatch."
    second.write_text("Written after the first record was read.", encoding="utf-8")
    assert next(stream).text == "Written after the first record was read."


BAD_FILES = [
    ("empty", "a.txt", b"", "D101"),
    ("whitespace_only", "a.txt", b" \n\n\t ", "D101"),
    ("nul_bytes", "a.txt", b"GIF89a\x00\x01\x02 some text", "D102"),
    ("control_bytes", "a.txt", bytes(range(1, 9)) * 50, "D102"),
    ("utf16", "a.txt", "Talks resumed on Monday.".encode("utf-16"), "D102"),
    ("invalid_utf8", "a.txt", "Talks in Malmö resumed.".encode("latin-1"), "D103"),
    ("empty_jsonl", "a.jsonl", b"\n\n", "D101"),
    ("binary_jsonl", "a.jsonl", b"\x00\x01\x02{}", "D102"),
    ("json_array", "a.json", b'[{"text": "x"}]', "D104"),
    ("empty_csv", "a.csv", b"", "D101"),
    ("csv_without_text_column", "a.csv", b"id,body\n1,hello\n", "D105"),
    ("empty_html", "a.html", b"", "D101"),
    ("html_without_text", "a.html", b"<html><head><title>Empty</title></head><body><img src=x.png></body></html>", "D101"),
]


@pytest.mark.parametrize("name,filename,data,code", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_ingest_bad_file_is_one_clear_skip(tmp_path, name, filename, data, code):
    bad = tmp_path / filename
    bad.write_bytes(data)
    good = tmp_path / "z_good.txt"
    good.write_text("Delegations met in Doha on Monday to open ceasefire talks.", encoding="utf-8")
    records, report = _read([bad, good])
    assert [r.origin for r in records] == [f"{good}:0"]  # the rest goes on
    assert [(s.origin, s.code) for s in report.skips] == [(f"{bad}:0" if code != "D105" else f"{bad}:1", code)]
    assert report.read == 2


def test_ingest_invalid_utf8_reports_byte_offset(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Talks in Malmö resumed.".encode("latin-1"))
    _, report = _read([path])
    assert report.skips[0].reason.startswith("invalid UTF-8 at byte 13 ")


def test_ingest_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfTalks resumed in Malm\xc3\xb6 on Monday.")
    (record,), report = _read([path])
    assert record.text == "Talks resumed in Malmö on Monday." and report.skipped == 0


def test_ingest_jsonl_invalid_utf8_line_skipped_rest_goes_on(tmp_path):
    path = tmp_path / "a.jsonl"
    good = json.dumps({"text": "Talks resumed on Monday."}).encode()
    path.write_bytes(good + b"\n" + b'{"text": "Malm\xf6"}\n' + good + b"\n")
    records, report = _read([path])
    assert [r.origin for r in records] == [f"{path}:1", f"{path}:3"]
    (skip,) = report.skips
    assert (skip.origin, skip.code) == (f"{path}:2", "D103")
    assert f"at byte {len(good) + 1 + 14} " in skip.reason


def test_ingest_csv_invalid_utf8_ends_file_with_one_skip(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"id,text\n1,Talks resumed on Monday.\n2,Malm\xf6 talks\n3,More talks.\n")
    records, report = _read([path])
    assert [r.origin for r in records] == [f"{path}:2"]
    assert [(s.origin, s.code) for s in report.skips] == [(f"{path}:3", "D103")]


def test_ingest_empty_text_fields(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "  "}\n{"text": "Talks resumed."}\n', encoding="utf-8")
    records, report = _read([path])
    assert len(records) == 1 and [(s.origin, s.code) for s in report.skips] == [(f"{path}:1", "D101")]


def test_ingest_record_over_limit_in_jsonl(tmp_path):
    path = tmp_path / "a.jsonl"
    big = json.dumps({"text": "x" * 5000})
    path.write_text(f'{{"text": "short one"}}\n{big}\n{{"text": "after it"}}\n', encoding="utf-8")
    records, report = _read([path], max_article_bytes=1000)
    assert [r.text for r in records] == ["short one", "after it"]
    assert [(s.origin, s.code) for s in report.skips] == [(f"{path}:2", "D106")]


def test_ingest_50mb_file_skipped_from_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:  # 50 MB of text, written in chunks
        chunk = b"The envoy spoke at length about the ceasefire. " * 20000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    good = tmp_path / "small.txt"
    good.write_text("Delegations met in Doha on Monday.", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    records, report = _read([path, good])
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [r.origin for r in records] == [f"{good}:0"]
    assert [(s.origin, s.code) for s in report.skips] == [(f"{path}:0", "D106")]
    assert "over the 2000000-byte limit" in report.skips[0].reason
    assert peak < 5 * 1024 * 1024 and elapsed < 2.0


def test_ingest_50mb_jsonl_line_is_not_held_in_memory(tmp_path):
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as fh:
        fh.write(b'{"text": "')
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            fh.write(chunk)
        fh.write(b'"}\n{"text": "The next record is read."}\n')
    tracemalloc.start()
    records, report = _read([path])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [r.text for r in records] == ["The next record is read."]
    assert [(s.origin, s.code) for s in report.skips] == [(f"{path}:1", "D106")]
    assert peak < 12 * 1024 * 1024


UNREADABLE = [
    ("missing_file", "no/such/file.txt", "no such file or folder"),
    ("glob_without_match", "no/such/*.jsonl", "no file matches this pattern"),
]


@pytest.mark.parametrize("name,path,reason", UNREADABLE, ids=[c[0] for c in UNREADABLE])
def test_ingest_unreadable_paths_are_reported(name, path, reason):
    records, report = _read([path, CORPUS / "a_brief.txt"])
    assert len(records) == 1
    assert [s.line() for s in report.skips] == [f"{path}:0: D100 {reason}"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_ingest_permission_denied_is_reported(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    try:
        records, report = _read([path])
    finally:
        path.chmod(0o644)
    assert records == [] and report.skips[0].code == "D100"


STDIN_CASES = [
    ("jsonl", '{"text": "First dispatch."}\n{bad\n\n{"text": "Second dispatch.", "id": 7}\n',
     [("<stdin>:1", "jsonl"), ("<stdin>:4", "jsonl")], [("<stdin>:2", "D104")]),
    ("article", "Envoys met on Monday.\n\n{not json}\nMore text.\n", [("<stdin>:0", "stdin")], []),
    ("empty", "\n\n", [], [("<stdin>:0", "D101")]),
]


@pytest.mark.parametrize("name,data,origins,skips", STDIN_CASES, ids=[c[0] for c in STDIN_CASES])
def test_ingest_stdin(monkeypatch, name, data, origins, skips):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode("utf-8")), encoding="utf-8"))
    records, report = _read(["-"])
    assert [(r.origin, r.format) for r in records] == origins
    assert [(s.origin, s.code) for s in report.skips] == skips


def test_ingest_stdin_without_buffer(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "From a text stream."}\n'))
    (record,), _ = _read(["-"])
    assert record.text == "From a text stream."


def test_ingest_report_is_optional():
    assert len(list(read_sources([CORPUS]))) == 7
