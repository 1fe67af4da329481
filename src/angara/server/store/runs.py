"""Runs: a plan or risk computation of one scenario version, with its parameters,
status, progress, log and result files.

A run goes queued → running → done, failed or cancelled (or straight from queued to
cancelled).  A finished run never changes status again: status changes are single
conditional updates, so a cancellation and a worker finishing at the same moment cannot
overwrite each other, whatever the database.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.orm import Session

from angara.server.store.database import NotFound, StoreError
from angara.server.store.tables import (
    Run,
    RunResult,
    ScenarioRecord,
    ScenarioVersion,
    User,
    UtcDateTime,
    utc_now,
)
from angara.server.store.users import Account

KINDS = ("plan", "risk")
STATUSES = ("queued", "running", "done", "failed", "cancelled")
ACTIVE = ("queued", "running")
FINISHED = ("done", "failed", "cancelled")
INTERRUPTED = "the server stopped while this run was in flight; start it again"
WORKER_STOPPED = "the worker running it stopped"  # the start of every such failure's message
MEDIA_TYPES = {
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True)
class RunInfo:
    """A run as stored, with the names of its result files."""

    id: int
    kind: str
    scenario: str
    version: int
    user: str
    parameters: dict[str, Any]
    status: str
    progress: float
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    results: tuple[str, ...]

    @property
    def finished(self) -> bool:
        """Whether the run is done, failed or cancelled."""
        return self.status in FINISHED

    def to_json(self) -> dict[str, Any]:
        """Plain data for JSON (times in ISO 8601, None where not yet reached)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "scenario": self.scenario,
            "version": self.version,
            "user": self.user,
            "parameters": self.parameters,
            "status": self.status,
            "progress": self.progress,
            "message": self.message,
            "created_at": self.created_at.isoformat(),
            "started_at": self.started_at.isoformat() if self.started_at else None,
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "results": list(self.results),
        }


