"""Accounts and their access tokens.

Passwords are hashed with Argon2id (argon2-cffi); tokens are random and only their
SHA-256 is stored, so a copy of the database lets no one in.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Literal, get_args

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from angara.server.store.database import Conflict, NotFound, StoreError
from angara.server.store.passwords import WeakPassword, check_password
from angara.server.store.tables import AccessToken, User, utc_now

Role = Literal["viewer", "analyst", "admin"]  # each may do what the one before may, and more
ROLES: tuple[str, ...] = get_args(Role)
TOKEN_KINDS = ("bearer", "session")
MAX_NAME = 100
# ASCII only: a Cyrillic "а" in "аdmin" must not make a second admin that looks the same
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

TokenKind = Literal["bearer", "session"]

_hasher = PasswordHasher()


class WrongPassword(StoreError):
    """The current password given for a change is wrong."""


@dataclass(frozen=True)
class Account:
    """Who is acting: a viewer reads; an analyst also edits scenarios and starts runs;
    an admin also manages users."""

    id: int
    name: str
    role: str
    created_at: datetime
    disabled: bool = False

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
        return {
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "disabled": self.disabled,
        }


def account(user: User) -> Account:
    """The account of a stored user."""
    return Account(user.id, user.name, user.role, user.created_at, bool(user.disabled))


def add_user(session: Session, name: str, role: str, password: str, created_by: Account | None) -> Account:
    """Add a user; ``created_by`` is the admin adding them (None for the first admin).

    Raises :class:`Conflict` if the name is taken, :class:`WeakPassword` for a password the
    policy refuses (:mod:`angara.server.store.passwords`) and :class:`StoreError` for an
    empty or too long name, an unknown role, or a ``created_by`` that is not an admin.
    """
    name = name.strip()
    if not name:
        raise StoreError("a user name must not be empty")
    if len(name) > MAX_NAME:
        raise StoreError(f"a user name has at most {MAX_NAME} characters")
    if not USER_NAME.fullmatch(name):
        raise StoreError(
            f"a user name is made of ASCII letters, digits, '.', '_' and '-', starting with a "
            f"letter or digit; '{name[:MAX_NAME]}' is not"
        )
    if role not in ROLES:
        raise StoreError(f"unknown role '{role}'; expected one of: {', '.join(ROLES)}")
    check_password(password, name)
    if created_by is not None and not created_by.is_admin:
        raise StoreError(f"only an admin can add users; {created_by.name} is {created_by.role}")
    if session.scalar(select(User.id).where(User.name == name)) is not None:
        raise Conflict(f"a user named '{name}' exists already")
    user = User(
        name=name,
        role=role,
        password_hash=_hasher.hash(password),
        created_at=utc_now(),
        password_set_at=utc_now(),
        created_by_id=created_by.id if created_by is not None else None,
    )
    session.add(user)
    session.flush()
    return account(user)


def authenticate(session: Session, name: str, password: str) -> Account | None:
    """The account whose name and password these are, or None.

    An unknown name costs as much time as a wrong password, so that timing does not tell
    which names exist; a disabled account is refused the same way.  A hash made with older
    parameters is replaced by a current one.
    """
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        _verify(_dummy_hash(_hasher), password)
        return None
    if not _verify(user.password_hash, password) or user.disabled:
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
    token is unknown, of another kind, expired, revoked or its account disabled."""
    row = session.scalar(
        select(AccessToken).where(AccessToken.token_hash == _digest(token), AccessToken.kind == kind)
    )
    if row is None or row.expires_at <= utc_now() or row.user.disabled:
        return None
    return account(row.user), row.csrf_token


def revoke_token(session: Session, token: str) -> None:
    """Make ``token`` invalid (signing out); an unknown token is ignored."""
    session.execute(delete(AccessToken).where(AccessToken.token_hash == _digest(token)))


