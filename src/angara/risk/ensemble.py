"""Plan ensembles on Dask: re-plan in each sampled future, or for each named scenario variant.

Each member is one task, ``optimize`` on one scenario, submitted to Dask workers; results
are gathered as they finish (``progress(done, total)`` after each) and returned in input
order.  Without a scheduler address the workers are threads of an in-process
``LocalCluster``; with ``tcp://HOST:PORT`` they are those of a running cluster, whose
workers must have the same version of Angara installed.

Every task solves with one solver thread and a fixed random seed, without the shadow-price
re-solve: a MIP solver's path depends on its thread count and seed, so fixing them makes
the same inputs give the same plan on any worker of any cluster (as long as solves end on
the gap, not on the time limit).  A member whose scenario has no plan is reported with its
status and the explanation in words, not raised.
"""

from __future__ import annotations

import logging
import sys
import time
import uuid
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import pandas as pd
from distributed import Client, as_completed

from angara.plan import PlanFailure, PlanOptions, optimize
from angara.plan.result import Plan
from angara.risk.cluster import local_cluster
from angara.risk.futures import Future, future_scenario
from angara.scenario.model import Scenario

Progress = Callable[[int, int], None]
CONNECT_TIMEOUT = 10.0  # s to reach a scheduler and find a worker there
SOLVER_SEED = 0  # the solver's random seed in every task (HiGHS' own default)
SOLVED = ("optimal", "feasible")


class SchedulerUnreachable(Exception):
    """No Dask scheduler (or no worker) answers at ``address``."""

    def __init__(self, address: str, reason: str) -> None:
        self.address = address
        self.reason = reason
        super().__init__(f"cannot use the Dask scheduler at {address}: {reason}")


