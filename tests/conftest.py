"""Shared fixtures. Stage-specific fixtures live in each tests/<stage>/conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.nlp import ParseStage, load_model
from detente.records import Analysis, Article, article_id_for

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    """The pinned spaCy model, loaded once for the whole test session."""
    return load_model()


@pytest.fixture(scope="session")
def parse(nlp):
    """parse(text, date=None) -> Analysis with doc and sentences filled."""
    stage = ParseStage(nlp=nlp)

    def _parse(text: str, date: str | None = None, **fields) -> Analysis:
        article = Article(id=article_id_for(text), text=text, published=date, **fields)
        return stage(Analysis(article))

    return _parse


@pytest.fixture()
def tmp_db(tmp_path):
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, nlp):
    """A real DuckDB built once per test session by running the whole pipeline over the demo corpus."""
    from detente.config import load_settings
    from detente.run import Pipeline, run

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    settings = load_settings(store={"path": str(path)})
    report = run(None, settings=settings, pipeline=Pipeline(settings, nlp=nlp))
    assert report.processed > 0, report.summary()
    return path


@pytest.fixture(scope="session")
def demo_store(demo_db):
    from detente.store import open_store

    store = open_store(demo_db, read_only=True)
    yield store
    store.close()
