"""Atomic writers: a temporary file renamed into place, so readers never see half a file."""

from __future__ import annotations

import csv
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import StoreError

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
    path = Path(path).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create folder {path.parent}: {exc}", code="D503") from exc
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {exc}", code="D503") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
