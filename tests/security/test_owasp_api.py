"""The OWASP API Security Top 10 (2023), checked over the whole API as the server describes it
(its OpenAPI document), so that a route added later is checked too.

Each test names the risk it covers.  Risks met elsewhere are pointed to in docs/security.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from angara.server.store import users
from tests.server.api.conftest import Server, start, zipped

# Every operation of the API and who may call it.  A new route must be added here with its
# access, so the inventory (API9) is a conscious decision, never an accident.
PUBLIC = "public"
SIGNED_IN = "signed in"  # any role
ANALYST = "analyst"
ADMIN = "admin"
INVENTORY: dict[tuple[str, str], str] = {
    ("GET", "/api/health"): PUBLIC,
    ("GET", "/api/status"): ADMIN,  # health with the scheduler's address (tests/security/test_cluster.py)
    ("POST", "/api/auth/token"): PUBLIC,
    ("POST", "/api/auth/session"): PUBLIC,
    ("DELETE", "/api/auth/session"): SIGNED_IN,
    ("GET", "/api/me"): SIGNED_IN,
    ("GET", "/api/users"): ADMIN,
    ("POST", "/api/users"): ADMIN,
    ("PATCH", "/api/users/{name}"): ADMIN,
    ("POST", "/api/users/{name}/tokens/revoke"): ADMIN,
    ("POST", "/api/me/password"): SIGNED_IN,
    ("GET", "/api/scenarios"): SIGNED_IN,
    ("POST", "/api/scenarios"): ANALYST,
    ("GET", "/api/scenarios/{name}/versions"): SIGNED_IN,
    ("GET", "/api/scenarios/{name}/versions/{number}"): SIGNED_IN,
    ("GET", "/api/scenarios/{name}/versions/{number}/xlsx"): SIGNED_IN,
    ("GET", "/api/scenarios/{name}/diff"): SIGNED_IN,
    ("POST", "/api/scenarios/{name}/edits"): ANALYST,
    ("POST", "/api/runs"): ANALYST,
    ("GET", "/api/runs"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}"): SIGNED_IN,
    ("POST", "/api/runs/{run_id}/cancel"): ANALYST,
    ("GET", "/api/runs/{run_id}/log"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}/results/{part}"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}/tables/{table}"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}/figures/{name}"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}/map"): SIGNED_IN,
    ("GET", "/api/scenarios/{name}/map"): SIGNED_IN,
    ("GET", "/api/runs/{run_id}/report"): SIGNED_IN,
    ("GET", "/api/layers"): SIGNED_IN,
    ("GET", "/api/layers/{name}"): SIGNED_IN,
}
RANK = {SIGNED_IN: 0, ANALYST: 1, ADMIN: 2}
ROLE_RANK = {"viewer": 0, "analyst": 1, "admin": 2}
SAMPLE = {"name": "mini", "number": "1", "run_id": "1", "part": "plan", "table": "builds"}


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the real ones take a third of a second per hash, by design."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}")


def _operations(server: Server) -> list[tuple[str, str]]:
    schema: dict[str, Any] = server.client.get("/openapi.json").json()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda match: SAMPLE.get(match.group(1), "1"), path)


def _call(server: Server, method: str, path: str, role: str | None) -> int:
    headers = server.headers(role) if role else {}
    answer = server.client.request(method, _url(path), headers=headers, json={}, follow_redirects=False)
    status: int = answer.status_code
    return status


def test_api9_every_operation_is_in_the_inventory(server: Server) -> None:
    """API9 Improper inventory management: no undocumented route, no stale entry."""
    assert sorted(_operations(server)) == sorted(INVENTORY)


def test_api2_every_protected_operation_refuses_anonymous_and_forged_callers(server: Server) -> None:
    """API2 Broken authentication: without credentials, or with a forged token, 401."""
    for (method, path), access in INVENTORY.items():
        if access == PUBLIC:
            continue
        assert _call(server, method, path, None) == 401, (method, path)
        forged = {"Authorization": "Bearer " + "A" * 43}
        answer = server.client.request(method, _url(path), headers=forged, json={})
        assert answer.status_code == 401, (method, path)


def test_api5_function_level_authorization_by_role(server: Server) -> None:
    """API5 Broken function level authorization: a role below the operation's gets 403."""
    for (method, path), access in INVENTORY.items():
        if access in (PUBLIC, SIGNED_IN):
            continue
        for role, rank in ROLE_RANK.items():
            if rank < RANK[access]:
                assert _call(server, method, path, role) == 403, (method, path, role)


