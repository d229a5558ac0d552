"""Fixtures for the reliability tests: a synthetic corpus and its reference database."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402
from reliability_helpers import run_detente  # noqa: E402


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), 24)


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory, small_corpus) -> Path:
    """The small corpus coded by one uninterrupted `detente run`, the state every resumed run must reach."""
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    started = time.monotonic()
    done = run_detente("run", str(small_corpus), "--db", str(db), "--batch-size", "2", "--no-progress", "-q")
    assert done.returncode == 0, done.stderr
    (db.parent / "seconds").write_text(str(time.monotonic() - started))
    return db
