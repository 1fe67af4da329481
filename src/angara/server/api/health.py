"""Whether the server answers: no sign-in needed."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from angara import __version__
from angara.server.services import services

router = APIRouter(tags=["server"])


@router.get("/api/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the server and its database answer (no sign-in needed)."""
    running = services(request)
    with running.database.session(write=False) as db:
        db.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "scheduler": running.queue.address}
