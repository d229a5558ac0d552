"""Property: any text with any valid spans round-trips, and every stored span slices the stored text."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.records import Analysis, Article, Event, Mention, Place, Quote, Sentence, TimeExpr, article_id_for
from detente.store import open_store

# Any code point but lone surrogates (not encodable, so never in a clean text): emoji, combining marks,
# right-to-left scripts, control characters and NUL included.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120)
MAYBE = st.none() | st.text(max_size=8)
FLOAT = st.none() | st.floats(allow_nan=False, allow_infinity=False)
DATE = st.none() | st.dates().map(lambda d: d.isoformat())


@st.composite
def analyses(draw):
    text = draw(TEXT)
    aid = article_id_for(text) + draw(st.sampled_from(["", "-b"]))

    def span():
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(0, len(text)))
        return min(a, b), max(a, b)

    def mention():
        s, e = span()
        ante = draw(st.none() | st.just(span()))
        return Mention(aid, s, e, text[s:e], draw(st.integers(-1, 5)), draw(st.sampled_from(["state", "person"])),
                       draw(MAYBE), draw(MAYBE), draw(MAYBE), draw(st.lists(st.text(max_size=3), max_size=2)),
                       draw(MAYBE), draw(MAYBE), draw(MAYBE), ante[0] if ante else None,
                       ante[1] if ante else None, draw(MAYBE))

    def place():
        s, e = span()
        return Place(aid, s, e, text[s:e], -1, draw(MAYBE), draw(FLOAT), draw(FLOAT), draw(MAYBE), draw(MAYBE),
                     None, draw(st.none() | st.integers(0, 2**40)), draw(MAYBE))

    n = st.integers(0, 4)
    sentences = [Sentence(aid, i, *(sp := span()), text[sp[0]:sp[1]]) for i in range(draw(n))]
    mentions = [mention() for _ in range(draw(n))]
    places = [place() for _ in range(draw(n))]
    dates = []
    for _ in range(draw(n)):
        s, e = span()
        dates.append(TimeExpr(aid, s, e, text[s:e], 0, draw(DATE), draw(DATE), draw(MAYBE), draw(MAYBE)))
    quotes = []
    for _ in range(draw(n)):
        s, e = span()
        cue = draw(st.none() | st.just(span()))
        quotes.append(Quote(aid, s, e, text[s:e], 0, "direct", draw(st.none() | st.just(mention())),
                            text[cue[0]:cue[1]] if cue else None, cue[0] if cue else None, cue[1] if cue else None))
    events = []
    for i in range(draw(n)):
        s, e = span()
        a, b = span()
        events.append(Event(
            f"{aid}-{i}", aid, draw(st.sampled_from(["ACCUSE", "CONSULT"])), 0, s, e, a, b, text[a:b],
            draw(MAYBE), draw(st.lists(st.text(max_size=5), max_size=3)),
            [mention() for _ in range(draw(st.integers(0, 2)))], [mention() for _ in range(draw(st.integers(0, 2)))],
            draw(DATE), draw(DATE), draw(MAYBE), draw(MAYBE), draw(st.none() | st.just(place())),
            draw(st.booleans()), draw(st.booleans()), draw(st.booleans()), draw(st.booleans()),
            draw(st.floats(0, 1)), draw(MAYBE), draw(MAYBE), draw(MAYBE), draw(FLOAT),
            draw(st.none() | st.integers(1, 4)), draw(FLOAT),
        ))
    article = Article(aid, text, raw_text=draw(st.text(max_size=20)), title=draw(MAYBE), published=draw(DATE),
                      agencies=draw(st.lists(st.text(max_size=4), max_size=2)), external_id=draw(MAYBE))
    return Analysis(article, sentences=sentences, mentions=mentions, places=places, dates=dates, quotes=quotes,
                    events=events)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory, template_db):
    path = tmp_path_factory.mktemp("store-property") / "p.duckdb"
    shutil.copyfile(template_db, path)
    with open_store(path) as store:
        yield store


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analysis=analyses())
def test_store_property_spans_round_trip(shared_store, analysis):
    shared_store.write([analysis], replace=True)  # the same text may come up twice: re-code it
    back = shared_store.analysis(analysis.article.id)
    assert back.article == analysis.article
    assert (back.sentences, back.mentions, back.places) == (analysis.sentences, analysis.mentions, analysis.places)
    assert (back.dates, back.quotes, back.events) == (analysis.dates, analysis.quotes, analysis.events)
    text = back.article.text
    spans = [*back.sentences, *back.mentions, *back.places, *back.dates, *back.quotes]
    spans += [m for e in back.events for m in (*e.actor, *e.recipient)]
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert all(text[e.anchor_start:e.anchor_end] == e.anchor_text for e in back.events)
    assert shared_store.verify() == []  # and DuckDB's own slicing agrees
