"""Attribute quotes to speakers, and find reported speech.

Order of work for one article:

1. direct and partial quotes from paired quotation marks (``_marks``);
2. for each, a cue verb outside the quote in the quote's sentences (the verb closest to the quote, after
   the closing mark first: "..., Ren said"), or a clause-level "according to X"; the speaker is the cue's
   subject;
3. reported speech: a speech verb with a clause complement that holds no quotation ("Wu said the sides
   agreed ..."; "S, X said."), and "according to X, S";
4. quotes left without a speaker take the speaker of an adjacent attributed quote (see
   :func:`_carry_over`).

Speakers are Mentions from the actors stage: the mention that covers the subject's head word, and for a
pronoun or a bare description ("the spokesman") the mention the actors stage marked as its antecedent.
"""

from __future__ import annotations

import bisect
import functools
import json
from dataclasses import dataclass, field
from importlib import resources

from ..errors import ConfigError
from ..records import Analysis, Mention, Quote
from ..places import dateline_end
from ._marks import QuoteSpan, pair_marks

__all__ = ["extract_quotes", "Cues", "load_cues"]

# A cue verb further than this many tokens from the quote's marks belongs to another statement.
_MAX_CUE_GAP_TOKENS = 12
# The attribution split off by the sentence segmenter ('"...," Ren said.') is short.
_MAX_TAIL_SENTENCE_TOKENS = 16
# A quote continues the previous speaker only this many paragraphs after that speaker's quote.
_CARRY_PARAGRAPHS = 2
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}


@dataclass(frozen=True)
class Cues:
    speech: frozenset
    direct_only: frozenset
    according: tuple
    pronouns: frozenset
    roles: frozenset = frozenset()

    @property
    def all_verbs(self) -> frozenset:
        return self.speech | self.direct_only


def _text(doc) -> str:
    """The doc's text, built once: spaCy rebuilds ``doc.text`` from every token on each access."""
    text = doc.user_data.get("detente_text")
    if text is None:
        text = doc.user_data["detente_text"] = doc.text
    return text


