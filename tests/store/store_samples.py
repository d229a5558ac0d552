"""Hand-built analyses for the store tests (no spaCy): original text, spans found by string search.

Also run as a script by the kill test: ``python store_samples.py DB BATCH_SIZE`` writes
batches forever, printing each committed batch number, until it is killed.
"""

from __future__ import annotations

import sys

from detente.records import Analysis, Article, Event, Mention, Place, Quote, Sentence, TimeExpr, article_id_for

# Original writing for these tests; not taken from any news source.
TEXTS = {
    "plain": (
        "Norway's defence minister visited Ottawa on Monday to discuss Arctic patrols. "
        "Canada said the talks were useful. "
        "Officials from both navies will meet again in March."
    ),
    "unicode": (
        "Le ministre a dit: «Nous refusons». "
        "Vietnam accused China of ramming a fishing boat near the Paracel Islands 🚢 on 3 May. "
        "Hà Nội said the crew were safe."
    ),
    "quotes": (
        '"We will not accept this," Canada\'s foreign minister told reporters in Ottawa. '
        "Norway called for calm."
    ),
}

# Names the builder marks as actor mentions wherever they occur: (text, code, sector, kind).
ACTORS = (
    ("Norway's defence minister", "NOR", "GOV", "person"),
    ("Canada's foreign minister", "CAN", "GOV", "person"),
    ("Canada", "CAN", "GOV", "state"),
    ("Norway", "NOR", "GOV", "state"),
    ("Vietnam", "VNM", "GOV", "state"),
    ("China", "CHN", "GOV", "state"),
    ("Hà Nội", "VNM", "GOV", "state"),
    ("Officials", None, None, "unknown"),
)
PLACES = (
    ("Ottawa", "Ottawa", 45.4215, -75.6972, "city", "CAN"),
    ("Paracel Islands", "Paracel Islands", 16.5, 112.0, "island", None),
)
DATES = (("on Monday", "2024-02-12", None, "day"), ("in March", "2024-03-01", "2024-03-31", "month"),
         ("on 3 May", "2024-05-03", None, "day"))
VERBS = (("visited", "CONSULT", "visit"), ("met", "CONSULT", None), ("accused", "ACCUSE", "allege"), ("called for", "REQUEST", None),
         ("told", "CONSULT", None))


def _find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + len(needle))
    return out


def _sentences(article_id: str, text: str) -> list[Sentence]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?" and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(article_id, len(out), start, i + 1, text[start : i + 1]))
            start = i + 2
    if start < len(text):
        out.append(Sentence(article_id, len(out), start, len(text), text[start:]))
    return out


def build(text: str, *, published: str | None = "2024-02-12", external_id: str | None = None,
          event_prefix: str = "") -> Analysis:
    """An analysis with every record kind filled, all offsets valid for ``text``."""
    aid = article_id_for(text)
    article = Article(
        id=aid, text=text, raw_text="<p>" + text + "</p>", title=text.split(".")[0][:60],
        summary="A test article.", source="Test Wire", url=f"https://example.org/{aid}", published=published,
        published_from="input" if published else "none", dateline_place="Ottawa", agencies=["TW"],
        origin="tests:1", external_id=external_id, cleaning=["strip_html"],
    )
    a = Analysis(article, sentences=_sentences(aid, text))

    def sent_of(offset: int) -> int:
        s = a.sentence_at(offset)
        return s.index if s else -1

    taken: list[tuple[int, int]] = []
    for name, code, sector, kind in ACTORS:  # longest names first, no overlaps
        for start in _find_all(text, name):
            end = start + len(name)
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((start, end))
            a.mentions.append(Mention(
                aid, start, end, name, sent_of(start), kind, name=name, code=code, sector=sector,
                other_sectors=["MIL"] if kind == "person" else [], identifier_id="Q" + str(len(name)),
                identifier_text=name, office="minister" if kind == "person" else None, rule="test-list",
            ))
    for name, canon, lat, lon, ftype, country in PLACES:
        for start in _find_all(text, name):
            a.places.append(Place(aid, start, start + len(name), name, sent_of(start), canon, lat, lon, ftype,
                                  country, "city" if ftype == "city" else "feature", 6094817, "test"))
    for expr, date, end_date, precision in DATES:
        for start in _find_all(text, expr):
            a.dates.append(TimeExpr(aid, start, start + len(expr), expr, sent_of(start), date, end_date,
                                    precision, "past"))
    for start in _find_all(text, '"'):
        close = text.find('"', start + 1)
        if close > start and text.count('"', 0, start) % 2 == 0:
            speaker = next((m for m in a.mentions if m.start > close), None)
            cue = next((c for c in ("told", "said") if text.find(c, close) >= 0), None)
            cue_start = text.find(cue, close) if cue else None
            a.quotes.append(Quote(aid, start + 1, close, text[start + 1 : close], sent_of(start), "direct",
                                  speaker=speaker, cue=cue, cue_start=cue_start,
                                  cue_end=cue_start + len(cue) if cue else None))
    for verb, etype, mode in VERBS:
        for start in _find_all(text, verb):
            sent = a.sentence_at(start)
            in_sent = [m for m in a.mentions if sent.start <= m.start < sent.end and m.code]
            before = [m for m in in_sent if m.end <= start]
            after = [m for m in in_sent if m.start > start]
            loc = next((p for p in a.places if sent.start <= p.start < sent.end), None)
            a.events.append(Event(
                id=f"{event_prefix}{aid}-{start}", article_id=aid, event=etype, sentence=sent.index,
                start=sent.start, end=sent.end, anchor_start=start, anchor_end=start + len(verb),
                anchor_text=verb, mode=mode, context=["military", "diplomatic"], actor=before[-1:],
                recipient=after[:1], date=published, end_date=None, date_precision="day", date_from="publication",
                event_loc=loc, negated=False, hypothetical=etype == "REQUEST", future=False, historical=False,
                confidence=0.8125, rule=f"verb:{verb}", explanation=f"'{verb}' is a {etype} verb",
                cameo="040", goldstein=1.0, quad=1, intensity=0.3,
            ))
    return a


def numbered(batch: int, k: int, sentences: int) -> Analysis:
    """A unique article whose shape is known from its numbers (for the kill test)."""
    text = " ".join(f"Batch {batch} article {k} line {i}: Norway met Canada." for i in range(sentences))
    return build(text, event_prefix=f"b{batch}k{k}-")


def expected_sentences(k: int) -> int:
    return 20 + k % 7


def _write_forever(db: str, batch_size: int) -> None:
    from detente.store import open_store

    with open_store(db) as store:
        batch = 0
        while True:
            store.write([numbered(batch, k, expected_sentences(k)) for k in range(batch_size)])
            print(batch, flush=True)
            batch += 1


if __name__ == "__main__":
    _write_forever(sys.argv[1], int(sys.argv[2]))
