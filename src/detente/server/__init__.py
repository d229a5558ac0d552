"""The REST API and dashboard (``detente serve``).

The server holds no connection to the database between requests, so ``detente run`` can write
new articles while it serves (see :mod:`detente.server._db` and docs/reliability.md).
"""

from ._app import DEFAULT_BODY_TIMEOUT, DEFAULT_MAX_BODY, MAX_INGEST_ARTICLES, RETRY_AFTER_SECONDS, create_app
from ._db import LOCK_WAIT_SECONDS

__all__ = [
    "create_app",
    "serve",
    "server_config",
    "DEFAULT_MAX_BODY",
    "DEFAULT_BODY_TIMEOUT",
    "MAX_INGEST_ARTICLES",
    "RETRY_AFTER_SECONDS",
    "LOCK_WAIT_SECONDS",
    "MAX_CONNECTIONS",
    "KEEP_ALIVE_SECONDS",
]

# Open connections beyond this get 503 from uvicorn at once: a flood of slow clients cannot
# exhaust memory or file descriptors, and 64 is far above what a team's browsers open.
MAX_CONNECTIONS = 64
# Idle keep-alive connections are closed after this many seconds (uvicorn's default, stated).
KEEP_ALIVE_SECONDS = 5


def server_config(app, *, host: str = "127.0.0.1", port: int = 8765, log_level: str = "info"):
    """The uvicorn configuration ``serve`` uses: loopback by default, connection and idle caps."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        server_header=False,
    )


def serve(db, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> None:
    """Serve the API and dashboard over ``db``. Binds to loopback unless told otherwise."""
    import uvicorn

    uvicorn.Server(server_config(create_app(db, token=token), host=host, port=port)).run()
