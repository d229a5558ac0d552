"""Writes are idempotent batches; records read back equal to what was written."""

from __future__ import annotations

import dataclasses
import time

import pytest
from store_samples import TEXTS, build, numbered

from detente.errors import StoreError
from detente.records import Analysis, Article, Sentence, Story
from detente.report import RunReport
from detente.store import open_store

SPAN_FIELDS = ("sentences", "mentions", "places", "dates", "quotes", "events")


def _same(a: Analysis, b: Analysis) -> None:
    assert b.article == a.article
    for name in SPAN_FIELDS:
        assert getattr(b, name) == getattr(a, name), name
    assert b.doc is None


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_store_write_then_read_back_equal(store, name):
    a = build(TEXTS[name])
    written = store.write([a])
    assert written["articles"] == 1
    assert written["sentences"] == len(a.sentences)
    assert written["events"] == len(a.events)
    assert written["event_participants"] == sum(len(e.actor) + len(e.recipient) for e in a.events)
    _same(a, store.analysis(a.article.id))
    assert store.article(a.article.id) == a.article
    assert store.events(a.article.id) == a.events


@pytest.mark.parametrize(
    "change",
    [
        {"published": None, "title": None, "summary": None, "source": None, "url": None, "raw_text": ""},
        {"agencies": [], "cleaning": [], "external_id": "wire-0042", "language": "en"},
        {"published": "1999-12-31", "dateline_place": None, "published_from": None},
    ],
)
def test_store_article_fields_round_trip(store, change):
    a = build(TEXTS["plain"])
    a.article = dataclasses.replace(a.article, **change)
    store.write([a])
    assert store.article(a.article.id) == a.article


def test_store_rewrite_adds_nothing(store):
    batch = [build(t) for t in TEXTS.values()]
    first = store.write(batch)
    counts = store.counts()
    assert sum(first.values()) > 0
    again = store.write(batch)
    assert sum(again.values()) == 0
    assert store.counts() == counts


def test_store_duplicate_in_one_batch_written_once(store):
    a = build(TEXTS["plain"])
    written = store.write([a, build(TEXTS["plain"])])
    assert written["articles"] == 1 and written["sentences"] == len(a.sentences)


def test_store_replace_recodes_article(store):
    a = build(TEXTS["unicode"])
    other = build(TEXTS["quotes"])
    store.write([a, other])
    recoded = build(TEXTS["unicode"])
    recoded.events = recoded.events[:0]
    recoded.mentions = recoded.mentions[:1]
    recoded.article = dataclasses.replace(recoded.article, title="Re-coded")
    written = store.write([recoded], replace=True)
    assert written["articles"] == 1 and "events" not in written and written["mentions"] == 1
    _same(recoded, store.analysis(a.article.id))
    _same(other, store.analysis(other.article.id))  # untouched
    counts = store.counts()
    assert counts["articles"] == 2
    assert counts["events"] == len(other.events)
    assert counts["event_participants"] == sum(len(e.actor) + len(e.recipient) for e in other.events)


def test_store_replace_of_new_article_writes_it(store):
    a = build(TEXTS["plain"])
    assert store.write([a], replace=True)["articles"] == 1
    _same(a, store.analysis(a.article.id))


@pytest.mark.parametrize(
    "breakage,needle",
    [
        (lambda a: a.mentions.__setitem__(0, dataclasses.replace(a.mentions[0], end=a.mentions[0].end + 1)),
         "mention 0"),
        (lambda a: a.sentences.append(Sentence(a.article.id, 9, 5, 10_000, "x")), "outside the text"),
        (lambda a: setattr(a.events[0], "anchor_text", "something else"), "anchor"),
        (lambda a: setattr(a.article, "published", "12/02/2024"), "published"),
        (lambda a: setattr(a.dates[0], "date", "2024-02"), "date 0"),
    ],
)
def test_store_invalid_spans_are_refused(store, breakage, needle):
    bad, good = build(TEXTS["plain"]), build(TEXTS["quotes"])
    breakage(bad)
    with pytest.raises(StoreError) as info:
        store.write([good, bad])
    assert info.value.code == "D507" and needle in info.value.message
    assert store.counts()["articles"] == 0  # nothing of the batch was written
    report = RunReport()
    written = store.write([good, bad], report=report)
    assert written["articles"] == 1 and store.has_articles([good.article.id, bad.article.id]) == {good.article.id}
    assert [s.code for s in report.skips] == ["D507"] and report.skips[0].origin == "tests:1"


def test_store_duplicate_event_id_refuses_batch(store):
    a = build(TEXTS["plain"], event_prefix="same-")
    store.write([a])
    clash = build(TEXTS["unicode"])
    clash.events[0].id = a.events[0].id
    with pytest.raises(StoreError) as info:
        store.write([build(TEXTS["quotes"]), clash])
    assert info.value.code == "D506"
    assert store.counts()["articles"] == 1  # the whole batch was rolled back


