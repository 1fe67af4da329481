"""``angara risk``: Monte Carlo, tornado, and re-planning ensembles of a plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from angara.assess.write import SCENARIO_FOLDER
from angara.cli.assess_view import region_names
from angara.cli.console import err, show_problems
from angara.cli.exits import EXIT_BAD_INPUT, EXIT_NO_PLAN, guarded, print_json, unusable_destination, writing
from angara.cli.plan_view import show_failure
from angara.cli.risk_view import show_risk
from angara.plan import PlanFailure, PlanOptions, optimize
from angara.plan.read import read_plan
from angara.plan.result import Plan
from angara.plan.write import PLAN_FILE
from angara.risk.analysis import analyse
from angara.risk.write import RISK_FILE, write_risk
from angara.scenario.load import DEFAULT_SCENARIO, load
from angara.scenario.model import Scenario
from angara.scenario.problems import Problem

SCHEMES = ("tcp://", "tls://")
# re-plans solve with one thread: a generous limit lets them end on the gap, which repeats
# exactly wherever they run, rather than on the clock, which does not
ENSEMBLE_TIME_LIMIT = 600.0


def risk(
    source: Annotated[
        str,
        typer.Argument(
            help="A plan folder (angara plan --out), or a scenario to plan first "
            f"[default: {DEFAULT_SCENARIO}]",
            show_default=False,
        ),
    ] = DEFAULT_SCENARIO,
    samples: Annotated[
        int | None, typer.Option("--samples", help="Monte Carlo samples [default: the scenario's].", min=1)
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Random seed [default: the scenario's].", min=0)
    ] = None,
    replan: Annotated[
        int, typer.Option("--replan", help="Re-plan this many sampled futures (on Dask).", min=0)
    ] = 0,
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
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="Solver time limit of each re-plan, s [default: the scenario's, at least "
            f"{ENSEMBLE_TIME_LIMIT:g}]; re-plans stopped by the clock may differ between machines.",
            min=1,
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write risk.json and CSV tables to this folder.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print risk.json to standard output.")] = False,
) -> None:
    """How sure the plan is: NPV distribution, P(NPV < 0), taxes and jobs ranges, a tornado;
    with --replan, --variant or --pareto, plans re-solved on Dask and how often each plant is built.
    """
    problems = _check_options(scheduler, out)
    if problems:
        show_problems(problems, "Nothing analysed")
        raise typer.Exit(EXIT_BAD_INPUT)
    scenario, plan = _plan_of(source)
    others = [_variant(path) for path in variants or []]
    chosen_seed = scenario.meta.risk.seed if seed is None else seed
    with _progress() as step:
        extra: dict[str, Any] = {}
        tables: dict[str, pd.DataFrame] = {}
        if replan or others or pareto:
            # first: a scheduler that cannot be reached is reported before the Monte Carlo's work
            ensemble_options = PlanOptions(
                threads=1,
                shadow_prices=False,
                time_limit=time_limit or max(ENSEMBLE_TIME_LIMIT, scenario.meta.solver.time_limit),
            )
            extra, tables = _replanned(
                scenario, others, replan, pareto, scheduler, workers, chosen_seed, ensemble_options, step
            )
        analysis = analyse(scenario, plan, samples, chosen_seed, step("Monte Carlo samples"))
        analysis = replace(analysis, extra=extra, extra_tables=tables)
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
    if scheduler is not None and not scheduler.startswith(SCHEMES):
        problems.append(Problem("--scheduler", "expected an address like tcp://HOST:PORT", value=scheduler))
    problems += unusable_destination(out, RISK_FILE, "a risk result folder")
    return problems


def _plan_of(source: str) -> tuple[Scenario, Plan]:
    """A saved plan with the scenario saved beside it, or the scenario's optimal plan."""
    folder = Path(source)
    if (folder / PLAN_FILE).is_file():
        plan = guarded(lambda: read_plan(folder), "The saved plan cannot be read")
        copy = folder / SCENARIO_FOLDER
        scenario = guarded(lambda: load(str(copy) if copy.is_dir() else plan.scenario))
        return scenario, plan
    scenario = guarded(lambda: load(source))
    try:
        with err.status(f"Planning {scenario.meta.name} …"):
            plan = guarded(lambda: optimize(scenario))
    except PlanFailure as failure:
        show_failure(failure.condition, failure.messages)
        raise typer.Exit(EXIT_NO_PLAN) from None
    return scenario, plan


def _variant(path: str) -> Scenario:
    return guarded(lambda: load(path), f"The variant {path} has problems")


def _replanned(
    scenario: Scenario,
    variants: list[Scenario],
    futures: int,
    points: int,
    scheduler: str | None,
    workers: int,
    seed: int,
    options: PlanOptions,
    step: Callable[[str], Callable[[int, int], None]],
) -> tuple[dict[str, Any], dict[str, pd.DataFrame]]:
    """Ensembles of sampled futures and variants, and the Pareto front: their JSON and tables."""
    # Dask is imported only here: it takes a second to import and most runs do not need it
    from angara.risk.ensemble import SchedulerUnreachable, compare_variants, replan
    from angara.risk.futures import sample_futures
    from angara.risk.pareto import pareto_front

    extra: dict[str, Any] = {}
    tables = {}
    try:
        if futures:
            drawn = sample_futures(scenario, futures, seed)
            ensemble = replan(
                scenario,
                drawn,
                options=options,
                scheduler=scheduler,
                workers=workers,
                progress=step("Re-planned futures"),
            )
            extra["ensemble"] = ensemble.to_json()
            tables["build_frequency"] = ensemble.frequency
        if variants:
            compared = compare_variants(
                variants, options=options, scheduler=scheduler, workers=workers, progress=step("Variants")
            )
            extra["variants"] = compared.to_json()
            tables["variant_builds"] = compared.frequency
        if points:
            front = pareto_front(
                scenario,
                points,
                options=options,
                scheduler=scheduler,
                workers=workers,
                progress=step("Pareto points"),
            )
            extra["pareto"] = [point.to_json() for point in front]
    except SchedulerUnreachable as error:
        show_problems([Problem("--scheduler", str(error), value=scheduler)], "Nothing analysed")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    return extra, tables


@contextmanager
def _progress() -> Iterator[Callable[[str], Callable[[int, int], None]]]:
    """Progress bars on standard error; ``step(title)`` gives the callback of one bar."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bars:

        def step(title: str) -> Callable[[int, int], None]:
            task = bars.add_task(title, total=None)

            def advance(done: int, total: int) -> None:
                bars.update(task, completed=done, total=total)

            return advance

        yield step


def _names(scenario: Scenario) -> dict[str, str]:
    names = region_names(scenario)
    for table in ("processes", "sites", "deposits"):
        for row in scenario.table(table):
            names[str(row.id)] = str(row.name)  # type: ignore[attr-defined]
    return names
