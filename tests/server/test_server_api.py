"""The REST API, in-process against a real DuckDB built from the demo corpus."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient

from detente.server import create_app


@pytest.fixture(scope="module")
def client(demo_db):
    with TestClient(create_app(demo_db)) as c:
        yield c


@pytest.fixture(scope="module")
def top_dyad(client):
    items = client.get("/api/dyads").json()["items"]
    assert items, "the demo corpus must produce dyads"
    return items[0]["a"], items[0]["b"]


def _is_error(resp, status, code):
    body = resp.json()
    assert resp.status_code == status, body
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]["message"]


def test_server_health(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["counts"]["articles"] > 0 and body["ingest"] is False


def test_server_dyad_series_has_periods(client, top_dyad):
    a, b = top_dyad
    body = client.get(f"/api/dyads/{a}/{b}/series", params={"by": "month"}).json()
    assert body["items"]
    for row in body["items"]:
        assert row["events"] >= 1 and sum(row["by_type"].values()) == row["events"]
        assert row["mean_goldstein"] is None or -10 <= row["mean_goldstein"] <= 10


def test_server_timeline_evidence_slices_article_text(client, top_dyad):
    a, b = top_dyad
    items = client.get(f"/api/dyads/{a}/{b}/timeline").json()["items"]
    assert items
    dates = [e["date"] for e in items if e["date"]]
    assert dates == sorted(dates)
    for e in items[:10]:
        art = client.get(f"/api/articles/{e['article_id']}").json()["article"]
        assert art["text"][e["start"]:e["end"]] == e["evidence"]
        assert art["text"][e["anchor_start"]:e["anchor_end"]] == e["anchor_text"]
        assert {a, b} <= set(e["actor_codes"]) | set(e["recipient_codes"])


@pytest.mark.parametrize(
    "params",
    [{"type": "ACCUSE"}, {"since": "2020-01-01", "until": "2021-12-31"}, {"flagged": "true"}, {"limit": 5}],
)
def test_server_events_filters(client, params):
    body = client.get("/api/events", params=params).json()
    assert body["total"] >= len(body["items"])
    for e in body["items"]:
        if "type" in params:
            assert e["event"] == params["type"]
        if "since" in params and e["date"]:
            assert params["since"] <= e["date"] <= params["until"]
        if "flagged" not in params:
            assert not e["negated"] and not e["hypothetical"]


def test_server_article_view_spans_slice_text(client):
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    body = client.get(f"/api/articles/{event['article_id']}").json()
    text = body["article"]["text"]
    for kind in ("sentences", "mentions", "places", "dates", "quotes"):
        for span in body[kind]:
            assert text[span["start"]:span["end"]] == span["text"], kind
    assert any(e["id"] == event["id"] for e in body["events"])


def test_server_event_by_id(client):
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/api/events/{event['id']}").json()["id"] == event["id"]


def test_server_quote_search(client):
    all_quotes = client.get("/api/quotes").json()
    assert all_quotes["total"] > 0
    sample = all_quotes["items"][0]
    word = max(sample["text"].split(), key=len).strip(".,;:!?\"'“”")
    hits = client.get("/api/quotes", params={"q": word}).json()["items"]
    # BM25 over stemmed words: "consulted" also finds "consultations"; the quote it came from is found
    assert any(h["id"] == sample["id"] for h in hits)
    scores = [h["score"] for h in hits if h["score"] is not None]
    assert scores == sorted(scores, reverse=True)


def test_server_merged_events_with_sources(client, top_dyad):
    a, b = top_dyad
    body = client.get("/api/merged-events", params={"a": a, "b": b}).json()
    assert body["items"]
    for m in body["items"]:
        assert len(m["reports"]) == m["num_mentions"] and m["num_sources"] <= m["num_articles"]


@pytest.mark.parametrize("path", ["/api/stories", "/api/network", "/api/places", "/api/actors"])
def test_server_views_answer_json(client, path):
    assert client.get(path).status_code == 200


def test_server_dashboard_and_openapi_served(client):
    assert "detente" in client.get("/").text
    assert client.get("/static/app.js").status_code == 200
    assert "/api/dyads" in str(client.get("/openapi.json").json()["paths"])


@pytest.mark.parametrize(
    "path, params, status, code",
    [
        ("/api/dyads/XYZ/USA/series", {}, 404, "D603"),
        ("/api/dyads/C1/USA/series", {}, 400, "D602"),
        ("/api/events", {"since": "2020-13-45"}, 400, "D604"),
        ("/api/events", {"since": "last tuesday"}, 400, "D604"),
        ("/api/events", {"limit": 100000}, 400, "D605"),
        ("/api/events", {"offset": -1}, 400, "D605"),
        ("/api/events", {"limit": "many"}, 422, "D608"),
        ("/api/events", {"a": "CHN"}, 400, "D602"),
        ("/api/events/nope", {}, 404, "D601"),
        ("/api/articles/nope", {}, 404, "D601"),
        ("/api/no/such/route", {}, 404, "D601"),
        ("/static/../../../../etc/passwd", {}, 404, "D601"),
        ("/api/quotes", {"q": "x" * 600}, 400, "D607"),
    ],
)
def test_server_bad_requests_get_one_error_shape(client, path, params, status, code):
    _is_error(client.get(path, params=params), status, code)


def test_server_ingest_refused_without_configured_token(client):
    _is_error(client.post("/api/articles", json={"articles": [{"text": "x"}]}), 403, "D612")


@pytest.fixture()
def writable_client(demo_db, tmp_path, nlp):
    from detente.run import Pipeline

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    with TestClient(create_app(path, token="s3cret", max_body_bytes=50_000, pipeline=Pipeline(nlp=nlp))) as c:
        yield c


ARTICLE = {
    "title": "Navies hold joint drill",
    "date": "2024-05-02",
    "source": "Test Wire",
    "text": (
        "MANILA - The Philippine and Japanese navies held a joint exercise in the South China Sea on Tuesday, "
        "the Philippine defence ministry said.\n\nChina's foreign ministry condemned the drill as a provocation."
    ),
}


@pytest.mark.parametrize(
    "headers, status, code",
    [({}, 401, "D611"), ({"Authorization": "Bearer wrong"}, 401, "D611"), ({"X-Detente-Token": "nope"}, 401, "D611")],
)
def test_server_ingest_needs_the_token(writable_client, headers, status, code):
    before = writable_client.get("/api/health").json()["counts"]["articles"]
    _is_error(writable_client.post("/api/articles", json={"articles": [ARTICLE]}, headers=headers), status, code)
    assert writable_client.get("/api/health").json()["counts"]["articles"] == before


def test_server_ingest_with_token_writes_once(writable_client):
    headers = {"Authorization": "Bearer s3cret"}
    before = writable_client.get("/api/health").json()["counts"]["articles"]
    first = writable_client.post("/api/articles", json={"articles": [ARTICLE, {"title": "no text"}]}, headers=headers)
    assert first.status_code == 200, first.json()
    body = first.json()
    assert body["articles"][0]["new"] is True and body["skipped"][0]["code"] == "D105"
    again = writable_client.post("/api/articles", json={"articles": [ARTICLE]}, headers=headers).json()
    assert again["articles"][0]["new"] is False
    assert writable_client.get("/api/health").json()["counts"]["articles"] == before + 1


def test_server_oversized_body_refused(writable_client):
    headers = {"Authorization": "Bearer s3cret"}
    big = {"articles": [{"text": "word " * 20_000}]}
    _is_error(writable_client.post("/api/articles", json=big, headers=headers), 413, "D609")


def test_server_binds_loopback_by_default():
    import inspect

    from detente.server import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