@dataclass(frozen=True)
class Member:
    """One re-planned future or variant.

    ``status``: optimal, feasible (a plan at the time limit), infeasible or failed;
    ``npv_rub``: the plan's NPV (RUB; with the cost objective, minus the discounted cost);
    ``staff``: operating staff of all plants in the last period (persons); ``capex_rub``:
    CAPEX of the modules built over the horizon (RUB); ``builds``: the plants (process,
    location) where modules are built; ``message``: why there is no plan, or
    the solver's notes; ``seconds``: wall time of the task.
    """

    name: str
    status: str
    npv_rub: float | None
    staff: float | None
    capex_rub: float | None
    builds: tuple[tuple[str, str], ...]
    message: str
    seconds: float

    @property
    def solved(self) -> bool:
        return self.status in SOLVED

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "npv_rub": self.npv_rub,
            "staff": self.staff,
            "capex_rub": self.capex_rub,
            "builds": [{"process": process, "location": location} for process, location in self.builds],
            "message": self.message,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Ensemble:
    """Members in input order; ``frequency``: per plant slot built by any solved member,
    columns process, location, built (members building it), share (of solved members);
    ``workers``: Dask workers used; ``seconds``: wall time."""

    members: tuple[Member, ...]
    frequency: pd.DataFrame
    workers: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        solved = [m for m in self.members if m.solved]
        return {
            "members": [m.to_json() for m in self.members],
            "solved": len(solved),
            "frequency": [
                {
                    "process": str(row.process),
                    "location": str(row.location),
                    "built": int(row.built),
                    "share": float(row.share),
                }
                for row in self.frequency.itertuples(index=False)
            ],
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class Job:
    """One plan to find: ``scenario`` (moved into ``future`` first, if given) under ``options``."""

    name: str
    scenario: Scenario
    options: PlanOptions
    future: Future | None = None


def replan(
    scenario: Scenario,
    futures: Sequence[Future],
    *,
    options: PlanOptions | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> Ensemble:
    """Plan ``scenario`` again in each of ``futures`` (members named by :func:`future_member`).

    ``scheduler``: a Dask scheduler address (``tcp://HOST:PORT``), or None for an
    in-process cluster of ``workers`` threads.  Raises :class:`SchedulerUnreachable`.
    """
    options = options or PlanOptions()
    jobs = [Job(future_member(f.index), scenario, options, f) for f in futures]
    return _ensemble(jobs, scheduler, workers, progress)


def future_member(index: int) -> str:
    """The name of the ensemble member planned in sampled future ``index``, wherever it is planned."""
    return f"future-{index}"


def compare_variants(
    variants: Sequence[Scenario],
    *,
    options: PlanOptions | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> Ensemble:
    """Plan each scenario variant (members named by ``meta.name``); as :func:`replan`."""
    options = options or PlanOptions()
    jobs = [Job(v.meta.name, v, options) for v in variants]
    return _ensemble(jobs, scheduler, workers, progress)


def _ensemble(jobs: list[Job], scheduler: str | None, workers: int, progress: Progress | None) -> Ensemble:
    started = time.perf_counter()
    with Workers(scheduler, workers) as pool:
        members = pool.plan(jobs, progress)
        count = pool.count
    return Ensemble(tuple(members), build_frequency(members), count, time.perf_counter() - started)


class Workers:
    """Dask workers to plan on, as a context manager: an in-process cluster of ``workers``
    single-threaded workers (``scheduler`` None) or the cluster behind ``scheduler``."""

    def __init__(self, scheduler: str | None = None, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.scheduler = scheduler
        self.workers = workers
        self._stack = ExitStack()
        self._client: Client | None = None

    def __enter__(self) -> Workers:
        stack = self._stack.__enter__()
        try:
            stack.enter_context(_quiet_dask())
            if self.scheduler is None:
                cluster = stack.enter_context(local_cluster(self.workers))
                self._client = stack.enter_context(
                    Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
                )
            else:
                self._client = stack.enter_context(_connect(self.scheduler))
        except BaseException:
            self._stack.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._client = None
        self._stack.__exit__(kind, error, trace)

    @property
    def client(self) -> Client:
        if self._client is None:
            raise RuntimeError("Workers are used inside a with block")
        return self._client

    @property
    def count(self) -> int:
        """Workers connected to the scheduler now."""
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def plan(self, jobs: Sequence[Job], progress: Progress | None = None) -> list[Member]:
        """A member per job, in the order of ``jobs``; ``progress(done, total)`` as they finish."""
        client = self.client
        total = len(jobs)
        if progress is not None:
            progress(0, total)
        if not total:
            return []
        # each distinct scenario travels to the workers once, not once per task
        shipped: dict[int, Any] = {}
        for job in jobs:
            if id(job.scenario) not in shipped:
                shipped[id(job.scenario)] = client.scatter(job.scenario, hash=False)  # type: ignore[no-untyped-call]
        batch = uuid.uuid4().hex
        tasks = [
            client.submit(
                plan_member,
                job.name,
                shipped[id(job.scenario)],
                deterministic(job.options),
                job.future,
                key=f"angara-plan-{batch}-{i}",
            )
            for i, job in enumerate(jobs)
        ]
        position = {task.key: i for i, task in enumerate(tasks)}
        members: list[Member | None] = [None] * total
        finished = as_completed(tasks, loop=client.loop)  # type: ignore[no-untyped-call]
        for done, task in enumerate(finished, start=1):
            i = position[task.key]
            try:
                members[i] = task.result()
            except Exception as error:  # the worker died or the task could not run there
                members[i] = Member(jobs[i].name, "failed", None, None, None, (), _describe(error), 0.0)
            if progress is not None:
                progress(done, total)
        return [m for m in members if m is not None]


def deterministic(options: PlanOptions) -> PlanOptions:
    """``options`` as every task solves: one solver thread, a fixed seed, no shadow prices, no log."""
    seed = SOLVER_SEED if options.seed is None else options.seed
    return replace(options, threads=1, seed=seed, shadow_prices=False, log=False)


def plan_member(name: str, scenario: Scenario, options: PlanOptions, future: Future | None = None) -> Member:
    """The task: plan ``scenario`` (in ``future``, if given) and summarise the plan."""
    started = time.perf_counter()
    try:
        planned = scenario if future is None else future_scenario(scenario, future)
        plan = optimize(planned, options)
    except PlanFailure as failure:
        status = "infeasible" if "infeasible" in failure.condition else "failed"
        message = "; ".join(failure.messages)
        return Member(name, status, None, None, None, (), message, time.perf_counter() - started)
    except Exception as error:  # one member's failure must not stop the others
        return Member(name, "failed", None, None, None, (), _describe(error), time.perf_counter() - started)
    return member_of(name, plan, time.perf_counter() - started)


def member_of(name: str, plan: Plan, seconds: float) -> Member:
    """The ensemble's figures of a plan."""
    last = plan.periods[-1]["start"] if plan.periods else None
    staff = plan.staff.loc[plan.staff["period"] == last, "needed"].sum() if len(plan.staff) else 0.0
    npv = plan.objective if plan.objective_kind == "npv" else -plan.objective
    return Member(
        name=name,
        status=plan.status,
        npv_rub=float(npv),
        staff=float(staff),
        capex_rub=float(plan.builds["capex_rub"].sum()) if len(plan.builds) else 0.0,
        builds=tuple(sorted(set(zip(plan.builds["process"], plan.builds["location"], strict=True)))),
        message="; ".join(plan.notes),
        seconds=seconds,
    )


def build_frequency(members: Sequence[Member]) -> pd.DataFrame:
    """How many solved members build each plant slot, and their share of the solved members."""
    solved = [m for m in members if m.solved]
    counts = Counter(plant for m in solved for plant in m.builds)
    rows = [
        {"process": process, "location": location, "built": built, "share": built / len(solved)}
        for (process, location), built in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return pd.DataFrame(rows, columns=["process", "location", "built", "share"])


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@contextmanager
def _connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address`` with at least one worker, or SchedulerUnreachable."""
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, ValueError, TypeError) as error:  # OSError covers refused and timed out
        raise SchedulerUnreachable(address, str(error) or type(error).__name__) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError):
            raise SchedulerUnreachable(address, f"no worker joined it within {CONNECT_TIMEOUT:g} s") from None
        yield client


@contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own logging and warnings (ports, versions, slow tasks) off the console."""
    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", module=r"distributed(\..*)?")
            yield
    finally:
        logger.setLevel(level)
