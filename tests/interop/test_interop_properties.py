"""Hypothesis: mention offsets in the GDELT export slice the stored text, whatever precedes the event."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.interop import iter_layout
from detente.records import Analysis, Article, Event, Mention, article_id_for
from detente.store import open_store

SENTENCE = "Canada accused Peru of blocking the port."
filler = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=filler, after=filler)
def test_interop_mention_offsets_slice_the_text(before, after):
    text = f"{before}\n\n{SENTENCE} {after}".strip() if before.strip() else f"{SENTENCE} {after}"
    aid = article_id_for(text)
    s = text.index(SENTENCE)
    actor = Mention(aid, s, s + 6, "Canada", code="CAN", sector="GOV", kind="state")
    p = text.index("Peru", s)
    recipient = Mention(aid, p, p + 4, "Peru", code="PER", sector="GOV", kind="state")
    a = text.index("accused", s)
    event = Event(id=f"ev-{aid}", article_id=aid, event="ACCUSE", sentence=0, start=s, end=s + len(SENTENCE),
                  anchor_start=a, anchor_end=a + 7, anchor_text="accused", actor=[actor], recipient=[recipient],
                  cameo="112", goldstein=-2.0, quad=3, intensity=-2.0, confidence=0.5)
    with open_store(":memory:") as store:
        store.write([Analysis(article=Article(id=aid, text=text, published="2024-06-01"), events=[event])])
        (mention,) = list(iter_layout(store, "gdelt-mentions"))
        (row,) = list(iter_layout(store, "gdelt-events"))
    assert text[mention["Actor1CharOffset"]:].startswith("Canada")
    assert text[mention["Actor2CharOffset"]:].startswith("Peru")
    assert text[mention["ActionCharOffset"]:].startswith("accused")
    assert mention["MentionDocLen"] == len(text)
    assert row["IsRootEvent"] == int(s < text.find("\n\n") or text.find("\n\n") < 0)
