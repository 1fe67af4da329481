"""Who may do what: 401 without credentials, 403 for a viewer who writes, CSRF for browsers."""

from __future__ import annotations

import pytest

from tests.server.api.conftest import PASSWORD, Server, zipped


def _upload(server: Server, headers: dict[str, str]) -> int:
    answer = server.client.post(
        "/api/scenarios", headers=headers, files={"file": ("mini.zip", zipped(), "application/zip")}
    )
    return int(answer.status_code)


@pytest.mark.parametrize("path", ["/api/scenarios", "/api/runs", "/api/layers", "/api/me", "/api/users"])
def test_reading_needs_credentials(server: Server, path: str) -> None:
    answer = server.client.get(path)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert "sign in" in answer.json()["detail"]


def test_a_wrong_password_or_token_is_refused(server: Server) -> None:
    assert (
        server.client.post("/api/auth/token", data={"username": "admin", "password": "nope"}).status_code
        == 401
    )
    assert (
        server.client.post("/api/auth/token", data={"username": "ghost", "password": PASSWORD}).status_code
        == 401
    )
    assert server.client.get("/api/me", headers={"Authorization": "Bearer forged"}).status_code == 401


def test_roles(server: Server) -> None:
    for role in ("viewer", "analyst", "admin"):
        assert server.client.get("/api/me", headers=server.headers(role)).json() == {
            "name": role,
            "role": role,
        }
    assert _upload(server, server.headers("viewer")) == 403
    assert _upload(server, server.headers("analyst")) == 201
    new = {"name": "eve", "role": "viewer", "password": PASSWORD}
    assert server.client.post("/api/users", headers=server.headers("analyst"), json=new).status_code == 403
    assert server.client.post("/api/users", headers=server.headers("admin"), json=new).status_code == 201
    assert server.client.post("/api/users", headers=server.headers("admin"), json=new).status_code == 409
    names = [u["name"] for u in server.client.get("/api/users", headers=server.headers("admin")).json()]
    assert "eve" in names


def test_a_browser_session_needs_its_csrf_token_to_write(server: Server) -> None:
    client = server.client
    login = client.post("/api/auth/session", data={"username": "analyst", "password": PASSWORD})
    assert login.status_code == 200
    csrf = login.json()["csrf_token"]
    assert client.cookies.get("angara_csrf") == csrf
    assert client.get("/api/me").json()["name"] == "analyst"  # reading needs no CSRF token
    files = {"file": ("mini.zip", zipped(), "application/zip")}
    refused = client.post("/api/scenarios", files=files)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    forged = client.post("/api/scenarios", files=files, headers={"X-CSRF-Token": "guess"})
    assert forged.status_code == 403
    assert client.post("/api/scenarios", files=files, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.delete("/api/auth/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.clear()
    assert client.get("/api/me").status_code == 401


def test_every_write_records_who_made_it(server: Server) -> None:
    assert _upload(server, server.headers("analyst")) == 201
    [version] = server.client.get("/api/scenarios/mini/versions", headers=server.headers("viewer")).json()
    assert version["author"] == "analyst"
