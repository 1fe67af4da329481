"""Errors as JSON: ``{"detail": message}``, plus the located ``problems`` of a scenario."""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from angara.scenario.problems import ScenarioError
from angara.server.store.database import Conflict, NotFound, StoreError
from angara.server.store.passwords import WeakPassword
from angara.server.store.users import WrongPassword

# a store error's status: what is missing, taken, refused by policy, or not the caller's to give
STORE_STATUS: tuple[tuple[type[StoreError], int], ...] = (
    (NotFound, 404),
    (Conflict, 409),
    (WeakPassword, 422),
    (WrongPassword, 403),
)


class LimitExceeded(Exception):
    """A request over one of the server's limits; ``status`` is 413, 422 or 429."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def install(app: FastAPI) -> None:
    """Answer the domain's exceptions with JSON and a fitting status code."""

    @app.exception_handler(ScenarioError)
    async def scenario_problems(request: Request, error: ScenarioError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": str(error), "problems": [p.as_dict() for p in error.problems]},
        )

    @app.exception_handler(StoreError)
    async def store_problem(request: Request, error: StoreError) -> JSONResponse:
        status = next((code for kind, code in STORE_STATUS if isinstance(error, kind)), 400)
        return JSONResponse(status_code=status, content={"detail": str(error)})

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        # as FastAPI answers, but a NaN or infinity sent (Python's JSON reads them) is shown as
        # text: strict JSON cannot carry it, and the answer must not fail for it
        return JSONResponse(status_code=422, content={"detail": _finite(jsonable_encoder(error.errors()))})

    @app.exception_handler(LimitExceeded)
    async def over_a_limit(request: Request, error: LimitExceeded) -> JSONResponse:
        return JSONResponse(status_code=error.status, content={"detail": str(error)})


def _finite(value: Any) -> Any:
    """``value`` with every NaN and infinity replaced by its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value
