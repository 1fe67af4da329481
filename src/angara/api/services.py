"""What every request can reach: the settings, the database and the run queue."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from angara.api.settings import ServerSettings
from angara.store.database import Database
from angara.store.queue import RunQueue


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
