"""The server's application: ``create_app(settings)``, served by ``angara serve``.

It composes the REST API's routers (:mod:`angara.server.api`) and the pages
(:mod:`angara.server.web`) over the services they share (:mod:`angara.server.services`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from angara import __version__
from angara.server.api import (
    edits,
    errors,
    figures,
    health,
    layers,
    reports,
    runs,
    scenarios,
    security,
    users,
)
from angara.server.api.throttle import SignInThrottle
from angara.server.gate import RequestGate
from angara.server.jobs.queue import RunQueue
from angara.server.services import Services
from angara.server.settings import ServerSettings
from angara.server.store.database import open_database
from angara.server.store.runs import interrupted
from angara.server.web import api_docs, pages

API_ROUTERS = (health, security, users, scenarios, edits, runs, figures, reports, layers)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The API and pages over the database and run queue that ``settings`` name.

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
        docs_url=None,  # served offline by angara.server.web.api_docs
        redoc_url=None,
    )
    errors.install(app)

    app.state.sign_in_throttle = SignInThrottle(
        settings.sign_in_failures_per_account,
        settings.sign_in_failures_per_address,
        settings.sign_in_window_s,
    )
    # sign-in checked before a body is read, bodies counted as they arrive, security headers
    app.add_middleware(
        RequestGate,
        max_body_bytes=settings.max_upload_bytes,
        max_sign_in_bytes=settings.max_sign_in_bytes,
    )
    for module in API_ROUTERS:
        app.include_router(module.router)
    api_docs.install(app)  # before the pages' /static mount, which would shadow its files
    pages.install(app)  # the pages for browsers (docs/web.md)
    return app
