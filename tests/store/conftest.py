"""Store fixtures: a fresh writable store per test, copied from one migrated template (fast)."""

from __future__ import annotations

import shutil

import pytest

from detente.store import open_store


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("store-template") / "template.duckdb"
    open_store(path).close()  # closing checkpoints: the single file holds the whole migrated schema
    return path


@pytest.fixture()
def store(tmp_db, template_db):
    shutil.copyfile(template_db, tmp_db)
    with open_store(tmp_db) as s:
        yield s
