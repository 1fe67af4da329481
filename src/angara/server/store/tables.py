"""The stored tables (SQLAlchemy 2 declarative, typed with ``Mapped``), the same on
SQLite and PostgreSQL.  The schema is created and changed only by the Alembic
migrations in ``migrations/versions``; a change here needs a new migration.

Times are timezone-aware UTC.  A scenario version is immutable once written.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# named constraints, so that later migrations can alter them (SQLite rebuilds tables by name)
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC time on every backend (SQLite keeps no time zone: it stores
    UTC without one and gets it back with one)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("stored times must be timezone-aware")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of the store's tables."""

    metadata = MetaData(naming_convention=NAMING)


class User(Base):
    """An account: a viewer reads, an analyst also edits and runs, an admin also manages users."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('viewer', 'analyst', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    # a disabled account cannot sign in and its tokens stop working (migration 0003)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    password_set_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AccessToken(Base):
    """A bearer token (API) or session cookie, stored only as its SHA-256."""

    __tablename__ = "access_tokens"
    __table_args__ = (CheckConstraint("kind IN ('bearer', 'session')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)

    user: Mapped[User] = relationship()


class ScenarioRecord(Base):
    """A named scenario; its content lives in its versions."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class ScenarioVersion(Base):
    """One immutable version of a scenario: its files (``{file name: text}`` as
    :func:`angara.scenario.write.write_folder` writes them), who saved it, when and why."""

    __tablename__ = "scenario_versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    message: Mapped[str] = mapped_column(Text, default="")
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the content
    rows: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    scenario: Mapped[ScenarioRecord] = relationship()
    author: Mapped[User] = relationship()


class Run(Base):
    """A plan or risk run of one scenario version: parameters, status, progress and log."""

    __tablename__ = "runs"
    __table_args__ = (
        CheckConstraint("kind IN ('plan', 'risk')", name="kind"),
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="status"),
        Index(None, "user_id", "status"),
        Index(None, "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    version_id: Mapped[int] = mapped_column(ForeignKey("scenario_versions.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    log: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    # refreshed by the worker while the run is running: a stale one means the worker is gone
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    worker: Mapped[str | None] = mapped_column(String(255), nullable=True)  # "host pid NNN"

    version: Mapped[ScenarioVersion] = relationship()
    user: Mapped[User] = relationship()


class RunResult(Base):
    """One result file of a run (``plan.json``, ``builds.csv``, ``risk.json`` ...)."""

    __tablename__ = "run_results"
    __table_args__ = (UniqueConstraint("run_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ServerLease(Base):
    """The lease of the one live server on this database (a single row, ``name`` "server"):
    who holds it and when it last said it is alive."""

    __tablename__ = "server_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    token: Mapped[str] = mapped_column(String(64))  # the holder's random id: it alone refreshes
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UtcDateTime())


@event.listens_for(ScenarioVersion, "before_update")
def _versions_are_immutable(_mapper: Any, _connection: Any, version: ScenarioVersion) -> None:
    # a version is what runs and diffs refer to: an edit is a new version, never a change
    raise ValueError(f"scenario version {version.number} is immutable; save a new version instead")
