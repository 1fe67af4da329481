"""What a background run does, as a function of plain ids that a Dask worker can call:
load the scenario version, plan, assess and (for a risk run) weigh the plan's risk,
writing progress and log lines to the run as it goes and its result files at the end.

The run's row in the database is the only channel: a cancellation is seen there between
stages (and during the Monte Carlo), and every outcome, including an internal error, is
written there.  :func:`execute_run` never raises.
"""

from __future__ import annotations

import tempfile
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Any

from angara.assess.assessment import assess
from angara.assess.write import SCENARIO_FOLDER, write_results
from angara.plan import PlanFailure, PlanOptions, optimize
from angara.risk.analysis import RiskAnalysis, analyse
from angara.risk.ensemble import Ensemble, build_frequency, deterministic, plan_member
from angara.risk.futures import sample_futures
from angara.risk.write import write_risk
from angara.scenario.model import Scenario
from angara.scenario.problems import ScenarioError
from angara.server.store.database import Database, StoreError, open_database
from angara.server.store.runs import append_log, get_run, save_results, set_progress, set_status, start_run
from angara.server.store.scenarios import load_version
from angara.server.store.tables import utc_now

PARAMETERS = {
    "time_limit": "the solver's time limit in seconds",
    "mip_gap": "the relative MIP gap at which the solver stops",
    "threads": "solver threads (1 by default)",
    "objective": "npv or cost",
    "periods": "representative years, e.g. [2027, 2030, 2035]",
    "samples": "Monte Carlo samples (risk runs)",
    "seed": "seed of the random numbers (risk runs)",
    "replan": "sampled futures to plan again, for how often each plant is built (risk runs)",
}
PROGRESS_EVERY_S = 0.5  # write Monte Carlo progress (and look for a cancellation) at most this often

# where each stage starts on the run's progress bar, by kind of run
STAGES = {
    "plan": {"loading": 0.0, "planning": 0.05, "assessing": 0.75, "saving": 0.95},
    "risk": {"loading": 0.0, "planning": 0.05, "assessing": 0.45, "risk": 0.55, "saving": 0.95},
}


class _Cancelled(Exception):
    """The run was cancelled (its status in the database says so)."""


def execute_run(db_url: str, run_id: int) -> str:
    """Do run ``run_id`` of the database at ``db_url``; return its final status.

    A run that is not queued (cancelled before it started, or taken up already) is left
    alone.  A scenario with no plan, a scenario that does not load and bad parameters fail
    the run with a message saying why; anything else fails it as an internal error with
    the traceback in its log.
    """
    try:
        database = open_database(db_url, upgrade=False)
    except Exception:  # nowhere to record anything: the server marks the run failed on restart
        return "failed"
    try:
        return _execute(database, run_id)
    except Exception as error:  # the database itself failed while recording the outcome
        return _fail_quietly(database, run_id, f"internal error: {type(error).__name__}: {error}")
    finally:
        database.close()


def check_parameters(kind: str, parameters: dict[str, Any]) -> None:
    """Raise :class:`StoreError` naming what is wrong with the ``parameters`` of a ``kind``
    run (before it is queued, so that it does not fail later for them)."""
    if kind not in STAGES:
        raise StoreError(f"unknown kind of run '{kind}'; expected one of: {', '.join(STAGES)}")
    plan_options(parameters)
    risk_parameters(parameters)


