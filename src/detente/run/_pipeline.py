"""The pipeline: clean -> parse -> actors -> places -> dates -> quotes -> events.

:class:`Pipeline` owns the stage objects (built once, cheap constructors; the spaCy model
and the data files load on first use) and turns a stream of raw records into a stream of
:class:`~detente.records.Analysis`. One bad article never stops the stream: input errors
and stage failures are reported to the :class:`~detente.report.RunReport` and skipped.
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterable, Iterator, Sequence

from ..clean import clean_record
from ..config import Settings
from ..errors import DetenteError, InputError, StageError
from ..nlp import ParseStage
from ..records import Analysis, Article, RawRecord
from ..report import RunReport
from ..stages import Stage, check_order

__all__ = ["Pipeline", "default_stages"]


def default_stages(settings: Settings) -> list[Stage]:
    """The per-article stages after parsing, in order. Imported here so a stage never imports another."""
    from ..actors import ActorStage
    from ..dates import DateStage
    from ..events import EventStage
    from ..places import PlaceStage
    from ..quotes import QuoteStage

    return [ActorStage(), PlaceStage(), DateStage(), QuoteStage(), EventStage()]


# A short article that takes every stage through its data files (model, gazetteer, knowledge base, cues).
WARM_TEXT = 'BEIJING - China urged Japan on Monday to stop patrols in the East China Sea, the ministry said.'


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Pipeline:
    """Clean, parse and code articles.

    ``stages`` replaces the per-article stages (after parsing); ``nlp`` injects a loaded spaCy
    pipeline (tests share one). The order is checked against each stage's declared
    ``requires``/``assigns`` before anything runs.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        stages: Sequence[Stage] | None = None,
        nlp=None,
    ):
        from ..config import load_settings

        self.settings = settings or load_settings()
        self.parser = ParseStage(self.settings.nlp.model, batch_size=self.settings.nlp.batch_size, nlp=nlp)
        self.stages = list(stages) if stages is not None else default_stages(self.settings)
        check_order([self.parser, *self.stages])
        self._warm = False

    @property
    def stage_names(self) -> list[str]:
        return [self.parser.name, *(s.name for s in self.stages)]

    def clean(self, raws: Iterable[RawRecord], report: RunReport) -> Iterator[Article]:
        for raw in raws:
            try:
                yield clean_record(raw, settings=self.settings.clean)
            except InputError as exc:
                report.skip(exc, raw.origin)

    def analyze(
        self,
        articles: Iterable[Article],
        report: RunReport | None = None,
        *,
        timer: Callable[[str, float], None] | None = None,
    ) -> Iterator[Analysis]:
        """Parse in batches with ``nlp.pipe``, then run each stage on each article.

        Each batch runs in a spaCy memory zone: the strings and lexemes its articles bring (names,
        figures, misspellings) are freed once the batch is coded, so the vocabulary of a long run
        does not grow with the corpus. Stages keep only Python strings, never a Doc, a Token or a
        hash of a transient string, past the batch they were made in.
        """
        report = report if report is not None else RunReport()
        for batch in batched(articles, self.parser.batch_size):
            self.warm()  # here, not before the loop: a run with nothing new loads nothing
            with self.parser.nlp.memory_zone():
                yield from self._analyze_batch(batch, report, timer)

    def _analyze_batch(self, batch, report, timer) -> Iterator[Analysis]:
        import time

        for analysis in self.parser.pipe(Analysis(article) for article in batch):
            try:
                for stage in self.stages:
                    t0 = time.perf_counter()
                    analysis = stage(analysis)
                    analysis.done.append(stage.name)
                    if timer is not None:
                        timer(stage.name, time.perf_counter() - t0)
            except DetenteError as exc:
                report.skip(exc, analysis.article.origin)
                continue
            except Exception as exc:  # a bug in one stage must not stop a batch of thousands
                error = StageError(
                    f"stage {stage.name!r} failed: {type(exc).__name__}: {exc}", code="D402"
                )
                report.skip(error, analysis.article.origin)
                continue
            analysis.doc = None  # the spaCy Doc is large and never stored
            yield analysis

    def warm(self) -> None:
        """Run one short article through every stage, once, outside any memory zone.

        Stages build what they keep from the vocabulary (the knowledge base's phrase matchers) on
        first use; built here, their strings are permanent rather than freed with the first batch.
        """
        if self._warm:
            return
        self._warm = True
        from ..records import article_id_for

        article = Article(id=article_id_for(WARM_TEXT), text=WARM_TEXT, published="2026-11-23")
        for _ in self._analyze_batch([article], RunReport(), None):
            pass

    def process(self, raws: Iterable[RawRecord], report: RunReport | None = None) -> Iterator[Analysis]:
        report = report if report is not None else RunReport()
        return self.analyze(self.clean(raws, report), report)
