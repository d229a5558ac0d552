"""Fixtures for the runner tests: a database snapshot to compare runs, and a copy of the demo store."""

from __future__ import annotations

import shutil

import pytest

from run_snapshot import take_snapshot


@pytest.fixture(scope="session")
def demo_snapshot(demo_db):
    return take_snapshot(demo_db)


@pytest.fixture()
def demo_copy(demo_db, tmp_path):
    """A writable copy of the session's demo database (the original is shared read-only)."""
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, path)
    return path
