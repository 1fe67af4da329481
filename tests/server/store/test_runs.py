"""Runs: their life from queued to finished, counts of active runs, results, and what a
restart does to runs in flight."""

from __future__ import annotations

import pytest

from angara.scenario.model import Scenario
from angara.server.store.database import Database, NotFound, StoreError
from angara.server.store.runs import (
    INTERRUPTED,
    KINDS,
    active_runs,
    append_log,
    create_run,
    get_run,
    interrupted,
    list_runs,
    log,
    result,
    save_results,
    set_progress,
    set_status,
    start_run,
)
from angara.server.store.scenarios import save_version
from angara.server.store.users import Account, add_user, get_account
from angara.workflow import RUN_KINDS
from tests.server.conftest import PASSWORD


@pytest.fixture
def saved(database: Database, analyst: Account, mini_scenario: Scenario) -> Account:
    """The mini scenario saved (twice) by the analyst, who is returned."""
    with database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        meta = mini_scenario.meta.model_copy(update={"title": "Mini 2"})
        save_version(session, "mini", mini_scenario.model_copy(update={"meta": meta}), analyst, "second")
    return analyst


def test_a_run_goes_from_queued_to_done(database: Database, saved: Account) -> None:
    with database.session() as session:
        run = create_run(session, "plan", "mini", None, saved, {"time_limit": 10})
    assert (run.kind, run.scenario, run.version, run.user) == ("plan", "mini", 2, "anna")
    assert (run.status, run.progress, run.started_at, run.finished_at, run.results) == (
        "queued",
        0,
        None,
        None,
        (),
    )
    assert run.parameters == {"time_limit": 10}
    with database.session() as session:
        assert start_run(session, run.id)
        assert not start_run(session, run.id)  # taken up once only
        set_progress(session, run.id, 0.4, "planning")
        append_log(session, run.id, "first line")
        append_log(session, run.id, "second line\n")
        running = get_run(session, run.id)
    assert (running.status, running.progress, running.message) == ("running", 0.4, "planning")
    assert running.started_at is not None and running.finished_at is None
    with database.session() as session:
        save_results(session, run.id, {"plan.json": b"{}", "builds.csv": b"a,b\n"})
        assert set_status(session, run.id, "done", "finished")
        done = get_run(session, run.id)
        assert log(session, run.id) == "first line\nsecond line\n"
        assert result(session, run.id, "plan.json") == (b"{}", "application/json")
        assert result(session, run.id, "builds.csv")[1].startswith("text/csv")
        with pytest.raises(NotFound):
            result(session, run.id, "risk.json")
    assert (done.status, done.progress, done.message, done.results) == (
        "done",
        1.0,
        "finished",
        ("builds.csv", "plan.json"),
    )
    assert done.finished_at is not None and done.started_at is not None
    assert done.started_at <= done.finished_at
    document = done.to_json()
    assert document["status"] == "done" and document["results"] == ["builds.csv", "plan.json"]
    assert document["finished_at"].endswith("+00:00")


def test_a_run_of_an_older_version(database: Database, saved: Account) -> None:
    with database.session() as session:
        assert create_run(session, "risk", "mini", 1, saved, {}).version == 1
        with pytest.raises(NotFound, match="no version 9"):
            create_run(session, "plan", "mini", 9, saved, {})
        with pytest.raises(NotFound, match="no scenario named 'other'"):
            create_run(session, "plan", "other", None, saved, {})
        with pytest.raises(StoreError, match="unknown kind"):
            create_run(session, "sweep", "mini", None, saved, {})
        with pytest.raises(StoreError, match="JSON"):
            create_run(session, "plan", "mini", None, saved, {"time_limit": float("nan")})


def test_viewers_start_no_runs(database: Database, saved: Account) -> None:
    with database.session() as session:
        viewer = add_user(session, "victor", "viewer", PASSWORD, get_account(session, "root"))
        with pytest.raises(StoreError, match="cannot start runs"):
            create_run(session, "plan", "mini", None, viewer, {})


def test_finished_runs_never_move_back(database: Database, saved: Account) -> None:
    with database.session() as session:
        ids = [create_run(session, "plan", "mini", None, saved, {}).id for _ in range(3)]
        set_status(session, ids[0], "done")
        set_status(session, ids[1], "failed", "no plan")
        set_status(session, ids[2], "cancelled")
    with database.session() as session:
        for run_id in ids:
            before = get_run(session, run_id)
            for status in ("queued", "running", "done", "failed", "cancelled"):
                assert not set_status(session, run_id, status, "again")
            assert not start_run(session, run_id)
            set_progress(session, run_id, 0.1, "later")
            assert get_run(session, run_id) == before
        with pytest.raises(StoreError, match="unknown run status"):
            set_status(session, ids[0], "paused")
        with pytest.raises(NotFound):
            set_status(session, 999, "done")


def test_active_runs_are_counted_per_user(database: Database, saved: Account) -> None:
    with database.session() as session:
        other = add_user(session, "boris", "analyst", PASSWORD, get_account(session, "root"))
        first = create_run(session, "plan", "mini", None, saved, {})
        second = create_run(session, "risk", "mini", None, saved, {"samples": 100})
        create_run(session, "plan", "mini", None, other, {})
        assert active_runs(session, saved) == 2
        start_run(session, first.id)
        assert active_runs(session, saved) == 2
        set_status(session, first.id, "done")
        set_status(session, second.id, "cancelled")
        assert active_runs(session, saved) == 0
        assert active_runs(session, other) == 1
        assert [r.id for r in list_runs(session)] == [3, 2, 1]
        assert [r.id for r in list_runs(session, "anna")] == [2, 1]
        assert [r.id for r in list_runs(session, "anna", limit=1)] == [2]
        assert list_runs(session, "nobody") == []


def test_a_restart_fails_only_runs_in_flight(database: Database, saved: Account) -> None:
    with database.session() as session:
        queued, running, done, failed = (
            create_run(session, "plan", "mini", None, saved, {}).id for _ in range(4)
        )
        start_run(session, running)
        start_run(session, done)
        save_results(session, done, {"plan.json": b'{"npv": 1}'})
        set_status(session, done, "done")
        set_status(session, failed, "failed", "no plan")
    with database.session() as session:
        assert interrupted(session) == [queued, running]
    with database.session() as session:
        for run_id in (queued, running):
            stopped = get_run(session, run_id)
            assert (stopped.status, stopped.message) == ("failed", INTERRUPTED)
            assert stopped.finished_at is not None
            assert INTERRUPTED in log(session, run_id)
        kept = get_run(session, done)
        assert (kept.status, kept.results) == ("done", ("plan.json",))
        assert result(session, done, "plan.json")[0] == b'{"npv": 1}'
        assert get_run(session, failed).message == "no plan"
        assert interrupted(session) == []


def test_results_are_replaced_by_name(database: Database, saved: Account) -> None:
    with database.session() as session:
        run = create_run(session, "plan", "mini", None, saved, {})
        save_results(session, run.id, {"plan.json": b"1", "notes.txt": b"n"})
        save_results(session, run.id, {"plan.json": b"2"})
        assert result(session, run.id, "plan.json") == (b"2", "application/json")
        assert get_run(session, run.id).results == ("notes.txt", "plan.json")
        with pytest.raises(NotFound):
            save_results(session, 999, {"plan.json": b"1"})
        with pytest.raises(NotFound):
            log(session, 999)
        with pytest.raises(NotFound):
            get_run(session, 999)


def test_the_stored_kinds_are_the_workflows() -> None:
    assert KINDS == RUN_KINDS == ("plan", "risk")
