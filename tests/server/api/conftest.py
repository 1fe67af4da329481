"""A server on SQLite (and on PostgreSQL where it is installed), with three accounts."""

from __future__ import annotations

import io
import itertools
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from angara.server.app import create_app
from angara.server.settings import ServerSettings
from angara.server.store import users
from angara.server.store.database import open_database
from angara.server.store.users import add_user
from tests.conftest import MINI
from tests.postgres import create_database, drop_database

PASSWORD = "correct horse battery"
ROLES = ("viewer", "analyst", "admin")


@dataclass
class Server:
    """A test client and a bearer token per role."""

    client: TestClient
    tokens: dict[str, str]

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def wait(self, run_id: int, role: str = "analyst", timeout: float = 120.0) -> dict[str, Any]:
        """Poll a run until it has finished."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run: dict[str, Any] = self.client.get(f"/api/runs/{run_id}", headers=self.headers(role)).json()
            if run["status"] in ("done", "failed", "cancelled"):
                return run
            time.sleep(0.2)
        raise AssertionError(f"run {run_id} did not finish in {timeout} s")


def zipped(folder: Path = MINI) -> bytes:
    """A scenario folder as a zip, as a user would upload it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                archive.write(path, f"{folder.name}/{path.name}")
    return buffer.getvalue()


def start(url: str, settings: ServerSettings | None = None) -> Iterator[Server]:
    database = open_database(url)
    with database.session() as session:
        for role in ROLES:
            add_user(session, role, role, PASSWORD, created_by=None)
    database.close()
    # workers in the test process: quicker to start than worker processes (angara serve's default)
    settings = replace(settings or ServerSettings(workers=1), db_url=url, worker_processes=False)
    with TestClient(create_app(settings)) as client:
        tokens = {}
        for role in ROLES:
            answer = client.post("/api/auth/token", data={"username": role, "password": PASSWORD})
            assert answer.status_code == 200, answer.text
            tokens[role] = answer.json()["access_token"]
        yield Server(client, tokens)


_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the real ones take a third of a second per hash, by design."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: a SQLite file, or a database on the session's PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'angara.db'}"
        return
    server: str = request.getfixturevalue("postgres_url")
    name = f"api_{next(_numbers)}"
    yield create_database(server, name)
    drop_database(server, name)


@pytest.fixture
def server(database_url: str) -> Iterator[Server]:
    yield from start(database_url)