def plan_options(parameters: dict[str, Any]) -> PlanOptions:
    """How to solve, from a run's parameters (one solver thread unless asked otherwise)."""
    unknown = sorted(set(parameters) - set(PARAMETERS))
    if unknown:
        known = "; ".join(f"{name}: {text}" for name, text in PARAMETERS.items())
        raise StoreError(f"unknown run parameter(s) {', '.join(unknown)}; known are {known}")
    time_limit = _number(parameters, "time_limit", minimum=0.0, strict=True)
    mip_gap = _number(parameters, "mip_gap", minimum=0.0, maximum=1.0)
    threads = _whole(parameters, "threads", minimum=1)
    objective = parameters.get("objective")
    if objective not in (None, "npv", "cost"):
        raise StoreError(f"objective must be npv or cost, got {objective!r}")
    periods = parameters.get("periods")
    if periods is not None and (
        not isinstance(periods, list)
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in periods)
    ):
        raise StoreError(f"periods must be a list of years, got {periods!r}")
    return PlanOptions(
        time_limit=time_limit,
        mip_gap=mip_gap,
        threads=threads if threads is not None else 1,
        objective=objective,
        periods=periods,
    )


def risk_parameters(parameters: dict[str, Any]) -> tuple[int | None, int | None]:
    """Monte Carlo samples and seed from a run's parameters (None: the scenario's)."""
    _whole(parameters, "replan", minimum=0)
    return _whole(parameters, "samples", minimum=1), _whole(parameters, "seed", minimum=0)


class _Reporter:
    """Writes a run's progress and log and looks for its cancellation, each in a short
    transaction of its own so that the web server sees them at once."""

    def __init__(self, database: Database, run_id: int, stages: dict[str, float]) -> None:
        self.database = database
        self.run_id = run_id
        self.stages = stages
        self._last_write = 0.0

    def log(self, line: str) -> None:
        stamp = utc_now().strftime("%Y-%m-%d %H:%M:%S")
        with self.database.session() as session:
            append_log(session, self.run_id, f"{stamp} {line}")

    def stage(self, name: str, text: str) -> None:
        """Enter stage ``name`` (after a cancellation check), saying what it does."""
        self.check()
        self.log(text)
        with self.database.session() as session:
            set_progress(session, self.run_id, self.stages[name], text)

    def check(self) -> None:
        with self.database.session(write=False) as session:
            if get_run(session, self.run_id).status == "cancelled":
                raise _Cancelled

    def monte_carlo(self, done: int, total: int) -> None:
        """Progress of the Monte Carlo: samples ``done`` of ``total``."""
        now = time.monotonic()
        if done < total and now - self._last_write < PROGRESS_EVERY_S:
            return
        self._last_write = now
        self.check()
        start, end = self.stages["risk"], self.stages["saving"]
        with self.database.session() as session:
            set_progress(
                session,
                self.run_id,
                start + (end - start) * done / max(total, 1),
                f"risk: {done:,} of {total:,} samples",
            )


def _execute(database: Database, run_id: int) -> str:
    with database.session() as session:
        started = start_run(session, run_id)
        run = get_run(session, run_id)
    if not started:
        return run.status
    reporter = _Reporter(database, run_id, STAGES[run.kind])
    try:
        files = _compute(database, run.kind, run.scenario, run.version, run.parameters, reporter)
        with database.session() as session:
            # marked done and given its results in one transaction, unless cancelled meanwhile
            if not set_status(session, run_id, "done", "done", 1.0):
                raise _Cancelled
            save_results(session, run_id, files)
        reporter.log(f"done: {len(files)} result files")
        return "done"
    except _Cancelled:
        reporter.log("stopped: the run was cancelled")
        return "cancelled"
    except PlanFailure as error:
        for message in error.messages:
            reporter.log(f"no plan: {message}")
        return _fail(database, run_id, str(error))
    except ScenarioError as error:
        for problem in error.problems:
            reporter.log(f"scenario problem: {problem}")
        count = len(error.problems)
        text = "\n".join(str(p) for p in error.problems)
        return _fail(
            database, run_id, f"the scenario has {count} problem{'s' if count != 1 else ''}:\n{text}"
        )
    except StoreError as error:
        reporter.log(f"failed: {error}")
        return _fail(database, run_id, str(error))
    except Exception as error:
        reporter.log("internal error:\n" + traceback.format_exc().rstrip())
        return _fail(database, run_id, f"internal error: {type(error).__name__}: {error}")


