"""Opening a database: migrations create every table, opening again changes nothing, and
bad URLs become plain messages."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from angara.server.store.database import (
    MIGRATIONS,
    Conflict,
    Database,
    StoreError,
    default_url,
    open_database,
)
from angara.server.store.tables import Base, User


def test_migrations_create_every_table_as_the_tables_declare(database: Database) -> None:
    names = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= names
    assert "alembic_version" in names
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_opening_twice_is_idempotent(database: Database) -> None:
    with database.session() as session:
        session.add(User(name="root", role="admin", password_hash="x"))
    # a plain postgresql:// URL (as users write it) opens with psycopg 3, the driver installed
    again = open_database(database.url.replace("postgresql+psycopg://", "postgresql://"))
    try:
        with again.session() as session:
            assert session.scalars(select(User.name)).all() == ["root"]
            stored = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            assert stored == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    finally:
        again.close()


def test_a_session_rolls_back_on_error(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(User(name="root", role="admin", password_hash="x"))
        session.flush()
        raise RuntimeError("stop")
    with database.session() as session:
        assert session.scalars(select(User)).all() == []


def test_a_clash_is_a_conflict(database: Database) -> None:
    with database.session() as session:
        session.add(User(name="root", role="admin", password_hash="x"))
    with pytest.raises(Conflict), database.session() as session:
        session.add(User(name="root", role="viewer", password_hash="y"))


def test_times_come_back_in_utc(database: Database) -> None:
    with database.session() as session:
        session.add(User(name="root", role="admin", password_hash="x"))
    with database.session() as session:
        created = session.scalars(select(User.created_at)).one()
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            busy_timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy_timeout is not None and busy_timeout > 0
    finally:
        database.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "not a database URL"),
        ("mysql://root@localhost/angara", "unsupported database 'mysql'"),
        ("sqlite:////no/such/folder/angara.db", "the folder /no/such/folder does not exist"),
        ("postgresql://nobody:secret@/angara?host=/nonexistent-socket-dir", "cannot open the database"),
    ],
)
def test_a_bad_url_is_a_plain_store_error(url: str, expected: str) -> None:
    with pytest.raises(StoreError) as error:
        open_database(url)
    assert expected in str(error.value)
    assert "secret" not in str(error.value)
    assert error.value.__cause__ is None or not isinstance(error.value.__cause__, StoreError)


def test_the_default_is_a_file_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("ANGARA_DB", raising=False)
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda _app: str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'angara.db'}"
    assert (tmp_path / "data").is_dir()
    monkeypatch.setenv("ANGARA_DB", "postgresql://db.example/angara")
    assert default_url() == "postgresql://db.example/angara"


def test_a_file_that_is_no_database_is_a_store_error(tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_text("not a database at all, " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=r"cannot open the database .*notes\.db: file is not a database"):
        open_database(f"sqlite:///{tmp_path / 'notes.db'}")


def test_a_database_from_a_newer_angara_is_a_store_error(database: Database) -> None:
    with database.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer Angara"):
        open_database(database.url)
