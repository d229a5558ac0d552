"""The server under attack: traversal, SQL injection, tokens, huge and slow bodies. All refused
with the one error shape, nothing written."""

from __future__ import annotations

import json
import shutil
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.server import create_app
from detente.store import open_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from reliability_helpers import LiveServer  # noqa: E402  (uvicorn in a thread)

TOKEN = "correct-horse-battery"
INJECTIONS = [
    "' OR '1'='1",
    "CHN' OR 1=1 --",
    "x'; DROP TABLE articles; --",
    "1; DELETE FROM events",
    "\" OR \"\"=\"",
    "') UNION SELECT text, text, text FROM articles --",
    "%' AND 1=0 UNION ALL SELECT NULL --",
]


def _is_error(resp, status=None):
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}, body
    assert body["error"]["status"] == resp.status_code and body["error"]["code"].startswith("D")
    if status is not None:
        assert resp.status_code == status, body
    return body["error"]


@pytest.fixture(scope="module")
def writable_db(demo_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("attacks") / "copy.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def client(writable_db, nlp):
    from detente.run import Pipeline

    app = create_app(writable_db, token=TOKEN, max_body_bytes=20_000, body_timeout=1.0,
                     pipeline=Pipeline(nlp=nlp))
    with TestClient(app) as c:
        yield c


def _counts(db) -> dict:
    with open_store(db, read_only=True) as store:
        return store.counts()


def _get_params(client) -> list[tuple[str, str, str]]:
    spec = client.get("/openapi.json").json()
    out = []
    for path, ops in spec["paths"].items():
        if "get" not in ops:
            continue
        for param in ops["get"].get("parameters", []):
            out.append((path, param["name"], param["in"]))
    return out


def test_server_attacks_openapi_lists_the_parameters(client):
    params = _get_params(client)
    assert ("/api/events", "actor", "query") in params and ("/api/events/{event_id}", "event_id", "path") in params
    assert len(params) >= 30


def test_server_sql_injection_through_every_parameter(client, writable_db):
    before = _counts(writable_db)
    params = _get_params(client)
    tried = 0
    for path, name, where in params:
        for payload in INJECTIONS:
            if where == "path":
                url = path
                for other in ("a", "b", "event_id", "article_id", "story_id"):
                    url = url.replace("{" + other + "}", "CHN" if other in ("a", "b") else "x")
                url = path.replace("{" + name + "}", payload.replace("/", "%2F").replace("?", "%3F")
                                   .replace("#", "%23").replace("%'", "%25'"))
                for other in ("a", "b"):
                    url = url.replace("{" + other + "}", "CHN")
                resp = client.get(url)
            else:
                resp = client.get(path.replace("{a}", "CHN").replace("{b}", "USA").replace("{event_id}", "x")
                                  .replace("{article_id}", "x").replace("{story_id}", "x"), params={name: payload})
            tried += 1
            assert resp.status_code in (200, 400, 404, 422), (path, name, payload, resp.text[:300])
            if resp.status_code != 200:
                _is_error(resp)
            elif name in ("actor", "recipient", "type", "place", "article", "speaker") and "total" in resp.json():
                assert resp.json()["total"] == 0, (path, name, payload)  # a filter, never a predicate
    assert tried >= 30 * len(INJECTIONS)
    assert _counts(writable_db) == before


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN.upper()}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"X-Detente-Token": ""},
        {"X-Detente-Token": "' OR 1=1 --"},
        {"Cookie": f"token={TOKEN}"},
    ],
)
def test_server_ingest_wrong_or_missing_token_refused(client, writable_db, headers):
    before = _counts(writable_db)
    body = {"articles": [{"text": "Norway expelled two Russian diplomats on Monday, the foreign ministry said."}]}
    _is_error(client.post("/api/articles", json=body, headers=headers), 401)
    _is_error(client.post(f"/api/articles?token={TOKEN}", json=body), 401)
    assert _counts(writable_db) == before


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_server_other_write_methods_refused(client, writable_db, method):
    before = _counts(writable_db)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    for path in ("/api/articles", "/api/events", "/api/stories/x", "/api/health"):
        _is_error(getattr(client, method)(path, headers=headers), 405)
    assert _counts(writable_db) == before


