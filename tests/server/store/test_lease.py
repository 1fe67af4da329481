"""The server lease and the runs' heartbeats on each database: one holder at a time, a stale
lease taken over, a silent running run failed, a live one left alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from angara.scenario.model import Scenario
from angara.server.store import lease
from angara.server.store.database import Database
from angara.server.store.runs import create_run, fail_stale, get_run, heartbeat, log, start_run
from angara.server.store.scenarios import save_version
from angara.server.store.tables import Run, ServerLease, utc_now
from tests.server.conftest import make_analyst


def test_one_holder_at_a_time_and_a_stale_lease_is_taken_over(database: Database) -> None:
    first = lease.Holder("first", "host-a", 11)
    second = lease.Holder("second", "host-b", 22)
    with database.session() as session:
        assert not lease.acquire(session, first)
    with database.session() as session:
        assert lease.refresh(session, first)
        with pytest.raises(lease.LeaseHeld, match="process 11 on host-a"):
            lease.acquire(session, second)
        with pytest.raises(lease.LeaseHeld):
            lease.check_free(session)
    with database.session() as session:
        stale = utc_now() - timedelta(seconds=lease.STALE_AFTER_S + 1)
        session.execute(update(ServerLease).values(heartbeat_at=stale))
    with database.session() as session:
        assert lease.acquire(session, second)  # taken over
        assert not lease.refresh(session, first)  # the first one has lost it
        lease.release(session, first)  # not its to give back: nothing happens
        with pytest.raises(lease.LeaseHeld, match="host-b"):
            lease.check_free(session)
        lease.release(session, second)
        lease.check_free(session)


def test_a_silent_running_run_is_failed_and_a_live_one_is_not(
    database: Database, mini_scenario: Scenario
) -> None:
    analyst = make_analyst(database)
    with database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        silent, alive, queued = (create_run(session, "plan", "mini", None, analyst, {}).id for _ in range(3))
        start_run(session, silent, "host pid 1")
        start_run(session, alive, "host pid 2")
        session.execute(
            update(Run).where(Run.id == silent).values(heartbeat_at=utc_now() - timedelta(seconds=120))
        )
    with database.session() as session:
        assert heartbeat(session, alive) == "running"
        assert fail_stale(session, 60) == [silent]
    with database.session() as session:
        assert get_run(session, silent).status == "failed"
        assert "the worker running it stopped" in log(session, silent)
        assert get_run(session, alive).status == "running"
        assert get_run(session, queued).status == "queued"
        assert heartbeat(session, silent) == "failed"  # its worker, if it comes back, learns to stop
