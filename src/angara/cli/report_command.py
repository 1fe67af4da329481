"""``angara report``: a run's report as self-contained HTML, PDF, or an Excel workbook of all results."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from angara.assess.write import SCENARIO_FOLDER
from angara.atomic import staged
from angara.cli.console import err, show_problems
from angara.cli.exits import EXIT_BAD_INPUT, guarded, writing
from angara.i18n import DEFAULT_LANGUAGE, Language
from angara.report.formats import ReportFormat
from angara.results.read import RunResults, read_results
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem


def report(
    run_dir: Annotated[
        Path,
        typer.Argument(
            help="Folder written by angara plan --out (with angara risk --out RUN_DIR/risk, if any).",
            show_default=False,
        ),
    ],
    format: Annotated[
        ReportFormat, typer.Option("--format", help="html, pdf, or xlsx (every result table).")
    ] = "html",
    lang: Annotated[Language, typer.Option("--lang", help="Language of the report.")] = DEFAULT_LANGUAGE,
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write [default: RUN_DIR/report.FORMAT].")
    ] = None,
) -> None:
    """Write a run's report: map, charts, tables, assumptions and sources as one HTML file or a
    PDF, or all its results as an Excel workbook."""
    target = out if out is not None else run_dir / f"report.{format}"
    if target.is_dir():
        show_problems([Problem(str(target), "is a folder; give a file name")], "No report written")
        raise typer.Exit(EXIT_BAD_INPUT)
    results = guarded(lambda: read_results(run_dir), "The run cannot be read")
    started = time.perf_counter()
    if format == "xlsx":
        from angara.report.workbook import results_workbook

        with err.status("Writing the workbook …"):
            content = results_workbook(results)
    else:
        content = _document(results, _scenario(run_dir, results), format, lang)
    writing(target, lambda: _write(target, content))
    seconds = time.perf_counter() - started
    err.print(f"Wrote {target} ({len(content) / 1e6:.1f} MB, {seconds:.1f} s).")


def _scenario(run_dir: Path, results: RunResults) -> Scenario:
    """The scenario saved with the run, else the built-in scenario the plan names."""
    copy = run_dir / SCENARIO_FOLDER
    source = str(copy) if copy.is_dir() else results.plan.scenario
    return guarded(lambda: load(source), "The run's scenario has problems")


def _document(results: RunResults, scenario: Scenario, format: ReportFormat, lang: str) -> bytes:
    # imported here: plotly, kaleido and WeasyPrint take a second to import
    from angara.report.content import compose
    from angara.report.html import report_html

    with err.status("Drawing the map and charts …"):
        composed = compose(results, scenario, lang)
    for problem in composed.problems:
        err.print(f"[yellow]warning:[/] {problem}")
    if format == "pdf":
        from angara.report.pdf import report_pdf

        with err.status("Laying out the PDF …"):
            return report_pdf(composed)
    return report_html(composed).encode("utf-8")


def _write(target: Path, content: bytes) -> None:
    with staged(target) as path:
        path.write_bytes(content)