def create_run(
    session: Session, kind: str, scenario: str, version: int | None, user: Account, parameters: dict[str, Any]
) -> RunInfo:
    """Queue a ``kind`` run ("plan" or "risk") of version ``version`` (None: the latest) of
    ``scenario`` for ``user``.  Raises :class:`NotFound` for an unknown scenario or version
    and :class:`StoreError` for an unknown kind, parameters that are not JSON or a user who
    may not start runs."""
    if kind not in KINDS:
        raise StoreError(f"unknown kind of run '{kind}'; expected one of: {', '.join(KINDS)}")
    if not user.can_write:
        raise StoreError(f"{user.name} is a {user.role} and cannot start runs")
    try:
        parameters = json.loads(json.dumps(parameters, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise StoreError(f"run parameters must be plain JSON data: {error}") from None
    query = (
        select(ScenarioVersion)
        .join(ScenarioRecord, ScenarioRecord.id == ScenarioVersion.scenario_id)
        .where(ScenarioRecord.name == scenario)
    )
    query = (
        query.order_by(ScenarioVersion.number.desc()).limit(1)
        if version is None
        else query.where(ScenarioVersion.number == version)
    )
    found = session.scalar(query)
    if found is None:
        exists = session.scalar(select(ScenarioRecord.id).where(ScenarioRecord.name == scenario))
        raise NotFound(
            f"no scenario named '{scenario}'" if exists is None else f"'{scenario}' has no version {version}"
        )
    run = Run(
        kind=kind,
        version_id=found.id,
        user_id=user.id,
        parameters=parameters,
        status="queued",
        progress=0.0,
        message="queued",
        log="",
        created_at=utc_now(),
    )
    session.add(run)
    session.flush()
    return get_run(session, run.id)


def get_run(session: Session, run_id: int) -> RunInfo:
    """The run ``run_id``; :class:`NotFound` if there is none."""
    found = _query(session, select(Run).where(Run.id == run_id))
    if not found:
        raise NotFound(f"no run {run_id}")
    return found[0]


def list_runs(session: Session, user: str | None = None, limit: int = 100) -> list[RunInfo]:
    """The newest ``limit`` runs (of ``user`` if given), newest first."""
    query = select(Run).order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)
    if user is not None:
        query = query.join(User, User.id == Run.user_id).where(User.name == user)
    return _query(session, query)


def active_runs(session: Session, user: Account) -> int:
    """How many runs of ``user`` are queued or running."""
    count = session.scalar(select(func.count(Run.id)).where(Run.user_id == user.id, Run.status.in_(ACTIVE)))
    return int(count or 0)


def set_status(
    session: Session, run_id: int, status: str, message: str | None = None, progress: float | None = None
) -> bool:
    """Move run ``run_id`` to ``status`` (recording when it started or finished); a finished
    run (done, failed, cancelled) is left as it is.  Returns whether the status was set.

    Raises :class:`StoreError` for an unknown status and :class:`NotFound` for an unknown run.
    """
    if status not in STATUSES:
        raise StoreError(f"unknown run status '{status}'; expected one of: {', '.join(STATUSES)}")
    values: dict[str, Any] = {"status": status}
    now = utc_now()
    if status == "running":
        values["started_at"] = func.coalesce(Run.started_at, literal(now, UtcDateTime()))
    if status in FINISHED:
        values["finished_at"] = now
    if status == "done" and progress is None:
        progress = 1.0
    if progress is not None:
        values["progress"] = _fraction(progress)
    values["message"] = message if message is not None else status
    return _update(session, run_id, values, allowed=STATUSES[:2])


def start_run(session: Session, run_id: int, worker: str | None = None) -> bool:
    """Mark a queued run running (by ``worker``, e.g. "host pid 123", its first heartbeat
    now); False (and nothing changed) if it is not queued, e.g. cancelled before a worker
    took it up, or taken up already."""
    now = utc_now()
    values = {
        "status": "running",
        "started_at": now,
        "heartbeat_at": now,
        "worker": worker,
        "message": "running",
    }
    return _update(session, run_id, values, allowed=("queued",))


def heartbeat(session: Session, run_id: int) -> str:
    """Say that the worker doing run ``run_id`` is alive (if it is running); return the run's
    status, which tells the worker whether to go on."""
    _update(session, run_id, {"heartbeat_at": utc_now()}, allowed=("running",))
    return run_status(session, run_id)


def run_status(session: Session, run_id: int) -> str:
    """The status of run ``run_id`` alone (a cheap look); :class:`NotFound` if there is none."""
    status = session.scalar(select(Run.status).where(Run.id == run_id))
    if status is None:
        raise NotFound(f"no run {run_id}")
    return str(status)


def worker_stopped(session: Session, run_id: int, reason: str) -> bool:
    """Fail run ``run_id`` (if queued or running) because the worker doing it stopped, saying
    ``reason`` in its message and log; return whether it was failed here."""
    message = f"{WORKER_STOPPED}: {reason}"
    if not set_status(session, run_id, "failed", message):
        return False
    stamp = utc_now().strftime("%Y-%m-%d %H:%M:%S")
    append_log(session, run_id, f"{stamp} failed: {message}")
    return True


def fail_stale(session: Session, silent_for_s: float) -> list[int]:
    """Fail every running run whose worker has not sent a heartbeat for ``silent_for_s``
    seconds (its process died, its machine vanished, or the server lost track of it);
    return their ids."""
    cutoff = utc_now() - timedelta(seconds=silent_for_s)
    last_seen = func.coalesce(Run.heartbeat_at, Run.started_at)
    ids = list(
        session.scalars(
            select(Run.id)
            .where(Run.status == "running", last_seen < literal(cutoff, UtcDateTime()))
            .order_by(Run.id)
        )
    )
    reason = (
        f"no sign of life from it for {silent_for_s:.0f} s "
        "(its process or machine may have ended); start the run again"
    )
    return [run_id for run_id in ids if worker_stopped(session, run_id, reason)]


def set_progress(session: Session, run_id: int, progress: float, message: str | None = None) -> None:
    """Record how far a queued or running run is (0 to 1) and what it is doing."""
    values: dict[str, Any] = {"progress": _fraction(progress)}
    if message is not None:
        values["message"] = message
    _update(session, run_id, values, allowed=ACTIVE)


def append_log(session: Session, run_id: int, line: str) -> None:
    """Add ``line`` to the run's log."""
    text = line.rstrip("\n") + "\n"
    # concatenated in the database: two writers never lose each other's lines
    result = session.execute(update(Run).where(Run.id == run_id).values(log=Run.log + text))
    if not getattr(result, "rowcount", 1):
        raise NotFound(f"no run {run_id}")


def save_results(session: Session, run_id: int, files: dict[str, bytes]) -> None:
    """Store result files ``{name: content}`` of run ``run_id``, replacing any of the same
    name; the media type follows the name's extension."""
    if session.get(Run, run_id) is None:
        raise NotFound(f"no run {run_id}")
    if files:
        session.execute(delete(RunResult).where(RunResult.run_id == run_id, RunResult.name.in_(list(files))))
    for name, content in files.items():
        session.add(RunResult(run_id=run_id, name=name, media_type=media_type(name), content=content))
    session.flush()


def result(session: Session, run_id: int, name: str) -> tuple[bytes, str]:
    """Content and media type of the result file ``name`` of run ``run_id``; :class:`NotFound`."""
    found = session.execute(
        select(RunResult.content, RunResult.media_type).where(
            RunResult.run_id == run_id, RunResult.name == name
        )
    ).first()
    if found is None:
        raise NotFound(f"run {run_id} has no result '{name}'")
    return bytes(found[0]), found[1]


def log(session: Session, run_id: int) -> str:
    """The log of run ``run_id``; :class:`NotFound` if there is no such run."""
    text = session.scalar(select(Run.log).where(Run.id == run_id))
    if text is None:
        raise NotFound(f"no run {run_id}")
    return text


def interrupted(session: Session) -> list[int]:
    """Mark every queued or running run failed, as at a server start when no worker can be
    doing them any more; return their ids.  Finished runs and all results stay intact."""
    ids = list(session.scalars(select(Run.id).where(Run.status.in_(ACTIVE)).order_by(Run.id)))
    for run_id in ids:
        if _update(
            session, run_id, {"status": "failed", "finished_at": utc_now(), "message": INTERRUPTED}, ACTIVE
        ):
            append_log(session, run_id, INTERRUPTED)
    return ids


def media_type(name: str) -> str:
    """The media type of a result file, from its extension."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return MEDIA_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def _update(session: Session, run_id: int, values: dict[str, Any], allowed: tuple[str, ...]) -> bool:
    result = session.execute(
        update(Run)
        .where(Run.id == run_id, Run.status.in_(allowed))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0):
        return True
    if session.scalar(select(Run.id).where(Run.id == run_id)) is None:
        raise NotFound(f"no run {run_id}")
    return False


def _fraction(progress: float) -> float:
    return min(1.0, max(0.0, float(progress)))


def _query(session: Session, query: Any) -> list[RunInfo]:
    # the identity map may hold a run from before a conditional update: read it afresh
    runs = list(session.scalars(query.execution_options(populate_existing=True)))
    if not runs:
        return []
    ids = [run.id for run in runs]
    names: dict[int, list[str]] = {run_id: [] for run_id in ids}
    for run_id, name in session.execute(
        select(RunResult.run_id, RunResult.name).where(RunResult.run_id.in_(ids)).order_by(RunResult.name)
    ):
        names[run_id].append(name)
    details = {
        run_id: (scenario, number, user)
        for run_id, scenario, number, user in session.execute(
            select(Run.id, ScenarioRecord.name, ScenarioVersion.number, User.name)
            .join(ScenarioVersion, ScenarioVersion.id == Run.version_id)
            .join(ScenarioRecord, ScenarioRecord.id == ScenarioVersion.scenario_id)
            .join(User, User.id == Run.user_id)
            .where(Run.id.in_(ids))
        )
    }
    return [
        RunInfo(
            id=run.id,
            kind=run.kind,
            scenario=details[run.id][0],
            version=details[run.id][1],
            user=details[run.id][2],
            parameters=dict(run.parameters),
            status=run.status,
            progress=run.progress,
            message=run.message,
            created_at=run.created_at,
            started_at=run.started_at,
            finished_at=run.finished_at,
            results=tuple(names[run.id]),
        )
        for run in runs
    ]
