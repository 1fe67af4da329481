"""The server's application: ``create_app(settings)``, served by ``angara serve``.

It composes the REST API's routers (:mod:`angara.server.api`) and the pages
(:mod:`angara.server.web`) over the services they share (:mod:`angara.server.services`).
"""

from __future__ import annotations

import contextlib
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
from angara.server.jobs.watchdog import Watchdog
from angara.server.services import Services
from angara.server.settings import ServerSettings
from angara.server.store import lease
from angara.server.store.database import open_database
from angara.server.store.runs import interrupted
from angara.server.web import api_docs, pages

API_ROUTERS = (health, security, users, scenarios, edits, runs, figures, reports, layers)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """The API and pages over the database and run queue that ``settings`` name.

    At start, the server takes the database's lease (:class:`LeaseHeld` if another live
    server holds it), then marks failed the runs a previous server left in flight; while it
    runs, a watchdog keeps the lease fresh and fails runs whose worker went silent.
    """
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = open_database(settings.db_url)
        holder = lease.Holder.this_process()
        try:
            with database.session() as db:
                lease.acquire(db, holder)
        except BaseException:
            database.close()
            raise
        watchdog = Watchdog(database, holder)
        queue = RunQueue(
            database.url,
            settings.scheduler,
            settings.workers,
            settings.worker_processes,
            settings.scheduler_tls,
        )
        try:
            with database.session() as db:  # only now: no other live server is doing them
                interrupted(db)
            queue.start()
            watchdog.start()
            app.state.services = Services(settings, database, queue)
            yield
        finally:
            watchdog.stop()
            queue.close()
            # a database gone: the lease goes stale instead
            with contextlib.suppress(Exception), database.session() as db:
                lease.release(db, holder)
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
