"""The FastAPI application: ``create_app(settings)``, served by ``angara serve``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from angara import __version__
from angara.api import edits, errors, figures, layers, reports, runs, scenarios, security, users
from angara.api.services import Services
from angara.api.settings import ServerSettings
from angara.store.database import open_database
from angara.store.queue import RunQueue
from angara.store.runs import interrupted
from angara.web import pages


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The API over the database and run queue that ``settings`` name.

    At start, runs left in flight by a previous server are marked failed.
    """
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(settings.db_url)
        with database.session() as db:
            interrupted(db)
        queue = RunQueue(database.url, settings.scheduler, settings.workers, settings.worker_processes)
        queue.start()
        app.state.services = Services(settings, database, queue)
        try:
            yield
        finally:
            queue.close()
            database.close()

    app = FastAPI(
        title="Angara",
        version=__version__,
        description="Plan a regional critical-metals cluster: scenarios, runs (plan, assessment, "
        "risk) and reference map layers.  Sign in with POST /api/auth/token (OAuth2 password flow).",
        lifespan=lifespan,
    )
    errors.install(app)

    @app.middleware("http")
    async def limit_upload(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        # refuse a body that announces itself too large before reading any of it
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > settings.max_upload_bytes:
            return JSONResponse(
                status_code=413,
                content={"detail": f"the request is larger than {settings.max_upload_bytes:,} bytes"},
            )
        return await call_next(request)

    @app.get("/api/health", tags=["server"])
    def health(request: Request) -> dict[str, Any]:
        """Whether the server and its database answer (no sign-in needed)."""
        services: Services = request.app.state.services
        with services.database.session(write=False) as db:
            db.execute(text("SELECT 1"))
        return {"status": "ok", "version": __version__, "scheduler": services.queue.address}

    for module in (security, users, scenarios, edits, runs, figures, reports, layers):
        app.include_router(module.router)
    pages.install(app)  # the pages for browsers (docs/web.md)
    return app
