"""Background runs on an in-process Dask cluster: runs go to done, a queued run can be
cancelled, and a scheduler that does not answer is a plain error."""

from __future__ import annotations

import socket
import time

import pytest

from angara.scenario.model import Scenario
from angara.server.jobs import queue as queue_module
from angara.server.jobs.queue import RunQueue
from angara.server.store.database import Conflict, Database, StoreError
from angara.server.store.runs import FINISHED, RunInfo, create_run, get_run, log
from angara.server.store.scenarios import save_version
from tests.server.conftest import make_analyst


def wait_until_finished(database: Database, ids: list[int], timeout_s: float = 90.0) -> list[RunInfo]:
    deadline = time.monotonic() + timeout_s
    while True:
        with database.session() as session:
            runs = [get_run(session, run_id) for run_id in ids]
        if all(run.status in FINISHED for run in runs) or time.monotonic() > deadline:
            return runs
        time.sleep(0.2)


@pytest.mark.parametrize("processes", [False, True], ids=["threads", "processes"])
def test_runs_go_to_done_and_a_queued_run_can_be_cancelled(
    sqlite_database: Database, mini_scenario: Scenario, processes: bool
) -> None:
    analyst = make_analyst(sqlite_database)
    with sqlite_database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        ids = [
            create_run(session, "plan", "mini", None, analyst, {}).id,
            # few samples: the Monte Carlo is not what is tested here
            create_run(session, "risk", "mini", None, analyst, {"samples": 200}).id,
            create_run(session, "plan", "mini", None, analyst, {}).id,
        ]
    with RunQueue(sqlite_database.url, workers=1, processes=processes) as queue:
        assert queue.address is not None
        # worker processes: TLS on loopback only (tests/security/test_cluster.py)
        assert queue.address.startswith("tls://127.0.0.1:" if processes else "inproc://")
        for run_id in ids:
            queue.submit(run_id)
        with sqlite_database.session() as session:
            queue.cancel(session, ids[2], by=analyst)  # one worker: behind the other two, still queued
        runs = wait_until_finished(sqlite_database, ids)
        assert [run.status for run in runs] == ["done", "done", "cancelled"]
        assert "risk.json" in runs[1].results and "plan.json" in runs[0].results
        assert runs[2].results == () and runs[2].started_at is None
        assert runs[2].message == "cancelled by anna"
        with sqlite_database.session() as session:
            assert "cancelled by anna" in log(session, ids[2])
            with pytest.raises(Conflict, match="is done"):
                queue.cancel(session, ids[0])
        deadline = time.monotonic() + 10
        while queue.pending() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert queue.pending() == []


def test_an_unreachable_scheduler_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(queue_module, "CONNECT_TIMEOUT_S", 1.0)
    queue = RunQueue("sqlite://", scheduler=f"tcp://127.0.0.1:{port}")
    with pytest.raises(StoreError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"):
        queue.start()
    with pytest.raises(StoreError, match="not started"):
        queue.submit(1)
    queue.close()


def test_closing_does_not_wait_for_a_run_in_flight() -> None:
    queue = RunQueue("sqlite://", workers=1)
    queue.start()
    queue.client.submit(time.sleep, 15, pure=False)  # as a long solve would
    time.sleep(0.5)
    started = time.monotonic()
    queue.close()
    assert time.monotonic() - started < 5
