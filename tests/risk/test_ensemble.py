"""Ensembles on Dask: in order, reproducible on a real cluster, failures reported not raised."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client

from angara.plan import PlanOptions
from angara.plan.solve import _solver_options
from angara.risk import ensemble
from angara.risk.ensemble import (
    Ensemble,
    Member,
    SchedulerUnreachable,
    build_frequency,
    compare_variants,
    deterministic,
    replan,
)
from angara.risk.futures import sample_futures
from angara.scenario.model import Scenario

DASK = Path(sys.executable).parent / "dask"
OPTIONS = PlanOptions(mip_gap=1e-6)
SEED = 42


def _figures(result: Ensemble) -> list[tuple[object, ...]]:
    return [(m.name, m.status, m.npv_rub, m.staff, m.capex_rub, m.builds) for m in result.members]


@pytest.fixture(scope="module")
def in_process(risky: Scenario) -> tuple[Ensemble, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    result = replan(
        risky,
        sample_futures(risky, 3, SEED),
        options=OPTIONS,
        workers=2,
        progress=lambda done, total: calls.append((done, total)),
    )
    return result, calls


def _address(scheduler_file: Path) -> str | None:
    """The scheduler's address once it has written its file whole."""
    try:
        return str(json.loads(scheduler_file.read_text(encoding="utf-8"))["address"])
    except (OSError, ValueError, KeyError):
        return None


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A Dask scheduler and two single-threaded worker processes, started as commands."""
    scheduler_file = str(tmp_path / "scheduler.json")
    workers = ["--nworkers", "2", "--nthreads", "1", "--memory-limit", "0"]
    commands = [
        [str(DASK), "scheduler", "--scheduler-file", scheduler_file, "--port", "0", "--no-dashboard"],
        [str(DASK), "worker", "--scheduler-file", scheduler_file, *workers, "--no-dashboard"],
    ]
    started = []
    try:
        for command in commands:  # the workers find the scheduler through its file
            started.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 60
        while (address := _address(Path(scheduler_file))) is None:
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        with Client(address, timeout=30, set_as_default=False) as client:  # type: ignore[no-untyped-call]
            client.wait_for_workers(2, timeout=60)
            yield address
            client.shutdown()  # the scheduler and its workers, faster than one signal each
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_members_come_back_in_input_order_with_progress(
    in_process: tuple[Ensemble, list[tuple[int, int]]],
) -> None:
    result, calls = in_process
    assert [m.name for m in result.members] == ["future-0", "future-1", "future-2"]
    assert all(m.status == "optimal" for m in result.members)
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert result.workers == 2
    # the futures differ, so do their plans' NPV
    assert len({m.npv_rub for m in result.members}) == 3
    for member in result.members:
        assert member.staff is not None and member.staff > 0
        assert member.capex_rub is not None and member.capex_rub > 0
    built = set(zip(result.frequency["process"], result.frequency["location"], strict=True))
    assert built == {plant for m in result.members for plant in m.builds}
    json.dumps(result.to_json(), allow_nan=False)


def test_a_real_cluster_gives_the_same_members_as_the_in_process_one(
    risky: Scenario, in_process: tuple[Ensemble, list[tuple[int, int]]], cluster: str
) -> None:
    remote = replan(risky, sample_futures(risky, 3, SEED), options=OPTIONS, scheduler=cluster)
    assert remote.workers == 2
    assert _figures(remote) == _figures(in_process[0])
    assert remote.frequency.equals(in_process[0].frequency)


def test_an_unreachable_scheduler_is_reported_quickly(
    risky: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ensemble, "CONNECT_TIMEOUT", 2.0)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(SchedulerUnreachable) as failure:
        replan(risky, sample_futures(risky, 1, SEED), scheduler=f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - started < 8
    assert failure.value.address == f"tcp://127.0.0.1:{port}"
    assert str(failure.value).startswith(f"cannot use the Dask scheduler at tcp://127.0.0.1:{port}: ")


def test_a_variant_without_a_plan_is_a_member_with_the_reason(risky: Scenario) -> None:
    early = tuple(
        p.model_copy(update={"min_quantity": 100.0}) if p.good == "ndpr_metal" else p for p in risky.prices
    )
    impossible = risky.model_copy(
        update={"prices": early, "meta": risky.meta.model_copy(update={"name": "early-contract"})}
    )
    result = compare_variants([impossible, risky], options=OPTIONS, workers=1)
    assert [m.name for m in result.members] == ["early-contract", "mini"]
    failed, solved = result.members
    assert failed.status == "infeasible"
    assert failed.npv_rub is None and failed.builds == ()
    assert "the contract for 100 t/yr of ndpr_metal in 2027 cannot be met" in failed.message
    assert solved.status == "optimal"
    assert result.frequency["share"].tolist() == [1.0] * len(solved.builds)
    assert result.workers == 1


def _member(name: str, status: str, builds: tuple[tuple[str, str], ...]) -> Member:
    solved = status in ("optimal", "feasible")
    value = 1.0 if solved else None
    return Member(name, status, value, value, value, builds, "", 0.0)


def test_frequency_counts_builds_over_solved_members() -> None:
    members = [
        _member("a", "optimal", (("mine", "dep"), ("metal", "site"))),
        _member("b", "feasible", (("mine", "dep"),)),
        _member("c", "infeasible", ()),
        _member("d", "optimal", (("mine", "dep"), ("mine", "other"))),
    ]
    frequency = build_frequency(members)
    assert frequency.to_dict(orient="records") == [
        {"process": "mine", "location": "dep", "built": 3, "share": 1.0},
        {"process": "metal", "location": "site", "built": 1, "share": 1 / 3},
        {"process": "mine", "location": "other", "built": 1, "share": 1 / 3},
    ]
    assert build_frequency([]).columns.tolist() == ["process", "location", "built", "share"]


def test_every_task_solves_with_one_thread_and_a_fixed_seed(risky: Scenario) -> None:
    options = deterministic(PlanOptions(threads=4, shadow_prices=True, log=True, mip_gap=0.02))
    assert (options.threads, options.seed, options.shadow_prices, options.log) == (1, 0, False, False)
    assert options.mip_gap == 0.02
    assert deterministic(PlanOptions(seed=7)).seed == 7
    solver = _solver_options(risky, options)
    assert (solver["threads"], solver["random_seed"], solver["mip_rel_gap"]) == (1, 0, 0.02)
