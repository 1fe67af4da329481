"""Accounts, for admins: list them and add one."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from angara.server.api.security import Admin
from angara.server.services import reading, writing
from angara.server.store.users import Role, add_user, list_users

router = APIRouter(prefix="/api/users", tags=["accounts"])
Db = Annotated[Session, Depends(reading, scope="function")]
Writer = Annotated[Session, Depends(writing, scope="function")]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: Role
    password: str = Field(min_length=8, max_length=256)


@router.get("")
def users(account: Admin, db: Db) -> list[dict[str, Any]]:
    """Every account with its role."""
    return [asdict(user) for user in list_users(db)]


@router.post("", status_code=201)
def new_user(wanted: NewUser, account: Admin, db: Writer) -> dict[str, Any]:
    """Add an account (409 if the name is taken)."""
    return asdict(add_user(db, wanted.name, wanted.role, wanted.password, created_by=account))
