"""Accounts, for admins: list them, add one, disable or enable one, change its role, reset
its password and revoke its tokens."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from pydantic import Field
from sqlalchemy.orm import Session

from angara.server.api.models import RequestModel
from angara.server.api.security import Admin
from angara.server.services import reading, writing
from angara.server.store.passwords import MAX_PASSWORD
from angara.server.store.users import (
    Role,
    add_user,
    get_account,
    list_users,
    reset_password,
    revoke_tokens,
    set_disabled,
    set_role,
)

router = APIRouter(prefix="/api/users", tags=["accounts"])
Db = Annotated[Session, Depends(reading, scope="function")]
Writer = Annotated[Session, Depends(writing, scope="function")]
Name = Annotated[str, Path(min_length=1, max_length=100, description="User name.")]


class NewUser(RequestModel):
    name: str = Field(min_length=1, max_length=64)
    role: Role
    password: str = Field(max_length=MAX_PASSWORD, description="At least 12 characters, not a common one.")


class AccountChange(RequestModel):
    """What to change of an account; each field left out stays as it is.  Every change
    revokes the account's tokens and sessions."""

    disabled: bool | None = Field(None, description="true: cannot sign in, tokens stop working.")
    role: Role | None = None
    password: str | None = Field(None, max_length=MAX_PASSWORD, description="A new password (a reset).")


@router.get("")
def users(account: Admin, db: Db) -> list[dict[str, Any]]:
    """Every account with its role and whether it is disabled."""
    return [asdict(user) for user in list_users(db)]


@router.post("", status_code=201)
def new_user(wanted: NewUser, account: Admin, db: Writer) -> dict[str, Any]:
    """Add an account (409 if the name is taken, 422 if the password is refused)."""
    return asdict(add_user(db, wanted.name, wanted.role, wanted.password, created_by=account))


@router.patch("/{name}")
def change_account(name: Name, wanted: AccountChange, account: Admin, db: Writer) -> dict[str, Any]:
    """Disable or enable an account, change its role or reset its password (422 if the
    password is refused; 409 if the change would leave no active admin)."""
    if wanted.password is not None:
        reset_password(db, name, wanted.password, by=account)
    if wanted.role is not None:
        set_role(db, name, wanted.role, by=account)
    if wanted.disabled is not None:
        set_disabled(db, name, wanted.disabled, by=account)
    return asdict(get_account(db, name))


@router.post("/{name}/tokens/revoke")
def revoke(name: Name, account: Admin, db: Writer) -> dict[str, Any]:
    """Revoke every token and browser session of the account (it must sign in again)."""
    return {"name": name, "revoked": revoke_tokens(db, name)}
