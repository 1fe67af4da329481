"""Accounts: hashed passwords, sign-in, tokens that expire and can be revoked."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from angara.server.store import users
from angara.server.store.database import Conflict, Database, NotFound, StoreError
from angara.server.store.tables import AccessToken, User
from angara.server.store.users import (
    account_for_token,
    add_user,
    authenticate,
    get_account,
    issue_token,
    list_users,
    revoke_token,
)
from tests.server.conftest import PASSWORD


def test_a_password_is_stored_hashed_and_verified(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        stored = session.scalars(select(User.password_hash)).one()
    assert PASSWORD not in stored
    assert stored.startswith("$argon2id$")
    with database.session() as session:
        assert authenticate(session, "root", PASSWORD) == admin
        assert authenticate(session, "root", PASSWORD + "!") is None
        assert authenticate(session, "nobody", PASSWORD) is None


def test_roles_and_who_added_whom(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        analyst = add_user(session, "anna", "analyst", PASSWORD, admin)
        viewer = add_user(session, "victor", "viewer", PASSWORD, admin)
        assert session.scalar(select(User.created_by_id).where(User.name == "anna")) == admin.id
    assert (admin.is_admin, admin.can_write) == (True, True)
    assert (analyst.is_admin, analyst.can_write) == (False, True)
    assert (viewer.is_admin, viewer.can_write) == (False, False)
    with database.session() as session:
        assert [a.name for a in list_users(session)] == ["anna", "root", "victor"]
        assert get_account(session, "anna") == analyst
        with pytest.raises(NotFound):
            get_account(session, "nobody")


def test_bad_accounts_are_refused(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        viewer = add_user(session, "victor", "viewer", PASSWORD, admin)
        with pytest.raises(Conflict, match="exists already"):
            add_user(session, "root", "viewer", PASSWORD, admin)
        with pytest.raises(StoreError, match="unknown role 'boss'"):
            add_user(session, "bob", "boss", PASSWORD, admin)
        with pytest.raises(StoreError, match="must not be empty"):
            add_user(session, "  ", "viewer", PASSWORD, admin)
        with pytest.raises(StoreError, match="at least 12"):
            add_user(session, "bob", "viewer", "short", admin)
        with pytest.raises(StoreError, match="only an admin"):
            add_user(session, "bob", "viewer", PASSWORD, viewer)


def test_tokens_carry_a_csrf_token_and_are_stored_hashed(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        token, csrf = issue_token(session, admin, "session", 3600)
    assert token != csrf and len(token) >= 40
    with database.session() as session:
        stored = session.scalars(select(AccessToken)).one()
        assert token not in (stored.token_hash, stored.csrf_token)
        assert account_for_token(session, token, "session") == (admin, csrf)
        assert account_for_token(session, token, "bearer") is None
        assert account_for_token(session, token + "x", "session") is None


def test_tokens_expire_and_can_be_revoked(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        short, _ = issue_token(session, admin, "bearer", 0.05)
        long, _ = issue_token(session, admin, "bearer", 3600)
    time.sleep(0.1)
    with database.session() as session:
        assert account_for_token(session, short, "bearer") is None
        assert account_for_token(session, long, "bearer") is not None
        revoke_token(session, long)
        revoke_token(session, "never issued")
    with database.session() as session:
        assert account_for_token(session, long, "bearer") is None
        with pytest.raises(StoreError, match="unknown token kind"):
            issue_token(session, admin, "cookie", 60)
        with pytest.raises(StoreError, match="must be positive"):
            issue_token(session, admin, "bearer", 0)


def test_expired_tokens_are_cleared_when_new_ones_are_issued(database: Database) -> None:
    with database.session() as session:
        admin = add_user(session, "root", "admin", PASSWORD, None)
        issue_token(session, admin, "bearer", 0.01)
    time.sleep(0.05)
    with database.session() as session:
        issue_token(session, admin, "bearer", 60)
        assert len(session.scalars(select(AccessToken)).all()) == 1


def test_an_outdated_hash_is_replaced_at_sign_in(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with database.session() as session:
        add_user(session, "root", "admin", PASSWORD, None)  # with the tests' quick hashing
        old = session.scalars(select(User.password_hash)).one()
    monkeypatch.setattr(users, "_hasher", PasswordHasher())
    with database.session() as session:
        assert authenticate(session, "root", PASSWORD) is not None
    with database.session() as session:
        new = session.scalars(select(User.password_hash)).one()
        assert new != old and "m=65536" in new
        assert authenticate(session, "root", PASSWORD) is not None