def test_api1_objects_that_do_not_exist_are_404_never_500(server: Server) -> None:
    """API1 Broken object level authorization: object ids are checked, not trusted; a missing
    object is 404 for every reader (nothing is learned from a 500)."""
    for path in ("/api/runs/987654", "/api/runs/987654/log", "/api/scenarios/nothing/versions"):
        assert server.client.get(path, headers=server.headers("viewer")).status_code == 404, path


def test_api3_no_secret_property_is_returned_and_owner_cannot_be_assigned(server: Server) -> None:
    """API3 Broken object property level authorization: accounts never show their password
    hash; a run's owner is the caller, whatever the body says (unknown fields are refused)."""
    listed = server.client.get("/api/users", headers=server.headers("admin"))
    assert listed.status_code == 200
    text = listed.text.lower()
    assert "hash" not in text and "argon2" not in text and "password" not in text
    me = server.client.get("/api/me", headers=server.headers("analyst")).json()
    assert set(me) <= {"name", "role", "disabled", "csrf_token"}
    uploaded = server.client.post(
        "/api/scenarios", headers=server.headers("analyst"), files={"file": ("mini.zip", zipped())}
    )
    assert uploaded.status_code == 201, uploaded.text
    body = {"scenario": "mini", "kind": "plan", "user": "admin", "user_id": 3}
    answer = server.client.post("/api/runs", headers=server.headers("analyst"), json=body)
    assert answer.status_code == 422  # extra fields are refused, not silently applied


def test_api4_resource_limits_on_lists_and_runs(server: Server) -> None:
    """API4 Unrestricted resource consumption: list sizes, samples and solver time are capped."""
    viewer = server.headers("viewer")
    assert server.client.get("/api/runs?limit=1000000", headers=viewer).status_code == 422
    uploaded = server.client.post(
        "/api/scenarios", headers=server.headers("analyst"), files={"file": ("mini.zip", zipped())}
    )
    assert uploaded.status_code == 201, uploaded.text
    analyst = server.headers("analyst")
    too_long = {"scenario": "mini", "time_limit": 10**9}
    assert server.client.post("/api/runs", headers=analyst, json=too_long).status_code == 422
    too_many = {"scenario": "mini", "kind": "risk", "samples": 10**9}
    assert server.client.post("/api/runs", headers=analyst, json=too_many).status_code == 422


def test_api7_no_operation_takes_an_address_to_fetch(server: Server) -> None:
    """API7 Server-side request forgery: no parameter or body field is a URL or host the
    server would contact (the scheduler address is the operator's setting, never a request's)."""
    schema = server.client.get("/openapi.json").text.lower()
    for word in ('"url"', '"uri"', '"host"', '"address"', '"callback"', '"webhook"', '"format": "uri"'):
        assert word not in schema, word


def test_api8_errors_and_cross_origin_reveal_nothing(server: Server) -> None:
    """API8 Security misconfiguration: no traceback or stack in errors, no CORS for other
    origins."""
    answer = server.client.get(
        "/api/runs/notanumber", headers=server.headers("viewer") | {"Origin": "https://evil.example"}
    )
    assert answer.status_code == 422
    assert "traceback" not in answer.text.lower() and 'file "' not in answer.text.lower()
    assert "access-control-allow-origin" not in answer.headers
    preflight = server.client.options(
        "/api/runs",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers
