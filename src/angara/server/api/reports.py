"""A run's report as HTML or PDF, and its results as a workbook (made by :mod:`angara.report`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from sqlalchemy.orm import Session

from angara.i18n import DEFAULT_LANGUAGE, Language
from angara.report.formats import ReportFormat
from angara.report.html import render_html
from angara.report.pdf import render_pdf
from angara.report.workbook import results_workbook
from angara.server.api.scenarios import XLSX
from angara.server.api.security import Reader
from angara.server.services import reading, run_results
from angara.server.store.scenarios import load_version

router = APIRouter(tags=["runs"])
Db = Annotated[Session, Depends(reading, scope="function")]
RunId = Annotated[int, Path(ge=1, le=2**31 - 1, description="Run id.")]


@router.get("/api/runs/{run_id}/report", response_class=Response)
def report(
    run_id: RunId,
    account: Reader,
    db: Db,
    format: Annotated[
        ReportFormat, Query(description="html, pdf, or xlsx (a workbook of all results).")
    ] = "html",
    lang: Annotated[Language, Query(description="Language of the report.")] = DEFAULT_LANGUAGE,
) -> Response:
    """The report of a finished run, to read in the browser (HTML) or download (PDF), or
    every result table in one Excel workbook."""
    info, results = run_results(db, run_id)
    if format == "xlsx":
        return Response(
            results_workbook(results),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="angara-run-{run_id}.xlsx"'},
        )
    _, scenario = load_version(db, info.scenario, info.version)
    if format == "pdf":
        filename = f"angara-run-{run_id}-{lang}.pdf"
        return Response(
            render_pdf(results, scenario, lang),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return Response(
        render_html(results, scenario, lang),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="angara-run-{run_id}-{lang}.html"'},
    )
