"""Is a place where an event happened, or only mentioned near it?

A place locates an event when it is the object of a locative preposition that hangs off the event's
predicate ("flew over the South China Sea"), off the predicate's object or a location noun
("held drills in the Yellow Sea", "through international airspace over the East China Sea"), or off an
event noun ("an attack in Kharkiv"). A place inside a modifier ("the South China Sea dispute"), after a
topic preposition on a communication verb ("accused China over Taiwan"), or in the dateline is not.
"""

from __future__ import annotations

from ..records import Analysis, Place
from ._gazetteer import Gazetteer
from ._resolve import dateline_end

__all__ = ["locate_event"]

# How far up the tree a locative phrase may sit above the predicate's own dependents.
_MAX_CLIMB = 4


def _root(span):
    return span.root


def _anchor_tokens(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _governs(tok, anchor, loc: dict) -> bool:
    """True when ``tok`` (a place's head) attaches to the anchor through locative links."""
    preps = set(loc["prepositions"])
    topic_preps = set(loc["topic_prepositions"])
    topic_preds = set(loc["topic_predicates"])
    loc_nouns = set(loc["location_nouns"])
    links = set(loc.get("link_prepositions", []))
    objects = set(loc.get("object_predicates", []))
    aspectual = set(loc.get("aspectual_predicates", []))
    anchor_ids = {t.i for t in anchor}
    head_lemma = anchor.root.lemma_.lower()
    cur = tok
    # conjoined places share their first conjunct's attachment ("over the South and East China Seas")
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    if cur.dep_ == "appos":
        cur = cur.head
    # "the South China Sea and East China Sea" is sometimes parsed as a name modifying a name
    if cur.dep_ in {"nmod", "compound"} and cur.head.ent_type_ in {"LOC", "GPE", "FAC"}:
        cur = cur.head
        while cur.dep_ == "conj":
            cur = cur.head
    # "struck Kharkiv", "patrol the Arctic": the place is the object of an attack or traversal
    if cur.dep_ in {"dobj", "nsubjpass"} and cur.head.i in anchor_ids and head_lemma in objects:
        return True
    if cur.dep_ != "pobj":
        return False
    for step in range(_MAX_CLIMB):
        prep = cur.head
        # "through the strait and into the ocean": a conjoined preposition hangs off the first one
        while prep.dep_ == "conj" and prep.head.dep_ == "prep":
            prep = prep.head
        word = prep.text.lower()
        # "off the coast of Ireland", "in the West Bank city of Jenin": 'of' after a location noun
        of_place = word == "of" and prep.head.lemma_.lower() in loc_nouns
        allowed = preps | topic_preps | (links if step or of_place else set())
        if prep.dep_ not in {"prep", "agent", "dative"} or word not in allowed:
            return False
        if word in topic_preps and word not in preps:
            return False
        target = prep.head
        # an event noun's "by" phrase that the parser hung on the verb governing the noun
        # ("denounced flyovers by US bombers over the East China Sea")
        if step and target.i == anchor.root.head.i and anchor.root.pos_ in {"NOUN", "PROPN"}:
            return True
        if target.i in anchor_ids:
            if word in topic_preps and head_lemma in topic_preds:
                return False
            return True
        # a predicate the parser folded into a noun phrase ("held/amod drills in the Yellow Sea")
        if anchor.root.dep_ in {"amod", "compound"} and anchor.root.head.i == target.i and step == 0:
            return True
        # "attacks began in the Red Sea": an event noun lends itself the locatives of its aspectual verb
        if (anchor.root.dep_ in {"nsubj", "nsubjpass"} and anchor.root.head.i == target.i
                and target.lemma_.lower() in aspectual):
            return True
        # one step down from the predicate: its object, or a location noun on the way
        if target.head.i in anchor_ids and target.dep_ in {"dobj", "nsubjpass", "attr", "npadvmod"}:
            return not (word in topic_preps and target.lemma_.lower() in topic_preds)
        if target.dep_ == "pobj" and (target.lemma_.lower() in loc_nouns or target.ent_type_ == ""):
            cur = target
            continue
        return False
    return False


def locate_event(analysis: Analysis, gaz: Gazetteer, sentence_index: int, anchor_start: int,
                 anchor_end: int) -> Place | None:
    doc = analysis.doc
    if doc is None:
        return None
    anchor = _anchor_tokens(doc, anchor_start, anchor_end)
    if anchor is None:
        return None
    cutoff = dateline_end(analysis.article.text)
    best = None
    for place in analysis.places:
        if place.sentence != sentence_index or place.start < cutoff:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        if _governs(_root(span), anchor, gaz.locatives):
            distance = min(abs(place.start - anchor_end), abs(anchor_start - place.end))
            if best is None or distance < best[0]:
                best = (distance, place)
    return best[1] if best else None
