"""Quotes: the shortcuts of issue 8 (lemma column, one 'according to' check per article) change nothing."""

from __future__ import annotations

import pytest

from detente.quotes import QuoteStage, load_cues
from detente.quotes._attribute import Cues, _has_according, _lemma_tokens

TEXTS = [
    'The minister said the talks had failed. "We will respond," Wu Qian told reporters, adding that Said Ali agreed.',
    "According to the ministry, the drills ended on Monday. Officials, citing radar data, denied it.",
    "Nobody spoke. The ships left the strait.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_quotes_lemma_tokens_match_a_token_scan(parse, text):
    from spacy.attrs import LEMMA

    doc = parse(text).doc
    cues = load_cues()
    lemmas = doc.to_array(LEMMA).tolist()
    for words in (cues.speech, cues.all_verbs):
        assert _lemma_tokens(doc, lemmas, words) == [t.i for t in doc if t.lemma_.lower() in words]


@pytest.mark.parametrize(
    "text,according,expected",
    [
        (TEXTS[1], ("according to",), True),
        (TEXTS[1], ("in the words of",), False),
        (TEXTS[2], ("according to",), False),
        ("ACCORDING TO the navy, two ships collided near the reef.", ("according to",), True),
    ],
)
def test_quotes_has_according_per_phrase_list(parse, text, according, expected):
    doc = parse(text).doc
    base = load_cues()
    cues = Cues(base.speech, base.direct_only, according, base.pronouns, base.roles)
    assert _has_according(doc, cues) is expected
    # the answer is kept per phrase list: another list on the same doc is asked afresh
    assert _has_according(doc, base) is any(p in text.lower() for p in base.according)


@pytest.mark.parametrize(
    "text,expected",
    [
        (TEXTS[0], [("indirect", "the talks had failed", "said"), ("direct", "We will respond,", "told"),
                    ("indirect", "Said Ali agreed", "adding")]),
        (TEXTS[1], [("indirect", "the drills ended on Monday", "According")]),
        (TEXTS[2], []),
    ],
)
def test_quotes_found_with_and_without_according(parse, text, expected):
    analysis = QuoteStage()(parse(text, "2021-05-05"))
    found = [(q.kind, q.text, q.cue) for q in analysis.quotes]
    assert found[: len(expected)] == expected
    assert bool(found) is bool(expected)
