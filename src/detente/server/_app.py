"""The REST API and the dashboard, served by one FastAPI app.

Every view is JSON under ``/api``; the dashboard (``/``) is static files bundled in the package
(no CDN). Errors have one shape, whatever raised them::

    {"error": {"status": 404, "code": "D603", "message": "no events with actor code 'XYZ' ..."}}

Read-only by default. ``POST /api/articles`` (ingestion) needs the token given at start-up, sent as
``Authorization: Bearer TOKEN``; without a configured token it is refused. Request bodies are
capped (``max_body_bytes``) and must arrive within ``body_timeout`` seconds (else 408, D613);
pages are capped (``query.MAX_PAGE``).

Concurrency: the server never holds the database between requests, so ``detente run`` can
write new articles into the file it serves. Each request reads through a short-lived read-only
connection shared by the requests of one burst (:mod:`._db`); ingestion opens the file
writable only for its one transaction. While a writer holds the file, requests wait for it (up
to ``lock_wait`` seconds, 10 by default) and then answer 503, code D504, with ``Retry-After``.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import query
from ..errors import DetenteError, QueryError, StoreError
from ._db import LOCK_WAIT_SECONDS, Database

__all__ = ["create_app", "DEFAULT_MAX_BODY", "DEFAULT_BODY_TIMEOUT", "MAX_INGEST_ARTICLES", "RETRY_AFTER_SECONDS"]

# 2 MB: a batch of a few dozen news articles as JSON; larger uploads should use `detente run`.
DEFAULT_MAX_BODY = 2_000_000
# Articles per ingestion request: coding is ~0.1 s per article, so this keeps a request under a minute.
MAX_INGEST_ARTICLES = 100
# Seconds a client has to send its whole body: 2 MB arrives in well under a second on any live
# link; a client dribbling bytes (slowloris) is cut off instead of holding a connection for ever.
DEFAULT_BODY_TIMEOUT = 30.0
# Told to clients refused with 503 while a run holds the database: about one batch write.
RETRY_AFTER_SECONDS = 2

_STATUS = {"D601": 404, "D603": 404}  # QueryError codes that mean "not found"; the rest are 400


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}}, status_code=status,
                        headers=headers)


class _BodyLimit:
    """ASGI middleware refusing bodies over the cap (by Content-Length and while streaming) or too slow."""

    def __init__(self, app, max_bytes: int, timeout: float = DEFAULT_BODY_TIMEOUT):
        self.app, self.max_bytes, self.timeout = app, max_bytes, timeout

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = _error(413, "D609", f"request body over {self.max_bytes} bytes")
        if length is not None:
            try:
                if int(length) > self.max_bytes:
                    return await too_big(scope, receive, send)
            except ValueError:
                return await _error(400, "D609", "bad Content-Length")(scope, receive, send)
        seen = 0
        done = False
        deadline = asyncio.get_running_loop().time() + self.timeout

        async def limited_receive():
            nonlocal seen, done
            if done:  # the body is in; later receives wait for a disconnect and need no deadline
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(deadline - asyncio.get_running_loop().time(), 0))
            except asyncio.TimeoutError:
                raise _TooSlow() from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge()
                done = not message.get("more_body", False)
            else:
                done = True
            return message

        try:
            return await self.app(scope, limited_receive, send)
        except _TooLarge:
            return await too_big(scope, receive, send)
        except _TooSlow:
            return await _error(408, "D613", f"request body not received within {self.timeout:g} s")(
                scope, receive, send)


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY,
    body_timeout: float = DEFAULT_BODY_TIMEOUT,
    lock_wait: float = LOCK_WAIT_SECONDS,
    pipeline=None,
) -> FastAPI:
    """The app over the database at ``db``. ``token`` enables ingestion; ``pipeline`` is injectable.

    Nothing is held open: see the module docstring for the concurrency model and ``lock_wait``.
    """
    if not Path(db).is_file():
        raise StoreError(f"no database at {db}; run `detente run --db {db}` first", code="D501")
    database = Database(db, lock_wait=lock_wait)

    app = FastAPI(
        title="detente",
        version=__import__("detente").__version__,
        description="Political event data: events, dyads, quotes, stories. Every record carries its evidence.",
    )
    # One coding at a time: the spaCy pipeline is shared and ingestion requests run on worker threads.
    state: dict[str, Any] = {"pipeline": pipeline, "coding": threading.Lock()}
    static = Path(str(resources.files("detente.server").joinpath("static")))

    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError):
        return _error(_STATUS.get(exc.code, 400), exc.code, exc.message)

    @app.exception_handler(DetenteError)
    async def _detente_error(request: Request, exc: DetenteError):
        if exc.code == "D504":  # a run holds the file: a temporary condition, say when to come back
            return _error(503, exc.code, exc.message, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        return _error(500 if exc.code.startswith("D5") else 400, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return _error(422, "D608", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = {404: "D601", 405: "D610", 401: "D611", 403: "D612"}.get(exc.status_code, "D600")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        return _error(500, "D000", f"internal error: {type(exc).__name__}")

    # ---- JSON API -------------------------------------------------------------------------------

    @app.get("/api/health")
    def health():
        with database.read() as store:
            counts = store.counts()
        return {"status": "ok", "database": str(database.path), "counts": counts, "ingest": token is not None}

    @app.get("/api/dyads")
    def dyads(limit: int = Query(50, ge=1, le=query.MAX_PAGE)):
        with database.read() as store:
            return {"items": query.dyads(store, limit=limit)}

    @app.get("/api/dyads/{a}/{b}/series")
    def dyad_series(a: str, b: str, by: str = "month", directed: bool = False, since: str | None = None,
                    until: str | None = None):
        with database.read() as store:
            return {"a": a.upper(), "b": b.upper(), "by": by,
                    "items": query.dyad_series(store, a, b, by=by, directed=directed, since=since, until=until)}

    @app.get("/api/dyads/{a}/{b}/timeline")
    def dyad_timeline(a: str, b: str, since: str | None = None, until: str | None = None,
                      limit: int = 100, offset: int = 0):
        with database.read() as store:
            return query.dyad_timeline(store, a, b, since=since, until=until, limit=limit, offset=offset)

    @app.get("/api/events")
    def events(actor: str | None = None, recipient: str | None = None, a: str | None = None,
               b: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, place: str | None = None, article: str | None = None,
               flagged: bool = False, limit: int = 50, offset: int = 0):
        dyad = (a, b) if a and b else None
        if bool(a) != bool(b):
            raise QueryError("a dyad needs both a and b", code="D602")
        with database.read() as store:
            return query.list_events(store, actor=actor, recipient=recipient, dyad=dyad, event_type=type,
                                     since=since, until=until, place=place, article_id=article,
                                     include_flagged=flagged, limit=limit, offset=offset)

    @app.get("/api/events/{event_id}")
    def event(event_id: str):
        with database.read() as store:
            return query.get_event(store, event_id)

    @app.get("/api/articles/{article_id}")
    def article(article_id: str):
        with database.read() as store:
            return query.article_view(store, article_id)

    @app.get("/api/quotes")
    def quotes(q: str = "", speaker: str | None = None, limit: int = 50, offset: int = 0):
        with database.read() as store:
            return query.search_quotes(store, q, speaker=speaker, limit=limit, offset=offset)

    @app.get("/api/actors")
    def actors(limit: int = Query(50, ge=1, le=query.MAX_PAGE)):
        with database.read() as store:
            return {"items": query.actor_counts(store, limit=limit)}

    @app.get("/api/merged-events")
    def merged(a: str | None = None, b: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, story: str | None = None, limit: int = 50, offset: int = 0):
        """One record per real-world event, with its reports, articles and sources counted."""
        if bool(a) != bool(b):
            raise QueryError("a dyad needs both a and b", code="D602")
        with database.read() as store:
            return query.merged_events(store, dyad=(a, b) if a else None, event_type=type, since=since,
                                       until=until, story_id=story, limit=limit, offset=offset)

    @app.get("/api/stories")
    def stories(limit: int = 50, offset: int = 0):
        with database.read() as store:
            return query.list_stories(store, limit=limit, offset=offset)

    @app.get("/api/stories/{story_id}")
    def story(story_id: str):
        with database.read() as store:
            return query.story_view(store, story_id)

    @app.get("/api/network")
    def network(since: str | None = None, until: str | None = None, min_weight: int = Query(1, ge=1)):
        with database.read() as store:
            return query.actor_network(store, since=since, until=until, min_weight=min_weight)

    @app.get("/api/places")
    def places(since: str | None = None, until: str | None = None, type: str | None = None):
        with database.read() as store:
            return {"items": query.event_places(store, since=since, until=until, event_type=type)}

    @app.post("/api/articles")
    async def ingest(request: Request):
        """Code and store articles: ``{"articles": [{"text", "title"?, "date"?, "url"?, "source"?, "id"?}]}``."""
        if token is None:
            return _error(403, "D612", "ingestion is disabled: start the server with a token")
        given = request.headers.get("authorization", "")
        given = given[7:] if given.lower().startswith("bearer ") else request.headers.get("x-detente-token", "")
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            return _error(401, "D611", "missing or wrong token")
        try:
            payload = await request.json()
        except ValueError:
            return _error(400, "D104", "body is not valid JSON")
        items = payload.get("articles") if isinstance(payload, dict) else None
        if not isinstance(items, list) or not items:
            return _error(400, "D104", "body must be {\"articles\": [ ... ]} with at least one article")
        if len(items) > MAX_INGEST_ARTICLES:
            return _error(413, "D609", f"at most {MAX_INGEST_ARTICLES} articles per request")
        return await run_in_threadpool(_ingest, database, state, items)  # spaCy must not block the loop

    # ---- dashboard ------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(static / "index.html")

    app.mount("/static", StaticFiles(directory=static), name="static")
    app.add_middleware(_BodyLimit, max_bytes=max_body_bytes, timeout=body_timeout)
    app.state.database = database
    return app


def _ingest(database: Database, state: dict[str, Any], items: list[Any]) -> JSONResponse:
    from ..records import RawRecord
    from ..report import RunReport
    from ..run import Pipeline

    report = RunReport()
    raws = []
    for n, item in enumerate(items, 1):
        report.read += 1
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            from ..errors import MissingField

            report.skip(MissingField("missing or empty 'text'", origin=f"articles[{n}]"))
            continue
        fields = {k: item[k] for k in ("title", "date", "url", "source", "id") if isinstance(item.get(k), str)}
        raws.append(RawRecord(item["text"], origin=f"articles[{n}]", fields=fields, format="api"))
    with state["coding"]:
        if state["pipeline"] is None:
            state["pipeline"] = Pipeline()
        analyses = list(state["pipeline"].process(raws, report))  # coded before the file is opened
    with database.write() as store:
        stored = store.has_articles([a.article.id for a in analyses])
        new = [a for a in analyses if a.article.id not in stored]
        written = store.write(new, report=report) if new else {}
    return JSONResponse(
        {
            "articles": [{"id": a.article.id, "new": a.article.id not in stored, "events": len(a.events)}
                         for a in analyses],
            "written": dict(written),
            "skipped": [{"origin": s.origin, "code": s.code, "message": s.reason} for s in report.skips],
        },
        status_code=200,
    )
