"""Worker transport (issue 8): a pickled BatchResult carries the stages' records only, and the driver gets
back exactly the analyses the worker made once it re-attaches its own articles."""

from __future__ import annotations

import pickle

import pytest

from detente.config import load_settings
from detente.errors import StageError
from detente.records import Article, article_id_for
from detente.report import RunReport
from detente.run import Pipeline
from detente.run._workers import BatchResult

TEXTS = [
    'BEIJING - China accused Japan on Monday of provocations in the East China Sea. "We will respond," '
    "defence ministry spokesman Wu Qian said, according to state media. Talks are planned for next week.",
    "KYIV - Russian forces struck Kharkiv overnight, the Ukrainian military said on Tuesday.",
]


def _as_dicts(analyses):
    return [(a.article.to_dict(), [[r.to_dict() for r in getattr(a, f)] for f in
             ("sentences", "mentions", "places", "dates", "quotes", "events")], a.done) for a in analyses]


@pytest.fixture(scope="module")
def coded(nlp):
    pipeline = Pipeline(load_settings(), nlp=nlp)
    batch = [Article(id=article_id_for(t), text=t, raw_text=t, published="2021-05-04") for t in TEXTS]
    analyses = list(pipeline.analyze(batch, RunReport()))
    return batch, analyses


def test_nlp_transport_round_trip(coded):
    batch, analyses = coded
    result = BatchResult(analyses, [], {"parse": 1.0}, 10.0, 9.0, 1.0, [a.article.id for a in analyses])
    blob = pickle.dumps(result)
    back = pickle.loads(blob).attach(batch)
    assert _as_dicts(back.analyses) == _as_dicts(analyses)
    assert all(a.doc is None for a in back.analyses)
    assert (back.stage_seconds, back.peak_rss_mb, back.rss_mb, back.cpu_seconds) == ({"parse": 1.0}, 10.0, 9.0, 1.0)
    assert back.analyses[0].article is batch[0]  # the driver's own article, not a copy


@pytest.mark.parametrize("n", range(len(TEXTS)))
def test_nlp_transport_sends_no_article_text(coded, n):
    batch, analyses = coded
    blob = pickle.dumps(BatchResult(analyses, [], article_ids=[a.article.id for a in analyses]))
    # the article (text, raw text) and its sentences stay with the driver; records keep their own spans
    assert TEXTS[n].encode() not in blob
    assert all(s.text.encode() not in blob for s in analyses[n].sentences if len(s.text) > 60)


@pytest.mark.parametrize("ids", [["0" * 16, "1" * 16]])
def test_nlp_transport_attach_refuses_a_foreign_batch(coded, ids):
    _, analyses = coded
    back = pickle.loads(pickle.dumps(BatchResult(analyses, [], article_ids=[a.article.id for a in analyses])))
    foreign = [Article(id=i, text="x" * 50) for i in ids]
    with pytest.raises(StageError, match="does not hold"):
        back.attach(foreign)
