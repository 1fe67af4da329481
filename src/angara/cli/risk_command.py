"""``angara risk``: Monte Carlo, tornado, and re-planning ensembles of a plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from angara.assess.write import SCENARIO_FOLDER
from angara.cli import run_options
from angara.cli.assess_view import region_names
from angara.cli.console import err, show_problems
from angara.cli.exits import EXIT_BAD_INPUT, EXIT_NO_PLAN, guarded, print_json, unusable_destination, writing
from angara.cli.plan_view import show_failure
from angara.cli.progress import TerminalProgress
from angara.cli.risk_view import show_risk
from angara.plan import PlanFailure
from angara.plan.result import Plan
from angara.plan.write import PLAN_FILE
from angara.results.saved_plan import read_plan
from angara.risk.analysis import RiskAnalysis
from angara.risk.write import RISK_FILE, write_risk
from angara.scenario.load import DEFAULT_SCENARIO, load
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem
from angara.workflow import DaskCluster, RunParameters, plan_and_weigh, weigh_risk
from angara.workflow.replanning import SCHEDULER_SCHEMES


def risk(
    source: Annotated[
        str,
        typer.Argument(
            help="A plan folder (angara plan --out), or a scenario to plan first "
            f"[default: {DEFAULT_SCENARIO}]",
            show_default=False,
        ),
    ] = DEFAULT_SCENARIO,
    samples: run_options.Samples = None,
    seed: run_options.Seed = None,
    replan: run_options.Replan = 0,
    variants: Annotated[
        list[str] | None,
        typer.Option("--variant", help="Re-plan this scenario variant too (repeat for several)."),
    ] = None,
    pareto: Annotated[
        int, typer.Option("--pareto", help="Points of the NPV-versus-jobs front (0: none).", min=0)
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT [default: an in-process cluster]."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Workers of the in-process cluster.", min=1)] = 2,
    time_limit: run_options.TimeLimit = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write risk.json and CSV tables to this folder.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print risk.json to standard output.")] = False,
) -> None:
    """How sure the plan is: NPV distribution, P(NPV < 0), taxes and jobs ranges, a tornado;
    with --replan, --variant or --pareto, plans re-solved on Dask and how often each plant is built.

    Re-plans stopped by the time limit rather than the gap may differ between machines.
    """
    problems = _check_options(scheduler, out)
    parameters = run_options.run_parameters(
        problems, samples=samples, seed=seed, replan=replan, time_limit=time_limit
    )
    if problems:
        show_problems(problems, "Nothing analysed")
        raise typer.Exit(EXIT_BAD_INPUT)
    scenario, saved = _source(source)
    others = [_variant(path) for path in variants or []]
    analysis = _weighed(scenario, saved, parameters, others, pareto, DaskCluster(scheduler, workers))
    if out is not None:
        target = out
        writing(target, lambda: write_risk(analysis, target))
    if as_json:
        print_json(analysis.to_json())
        return
    show_risk(analysis, _names(scenario))
    if out is not None:
        err.print(f"Wrote {out}: {RISK_FILE} and tables ({', '.join(analysis.tables())}).")


def _check_options(scheduler: str | None, out: Path | None) -> list[Problem]:
    problems = []
    if scheduler is not None and not scheduler.startswith(SCHEDULER_SCHEMES):
        problems.append(Problem("--scheduler", "expected an address like tcp://HOST:PORT", value=scheduler))
    problems += unusable_destination(out, RISK_FILE, "a risk result folder")
    return problems


def _source(source: str) -> tuple[Scenario, Plan | None]:
    """A saved plan with the scenario saved beside it, or a scenario to plan (no plan yet)."""
    folder = Path(source)
    if (folder / PLAN_FILE).is_file():
        plan = guarded(lambda: read_plan(folder), "The saved plan cannot be read")
        copy = folder / SCENARIO_FOLDER
        return guarded(lambda: load(str(copy) if copy.is_dir() else plan.scenario)), plan
    return guarded(lambda: load(source)), None


def _variant(path: str) -> Scenario:
    return guarded(lambda: load(path), f"The variant {path} has problems")


def _weighed(
    scenario: Scenario,
    saved: Plan | None,
    parameters: RunParameters,
    variants: list[Scenario],
    pareto: int,
    cluster: DaskCluster,
) -> RiskAnalysis:
    """The risk of the ``saved`` plan, or of the scenario's plan made first; no plan is exit
    status 3, a cluster that does not answer bad input."""
    replanning = bool(parameters.replan or variants or pareto)
    ensembles: dict[str, Any] = {"variants": variants, "pareto": pareto, "cluster": cluster}
    try:
        with TerminalProgress() as progress:
            if saved is None:
                return guarded(lambda: plan_and_weigh(scenario, parameters, progress, **ensembles)[1])
            return guarded(lambda: weigh_risk(scenario, saved, parameters, progress, **ensembles))
    except PlanFailure as failure:
        show_failure(failure.condition, failure.messages)
        raise typer.Exit(EXIT_NO_PLAN) from None
    except Exception as error:
        if not replanning or not _unreachable(error):
            raise
        show_problems([Problem("--scheduler", str(error), value=cluster.scheduler)], "Nothing analysed")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _unreachable(error: Exception) -> bool:
    # imported only when re-planning: Dask takes a second to import and most runs do not need it
    from angara.risk.ensemble import SchedulerUnreachable

    return isinstance(error, SchedulerUnreachable)


def _names(scenario: Scenario) -> dict[str, str]:
    names = region_names(scenario)
    for table in ("processes", "sites", "deposits"):
        for row in scenario.table(table):
            names[str(row.id)] = str(row.name)  # type: ignore[attr-defined]
    return names
