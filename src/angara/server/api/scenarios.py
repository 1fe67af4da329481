"""Scenarios: list, upload a new version (zipped folder or .xlsx), versions, download, diff."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from angara.scenario.archive import scenario_from_upload, workbook_bytes
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.schema import ID_PATTERN, ID_RULE
from angara.scenario.summary import summarize
from angara.server.api.errors import LimitExceeded
from angara.server.api.security import Analyst, Reader
from angara.server.services import reading, services, writing
from angara.server.store.scenarios import diff_versions, list_scenarios, load_version, save_version, versions

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Db = Annotated[Session, Depends(reading, scope="function")]
Writer = Annotated[Session, Depends(writing, scope="function")]
MAX_NUMBER = 2**31 - 1  # database integers: larger version numbers cannot exist
Number = Annotated[int, Path(ge=1, le=MAX_NUMBER, description="Version number.")]


@router.get("")
def scenarios(account: Reader, db: Db) -> list[dict[str, Any]]:
    """Every scenario with its latest version."""
    return list_scenarios(db)


@router.post("", status_code=201)
def upload(
    request: Request,
    account: Analyst,
    db: Writer,
    file: UploadFile,
    message: Annotated[str, Form(max_length=2000)] = "",
    name: Annotated[str | None, Form(max_length=64)] = None,
) -> dict[str, Any]:
    """Upload a scenario (a .zip of its folder, or an .xlsx workbook) as a new version of
    ``name`` (default: the name in its scenario.yaml).  422 with located problems if invalid."""
    # a plain function, run in a worker thread: parsing and the database must not block the event loop
    settings = services(request).settings
    content = file.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise LimitExceeded(413, f"the upload is larger than {settings.max_upload_bytes:,} bytes")
    filename = file.filename or "upload"
    scenario = scenario_from_upload(filename, content, settings.max_unpacked_bytes)
    target = name or scenario.meta.name
    if not re.fullmatch(ID_PATTERN, target):
        raise ScenarioError([Problem("name", f"a scenario name has {ID_RULE}", value=target)])
    info = save_version(db, target, scenario, account, message or f"uploaded {filename}")
    return asdict(info)


@router.get("/{name}/versions")
def scenario_versions(name: str, account: Reader, db: Db) -> list[dict[str, Any]]:
    """The versions of a scenario, oldest first, with author, time and message."""
    return [asdict(info) for info in versions(db, name)]


@router.get("/{name}/versions/{number}")
def version(name: str, number: Number, account: Reader, db: Db) -> dict[str, Any]:
    """One version and what it holds (the content of ``angara info``)."""
    info, scenario = load_version(db, name, number)
    return {**asdict(info), "summary": summarize(scenario)}


@router.get("/{name}/versions/{number}/xlsx", response_class=Response)
def download(name: str, number: Number, account: Reader, db: Db) -> Response:
    """The version as an .xlsx workbook."""
    info, scenario = load_version(db, name, number)
    filename = f"{info.scenario}-v{info.number}.xlsx"
    return Response(
        workbook_bytes(scenario),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/{name}/diff")
def diff(
    name: str,
    account: Reader,
    db: Db,
    old: Annotated[int, Query(ge=1, le=MAX_NUMBER, description="Version to compare from.")],
    new: Annotated[int, Query(ge=1, le=MAX_NUMBER, description="Version to compare to.")],
) -> dict[str, Any]:
    """What changed between two versions: meta fields, and rows added, removed or changed per table."""
    _, before = load_version(db, name, old)
    _, after = load_version(db, name, new)
    return {"scenario": name, "old": old, "new": new, **diff_versions(before, after)}