def revoke_tokens(session: Session, name: str, keep: str | None = None) -> int:
    """Make every token of the user ``name`` invalid, but ``keep`` (the caller's own, when
    they change their password); how many were revoked."""
    user = _user(session, name)
    query = delete(AccessToken).where(AccessToken.user_id == user.id)
    if keep is not None:
        query = query.where(AccessToken.token_hash != _digest(keep))
    revoked: int = session.execute(query).rowcount  # type: ignore[attr-defined]
    return revoked


def set_disabled(session: Session, name: str, disabled: bool, by: Account | None) -> Account:
    """Disable (or enable again) the account ``name``; a disabled account cannot sign in and
    its tokens are revoked.  ``by`` is the admin doing it (None: the command line)."""
    _must_be_admin(by, "disable or enable accounts")
    user = _user(session, name)
    if disabled and not user.disabled:
        _keep_an_admin(session, user, "disabled")
    user.disabled = disabled
    session.flush()
    revoke_tokens(session, name)
    return account(user)


def set_role(session: Session, name: str, role: str, by: Account | None) -> Account:
    """Give the account ``name`` another role; its tokens are revoked, so that it signs in
    again with the new role.  The last active admin cannot be demoted."""
    _must_be_admin(by, "change roles")
    if role not in ROLES:
        raise StoreError(f"unknown role '{role}'; expected one of: {', '.join(ROLES)}")
    user = _user(session, name)
    if user.role == "admin" and role != "admin":
        _keep_an_admin(session, user, f"made {role}")
    user.role = role
    session.flush()
    revoke_tokens(session, name)
    return account(user)


def reset_password(session: Session, name: str, password: str, by: Account | None) -> Account:
    """Set a new password for ``name`` (an admin's reset); every token of theirs is revoked.
    Raises :class:`WeakPassword` for a password the policy refuses."""
    _must_be_admin(by, "reset passwords")
    user = _user(session, name)
    check_password(password, user.name)
    _set_password(user, password)
    session.flush()
    revoke_tokens(session, name)
    return account(user)


def change_password(session: Session, who: Account, current: str, new: str, keep: str | None) -> int:
    """Change one's own password, given the current one; every other token of theirs is
    revoked (``keep`` is the token the change was made with).  How many were revoked.

    Raises :class:`WrongPassword` if ``current`` is wrong and :class:`WeakPassword` if the
    policy refuses ``new``."""
    user = _user(session, who.name)
    if not _verify(user.password_hash, current):
        raise WrongPassword("the current password is wrong; nothing was changed")
    if secrets.compare_digest(current.encode(), new.encode()):
        raise WeakPassword("the new password is the current one; choose another")
    check_password(new, user.name)
    _set_password(user, new)
    session.flush()
    return revoke_tokens(session, user.name, keep=keep)


def list_users(session: Session) -> list[Account]:
    """Every account, by name."""
    return [account(u) for u in session.scalars(select(User).order_by(User.name))]


def get_account(session: Session, name: str) -> Account:
    """The account called ``name``; :class:`NotFound` if there is none."""
    return account(_user(session, name))


def _user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFound(f"no user named '{name}'")
    return user


def _set_password(user: User, password: str) -> None:
    user.password_hash = _hasher.hash(password)
    user.password_set_at = utc_now()


def _must_be_admin(by: Account | None, what: str) -> None:
    if by is not None and not by.is_admin:
        raise StoreError(f"only an admin can {what}; {by.name} is {by.role}")


def _keep_an_admin(session: Session, user: User, change: str) -> None:
    """Refuse a change that would leave no active admin: nobody could manage accounts."""
    if user.role != "admin" or user.disabled:
        return
    others = session.scalar(
        select(func.count(User.id)).where(User.role == "admin", User.disabled.is_(False), User.id != user.id)
    )
    if not others:
        raise Conflict(
            f"{user.name} is the last active admin and cannot be {change}; make another account admin first"
        )


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
