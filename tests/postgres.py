"""A throwaway PostgreSQL server for tests: its own data folder, listening only on a Unix
socket in a temporary folder, stopped and removed at the end.

As root, ``initdb`` refuses to run, so the server runs as the ``postgres`` user (in a
folder of its own under the system's temporary folder, because pytest's folders of root
cannot be entered by another user).
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

MISSING = "PostgreSQL is not installed (Debian package postgresql); PostgreSQL tests skipped"
SERVICE_USER = "postgres"


def binaries() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: on PATH, else the newest
    /usr/lib/postgresql/*/bin; None if PostgreSQL is not installed."""
    initdb = shutil.which("initdb")
    if initdb is not None and shutil.which("pg_ctl") is not None:
        return Path(initdb).resolve().parent
    candidates = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return candidates[-1] if candidates else None


def start_postgres(tmp_dir: Path) -> tuple[str, Callable[[], None]]:
    """Start a server with an empty database ``angara``; return its SQLAlchemy URL and a
    function that stops the server and removes its files.  Skips the calling test when
    PostgreSQL is not installed."""
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip(MISSING)
    as_root = os.geteuid() == 0
    if as_root:
        try:
            service = pwd.getpwnam(SERVICE_USER)
        except KeyError:
            pytest.skip(f"running as root and there is no '{SERVICE_USER}' user to run PostgreSQL as")
        base = Path(tempfile.mkdtemp(prefix="angara-pg-"))
        os.chown(base, service.pw_uid, service.pw_gid)
    else:
        base = Path(tempfile.mkdtemp(prefix="pg-", dir=tmp_dir))
    data, sockets, port = base / "data", base, _free_port()

    def run(*args: str) -> None:
        command = [str(bin_dir / args[0]), *args[1:]]
        if as_root:
            runuser = shutil.which("runuser")
            command = (
                [runuser, "-u", SERVICE_USER, "--", *command]
                if runuser
                else ["su", SERVICE_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
            )
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    try:
        run(
            "initdb",
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = f"-c listen_addresses='' -k {sockets} -p {port} -c fsync=off -c full_page_writes=off"
        run(
            "pg_ctl",
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
    except subprocess.CalledProcessError as error:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {error.stderr or error.stdout}") from error

    def stop() -> None:
        try:
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(base, ignore_errors=True)

    server = f"postgresql+psycopg://postgres@/postgres?host={sockets}&port={port}"
    try:
        url = create_database(server, "angara")
    except Exception:
        stop()
        raise
    return url, stop


def create_database(url: str, name: str) -> str:
    """Create the empty database ``name`` on the server of ``url``; return its URL."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, name: str) -> None:
    """Drop the database ``name`` on the server of ``url``, closing its connections."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def _free_port() -> int:
    # the server listens on no TCP port; the number only names its socket file, but a
    # number free on this machine keeps it from clashing with anything else
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
