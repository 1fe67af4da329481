"""Commands of ``angara``.  Each one is thin: it calls the domain packages and
prints.  Exit status: 0 success, 2 bad input (located messages, nothing written),
3 no plan exists (the message says what is short), 1 an internal error (set
ANGARA_DEBUG=1 to see its traceback).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from angara import __version__
from angara.assess.assessment import TABLES as ASSESSMENT_TABLES
from angara.assess.write import ASSESSMENT_FILE, SCENARIO_FOLDER, write_assessment
from angara.cli import console, run_options
from angara.cli.assess_view import region_names, show_assessment
from angara.cli.console import err, out, show_info, show_problems
from angara.cli.exits import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_NO_PLAN,
    guarded,
    print_json,
    unusable_destination,
    unwritable_file,
    writing,
)
from angara.cli.io_command import io_app
from angara.cli.mandates_view import reported_comparison, show_mandates
from angara.cli.plan_view import show_failure, show_plan
from angara.cli.progress import TerminalProgress
from angara.cli.report_command import report
from angara.cli.risk_command import risk
from angara.cli.server_command import serve, users_app
from angara.plan import PlanFailure
from angara.plan.result import TABLES as PLAN_TABLES
from angara.plan.write import PLAN_FILE
from angara.results.documents import RUN_FILE
from angara.results.read import read_plan_results
from angara.results.saved_plan import plan_from_results
from angara.scenario.load import DEFAULT_SCENARIO, load
from angara.scenario.problems import Problem, ScenarioError
from angara.scenario.summary import summarize
from angara.scenario.write import write, write_template
from angara.workflow import assess_plan, plan_and_assess, run_document, write_outcome

app = typer.Typer(
    name="angara",
    help="Plan a regional critical-metals cluster: what to build where and when, and what it yields.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(io_app, name="io", help="Input-output multipliers (Rosstat 2021 table).")
app.command(name="risk")(risk)
app.command(name="report")(report)
app.command(name="serve")(serve)
app.add_typer(users_app, name="users")

ScenarioArgument = Annotated[
    str,
    typer.Argument(
        help=f"Built-in scenario name, a scenario folder or an .xlsx workbook [default: {DEFAULT_SCENARIO}]",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to standard output.")]


@app.command()
def validate(scenario: ScenarioArgument = DEFAULT_SCENARIO, as_json: JsonOption = False) -> None:
    """Check a scenario: every problem located by file or sheet, row and column."""
    started = time.perf_counter()
    try:
        loaded = load(scenario)
    except ScenarioError as error:
        if as_json:
            print_json({"valid": False, "problems": [p.as_dict() for p in error.problems]})
        else:
            show_problems(error.problems, f"{scenario} is not valid")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    seconds = time.perf_counter() - started
    rows = sum(len(loaded.table(name)) for name in type(loaded).model_fields if name != "meta")
    if as_json:
        print_json({"valid": True, "problems": [], "rows": rows, "seconds": round(seconds, 3)})
        return
    out.print(f"[green]✓[/] {scenario} is valid: {rows} rows ({seconds:.2f} s)")


@app.command()
def info(scenario: ScenarioArgument = DEFAULT_SCENARIO, as_json: JsonOption = False) -> None:
    """What a scenario holds: counts, reserves and contents per element, land, power, regions."""
    loaded = guarded(lambda: load(scenario))
    summary = summarize(loaded)
    if as_json:
        print_json(summary)
    else:
        show_info(summary, scenario)


@app.command()
def convert(
    source: Annotated[str, typer.Argument(help="Scenario folder, .xlsx workbook or built-in name.")],
    destination: Annotated[Path, typer.Argument(help="Folder, or a file ending in .xlsx.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing destination.")] = False,
) -> None:
    """Convert a scenario between a folder of CSV files and one .xlsx workbook.

    Values are written in each column's canonical unit; the scenario read back is identical.
    """
    if destination.exists() and not force and (destination.is_file() or any(destination.iterdir())):
        show_problems(
            [Problem(str(destination), "already exists; pass --force to replace it")],
            "Nothing converted",
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    loaded = guarded(lambda: load(source))
    writing(destination, lambda: write(loaded, destination))
    out.print(f"[green]✓[/] wrote {destination}")


@app.command()
def template(
    destination: Annotated[Path, typer.Argument(help="Workbook to write, ending in .xlsx.")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write an empty scenario workbook with every table's headers, units and descriptions."""
    problems = []
    if destination.suffix.lower() != ".xlsx":
        problems.append(Problem(str(destination), "expected a file name ending in .xlsx"))
    elif destination.exists() and not force:
        problems.append(Problem(str(destination), "already exists; pass --force to replace it"))
    if problems:
        show_problems(problems, "No template written")
        raise typer.Exit(EXIT_BAD_INPUT)
    writing(destination, lambda: write_template(destination))
    out.print(
        f"[green]✓[/] wrote {destination}: fill in the sheets, then run 'angara validate {destination}'"
    )