def test_store_readers_select_and_stream(store):
    batch = [numbered(0, k, 2) for k in range(7)]
    store.write(batch)
    ids = [a.article.id for a in batch]
    assert store.has_articles(ids + ["nope"]) == set(ids)
    assert store.has_articles([]) == set()
    wanted = [ids[3], "missing", ids[0]]
    assert [a.id for a in store.articles(wanted)] == [ids[3], ids[0]]
    streamed = list(store.articles(batch_size=2))  # several pages
    assert sorted(a.id for a in streamed) == sorted(ids) and len(streamed) == 7
    assert [x.article.id for x in store.analyses(batch_size=3)] == sorted(ids)
    assert store.article("missing") is None and store.analysis("missing") is None
    assert len(store.events()) == sum(len(a.events) for a in batch)


def test_store_recode_while_streaming(store):
    batch = [numbered(1, k, 2) for k in range(5)]
    store.write(batch)
    seen = []
    for analysis in store.analyses(batch_size=2):
        seen.append(analysis.article.id)
        analysis.events = []
        store.write([analysis], replace=True)
    assert sorted(seen) == sorted(a.article.id for a in batch)
    assert store.counts()["events"] == 0 and store.counts()["articles"] == 5


def test_store_read_only_store_reads_but_refuses_writes(tmp_db):
    a = build(TEXTS["plain"])
    with open_store(tmp_db) as store:
        store.write([a])
    with open_store(tmp_db, read_only=True) as store:
        _same(a, store.analysis(a.article.id))
        for call in (lambda: store.write([a]), lambda: store.replace_stories([], [], []),
                     lambda: store.record_run({})):
            with pytest.raises(StoreError) as info:
                call()
            assert info.value.code == "D503"


def test_store_closed_store_raises(tmp_db):
    store = open_store(tmp_db)
    store.close()
    store.close()  # closing twice is fine
    with pytest.raises(StoreError):
        store.counts()


@pytest.mark.parametrize(
    "query,params,expected",
    [
        ("SELECT code, count(*) AS n FROM event_participants WHERE role = ? GROUP BY code ORDER BY code",
         ["actor"], [{"code": "NOR", "n": 1}]),
        ("SELECT event, date FROM events WHERE date >= ? ORDER BY event", ["2024-01-01"],
         [{"event": "CONSULT", "date": "2024-02-12"}]),
        ("SELECT count(*) AS n FROM articles WHERE title = $title", {"title": "x' OR '1'='1"}, [{"n": 0}]),
        ("WITH e AS (SELECT actor FROM events) SELECT json_extract_string(actor, '$[0].code') AS c FROM e", None, [{"c": "NOR"}]),
    ],
)
def test_store_sql_binds_parameters(store, query, params, expected):
    store.write([build(TEXTS["plain"])])
    assert store.sql(query, params) == expected


def test_store_sql_parses_json_columns(store):
    store.write([build(TEXTS["plain"])])
    (row,) = store.sql("SELECT actor, event_loc, context FROM events")
    assert row["actor"][0]["code"] == "NOR" and row["event_loc"]["name"] == "Ottawa"
    assert row["context"] == ["military", "diplomatic"]


@pytest.mark.parametrize(
    "query",
    ["DELETE FROM articles", "SELECT 1; DROP TABLE articles", "CREATE TABLE x (a INTEGER)",
     "COPY articles TO 'x.csv'", "SELECT * FROM no_such_table", "SELEC 1", ""],
)
def test_store_sql_refuses_writes_and_bad_queries(store, query):
    store.write([build(TEXTS["plain"])])
    with pytest.raises(StoreError) as info:
        store.sql(query)
    assert info.value.code == "D508"
    assert store.counts()["articles"] == 1


def test_store_runs_record_and_finish(store):
    run_id = store.record_run({"inputs": ["a.jsonl"], "workers": 2})
    assert store.record_run() == run_id + 1
    report = RunReport(read=5)
    report.written.update({"articles": 3, "sentences": 40})
    report.skip(StoreError("bad", code="D507"), origin="a.jsonl:4")
    store.finish_run(run_id, report)  # the runner passes the report positionally
    run = store.runs()[0]
    assert (run["articles_read"], run["articles_written"], run["skipped"]) == (5, 3, 1)
    assert run["args"] == {"inputs": ["a.jsonl"], "workers": 2}
    assert run["finished_at"] >= run["started_at"]
    with pytest.raises(StoreError):
        store.finish_run(999, articles_read=1)


