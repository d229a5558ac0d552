import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.records import Article, Event, Mention, Place, Quote, Story, article_id_for


@pytest.mark.parametrize(
    "a, b",
    [
        ("China warned the US.", "China  warned\nthe US."),
        ("China warned the US.", "CHINA WARNED THE US."),
        ("ﬁnal", "final"),  # NFKC
    ],
)
def test_records_article_id_ignores_case_space_and_compatibility_forms(a, b):
    assert article_id_for(a) == article_id_for(b)


def test_records_article_id_differs_for_different_text():
    assert article_id_for("China warned the US.") != article_id_for("The US warned China.")


def _mention(start=0, end=5):
    return Mention("a1", start, end, "China", code="CHN", sector="GOV", other_sectors=["MIL"])


@pytest.mark.parametrize(
    "record",
    [
        Article(id="a1", text="China warned the US.", agencies=["AFP"], cleaning=["fix_encoding"]),
        _mention(),
        Place("a1", 0, 5, "China", lat=35.0, lon=103.0),
        Quote("a1", 0, 5, "China", speaker=_mention()),
        Story("s1", "label", members=["a1", "a2"]),
        Event(
            "e1", "a1", "ACCUSE", 0, 0, 20, 6, 12, "warned",
            actor=[_mention()], recipient=[_mention(17, 19)],
            event_loc=Place("a1", 0, 5, "China"), context=["military"],
        ),
    ],
)
def test_records_round_trip_through_dicts(record):
    again = type(record).from_dict(record.to_dict())
    assert again == record


def test_records_from_dict_ignores_unknown_keys():
    data = _mention().to_dict() | {"added_in_a_later_version": 1}
    assert Mention.from_dict(data) == _mention()


def test_records_entity_object_has_contract_keys():
    assert set(_mention().entity()) == {
        "entity_text", "code", "sector", "other_sectors", "identifier_id", "identifier_text", "start", "end",
    }


@given(st.text())
def test_records_article_id_is_stable_hex(text):
    ident = article_id_for(text)
    assert len(ident) == 16 and int(ident, 16) >= 0
    assert ident == article_id_for(text)
