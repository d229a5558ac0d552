"""Hypothesis: no input bytes make the readers raise, and every record looked at is counted."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.config import IngestSettings
from detente.ingest import read_sources
from detente.report import RunReport

SUFFIXES = [".txt", ".jsonl", ".csv", ".html", ".dat"]

CONTENT = st.binary(max_size=300) | st.text(max_size=300).map(lambda s: s.encode("utf-8")) | st.lists(
    st.sampled_from([b'{"text": "A dispatch."}', b"{bad", b"", b'{"text": 3}', b"[1]", b'"x"', b"id,text", b"1,two,3"]),
    max_size=6,
).map(b"\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(SUFFIXES), CONTENT), min_size=1, max_size=4))
def test_ingest_never_raises_and_counts_every_record(files):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, (suffix, data) in enumerate(files):
            path = Path(tmp) / f"f{i}{suffix}"
            path.write_bytes(data)
            paths.append(path)
        report = RunReport()
        records = list(read_sources(paths, settings=IngestSettings(max_article_bytes=200), report=report))
        assert report.read == len(records) + report.skipped
        assert all(isinstance(r.text, str) and r.text.strip() for r in records)
        assert all(":" in s.origin and s.code.startswith("D10") for s in report.skips)
