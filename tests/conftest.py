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
