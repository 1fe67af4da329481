"""Runs that never hang (issue 13): a run whose worker dies fails with the reason and frees
its user's limit; a run whose worker went silent is failed by the watchdog; cancelling stops
a solve in progress and frees the worker; only the run's owner or an admin cancels; a second
server refuses a database a live server holds; the database file and folder are private."""

from __future__ import annotations

import logging
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import update

from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.server.app import create_app
from angara.server.jobs.execute import execute_run
from angara.server.jobs.queue import RunQueue
from angara.server.settings import ServerSettings
from angara.server.store import lease, users
from angara.server.store.database import Database, default_url, open_database
from angara.server.store.runs import RunInfo, active_runs, create_run, get_run, log, start_run
from angara.server.store.scenarios import save_version
from angara.server.store.tables import Run, ServerLease, utc_now
from angara.server.store.users import Account, add_user
from tests.conftest import MINI, Result
from tests.server.conftest import PASSWORD, make_analyst

# the default scenario with no gap allowed: HiGHS searches for a minute or more, reporting
# nothing, which is what a cancellation must cut short; the tests never wait for it to end
SLOW = {"mip_gap": 0.0, "time_limit": 600.0}


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the real ones take a third of a second per hash, by design."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'angara.db'}")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="module")
def mini_scenario() -> Scenario:
    return load(MINI)


@pytest.fixture(scope="module")
def slow_scenario() -> Scenario:
    return load("angara-yenisei")


def _wait(database: Database, run_id: int, done: Callable[[RunInfo], bool], timeout_s: float) -> RunInfo:
    deadline = time.monotonic() + timeout_s
    while True:
        with database.session(write=False) as session:
            run = get_run(session, run_id)
        if done(run) or time.monotonic() > deadline:
            return run
        time.sleep(0.1)


def _solving(database: Database, run_id: int) -> RunInfo:
    """Wait until run ``run_id`` is in its solve (planning, the model built), or 60 s."""
    run = _wait(database, run_id, lambda r: r.status != "queued" and "planning" in r.message, 60)
    assert run.status == "running", run
    time.sleep(6)  # the default's model builds in about 3 s: then HiGHS searches
    with database.session(write=False) as session:
        run = get_run(session, run_id)
    assert run.status == "running", run
    return run


def _store(database: Database, scenario: Scenario, name: str, author: Account) -> None:
    with database.session() as session:
        save_version(session, name, scenario, author, "for the test")


def test_a_run_whose_worker_is_killed_fails_with_the_reason_and_frees_its_user(
    sqlite_database: Database, slow_scenario: Scenario, mini_scenario: Scenario
) -> None:
    analyst = make_analyst(sqlite_database)
    _store(sqlite_database, slow_scenario, "slow", analyst)
    _store(sqlite_database, mini_scenario, "mini", analyst)
    with sqlite_database.session() as session:
        run_id = create_run(session, "plan", "slow", None, analyst, SLOW).id
        queued = create_run(session, "plan", "mini", None, analyst, {}).id
    with RunQueue(sqlite_database.url, workers=1, processes=True) as queue:
        queue.submit(run_id)
        queue.submit(queued)  # Dask hands it to the same worker, to start after the slow one
        _wait(sqlite_database, run_id, lambda r: r.status == "running", 60)
        (pid,) = queue.client.run(os.getpid).values()
        os.kill(pid, signal.SIGKILL)  # as the kernel's out-of-memory killer would
        killed = time.monotonic()
        run = _wait(sqlite_database, run_id, lambda r: r.finished, 60)
        seconds = time.monotonic() - killed
        assert run.status == "failed", f"still {run.status} {seconds:.0f} s after its worker was killed"
        assert run.message.startswith("the worker running it stopped"), run.message
        assert seconds < 60
        with sqlite_database.session() as session:
            assert "the worker running it stopped" in log(session, run_id)
        # the run queued behind it had not started: the worker Dask starts in place of the killed one does it
        assert _wait(sqlite_database, queued, lambda r: r.finished, 60).status == "done"
        with sqlite_database.session() as session:
            assert active_runs(session, analyst) == 0  # the failed run no longer counts against the limit
        with sqlite_database.session() as session:
            assert get_run(session, run_id).status == "failed"  # not taken up again by Dask


