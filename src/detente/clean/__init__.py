"""Cleaning: from a raw record to an Article whose ``text`` is the clean body later stages code.

The steps run in this fixed order; each is a small public function over a :class:`Draft`
(``step(draft) -> draft``; ``detect_language`` also takes the settings):

1. :func:`fix_encoding` — ftfy, then curly quotes cut to a lone "â" restored from their position.
2. :func:`normalise_whitespace` — line endings, invisible characters, spaces, blank-line runs.
3. :func:`read_metadata` — ``date``/``source``/``url``/``title``/byline lines above the body,
   and a metadata prefix glued to a copy of the lede.
4. :func:`strip_boilerplate` — site furniture lines from ``src/detente/data/clean/boilerplate.txt``.
5. :func:`split_title` — headline (and its repeat), standfirst; sub-headlines set apart.
6. :func:`parse_dateline` — "BEIJING (Reuters) -" and agency hand-overs ("AFP adds:").
7. :func:`find_published_date` — input > metadata > dateline > text; never invented.
8. :func:`detect_language` — function words and scripts; non-English raises D107.

:func:`clean_record` runs them and returns the :class:`~detente.records.Article`, or raises
D101 (nothing left) / D106 (over a shape limit, :func:`check_limits`: the parser and coding
stages take superlinear time on 100k-character sentences or floods of punctuation) / D107
(not English). Running it again on its own output (with the title
and date it found) returns the same text.
"""

from ._boilerplate import strip_boilerplate
from ._dateline import parse_dateline
from ._dates import find_published_date, parse_date
from ._draft import Draft
from ._encoding import fix_encoding
from ._language import detect_language
from ._limits import check_limits
from ._metadata import read_metadata
from ._pipeline import CLEANING_STEPS, CleaningStep, clean_record
from ._title import split_title
from ._whitespace import normalise_whitespace

__all__ = [
    "clean_record",
    "CLEANING_STEPS",
    "CleaningStep",
    "Draft",
    "fix_encoding",
    "normalise_whitespace",
    "read_metadata",
    "strip_boilerplate",
    "split_title",
    "parse_dateline",
    "find_published_date",
    "detect_language",
    "parse_date",
    "check_limits",
]