def _compute(
    database: Database, kind: str, name: str, number: int, parameters: dict[str, Any], reporter: _Reporter
) -> dict[str, bytes]:
    options = plan_options(parameters)
    samples, seed = risk_parameters(parameters)
    reporter.stage("loading", f"loading scenario '{name}' version {number}")
    with database.session(write=False) as session:
        _, scenario = load_version(session, name, number)
    reporter.stage("planning", "planning")
    plan = optimize(scenario, options)
    npv = f", NPV {plan.npv / 1e9:,.2f} bn RUB" if plan.npv is not None else ""
    reporter.log(f"plan {plan.status}{npv}, gap {plan.mip_gap:.2%}, solved in {plan.seconds_solve:.1f} s")
    reporter.stage("assessing", "assessing")
    assessment = assess(scenario, plan)
    with tempfile.TemporaryDirectory(prefix="angara-run-") as folder:
        results = Path(folder) / "results"
        write_results(plan, assessment, scenario, results)
        files = _read(results)
        if kind == "risk":
            reporter.stage("risk", "risk: Monte Carlo")
            analysis = analyse(scenario, plan, samples, seed, reporter.monte_carlo)
            summary = analysis.simulation.summary()
            reporter.log(
                f"risk: {summary['samples']:,} samples, P(NPV < 0) {summary['prob_npv_negative']:.1%}"
            )
            futures = _whole(parameters, "replan", minimum=0) or 0
            if futures:
                analysis = _replanned(scenario, analysis, futures, options, reporter)
            write_risk(analysis, Path(folder) / "risk")
            files.update(_read(Path(folder) / "risk"))
    reporter.stage("saving", "saving results")
    return files


def _replanned(
    scenario: Scenario, analysis: RiskAnalysis, futures: int, options: PlanOptions, reporter: _Reporter
) -> RiskAnalysis:
    """The analysis with ``futures`` sampled futures planned again, one after another in this
    worker (a run is already one task of the server's cluster), and how often each plant is
    built across them."""
    members = []
    for future in sample_futures(scenario, futures, analysis.simulation.seed):
        reporter.check()
        reporter.log(f"risk: planning sampled future {future.index + 1} of {futures}")
        members.append(plan_member(f"future {future.index}", scenario, deterministic(options), future))
    ensemble = Ensemble(
        tuple(members), build_frequency(members), workers=1, seconds=sum(m.seconds for m in members)
    )
    return replace(
        analysis,
        extra={**analysis.extra, "ensemble": ensemble.to_json()},
        extra_tables={**analysis.extra_tables, "build_frequency": ensemble.frequency},
    )


def _read(folder: Path) -> dict[str, bytes]:
    # the scenario/ folder write_results adds is the stored version itself: not a result
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != SCENARIO_FOLDER
    }


def _fail(database: Database, run_id: int, message: str) -> str:
    with database.session() as session:
        set_status(session, run_id, "failed", message)
        return get_run(session, run_id).status  # cancelled meanwhile stays cancelled


def _fail_quietly(database: Database, run_id: int, message: str) -> str:
    try:
        return _fail(database, run_id, message)
    except Exception:
        return "failed"


def _number(
    parameters: dict[str, Any], name: str, minimum: float, maximum: float | None = None, strict: bool = False
) -> float | None:
    value = parameters.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StoreError(f"{name} must be a number, got {value!r}")
    low = value <= minimum if strict else value < minimum
    if low or (maximum is not None and value > maximum):
        bound = f"above {minimum:g}" if strict else f"at least {minimum:g}"
        upper = f" and at most {maximum:g}" if maximum is not None else ""
        raise StoreError(f"{name} must be {bound}{upper}, got {value!r}")
    return float(value)


def _whole(parameters: dict[str, Any], name: str, minimum: int) -> int | None:
    value = parameters.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise StoreError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return value
