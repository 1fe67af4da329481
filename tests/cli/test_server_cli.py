"""angara users and angara serve: accounts from the command line, and bad settings refused."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def stdin_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))


def test_users_add_and_list(tmp_path: Path, cli: Callable[..., Result]) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    added = cli("users", "add", "olga", "--role", "admin", "--password-stdin", "--db", url)
    assert added.code == 0, added.err
    assert "added olga (admin)" in added.out
    listed = cli("users", "list", "--db", url)
    assert listed.code == 0 and "olga" in listed.out and "admin" in listed.out


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--role", "boss"], "boss"),
        (["--role", "viewer"], "already"),
    ],
)
def test_users_add_refuses_bad_input(
    tmp_path: Path,
    cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    arguments: list[str],
    expected: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    assert cli("users", "add", "olga", "--password-stdin", "--db", url).code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    result = cli("users", "add", "olga", *arguments, "--password-stdin", "--db", url)
    assert result.code == 2
    assert expected in result.err and "Traceback" not in result.err


def test_a_short_password_is_refused(
    tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    result = cli("users", "add", "ivan", "--password-stdin", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert result.code == 2 and "at least 12" in result.err


def test_a_bad_database_url_is_located(tmp_path: Path, cli: Callable[..., Result]) -> None:
    for url in ("mysql://x/y", f"sqlite:///{tmp_path / 'missing' / 'a.db'}", "not a url"):
        result = cli("users", "list", "--db", url)
        assert result.code == 2, url
        assert "--db" in result.err and "Traceback" not in result.err


def test_serve_refuses_bad_settings_before_starting(tmp_path: Path, cli: Callable[..., Result]) -> None:
    url = f"sqlite:///{tmp_path / 'angara.db'}"
    result = cli("serve", "--db", url, "--scheduler", "localhost:8786", "--port", "1")
    assert result.code == 2
    assert "tcp://HOST:PORT" in result.err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = cli("serve", "--db", url, "--port", str(port))
    assert busy.code == 2 and "--port" in busy.err
    bad = cli("serve", "--db", "mysql://x/y")
    assert bad.code == 2 and "unsupported database" in bad.err
