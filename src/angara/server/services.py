"""What the API and the pages share: the settings, the database and the run queue of the
running server, database sessions per request, the browser session's account, a run's
results and a stored scenario.

Both :mod:`angara.server.api` and :mod:`angara.server.web` use this module; neither
imports the other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from angara.results.read import RunResults, results_from_files
from angara.scenario.load import builtin_names, load
from angara.scenario.model import Scenario
from angara.server.jobs.queue import RunQueue
from angara.server.settings import ServerSettings
from angara.server.store.database import Database, NotFound
from angara.server.store.runs import RunInfo, get_run, result
from angara.server.store.scenarios import load_version
from angara.server.store.users import Account, account_for_token

SESSION_COOKIE = "angara_session"  # a browser's session token (HttpOnly)
CSRF_COOKIE = "angara_csrf"  # its CSRF token, readable by the pages' scripts


@dataclass
class Services:
    settings: ServerSettings
    database: Database
    queue: RunQueue


def services(request: Request) -> Services:
    """The running server's services (set up by the app's lifespan)."""
    found: Services = request.app.state.services
    return found


def writing(request: Request) -> Iterator[Session]:
    """A database session for a route that writes: committed when the route succeeds."""
    with services(request).database.session(write=True) as opened:
        yield opened


def reading(request: Request) -> Iterator[Session]:
    """A database session for a route that only reads (it never waits for writers)."""
    with services(request).database.session(write=False) as opened:
        yield opened


def browser_account(request: Request, db: Session) -> Account | None:
    """The account of the request's browser session, if the session is valid."""
    cookie = request.cookies.get(SESSION_COOKIE)
    found = account_for_token(db, cookie, "session") if cookie else None
    return found[0] if found else None


def run_results(db: Session, run_id: int) -> tuple[RunInfo, RunResults]:
    """A finished run and its results; :class:`NotFound` while it has none."""
    info = get_run(db, run_id)
    files = {name: result(db, run_id, name)[0] for name in info.results if name.endswith((".json", ".csv"))}
    if "plan.json" not in files or "assessment.json" not in files:
        raise NotFound(f"run {run_id} has no results (it is {info.status})")
    return info, results_from_files(files, f"run {run_id}")


def stored_scenario(db: Session, name: str, version: int | None = None) -> tuple[int | None, Scenario]:
    """A stored version of ``name`` (the latest by default) with its number; a built-in
    scenario not stored yet is read from the package (number None)."""
    try:
        info, scenario = load_version(db, name, version)
    except NotFound:
        if version is None and name in builtin_names():
            return None, load(name)
        raise
    return info.number, scenario
