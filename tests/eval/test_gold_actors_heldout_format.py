"""Format checks for the independent actor gold, ``tests/gold/heldout/actors.jsonl``.

Written by an annotator who did not write the resolver or its knowledge base, so that the actor scores are not
only the resolver author's view. Its lines are split dev/test by a content-blind hash of the id; only the dev half
may be used for tuning. No spaCy here: these checks run in well under a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import pycountry

from detente.eval.actors import gold_span

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "heldout" / "actors.jsonl"
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"})
# PLOVER's sectors (plover.md, section 4).
SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "OPP", "PTY", "BUS", "CVL", "EDU", "MED",
                     "JRN", "REF", "ELI", "REL", "CRM", "PRE", "AGR", "LAB", "ENV", "HLH", "IGO", "NGO", "UAF"})
KINDS = frozenset({"person", "state", "organisation", "group", "none"})


def _rows() -> list[dict]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def _split_for(line_id: str) -> str:
    digest = hashlib.sha256(("detente-heldout-actors:" + line_id).encode("utf-8")).hexdigest()
    return "test" if int(digest, 16) % 2 == 0 else "dev"


def _mention_problems(text: str, m: dict) -> list[str]:
    problems = []
    try:
        gold_span(text, m["text"], m.get("occurrence", 0))
    except ValueError as exc:
        problems.append(str(exc))
    if m["kind"] not in KINDS:
        problems.append(f"kind {m['kind']}")
    if m["kind"] == "none":
        if m["code"] is not None or m["sector"] is not None:
            problems.append("a 'none' mention carries a code or sector")
    elif not (m["code"] in NON_STATE_CODES or pycountry.countries.get(alpha_3=m["code"] or "") is not None):
        problems.append(f"code {m['code']}")
    problems += [f"sector {s}" for s in [m.get("sector"), *m.get("other_sectors", [])] if s and s not in SECTORS]
    return problems


def test_gold_actors_heldout_lines_are_valid():
    problems = {}
    for row in _rows():
        dt.date.fromisoformat(row["date"])
        found = [p for m in row["mentions"] for p in _mention_problems(row["text"], m)]
        if found:
            problems[row["id"]] = found
    assert not problems, problems


def test_gold_actors_heldout_split_follows_the_hash_rule():
    rows = _rows()
    assert not [r["id"] for r in rows if r["split"] != _split_for(r["id"])]
    assert len({r["id"] for r in rows}) == len(rows)


def test_gold_actors_heldout_has_breadth():
    mentions = [m for row in _rows() for m in row["mentions"]]
    kinds = Counter(m["kind"] for m in mentions)
    assert len(mentions) >= 450 and all(kinds[k] >= 50 for k in KINDS), kinds
    assert len({m["code"] for m in mentions if m["code"]}) >= 60
