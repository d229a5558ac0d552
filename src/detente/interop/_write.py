"""Atomic writers: a temporary file renamed into place, so readers never see half a file."""

from __future__ import annotations

import csv
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from .._atomic import atomic_path

__all__ = ["atomic", "write_tsv", "write_jsonl", "clean_cell"]

_BAD = str.maketrans({"\t": " ", "\r": " ", "\n": " "})


def clean_cell(value: Any) -> str:
    """One TSV cell: None -> '', tabs and line breaks -> spaces (GDELT files have neither)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).translate(_BAD)


@contextmanager
def atomic(path: str | Path) -> Iterator[Any]:
    """An open text file that appears at ``path`` only once it is complete."""
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            yield fh


def write_tsv(fh, columns: tuple[str, ...], rows: Iterable[dict[str, Any]], *, header: bool) -> int:
    """Tab-separated, '\\n' line ends; a cell holding '"' is quoted CSV-style so pandas reads it back."""
    writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    if header:
        writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([clean_cell(row[c]) for c in columns])
        n += 1
    return n


def write_jsonl(fh, records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for record in records:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n
