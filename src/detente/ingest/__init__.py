"""Ingestion: streaming readers from files, folders, glob patterns and standard input.

:func:`read_sources` yields :class:`~detente.records.RawRecord` values one at a time. Formats
are told by suffix: ``.txt``/``.text`` (one article per file), ``.jsonl``/``.ndjson``/``.json``
(one JSON object per line), ``.csv`` (a header row; field names from
:class:`~detente.config.IngestSettings`), ``.html``/``.htm`` (main text and metadata by
trafilatura, offline). Bad input is reported with a D1xx code and its ``path:line`` and skipped:

======  ==============================================================
D100    unreadable path (missing, permission denied, no glob match)
D101    empty file, record or text field
D102    binary file (NUL bytes or mostly control bytes)
D103    invalid UTF-8 (with the byte offset; never decoded as latin-1)
D104    malformed JSON line, JSON array, CSV row with a wrong field count
D105    missing or non-string text field
D106    file or record over ``max_article_bytes`` (told from the size)
======  ==============================================================
"""

from ._sources import read_sources

__all__ = ["read_sources"]
