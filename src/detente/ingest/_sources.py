"""Turning the paths a user names into a stream of records, with counting and skip reporting."""

from __future__ import annotations

import glob as globlib
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..config import IngestSettings
from ..errors import InputError
from ..records import RawRecord
from ..report import RunReport
from ._readers import Item, read_csv_file, read_html_file, read_jsonl_file, read_stream, read_text_file

__all__ = ["read_sources", "READERS"]

Reader = Callable[[Path, IngestSettings], Iterator[Item]]

# Suffix -> reader. Files with other suffixes are ignored inside folders and read as text
# when named explicitly.
READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".text": read_text_file,
    ".jsonl": read_jsonl_file,
    ".ndjson": read_jsonl_file,
    ".json": read_jsonl_file,
    ".csv": read_csv_file,
    ".html": read_html_file,
    ".htm": read_html_file,
}

_GLOB_CHARS = frozenset("*?[")


def read_sources(
    paths: Iterable[str | Path],
    *,
    settings: IngestSettings = IngestSettings(),
    report: RunReport | None = None,
) -> Iterator[RawRecord]:
    """Stream raw records from files, folders, glob patterns and "-" (standard input).

    Records come one at a time, in a deterministic order (folder and glob members sorted by
    path); nothing holds the corpus in memory. Bad input never raises: each bad file or record
    is passed to ``report.skip`` with its origin (``path:line``) and skipped. ``report.read``
    counts every record looked at, good or bad.
    """
    report = report if report is not None else RunReport()
    seen: set[Path] = set()
    for item in _items(paths, settings, seen):
        report.read += 1
        if isinstance(item, InputError):
            report.skip(item)
        else:
            yield item


def _items(paths: Iterable[str | Path], settings: IngestSettings, seen: set[Path]) -> Iterator[Item]:
    for raw in paths:
        name = str(raw)
        if name == "-":
            yield from read_stream(sys.stdin, settings)
            continue
        path = Path(raw)
        if path.is_dir():
            members = (p for p in path.glob(settings.glob) if p.is_file())
            yield from _read_members(sorted(members, key=str), settings, seen, explicit_suffix=None)
        elif path.exists():
            yield from _read_file(path, settings, seen, explicit=True)
        elif _GLOB_CHARS & set(name):
            matches = sorted((Path(m) for m in globlib.glob(name, recursive=True)), key=str)
            if not matches:
                yield InputError("no file matches this pattern", origin=f"{name}:0", code="D100")
            files: list[Path] = []
            for match in matches:
                if match.is_dir():
                    files.extend(sorted((p for p in match.glob(settings.glob) if p.is_file()), key=str))
                elif match.is_file():
                    files.append(match)
            yield from _read_members(files, settings, seen, explicit_suffix=Path(name).suffix.lower() or None)
        else:
            yield InputError("no such file or folder", origin=f"{name}:0", code="D100")


def _read_members(
    files: Iterable[Path], settings: IngestSettings, seen: set[Path], *, explicit_suffix: str | None
) -> Iterator[Item]:
    for path in files:
        suffix = path.suffix.lower()
        if suffix in READERS or (explicit_suffix is not None and suffix == explicit_suffix):
            yield from _read_file(path, settings, seen, explicit=suffix not in READERS)


def _read_file(path: Path, settings: IngestSettings, seen: set[Path], *, explicit: bool) -> Iterator[Item]:
    try:
        key = path.resolve()
    except OSError:
        key = path
    if key in seen:
        return  # the same file named twice (a folder and one of its files) is read once
    seen.add(key)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        reader = read_text_file
    yield from reader(path, settings)
