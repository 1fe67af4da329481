"""Who is asking: bearer tokens for scripts (OAuth2 password flow), a session cookie with a
CSRF token for the browser, and the roles viewer < analyst < admin."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response
from fastapi.security import OAuth2PasswordBearer, OAuth2PasswordRequestForm
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from angara.server.api.models import RequestModel
from angara.server.api.throttle import client_address, refuse_if_throttled, sign_in_throttle
from angara.server.services import CSRF_COOKIE, SESSION_COOKIE, reading, services, writing
from angara.server.store.passwords import MAX_PASSWORD
from angara.server.store.users import (
    ROLES,
    Account,
    WrongPassword,
    account_for_token,
    authenticate,
    change_password,
    issue_token,
    revoke_token,
)

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

bearer = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)
router = APIRouter(prefix="/api", tags=["accounts"])


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Me(BaseModel):
    name: str
    role: str


class Login(Me):
    csrf_token: str


class PasswordChange(RequestModel):
    """One's own password change: the current password and the new one."""

    current_password: str = Field(max_length=MAX_PASSWORD)
    new_password: str = Field(max_length=MAX_PASSWORD)


def current_account(
    request: Request,
    db: Annotated[Session, Depends(reading, scope="function")],
    token: Annotated[str | None, Depends(bearer)],
) -> Account:
    """The account behind the request; 401 without valid credentials, 403 when a browser
    session writes without its CSRF token."""
    if token:
        found = account_for_token(db, token, "bearer")
        if found is None:
            raise _unauthorized("the token is unknown or has expired; ask /api/auth/token for a new one")
        return found[0]
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        found = account_for_token(db, cookie, "session")
        if found is None:
            raise _unauthorized("the session has expired; sign in again")
        account, csrf = found
        if request.method not in SAFE_METHODS:
            sent = request.headers.get(CSRF_HEADER, "")
            if not secrets.compare_digest(sent.encode(), csrf.encode()):
                raise HTTPException(403, f"CSRF check failed: send the {CSRF_HEADER} header given at sign-in")
        return account
    raise _unauthorized("sign in: POST /api/auth/token (scripts) or /api/auth/session (browser)")


def role(minimum: str) -> Callable[..., Account]:
    """A dependency that lets through accounts of ``minimum`` role or above (403 otherwise)."""
    rank = ROLES.index(minimum)

    def allowed(account: Annotated[Account, Depends(current_account)]) -> Account:
        if ROLES.index(account.role) < rank:
            raise HTTPException(403, f"{account.name} is a {account.role}; this needs the {minimum} role")
        return account

    return allowed


Reader = Annotated[Account, Depends(current_account)]
Analyst = Annotated[Account, Depends(role("analyst"))]
Admin = Annotated[Account, Depends(role("admin"))]


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


def _sign_in(request: Request, db: Session, name: str, password: str) -> Account:
    """The account signing in; 429 while throttled, 401 for a wrong name or password (or a
    disabled account: the answer does not tell which)."""
    refuse_if_throttled(request, name)
    # the password is checked outside the write transaction: hashing takes a third of a second
    account = authenticate(db, name, password)
    db.commit()  # done with reading: give the connection back before waiting to write
    throttle = sign_in_throttle(request)
    if account is None:
        throttle.failed(name, client_address(request))
        raise _unauthorized("wrong user name or password")
    throttle.succeeded(name)
    return account


@router.post("/auth/token", response_model=Token)
def token(
    request: Request,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    db: Annotated[Session, Depends(reading, scope="function")],
    store: Annotated[Session, Depends(writing, scope="function")],
) -> Token:
    """OAuth2 password flow: a bearer token for scripts (429 after too many failures)."""
    account = _sign_in(request, db, form.username, form.password)
    lifetime = services(request).settings.token_lifetime_s
    value, _ = issue_token(store, account, "bearer", lifetime)
    return Token(access_token=value, expires_in=int(lifetime))


@router.post("/auth/session", response_model=Login)
def sign_in(
    request: Request,
    response: Response,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    db: Annotated[Session, Depends(reading, scope="function")],
    store: Annotated[Session, Depends(writing, scope="function")],
) -> Login:
    """Sign a browser in: an HttpOnly session cookie, and a CSRF token to send back in the
    X-CSRF-Token header with every write (429 after too many failures)."""
    account = _sign_in(request, db, username, password)
    settings = services(request).settings
    value, csrf = issue_token(store, account, "session", settings.token_lifetime_s)
    age = int(settings.token_lifetime_s)
    secure = settings.secure_cookies
    response.set_cookie(SESSION_COOKIE, value, max_age=age, httponly=True, samesite="strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, httponly=False, samesite="strict", secure=secure)
    return Login(name=account.name, role=account.role, csrf_token=csrf)


@router.delete("/auth/session", status_code=204)
def sign_out(
    request: Request,
    response: Response,
    account: Reader,
    db: Annotated[Session, Depends(writing, scope="function")],
) -> None:
    """End the browser session."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        revoke_token(db, cookie)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)


@router.get("/me", response_model=Me)
def me(account: Reader) -> Me:
    """Who is signed in."""
    return Me(name=account.name, role=account.role)


@router.post("/me/password", status_code=204)
def own_password(
    request: Request,
    wanted: PasswordChange,
    account: Reader,
    token: Annotated[str | None, Depends(bearer)],
    db: Annotated[Session, Depends(writing, scope="function")],
) -> None:
    """Change one's own password (the current one is required; 403 if it is wrong, 422 if
    the new one is refused, 429 after too many wrong ones).  Every other token and session
    of the account is revoked; the one making the change stays valid."""
    refuse_if_throttled(request, account.name)
    keep = token or request.cookies.get(SESSION_COOKIE)
    try:
        change_password(db, account, wanted.current_password, wanted.new_password, keep=keep)
    except WrongPassword:
        sign_in_throttle(request).failed(account.name, client_address(request))
        raise
