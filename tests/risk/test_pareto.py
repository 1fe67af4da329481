"""The NPV-versus-jobs front: from the plan of most NPV to the most jobs, NPV falling."""

from __future__ import annotations

import itertools
import json

import pytest

from angara.plan import PlanOptions
from angara.risk.ensemble import Member
from angara.risk.pareto import ParetoPoint, _point, pareto_front
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI

EXACT = PlanOptions(mip_gap=1e-9)


@pytest.fixture(scope="module")
def mini() -> Scenario:
    return load(MINI)


@pytest.fixture(scope="module")
def front(mini: Scenario) -> tuple[list[ParetoPoint], list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    points = pareto_front(
        mini, 4, options=EXACT, workers=2, progress=lambda done, total: calls.append((done, total))
    )
    return points, calls


def test_the_front_runs_from_the_plan_of_most_npv_to_the_most_jobs(
    front: tuple[list[ParetoPoint], list[tuple[int, int]]],
) -> None:
    points, calls = front
    # see tests/plan/test_staff_floor.py: 750 people at most NPV, 1,310 at most
    assert [p.floor for p in points] == pytest.approx([750.0, 750.0 + 560 / 3, 750.0 + 1120 / 3, 1310.0])
    assert points[0].staff == 750.0 and points[-1].staff == 1310.0
    assert all(p.status == "optimal" for p in points)
    assert calls[-1] == (5, 5) and calls[0][0] == 0
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    json.dumps([p.to_json() for p in points], allow_nan=False)


def test_npv_falls_as_the_floor_rises_and_every_floor_is_met(
    front: tuple[list[ParetoPoint], list[tuple[int, int]]],
) -> None:
    points, _ = front
    values = [p.npv_rub for p in points]
    assert all(v is not None for v in values)
    assert all(a >= b for a, b in itertools.pairwise(values))  # type: ignore[operator]
    assert values[0] > values[-1]  # type: ignore[operator]
    for point in points:
        assert point.staff is not None and point.staff >= point.floor - 1e-6


def test_one_point_is_the_plan_of_most_npv(mini: Scenario) -> None:
    (point,) = pareto_front(mini, 1, options=EXACT, workers=1)
    assert point.floor == point.staff == 750.0


def _member(name: str, npv: float | None, staff: float | None) -> Member:
    status = "optimal" if npv is not None else "infeasible"
    return Member(name, status, npv, staff, None, ((name, "site"),), "" if npv else "cannot employ", 0.0)


def test_a_point_takes_the_best_plan_meeting_its_floor() -> None:
    own = _member("own", 90.0, 120.0)  # stopped at the gap below a plan meeting a higher floor
    higher = _member("higher", 95.0, 150.0)
    lower = _member("lower", 100.0, 100.0)
    point = _point(110.0, [lower, own, higher], own)
    assert (point.npv_rub, point.staff, point.builds) == (95.0, 150.0, (("higher", "site"),))


def test_a_floor_no_plan_meets_is_infeasible() -> None:
    failed = _member("own", None, None)
    point = _point(500.0, [_member("lower", 100.0, 100.0)], failed)
    assert (point.status, point.npv_rub, point.staff, point.message) == (
        "infeasible",
        None,
        None,
        "cannot employ",
    )