def _merged(mid, story, event_ids, **extra):
    row = {"id": mid, "event": "CONSULT", "mode": None, "actor_codes": ["NOR"], "recipient_codes": ["CAN"],
           "date": "2024-02-12", "end_date": None, "place_name": "Ottawa", "lat": 45.42, "lon": -75.7,
           "num_mentions": len(event_ids), "num_articles": 1, "num_sources": 1, "story_id": story,
           "goldstein": 1.0, "quad": 1, "intensity": 0.3, "event_ids": event_ids}
    row.update(extra)
    return row


def test_store_stories_replace_and_read_back(store):
    stories = [Story("s1", "Arctic patrol talks", "2024-02-12", "2024-02-14", ["b", "a"]),
               Story("s2", "Boat collision", None, None, ["c"])]
    merged = [_merged("m1", "s1", ["e2", "e1"]), _merged("m2", "s2", [], date=None)]
    written = store.replace_stories(stories, [("b", "a", 0.93)], merged)
    assert written["stories"] == 2 and written["story_members"] == 3 and written["merged_event_members"] == 2
    assert store.stories() == stories
    assert store.duplicates() == [{"article_id": "b", "original_id": "a", "similarity": 0.93}]
    assert store.merged_events() == merged
    assert store.merged_events(story_id="s2") == [merged[1]]
    assert store.sql("SELECT size FROM stories ORDER BY id") == [{"size": 2}, {"size": 1}]
    store.replace_stories([stories[1]], [], [])  # replaces, does not add
    assert store.stories() == [stories[1]] and store.duplicates() == [] and store.merged_events() == []
    assert store.counts()["merged_event_members"] == 0


@pytest.mark.parametrize(
    "stories,merged,code",
    [
        ([Story("s1", "x"), Story("s1", "y")], [], "D506"),
        ([], [_merged("m1", None, [], colour="red")], "D507"),
        ([], [_merged("m1", None, [], date="yesterday")], "D507"),
    ],
)
def test_store_stories_bad_input_leaves_previous(store, stories, merged, code):
    store.replace_stories([Story("old", "kept")], [], [])
    with pytest.raises(StoreError) as info:
        store.replace_stories(stories, [], merged)
    assert info.value.code == code
    assert store.stories() == [Story("old", "kept")]


def test_store_verify_finds_no_problems_after_writes(store):
    store.write([build(t) for t in TEXTS.values()])
    assert store.verify() == []


def test_store_verify_reports_tampered_spans(tmp_db):
    a = build(TEXTS["plain"])
    with open_store(tmp_db) as store:
        store.write([a])
    import duckdb

    con = duckdb.connect(str(tmp_db))
    con.execute("UPDATE mentions SET start = start + 1 WHERE seq = 0")
    con.close()
    with open_store(tmp_db, read_only=True) as store:
        problems = store.verify()
    assert len(problems) == 1 and problems[0].startswith("mentions: article " + a.article.id)


def test_store_batch_of_64_writes_fast(store):
    # 64 articles x ~30 sentences x ~40 spans: the brief asks for well under a second.
    batch = [numbered(2, k, 30) for k in range(64)]
    assert all(len(a.mentions) + len(a.events) >= 40 for a in batch)
    start = time.perf_counter()
    written = store.write(batch)
    elapsed = time.perf_counter() - start
    assert written["articles"] == 64 and written["sentences"] == 64 * 30
    assert elapsed < 1.5, f"batch write took {elapsed:.2f}s"


def test_store_empty_batch_writes_nothing(store):
    assert store.write([]) == {} and store.counts()["articles"] == 0


def test_store_article_without_spans(store):
    a = Analysis(Article(id="bare", text="Nothing happened."))
    assert store.write([a]) == {"articles": 1}
    _same(a, store.analysis("bare"))


def test_store_quote_index_never_downloads(store):
    store.write([build(TEXTS["quotes"])])
    available = store.quote_index()  # True only where the fts extension is installed locally
    assert isinstance(available, bool)
    if available:
        rows = store.sql("SELECT id, fts_main_quotes.match_bm25(id, ?) AS score FROM quotes", ["accept"])
        assert any(r["score"] for r in rows)
    assert store.sql("SELECT current_setting('autoinstall_known_extensions') AS v") == [{"v": False}]


def test_store_analyses_loads_only_the_span_tables_asked_for(store):
    a = build(TEXTS[sorted(TEXTS)[0]])
    store.write([a])
    some = next(store.analyses([a.article.id], spans=("mentions", "events")))
    assert some.article == a.article and some.mentions == a.mentions and some.events == a.events
    assert some.sentences == [] and some.places == [] and some.dates == [] and some.quotes == []
    with pytest.raises(StoreError) as info:
        next(store.analyses(spans=("nope",)))
    assert info.value.code == "D505"
