"""Accounts and their access tokens.

Passwords are hashed with Argon2id (argon2-cffi); tokens are random and only their
SHA-256 is stored, so a copy of the database lets no one in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from angara.server.store.database import Conflict, NotFound, StoreError
from angara.server.store.tables import AccessToken, User, utc_now

Role = Literal["viewer", "analyst", "admin"]  # each may do what the one before may, and more
ROLES: tuple[str, ...] = get_args(Role)
TOKEN_KINDS = ("bearer", "session")
MIN_PASSWORD = 8
MAX_NAME = 100

TokenKind = Literal["bearer", "session"]

_hasher = PasswordHasher()


@dataclass(frozen=True)
class Account:
    """Who is acting: a viewer reads; an analyst also edits scenarios and starts runs;
    an admin also manages users."""

    id: int
    name: str
    role: str
    created_at: datetime

    @property
    def can_write(self) -> bool:
        """Whether this account may change scenarios and start runs."""
        return self.role in ("analyst", "admin")

    @property
    def is_admin(self) -> bool:
        """Whether this account may manage users."""
        return self.role == "admin"

    def to_json(self) -> dict[str, Any]:
        """Plain data for JSON (no secrets: there are none here)."""
        return {"name": self.name, "role": self.role, "created_at": self.created_at.isoformat()}


def account(user: User) -> Account:
    """The account of a stored user."""
    return Account(user.id, user.name, user.role, user.created_at)


def add_user(session: Session, name: str, role: str, password: str, created_by: Account | None) -> Account:
    """Add a user; ``created_by`` is the admin adding them (None for the first admin).

    Raises :class:`Conflict` if the name is taken and :class:`StoreError` for an empty or
    too long name, an unknown role, a password shorter than 8 characters, or a
    ``created_by`` that is not an admin.
    """
    name = name.strip()
    if not name:
        raise StoreError("a user name must not be empty")
    if len(name) > MAX_NAME:
        raise StoreError(f"a user name has at most {MAX_NAME} characters")
    if role not in ROLES:
        raise StoreError(f"unknown role '{role}'; expected one of: {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
    if created_by is not None and not created_by.is_admin:
        raise StoreError(f"only an admin can add users; {created_by.name} is {created_by.role}")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(f"a user named '{name}' exists already")
    user = User(
        name=name,
        role=role,
        password_hash=_hasher.hash(password),
        created_at=utc_now(),
        created_by_id=created_by.id if created_by is not None else None,
    )
    session.add(user)
    session.flush()
    return account(user)


def authenticate(session: Session, name: str, password: str) -> Account | None:
    """The account whose name and password these are, or None.

    An unknown name costs as much time as a wrong password, so that timing does not tell
    which names exist.  A hash made with older parameters is replaced by a current one.
    """
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        _verify(_dummy_hash(_hasher), password)
        return None
    if not _verify(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        session.flush()
    return account(user)


def issue_token(session: Session, account: Account, kind: str, lifetime_s: float) -> tuple[str, str]:
    """A new token of ``kind`` ("bearer" or "session") for ``account``, valid for
    ``lifetime_s`` seconds, and its CSRF token: ``(token, csrf_token)``.

    Only the token's SHA-256 is stored; expired tokens of everyone are removed on the way.
    """
    if kind not in TOKEN_KINDS:
        raise StoreError(f"unknown token kind '{kind}'; expected one of: {', '.join(TOKEN_KINDS)}")
    if not lifetime_s > 0:
        raise StoreError(f"a token's lifetime must be positive, got {lifetime_s} s")
    now = utc_now()
    session.execute(delete(AccessToken).where(AccessToken.expires_at <= now))
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    session.add(
        AccessToken(
            token_hash=_digest(token),
            kind=kind,
            csrf_token=csrf,
            user_id=account.id,
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime_s),
        )
    )
    session.flush()
    return token, csrf


def account_for_token(session: Session, token: str, kind: str) -> tuple[Account, str] | None:
    """The account a token of ``kind`` belongs to and the token's CSRF token; None if the
    token is unknown, of another kind or expired."""
    row = session.scalar(
        select(AccessToken).where(AccessToken.token_hash == _digest(token), AccessToken.kind == kind)
    )
    if row is None or row.expires_at <= utc_now():
        return None
    return account(row.user), row.csrf_token


def revoke_token(session: Session, token: str) -> None:
    """Make ``token`` invalid (signing out); an unknown token is ignored."""
    session.execute(delete(AccessToken).where(AccessToken.token_hash == _digest(token)))


def list_users(session: Session) -> list[Account]:
    """Every account, by name."""
    return [account(u) for u in session.scalars(select(User).order_by(User.name))]


def get_account(session: Session, name: str) -> Account:
    """The account called ``name``; :class:`NotFound` if there is none."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named '{name}'")
    return account(user)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # made once per hasher, with the same parameters as real hashes, to spend the same time
    return hasher.hash(secrets.token_urlsafe(16))
