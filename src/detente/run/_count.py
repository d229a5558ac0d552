"""A cheap count of the input records, so that the progress line can show an ETA.

Counting never codes anything: JSONL records are non-blank lines, CSV records are the rows the csv
module splits (quoted fields may hold line breaks, so lines would over-count), text and HTML files
are one record each. Standard input can't be counted (None).
"""

from __future__ import annotations

import glob as globlib
from pathlib import Path
from typing import Iterable

from ..config import IngestSettings

__all__ = ["count_records"]

_LINES = frozenset({".jsonl", ".ndjson", ".json"})
_ONE = frozenset({".txt", ".text", ".html", ".htm"})
_CHUNK = 1 << 20  # 1 MB reads: a 4 GB export counts in seconds


def _count_lines(path: Path, *, header: bool) -> int:
    try:
        with path.open("rb", buffering=_CHUNK) as fh:
            n = sum(1 for line in fh if not line.isspace())  # readers skip blank lines too
    except OSError:
        return 0
    return max(n - (1 if header else 0), 0)


def _count_file(path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix in _LINES:
        return _count_lines(path, header=False)
    if suffix == ".csv":
        return _count_csv_rows(path)
    return 1


def _count_csv_rows(path: Path) -> int:
    import csv
    import sys

    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, (1 << 31) - 1)))
    try:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            n = sum(1 for row in csv.reader(fh) if row)
    except (OSError, csv.Error):
        return _count_lines(path, header=True)
    return max(n - 1, 0)


def count_records(paths: Iterable[str | Path], settings: IngestSettings = IngestSettings()) -> int | None:
    """About how many records ``read_sources(paths)`` will yield; None when a path is standard input."""
    total = 0
    for raw in paths:
        name = str(raw)
        if name == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            known = _LINES | _ONE | {".csv"}
            files = [p for p in path.glob(settings.glob) if p.is_file() and p.suffix.lower() in known]
        elif path.exists():
            files = [path]
        else:
            files = [Path(m) for m in globlib.glob(name, recursive=True) if Path(m).is_file()]
        total += sum(_count_file(p) for p in files)
    return total
