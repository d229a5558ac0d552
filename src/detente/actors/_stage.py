"""The actors stage and the helpers the events coder calls."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from typing import Iterable

from ..errors import StageError
from ..records import Analysis, Mention
from ._coref import resolve_coreference
from ._kb import KnowledgeBase, load_kb
from ._resolve import Draft, Matchers, build_regions, find_elements, interpret

__all__ = ["ActorStage", "actor_for_span", "list_actors"]


class ActorStage:
    """Resolve actor mentions: ``requires`` the parse, ``assigns`` ``mentions``.

    The constructor is cheap: the KB is read by :func:`load_kb` on first use (or injected), and
    the phrase matchers are built once per spaCy vocabulary and kept on the instance.
    """

    name = "actors"
    requires = ("doc", "sentences")
    assigns = ("mentions",)

    def __init__(self, kb: KnowledgeBase | None = None):
        self._kb = kb
        self._matchers: dict[int, Matchers] = {}

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = load_kb()
        return self._kb

    def _matchers_for(self, vocab) -> Matchers:
        key = id(vocab)
        if key not in self._matchers:
            self._matchers[key] = Matchers(self.kb, vocab)
        return self._matchers[key]

    def __call__(self, analysis: Analysis) -> Analysis:
        if analysis.doc is None:
            raise StageError("the actors stage needs a parsed document (run the parse stage first)", code="D402")
        analysis.mentions = self.mentions(analysis)
        analysis.done.append(self.name)
        return analysis

    def mentions(self, analysis: Analysis) -> list[Mention]:
        doc = analysis.doc
        article = analysis.article
        date = article.published
        kb = self.kb
        elements = find_elements(doc, kb, self._matchers_for(doc.vocab), date)
        drafts: list[Draft] = []
        for region in build_regions(doc, elements):
            drafts.extend(interpret(doc, region, kb, date))
        sent_starts = [s.start for s in doc.sents]

        def sent_of(token_i: int) -> int:
            return bisect_right(sent_starts, token_i) - 1

        resolved = resolve_coreference(doc, drafts, kb, date, sent_of, _state_tokens(elements))
        return [self._to_mention(analysis, d, sent_of) for d in resolved]

    @staticmethod
    def _to_mention(analysis: Analysis, d: Draft, sent_of) -> Mention:
        doc = analysis.doc
        start_char = doc[d.start].idx
        end_tok = doc[d.end - 1]
        end_char = end_tok.idx + len(end_tok.text)
        text = analysis.article.text[start_char:end_char]
        ant_start = ant_end = None
        if d.antecedent is not None:
            a, b = d.antecedent
            ant_start = doc[a].idx
            ant_end = doc[b - 1].idx + len(doc[b - 1].text)
        sentence = analysis.sentence_at(start_char)
        return Mention(
            article_id=analysis.article.id,
            start=start_char,
            end=end_char,
            text=text,
            sentence=sentence.index if sentence is not None else sent_of(d.start),
            kind=d.kind,
            name=d.name,
            code=d.code,
            sector=d.sector,
            other_sectors=list(d.other),
            identifier_id=d.qid,
            identifier_text=d.name if d.qid else None,
            office=d.office,
            antecedent_start=ant_start,
            antecedent_end=ant_end,
            rule=d.rule,
        )


def _state_tokens(elements) -> dict[int, tuple[str, ...]]:
    """Token index -> the state codes its state name, demonym or capital names (places included:
    "in Nairobi" is no actor, but it fixes the country of "protesters" in the same sentence)."""
    out: dict[int, tuple[str, ...]] = {}
    for el in elements:
        if el.type in ("state", "adj", "capital") and el.code:
            codes = tuple(el.ref) if el.type == "state" and isinstance(el.ref, list) else (el.code,)
            for i in range(el.start, el.end):
                out[i] = codes
    return out


def actor_for_span(analysis: Analysis, start: int, end: int) -> list[Mention]:
    """The resolved mentions (with a code) that lie inside the character span ``[start, end)``."""
    return [m for m in analysis.mentions if m.code is not None and start <= m.start and m.end <= end]


def list_actors(mentions: Iterable[Mention]) -> list[dict]:
    """Mention counts by (code, sector, name), most frequent first."""
    counts: Counter = Counter()
    for m in mentions:
        if m.code is None:
            continue
        counts[(m.code, m.sector, m.name)] += 1
    return [
        {"code": code, "sector": sector, "name": name, "mentions": n}
        for (code, sector, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    ]
