"""schemathesis against the OpenAPI schema of a live server: no request gets a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok

from angara.server.settings import ServerSettings
from angara.server.store.database import open_database
from angara.server.store.users import add_user
from tests.server.api.conftest import PASSWORD, zipped
from tests.server.api.live import live_server


@dataclass
class Live:
    base: str
    headers: dict[str, str]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'angara.db'}"
    database = open_database(url)
    with database.session() as session:
        add_user(session, "admin", "admin", PASSWORD, created_by=None)
    database.close()
    # small limits, so that fuzzed runs are refused rather than queued for long solves
    limits = ServerSettings(
        db_url=url,
        workers=1,
        worker_processes=False,
        max_variables=1_000,
        max_samples=1_000,
        max_solve_seconds=5,
    )
    with live_server(limits) as base:
        token = httpx.post(f"{base}/api/auth/token", data={"username": "admin", "password": PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        uploaded = httpx.post(
            f"{base}/api/scenarios",
            headers=headers,
            files={"file": ("mini.zip", zipped(), "application/zip")},
        )
        assert uploaded.status_code == 201
        yield Live(base, headers)


@pytest.fixture(scope="module")
def api_schema(live: Live) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{live.base}/openapi.json")


EXAMPLES = 60  # per operation


def test_no_server_errors(api_schema: schemathesis.BaseSchema, live: Live) -> None:
    """Every operation, EXAMPLES generated requests each, signed in as an admin."""
    results = list(api_schema.get_all_operations())
    assert all(isinstance(result, Ok) for result in results), results
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) > 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def no_server_error(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(base_url=live.base, headers=live.headers, checks=[not_a_server_error])

        no_server_error()


def test_the_schema_names_every_route(api_schema: schemathesis.BaseSchema, tmp_path: Path) -> None:
    paths = set(api_schema.raw_schema["paths"])
    assert {
        "/api/scenarios",
        "/api/runs",
        "/api/runs/{run_id}/cancel",
        "/api/layers/{name}",
        "/api/health",
    } <= paths
