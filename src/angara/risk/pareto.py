"""The NPV-versus-jobs Pareto front, by the epsilon-constraint method.

Jobs here are the operating staff of all plants in the last period (persons), the
quantity ``PlanOptions.min_staff`` puts a floor on.  The front is found in two rounds of
solves on the ensemble's Dask workers (:class:`angara.risk.ensemble.Workers`):

1. the ends, solved at once: the plan of most NPV with no floor, employing ``J0``; and
   the plan employing the most people the scenario allows, ``J_max``, found by valuing
   each person at :data:`JOBS_FIRST` RUB in the objective, far more than any plant can
   earn per worker, so that jobs are maximised first and NPV only among plans with the
   most jobs (the solver stops within its MIP gap of the most, so ``J_max`` is the most
   found: every floor up to it is met by that plan);
2. the floors ``J0 + (J_max - J0) i / (points - 1)`` for ``i = 1 .. points - 1``, each
   the plan of most NPV employing at least that many.

A plan that meets a higher floor meets every lower one, so each point takes the plan of
most NPV found among all solves that meet its floor.  With a MIP gap the solver may stop
at a plan below a higher floor's; this keeps the front's NPV non-increasing as the floor
rises (exactly, not only up to the gap) and every point's staff at or above its floor.  A
floor no solved plan meets is reported as infeasible with the solver's explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from angara.plan import PlanOptions
from angara.risk.ensemble import Job, Member, Progress, Workers
from angara.scenario.model import Scenario

JOBS_FIRST = 1e11  # RUB per person: the value of a job when the most jobs are sought
TOLERANCE = 1e-6  # persons, relative to the floor: a plan this close meets it


@dataclass(frozen=True)
class ParetoPoint:
    """One point of the front: ``floor`` (persons, operating staff in the last period),
    the plan's ``status``, ``npv_rub`` (RUB), ``staff`` (persons) and the plant slots it
    ``builds``; ``message`` says why a floor cannot be met."""

    floor: float
    status: str
    npv_rub: float | None
    staff: float | None
    builds: tuple[tuple[str, str], ...]  # (process, location) of the plants built
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "floor": self.floor,
            "status": self.status,
            "npv_rub": self.npv_rub,
            "staff": self.staff,
            "builds": [{"process": process, "location": location} for process, location in self.builds],
            "message": self.message,
        }


def pareto_front(
    scenario: Scenario,
    points: int,
    *,
    options: PlanOptions | None = None,
    scheduler: str | None = None,
    workers: int = 2,
    progress: Progress | None = None,
) -> list[ParetoPoint]:
    """``points`` points of the front of NPV against jobs, floors rising from the jobs of
    the plan of most NPV to the most jobs possible (see the module docstring).

    ``scheduler``, ``workers``: as :func:`angara.risk.ensemble.replan`;
    ``progress(done, total)`` counts solves (``points + 1`` of them when ``points > 1``).
    """
    if points < 1:
        raise ValueError(f"points must be at least 1, got {points}")
    base = replace(options or PlanOptions(), min_staff=None, staff_weight=0.0)
    total = points + 1 if points > 1 else 1  # the two ends, then every floor above the first

    def counted(offset: int) -> Progress | None:
        if progress is None:
            return None
        report = progress
        return lambda done, _: report(offset + done, total)

    with Workers(scheduler, workers) as pool:
        ends = [Job("npv", scenario, base)]
        if points > 1:
            ends.append(Job("jobs", scenario, replace(base, staff_weight=JOBS_FIRST)))
        first = pool.plan(ends, counted(0))
        best = first[0]
        if not best.solved or best.staff is None:
            # no plan at all: one point, failing for the reason the plain plan does
            return [_unmet(0.0, best)]
        if points == 1:
            return [_point(best.staff, [best], best)]
        most = first[1].staff if first[1].solved and first[1].staff is not None else best.staff
        most = max(most, best.staff)
        floors = [best.staff + (most - best.staff) * i / (points - 1) for i in range(points)]
        jobs = [Job(f"floor-{i}", scenario, replace(base, min_staff=floors[i])) for i in range(1, points)]
        rest = pool.plan(jobs, counted(len(ends)))
    solved = [m for m in (*first, *rest) if m.solved]
    own = [best, *rest]
    return [_point(floor, solved, member) for floor, member in zip(floors, own, strict=True)]


def _point(floor: float, solved: Sequence[Member], own: Member) -> ParetoPoint:
    """The plan of most NPV among ``solved`` that meets ``floor``; ``own`` is the floor's own solve."""
    reach = floor - TOLERANCE * max(1.0, floor)
    meeting = [
        (m.npv_rub, m is own, i)
        for i, m in enumerate(solved)
        if m.npv_rub is not None and (m.staff or 0.0) >= reach
    ]
    if not meeting:
        return _unmet(floor, own)
    # the most NPV; on a tie the floor's own plan
    chosen = solved[max(meeting)[2]]
    return ParetoPoint(floor, chosen.status, chosen.npv_rub, chosen.staff, chosen.builds, chosen.message)


def _unmet(floor: float, member: Member) -> ParetoPoint:
    status = member.status if not member.solved else "infeasible"
    return ParetoPoint(floor, status, None, None, (), member.message)
