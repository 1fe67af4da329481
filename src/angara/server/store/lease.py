"""One live server per database: a lease row that the server holding it refreshes.

Two servers on one database would each think the other's runs are theirs: at start a
server marks every run in flight failed (:func:`angara.server.store.runs.interrupted`),
which is right only when no other server is doing them.  So a server takes the lease
first, keeps it fresh (every :data:`REFRESH_EVERY_S`), and gives it back when it stops.
A lease whose holder stopped refreshing it for :data:`STALE_AFTER_S`, or whose holder
process on this same host is gone, is taken over; any other is refused with a
:class:`LeaseHeld` naming the holder.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from angara.server.store.database import StoreError
from angara.server.store.tables import ServerLease, utc_now

LEASE_NAME = "server"
REFRESH_EVERY_S = 10.0  # a live server refreshes its lease this often
STALE_AFTER_S = 45.0  # a lease not refreshed for this long belongs to a server that is gone


class LeaseHeld(StoreError):
    """Another live server holds the database."""


@dataclass(frozen=True)
class Holder:
    """Who holds (or wants) the lease: a random token, the host and the process id."""

    token: str
    host: str
    pid: int

    @classmethod
    def this_process(cls) -> Holder:
        """A new holder for this process."""
        return cls(secrets.token_hex(16), socket.gethostname(), os.getpid())


def acquire(session: Session, holder: Holder, stale_after_s: float = STALE_AFTER_S) -> bool:
    """Take the lease for ``holder``; return whether a previous holder's stale lease was taken
    over.  Raises :class:`LeaseHeld` while another live server holds it.

    Call it in a write transaction: the row is read and written there, so two servers
    starting at once cannot both take it (the second waits for the first, then sees it).
    """
    now = utc_now()
    found = session.scalar(
        select(ServerLease)
        .where(ServerLease.name == LEASE_NAME)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if found is None:
        session.add(_row(holder, now))
        session.flush()
        return False
    if found.token != holder.token and not _gone(found, now, stale_after_s):
        raise LeaseHeld(describe(found, now))
    taken_over = found.token != holder.token
    found.token, found.host, found.pid = holder.token, holder.host, holder.pid
    found.started_at = found.heartbeat_at = now
    session.flush()
    return taken_over


def refresh(session: Session, holder: Holder) -> bool:
    """Say that ``holder`` is alive; False if it no longer holds the lease (another server
    took it over after this one stopped refreshing it)."""
    result = session.execute(
        update(ServerLease)
        .where(ServerLease.name == LEASE_NAME, ServerLease.token == holder.token)
        .values(heartbeat_at=utc_now())
    )
    return bool(getattr(result, "rowcount", 0))


def release(session: Session, holder: Holder) -> None:
    """Give the lease back (a server stopping cleanly); nothing if ``holder`` does not hold it."""
    session.execute(
        delete(ServerLease).where(ServerLease.name == LEASE_NAME, ServerLease.token == holder.token)
    )


def check_free(session: Session, stale_after_s: float = STALE_AFTER_S) -> None:
    """Raise :class:`LeaseHeld` if a live server holds the lease; change nothing."""
    found = session.scalar(select(ServerLease).where(ServerLease.name == LEASE_NAME))
    now = utc_now()
    if found is not None and not _gone(found, now, stale_after_s):
        raise LeaseHeld(describe(found, now))


def describe(lease: ServerLease, now: datetime) -> str:
    """A plain message naming the holder of ``lease`` and what to do."""
    ago = max(0.0, (now - lease.heartbeat_at).total_seconds())
    return (
        f"another Angara server uses this database: process {lease.pid} on {lease.host}, "
        f"running since {lease.started_at:%Y-%m-%d %H:%M:%S} UTC (last seen {ago:.0f} s ago). "
        "Stop that server first, or give this one another database (--db). "
        f"If that server has crashed, this one may start {STALE_AFTER_S:.0f} s after it was last seen."
    )


def _gone(lease: ServerLease, now: datetime, stale_after_s: float) -> bool:
    if now - lease.heartbeat_at > timedelta(seconds=stale_after_s):
        return True
    return lease.host == socket.gethostname() and lease.pid != os.getpid() and not _alive(lease.pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _row(holder: Holder, now: datetime) -> ServerLease:
    return ServerLease(
        name=LEASE_NAME,
        token=holder.token,
        host=holder.host,
        pid=holder.pid,
        started_at=now,
        heartbeat_at=now,
    )
