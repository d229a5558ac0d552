"""export_layout: one store -> one file in a layout analysts already load."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from ._columns import LAYOUT_COLUMNS
from ._gdelt import gdelt_rows
from ._polecat import polecat_rows
from ._query import event_reports, story_entities
from ._write import atomic, write_jsonl, write_tsv

__all__ = ["LAYOUTS", "LAYOUT_FILES", "export_layout", "export_layouts", "iter_layout"]

# layout -> whether the file has a header row by default (GDELT's have none, POLECAT's has one)
LAYOUTS: dict[str, bool | None] = {
    "gdelt-events": False,
    "gdelt-mentions": False,
    "polecat": True,
    "plover": None,  # JSON Lines: no header
    "parquet": None,  # a folder of Parquet files, one per store table
}

# File names export_layouts gives each layout inside its folder.
LAYOUT_FILES = {"gdelt-events": "gdelt-events.tsv", "gdelt-mentions": "gdelt-mentions.tsv",
                "polecat": "polecat.tsv", "plover": "plover.jsonl", "parquet": "tables"}


def _version() -> str:
    from .. import __version__

    return f"detente-{__version__}"


def _plover_records(store, include_text: bool) -> Iterator[dict[str, Any]]:
    from ..events import event_record

    for analysis in store.analyses():
        for event in analysis.events:
            yield event_record(event, analysis.article if include_text else None)


def iter_layout(store, layout: str, *, include_flagged: bool = False,
                include_text: bool = True) -> Iterator[dict[str, Any]]:
    """The rows (dicts keyed by the layout's columns, in order) that :func:`export_layout` writes."""
    check_layout(layout)
    if layout == "gdelt-events":
        for event, _ in gdelt_rows(event_reports(store, include_flagged=include_flagged)):
            yield event
    elif layout == "gdelt-mentions":
        for _, mentions in gdelt_rows(event_reports(store, include_flagged=include_flagged)):
            yield from mentions
    elif layout == "polecat":
        yield from polecat_rows(event_reports(store, include_flagged=include_flagged),
                                lambda ids: story_entities(store, ids), _version())
    elif layout == "plover":
        yield from _plover_records(store, include_text)
    else:
        raise StoreError("the parquet layout is a folder of tables; use export_layout", code="D505")


def check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise StoreError(f"unknown export layout {layout!r}; use one of {', '.join(LAYOUTS)}", code="D505")


def export_layout(store, layout: str, path: str | Path, *, header: bool | None = None,
                  include_flagged: bool = False, include_text: bool = True) -> Path:
    """Write the store in ``layout`` to ``path`` and return the path.

    Layouts: ``gdelt-events`` and ``gdelt-mentions`` (GDELT 2.0, tab-separated, no header unless
    ``header=True``), ``polecat`` (POLECAT flat file, header unless ``header=False``), ``plover``
    (JSON Lines of :func:`detente.events.event_record`; ``include_text=False`` leaves the evidence
    sentence out), ``parquet`` (``path`` is a folder: every store table, via ``Store.export_all``).
    Negated and hypothetical events are left out of the GDELT and POLECAT layouts unless
    ``include_flagged`` (those layouts have no column to mark them). The file is written to a
    temporary name and renamed into place. Raises StoreError D505 for an unknown layout, D503
    when the file cannot be written.
    """
    check_layout(layout)
    path = Path(path)
    if layout == "parquet":
        store.export_all(path, fmt="parquet")
        return path
    rows = iter_layout(store, layout, include_flagged=include_flagged, include_text=include_text)
    with atomic(path) as fh:
        if layout == "plover":
            write_jsonl(fh, rows)
        else:
            write_tsv(fh, LAYOUT_COLUMNS[layout], rows, header=LAYOUTS[layout] if header is None else header)
    return path


def export_layouts(store, folder: str | Path, layouts: list[str] | None = None, **options) -> dict[str, Path]:
    """Every layout (or those named) into ``folder`` under the names of :data:`LAYOUT_FILES`."""
    folder = Path(folder)
    return {layout: export_layout(store, layout, folder / LAYOUT_FILES[layout], **options)
            for layout in (layouts or list(LAYOUTS))}
