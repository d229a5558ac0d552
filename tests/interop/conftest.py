"""Interop fixtures: a small hand-built store (fast, exact expectations) and its exports."""

from __future__ import annotations

import pytest
from interop_samples import MERGED, analyses

from detente.store import open_store


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("interop") / "sample.duckdb"
    with open_store(path) as store:
        store.write(analyses())
        store.replace_stories([], [], MERGED)
    return path


@pytest.fixture(scope="session")
def sample_store(sample_db):
    store = open_store(sample_db, read_only=True)
    yield store
    store.close()
