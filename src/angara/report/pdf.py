"""A run's report as a PDF: the HTML report laid out by WeasyPrint on A4 pages, with the
report's title and the chapter in the page header and page numbers in the footer (the
``@page`` rules of ``templates/report.css``).  Fonts come from the system through
fontconfig (DejaVu Sans, which covers Cyrillic, first)."""

from __future__ import annotations

import logging

from angara.report.content import Report, compose
from angara.report.html import report_html
from angara.results.read import RunResults
from angara.scenario.model import Scenario


def _quiet_weasyprint() -> None:
    # WeasyPrint logs every CSS property it does not support (a browser-only rule such as
    # a viewport meta) as a warning; the report's CSS is known, so those are noise
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.ERROR)


def report_pdf(report: Report) -> bytes:
    """The PDF of a composed report."""
    # imported here: it loads Pango, which only PDFs need
    from weasyprint import HTML  # type: ignore[import-untyped]

    _quiet_weasyprint()
    return bytes(HTML(string=report_html(report)).write_pdf())


def render_pdf(results: RunResults, scenario: Scenario, lang: str = "ru") -> bytes:
    """The report of ``results`` (a run of ``scenario``) in ``lang`` as a PDF document."""
    return report_pdf(compose(results, scenario, lang))
