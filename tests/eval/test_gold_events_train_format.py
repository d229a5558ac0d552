"""Format and independence checks for the event *training* sentences, ``tests/gold/train/events-*.jsonl``,
and for the second held-out event set, ``tests/gold/heldout/events.jsonl``.

The training files were written by a second set of annotators, after the dev/test gold, following the same guide
(``tests/gold/EVENTS-GUIDE.md``). Rules and the optional trained model may be tuned on them; the test split of
``tests/gold/events.jsonl`` stays held out. Two things must hold for that to be honest, and both are checked here:
every training line is valid under the guide's format, and no training sentence repeats or closely paraphrases a
sentence of the held-out gold (a paraphrase would leak the test split into tuning). The second held-out set was
written by a fifth annotator who read neither the gold nor the training files; it is only ever scored, and must not
reword any other gold sentence either.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[2]
TRAIN_DIR = ROOT / "tests" / "gold" / "train"
HELD_OUT = ROOT / "tests" / "gold" / "events.jsonl"
ONTOLOGY = ROOT / "src" / "detente" / "data" / "ontology" / "plover.json"

FILES = sorted(TRAIN_DIR.glob("events-*.jsonl"))
HELD_OUT_2 = ROOT / "tests" / "gold" / "heldout" / "events.jsonl"
# file kind -> (id pattern, split every line carries)
KINDS = {"train": (re.compile(r"^tr-[a-z]-\d{4}$"), "train"), "heldout": (re.compile(r"^hx-\d{4}$"), "test")}
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"})
FLAGS = ("negated", "hypothetical", "future", "historical")
EVENT_KEYS = frozenset({"event", "mode", "actor", "recipient", "anchor", *FLAGS})
OPTIONAL_EVENT_KEYS = frozenset({"event_date", "event_year", "anchor_occurrence"})
LINE_KEYS = frozenset({"id", "split", "date", "text", "events"})
OPTIONAL_LINE_KEYS = frozenset({"note"})
DATE_RANGE = (dt.date(2000, 1, 1), dt.date(2026, 11, 23))
# Word 4-gram overlap above which two sentences count as one sentence reworded (measured: unrelated sentences
# on the same topic share well under 0.3 of their 4-grams).
PARAPHRASE_OVERLAP = 0.5


def _ontology() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    types = json.loads(ONTOLOGY.read_text(encoding="utf-8"))["types"]
    modes = {name: frozenset(spec["modes"]) for name, spec in types.items()}
    required = frozenset(name for name, spec in types.items() if spec["recipient_required"])
    return modes, required


MODES, RECIPIENT_REQUIRED = _ontology()


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _code_is_valid(code: str) -> bool:
    return code in NON_STATE_CODES or pycountry.countries.get(alpha_3=code) is not None


def _event_problems(row: dict, event: dict) -> list[str]:
    problems = []
    keys = set(event)
    if not EVENT_KEYS <= keys or not keys <= EVENT_KEYS | OPTIONAL_EVENT_KEYS:
        problems.append(f"event keys {sorted(keys)}")
        return problems
    if event["event"] not in MODES:
        return [f"unknown type {event['event']}"]
    if event["mode"] is not None and event["mode"] not in MODES[event["event"]]:
        problems.append(f"mode {event['mode']} not a {event['event']} mode")
    if not event["actor"]:
        problems.append("no actor")
    problems += [f"bad code {c}" for c in event["actor"] + event["recipient"] if not _code_is_valid(c)]
    if event["event"] in RECIPIENT_REQUIRED and not event["recipient"]:
        problems.append(f"{event['event']} without recipient")
    count = row["text"].count(event["anchor"]) if event["anchor"] else 0
    if count <= event.get("anchor_occurrence", 0):
        problems.append(f"anchor {event['anchor']!r} not in text")
    problems += [f"flag {f} not boolean" for f in FLAGS if not isinstance(event[f], bool)]
    if event["historical"] != isinstance(event.get("event_year"), int):
        problems.append("event_year is given for historical events, and only for them")
    if "event_date" in event:
        day = dt.date.fromisoformat(event["event_date"])
        if not event["future"] and day > dt.date.fromisoformat(row["date"]):
            problems.append("past event dated after publication")
    return problems


def _line_problems(row: dict, kind: str = "train") -> list[str]:
    keys = set(row)
    if not LINE_KEYS <= keys or not keys <= LINE_KEYS | OPTIONAL_LINE_KEYS:
        return [f"line keys {sorted(keys)}"]
    problems = []
    id_pattern, split = KINDS[kind]
    if not id_pattern.match(row["id"]):
        problems.append(f"id does not match {id_pattern.pattern}")
    if row["split"] != split:
        problems.append(f"split {row['split']!r} ({kind} lines are {split!r})")
    if not (DATE_RANGE[0] <= dt.date.fromisoformat(row["date"]) <= DATE_RANGE[1]):
        problems.append("date out of range")
    if not row["text"] or row["text"].strip() != row["text"]:
        problems.append("text empty or padded")
    for event in row["events"]:
        problems += _event_problems(row, event)
    return problems


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _overlap(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def test_gold_events_train_files_exist():
    assert FILES, "no training files in tests/gold/train"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_gold_events_train_lines_are_valid(path):
    problems = {row.get("id"): p for row in _rows(path) if (p := _line_problems(row))}
    assert not problems, problems


def test_gold_events_train_ids_and_texts_are_unique_across_files():
    rows = [row for path in FILES for row in _rows(path)]
    assert not [i for i, n in Counter(r["id"] for r in rows).items() if n > 1]
    assert not [t for t, n in Counter(r["text"] for r in rows).items() if n > 1]


def test_gold_events_train_does_not_reword_the_held_out_gold():
    held_out = [(row["id"], _grams(row["text"])) for row in _rows(HELD_OUT)]
    close = []
    for path in FILES:
        for row in _rows(path):
            grams = _grams(row["text"])
            close += [(row["id"], gid) for gid, g in held_out if _overlap(grams, g) >= PARAPHRASE_OVERLAP]
    assert not close, close


def test_gold_events_train_covers_every_type_and_no_event_lines():
    rows = [row for path in FILES for row in _rows(path)]
    types = Counter(e["event"] for row in rows for e in row["events"])
    assert set(types) == set(MODES), sorted(set(MODES) - set(types))
    assert sum(1 for row in rows if not row["events"]) >= 100


def test_gold_events_heldout_lines_are_valid():
    rows = _rows(HELD_OUT_2)
    problems = {row.get("id"): p for row in rows if (p := _line_problems(row, "heldout"))}
    assert not problems, problems
    assert len({r["id"] for r in rows}) == len(rows) and len({r["text"] for r in rows}) == len(rows)


def test_gold_events_heldout_does_not_reword_other_gold():
    others = [(row["id"], _grams(row["text"])) for path in [HELD_OUT, *FILES] for row in _rows(path)]
    close = []
    for row in _rows(HELD_OUT_2):
        grams = _grams(row["text"])
        close += [(row["id"], oid) for oid, g in others if _overlap(grams, g) >= PARAPHRASE_OVERLAP]
    assert not close, close


def test_gold_events_heldout_covers_every_type():
    rows = _rows(HELD_OUT_2)
    lines_with = Counter(t for row in rows for t in {e["event"] for e in row["events"]})
    assert set(lines_with) == set(MODES) and min(lines_with.values()) >= 10, lines_with
    assert sum(1 for row in rows if not row["events"]) >= 40