def test_a_run_that_dask_starts_again_fails_saying_so(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    # a remote scheduler retries a task whose worker it lost: the run was running there
    analyst = make_analyst(sqlite_database)
    _store(sqlite_database, mini_scenario, "mini", analyst)
    with sqlite_database.session() as session:
        run_id = create_run(session, "plan", "mini", None, analyst, {}).id
        assert start_run(session, run_id)
    assert execute_run(sqlite_database.url, run_id) == "failed"
    with sqlite_database.session() as session:
        run = get_run(session, run_id)
        assert run.status == "failed" and run.message.startswith("the worker running it stopped")
        assert "does not repeat a run silently" in log(session, run_id)


def test_a_run_whose_worker_went_silent_is_failed_by_the_watchdog(
    sqlite_database: Database, mini_scenario: Scenario
) -> None:
    from angara.server.jobs.watchdog import SILENT_AFTER_S, Watchdog

    assert SILENT_AFTER_S <= 60
    analyst = make_analyst(sqlite_database)
    _store(sqlite_database, mini_scenario, "mini", analyst)
    with sqlite_database.session() as session:
        silent, alive = (create_run(session, "plan", "mini", None, analyst, {}).id for _ in range(2))
        for run_id in (silent, alive):
            start_run(session, run_id)
        # its worker vanished (a machine lost, a server restarted) a while ago
        session.execute(
            update(Run)
            .where(Run.id == silent)
            .values(heartbeat_at=utc_now() - timedelta(seconds=SILENT_AFTER_S + 5))
        )
    watchdog = Watchdog(sqlite_database, lease.Holder.this_process())
    assert watchdog.look() == [silent]
    with sqlite_database.session() as session:
        run = get_run(session, silent)
        assert run.status == "failed" and run.message.startswith("the worker running it stopped")
        assert get_run(session, alive).status == "running"
        assert active_runs(session, analyst) == 1


@pytest.mark.parametrize("kind", ["plan", "risk"])
def test_cancelling_stops_the_solve_and_frees_the_worker(
    sqlite_database: Database, slow_scenario: Scenario, mini_scenario: Scenario, kind: str
) -> None:
    analyst = make_analyst(sqlite_database)
    _store(sqlite_database, slow_scenario, "slow", analyst)
    _store(sqlite_database, mini_scenario, "mini", analyst)
    with sqlite_database.session() as session:
        slow = create_run(session, kind, "slow", None, analyst, SLOW).id
        after = create_run(session, "plan", "mini", None, analyst, {}).id
    with RunQueue(sqlite_database.url, workers=1, processes=False) as queue:
        queue.submit(slow)
        queue.submit(after)  # one worker: waits for the slow run
        _solving(sqlite_database, slow)
        with sqlite_database.session() as session:
            queue.cancel(session, slow, by=analyst)
        cancelled = time.monotonic()
        # the worker is free once the next run has started on it
        started = _wait(sqlite_database, after, lambda r: r.status != "queued", 20)
        seconds = time.monotonic() - cancelled
        assert started.status != "queued", "the next run did not start: the cancelled solve goes on"
        assert seconds < 10
        assert _wait(sqlite_database, after, lambda r: r.finished, 60).status == "done"
    with sqlite_database.session() as session:
        run = get_run(session, slow)
        assert (run.status, run.results) == ("cancelled", ())
        assert "stopped: the run was cancelled" in log(session, slow)


def _token(client: TestClient, name: str) -> dict[str, str]:
    answer = client.post("/api/auth/token", data={"username": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture
def shared_server(tmp_path: Path, slow_scenario: Scenario) -> Iterator[TestClient]:
    """A server with analysts anna and bob and admin root, and the slow scenario stored."""
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    database = open_database(url)
    analyst = make_analyst(database, "anna")
    with database.session() as session:
        add_user(session, "bob", "analyst", PASSWORD, None)
    _store(database, slow_scenario, "slow", analyst)
    database.close()
    settings = ServerSettings(db_url=url, workers=1, worker_processes=False)
    with TestClient(create_app(settings)) as client:
        yield client


def test_only_the_owner_or_an_admin_cancels_and_the_log_says_who(shared_server: TestClient) -> None:
    client = shared_server
    anna, bob, root = (_token(client, name) for name in ("anna", "bob", "root"))
    ids = []
    for _ in range(2):  # one worker: the second waits behind the first, so both are in flight
        answer = client.post("/api/runs", json={"scenario": "slow", **SLOW}, headers=anna)
        assert answer.status_code == 202, answer.text
        ids.append(answer.json()["id"])
    for run_id in ids:
        refused = client.post(f"/api/runs/{run_id}/cancel", headers=bob)
        assert refused.status_code == 403, refused.text
        assert "anna" in refused.json()["detail"]
        assert client.get(f"/api/runs/{run_id}", headers=bob).json()["status"] in ("queued", "running")
    for run_id, who, by in ((ids[0], root, "root"), (ids[1], anna, "anna")):
        answer = client.post(f"/api/runs/{run_id}/cancel", headers=who)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "cancelled"
        assert f"cancelled by {by}" in client.get(f"/api/runs/{run_id}/log", headers=bob).text


def test_a_second_server_is_refused_while_the_first_runs(
    tmp_path: Path, mini_scenario: Scenario, cli: Callable[..., Result]
) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    database = open_database(url)
    analyst = make_analyst(database)
    _store(database, mini_scenario, "mini", analyst)
    settings = ServerSettings(db_url=url, workers=1, worker_processes=False)
    with TestClient(create_app(settings)):
        with database.session() as session:  # a run the first server's worker is doing
            run_id = create_run(session, "plan", "mini", None, analyst, {}).id
            start_run(session, run_id, "elsewhere")
        with (
            socket.socket() as busy
        ):  # a port in use: were the database not refused, serve still would not start
            busy.bind(("127.0.0.1", 0))
            busy.listen()
            refused = cli("serve", "--db", url, "--port", str(busy.getsockname()[1]))
        assert refused.code == 2
        assert "another Angara server uses this database" in refused.err
        assert f"process {os.getpid()}" in refused.err
        with pytest.raises(lease.LeaseHeld, match="another Angara server"), TestClient(create_app(settings)):
            pass
        with database.session() as session:
            assert get_run(session, run_id).status == "running"  # not marked failed by the second
    # the first stopped: its lease is free, and the next server takes it
    with TestClient(create_app(settings)), database.session() as session:
        assert get_run(session, run_id).status == "failed"  # now truly interrupted
    database.close()


def test_a_dead_servers_lease_is_taken_over(sqlite_database: Database) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    here = lease.Holder.this_process()
    with sqlite_database.session() as session:
        # a server on this host whose process is gone (kill -9) takes no minute to replace
        assert not lease.acquire(session, lease.Holder("crashed", here.host, dead_pid))
        assert lease.acquire(session, here)
        # a server elsewhere that stopped refreshing its lease
        session.execute(
            update(ServerLease).values(
                token="silent",
                host="elsewhere",
                heartbeat_at=utc_now() - timedelta(seconds=lease.STALE_AFTER_S + 1),
            )
        )
        assert lease.acquire(session, here)
        # a live one elsewhere is not
        session.execute(update(ServerLease).values(token="live", host="elsewhere", heartbeat_at=utc_now()))
        with pytest.raises(lease.LeaseHeld, match="elsewhere"):
            lease.acquire(session, here)


def test_the_database_file_and_folder_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    previous = os.umask(0o022)  # the usual umask: files 0644, folders 0755
    try:
        monkeypatch.delenv("ANGARA_DB", raising=False)
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        url = default_url()
        folder = tmp_path / "data" / "angara"
        assert url == f"sqlite:///{folder / 'angara.db'}"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        database = open_database(url)
        with database.session() as session:
            add_user(session, "root", "admin", PASSWORD, None)
        for path in folder.iterdir():  # angara.db and SQLite's -wal and -shm files
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        database.close()
        # an existing database others can read is tightened, and the log says so
        old = tmp_path / "old.db"
        open_database(f"sqlite:///{old}").close()
        old.chmod(0o644)
        with caplog.at_level(logging.WARNING, logger="angara.server.store.database"):
            open_database(f"sqlite:///{old}").close()
        assert stat.S_IMODE(old.stat().st_mode) == 0o600
        assert "made" in caplog.text and "private" in caplog.text
    finally:
        os.umask(previous)
