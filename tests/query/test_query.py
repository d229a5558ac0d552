"""Query functions over the demo database: filters, dyad series, network, quote search, validation."""

from __future__ import annotations

import pytest

from detente import query
from detente.errors import QueryError


@pytest.fixture(scope="module")
def top(demo_store):
    rows = query.dyads(demo_store, limit=5)
    assert rows
    return rows[0]


def test_query_dyads_sorted_by_events(demo_store):
    rows = query.dyads(demo_store, limit=20)
    counts = [r["events"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert all(r["a"] < r["b"] for r in rows)


@pytest.mark.parametrize("by", ["day", "week", "month", "quarter", "year"])
def test_query_dyad_series_totals_agree_across_periods(demo_store, top, by):
    rows = query.dyad_series(demo_store, top["a"], top["b"], by=by)
    monthly = query.dyad_series(demo_store, top["a"], top["b"], by="month")
    assert sum(r["events"] for r in rows) == sum(r["events"] for r in monthly)
    assert [r["period"] for r in rows] == sorted(r["period"] for r in rows)


def test_query_dyad_series_counts_events_not_reports(demo_store, top):
    rows = query.dyad_series(demo_store, top["a"], top["b"])
    assert all(r["reports"] >= r["events"] for r in rows)
    merged = demo_store.sql("SELECT count(*) AS n FROM merged_event_members", [])[0]["n"]
    if merged:
        total_reports = sum(r["reports"] for r in rows)
        total_events = sum(r["events"] for r in rows)
        assert total_reports >= total_events


def test_query_directed_dyad_is_a_subset(demo_store, top):
    both = sum(r["events"] for r in query.dyad_series(demo_store, top["a"], top["b"]))
    ab = sum(r["events"] for r in query.dyad_series(demo_store, top["a"], top["b"], directed=True))
    ba = sum(r["events"] for r in query.dyad_series(demo_store, top["b"], top["a"], directed=True))
    assert ab <= both and ba <= both


def test_query_series_matches_sql_by_hand(demo_store, top):
    """The series is plain SQL over event_participants: recount by hand in Python."""
    rows = demo_store.sql(
        """SELECT e.id, e.negated, e.hypothetical, list(p.code) AS codes FROM events e
           JOIN event_participants p ON p.event_id = e.id GROUP BY ALL""", [])
    dated = {r["id"] for r in demo_store.sql(
        "SELECT e.id FROM events e JOIN articles a ON a.id = e.article_id WHERE coalesce(e.date, a.published) IS NOT NULL", [])}
    merged = {r["event_id"]: r["merged_id"] for r in demo_store.sql("SELECT * FROM merged_event_members", [])}
    keys = {merged.get(r["id"], r["id"]) for r in rows
            if {top["a"], top["b"]} <= set(r["codes"]) and not r["negated"] and not r["hypothetical"] and r["id"] in dated}
    assert sum(r["events"] for r in query.dyad_series(demo_store, top["a"], top["b"])) == len(keys)


def test_query_network_edges_are_directed_pairs(demo_store):
    net = query.actor_network(demo_store)
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"]
    for e in net["edges"]:
        assert e["source"] != e["target"] and {e["source"], e["target"]} <= ids and e["weight"] >= 1


def test_query_event_places_have_coordinates(demo_store):
    for p in query.event_places(demo_store):
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["events"] >= 1


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda s: query.dyad_series(s, "XYZ", "USA"), "D603"),
        (lambda s: query.dyad_series(s, "usa1", "CHN"), "D602"),
        (lambda s: query.dyad_series(s, "USA", "CHN", by="fortnight"), "D606"),
        (lambda s: query.list_events(s, since="2020-02-30"), "D604"),
        (lambda s: query.list_events(s, limit=0), "D605"),
        (lambda s: query.list_events(s, limit=query.MAX_PAGE + 1), "D605"),
        (lambda s: query.get_event(s, "missing"), "D601"),
        (lambda s: query.article_view(s, "missing"), "D601"),
        (lambda s: query.story_view(s, "missing"), "D601"),
    ],
)
def test_query_bad_parameters_raise_coded_errors(demo_store, call, code):
    with pytest.raises(QueryError) as info:
        call(demo_store)
    assert info.value.code == code


@pytest.mark.parametrize("hostile", ["'; DROP TABLE events; --", "CHN' OR '1'='1", "%", "_", "\\"])
def test_query_parameters_are_bound_not_formatted(demo_store, hostile):
    before = demo_store.counts()
    query.list_events(demo_store, place=hostile)
    query.search_quotes(demo_store, hostile)
    with pytest.raises(QueryError):
        query.list_events(demo_store, actor=hostile)
    assert demo_store.counts() == before


def test_query_quote_search_ranks_matches(demo_store):
    everything = query.search_quotes(demo_store, "")
    assert everything["total"] > 0
    sample = everything["items"][0]["text"]
    word = max(sample.split(), key=len).strip(".,;:!?\"'“”")
    hits = query.search_quotes(demo_store, word)["items"]
    assert hits and any(h["text"] == sample for h in hits)


def test_query_merged_events_carry_their_reports(demo_store, top):
    page = query.merged_events(demo_store, dyad=(top["a"], top["b"]), limit=100)
    assert page["items"]
    for m in page["items"]:
        assert {top["a"], top["b"]} <= set(m["actor_codes"]) | set(m["recipient_codes"])
        assert len(m["reports"]) == m["num_mentions"]
        assert len({r["article_id"] for r in m["reports"]}) == m["num_articles"]
        assert m["num_sources"] <= m["num_articles"]
        for r in m["reports"]:
            assert r["evidence"]


def test_query_merged_events_count_once_what_many_report(demo_store):
    rows = query.merged_events(demo_store, limit=500)["items"]
    assert any(m["num_articles"] > 1 for m in rows), "the demo corpus retells stories across outlets"
