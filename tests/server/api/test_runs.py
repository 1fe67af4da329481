"""Runs over the API: background plan and risk runs, results as JSON, CSV and xlsx, limits."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from angara.server.settings import ServerSettings
from angara.server.store.database import open_database
from angara.server.store.runs import create_run
from angara.server.store.users import get_account
from tests.server.api.conftest import Server, start, zipped


def _scenario(server: Server) -> None:
    answer = server.client.post(
        "/api/scenarios",
        headers=server.headers("analyst"),
        files={"file": ("mini.zip", zipped(), "application/zip")},
    )
    assert answer.status_code == 201, answer.text


def _start(server: Server, **wanted: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    answer = server.client.post(
        "/api/runs", headers=server.headers("analyst"), json={"scenario": "mini", **wanted}
    )
    return answer.status_code, answer.json()


def test_a_plan_run_in_the_background(server: Server) -> None:
    _scenario(server)
    status, run = _start(server, kind="plan")
    assert status == 202 and run["status"] in ("queued", "running", "done")
    done = server.wait(run["id"])
    assert done["status"] == "done", server.client.get(
        f"/api/runs/{run['id']}/log", headers=server.headers("viewer")
    ).text
    assert done["progress"] == 1.0 and done["version"] == 1 and done["user"] == "analyst"
    viewer = server.headers("viewer")
    plan = server.client.get(f"/api/runs/{run['id']}/results/plan", headers=viewer).json()
    assessment = server.client.get(f"/api/runs/{run['id']}/results/assessment", headers=viewer).json()
    assert plan["status"] == "optimal" and assessment["npv_rub"] > 0
    csv = server.client.get(f"/api/runs/{run['id']}/tables/builds", headers=viewer)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    builds = pd.read_csv(io.BytesIO(csv.content))
    assert len(builds) == len(plan["builds"])
    xlsx = server.client.get(f"/api/runs/{run['id']}/tables/builds?format=xlsx", headers=viewer)
    assert pd.read_excel(io.BytesIO(xlsx.content)).shape == builds.shape
    assert server.client.get(f"/api/runs/{run['id']}/results/risk", headers=viewer).status_code == 404
    assert server.client.get(f"/api/runs/{run['id']}/tables/nothing", headers=viewer).status_code == 404
    assert "planning" in server.client.get(f"/api/runs/{run['id']}/log", headers=viewer).text.lower()


def test_a_risk_run(server: Server) -> None:
    _scenario(server)
    status, run = _start(server, kind="risk", samples=300, seed=3)
    assert status == 202
    assert server.wait(run["id"])["status"] == "done"
    risk = server.client.get(f"/api/runs/{run['id']}/results/risk", headers=server.headers("viewer")).json()
    assert (risk["samples"], risk["seed"]) == (300, 3)
    assert risk["npv_p10"] <= risk["npv_p50"] <= risk["npv_p90"]


def test_viewers_cannot_start_runs(server: Server) -> None:
    _scenario(server)
    answer = server.client.post("/api/runs", headers=server.headers("viewer"), json={"scenario": "mini"})
    assert answer.status_code == 403


def test_unknown_scenario_or_version(server: Server) -> None:
    assert _start(server)[0] == 404
    _scenario(server)
    assert _start(server, version=5)[0] == 404
    assert _start(server, kind="dream")[0] == 422


@pytest.mark.parametrize(
    ("settings", "wanted", "expected"),
    [
        (ServerSettings(workers=1, max_solve_seconds=10), {"time_limit": 60}, "time_limit is at most 10 s"),
        (
            ServerSettings(workers=1, max_samples=100),
            {"kind": "risk", "samples": 1000},
            "samples is at most 100",
        ),
        (ServerSettings(workers=1, max_variables=50), {}, "variables"),
    ],
)
def test_limits_are_422(tmp_path: Path, settings: ServerSettings, wanted: dict, expected: str) -> None:  # type: ignore[type-arg]
    for server in start(f"sqlite:///{tmp_path / 'limits.db'}", settings):
        _scenario(server)
        status, answer = _start(server, **wanted)
        assert status == 422 and expected in answer["detail"]


def test_too_many_runs_at_once_is_429(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    for server in start(url, ServerSettings(workers=1, max_runs_per_user=1)):
        _scenario(server)
        database = open_database(url)
        with database.session() as session:  # a run another server process has queued
            create_run(session, "plan", "mini", 1, get_account(session, "analyst"), {})
        database.close()
        status, answer = _start(server)
        assert status == 429 and "analyst" in answer["detail"]
        assert _start_as(server, "admin") == 202  # the limit is per user


def _start_as(server: Server, role: str) -> int:
    answer = server.client.post("/api/runs", headers=server.headers(role), json={"scenario": "mini"})
    return int(answer.status_code)


def test_cancel(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cancel.db'}"
    for server in start(url):
        _scenario(server)
        database = open_database(url)
        with database.session() as session:
            queued = create_run(session, "plan", "mini", 1, get_account(session, "analyst"), {})
        database.close()
        answer = server.client.post(f"/api/runs/{queued.id}/cancel", headers=server.headers("analyst"))
        assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
        again = server.client.post(f"/api/runs/{queued.id}/cancel", headers=server.headers("analyst"))
        assert again.status_code == 409
        assert (
            server.client.post(f"/api/runs/{queued.id}/cancel", headers=server.headers("viewer")).status_code
            == 403
        )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('"time_limit": -1', "time_limit"),
        ('"time_limit": NaN', "time_limit"),  # Python's JSON reads it; the parameters refuse it
        ('"mip_gap": 2', "mip_gap"),
        ('"objective": "jobs"', "objective"),
        ('"periods": [2027, "soon"]', "periods"),
        ('"seed": true', "seed"),
        ('"speed": 3', "speed"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(server: Server, body: str, field: str) -> None:
    _scenario(server)
    answer = server.client.post(
        "/api/runs",
        content='{"scenario": "mini", ' + body + "}",
        headers={**server.headers("analyst"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert [error["loc"][:2] for error in answer.json()["detail"]] == [["body", field]]


def test_a_runs_parameters_are_stored_as_given(server: Server) -> None:
    _scenario(server)
    status, run = _start(server, kind="risk", samples=100, seed=9, objective="cost", periods=[2030, 2027])
    assert status == 202
    assert run["parameters"] == {"samples": 100, "seed": 9, "objective": "cost", "periods": [2027, 2030]}
    assert server.client.post(
        f"/api/runs/{run['id']}/cancel", headers=server.headers("analyst")
    ).status_code in (
        200,
        409,
    )
