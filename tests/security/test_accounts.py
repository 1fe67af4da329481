"""Accounts: sign-in throttled per account and per address (429 with Retry-After), a
password policy on every path that sets a password, account administration whose every
change revokes the account's tokens, one's own password change, and NaN/Infinity refused in
every number the API takes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from angara.server.api.throttle import SignInThrottle
from angara.server.settings import ServerSettings
from angara.server.store import users
from angara.server.store.passwords import common_passwords, password_problem
from tests.conftest import Result
from tests.server.api.conftest import PASSWORD, Server, start

NEW_PASSWORD = "copper river autumn lamp"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    yield from start(f"sqlite:///{tmp_path / 'angara.db'}", ServerSettings(workers=1))


def _sign_in(server: Server, name: str, password: str, address: str | None = None) -> Any:
    return server.client.post("/api/auth/token", data={"username": name, "password": password})


def _token(server: Server, name: str, password: str = PASSWORD) -> str:
    answer = _sign_in(server, name, password)
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def _as(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _works(server: Server, token: str) -> bool:
    status: int = server.client.get("/api/me", headers=_as(token)).status_code
    assert status in (200, 401)
    return status == 200


# --- throttling -----------------------------------------------------------------------------


def test_guessing_one_accounts_password_is_throttled_with_retry_after(server: Server) -> None:
    for _ in range(5):
        assert _sign_in(server, "analyst", "wrong guess number one").status_code == 401
    refused = _sign_in(server, "analyst", "wrong guess number six")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 15 * 60
    assert "too many failed sign-ins" in refused.json()["detail"]
    # while throttled even the right password is not checked: guessing gains nothing
    assert _sign_in(server, "analyst", PASSWORD).status_code == 429
    browser = server.client.post("/api/auth/session", data={"username": "analyst", "password": PASSWORD})
    assert browser.status_code == 429 and "Retry-After" in browser.headers
    # another account from another address is not affected by this account's count
    assert _sign_in(server, "viewer", PASSWORD).status_code == 200


def test_guessing_many_accounts_from_one_address_is_throttled(server: Server) -> None:
    for number in range(20):
        assert _sign_in(server, f"nobody{number}", "some wrong password").status_code == 401
    # a successful sign-in from the same address does not reset the address's count
    refused = _sign_in(server, "admin", PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0


def test_the_window_slides() -> None:
    now = [0.0]
    throttle = SignInThrottle(per_account=2, per_address=100, window_s=60.0, clock=lambda: now[0])
    throttle.failed("anna", "10.0.0.1")
    now[0] = 30.0
    throttle.failed("anna", "10.0.0.1")
    assert throttle.retry_after("anna", "10.0.0.2") == 30  # until the first failure ages out
    now[0] = 60.5
    assert throttle.retry_after("ANNA ", "10.0.0.2") is None  # names as sign-in reads them
    throttle.failed("anna", "10.0.0.1")
    assert throttle.retry_after("anna", "10.0.0.3") == 30
    throttle.succeeded("anna")
    assert throttle.retry_after("anna", "10.0.0.3") is None


# --- password policy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", "at least 12"),
        ("short pass", "at least 12"),
        ("password1234", "most common passwords"),
        ("Password1234", "most common passwords"),
        ("123456789012", "a run or repetition"),
        ("zyxwvutsrqpo", "a run or repetition"),
        ("ababababababab", "a run or repetition"),
        ("qwerty123456789", "most common passwords"),
        ("!!Dragon2024!!", "most common passwords"),
        ("olga-analyst", "user name"),
        ("my name is OLGA-ANALYST!", "user name"),
    ],
)
def test_weak_passwords_are_refused_by_the_api(server: Server, password: str, why: str) -> None:
    answer = server.client.post(
        "/api/users",
        json={"name": "olga-analyst", "role": "analyst", "password": password},
        headers=server.headers("admin"),
    )
    assert answer.status_code == 422, answer.text
    assert why in answer.json()["detail"]


@pytest.mark.parametrize("name", ["\u0430dmin", "olga smith", "-olga", "ol/ga", "ol\nga"])
def test_user_names_are_plain_ascii(server: Server, name: str) -> None:
    answer = server.client.post(
        "/api/users",
        json={"name": name, "role": "viewer", "password": NEW_PASSWORD},
        headers=server.headers("admin"),
    )
    assert answer.status_code == 400 and "ASCII letters" in answer.json()["detail"]


def test_the_common_password_list_is_the_real_one() -> None:
    common = common_passwords()
    assert len(common) > 19_000
    assert {"123456", "password", "qwerty", "password1234"} <= common
    assert password_problem(NEW_PASSWORD, "olga") is None


def test_the_cli_refuses_weak_passwords(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    for weak in ("12345678", "password1234", "ivan-the-admin"):
        monkeypatch.setattr("sys.stdin", io.StringIO(weak + "\n"))
        result = cli("users", "add", "ivan-the-admin", "--role", "admin", "--password-stdin", "--db", url)
        assert result.code == 2 and "Traceback" not in result.err, result.err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert cli("users", "add", "ivan-the-admin", "--role", "admin", "--password-stdin", "--db", url).code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("password123456\n"))
    result = cli("users", "reset-password", "ivan-the-admin", "--password-stdin", "--db", url)
    assert result.code == 2 and "most common" in result.err


# --- account administration -------------------------------------------------------------------


def _patch(server: Server, name: str, change: dict[str, Any], role: str = "admin") -> Any:
    return server.client.patch(f"/api/users/{name}", json=change, headers=server.headers(role))


def test_disabling_an_account_stops_its_tokens_and_sign_in(server: Server) -> None:
    token = server.tokens["analyst"]
    answer = _patch(server, "analyst", {"disabled": True})
    assert answer.status_code == 200 and answer.json()["disabled"] is True
    assert not _works(server, token)
    assert server.client.post("/api/runs", json={"scenario": "x"}, headers=_as(token)).status_code == 401
    assert _sign_in(server, "analyst", PASSWORD).status_code == 401
    assert _patch(server, "analyst", {"disabled": False}).json()["disabled"] is False
    assert not _works(server, token)  # enabling does not bring old tokens back
    assert _works(server, _token(server, "analyst"))


def test_a_role_change_revokes_tokens_and_takes_effect(server: Server) -> None:
    old = server.tokens["viewer"]
    assert _patch(server, "viewer", {"role": "analyst"}).json()["role"] == "analyst"
    assert not _works(server, old)
    fresh = _token(server, "viewer")
    assert server.client.get("/api/me", headers=_as(fresh)).json()["role"] == "analyst"


def test_a_password_reset_revokes_tokens(server: Server) -> None:
    old = server.tokens["analyst"]
    assert _patch(server, "analyst", {"password": "password1234"}).status_code == 422
    assert _works(server, old)  # a refused reset changes nothing
    assert _patch(server, "analyst", {"password": NEW_PASSWORD}).status_code == 200
    assert not _works(server, old)
    assert _sign_in(server, "analyst", PASSWORD).status_code == 401
    assert _works(server, _token(server, "analyst", NEW_PASSWORD))


def test_revoking_tokens(server: Server) -> None:
    first, second = server.tokens["analyst"], _token(server, "analyst")
    answer = server.client.post("/api/users/analyst/tokens/revoke", headers=server.headers("admin"))
    assert answer.status_code == 200 and answer.json()["revoked"] == 2
    assert not _works(server, first) and not _works(server, second)


def test_only_admins_administer_and_the_last_admin_stays(server: Server) -> None:
    assert _patch(server, "viewer", {"disabled": True}, role="analyst").status_code == 403
    assert (
        server.client.post("/api/users/viewer/tokens/revoke", headers=server.headers("analyst")).status_code
        == 403
    )
    for change in ({"disabled": True}, {"role": "analyst"}):
        refused = _patch(server, "admin", change)
        assert refused.status_code == 409 and "last active admin" in refused.json()["detail"]
    assert _patch(server, "nobody", {"disabled": True}).status_code == 404


def test_changing_ones_own_password(server: Server) -> None:
    other = _token(server, "analyst")  # e.g. a script's token
    browser = server.client.post("/api/auth/session", data={"username": "analyst", "password": PASSWORD})
    csrf = browser.json()["csrf_token"]
    change = {"current_password": "not the password", "new_password": NEW_PASSWORD}
    wrong = server.client.post("/api/me/password", json=change, headers={"X-CSRF-Token": csrf})
    assert wrong.status_code == 403 and "current password is wrong" in wrong.json()["detail"]
    weak = {"current_password": PASSWORD, "new_password": "analyst12345"}
    refused = server.client.post("/api/me/password", json=weak, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 422 and "user name" in refused.json()["detail"]
    good = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    done = server.client.post("/api/me/password", json=good, headers={"X-CSRF-Token": csrf})
    assert done.status_code == 204, done.text
    assert server.client.get("/api/me").status_code == 200  # the session that changed it stays
    assert not _works(server, other) and not _works(server, server.tokens["analyst"])
    server.client.cookies.clear()
    assert _sign_in(server, "analyst", PASSWORD).status_code == 401
    assert _works(server, _token(server, "analyst", NEW_PASSWORD))


def test_the_cli_administers_accounts(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    from angara.server.store.database import open_database
    from angara.server.store.users import add_user, authenticate, issue_token

    url = f"sqlite:///{tmp_path / 'angara.db'}"
    database = open_database(url)
    with database.session() as session:
        root = add_user(session, "root", "admin", PASSWORD, None)
        anna = add_user(session, "anna", "viewer", PASSWORD, root)
        token, _ = issue_token(session, anna, "bearer", 3600)
    database.close()

    def run(*arguments: str) -> Result:
        result = cli("users", *arguments, "--db", url)
        assert "Traceback" not in result.err
        return result

    assert run("disable", "root").code == 2  # the last active admin
    assert run("disable", "anna").code == 0
    assert "disabled" in run("list").out
    assert run("enable", "anna").code == 0
    assert run("role", "anna", "analyst").code == 0
    assert run("role", "anna", "boss").code == 2
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    assert run("reset-password", "anna", "--password-stdin").code == 0
    assert run("revoke-tokens", "anna").code == 0
    assert run("disable", "nobody").code == 2
    database = open_database(url)
    with database.session() as session:
        found = authenticate(session, "anna", NEW_PASSWORD)
        assert found is not None and found.role == "analyst"
        assert users.account_for_token(session, token, "bearer") is None
    database.close()


# --- NaN and infinities -----------------------------------------------------------------------


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/runs", '{"scenario": "mini", "time_limit": %s}'),
        ("/api/runs", '{"scenario": "mini", "mip_gap": %s}'),
        (
            "/api/scenarios/mini/edits",
            '{"base_version": 1, "edits": [{"table": "prices", "key": "x", "column": "price", "value": %s}]}',
        ),
    ],
)
def test_nan_and_infinity_are_refused_with_422(server: Server, path: str, body: str, literal: str) -> None:
    answer = server.client.post(
        path,
        content=(body % literal).encode(),
        headers={**server.headers("analyst"), "Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert "finite" in answer.text
