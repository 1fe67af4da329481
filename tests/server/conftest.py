"""A fresh database per test, on SQLite and on a throwaway PostgreSQL server, and the
accounts and scenario the store tests use."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.server.store import users
from angara.server.store.database import Database, open_database
from angara.server.store.users import Account, add_user
from tests.conftest import MINI
from tests.postgres import create_database, drop_database, start_postgres

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the real ones take a third of a second per hash, by design."""
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of an empty database on a PostgreSQL server started for this test session."""
    url, stop = start_postgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield url
    finally:
        stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database of each kind."""
    if request.param == "sqlite":
        database = open_database(f"sqlite:///{tmp_path / 'angara.db'}")
        try:
            yield database
        finally:
            database.close()
        return
    server: str = request.getfixturevalue("postgres_url")
    name = f"test_{next(_numbers)}"
    database = open_database(create_database(server, name))
    try:
        yield database
    finally:
        database.close()
        drop_database(server, name)


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated SQLite database."""
    database = open_database(f"sqlite:///{tmp_path / 'angara.db'}")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture(scope="session")
def mini_scenario() -> Scenario:
    return load(MINI)


def make_analyst(database: Database, name: str = "anna") -> Account:
    """An admin ``root`` and an analyst ``name`` added by them; returns the analyst."""
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        return add_user(session, name, "analyst", PASSWORD, admin)


@pytest.fixture
def analyst(database: Database) -> Account:
    return make_analyst(database)
