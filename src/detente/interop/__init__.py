"""Interoperability: exports in the layouts analysts already load, and the codebook.

Public API::

    export_layout(store, layout, path, *, header=None, include_flagged=False, include_text=True) -> Path
        layout: "gdelt-events" | "gdelt-mentions" | "polecat" | "plover" | "parquet"
    export_layouts(store, folder, layouts=None, **options) -> {layout: Path}   # all into one folder
    iter_layout(store, layout, ...) -> Iterator[dict]    # the same rows, in memory
    cameo_actor(code, sector, other_sectors=None, name=None) -> dict   # PLOVER actor -> CAMEO fields
    build_codebook() -> str                               # the Markdown codebook
    GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, POLECAT_COLUMNS, PLOVER_FIELDS, LAYOUTS
    field_spec(layout) -> {column: {"type", "description"}}   # from data/fields.json

From the shell: ``python -m detente.interop export --layout gdelt-events --out events.tsv``.
The meaning of every field is kept in ``data/fields.json``; ``data/actors.json`` maps PLOVER
sectors and non-state codes to CAMEO; ``data/geo.json`` maps places to GDELT geography types.
"""

from ._actors import cameo_actor
from ._codebook import build_codebook, field_spec, write_codebook
from ._columns import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, LAYOUT_COLUMNS, PLOVER_FIELDS, POLECAT_COLUMNS
from ._export import LAYOUT_FILES, LAYOUTS, export_layout, export_layouts, iter_layout

__all__ = [
    "export_layout",
    "export_layouts",
    "LAYOUT_FILES",
    "iter_layout",
    "cameo_actor",
    "build_codebook",
    "write_codebook",
    "field_spec",
    "LAYOUTS",
    "LAYOUT_COLUMNS",
    "GDELT_EVENT_COLUMNS",
    "GDELT_MENTION_COLUMNS",
    "POLECAT_COLUMNS",
    "PLOVER_FIELDS",
]
