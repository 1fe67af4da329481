"""The forms a report takes: a self-contained HTML page, a PDF, or an Excel workbook of
every result (``angara report --format``, ``GET /api/runs/{id}/report?format=``)."""

from __future__ import annotations

from typing import Literal, get_args

ReportFormat = Literal["html", "pdf", "xlsx"]
REPORT_FORMATS: tuple[str, ...] = get_args(ReportFormat)
