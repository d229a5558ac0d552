"""Pinned quality floors (trafilatura's eval gate habit).

A floors file ``tests/gold/floors/<name>.json`` looks like::

    {"gold": "tests/gold/events.jsonl", "gold_sha256": "...", "split": "test",
     "floors": {"type_micro_f1": 0.85, "actor_country_accuracy": 0.90}}

:func:`check_floors` returns the list of failures (empty when every score is at or above its floor).
The gold file's hash is pinned too, so a changed gold set is noticed: re-pin deliberately with
``DETENTE_REPIN_FLOORS=1`` (which rewrites the hash, never lowers a floor), and lowering a floor
means editing the file by hand, in a visible commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["gold_sha256", "load_floors", "check_floors", "load_gold"]


def gold_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """Read a gold JSONL file, keeping only ``split`` lines when given. Blank lines are ignored."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: invalid JSON in gold file: {exc}") from exc
            if split is None or row.get("split") == split:
                rows.append(row)
    return rows


def load_floors(floors_path: str | Path) -> dict[str, Any]:
    return json.loads(Path(floors_path).read_text(encoding="utf-8"))


def check_floors(floors_path: str | Path, scores: dict[str, float], root: str | Path = ".") -> list[str]:
    """Compare ``scores`` with the pinned floors; return human-readable failures."""
    spec = load_floors(floors_path)
    failures = []
    gold = Path(root) / spec["gold"]
    digest = gold_sha256(gold)
    if spec.get("gold_sha256") and spec["gold_sha256"] != digest:
        if os.environ.get("DETENTE_REPIN_FLOORS") == "1":
            spec["gold_sha256"] = digest
            Path(floors_path).write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
        else:
            failures.append(
                f"{spec['gold']} changed since its floors were pinned (sha256 {digest[:12]} != "
                f"{spec['gold_sha256'][:12]}); re-run with DETENTE_REPIN_FLOORS=1 after checking the scores"
            )
    for metric, floor in spec["floors"].items():
        value = scores.get(metric)
        if value is None:
            failures.append(f"{metric}: not computed by the scorer")
        elif value + 1e-9 < floor:
            failures.append(f"{metric}: {value:.4f} is below the pinned floor {floor:.4f}")
    return failures
