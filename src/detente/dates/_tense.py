"""Grammatical tense of the clause a date expression belongs to: past | present | future."""

from __future__ import annotations

__all__ = ["clause_tense", "governor"]

# Predicates whose infinitive complement is still to happen: "agreed to hold talks in mid-November".
_PROSPECTIVE = {"plan", "agree", "expect", "schedule", "intend", "set", "prepare", "aim", "want", "hope",
                "decide", "due", "pledge", "promise", "vow", "seek", "propose", "offer", "threaten", "announce",
                "arrange", "consider", "invite", "urge", "ask", "call", "go"}
_FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}


def governor(tok):
    """The verb that governs a token: the token itself, or the nearest verbal ancestor, or the root."""
    cur = tok
    for _ in range(12):
        if cur.pos_ in {"VERB", "AUX"} or cur.dep_ == "ROOT" or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def clause_tense(tok) -> str:
    verb = governor(tok)
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return "future"
    if "to" in words or verb.dep_ == "xcomp":
        ruler = verb.head
        if ruler.lemma_.lower() in _PROSPECTIVE or ruler.lower_ in {"set", "due", "scheduled"}:
            return "future"
        # "are set to", "is due to": the ruler is an adjective/participle under "be"
        if any(c.lower_ in {"will", "would", "'ll"} for c in ruler.children):
            return "future"
    if verb.lemma_.lower() in {"upcoming"}:
        return "future"
    # "is planned for December", "is set for Monday", "is expected on Sunday": scheduled, so future
    if verb.tag_ == "VBN" and words & {"is", "are", "am", "'s", "'re"}:
        return "future" if verb.lemma_.lower() in _PROSPECTIVE | {"schedule", "expect"} else "present"
    # "a wind-down period ending on November 4": a participle takes the tense of the clause it sits in
    if verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBG" and verb.head.i != verb.i:
        outer = governor(verb.head)
        if outer.i != verb.i:
            return clause_tense(outer)
    if verb.tag_ in {"VBD", "VBN"} or words & {"had", "did", "was", "were"}:
        return "past"
    if verb.tag_ in {"VBZ", "VBP"} or words & {"is", "are", "am", "has", "have"}:
        if verb.tag_ == "VBG" and words & {"is", "are", "am"}:
            return "future"  # "are holding talks on Monday": the progressive of a scheduled event
        if verb.tag_ in {"VBZ", "VBP"} and not words:
            return "future"  # "the pact expires on Friday": the simple present of a timetable
        return "present"
    if verb.tag_ == "VBG" and verb.dep_ in {"xcomp", "advcl"}:
        return clause_tense(verb.head) if verb.head.i != verb.i else "past"
    if verb.tag_ == "VB" and verb.dep_ in {"ccomp", "xcomp", "advcl"} and verb.head.i != verb.i:
        return clause_tense(verb.head)
    return "past"
