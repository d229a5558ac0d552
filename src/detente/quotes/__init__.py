"""Quotes: direct, partial and reported speech, attributed to actor mentions.

Public API:

- :class:`QuoteStage` (``name="quotes"``) fills ``Analysis.quotes`` with :class:`~detente.records.Quote`
  records: the content span (without quotation marks), its kind (direct | partial | indirect), the cue
  verb with offsets, and the speaker as a :class:`~detente.records.Mention` (from the actors stage,
  through its coreference links; an uncoded mention of the speaker span where the actors stage has none).
- :func:`extract_quotes` does the same for one analysis outside a pipeline.
- :func:`pair_marks` finds quotation-mark pairs in raw text (straight, curly, mojibake).
"""

from __future__ import annotations

from ..records import Analysis
from ._attribute import Cues, extract_quotes, load_cues
from ._marks import QuoteSpan, pair_marks

__all__ = ["QuoteStage", "extract_quotes", "pair_marks", "QuoteSpan", "load_cues", "Cues"]


class QuoteStage:
    """Find and attribute quotes. Reads the actors stage's mentions; the cue lexicon loads on first use."""

    name = "quotes"
    requires = ("doc", "sentences", "mentions")
    assigns = ("quotes",)

    def __init__(self, *, cues: Cues | None = None):
        self._cues = cues

    def __call__(self, analysis: Analysis) -> Analysis:
        if self._cues is None:
            self._cues = load_cues()
        analysis.quotes = extract_quotes(analysis, self._cues)
        analysis.done.append(self.name)
        return analysis
