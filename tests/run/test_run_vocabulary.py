"""A long run's memory must not grow with the corpus (issue 8). Real news keeps bringing strings spaCy has
never seen (names, figures, typos); each batch is coded in a spaCy memory zone, so the vocabulary after a
batch is the vocabulary before it, and the records are the ones coding without zones gives."""

from __future__ import annotations

import random

import pytest

from detente.config import load_settings
from detente.records import Article, article_id_for
from detente.report import RunReport
from detente.run import Pipeline

SYLLABLES = ["zor", "vak", "ul", "mir", "tesh", "an", "quo", "bel", "ri", "dax"]
TEMPLATES = [
    "{a}, a spokesman for the {b} Institute, said China and Japan held talks in Tokyo on Monday.",
    "Russian forces shelled {b}, a village near Kharkiv, the Ukrainian defence minister {a} said.",
    "\"We reject these accusations,\" said {a}, adding that {b} Holdings had exported {n} drones to Iran.",
]


def _articles(seed: int, n: int) -> list[Article]:
    rng = random.Random(seed)
    word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()  # noqa: E731
    out = []
    for _ in range(n):
        text = " ".join(t.format(a=f"{word()} {word()}", b=word(), n=rng.randint(10, 9999)) for t in TEMPLATES)
        out.append(Article(id=article_id_for(text), text=text, published="2024-03-04"))
    return out


def _records(analyses):
    return [[[r.to_dict() for r in getattr(a, f)] for f in ("sentences", "mentions", "places", "dates", "quotes",
                                                            "events")] for a in analyses]


@pytest.fixture(scope="module")
def pipeline(nlp):
    settings = load_settings(nlp={"batch_size": 4})
    p = Pipeline(settings, nlp=nlp)
    p.warm()
    return p


def test_run_vocabulary_flat_across_batches(pipeline, nlp):
    list(pipeline.analyze(_articles(1, 4), RunReport()))  # anything the stages cache on first real use
    before = len(nlp.vocab.strings)
    coded = list(pipeline.analyze(_articles(2, 12), RunReport()))  # three batches of unseen names
    assert len(coded) == 12
    assert len(nlp.vocab.strings) == before
    # the new names were read all the same: the quote speakers are the generated people
    assert all(any(q.speaker for q in a.quotes) for a in coded)


def test_run_vocabulary_zones_change_no_record(pipeline, nlp):
    articles = _articles(3, 8)
    zoned = _records(pipeline.analyze(articles, RunReport()))
    grown = len(nlp.vocab.strings)
    # the same articles coded in one batch outside any zone (the vocabulary grows, the records must not differ)
    plain = _records(pipeline._analyze_batch(articles, RunReport(), None))
    assert len(nlp.vocab.strings) > grown
    assert zoned == plain
