"""The REST API and web dashboard (``detente serve``)."""

from ._app import DEFAULT_MAX_BODY, MAX_INGEST_ARTICLES, create_app

__all__ = ["create_app", "serve", "DEFAULT_MAX_BODY", "MAX_INGEST_ARTICLES"]


def serve(db, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> None:
    """Serve the API and dashboard over ``db``. Binds to loopback unless told otherwise."""
    import uvicorn

    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info")
