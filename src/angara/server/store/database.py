"""Open a database (SQLite file or PostgreSQL server), bring its schema up to date with
Alembic, and hand out sessions.

Errors a user can cause or fix (a bad URL, a server that does not answer, a folder
that does not exist) become :class:`StoreError` with a plain message and no traceback.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ENVIRONMENT_VARIABLE = "ANGARA_DB"
BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another writer before giving up
BACKENDS = ("sqlite", "postgresql")
# a request may hold two connections (its account is read apart from what it writes) and the
# web server runs up to 40 requests at once: room for all of them rather than a 30 s wait
POOL: dict[str, Any] = {"pool_size": 20, "max_overflow": 60, "pool_timeout": 60}
# the database holds password hashes, tokens' hashes and every scenario: its owner's alone
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # SQLite's side files, as private as the file

logger = logging.getLogger(__name__)


class StoreError(Exception):
    """Something about stored data or the database that a user can understand and act on;
    the message is meant for them."""


class NotFound(StoreError):
    """The user, scenario, version, run or result asked for does not exist."""


class Conflict(StoreError):
    """The change clashes with what is stored (a duplicate name, no change, a finished run)."""


def default_url() -> str:
    """``ANGARA_DB`` if set, else a SQLite file ``angara.db`` in the user's data directory
    (which is created)."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return configured
    folder = Path(platformdirs.user_data_dir("angara"))
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    _make_private(folder, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask, and an old folder kept its own
    return f"sqlite:///{folder / 'angara.db'}"


class Database:
    """An open database: its engine and URL, and sessions on it."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        # SQLite: a transaction that reads and then writes fails at once (not after the busy
        # timeout) when another writer committed in between; taking the write lock at BEGIN
        # makes concurrent writers queue instead.  PostgreSQL ignores the option.
        self.writer = engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        self.url = url  # with its password, for workers that open the same database

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back on error;
        ``write=False`` for reading only, which on SQLite does not wait for writers.

        A database that stops answering becomes :class:`StoreError`; a write clashing with a
        concurrent one (a unique name or number taken meanwhile) becomes :class:`Conflict`.
        """
        with Session(self.writer if write else self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except IntegrityError as error:
                session.rollback()
                raise Conflict(
                    "the change clashes with one made at the same time or with stored data; try again"
                ) from error
            except OperationalError as error:
                session.rollback()
                raise StoreError(f"the database failed: {_reason(error)}") from error
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open the database at ``url`` (default :func:`default_url`) and, unless ``upgrade`` is
    false, migrate its schema to the newest version (creating the tables of a new one).

    ``postgresql://`` URLs use psycopg 3.  Raises :class:`StoreError` for a bad URL, an
    unsupported kind of database or one that cannot be reached.
    """
    parsed = _parse(url if url is not None else default_url())
    engine = _engine(parsed)
    shown = parsed.render_as_string(hide_password=True)
    try:
        if upgrade:
            with engine.begin() as connection:
                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS))
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        else:
            with engine.connect():
                pass
    except DBAPIError as error:
        engine.dispose()
        raise StoreError(f"cannot open the database {shown}: {_reason(error)}") from None
    except CommandError as error:  # e.g. a schema revision this version of Angara does not know
        engine.dispose()
        raise StoreError(
            f"cannot bring the database {shown} up to date: {error}; is it used by a newer Angara?"
        ) from None
    return Database(engine, parsed.render_as_string(hide_password=False))


def _parse(text: str) -> URL:
    try:
        url = make_url(text)
    except ArgumentError:
        raise StoreError(
            f"not a database URL: {text!r}; expected sqlite:///PATH or postgresql://USER@HOST/NAME"
        ) from None
    backend = url.get_backend_name()
    if backend not in BACKENDS:
        raise StoreError(f"unsupported database {backend!r}; Angara stores its data in SQLite or PostgreSQL")
    if backend == "postgresql" and url.get_driver_name() in ("psycopg2", ""):
        # psycopg 3 is the driver Angara installs; plain postgresql:// would mean psycopg2
        url = url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database).expanduser().resolve()
        if not path.parent.is_dir():
            raise StoreError(f"cannot open the database {text}: the folder {path.parent} does not exist")
        _private_database_file(path)
    return url


def _private_database_file(path: Path) -> None:
    """Create the SQLite file ``path`` readable and writable by its owner only (SQLite would
    create it, and its side files, with the umask's usual 0644), or tighten an existing one
    that others can read if it is ours."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE)
    except FileExistsError:
        for place in (path, *(path.with_name(path.name + suffix) for suffix in SQLITE_COMPANIONS)):
            _make_private(place, PRIVATE_FILE)
        return
    except OSError as error:
        raise StoreError(f"cannot create the database {path}: {error.strerror or error}") from None
    os.close(descriptor)  # an empty file is an empty SQLite database
    os.chmod(path, PRIVATE_FILE)  # O_CREAT's mode is cut by the umask: say it exactly


def _make_private(path: Path, mode: int) -> None:
    """Give ``path`` ``mode`` if others (group, world) have access and it is ours; log it."""
    try:
        info = path.stat()
    except OSError:  # not there (a side file SQLite has not made): nothing to tighten
        return
    if not stat.S_IMODE(info.st_mode) & 0o077 or info.st_uid != os.getuid():
        return
    try:
        os.chmod(path, mode)
    except OSError as error:
        logger.warning("could not make %s private: %s", path, error.strerror or error)
        return
    logger.warning(
        "made %s private (mode %o, was %o): it holds password hashes and scenarios",
        path,
        mode,
        stat.S_IMODE(info.st_mode),
    )


def _engine(url: URL) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            memory = url.database in (None, "", ":memory:")
            # an in-memory database lives in its one connection: share it between threads
            pooled: dict[str, Any] = {"poolclass": StaticPool} if memory else POOL
            engine = create_engine(url, connect_args={"check_same_thread": False}, **pooled)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
            return engine
        return create_engine(url, pool_pre_ping=True, **POOL)
    except (ArgumentError, NoSuchModuleError, ImportError) as error:
        raise StoreError(f"cannot use the database URL {url.render_as_string()}: {error}") from None


def _sqlite_begin(connection: Connection) -> None:
    # the driver's own transaction handling is off (isolation_level None): Angara says BEGIN
    connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    # WAL lets the web server read while a background run writes; the busy timeout makes a
    # second writer wait instead of failing at once; SQLite ignores foreign keys unless asked
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _reason(error: DBAPIError) -> str:
    original = error.orig if error.orig is not None else error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
