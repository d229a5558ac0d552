"""Toponym spotting and resolution over a parsed article.

Spotting is a longest match of token sequences against the gazetteer's surface forms. Resolution
picks one entry per match: an explicit qualifier first ("Paris, Texas", "Washington state"), then
context cues from ``data/gazetteer/context.json``, then the other places the article names, then a
fixed preference (curated feature > country > national capital > US state > larger city).
"""

from __future__ import annotations

import re
from collections import Counter

from ..records import Analysis, Place
from ._gazetteer import Entry, Gazetteer

__all__ = ["find_places", "dateline_end"]

# Longer names than this many tokens do not occur in news text; the cap keeps spotting linear.
_MAX_SPAN_TOKENS = 8
# A city that spaCy did not tag as a place is accepted only when it is this large: below that, a
# capitalised word is more often a surname or a common word that happens to name a town.
_UNTAGGED_CITY_MIN_POPULATION = 1_000_000
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_BLOCK_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}

_DATELINE = re.compile(r"\A\s*(?:[A-Z][A-Za-z.'’]*[ ,]*){1,4}(?:\([^)\n]{0,80}\))?\s*[-–—:]\s")


def dateline_end(text: str) -> int:
    """Offset where a leading dateline ("BEIJING - ", "KYIV (Reuters) – ") ends, or 0 when there is none."""
    m = _DATELINE.match(text[:200])
    if not m:
        return 0
    head = text[: m.end()]
    # A dateline's place is in capitals; an ordinary sentence opening with a dash is not a dateline.
    words = re.findall(r"[A-Za-z]{3,}", head.split("(")[0])
    return m.end() if words and all(w.isupper() for w in words) else 0


def _blocked(span) -> bool:
    for tok in span:
        if tok.ent_type_ in _BLOCK_LABELS:
            ent = _ent_of(tok)
            if ent is None or ent.start < span.start or ent.end > span.end:
                return True  # inside a larger name of another kind: "Taiwan Affairs Office"
            if ent.label_ in {"PERSON", "NORP"}:
                return True
    return False


def _inside_longer(span) -> bool:
    """True when the span sits inside a longer person / organisation / work name."""
    ents = {_ent_of(t) for t in span if t.ent_type_ in _BLOCK_LABELS}
    return any(e is not None and (e.start < span.start or e.end > span.end) for e in ents)


def _ent_of(tok):
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _place_context(span, gaz: Gazetteer) -> bool:
    """Words around a name that make it a place whatever the tagger says: "in Darwin", "Sanaa, Yemen"."""
    doc = span.doc
    cues = gaz.locatives.get("preceding_cues", [])
    if span.start > 0 and doc[span.start - 1].lower_ in cues:
        return True
    if span.start > 1 and doc[span.start - 1].lower_ in {"the", "and", ","} and doc[span.start - 2].lower_ in cues:
        return True
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        return any(e.feature_type in {"country", "state"} for e in gaz.lookup(nxt.text))
    return False


def _acceptable(entries: list[Entry], span, gaz: Gazetteer) -> list[Entry]:
    tagged = any(tok.ent_type_ in _PLACE_LABELS for tok in span)
    # the small tagger often calls a town a person or an organisation ("Darwin", "Bakhmut")
    mislabelled = any(tok.ent_type_ in _BLOCK_LABELS for tok in span)
    context = None
    keep = []
    for e in entries:
        if e.source in {"features", "geonames-country"}:
            keep.append(e)
            continue
        # national capitals stand for governments, which the tagger labels as organisations
        big = e.population >= _UNTAGGED_CITY_MIN_POPULATION or e.capital
        if tagged or big:
            keep.append(e)
            continue
        if context is None:
            context = _place_context(span, gaz)
        if context:
            keep.append(e)
    if mislabelled and not tagged and not keep:
        return []
    return keep


def _key(e: Entry) -> str:
    kind = {"country": "country", "state": "state"}.get(e.feature_type, "city")
    return f"{kind}:{e.country}"


def _default_rank(e: Entry) -> tuple:
    order = {"features": 0, "geonames-country": 1}.get(e.source, 3)
    if e.source == "geonames-city" and e.capital:
        order = 2
    return (order, -e.population)


