"""Format, validity and coverage checks for the sentence-level event gold, ``tests/gold/events.jsonl``.

The gold decides whether the event coder's quality claims are honest, so a malformed line, an anchor that
is not in its sentence, a mode that PLOVER does not define for the type, or a split that was moved by hand
must fail here, before any scorer reads the file. The decision rules behind the annotations are in
``tests/gold/EVENTS-GUIDE.md``; the format is ``docs/gold-format.md``. No spaCy: this file runs in well
under a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "gold" / "events.jsonl"
GUIDE = ROOT / "tests" / "gold" / "EVENTS-GUIDE.md"
ONTOLOGY = ROOT / "src" / "detente" / "data" / "ontology" / "plover.json"

# PLOVER types and modes as pinned in the project's plover.md (section 1): 16 types, 67 modes. Kept here
# as the reference the gold is checked against; test_gold_events_ontology_matches_data_file keeps it in
# step with the ontology data file the coder uses.
MODES: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
         "misinformation", "cyber"}
    ),
    "ASSAULT": frozenset(
        {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
         "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"}
    ),
}
RECIPIENT_REQUIRED = frozenset({"COOPERATE", "AID", "SANCTION"})
# PLOVER's non-state "countries", plus KOS (Kosovo), PLOVER's own exception with no ISO 3166 code.
NON_STATE_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC", "KOS"})
FLAGS = ("negated", "hypothetical", "future", "historical")
EVENT_KEYS = frozenset({"event", "mode", "actor", "recipient", "anchor", *FLAGS})
OPTIONAL_EVENT_KEYS = frozenset({"event_date", "event_year", "anchor_occurrence"})
LINE_KEYS = frozenset({"id", "split", "date", "text", "events"})
OPTIONAL_LINE_KEYS = frozenset({"note"})

# Coverage floors from the annotation brief (see EVENTS-GUIDE.md section 8).
MIN_EVENT_SENTENCES = 520
MIN_NO_EVENT_SENTENCES = 110
MIN_PER_TYPE = 25
MIN_PER_FREQUENT_TYPE = 35  # the types that dominate real news get more examples
FREQUENT_TYPES = frozenset({"CONSULT", "ACCUSE", "MOBILIZE", "SANCTION", "REQUEST", "REJECT", "ASSAULT", "AGREE"})
MIN_TEST_PER_TYPE = 7
# The split rule gives about a third to test; these bounds only catch a broken rule, not chance.
TEST_SHARE_BOUNDS = (0.25, 0.42)
# Sentences are set in 2000-2026 news; "today" for this corpus is the end bound.
DATE_RANGE = (dt.date(2000, 1, 1), dt.date(2026, 11, 23))
ID_PATTERN = re.compile(r"^ev-\d{4}$")


def _load_lines() -> list[dict]:
    rows = []
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            rows.append((number, json.loads(line)))
    return [row for _, row in rows]


ROWS = _load_lines()
EVENTS = [(row["id"], event) for row in ROWS for event in row["events"]]


def _split_for(line_id: str) -> str:
    """The fixed, content-blind split rule of EVENTS-GUIDE.md section 7."""
    digest = hashlib.sha256(("detente-events-gold:" + line_id).encode("utf-8")).hexdigest()
    return "test" if int(digest, 16) % 3 == 0 else "dev"


def _code_is_valid(code: str) -> bool:
    return code in NON_STATE_CODES or pycountry.countries.get(alpha_3=code) is not None


def _sentences_with(event_type: str, split: str | None = None) -> int:
    return sum(
        1
        for row in ROWS
        if (split is None or row["split"] == split) and any(e["event"] == event_type for e in row["events"])
    )


def test_gold_events_every_line_is_a_json_object():
    for number, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"line {number} is blank"
        assert isinstance(json.loads(line), dict), f"line {number} is not a JSON object"


def test_gold_events_line_keys_are_known():
    for row in ROWS:
        keys = set(row)
        assert LINE_KEYS <= keys, f"{row.get('id')}: missing {sorted(LINE_KEYS - keys)}"
        assert keys <= LINE_KEYS | OPTIONAL_LINE_KEYS, f"{row['id']}: unknown {sorted(keys - LINE_KEYS - OPTIONAL_LINE_KEYS)}"
        assert isinstance(row["text"], str) and row["text"].strip() == row["text"] and row["text"]
        assert isinstance(row["events"], list)


def test_gold_events_ids_are_unique_and_well_formed():
    ids = [row["id"] for row in ROWS]
    assert all(ID_PATTERN.match(i) for i in ids), [i for i in ids if not ID_PATTERN.match(i)]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_gold_events_texts_are_unique():
    duplicates = [t for t, n in Counter(row["text"] for row in ROWS).items() if n > 1]
    assert not duplicates


def test_gold_events_dates_are_valid_and_in_range():
    for row in ROWS:
        day = dt.date.fromisoformat(row["date"])
        assert DATE_RANGE[0] <= day <= DATE_RANGE[1], row["id"]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_events_split_is_present(split):
    assert any(row["split"] == split for row in ROWS)


def test_gold_events_split_values_are_dev_or_test():
    assert {row["split"] for row in ROWS} <= {"dev", "test"}


def test_gold_events_split_follows_the_fixed_rule():
    moved = [row["id"] for row in ROWS if row["split"] != _split_for(row["id"])]
    assert not moved, f"lines whose split differs from the content-blind rule: {moved}"


def test_gold_events_test_share_is_about_a_third():
    share = sum(row["split"] == "test" for row in ROWS) / len(ROWS)
    assert TEST_SHARE_BOUNDS[0] <= share <= TEST_SHARE_BOUNDS[1], share


def test_gold_events_event_keys_are_known():
    for line_id, event in EVENTS:
        keys = set(event)
        assert EVENT_KEYS <= keys, f"{line_id}: missing {sorted(EVENT_KEYS - keys)}"
        assert keys <= EVENT_KEYS | OPTIONAL_EVENT_KEYS, f"{line_id}: unknown {sorted(keys - EVENT_KEYS - OPTIONAL_EVENT_KEYS)}"


def test_gold_events_types_are_plover():
    unknown = [(line_id, e["event"]) for line_id, e in EVENTS if e["event"] not in MODES]
    assert not unknown


def test_gold_events_modes_are_valid_for_their_type():
    invalid = [
        (line_id, e["event"], e["mode"])
        for line_id, e in EVENTS
        if e["mode"] is not None and e["mode"] not in MODES.get(e["event"], ())
    ]
    assert not invalid


def test_gold_events_codes_are_iso3_or_plover_non_state():
    invalid = []
    for line_id, e in EVENTS:
        assert isinstance(e["actor"], list) and isinstance(e["recipient"], list), line_id
        assert e["actor"], f"{line_id}: an event needs at least one actor"
        invalid += [(line_id, c) for c in e["actor"] + e["recipient"] if not _code_is_valid(c)]
        assert len(set(e["actor"])) == len(e["actor"]) and len(set(e["recipient"])) == len(e["recipient"]), line_id
    assert not invalid


def test_gold_events_required_recipients_are_given():
    missing = [(line_id, e["event"]) for line_id, e in EVENTS if e["event"] in RECIPIENT_REQUIRED and not e["recipient"]]
    assert not missing


def test_gold_events_anchors_occur_in_text():
    by_id = {row["id"]: row for row in ROWS}
    for line_id, e in EVENTS:
        text, anchor = by_id[line_id]["text"], e["anchor"]
        assert anchor and anchor.strip() == anchor, line_id
        count = text.count(anchor)
        occurrence = e.get("anchor_occurrence", 0)
        assert count > occurrence, f"{line_id}: anchor {anchor!r} occurrence {occurrence} not in text"
        if count > 1:
            assert "anchor_occurrence" in e, f"{line_id}: anchor {anchor!r} is ambiguous; give anchor_occurrence"


def test_gold_events_flags_are_booleans():
    for line_id, e in EVENTS:
        for flag in FLAGS:
            assert isinstance(e[flag], bool), (line_id, flag)


def test_gold_events_historical_events_carry_their_year():
    for line_id, e in EVENTS:
        row_year = int(next(r["date"] for r in ROWS if r["id"] == line_id)[:4])
        if e["historical"]:
            assert isinstance(e.get("event_year"), int), f"{line_id}: historical event without event_year"
            assert e["event_year"] <= row_year, line_id
        else:
            assert "event_year" not in e, f"{line_id}: event_year is only given for historical events"


def test_gold_events_event_dates_are_valid():
    dated = [(line_id, e) for line_id, e in EVENTS if "event_date" in e]
    for line_id, e in dated:
        day = dt.date.fromisoformat(e["event_date"])
        row = next(r for r in ROWS if r["id"] == line_id)
        if not e["future"]:
            assert day <= dt.date.fromisoformat(row["date"]), f"{line_id}: past event dated after publication"


@pytest.mark.parametrize(
    ("event_type", "flag"),
    [("AGREE", "future"), ("THREATEN", "future"), ("THREATEN", "hypothetical")],
)
def test_gold_events_types_that_encode_a_flag_do_not_repeat_it(event_type, flag):
    # PLOVER: AGREE already means future cooperation and THREATEN a conditional act (guide section 5).
    assert not [line_id for line_id, e in EVENTS if e["event"] == event_type and e[flag]]


def test_gold_events_sentence_counts_meet_the_floor():
    with_events = sum(1 for row in ROWS if row["events"])
    without = sum(1 for row in ROWS if not row["events"])
    assert with_events >= MIN_EVENT_SENTENCES, with_events
    assert without >= MIN_NO_EVENT_SENTENCES, without


@pytest.mark.parametrize("split", ["dev", "test"])
def test_gold_events_no_event_sentences_in_each_split(split):
    assert sum(1 for row in ROWS if row["split"] == split and not row["events"]) >= 20


@pytest.mark.parametrize("event_type", sorted(MODES))
def test_gold_events_type_coverage(event_type):
    floor = MIN_PER_FREQUENT_TYPE if event_type in FREQUENT_TYPES else MIN_PER_TYPE
    assert _sentences_with(event_type) >= floor
    assert _sentences_with(event_type, "test") >= MIN_TEST_PER_TYPE
    assert _sentences_with(event_type, "dev") >= MIN_TEST_PER_TYPE


@pytest.mark.parametrize("flag", FLAGS)
def test_gold_events_each_flag_is_exercised(flag):
    assert sum(1 for _, e in EVENTS if e[flag]) >= 5


def test_gold_events_multi_event_sentences_are_common():
    assert sum(1 for row in ROWS if len(row["events"]) > 1) >= 100


@pytest.mark.parametrize("event_type", sorted(MODES))
def test_gold_events_guide_documents_every_type(event_type):
    assert f"**{event_type}**" in GUIDE.read_text(encoding="utf-8")


def test_gold_events_ontology_matches_data_file():
    if not ONTOLOGY.exists():
        pytest.skip("the ontology data file is not in this checkout")
    types = json.loads(ONTOLOGY.read_text(encoding="utf-8"))["types"]
    assert {name: frozenset(spec["modes"]) for name, spec in types.items()} == MODES
    assert {name for name, spec in types.items() if spec["recipient_required"]} == RECIPIENT_REQUIRED
    assert sum(len(m) for m in MODES.values()) == 67
