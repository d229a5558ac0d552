"""A small hand-built store for the interop tests (no spaCy). Original writing, not news."""

from __future__ import annotations

from detente.records import Analysis, Article, Event, Mention, Place, article_id_for

TEXT_A = (
    "Chinese and American defence officials held talks in Singapore on Monday.\n\n"
    "China accused the United States of sending spy planes near Hainan. "
    "Beijing warned Japan and the United States against joint drills. "
    "Vietnam did not condemn the test."
)
TEXT_B = "China on Friday accused the United States of sending spy planes near Hainan, officials said."
TEXT_C = "The United Nations urged calm in Washington."
TEXT_D = 'Officers of the Arctic "North" Patrol seized a trawler off Norway.'


def span(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def mention(aid: str, text: str, needle: str, code, sector="GOV", *, name=None, occurrence=0, kind="state",
            antecedent: str | None = None, other=None, office=None) -> Mention:
    s, e = span(text, needle, occurrence)
    m = Mention(aid, s, e, text[s:e], kind=kind, name=name, code=code, sector=sector,
                other_sectors=list(other or []), office=office)
    if antecedent is not None:
        m.antecedent_start, m.antecedent_end = span(text, antecedent)
    return m


def event(eid: str, aid: str, text: str, sentence_text: str, anchor: str, etype: str, *, sentence: int,
          actor=(), recipient=(), mode=None, cameo="112", goldstein=-2.0, quad=3, intensity=-2.0, **kw) -> Event:
    s, e = span(text, sentence_text)
    a_s = text.index(anchor, s)
    return Event(id=eid, article_id=aid, event=etype, sentence=sentence, start=s, end=e, anchor_start=a_s,
                 anchor_end=a_s + len(anchor), anchor_text=anchor, mode=mode, actor=list(actor),
                 recipient=list(recipient), cameo=cameo, goldstein=goldstein, quad=quad, intensity=intensity,
                 confidence=0.8, context=["military"], **kw)


def analyses() -> list[Analysis]:
    out = []
    a = article_id_for(TEXT_A)
    s1 = "Chinese and American defence officials held talks in Singapore on Monday."
    s2 = "China accused the United States of sending spy planes near Hainan."
    s3 = "Beijing warned Japan and the United States against joint drills."
    s4 = "Vietnam did not condemn the test."
    sg = Place(a, *span(TEXT_A, "Singapore"), "Singapore", name="Singapore", lat=1.29, lon=103.85,
               feature_type="city", country="SGP", precision="city", geonameid=1880252)
    out.append(Analysis(
        article=Article(id=a, text=TEXT_A, published="2025-01-10", url="https://wire.example/a", source="Test Wire",
                        title='Talks, then "spy plane" row'),
        events=[
            event("ev-a1", a, TEXT_A, s1, "held talks", "CONSULT", sentence=0, cameo="040", goldstein=1.0, quad=1,
                  intensity=2.5, date="2025-01-06", event_loc=sg,
                  actor=[mention(a, TEXT_A, "Chinese", "CHN", "MIL"), mention(a, TEXT_A, "American", "USA", "MIL")]),
            event("ev-a2", a, TEXT_A, s2, "accused", "ACCUSE", sentence=1, mode="allege", cameo="112",
                  actor=[mention(a, TEXT_A, "China", "CHN", occurrence=0)],
                  recipient=[mention(a, TEXT_A, "United States", "USA", occurrence=0)]),
            event("ev-a3", a, TEXT_A, s3, "warned", "THREATEN", sentence=2, cameo="130", goldstein=-6.0,
                  intensity=-3.5, actor=[mention(a, TEXT_A, "Beijing", "CHN", antecedent="China")],
                  recipient=[mention(a, TEXT_A, "Japan", "JPN"),
                             mention(a, TEXT_A, "United States", "USA", occurrence=1)]),
            event("ev-a4", a, TEXT_A, s4, "condemn", "ACCUSE", sentence=3, negated=True,
                  actor=[mention(a, TEXT_A, "Vietnam", "VNM")]),
        ]))
    b = article_id_for(TEXT_B)
    out.append(Analysis(
        article=Article(id=b, text=TEXT_B, published="2025-01-11", source="Other Daily"),
        events=[event("ev-b1", b, TEXT_B, TEXT_B, "accused", "ACCUSE", sentence=0, mode="allege", cameo="112",
                      actor=[mention(b, TEXT_B, "China", "CHN")],
                      recipient=[mention(b, TEXT_B, "United States", "USA")])]))
    c = article_id_for(TEXT_C)
    dc = Place(c, *span(TEXT_C, "Washington"), "Washington", name="Washington", lat=38.9, lon=-77.04,
               feature_type="city", country="USA", precision="city", geonameid=4140963)
    out.append(Analysis(
        article=Article(id=c, text=TEXT_C),
        events=[event("ev-c1", c, TEXT_C, TEXT_C, "urged", "REQUEST", sentence=0, cameo="100", goldstein=-5.0,
                      intensity=0.0, event_loc=dc,
                      actor=[mention(c, TEXT_C, "United Nations", "UNO", name="United Nations",
                                     kind="organisation")])]))
    d = article_id_for(TEXT_D)
    no = Place(d, *span(TEXT_D, "Norway"), "Norway", name="Norway", lat=62.0, lon=10.0, feature_type="country",
               country="NOR", precision="country", geonameid=3144096)
    out.append(Analysis(
        article=Article(id=d, text=TEXT_D, published="2025-02-01"),
        events=[event("ev-d1", d, TEXT_D, TEXT_D, "seized", "COERCE", sentence=0, mode="seize", cameo="171",
                      goldstein=-9.2, quad=4, intensity=-7.0, event_loc=no,
                      actor=[mention(d, TEXT_D, 'Arctic "North" Patrol', "NOR", "COP", kind="organisation",
                                     name='Arctic "North" Patrol', other=["MIL"])])]))
    return out


# ev-a2 and ev-b1 report the same accusation: the stories stage would merge them.
MERGED = [{"id": "merged-accuse", "event": "ACCUSE", "mode": "allege", "actor_codes": ["CHN"],
           "recipient_codes": ["USA"], "num_mentions": 2, "num_articles": 2, "num_sources": 2,
           "goldstein": -2.0, "quad": 3, "intensity": -2.0, "event_ids": ["ev-a2", "ev-b1"]}]