@app.command()
def plan(
    scenario: ScenarioArgument = DEFAULT_SCENARIO,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Write plan.json, the assessment, run.json and CSV tables to this folder."
        ),
    ] = None,
    as_json: JsonOption = False,
    time_limit: run_options.TimeLimit = None,
    gap: run_options.Gap = None,
    objective: run_options.ObjectiveOption = None,
    solver: run_options.Solver = "highs",
    threads: run_options.Threads = None,
    periods: run_options.Periods = None,
    log: Annotated[bool, typer.Option("--log", help="Show the solver's log on standard error.")] = False,
    write_lp: Annotated[
        Path | None,
        typer.Option(
            "--write-lp",
            help="Also write the built model to this LP file, its names those of docs/model.md.",
        ),
    ] = None,
) -> None:
    """Find the best plan: what to build, where and when, and how every element flows.

    Exit status 3 when the scenario has no plan; the message says what is short.
    """
    loaded = guarded(lambda: load(scenario))
    problems = unusable_destination(out, PLAN_FILE, "an Angara result folder")
    problems += unwritable_file(write_lp, "--write-lp")
    starts = run_options.years(periods, problems)
    parameters = run_options.run_parameters(
        problems,
        time_limit=time_limit,
        mip_gap=gap,
        objective=objective,
        solver=solver,
        threads=threads,
        periods=starts,
    )
    if problems:
        show_problems(problems, "Nothing planned")
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        with TerminalProgress(shown=not log) as progress:
            outcome = guarded(
                lambda: plan_and_assess(loaded, parameters, progress, solver_log=log, lp_file=write_lp)
            )
    except PlanFailure as failure:
        if as_json:
            print_json({"status": failure.condition, "messages": failure.messages})
        show_failure(failure.condition, failure.messages)
        raise typer.Exit(EXIT_NO_PLAN) from None
    if out is not None:
        target = out
        writing(target, lambda: write_outcome(outcome, loaded, target))
    if as_json:
        run = run_document(outcome).model_dump(mode="json")
        reported = reported_comparison(outcome.plan, outcome.assessment, loaded)
        print_json(
            outcome.plan.to_json()
            | {"assessment": outcome.assessment.to_json(), "run": run}
            | ({"reported": reported} if reported is not None else {})
        )
    else:
        show_plan(outcome.plan, loaded)
        show_assessment(outcome.assessment, region_names(loaded))
        show_mandates(outcome.plan, outcome.assessment, loaded)
        if out is not None:
            err.print(
                f"Wrote {out}: plan.json, assessment.json, {RUN_FILE}, tables "
                f"({', '.join(PLAN_TABLES + ASSESSMENT_TABLES)}) "
                f"and the scenario used ({out / SCENARIO_FOLDER})."
            )


@app.command(name="assess")
def assess_command(
    plan_dir: Annotated[
        Path, typer.Argument(help="Folder written by angara plan --out.", show_default=False)
    ],
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="Scenario to assess under (other tax rules, prices, norms) "
            "[default: the copy saved with the plan]",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write assessment.json and CSV tables to this folder.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Re-assess a saved plan without solving again, e.g. under other tax rules."""
    saved = guarded(lambda: read_plan_results(plan_dir), "The saved plan cannot be read")
    source = scenario if scenario is not None else _saved_scenario(plan_dir, saved.plan.scenario)
    loaded = guarded(lambda: load(source))
    refused = unusable_destination(out, ASSESSMENT_FILE, "an assessment folder")
    if refused:
        show_problems(refused, "Nothing written")
        raise typer.Exit(EXIT_BAD_INPUT)
    with TerminalProgress() as progress:
        assessment = guarded(
            lambda: assess_plan(loaded, plan_from_results(saved), progress),
            "The plan does not fit the scenario",
        )
    if out is not None:
        target = out
        writing(target, lambda: write_assessment(assessment, target))
    if as_json:
        print_json(assessment.to_json())
        return
    console.out.print(f"Plan {plan_dir} ({saved.plan.status}) assessed under {source}")
    show_assessment(assessment, region_names(loaded))
    if out is not None:
        err.print(f"Wrote {out}: assessment.json and tables ({', '.join(ASSESSMENT_TABLES)}).")


def _saved_scenario(plan_dir: Path, name: str) -> str:
    """The scenario saved beside a plan, else the built-in scenario the plan names."""
    copy = plan_dir / SCENARIO_FOLDER
    return str(copy) if copy.is_dir() else name


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``angara`` command (``argv`` defaults to the process arguments)."""
    try:
        app(args=argv, prog_name="angara")
    except Exception as error:  # anything not caught by a command is a bug, not bad input
        if os.environ.get("ANGARA_DEBUG"):
            raise
        err.print(f"[bold red]internal error:[/] {type(error).__name__}: {error}")
        err.print("This is a bug in Angara. Run again with ANGARA_DEBUG=1 to see where it happened.")
        sys.exit(EXIT_INTERNAL)
