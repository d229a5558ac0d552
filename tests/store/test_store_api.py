"""The store's public surface is small: only store/ talks SQL, through these names."""

from __future__ import annotations

import inspect

import pytest

import detente.store as store_pkg
from detente.store import Store

EXPECTED = {"open_store", "Store", "TABLES", "SCHEMA_VERSION", "EXPORT_FORMATS"}
METHODS = {
    "write": ["analyses", "replace", "report"],
    "article": ["id"],
    "articles": ["ids", "batch_size"],
    "analysis": ["id"],
    "analyses": ["ids", "batch_size", "spans"],
    "events": ["article_id"],
    "has_articles": ["ids"],
    "counts": [],
    "replace_stories": ["stories", "duplicates", "merged"],
    "stories": [],
    "duplicates": [],
    "merged_events": ["story_id"],
    "record_run": ["args"],
    "finish_run": ["run_id", "report", "articles_read", "articles_written", "skipped"],
    "runs": [],
    "export": ["table", "path", "fmt"],
    "export_all": ["folder", "fmt"],
    "sql": ["query", "params"],
    "verify": ["limit"],
    "quote_index": [],
    "close": [],
}


def test_store_public_names_are_pinned():
    assert set(store_pkg.__all__) == EXPECTED
    assert all(getattr(store_pkg, name) is not None for name in EXPECTED)


@pytest.mark.parametrize("method,params", sorted(METHODS.items()))
def test_store_method_signatures(method, params):
    signature = inspect.signature(getattr(Store, method))
    assert list(signature.parameters)[1:] == params
    keyword_only = {n for n, p in signature.parameters.items() if p.kind is p.KEYWORD_ONLY}
    assert keyword_only >= {"replace", "batch_size", "fmt", "articles_read"} & set(params)