def _has_according(doc, cues: Cues) -> bool:
    """Whether any 'according to' phrase occurs in the article, found once per doc and phrase list.

    Lower-casing maps each character on its own (Greek final sigma aside), so a phrase found in a
    lower-cased sentence is also found in the lower-cased article: without one, no sentence has one."""
    key = "detente_according:" + "|".join(cues.according)
    found = doc.user_data.get(key)
    if found is None:
        low = _text(doc).lower()
        found = doc.user_data[key] = any(p in low for p in cues.according)
    return found


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    try:
        data = json.loads(resources.files("detente.data").joinpath("quotes", "cues.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the quote cue lexicon: {exc}", code="D211") from exc
    return Cues(frozenset(data["speech"]), frozenset(data["direct_only"]), tuple(data["according"]),
                frozenset(data["pronouns"]), frozenset(data.get("roles", ())))


@dataclass
class _Draft:
    start: int
    end: int
    kind: str
    cue: object = None  # spaCy token
    paragraph: int = 0
    mark: QuoteSpan | None = None
    speaker: Mention | None = None
    via: list = field(default_factory=list)


def _paragraph_index(text: str):
    """offset -> paragraph number, counting non-blank lines only (blank lines separate, they do not count)."""
    starts, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(pos)
        pos += len(line) + 1
    starts = starts or [0]
    return lambda offset: max(0, bisect.bisect_right(starts, offset) - 1)


def _subject(verb, cues: Cues):
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
    for child in verb.children:
        if child.dep_ == "agent":  # "was said by the minister"
            for g in child.children:
                if g.dep_ == "pobj":
                    return g
    # "X said ... and added ..." / "X told reporters, adding ..."
    if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i and verb.head.lemma_.lower() in cues.all_verbs:
        return _subject(verb.head, cues)
    return None


def _name_span(head):
    """The head word with its compound / flat / title modifiers: "Defence Ministry spokesman Ren Guoqiang"."""
    doc = head.doc
    left = head.i
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ in {"compound", "amod", "nmod", "poss", "det", "flat", "nummod", "case"} and child.i == left - 1:
            left = min(left, child.left_edge.i)
        elif child.dep_ in {"compound", "amod", "nmod", "flat"}:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in {"flat", "compound"} and child.i == right + 1:
            right = child.i
    span = doc[left : right + 1]
    while len(span) > 1 and (span[0].dep_ in {"det", "punct", "case"} or span[0].is_punct or span[0].text == "â"):
        span = span[1:]
    return span


def _inside(start: int, end: int, spans) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _subject_before(verb, close_tok: int):
    """'"...," the deputy secretary, Wendy Shore, said': when the parser gives the cue no subject, the
    name standing between the closing mark and the verb is the speaker."""
    doc = verb.doc
    i = verb.i - 1
    while i > close_tok and doc[i].is_punct:
        i -= 1
    if i > close_tok and doc[i].pos_ in {"PROPN", "NOUN", "PRON"}:
        return doc[i]
    return None


def _find_cue(doc, q: QuoteSpan, analysis: Analysis, cues: Cues, quoted, para_of, verbs: list[int]):
    """The cue verb for a quote: in the sentences that hold its marks, outside every quote.

    ``verbs``: the ascending indices of the tokens whose lemma is a cue verb (:func:`_lemma_tokens`)."""
    first = doc.char_span(q.open_start, q.open_start + 1, alignment_mode="expand")
    last = doc.char_span(max(q.close_end - 1, q.start), q.close_end, alignment_mode="expand")
    if first is None or last is None:
        return None
    s_start = first[0].sent.start
    s_end = last[-1].sent.end
    # the segmenter often cuts '"...," Ren said.' after the closing mark
    if s_end < len(doc):
        tail = doc[s_end].sent
        gap = _text(doc)[q.close_end : tail.start_char]
        if len(tail) <= _MAX_TAIL_SENTENCE_TOKENS and len(gap) <= 3 and "\n" not in gap:
            s_end = tail.end
    open_tok = first[0].i
    close_tok = last[-1].i
    paragraphs = {para_of(q.open_start), para_of(max(q.close_end - 1, q.open_start))}
    best = None
    for i in verbs[bisect.bisect_left(verbs, s_start) : bisect.bisect_left(verbs, s_end)]:
        tok = doc[i]
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        if _inside(tok.idx, tok.idx + len(tok), quoted) or para_of(tok.idx) not in paragraphs:
            continue
        if tok.i > close_tok:
            gap, side = tok.i - close_tok, 0
        elif tok.i < open_tok:
            gap, side = open_tok - tok.i, 1
        else:
            continue  # between two quotes of a split quotation is fine, handled by nearest mark
        if gap > _MAX_CUE_GAP_TOKENS and not _governs_quote(tok, doc, q):
            continue
        if _subject(tok, cues) is None and _subject_before(tok, close_tok) is None:
            continue
        key = (not _governs_quote(tok, doc, q), side, gap)
        if best is None or key < best[0]:
            best = (key, tok)
    return best[1] if best else None


def _governs_quote(verb, doc, q: QuoteSpan) -> bool:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    # a quotation running over several sentences: its first sentence's part is what the cue governs
    part = doc[span.start : min(span.end, span[0].sent.end)]
    return any(t.i == verb.i for t in part.root.ancestors)


def _according(doc, start_char: int, end_char: int, cues: Cues, quoted):
    """'according to X' in the sentence around [start_char, end_char): the X token, or None."""
    if not _has_according(doc, cues):
        return None  # most articles have none: skip the per-sentence spans and text copies
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sent = span[0].sent
    low = _text(doc)[sent.start_char : sent.end_char].lower()  # == sent.text, without rejoining tokens
    for phrase in cues.according:
        at = low.find(phrase)
        if at < 0:
            continue
        abs_at = sent.start_char + at
        if _inside(abs_at, abs_at + len(phrase), quoted):
            continue
        phrase_span = doc.char_span(abs_at, abs_at + len(phrase), alignment_mode="expand")
        if phrase_span is None:
            continue
        for tok in phrase_span[-1].children:
            if tok.dep_ == "pobj":
                return tok
        nxt = phrase_span[-1].i + 1
        if nxt < sent.end and doc[nxt].pos_ in {"PROPN", "NOUN", "PRON"}:
            return doc[nxt]
    return None


def _is_direct(doc, q: QuoteSpan, cue) -> bool:
    """Direct: the quotation stands on its own (sentence start, or after 'said:' / 'said,')."""
    text = _text(doc)
    before = text[: q.open_start].rstrip(" ")
    if not before or before[-1] in "\n:.!?":
        return True
    first = doc.char_span(q.open_start, q.open_start + 1, alignment_mode="expand")
    if first is not None and text[first.sent.start_char : q.open_start].strip(" \"“”„«»â") == "":
        return True
    if before[-1] == "," and cue is not None and cue.idx < q.open_start:
        return True
    # a whole sentence inside the marks ("... law," said X) reads as a direct quotation
    content = text[q.start : q.end]
    return content[:1].isupper() and content.rstrip()[-1:] in ".,!?" and before[-1] in ","


def _mention_for(analysis: Analysis, head, span) -> Mention:
    """The actor mention for a speaker: the mention that covers the head word, or a new uncoded one."""
    best = None
    for m in analysis.mentions:
        if m.start <= head.idx < m.end:
            if best is None or (m.end - m.start) < (best.end - best.start):
                best = m
    if best is None:
        for m in analysis.mentions:
            if m.start < span.end_char and span.start_char < m.end:
                best = m
                break
    if best is not None:
        return best
    text = analysis.article.text
    start, end = span.start_char, span.end_char
    # a quotation mark glued to the name by the tokenizer ("âhe said") is not part of it
    while start < end - 1 and text[start] in _MARK_CHARS:
        start += 1
    while end > start + 1 and text[end - 1] in _MARK_CHARS:
        end -= 1
    sent = analysis.sentence_at(start)
    kind = "person" if head.ent_type_ == "PERSON" else "organisation" if head.ent_type_ == "ORG" else (
        "state" if head.ent_type_ == "GPE" else "unknown")
    return Mention(article_id=analysis.article.id, start=start, end=end,
                   text=text[start:end], sentence=sent.index if sent else -1,
                   kind=kind, rule="quotes: speaker span without an actor mention")


def _antecedent(analysis: Analysis, mention: Mention, depth: int = 0) -> Mention | None:
    """The mention the actors stage names as antecedent, following pronoun chains ("he" -> "he" -> "Wu")."""
    if mention.antecedent_start is None or mention.antecedent_end is None or depth > 5:
        return None
    for m in analysis.mentions:
        if m.start == mention.antecedent_start and m.end == mention.antecedent_end and m is not mention:
            if m.antecedent_start is not None:
                return _antecedent(analysis, m, depth + 1) or m
            return m
    text = analysis.article.text
    s, e = mention.antecedent_start, mention.antecedent_end
    if text[s:e].lower().strip(_MARK_CHARS) in load_cues().pronouns:
        return None  # a chain ending in a pronoun outside the mentions: no name to report
    sent = analysis.sentence_at(s)
    return Mention(article_id=mention.article_id, start=s, end=e, text=text[s:e],
                   sentence=sent.index if sent else -1, kind=mention.kind, name=mention.name,
                   code=mention.code, sector=mention.sector, other_sectors=list(mention.other_sectors),
                   identifier_id=mention.identifier_id, identifier_text=mention.identifier_text,
                   office=mention.office, rule="quotes: antecedent of " + repr(mention.text))


_MARK_CHARS = "â\"“”„«»"


def _needs_antecedent(head, cues: Cues) -> bool:
    if head.lower_.strip(_MARK_CHARS) in cues.pronouns:
        return True
    # "the spokesman added": a bare definite description of a role, nothing but "the" before it
    lefts = list(head.lefts)
    return (head.pos_ == "NOUN" and head.lemma_.lower() in cues.roles and len(lefts) == 1
            and lefts[0].lower_ == "the" and not list(head.rights))


def _bound_subject(head, cues: Cues):
    """A pronoun subject inside a clause reported by a named speaker refers to that speaker:
    "the president said he would halt the exercises, which he called 'provocative'"."""
    verb = head.head
    for anc in verb.ancestors:
        if anc.pos_ in {"VERB", "AUX"} and anc.lemma_.lower() in cues.all_verbs:
            subj = _subject(anc, cues)
            if subj is not None and subj.lower_.strip(_MARK_CHARS) not in cues.pronouns:
                return subj
    return None


def _speaker(analysis: Analysis, head, cues: Cues) -> tuple[Mention, bool]:
    """(mention, resolved): resolved is False for a pronoun or description with no known antecedent."""
    # "the secretary of state, Antonio Brink, said": the name in apposition is the speaker
    if head.pos_ == "NOUN":
        name = next((c for c in head.subtree if c.dep_ == "appos" and c.pos_ == "PROPN"
                     and c.head.i in {head.i, *(x.i for x in head.subtree)}), None)
        if name is not None:
            head = name
    span = _name_span(head)
    mention = _mention_for(analysis, head, span)
    if _needs_antecedent(head, cues):
        ante = _antecedent(analysis, mention)
        if ante is not None:
            return ante, True
        bound = _bound_subject(head, cues) if head.pos_ == "PRON" else None
        if bound is not None:
            return _speaker(analysis, bound, cues)
        return mention, False
    return mention, True


def _content_of_clause(doc, clause, quoted) -> tuple[int, int] | None:
    toks = [t for t in clause.subtree]
    if not toks:
        return None
    start, end = toks[0], toks[-1]
    while start.i < end.i and (start.dep_ in {"mark", "punct"} or start.is_punct):
        start = doc[start.i + 1]
    while end.i > start.i and end.is_punct:
        end = doc[end.i - 1]
    s, e = start.idx, end.idx + len(end)
    s = max(s, dateline_end(_text(doc))) if s < dateline_end(_text(doc)) < e else s
    if any(qs < e and s < qe for qs, qe in quoted):
        return None  # a clause holding a quotation: the partial quote stands for it
    return (s, e) if e - s > 3 else None


def extract_quotes(analysis: Analysis, cues: Cues | None = None) -> list[Quote]:
    from spacy.attrs import LEMMA  # here, not at import: importing the stage does not import spaCy

    cues = cues or load_cues()
    doc = analysis.doc
    text = analysis.article.text
    # the doc is parsed from the article text, so the two are the same string: no need to rejoin tokens
    doc.user_data.setdefault("detente_text", text)
    lemmas = doc.to_array(LEMMA).tolist()
    cue_verbs = _lemma_tokens(doc, lemmas, cues.all_verbs)
    para_of = _paragraph_index(text)
    marks = pair_marks(text)
    quoted = [(q.start, q.end) for q in marks]
    drafts: list[_Draft] = []
    used_cues: set[int] = set()

    for q in marks:
        cue = _find_cue(doc, q, analysis, cues, quoted, para_of, cue_verbs)
        kind = "direct" if _is_direct(doc, q, cue) else "partial"
        draft = _Draft(q.start, q.end, kind, paragraph=para_of(q.start), mark=q)
        if cue is not None:
            draft.cue = cue
            used_cues.add(cue.i)
            subj = _subject(cue, cues)
            if subj is None:
                close = doc.char_span(max(q.close_end - 1, q.start), q.close_end, alignment_mode="expand")
                subj = _subject_before(cue, close[-1].i)
            draft.speaker, ok = _speaker(analysis, subj, cues)
            if not ok:
                draft.via.append("unresolved")
        else:
            who = _according(doc, q.start, q.end, cues, quoted)
            if who is not None:
                draft.speaker, ok = _speaker(analysis, who, cues)
                draft.cue = _according_cue(doc, who)
                if not ok:
                    draft.via.append("unresolved")
            elif kind == "partial":
                continue  # scare quotes: a word in marks with nobody saying it
        drafts.append(draft)

    # reported speech
    for i in _lemma_tokens(doc, lemmas, cues.speech):
        tok = doc[i]
        if tok.pos_ not in {"VERB", "AUX"} or tok.i in used_cues:
            continue
        if _inside(tok.idx, tok.idx + len(tok), quoted):
            continue
        clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
        subj = _subject(tok, cues)
        if clause is None or subj is None:
            continue
        span = _content_of_clause(doc, clause, quoted)
        if span is None:
            continue
        draft = _Draft(span[0], span[1], "indirect", cue=tok, paragraph=para_of(span[0]))
        draft.speaker, ok = _speaker(analysis, subj, cues)
        if not ok:
            draft.via.append("unresolved")
        drafts.append(draft)
    for sent in doc.sents:
        who = _according(doc, sent.start_char, sent.end_char, cues, quoted)
        if who is None or any(sent.start_char <= d.start < sent.end_char for d in drafts):
            continue
        span = _according_content(doc, sent, who)
        if span is None or any(qs < span[1] and span[0] < qe for qs, qe in quoted):
            continue
        draft = _Draft(span[0], span[1], "indirect", cue=_according_cue(doc, who), paragraph=para_of(span[0]))
        draft.speaker, ok = _speaker(analysis, who, cues)
        if not ok:
            draft.via.append("unresolved")
        drafts.append(draft)

    drafts.sort(key=lambda d: d.start)
    _carry_over(drafts, _people(analysis, quoted), para_of)
    out = []
    for d in drafts:
        sent = analysis.sentence_at(d.start)
        cue = d.cue
        out.append(Quote(
            article_id=analysis.article.id, start=d.start, end=d.end, text=text[d.start : d.end],
            sentence=sent.index if sent else -1, kind=d.kind, speaker=d.speaker,
            cue=text[cue.idx : cue.idx + len(cue)] if cue is not None else None,
            cue_start=cue.idx if cue is not None else None,
            cue_end=cue.idx + len(cue) if cue is not None else None,
        ))
    return out


def _lemma_tokens(doc, lemmas: list[int], words: frozenset) -> list[int]:
    """Ascending indices of the tokens whose lower-cased lemma is in ``words``, read from the lemma
    column (``lemmas``, from ``doc.to_array(LEMMA)``): a Token object is made only for those few."""
    strings = doc.vocab.strings
    wanted = {h for h in set(lemmas) if strings[h].lower() in words}
    return [i for i, h in enumerate(lemmas) if h in wanted]


def _according_cue(doc, who):
    """The 'according' token of 'according to X' (the cue), or None."""
    prep = who.head
    if prep.lower_ == "to" and prep.head.lower_ == "according":
        return prep.head
    return prep if prep.i != who.i else None


def _according_content(doc, sent, who):
    """The sentence without its 'according to X' phrase."""
    cue = _according_cue(doc, who)
    if cue is None:
        return None
    phrase_end = max(t.i for t in who.subtree)
    phrase_start = cue.i
    toks = [t for t in sent if not (phrase_start <= t.i <= phrase_end)]
    while toks and toks[0].is_punct:
        toks.pop(0)
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks:
        return None
    # keep one contiguous stretch: the longer side of the phrase
    left = [t for t in toks if t.i < phrase_start]
    right = [t for t in toks if t.i > phrase_end]
    part = right if len(right) >= len(left) else left
    while part and part[0].is_punct:
        part.pop(0)
    while part and part[-1].is_punct:
        part.pop()
    if len(part) < 3:
        return None
    return part[0].idx, part[-1].idx + len(part[-1])


def _people(analysis: Analysis, quoted) -> list[Mention]:
    """Named people in reading order, for pronoun speakers the actors stage left without antecedent.

    The actors stage's person mentions when it ran; otherwise (a pipeline without it) spaCy's PERSON
    entities as uncoded mentions, so "he said" still finds the last person named.
    """
    if analysis.mentions:
        found = [m for m in analysis.mentions if m.kind == "person" and m.antecedent_start is None
                 and m.text.lower() not in load_cues().pronouns]
    else:
        found = []
        for ent in analysis.doc.ents:
            if ent.label_ == "PERSON":
                sent = analysis.sentence_at(ent.start_char)
                found.append(Mention(article_id=analysis.article.id, start=ent.start_char, end=ent.end_char,
                                     text=ent.text, sentence=sent.index if sent else -1, kind="person",
                                     rule="quotes: PERSON entity (no actor mentions)"))
    return sorted((m for m in found if not _inside(m.start, m.end, quoted)), key=lambda m: m.start)


def _carry_over(drafts: list[_Draft], people: list[Mention], para_of) -> None:
    """Give speakerless quotes, and quotes whose speaker is an unresolved pronoun, an adjacent speaker.

    Newswriting attributes a run of quotation once: a quote paragraph with no "he said" continues the
    speaker of the quote just before it (within ``_CARRY_PARAGRAPHS`` paragraphs), and a pronoun with no
    antecedent from the actors stage ("he said") refers to the later of that speaker and the last person
    named before the pronoun. Failing a previous
    speaker, the next attributed quote in the same or the following paragraph lends its speaker
    ("'...' [next paragraph] '...,' he said": attribution at the end of the run).
    """
    last: _Draft | None = None
    for n, d in enumerate(drafts):
        if d.speaker is not None and "unresolved" in d.via:
            # a pronoun: the last person named before it, unless a quote's speaker came later
            at = d.speaker.start
            person = next((m for m in reversed(people) if m.end <= at), None)
            if person is not None and para_of(at) - para_of(person.start) <= _CARRY_PARAGRAPHS and (
                last is None or person.start > last.speaker.start
            ):
                d.speaker = person
                d.via.append("previous speaker")
        if d.speaker is None or ("unresolved" in d.via and "previous speaker" not in d.via):
            prev = last if last is not None and d.paragraph - last.paragraph <= _CARRY_PARAGRAPHS else None
            if prev is not None:
                d.speaker = prev.speaker
                d.via.append("previous speaker")
            elif d.speaker is None:
                nxt = next((x for x in drafts[n + 1 :] if x.speaker is not None and "unresolved" not in x.via
                            and x.paragraph - d.paragraph <= 1 and x.mark is not None), None)
                if nxt is not None:
                    d.speaker = nxt.speaker
                    d.via.append("next speaker")
        # an unresolved description ("the president") still names a speaker; a bare pronoun does not
        if d.speaker is not None and d.speaker.text.lower().strip(_MARK_CHARS) not in load_cues().pronouns:
            last = d
