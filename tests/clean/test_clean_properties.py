"""Hypothesis properties: cleaning never fails on odd text, and cleaning clean text is a no-op."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.clean import Draft, clean_record, fix_encoding, normalise_whitespace, strip_boilerplate
from detente.errors import InputError
from detente.records import RawRecord

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SENTENCES = [
    "The foreign ministry said on Tuesday that the talks had been useful.",
    "“We will defend our waters,” the admiral told reporters.",
    "Two frigates sailed through the strait, according to the navy.",
    "Officials from both sides agreed to meet again in March.",
    "The ministry accused the neighbour of provocation and demanded an apology.",
    "‘Calm’ was the word officials used most often.",
    "He criticised the âunsafe actionsâ of the patrol boats.",
    "Seoulâ€™s envoy said the drills would go ahead.",
]
HEADLINES = ["Navies agree joint drills", "Envoy summoned over border clash", "Talks resume – ‘Firm Partners’"]
PIECES = [
    "Comments are closed.",
    "Share this article",
    "“Harbour Post News in Short Form.”",
    "AFP adds: The defence ministry rejected the claim.",
    "Reuters contributed to this report.",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Advertisement",
    "Photo: Jane Doe/AFP",
    "Ceasefire holds in the north",
]
DATELINES = ["BEIJING - ", "WASHINGTON (Reuters) - ", "HANOI (UrduPoint News / Sputnik - 4th May, 2021) ", "TAIPEI, Taiwan — ", ""]
METADATA = ["date 2021-05-04", "Date: 4 May 2021", "source: Harbour Post", "By Jane Smith", "Published: 4 May 2021", ""]


@st.composite
def articles(draw) -> str:
    lines = [draw(st.sampled_from(METADATA))]
    if draw(st.booleans()):
        title = draw(st.sampled_from(HEADLINES))
        lines += [title] * draw(st.integers(1, 2))
    paragraphs = draw(st.lists(st.sampled_from(SENTENCES + PIECES) | st.text(min_size=1, max_size=60), min_size=1, max_size=8))
    paragraphs[0] = draw(st.sampled_from(DATELINES)) + paragraphs[0]
    lines += paragraphs
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\n\n\n"]))
    return sep.join(lines)


def _reclean_text(text: str, title: str | None, date: str | None) -> str:
    return clean_record(RawRecord(text, fields={"title": title, "date": date})).text


@FAST
@given(st.text(max_size=400))
def test_clean_record_arbitrary_text_only_raises_input_errors(text):
    try:
        clean_record(RawRecord(text))
    except InputError:
        pass


@FAST
@given(st.text(max_size=200), st.dictionaries(st.sampled_from(["title", "date", "url", "source", "id"]),
                                               st.none() | st.text(max_size=30) | st.integers()))
def test_clean_record_arbitrary_fields_only_raise_input_errors(text, fields):
    try:
        clean_record(RawRecord(text, fields=fields))
    except InputError:
        pass


@FAST
@given(articles())
def test_clean_record_is_idempotent_on_articles(raw):
    try:
        first = clean_record(RawRecord(raw))
    except InputError:
        return
    assert _reclean_text(first.text, first.title, first.published) == first.text


@FAST
@given(st.text(max_size=300))
def test_clean_record_is_idempotent_on_arbitrary_text(raw):
    try:
        first = clean_record(RawRecord(raw))
    except InputError:
        return
    assert _reclean_text(first.text, first.title, first.published) == first.text


@FAST
@given(st.text(max_size=300) | articles())
def test_clean_character_steps_are_idempotent(raw):
    for step in (fix_encoding, normalise_whitespace, strip_boilerplate):
        once = step(Draft(text=raw)).text
        assert step(Draft(text=once)).text == once, step.__name__