def _choose(entries: list[Entry], span, text: str, gaz: Gazetteer, support: Counter) -> Entry:
    if len(entries) == 1:
        return entries[0]
    doc = span.doc
    after = doc[span.end : span.end + 4]
    before = doc[max(0, span.start - 3) : span.start]
    # "Paris, Texas" / "Georgia, US": a following place names the container.
    if len(after) >= 2 and after[0].text == ",":
        for n in (3, 2, 1):
            tail = after[1 : 1 + n]
            if len(tail) != n:
                continue
            containers = gaz.lookup(text[tail.start_char : tail.end_char])
            codes = {c.country for c in containers if c.feature_type in {"state", "country"}}
            hit = [e for e in entries if e.country in codes and e.feature_type != "country"]
            if hit:
                return min(hit, key=_default_rank)
    # "Washington state", "the state of Georgia"
    states = [e for e in entries if e.feature_type == "state"]
    if states and (
        (len(after) and after[0].text.lower() == "state")
        or " ".join(t.text.lower() for t in before[-2:]) == "state of"
    ):
        return states[0]
    cues = gaz.cues.get(text[span.start_char : span.end_char])
    if cues:
        counts = {k: sum(text.count(w) for w in words) for k, words in cues.items()}
        best = max(counts, key=counts.get)
        if counts[best] > 0:
            hit = [e for e in entries if _key(e) == best]
            if hit:
                return min(hit, key=_default_rank)
    codes = {e.country for e in entries}
    if len(codes) > 1 and support:
        scored = sorted(entries, key=lambda e: (-support.get(e.country, 0), _default_rank(e)))
        if support.get(scored[0].country, 0) > max(
            (support.get(e.country, 0) for e in scored[1:] if e.country != scored[0].country), default=0
        ):
            return scored[0]
    return min(entries, key=_default_rank)


def _longest(doc, text: str, gaz: Gazetteer, i: int, starts: list[int], ends: list[int]):
    # the candidate's text is sliced from token offsets; a Span is made only for the match
    # (making one per candidate length was most of the stage's time)
    start = starts[i]
    for n in range(min(_MAX_SPAN_TOKENS, len(starts) - i), 0, -1):
        entries = gaz.lookup(text[start : ends[i + n - 1]])
        if entries:
            return doc[i : i + n], entries
    return None


def _token_offsets(doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token (``tok.idx``, ``tok.idx + len(tok)``)."""
    from spacy.attrs import IDX, LENGTH  # here, not at import: importing the stage does not import spaCy

    cols = doc.to_array([IDX, LENGTH]).tolist()
    return [s for s, _ in cols], [s + n for s, n in cols]


def _spot(analysis: Analysis, gaz: Gazetteer):
    doc = analysis.doc
    text = analysis.article.text
    starts, ends = _token_offsets(doc)
    i, n_tok = 0, len(doc)
    while i < n_tok:
        tok = doc[i]
        if tok.is_punct or tok.is_space or not tok.text[:1].isalpha() or (
            tok.text[:1].islower() and tok.text not in gaz.lower_starts
        ):
            i += 1
            continue
        found = _longest(doc, text, gaz, i, starts, ends)
        if found is not None and tok.lower_ == "the" and i + 1 < n_tok:
            # "the Gulf of Aden": a longer name starting after "the" beats the alias "the Gulf"
            later = _longest(doc, text, gaz, i + 1, starts, ends)
            if later is not None and later[0].end > found[0].end:
                found = later
        if found is None:
            i += 1
            continue
        span, entries = found
        i = span.end
        # a name inside a longer name of another kind is not a place ("Taiwan Affairs Office",
        # "Jordan Hale"); a name the tagger alone calls a person or organisation is judged by
        # the gazetteer and its context in _acceptable
        if _inside_longer(span) or (_blocked(span) and any(t.ent_type_ == "NORP" for t in span) and
                                    not any(e.source != "geonames-city" for e in entries) and
                                    not _place_context(span, gaz)):
            continue
        entries = _acceptable(entries, span, gaz)
        if entries:
            yield span, entries


def find_places(analysis: Analysis, gaz: Gazetteer) -> list[Place]:
    text = analysis.article.text
    spotted = list(_spot(analysis, gaz))
    # Places the article names without ambiguity, by country (countries themselves excluded:
    # a country named as an actor says little about which same-named town is meant).
    support: Counter = Counter(
        entries[0].country for _, entries in spotted
        if len({e.country for e in entries}) == 1 and entries[0].feature_type != "country" and entries[0].country
    )
    places = []
    for span, entries in spotted:
        e = _choose(entries, span, text, gaz, support)
        sent = analysis.sentence_at(span.start_char)
        places.append(Place(
            article_id=analysis.article.id, start=span.start_char, end=span.end_char,
            text=text[span.start_char : span.end_char], sentence=sent.index if sent else -1,
            name=e.name, lat=e.lat, lon=e.lon, feature_type=e.feature_type, country=e.country,
            precision=e.precision, geonameid=e.geonameid, source=e.source,
        ))
    return places