@pytest.mark.parametrize(
    "body, status",
    [
        (b"x" * 20_001, 413),  # over the cap by Content-Length
        (b"{\"articles\": [" + b"1," * 15_000 + b"1]}", 413),
        (b"not json", 400),
        (b"[]", 400),
        (b"{\"articles\": 5}", 400),
        (b"{\"articles\": [" + b"{}," * 150 + b"{}]}", 413),  # over MAX_INGEST_ARTICLES
        (b"\xff\xfe\x00\x00", 400),
    ],
)
def test_server_hostile_bodies_refused(client, writable_db, body, status):
    before = _counts(writable_db)
    resp = client.post("/api/articles", content=body,
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    _is_error(resp, status)
    assert _counts(writable_db) == before


def test_server_injection_in_ingested_fields_is_stored_as_text(client, writable_db):
    before = _counts(writable_db)
    title = "x'); DROP TABLE articles; --"
    text = ("Chile held joint naval exercises with Peru on Friday, the Chilean navy said in a statement. "
            "'); DELETE FROM events; -- was written on a banner.")
    resp = client.post("/api/articles", json={"articles": [{"text": text, "title": title}]},
                       headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 200, resp.text
    after = _counts(writable_db)
    assert after["articles"] == before["articles"] + 1 and after["events"] >= before["events"]
    article_id = resp.json()["articles"][0]["id"]
    assert client.get(f"/api/articles/{article_id}").json()["article"]["title"] == title


@pytest.fixture(scope="module")
def live(writable_db):
    with LiveServer(create_app(writable_db, token=TOKEN, max_body_bytes=20_000, body_timeout=1.0)) as server:
        yield server


def _raw(port: int, request: bytes, timeout: float = 10.0) -> tuple[int, bytes]:
    """Send bytes exactly as given (no client-side path normalisation) and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/static/%252e%252e/%252e%252e/etc/passwd",
        "/static/..%5c..%5c..%5cetc%5cpasswd",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/....//....//etc/passwd",
        "/static/app.js%00../../../../etc/passwd",
        "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/static/../../src/detente/server/_app.py",
        "//etc/passwd",
    ],
)
def test_server_path_traversal_refused(live, path):
    status, body = _raw(live.port, f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
    assert status in (400, 404), (status, body[:200])
    assert b"root:" not in body and b"def create_app" not in body
    if status == 404:
        error = json.loads(body)["error"]
        assert error["status"] == 404 and error["code"] == "D601"


def test_server_slow_body_cut_off(live, writable_db):
    """A client dribbling its body byte by byte gets 408 after body_timeout, not a worker for ever."""
    before = _counts(writable_db)
    body = json.dumps({"articles": [{"text": "Kenya promised aid to Somalia on Monday, officials said."}]}).encode()
    head = (f"POST /api/articles HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TOKEN}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    result: dict = {}

    def dribble():
        with socket.create_connection(("127.0.0.1", live.port), timeout=15) as sock:
            sock.sendall(head)
            started = time.monotonic()
            try:
                for byte in body:
                    sock.sendall(bytes([byte]))
                    time.sleep(0.2)
                    if sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT):
                        break
            except (BlockingIOError, OSError):
                pass
            data = b""
            try:
                while chunk := sock.recv(65536):
                    data += chunk
            except OSError:
                pass
            result.update(elapsed=time.monotonic() - started, data=data)

    thread = threading.Thread(target=dribble)
    thread.start()
    # Meanwhile the server answers everyone else.
    status, _ = _raw(live.port, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
    assert status == 200
    thread.join(timeout=30)
    assert result, "the slow client was never answered"
    assert b" 408 " in result["data"].split(b"\r\n")[0] and b"D613" in result["data"], result["data"][:300]
    assert result["elapsed"] < 8
    assert _counts(writable_db) == before


def test_server_answers_503_with_retry_after_while_locked(writable_db, tmp_path):
    """While another process holds the write lock past lock_wait: 503, D504, Retry-After."""
    import subprocess

    db = tmp_path / "locked.duckdb"
    shutil.copy(writable_db, db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with TestClient(create_app(db, lock_wait=0.5)) as c:
            t0 = time.monotonic()
            resp = c.get("/api/events")
            waited = time.monotonic() - t0
            error = _is_error(resp, 503)
            assert error["code"] == "D504" and int(resp.headers["retry-after"]) > 0
            assert 0.2 < waited < 5  # it waits (backing off) up to lock_wait, then gives up
            holder.stdin.close()
            holder.wait(timeout=30)
            assert c.get("/api/events").status_code == 200  # and answers again once the writer is gone
    finally:
        holder.kill()
        holder.wait(timeout=30)
