"""The coder over the real sample articles in /work/shared/seeds (skipped where absent).

Actor codes come from ``detente.actors.ActorStage`` when it is installed, else from the
hand table of tests/events/conftest.py (test data only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
DATES = {"000": "2018-09-27", "002": "2020-10-30"}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="no seed articles on this machine")


def _read(prefix: str) -> str:
    [path] = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_text(encoding="utf-8")
    try:
        from detente.clean import clean_record  # type: ignore[attr-defined]
        from detente.records import RawRecord

        return clean_record(RawRecord(raw, origin=str(path))).text
    except (ImportError, AttributeError, TypeError):
        return raw


@pytest.fixture(scope="module")
def seeds(parse, stage, hand):
    try:
        from detente.actors import ActorStage

        actors = ActorStage()
    except ImportError:
        actors = None
    out = {}
    for prefix, date in DATES.items():
        analysis = parse(_read(prefix), date)
        if actors is not None:
            analysis = actors(analysis)
        else:
            analysis.mentions = hand(analysis)
        out[prefix] = (analysis.article.text, stage(analysis).events)
    return out


def _has(events, event, actor=None, recipient=None, mode=None):
    for e in events:
        if e.event != event or e.negated or e.hypothetical or e.historical:
            continue
        if actor and not set(actor) <= {m.code for m in e.actor}:
            continue
        if recipient and not set(recipient) <= {m.code for m in e.recipient}:
            continue
        if mode and e.mode != mode:
            continue
        return True
    return False


@pytest.mark.parametrize(
    "prefix, event, actor, recipient, mode",
    [
        ("000", "SANCTION", ["USA"], ["CHN"], "discontinue"),
        ("000", "ACCUSE", ["CHN"], ["USA"], "disapprove"),
        ("000", "SANCTION", ["CHN"], ["USA"], None),
        ("002", "CONSULT", ["CHN"], None, "phone"),
        # "the sides agreed", "the parties agreed": the two states just named
        ("002", "AGREE", ["CHN", "USA"], None, None),
        ("002", "ACCUSE", ["CHN"], ["USA"], None),
    ],
)
def test_events_seed_events_found(seeds, prefix, event, actor, recipient, mode):
    _, events = seeds[prefix]
    assert _has(events, event, actor, recipient, mode)


@pytest.mark.parametrize("needle", ["ruled in 2016", "If it was 20 years ago"])
def test_events_seed_background_not_coded_as_news(seeds, needle):
    text, events = seeds["000"]
    where = text.index(needle)
    for e in events:
        if e.start <= where < e.end:
            assert e.negated or e.hypothetical or e.historical, e.explanation


def test_events_seed_bomber_flight_is_mobilize_by_us_military(seeds):
    # the unnamed bombers of the Pentagon's statement fly for the US military; a sea's name names no target
    text, events = seeds["000"]
    where = text.index("had flown")
    found = [e for e in events if e.start <= where < e.end and e.event == "MOBILIZE" and not e.historical]
    assert [({m.code for m in e.actor}, {m.sector for m in e.actor}, [m.code for m in e.recipient]) for e in found] == [
        ({"USA"}, {"MIL"}, [])]


@pytest.mark.parametrize(
    "prefix, needle, event, actor, recipient",
    [
        # the actor's own commander or navy in the object is no target when the clause names the other side
        ("000", "recalled", "SANCTION", {"CHN"}, {"USA"}),
        ("000", "cancelled a meeting", "SANCTION", {"CHN"}, {"USA"}),
    ],
)
def test_events_seed_own_side_not_the_target(seeds, prefix, needle, event, actor, recipient):
    text, events = seeds[prefix]
    where = text.index(needle)
    found = [e for e in events if e.anchor_start == where and e.event == event]
    assert [({m.code for m in e.actor}, {m.code for m in e.recipient}) for e in found] == [(actor, recipient)]


@pytest.mark.parametrize("needle", ["has been targeted by", "recalled", "routinely says"])
def test_events_seed_no_wrong_or_empty_events(seeds, needle):
    # figurative "targeted" by sanctions is no ASSAULT; the visit and talks a recall calls off are not
    # coded again; an unnamed military in reported speech is the speaker's
    text, events = seeds["000"]
    where = text.index(needle)
    found = [e for e in events if e.start <= where < e.end]
    assert found and all(e.actor for e in found)
    assert not any(e.event in ("ASSAULT", "CONSULT", "AGREE") for e in found)


def test_events_seed_headlines_not_coded(seeds):
    text, events = seeds["000"]
    where = text.index("China slams US")
    assert not any(e.anchor_start <= where + 8 < e.anchor_end for e in events)
