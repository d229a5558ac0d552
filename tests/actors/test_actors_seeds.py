"""The real sample articles in shared/seeds (read raw; skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).parents[2].parent / "shared" / "seeds"

# (seed prefix, publication date, person, country, sector)
CASES = [
    ("000", "2018-09-27", "Ren Guoqiang", "CHN", "GOV"),
    ("001", "2021-06-09", "Sergei Shoigu", "RUS", "GOV"),
    ("001", "2021-06-09", "Wei Fenghe", "CHN", "GOV"),
    ("001", "2021-06-09", "Zhao Lijian", "CHN", "GOV"),
    ("002", "2020-10-30", "Wu Qian", "CHN", "GOV"),
    ("003", "2021-09-30", "Huang Xueping", "CHN", "MIL"),
    ("003", "2021-09-30", "Wu Qian", "CHN", "GOV"),
    ("003", "2021-09-30", "Mark Milley", "USA", "MIL"),
]


def _seed(prefix: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds not present")
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not files:
        pytest.skip(f"seed {prefix} not present")
    return files[0].read_text(encoding="utf-8", errors="replace")


@pytest.mark.parametrize("prefix,date,person,code,sector", CASES)
def test_actors_seed_officials(resolve, prefix, date, person, code, sector):
    a = resolve(_seed(prefix), date)
    hits = [m for m in a.mentions if person in m.text]
    assert hits, f"{person} not found"
    for m in hits:
        assert (m.code, m.sector) == (code, sector), (m.text, m.rule)
