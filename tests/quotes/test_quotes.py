"""Quotes: quotation marks, attribution, reported speech, carry-over, gold floors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.eval.floors import check_floors, load_gold
from detente.eval.quotes import content_overlap, score_quotes, speaker_matches
from detente.nlp import ParseStage
from detente.quotes import QuoteStage, pair_marks
from detente.records import Mention, Quote
from detente.stages import check_order

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quoted(parse):
    stage = QuoteStage()

    def run(text: str, mentions=None):
        analysis = parse(text, "2021-05-05")
        analysis.mentions = list(mentions or [])
        return stage(analysis)

    return run


def test_quotes_stage_contract():
    stage = QuoteStage()
    assert (stage.name, stage.requires, stage.assigns) == ("quotes", ("doc", "sentences", "mentions"), ("quotes",))

    class Actors:  # stands in for the actors stage in the order check
        name, requires, assigns = "actors", ("doc", "sentences"), ("mentions",)

    check_order([ParseStage(), Actors(), stage])


@pytest.mark.parametrize(
    "text,contents",
    [
        ('"We will respond," he said.', ["We will respond,"]),
        ("“We will respond,” he said.", ["We will respond,"]),
        ("He called it “provocative” and “reckless”.", ["provocative", "reckless"]),
        ("â€œWe see no basis,â€\x9d she said.", ["We see no basis,"]),
        ("âChina’s sovereignty is not negotiable,â Wu said.", ["China’s sovereignty is not negotiable,"]),
        ("The pâté was served. No quotes here.", []),
        ("The troops will take all necessary measures.”", ["The troops will take all necessary measures."]),
        ("“This quote runs on\n“and on.”", ["This quote runs on", "and on."]),
        ("She said “the talks were useful. “", ["the talks were useful."]),
    ],
)
def test_quotes_pair_marks(text, contents):
    spans = pair_marks(text)
    assert [text[s.start : s.end] for s in spans] == contents


@pytest.mark.parametrize(
    "text,expected",
    [
        ("“We will not back down,” Defence Ministry spokesman Tan Wei said on Monday.",
         [("Tan Wei", "We will not back down,", "direct")]),
        ("“The door is open,” said Ivan Petrov, a Kremlin aide.", [("Ivan Petrov", "The door is open,", "direct")]),
        ("The minister, Maria Lopes, said: “We stand with our allies.”",
         [("Maria Lopes", "We stand with our allies.", "direct")]),
        ("“The first part,” Ana Silva said, “and the second part.”",
         [("Ana Silva", "The first part,", "direct"), ("Ana Silva", "and the second part.", "direct")]),
        ("Wu Qian said the sides agreed to strengthen military ties.",
         [("Wu Qian", "the sides agreed to strengthen military ties", "indirect")]),
        ("The drills were routine and posed no threat, Colonel Ivan Sorokin said.",
         [("Ivan Sorokin", "The drills were routine and posed no threat", "indirect")]),
        ("According to Beijing, the US is undermining peace in the region.",
         [("Beijing", "the US is undermining peace in the region", "indirect")]),
        ("Lloyd Harmon said the intercept was “unnecessarily aggressive”.",
         [("Lloyd Harmon", "unnecessarily aggressive", "partial")]),
        ("State media called the drills “a stern warning” to separatists.",
         [("State media", "a stern warning", "partial")]),
        ("The bombers flew on missions described as 'routine'. Officials called it “theatre”.",
         [("Officials", "theatre", "partial")]),
    ],
)
def test_quotes_attribution(quoted, text, expected):
    analysis = quoted(text)
    got = [(q.speaker.text if q.speaker else None, q.text, q.kind) for q in analysis.quotes]
    assert len(got) == len(expected), got
    for (speaker, content, kind), (g_speaker, g_content, g_kind) in zip(expected, got):
        assert speaker in (g_speaker or ""), got
        assert (g_content, g_kind) == (content, kind)


def test_quotes_scare_quotes_without_speaker_are_dropped(quoted):
    analysis = quoted("The so-called “peacekeepers” crossed the border at dawn.")
    assert analysis.quotes == []


def test_quotes_pronoun_speaker_takes_actor_antecedent(quoted):
    text = "Defence Minister Ana Silva met her counterpart. “We agreed on a hotline,” she said."
    aid = "a1"
    name = Mention(aid, text.index("Ana Silva"), text.index("Ana Silva") + 9, "Ana Silva", kind="person", code="PRT")
    she = text.index("she said")
    pronoun = Mention(aid, she, she + 3, "she", kind="person", code="PRT",
                      antecedent_start=name.start, antecedent_end=name.end)
    analysis = quoted(text, [name, pronoun])
    (quote,) = analysis.quotes
    assert quote.speaker is name
    assert (quote.cue, text[quote.cue_start : quote.cue_end]) == ("said", "said")


def test_quotes_speaker_without_mention_is_uncoded(quoted):
    analysis = quoted("“We are ready,” the harbour master told reporters.")
    (quote,) = analysis.quotes
    assert quote.speaker.code is None
    assert quote.speaker.text == "harbour master"
    assert analysis.article.text[quote.speaker.start : quote.speaker.end] == quote.speaker.text


@pytest.mark.parametrize(
    "text,speaker",
    [
        # the next paragraph continues the previous speaker
        ("“We will defend our waters,” Admiral Rui Costa said.\n\n“Nobody should doubt it.”", "Rui Costa"),
        # a pronoun with no antecedent from the actors stage: the last person named before it
        ("The talks ended. Foreign Minister Lena Berg spoke to reporters.\n“It was frank,” she said.", "Lena Berg"),
        # the spokesman: a bare role description refers back to the named speaker
        ("“We object,” spokesman Omar Haddad said. “The claims are false,” the spokesman added.", "Omar Haddad"),
    ],
)
def test_quotes_carry_over(quoted, text, speaker):
    analysis = quoted(text)
    assert analysis.quotes
    assert speaker in analysis.quotes[-1].speaker.text


_SPEAKERS = ["Wu Qian", "Ana Silva", "the spokesman", "Ivan Petrov", "he"]
_CONTENT = ["We will respond firmly", "The talks were useful", "Nothing has changed", "Our position is clear"]
_FORMS = ['"{c}," {s} said.', "“{c},” said {s}.", "{s} said: “{c}.”", "{s} said that {c2}.", "{c}, {s} said.",
          "â{c},â {s} said."]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_FORMS), st.sampled_from(_SPEAKERS), st.sampled_from(_CONTENT)),
                min_size=1, max_size=4), st.sampled_from([" ", "\n", "\n\n"]))
def test_quotes_offsets_slice_text(quoted, parts, sep):
    text = sep.join(f.format(c=c, c2=c[0].lower() + c[1:], s=s) for f, s, c in parts)
    analysis = quoted(text)
    assert analysis.quotes
    for q in analysis.quotes:
        assert text[q.start : q.end] == q.text
        assert q.kind in {"direct", "indirect", "partial"}
        if q.cue is not None:
            assert text[q.cue_start : q.cue_end] == q.cue
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
        assert not q.text.startswith(("\"", "“", "”", "â"))


@pytest.mark.parametrize(
    "a,b,expected",
    [("we will respond", "We will respond,", 1.0), ("one two three four five", "one two three four", 8 / 9),
     ("a b", "c d", 0.0)],
)
def test_quotes_content_overlap(a, b, expected):
    assert content_overlap(a, b) == pytest.approx(expected)


def test_quotes_speaker_matches_antecedent():
    text = "Wu Qian spoke. He said so."
    he = Mention("a", 15, 17, "He", antecedent_start=0, antecedent_end=7)
    quote = Quote("a", 18, 25, "said so", speaker=he)
    assert speaker_matches(text, "Wu Qian", quote)
    assert not speaker_matches(text, "Ana Silva", quote)


def _predict(parse):
    stage = QuoteStage()
    try:  # the actors stage resolves speakers and pronouns where it is installed
        from detente.actors import ActorStage

        actors = ActorStage()
    except ImportError:
        actors = None

    def predict(row):
        analysis = parse(row["text"], row.get("date"))
        if actors is not None:
            analysis = actors(analysis)
        return stage(analysis).quotes

    return predict


def test_quotes_gold_has_splits():
    rows = load_gold(ROOT / "tests/gold/quotes.jsonl")
    assert sum(len(r["quotes"]) for r in rows) >= 200
    assert {r["split"] for r in rows} == {"dev", "test"}
    for r in rows:
        for q in r["quotes"]:
            assert q["content"] in r["text"] and q["speaker"] in r["text"], r["id"]


def test_quotes_gold_floors(parse):
    rows = load_gold(ROOT / "tests/gold/quotes.jsonl", "test")
    scores = score_quotes(rows, _predict(parse))
    failures = check_floors(ROOT / "tests/gold/floors/quotes.json", scores, root=ROOT)
    assert not failures, failures


_WORDS = ["said", "Wu", "he", "on", "Thursday", "October", "20", "in", "the", "South", "China", "Sea", "Georgia", "“",
          "”", '"', "â", "according", "to", "last", "week", "2019", "May", "from", "28-29", "told", ",", ".", "\n\n",
          "Washington", "flew", "over", "the spokesman", "added"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=50))
def test_quotes_stages_never_raise_on_odd_text(parse, words):
    from detente.dates import DateStage, event_date
    from detente.places import PlaceStage, event_location

    text = " ".join(words)
    analysis = parse(text, "2020-02-29")
    for stage in (PlaceStage(), DateStage(), QuoteStage()):
        analysis = stage(analysis)
    for span in [*analysis.quotes, *analysis.places, *analysis.dates]:
        assert text[span.start : span.end] == span.text
    for sent in analysis.sentences:
        event_date(analysis, sent.index, sent.start, sent.end)
        event_location(analysis, sent.index, sent.start, sent.end)
