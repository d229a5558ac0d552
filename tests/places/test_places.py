"""Places: gazetteer, toponym resolution, event locations, gold floors."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.eval.floors import check_floors, load_gold
from detente.eval.places import distance_km, score_places
from detente.places import PlaceStage, dateline_end, event_location, load_gazetteer
from detente.stages import check_order
from detente.nlp import ParseStage

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]

# The features the brief names: each must be in the curated gazetteer.
REQUIRED_FEATURES = [
    "South China Sea", "East China Sea", "Taiwan Strait", "Yellow Sea", "Sea of Japan", "East Sea", "Philippine Sea",
    "Diego Garcia", "Indian Ocean", "Pacific", "Spratly Islands", "Paracel Islands", "Scarborough Shoal",
    "Second Thomas Shoal", "Mischief Reef", "Senkaku Islands", "Diaoyu Islands", "Black Sea", "Sea of Azov", "Crimea",
    "Donbas", "Kerch Strait", "Baltic Sea", "Strait of Hormuz", "Persian Gulf", "Gulf of Aden", "Red Sea",
    "Bab el-Mandeb", "Suez Canal", "Korean DMZ", "Line of Actual Control", "Kashmir", "Golan Heights", "Gaza Strip",
    "West Bank", "Arctic", "Guam", "Okinawa", "Hawaii", "Bashi Channel", "Miyako Strait", "Malacca Strait",
    "Gulf of Tonkin",
]


@pytest.fixture(scope="module")
def places(parse):
    stage = PlaceStage()

    def run(text: str, date: str | None = None):
        return stage(parse(text, date))

    return run


def test_places_stage_contract():
    stage = PlaceStage()
    assert (stage.name, stage.requires, stage.assigns) == ("places", ("doc", "sentences"), ("places",))
    check_order([ParseStage(), stage])


def test_places_features_file_is_complete():
    data = json.loads(resources.files("detente.data").joinpath("gazetteer", "features.json").read_text("utf-8"))
    feats = data["features"]
    assert len(feats) >= 80
    names = [f["name"] for f in feats]
    assert len(names) == len(set(names))
    for f in feats:
        assert -90 <= f["lat"] <= 90 and -180 <= f["lon"] <= 180, f["name"]
        assert f["feature_type"] and f["precision"]
        assert f["country"] is None or len(f["country"]) == 3
    gaz = load_gazetteer()
    for name in REQUIRED_FEATURES:
        assert any(e.source == "features" for e in gaz.lookup(name)), name


@pytest.mark.parametrize(
    "text,surface,name,country,feature_type",
    [
        ("The governor of Georgia visited Atlanta on Monday.", "Georgia", "Georgia", "USA", "state"),
        ("Georgia's president flew to Tbilisi after the talks.", "Georgia", "Georgia", "GEO", "country"),
        ("Georgia and Armenia signed a border accord.", "Georgia", "Georgia", "GEO", "country"),
        ("Officials in Washington rejected the claim.", "Washington", "Washington", "USA", "city"),
        ("Wildfires in Washington state forced evacuations near Seattle.", "Washington", "Washington", "USA", "state"),
        ("The delegation arrived in Paris for talks.", "Paris", "Paris", "FRA", "city"),
        ("He grew up in Paris, Texas, before joining the army.", "Paris", "Paris", "USA", "city"),
        ("A bomber flew to Diego Garcia.", "Diego Garcia", "Diego Garcia", "GBR", "base"),
        ("Ships entered the Senkaku Islands' waters.", "Senkaku Islands", "Senkaku Islands", "JPN", "island"),
        ("Patrols near the Diaoyu Islands continued.", "Diaoyu Islands", "Senkaku Islands", "JPN", "island"),
        ("Tensions rose in the East Sea.", "East Sea", "Sea of Japan", None, "sea"),
        ("BEIJING - China protested on Friday.", "BEIJING", "Beijing", "CHN", "city"),
        ("The U.S. imposed tariffs.", "U.S.", "United States", "USA", "country"),
        ("Traffic through the Gulf of Aden fell.", "Gulf of Aden", "Gulf of Aden", None, "sea"),
    ],
)
def test_places_resolution(places, text, surface, name, country, feature_type):
    analysis = places(text)
    found = [p for p in analysis.places if p.text == surface]
    assert found, [p.text for p in analysis.places]
    place = found[0]
    assert (place.name, place.country, place.feature_type) == (name, country, feature_type)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    "text,not_a_place",
    [
        ("The Taiwan Affairs Office issued a statement.", "Taiwan"),
        ("Jordan Hale, an analyst, said the drills were routine.", "Jordan"),
        ("The report by the South China Morning Post was denied.", "South China Sea"),
    ],
)
def test_places_skips_names_of_people_and_organisations(places, text, not_a_place):
    analysis = places(text)
    assert not any(p.text == not_a_place or p.name == not_a_place for p in analysis.places)


@pytest.mark.parametrize(
    "text,anchor,expected",
    [
        ("US bombers flew over the South China Sea on Tuesday.", "flew", "South China Sea"),
        ("The destroyer sailed through the Taiwan Strait.", "sailed", "Taiwan Strait"),
        ("The two navies held drills in the Yellow Sea.", "held", "Yellow Sea"),
        ("There was an attack in Kharkiv on Monday.", "attack", "Kharkiv"),
        ("Russian missiles struck Kharkiv overnight.", "struck", "Kharkiv"),
        ("China accused the US over the South China Sea dispute.", "accused", None),
        ("China accused the US over the South China Sea.", "accused", None),
        ("Officials met in Beijing to discuss Taiwan.", "met", "Beijing"),
        ("The ship was seen off the coast of Ireland.", "seen", "Ireland"),
        ("Attacks began in the Red Sea in November.", "Attacks", "Red Sea"),
        ("BEIJING - China sent warships to the Taiwan Strait.", "sent", "Taiwan Strait"),
        ("BEIJING - China protested on Friday.", "protested", None),
    ],
)
def test_places_event_location(places, text, anchor, expected):
    analysis = places(text)
    start = text.index(anchor)
    sent = analysis.sentence_at(start)
    got = event_location(analysis, sent.index, start, start + len(anchor))
    assert (got.text if got else None) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("BEIJING - China said.", len("BEIJING - ")),
        ("KYIV (Reuters) – Ukraine said.", len("KYIV (Reuters) – ")),
        ("China said - again - that it objects.", 0),
        ("No dateline here.", 0),
    ],
)
def test_places_dateline_end(text, expected):
    assert dateline_end(text) == expected


def test_places_distance_km():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.5)


_NAMES = ["the South China Sea", "Georgia", "Washington", "Paris", "Kyiv", "the Taiwan Strait", "Guam", "Hong Kong",
          "the Strait of Hormuz", "Tbilisi", "Moscow", "the Sea of Azov", "Okinawa"]
_FILLER = ["Ships sailed near", "Officials in", "A statement about", "Drills were held in", "He flew to"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_FILLER), st.sampled_from(_NAMES)), min_size=1, max_size=4),
       st.sampled_from(["\n", " ", "\n\n"]))
def test_places_offsets_slice_text(places, parts, sep):
    text = sep.join(f"{a} {b}." for a, b in parts)
    analysis = places(text)
    assert analysis.places
    for p in analysis.places:
        assert text[p.start : p.end] == p.text
        assert analysis.sentences[p.sentence].start <= p.start < analysis.sentences[p.sentence].end


def _predict(parse):
    stage = PlaceStage()

    def predict(row):
        analysis = stage(parse(row["text"], row.get("published")))

        def locate(start, end):
            sent = analysis.sentence_at(start)
            return event_location(analysis, sent.index, start, end)

        return analysis.places, locate

    return predict


def test_places_gold_has_splits():
    rows = load_gold(ROOT / "tests/gold/places.jsonl")
    assert sum(len(r["places"]) for r in rows) >= 150
    assert {r["split"] for r in rows} == {"dev", "test"}
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_places_gold_floors(parse):
    rows = load_gold(ROOT / "tests/gold/places.jsonl", "test")
    scores = score_places(rows, _predict(parse))
    failures = check_floors(ROOT / "tests/gold/floors/places.json", scores, root=ROOT)
    assert not failures, failures
