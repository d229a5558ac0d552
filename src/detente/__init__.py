"""detente: political event data from news about international and military relations.

Offline and explainable: every event, actor mention and quote carries its article id and the
character offsets that slice the stored text. The public API is this module's ``__all__``::

    import detente
    detente.code("China accused the US of provocations on Thursday.", date="2020-10-30")
    report = detente.run(["articles/"], db="events.duckdb")
    with detente.open_store("events.duckdb", read_only=True) as store: ...

Names are imported lazily, so ``import detente`` is cheap and loads no model.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "Pipeline": "detente.run",
    "run": "detente.run",
    "code": "detente.run",
    "code_lines": "detente.run",
    "open_store": "detente.store",
    "Store": "detente.store",
    "load_settings": "detente.config",
    "Settings": "detente.config",
    "read_sources": "detente.ingest",
    "clean_record": "detente.clean",
    "RunReport": "detente.report",
    "Article": "detente.records",
    "Analysis": "detente.records",
    "Sentence": "detente.records",
    "Mention": "detente.records",
    "Place": "detente.records",
    "TimeExpr": "detente.records",
    "Quote": "detente.records",
    "Event": "detente.records",
    "Story": "detente.records",
    "RawRecord": "detente.records",
    "DetenteError": "detente.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'detente' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # cache: the next lookup is a plain attribute
    return value


def __dir__():
    return __all__


if TYPE_CHECKING:  # pragma: no cover
    from .clean import clean_record
    from .config import Settings, load_settings
    from .errors import DetenteError
    from .ingest import read_sources
    from .records import Analysis, Article, Event, Mention, Place, Quote, RawRecord, Sentence, Story, TimeExpr
    from .report import RunReport
    from .run import Pipeline, code, code_lines, run
    from .store import Store, open_store
