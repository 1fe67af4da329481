"""``angara serve`` and ``angara users``: the server and its accounts."""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from angara.cli.console import err, out, show_problems
from angara.cli.exits import EXIT_BAD_INPUT
from angara.scenario.problems import Problem
from angara.workflow.replanning import SCHEDULER_SCHEMES

if TYPE_CHECKING:  # loads Dask and SQLAlchemy: only when serving or managing accounts
    from sqlalchemy.orm import Session

    from angara.risk.cluster import SchedulerTLS

users_app = typer.Typer(no_args_is_help=True, help="Accounts of the server: viewer, analyst, admin.")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL, e.g. sqlite:///angara.db or postgresql+psycopg://user@host/angara "
        "[default: $ANGARA_DB, else angara.db in the user's data folder]",
        show_default=False,
    ),
]


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    db: DbOption = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Dask scheduler for runs, tls://HOST:PORT (or tcp://) [default: in-process]."
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Workers of the in-process cluster.", min=1)] = 2,
    max_runs: Annotated[
        int, typer.Option("--max-runs-per-user", help="Runs queued or running at once per user.", min=1)
    ] = 2,
    scheduler_ca: Annotated[
        Path | None,
        typer.Option(
            "--scheduler-ca", help="CA file (PEM) of a tls:// scheduler's certificates.", show_default=False
        ),
    ] = None,
    scheduler_cert: Annotated[
        Path | None,
        typer.Option(
            "--scheduler-cert",
            help="This server's client certificate (PEM) for a tls:// scheduler.",
            show_default=False,
        ),
    ] = None,
    scheduler_key: Annotated[
        Path | None,
        typer.Option(
            "--scheduler-key",
            help="The private key (PEM) of --scheduler-cert, if not inside it.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the REST API (OpenAPI at /openapi.json, docs at /docs, health at /api/health)."""
    # imported here: the server's libraries take a moment to load and most commands do not need them
    # (the store's first, so that bad settings or a database in use are refused quickly)
    from angara.server.store.database import StoreError, open_database
    from angara.server.store.lease import check_free

    problems = []
    if scheduler is not None and not scheduler.startswith(SCHEDULER_SCHEMES):
        problems.append(
            Problem(
                "--scheduler", "expected an address like tls://HOST:PORT or tcp://HOST:PORT", value=scheduler
            )
        )
    problems += _port_free(host, port)
    tls = _scheduler_tls(scheduler, scheduler_ca, scheduler_cert, scheduler_key, problems)
    url: str | None = db
    try:
        database = open_database(db)
        url = database.url
        try:
            with database.session(write=False) as session:
                check_free(session)  # one live server per database: see docs/server.md
        finally:
            database.close()
    except StoreError as error:
        problems.append(Problem("--db", str(error), value=db))
    if problems:
        show_problems(problems, "The server cannot start")
        raise typer.Exit(EXIT_BAD_INPUT)
    import uvicorn

    from angara.server.app import create_app
    from angara.server.settings import ServerSettings

    settings = ServerSettings(
        db_url=url, scheduler=scheduler, workers=workers, max_runs_per_user=max_runs, scheduler_tls=tls
    )
    err.print(f"Angara {host}:{port}, database {_hide_password(str(url))}; docs at http://{host}:{port}/docs")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", server_header=False)


def _scheduler_tls(
    scheduler: str | None, ca: Path | None, cert: Path | None, key: Path | None, problems: list[Problem]
) -> SchedulerTLS | None:
    """The TLS files for ``--scheduler``, or None if none were given; what is wrong goes to ``problems``."""
    from angara.risk.cluster import SchedulerTLS

    if ca is None and cert is None and key is None:
        return None
    if scheduler is None or not scheduler.startswith("tls://"):
        problems.append(Problem("--scheduler-ca", "TLS files need a --scheduler address starting tls://"))
        return None
    if ca is None or cert is None:
        problems.append(
            Problem("--scheduler-ca", "a tls:// scheduler needs both --scheduler-ca and --scheduler-cert")
        )
        return None
    tls = SchedulerTLS(ca, cert, key)
    problems += [Problem("--scheduler-ca", text) for text in tls.problems()]
    return tls


def _port_free(host: str, port: int) -> list[Problem]:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        return [
            Problem("--port", f"cannot listen on {host}:{port}: {error.strerror or error}", value=str(port))
        ]
    return []


def _hide_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}://{credentials.split(':')[0]}:***@{place}"


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name.", show_default=False)],
    role: Annotated[
        str, typer.Option("--role", help="viewer, analyst or admin (see docs/server.md).")
    ] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Add an account.  Asks for the password unless --password-stdin (at least 12
    characters, not a common password, not containing the user name)."""
    from angara.server.store.database import StoreError, open_database
    from angara.server.store.users import add_user

    password = _new_password(password_stdin)
    try:
        database = open_database(db)
        with database.session() as session:
            account = add_user(session, name, role, password, created_by=None)
        database.close()
    except StoreError as error:
        show_problems([Problem("angara users add", str(error), value=name)], "No account added")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    out.print(f"[green]✓[/] added {account.name} ({account.role})")


@users_app.command("list")
def list_accounts(db: DbOption = None) -> None:
    """List the accounts, their roles and whether they are disabled."""
    from angara.server.store.database import StoreError, open_database
    from angara.server.store.users import list_users

    try:
        database = open_database(db)
        with database.session() as session:
            accounts = list_users(session)
        database.close()
    except StoreError as error:
        show_problems([Problem("--db", str(error), value=db)], "Cannot read the accounts")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    table = Table("name", "role", "created", "state")
    for account in accounts:
        state = "disabled" if account.disabled else "active"
        table.add_row(account.name, account.role, f"{account.created_at:%Y-%m-%d %H:%M}", state)
    out.print(table)


NameArgument = Annotated[str, typer.Argument(help="User name.", show_default=False)]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the new password from standard input.")
]


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt("New password", hide_input=True, confirmation_prompt=True))


def _change(db: str | None, name: str, command: str, done: str, change: Callable[[Session], object]) -> None:
    """Apply ``change`` to the database in one transaction; a located problem (exit 2) if
    the store refuses it."""
    from angara.server.store.database import StoreError, open_database

    try:
        database = open_database(db)
        try:
            with database.session() as session:
                change(session)
        finally:
            database.close()
    except StoreError as error:
        show_problems([Problem(f"angara users {command}", str(error), value=name)], "Nothing changed")
        raise typer.Exit(EXIT_BAD_INPUT) from None
    out.print(f"[green]✓[/] {done}")


@users_app.command("disable")
def disable(name: NameArgument, db: DbOption = None) -> None:
    """Disable an account: it cannot sign in and its tokens stop working (the last active
    admin cannot be disabled)."""
    from angara.server.store.users import set_disabled

    _change(db, name, "disable", f"{name} is disabled", lambda s: set_disabled(s, name, True, by=None))


@users_app.command("enable")
def enable(name: NameArgument, db: DbOption = None) -> None:
    """Enable a disabled account again (it signs in anew: its old tokens stay revoked)."""
    from angara.server.store.users import set_disabled

    _change(db, name, "enable", f"{name} is enabled", lambda s: set_disabled(s, name, False, by=None))


@users_app.command("role")
def change_role(
    name: NameArgument,
    role: Annotated[str, typer.Argument(help="viewer, analyst or admin.", show_default=False)],
    db: DbOption = None,
) -> None:
    """Give an account another role; its tokens are revoked (the last active admin keeps
    the admin role)."""
    from angara.server.store.users import set_role

    _change(db, name, "role", f"{name} is now {role}", lambda s: set_role(s, name, role, by=None))


@users_app.command("reset-password")
def reset(name: NameArgument, password_stdin: PasswordStdin = False, db: DbOption = None) -> None:
    """Set a new password for an account and revoke its tokens.  Asks for the password
    unless --password-stdin."""
    from angara.server.store.users import reset_password

    password = _new_password(password_stdin)
    _change(
        db,
        name,
        "reset-password",
        f"new password set for {name}; their tokens are revoked",
        lambda s: reset_password(s, name, password, by=None),
    )


@users_app.command("revoke-tokens")
def revoke(name: NameArgument, db: DbOption = None) -> None:
    """Revoke every token and browser session of an account: it must sign in again."""
    from angara.server.store.users import revoke_tokens

    _change(db, name, "revoke-tokens", f"the tokens of {name} are revoked", lambda s: revoke_tokens(s, name))
