"""The stage contract and the helpers for the events coder."""

from __future__ import annotations

import pytest

from detente.actors import ActorStage, actor_for_span, list_actors
from detente.errors import StageError
from detente.records import Analysis, Article, Mention
from detente.stages import check_order


def test_actors_stage_contract():
    stage = ActorStage()
    assert stage.name == "actors"
    assert stage.requires == ("doc", "sentences")
    assert stage.assigns == ("mentions",)
    assert stage._kb is None  # cheap constructor: nothing loaded yet


def test_actors_stage_order_is_checked():
    from detente.nlp import ParseStage

    check_order([ParseStage(), ActorStage()])
    with pytest.raises(StageError):
        check_order([ActorStage()])


def test_actors_stage_refuses_unparsed_analysis():
    with pytest.raises(StageError) as err:
        ActorStage()(Analysis(Article(id="x", text="China said so.")))
    assert err.value.code == "D402"


def test_actors_actor_for_span_returns_mentions_inside(resolve):
    text = "China accused Washington of provocation. Russia stayed silent."
    a = resolve(text, "2020-01-01")
    first = a.sentences[0]
    inside = actor_for_span(a, first.start, first.end)
    assert [m.code for m in inside] == ["CHN", "USA"]
    assert actor_for_span(a, 0, 5) == [m for m in a.mentions if m.text == "China"]


CASES_LIST = [
    ([("CHN", "GOV", "China"), ("CHN", "GOV", "China"), ("USA", "MIL", None), (None, None, None)],
     [{"code": "CHN", "sector": "GOV", "name": "China", "mentions": 2},
      {"code": "USA", "sector": "MIL", "name": None, "mentions": 1}]),
    ([], []),
]


@pytest.mark.parametrize("triples,expected", CASES_LIST)
def test_actors_list_actors_counts(triples, expected):
    mentions = [Mention("a", i, i + 1, "x", code=c, sector=s, name=n) for i, (c, s, n) in enumerate(triples)]
    assert list_actors(mentions) == expected


def test_actors_mentions_round_trip(resolve):
    a = resolve("Defense Minister Sergei Shoigu met Chinese officials.", "2019-01-01")
    for m in a.mentions:
        assert Mention.from_dict(m.to_dict()) == m
