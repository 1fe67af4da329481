"""Runs: start a plan or risk run in the background, follow it, cancel it, read its results."""

from __future__ import annotations

import io
import re
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session

from angara.cells import unescaped
from angara.plan.size import estimated_variables
from angara.report.workbook import table_workbook
from angara.results.documents import DocumentName
from angara.server.api.errors import LimitExceeded
from angara.server.api.scenarios import XLSX
from angara.server.api.security import Analyst, Reader
from angara.server.services import reading, services, writing
from angara.server.store.runs import active_runs, create_run, get_run, list_runs, log, result
from angara.server.store.scenarios import load_version
from angara.workflow import RunKind, RunParameters

router = APIRouter(prefix="/api/runs", tags=["runs"])
Db = Annotated[Session, Depends(reading, scope="function")]
Writer = Annotated[Session, Depends(writing, scope="function")]
MAX_REPLANS = 20  # each is a whole solve: a run of more belongs on the command line
MAX_ID = 2**31 - 1  # database integers: larger ids cannot exist
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="Run id.")]
JSON = "application/json"
TABLE_NAME = re.compile(r"[a-z_]{1,64}")


class RunRequest(RunParameters):
    """What to run: a plan (with its assessment), or a plan and its risk, of a stored
    scenario version, with the run parameters (each field described below)."""

    scenario: str = Field(max_length=64)
    version: int | None = Field(None, ge=1, le=MAX_ID, description="Version; the latest if not given.")
    kind: RunKind = Field("plan", description="plan: a plan and its assessment; risk: also its risk.")


@router.post("", status_code=202)
def start(request: Request, wanted: RunRequest, account: Analyst, db: Db, store: Writer) -> dict[str, Any]:
    """Queue a run; it starts on the server's Dask workers.  422 over the model-size, time or
    samples limits, 429 when the user already has as many runs in flight as allowed."""
    settings = services(request).settings
    if wanted.time_limit is not None and wanted.time_limit > settings.max_solve_seconds:
        raise LimitExceeded(422, f"time_limit is at most {settings.max_solve_seconds:g} s on this server")
    if wanted.samples is not None and wanted.samples > settings.max_samples:
        raise LimitExceeded(422, f"samples is at most {settings.max_samples:,} on this server")
    if wanted.replan > MAX_REPLANS:
        raise LimitExceeded(422, f"replan is at most {MAX_REPLANS} on this server: each is a whole solve")
    info, scenario = load_version(db, wanted.scenario, wanted.version)
    variables = estimated_variables(scenario)
    if variables > settings.max_variables:
        raise LimitExceeded(
            422,
            f"the model would have about {variables:,} variables; "
            f"this server allows {settings.max_variables:,}",
        )
    solve_limit = scenario.meta.solver.time_limit
    if wanted.time_limit is None and solve_limit > settings.max_solve_seconds:
        raise LimitExceeded(
            422,
            f"the scenario's time limit {solve_limit:g} s is over this server's "
            f"{settings.max_solve_seconds:g} s; ask for a shorter time_limit",
        )
    # counted and created in one write transaction, so two requests cannot both pass the limit
    if active_runs(store, account) >= settings.max_runs_per_user:
        raise LimitExceeded(
            429, f"{account.name} already has {settings.max_runs_per_user} runs queued or running"
        )
    parameters = wanted.model_dump(mode="json", include=set(RunParameters.model_fields), exclude_unset=True)
    run = create_run(store, wanted.kind, info.scenario, info.number, account, parameters)
    store.commit()  # the worker reads the run from the database: it must be there first
    services(request).queue.submit(run.id)
    return run.to_json()


@router.get("")
def runs(
    account: Reader,
    db: Db,
    user: Annotated[str | None, Query(max_length=64, description="Only this user's runs.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """Runs, newest first."""
    return [run.to_json() for run in list_runs(db, user, limit)]


@router.get("/{run_id}")
def run(run_id: RunId, account: Reader, db: Db) -> dict[str, Any]:
    """A run's parameters, status, progress and result files."""
    return get_run(db, run_id).to_json()


@router.post("/{run_id}/cancel")
def cancel(request: Request, run_id: RunId, account: Analyst, db: Writer) -> dict[str, Any]:
    """Cancel a queued or running run (409 if it has finished); a running solve stops within
    seconds.  Only the analyst who started the run, or an admin, may cancel it (403
    otherwise); its log says who did."""
    owner = get_run(db, run_id).user
    if owner != account.name and not account.is_admin:
        raise HTTPException(
            403, f"run {run_id} is {owner}'s: only {owner} or an admin can cancel it ({account.name} cannot)"
        )
    services(request).queue.cancel(db, run_id, by=account)
    return get_run(db, run_id).to_json()


@router.get("/{run_id}/log", response_class=PlainTextResponse)
def run_log(run_id: RunId, account: Reader, db: Db) -> str:
    """What the run has reported so far."""
    return log(db, run_id)


@router.get("/{run_id}/results/{part}", response_class=Response, responses={200: {"content": {JSON: {}}}})
def results(run_id: RunId, part: DocumentName, account: Reader, db: Db) -> Response:
    """plan.json, assessment.json, risk.json or run.json of a finished run (as stored: no
    re-encoding)."""
    content, _ = result(db, run_id, f"{part}.json")
    return Response(content, media_type=JSON)


@router.get("/{run_id}/tables/{table}", response_class=Response)
def table(
    run_id: RunId,
    table: str,
    account: Reader,
    db: Db,
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv or xlsx.")] = "csv",
) -> Response:
    """One result table of a finished run, as CSV or as an .xlsx workbook."""
    if not TABLE_NAME.fullmatch(table):
        raise HTTPException(404, f"no table '{table[:64]}'")
    content, _ = result(db, run_id, f"{table}.csv")
    filename = f"run-{run_id}-{table}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "csv":
        return Response(content, media_type="text/csv; charset=utf-8", headers=headers)
    # texts without the CSV file's escape quote, written as text cells (never formulas)
    frame = pd.read_csv(io.BytesIO(content)).map(
        lambda value: unescaped(value) if isinstance(value, str) else value
    )
    return Response(table_workbook(table, frame), media_type=XLSX, headers=headers)
