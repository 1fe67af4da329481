"""What the API and the pages share: a run's results only once it has them, a stored
scenario or the built-in one, the browser session's account."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from angara.scenario.load import DEFAULT_SCENARIO
from angara.scenario.model import Scenario
from angara.server.jobs.execute import execute_run
from angara.server.services import SESSION_COOKIE, browser_account, run_results, stored_scenario
from angara.server.store.database import Database, NotFound
from angara.server.store.runs import create_run
from angara.server.store.scenarios import save_version
from angara.server.store.users import issue_token
from tests.server.conftest import make_analyst


def test_a_runs_results_once_it_is_done(sqlite_database: Database, mini_scenario: Scenario) -> None:
    analyst = make_analyst(sqlite_database)
    with sqlite_database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        run = create_run(session, "plan", "mini", None, analyst, {"threads": 1})
    with sqlite_database.session(write=False) as session, pytest.raises(NotFound, match="it is queued"):
        run_results(session, run.id)
    assert execute_run(sqlite_database.url, run.id) == "done"
    with sqlite_database.session(write=False) as session:
        info, results = run_results(session, run.id)
    assert info.status == "done" and results.plan.scenario == "mini" and results.risk is None
    assert results.run is not None and results.run.parameters == {"threads": 1}


def test_a_stored_scenario_or_the_built_in_one(sqlite_database: Database, mini_scenario: Scenario) -> None:
    analyst = make_analyst(sqlite_database)
    with sqlite_database.session() as session:
        save_version(session, "mini", mini_scenario, analyst, "first")
        assert stored_scenario(session, "mini")[0] == 1
        number, builtin = stored_scenario(session, DEFAULT_SCENARIO)  # not stored: read from the package
        assert (number, builtin.meta.name) == (None, DEFAULT_SCENARIO)
        with pytest.raises(NotFound):
            stored_scenario(session, DEFAULT_SCENARIO, 1)  # a version of it must be stored
        with pytest.raises(NotFound):
            stored_scenario(session, "nothing")


def test_the_browser_sessions_account(sqlite_database: Database) -> None:
    analyst = make_analyst(sqlite_database)
    with sqlite_database.session() as session:
        cookie, _ = issue_token(session, analyst, "session", 60.0)
        bearer, _ = issue_token(session, analyst, "bearer", 60.0)

    def request(cookies: dict[str, str]) -> Any:
        return SimpleNamespace(cookies=cookies)

    with sqlite_database.session(write=False) as session:
        assert browser_account(request({SESSION_COOKIE: cookie}), session) == analyst
        assert browser_account(request({SESSION_COOKIE: bearer}), session) is None  # a script's token
        assert browser_account(request({}), session) is None
