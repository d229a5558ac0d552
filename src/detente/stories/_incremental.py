"""The stories step over the articles not yet in a story, against the stored stories around their dates.

A full build (:func:`~detente.stories.build_stories`) clusters every article again after each run. This
step clusters only the new articles, in (published date, id) order, with the state a full build ends with,
read back from the store for the date window the new articles fall in:

* **document frequencies** (``story_df``): the stored counts for the new articles' terms plus the new
  articles' own, taken before clustering (as the full build takes them over its whole input);
* **story parts** (``story_parts``, the clusterer's stories before merging) with their centroid, entity sums
  and recent member vectors, and the **inverted index** (``story_postings``, ``(term, date bucket)`` ->
  parts): only the index entries of the new articles' look-up terms in the buckets within
  ``max_window_days`` of their dates are read, and only the parts they name;
* **copy detection** (``story_articles``, ``story_bands``): each article's MinHash signature and LSH band
  keys; stored copies are found by a join on band keys, and their whole copy groups are read back;
* **merged events** (``story_event_keys``): each report's kind and day; for each kind the new reports
  have, the chain of merged events is resumed from the groups still open ``window_days`` before the
  earliest new report and run until the first gap of ``window_days`` empty days after the latest one.

Only what changed is written, in one transaction (:meth:`Store.update_stories`): the stories holding a
new article (or joined by the merge pass), the copy groups of new articles, the merged events recomputed
(and the story id of merged events whose articles' story was rewritten), and the state rows.

What this guarantees (``tests/stories/test_stories_incremental.py``):

* From an empty store the step *is* the full build: one code path, identical rows.
* The result is a function of (the stored state, the set of new articles): the order they arrived in and
  the batches that wrote them do not matter, so a killed and resumed run writes what an uninterrupted one
  writes.
* Copy groups and merged events are exactly those of a full build over the same articles, whatever the
  split into runs (a copy group is a connected component of symmetric pairs; the merged-event chain is
  resumed from its exact state).
* Story assignment equals the full build's for runs fed in date order when the document frequencies are
  fixed (a fitted :class:`TfidfBackend`) and the merge pass is off. With the defaults, stories differ
  from a full build in three documented ways: (1) an article is compared with the text vectors stored
  when earlier articles were clustered, weighted by the frequencies known then; (2) the merge pass runs at
  every step and only adds links that touch a story the step changed, so stories merged once stay merged;
  (3) a backfilled article (older than stored copies of it) becomes its group's original for the
  duplicates table but joins stories as an ordinary article, and stored articles are not moved. Undated
  stories join dated ones only among the parts loaded for the step. A full rebuild
  (``rebuild_stories(store, full=True)``, ``detente stories --rebuild``) restores the one-shot result.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable

import pyarrow as pa

from ..records import Analysis, Article, Story
from ._cluster import Frequencies, StoryClusterer, StorySettings, TfidfBackend, _Links
from ._dedup import DuplicateIndex, DuplicateSettings
from ._merge import DEFAULT_WINDOW_DAYS, chain_events, event_day, event_kind, kind_key, merged_record
from ._text import clustering_order, day_ordinal

__all__ = ["StoryChanges", "stories_step", "state_fingerprint"]

# Bumped when the meaning of a state row changes: a store with another version is rebuilt in full.
STATE_VERSION = 1


def state_fingerprint(settings: StorySettings, duplicate_settings: DuplicateSettings, window_days: int) -> str:
    """What the stored state was built with: another fingerprint means the state cannot be continued."""
    data = {"version": STATE_VERSION, "stories": dataclasses.asdict(settings),
            "duplicates": dataclasses.asdict(duplicate_settings), "window_days": window_days}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:16]


@dataclass
class StoryChanges:
    """What one stories step writes: the arguments of :meth:`Store.update_stories`."""

    stories: list[Story] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    delete: dict[str, list] = field(default_factory=dict)
    state: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    updates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    full: bool = False

    def write(self, store) -> Counter:
        return store.update_stories(self.stories, self.duplicates, self.merged, delete=self.delete,
                                    state=self.state, updates=self.updates, full=self.full)


def _ints(values: Iterable[int]) -> pa.Array:
    return pa.array(sorted(set(values)), pa.int64())


def _strs(values: Iterable[str]) -> pa.Array:
    return pa.array(sorted(set(values)), pa.string())


def _date(value) -> str | None:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


@dataclass
class _Part:
    """What the output needs of a part the step did not load in full."""

    seq: int
    id: str
    n_members: int
    label: str
    label_score: float
    start_date: str | None
    end_date: str | None
    new_members: list[str]


class _Step:
    def __init__(self, store, settings: StorySettings, duplicate_settings: DuplicateSettings, window_days: int,
                 backend: Any):
        self.store = store  # None: nothing stored counts (a full rebuild)
        self.settings = settings
        self.window_days = window_days
        self.clusterer = StoryClusterer(settings, backend=backend)
        self.dups = DuplicateIndex(duplicate_settings)
        self.keeps_state = isinstance(self.clusterer.backend, TfidfBackend)
        self.fingerprint = state_fingerprint(settings, self.dups.settings, window_days)
        self.stored_story: dict[int, str] = {}  # seq -> story id, for parts read from the store
        self.stored_articles: dict[str, int] = {}  # stored article id -> part seq (copy candidates)
        self.changes = StoryChanges(full=store is None)

    def rows(self, query: str, keys: dict | None = None, params: list | None = None) -> list[dict[str, Any]]:
        return [] if self.store is None else self.store.story_rows(query, keys, params)

    # --- the step ------------------------------------------------------------------------------------
    def run(self, items: list[Analysis]) -> StoryChanges:
        c, s = self.clusterer, self.settings
        if not items:
            return self.changes  # a full rebuild of nothing empties the tables
        meta = {r["key"]: r["value"] for r in self.rows("state")}
        c.fit(items)
        prior = self._frequencies(meta)
        c.add_frequencies(prior)
        c._next_seq = int(meta.get("next_seq", 0))  # new parts are numbered after every stored one

        # copies: stored articles sharing a band key with a new one, with their whole copy groups
        band_keys: dict[str, list[int]] = {}
        for a in items:
            band_keys[a.article.id] = self.dups.band_keys(*self.dups.signature(a.article))
        stored = self.rows("copy_candidates", {"_b": {"band_key": _ints(k for ks in band_keys.values() for k in ks)}})
        self.dups.preload(stored)
        members_of: dict[int, list[str]] = defaultdict(list)
        for r in stored:
            self.stored_articles[r["article_id"]] = r["part_seq"]
            members_of[r["part_seq"]].append(r["article_id"])

        # the parts the new articles can join: named by the index entries of their look-up terms around
        # their dates, and the parts of stored originals
        days = [day_ordinal(a.article.published) for a in items]
        dated = [d for d in days if d is not None]
        undated = len(dated) < len(days)
        reach = s.max_window_days
        lo, hi = (min(dated), max(dated)) if dated else (0, -1)
        terms = {t for a in items for t in c.lookup_terms(a)}
        postings = self.rows("postings", {"_t": {"term": _strs(terms)}},
                             [c._bucket(lo - reach), c._bucket(hi + reach), undated]) if dated or undated else []
        seqs = {r["seq"] for r in postings} | set(members_of)
        self._load_parts(seqs, None, members_of)
        c.load_postings((r["term"], r["bucket"], r["seq"]) for r in postings)

        for a in items:
            original = self.dups.add(a.article)
            if original is not None:
                c.add_copy(a, original)
            else:
                c.add(a)

        story_of, touched = self._stories()
        self._articles(items, band_keys)
        self._duplicates(items)
        self._merged(items, story_of, touched)
        self._state(meta, prior)
        return self.changes

    def _frequencies(self, meta: dict[str, str]) -> Frequencies:
        c = self.clusterer
        if self.store is None or not meta:
            return Frequencies()
        keys = {"kind": ["t"] * len(c.batch_df) + ["e"] * len(c.batch_entity_df),
                "term": list(c.batch_df) + list(c.batch_entity_df)}
        prior = Frequencies(n_docs=int(meta.get("n_docs", 0)), entity_docs=int(meta.get("entity_docs", 0)))
        for r in self.rows("frequencies", {"_t": {"kind": pa.array(keys["kind"], pa.string()),
                                                   "term": pa.array(keys["term"], pa.string())}}):
            (prior.df if r["kind"] == "t" else prior.entity_df)[r["term"]] = r["df"]
        return prior

    def _load_parts(self, seqs: set[int], span: tuple[int, int, bool] | None,
                    members_of: dict[int, list[str]] | None = None) -> None:
        if self.store is None:
            return
        hi, lo, undated = span if span is not None else (-1, 0, False)  # (-1, 0): no span matches
        for row in self.rows("parts", {"_s": {"seq": _ints(seqs)}}, [hi, lo, undated]):
            self.stored_story.setdefault(row["seq"], row["story_id"])
            self.clusterer.load_part(row, (members_of or {}).get(row["seq"], ()))

    # --- stories -------------------------------------------------------------------------------------
    def _stories(self) -> tuple[dict[str, str], set[str]]:
        """Merge pass and output stories; returns (article -> story for the stories written, story ids dropped)."""
        c, s = self.clusterer, self.settings
        added = c.article_parts()
        changed = set(added.values())
        links = _Links()
        if self.store is not None:
            # the merge partners of the changed parts lie within max_window_days of their spans
            spans = [(p.start, p.end) for p in map(c.part, changed) if p.start is not None]
            undated = any(c.part(seq).start is None for seq in changed)
            if spans:
                span = (max(e for _, e in spans) + s.max_window_days, min(b for b, _ in spans) - s.max_window_days,
                        undated)
            else:
                span = (-1, 0, undated)
            self._load_parts(set(), span)
            if undated:  # an undated part may belong to a story of any date: look it up by summary terms
                query = [(seq, t) for seq in sorted(changed) if c.part(seq).start is None
                         for t in c.summary_terms(seq)]
                near = self.rows("summary_neighbours", {"_q": {"qseq": pa.array([q for q, _ in query], pa.int64()),
                                                               "term": pa.array([t for _, t in query], pa.string())}},
                                 [s.max_candidates])
                self._load_parts({r["seq"] for r in near}, None)
            first_of: dict[str, int] = {}
            for seq, sid in sorted(self.stored_story.items()):  # stored groups stay together
                links.union(first_of.setdefault(sid, seq), seq)
            links = c.merge_links(links, changed)
        else:
            links = c.merge_links(links, None)

        components: dict[int, list[int]] = defaultdict(list)
        for p in c.parts():
            components[links.find(p.seq)].append(p.seq)
        touched_roots = {links.find(seq) for seq in changed}
        dropped = {self.stored_story[seq] for root in touched_roots for seq in components[root]
                   if seq in self.stored_story}
        # parts of the stored stories touched that were not loaded: what the output needs of them
        light: dict[str, list[_Part]] = defaultdict(list)
        for r in self.rows("parts_of_stories", {"_s": {"story_id": _strs(dropped)}}):
            if not c.has_part(r["seq"]):
                light[r["story_id"]].append(_Part(r["seq"], r["id"], r["n_members"], r["label"] or "",
                                                  r["label_score"], r["start_date"], r["end_date"], []))
        groups = []
        for root in sorted(touched_roots):
            parts = [self._part(seq) for seq in components[root]]
            for sid in sorted({self.stored_story[seq] for seq in components[root] if seq in self.stored_story}):
                parts.extend(light.get(sid, ()))
            groups.append(sorted(parts, key=lambda p: p.seq))
        stored_members: dict[int, list[str]] = defaultdict(list)
        with_stored = [p.seq for g in groups for p in g if p.n_members > len(p.new_members)]
        if with_stored:
            for r in self.rows("part_members", {"_s": {"seq": _ints(with_stored)}}):
                stored_members[r["part_seq"]].append(r["article_id"])

        story_of: dict[str, str] = {}
        part_rows, part_updates = [], []
        for parts in groups:
            head = parts[0]
            members = [m for p in parts for m in stored_members.get(p.seq, []) + p.new_members]
            labelled = max(parts, key=lambda p: (p.n_members, p.label_score, -p.seq))
            starts = [p.start_date for p in parts if p.start_date]
            ends = [p.end_date for p in parts if p.end_date]
            self.changes.stories.append(Story(head.id, labelled.label or head.label or head.id,
                                              min(starts) if starts else None, max(ends) if ends else None, members))
            story_of.update((m, head.id) for m in members)
            for p in parts:
                if p.seq in changed:
                    if self.keeps_state:
                        part_rows.append({**c.part_row(p.seq), "story_id": head.id})
                elif self.stored_story.get(p.seq) != head.id or not c.has_part(p.seq):
                    part_updates.append({"seq": p.seq, "story_id": head.id})
        self.changes.delete["stories"] = sorted(dropped)
        self.changes.delete["story_parts"] = sorted(changed)
        self.changes.state["story_parts"] = part_rows
        self.changes.updates["story_parts"] = part_updates
        if self.keeps_state:
            self.changes.state["story_part_terms"] = [{"term": t, "seq": seq} for seq in sorted(changed)
                                                      for t in c.summary_terms(seq)]
            self.changes.state["story_postings"] = [
                {"term": t, "bucket": b, "pos": pos, "seq": seq} for t, b, pos, seq in c.new_postings()
            ]
        return story_of, dropped

    def _part(self, seq: int) -> _Part:
        p = self.clusterer.part(seq)
        return _Part(p.seq, p.id, p.stored_members + len(p.members), p.label, p.label_score, p.start_date,
                     p.end_date, list(p.members))

    # --- articles and copies -------------------------------------------------------------------------
    def _articles(self, items: list[Analysis], band_keys: dict[str, list[int]]) -> None:
        if not self.keeps_state:
            return
        c = self.clusterer
        pos_in_part = {}
        for st in c.parts():
            for i, m in enumerate(st.members):
                pos_in_part[m] = (st.seq, st.stored_members + i)
        rows, bands = [], []
        for a in items:
            aid = a.article.id
            signature, size, published = self.dups.entry(aid)
            seq, pos = pos_in_part[aid]
            rows.append({"article_id": aid, "part_seq": seq, "pos": pos, "published": a.article.published,
                         "shingles": size, "signature": signature, "copy_group": self.dups.original_of(aid)})
            bands.extend({"band_key": k, "article_id": aid} for k in band_keys[aid])
        self.changes.state["story_articles"] = rows
        self.changes.state["story_bands"] = bands

    def _duplicates(self, items: list[Analysis]) -> None:
        groups = {tuple(self.dups.group_members(a.article.id)) for a in items}
        out, regroup = [], []
        for members in sorted(groups):
            original = self.dups.original_of(members[0])
            for m in members:
                if m != original:
                    out.append((m, original, round(self.dups.containment(m, original), 4)))
                if m in self.stored_articles:
                    regroup.append({"article_id": m, "copy_group": original})
        self.changes.duplicates = sorted(out)
        self.changes.delete["duplicates"] = sorted(m for g in groups for m in g)
        self.changes.updates["story_articles"] = regroup

    # --- merged events -------------------------------------------------------------------------------
    def _merged(self, items: list[Analysis], story_of: dict[str, str], dropped: set[str]) -> None:
        w = self.window_days
        rewritten = set(story_of)  # members of the stories this step writes
        arts: dict[str, Article] = {a.article.id: a.article for a in items}
        new: dict[str, list] = defaultdict(list)
        for a in items:
            for ev in a.events:
                if not (ev.negated or ev.hypothetical):
                    new[kind_key(event_kind(ev))].append((event_day(ev, arts), ev.id, ev))
        wanted = []
        for kind, evs in sorted(new.items()):
            days = [d for d, _, _ in evs if d is not None]
            wanted.append((kind, min(days) - 2 * w if days else None, len(days) < len(evs)))
        stored = self.rows("event_keys", {"_w": {"kind": pa.array([k for k, _, _ in wanted], pa.string()),
                                                 "from_day": pa.array([f for _, f, _ in wanted], pa.int64()),
                                                 "undated": pa.array([u for _, _, u in wanted], pa.bool_())}})
        by_kind: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for r in stored:
            by_kind[r["kind"]][r["merged_id"]].append((r["day"], r["event_id"], r["article_id"]))

        plans = []  # (kind, new reports, stored report ids to chain again, started groups as id lists)
        drop_merged: set[str] = set()
        for kind, evs in sorted(new.items()):
            groups = by_kind.get(kind, {})
            redo: list[tuple[int | None, str]] = []
            started: list[list[tuple[int, str]]] = []
            days = [d for d, _, _ in evs if d is not None]
            if days:
                lo, hi = min(days), max(days)
                # the chain runs on until the first gap of w empty days after the newest report
                last = hi
                for x in sorted({d for g in groups.values() for d, _, _ in g if d is not None and d > hi}):
                    if x - last > w:
                        break
                    last = x
                for mid, reports in sorted(groups.items()):
                    rdays = [d for d, _, _ in reports]
                    if None in rdays:
                        continue
                    first = min(rdays)
                    if first < lo - w or first > last:
                        continue  # closed before the new reports, or formed after the chain's end
                    drop_merged.add(mid)
                    if first < lo:  # open when the first new report comes: resume it with its earlier reports
                        started.append(sorted((d, e) for d, e, _ in reports if d < lo))
                    redo.extend((d, e) for d, e, _ in reports if d >= lo)
            if len(days) < len(evs):  # undated reports: the undated chain of the kind is redone whole
                for mid, reports in sorted(groups.items()):
                    if all(d is None for d, _, _ in reports):
                        drop_merged.add(mid)
                        redo.extend((None, e) for _, e, _ in reports)
            plans.append((kind, evs, redo, sorted(started)))

        # read back the stored reports chained again, their articles and those articles' stories
        ids = {e for _, _, redo, started in plans for _, e in redo} | {
            e for _, _, _, started in plans for g in started for _, e in g}
        events = {ev.id: ev for ev in self.store.events_by_id(ids)} if ids and self.store is not None else {}
        need = {ev.article_id for ev in events.values()} - set(arts)
        for r in self.rows("article_refs", {"_i": {"id": _strs(need)}}) if need else ():
            arts[r["id"]] = Article(id=r["id"], text="", published=_date(r["published"]), source=r["source"],
                                    url=r["url"])
        self._fill_story_of(story_of, {ev.article_id for ev in events.values()})

        merged, keys, redone = [], [], set(ids)
        for kind, evs, redo, started in plans:
            items_ = list(evs) + [(d, e, events[e]) for d, e in redo if e in events]
            start_groups = [[(d, e, events[e]) for d, e in g if e in events] for g in started]
            for group in chain_events(items_, w, [g for g in start_groups if g]):
                record = merged_record(group, arts, story_of)
                merged.append(record)
                keys.extend({"event_id": e, "article_id": ev.article_id, "kind": kind, "day": d,
                             "merged_id": record["id"]} for d, e, ev in group)
        self.changes.merged = merged
        self.changes.delete["merged_events"] = sorted(drop_merged)
        self.changes.delete["story_event_keys"] = sorted(redone)
        if self.keeps_state:
            self.changes.state["story_event_keys"] = keys
        self.changes.updates["merged_events"] = self._restory(story_of, rewritten, dropped, drop_merged)

    def _fill_story_of(self, story_of: dict[str, str], article_ids: set[str]) -> None:
        missing = article_ids - set(story_of)
        if missing:
            for r in self.rows("story_of", {"_i": {"id": _strs(missing)}}):
                story_of[r["article_id"]] = r["story_id"]

    def _restory(self, story_of: dict[str, str], rewritten: set[str], dropped: set[str],
                 recomputed: set[str]) -> list[dict]:
        """New story ids of the stored merged events kept whose articles' stories were rewritten."""
        if self.store is None or not dropped:
            return []
        reports: dict[str, set[str]] = defaultdict(set)
        for r in self.rows("merged_of_articles", {"_i": {"id": _strs(rewritten)}}):
            if r["merged_id"] not in recomputed:
                reports[r["merged_id"]].add(r["article_id"])
        self._fill_story_of(story_of, {a for arts in reports.values() for a in arts})
        out = []
        for mid, article_ids in sorted(reports.items()):
            counts = Counter(story_of[a] for a in sorted(article_ids) if a in story_of)
            if counts:
                out.append({"id": mid, "story_id": min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]})
        return out

    # --- frequencies and bookkeeping -----------------------------------------------------------------
    def _state(self, meta: dict[str, str], prior: Frequencies) -> None:
        if not self.keeps_state:
            self.changes.delete["story_state"] = ["fingerprint"]  # nothing to continue from: full next time
            return
        c = self.clusterer
        rows = [{"kind": "t", "term": t, "df": prior.df.get(t, 0) + n} for t, n in c.batch_df.items()]
        rows += [{"kind": "e", "term": t, "df": prior.entity_df.get(t, 0) + n} for t, n in c.batch_entity_df.items()]
        self.changes.delete["story_df"] = [(r["kind"], r["term"]) for r in rows]
        self.changes.state["story_df"] = rows
        values = {"fingerprint": self.fingerprint, "n_docs": prior.n_docs + c.batch_docs,
                  "entity_docs": prior.entity_docs + c.batch_docs, "next_seq": c._next_seq}
        self.changes.delete["story_state"] = sorted(values)
        self.changes.state["story_state"] = [{"key": k, "value": str(v)} for k, v in values.items()]


def _sorted_unique(items: Iterable[Analysis | Article]) -> list[Analysis]:
    out: dict[str, Analysis] = {}
    for x in items:
        if not isinstance(x, (Analysis, Article)):
            raise TypeError(f"the stories step takes Article or Analysis objects, not {type(x).__name__}")
        a = x if isinstance(x, Analysis) else Analysis(x)
        out.setdefault(a.article.id, a)
    return sorted(out.values(), key=lambda a: clustering_order(a.article.published, a.article.id))


def stories_step(
    new: Iterable[Analysis | Article],
    store=None,
    *,
    settings: StorySettings | None = None,
    duplicate_settings: DuplicateSettings | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    backend: Any = None,
) -> StoryChanges:
    """Cluster ``new`` articles against the stories ``store`` holds; return what to write.

    ``store`` None clusters ``new`` as the whole corpus (a full rebuild: the rows of
    :func:`~detente.stories.build_stories` plus the state a later step continues from). The caller
    checks the stored state fits (:func:`state_fingerprint`) and writes with ``changes.write(store)``.
    """
    step = _Step(store, settings or StorySettings(), duplicate_settings or DuplicateSettings(), window_days, backend)
    return step.run(_sorted_unique(new))
