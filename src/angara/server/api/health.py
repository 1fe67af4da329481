"""Whether the server answers (no sign-in needed), and for an admin where its runs go."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from angara import __version__
from angara.server.api.security import Admin
from angara.server.services import services

router = APIRouter(tags=["server"])


@router.get("/api/health")
def health(request: Request) -> dict[str, Any]:
    """Whether the server and its database answer (no sign-in needed): status and version only.

    Nothing about the compute cluster is shown here: its address is for admins
    (``GET /api/status``)."""
    _database_answers(request)
    return {"status": "ok", "version": __version__}


@router.get("/api/status")
def status(request: Request, account: Admin) -> dict[str, Any]:
    """Health plus the Dask scheduler the runs go to (admins only)."""
    _database_answers(request)
    queue = services(request).queue
    return {"status": "ok", "version": __version__, "scheduler": queue.address}


def _database_answers(request: Request) -> None:
    with services(request).database.session(write=False) as db:
        db.execute(text("SELECT 1"))
