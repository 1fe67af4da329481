"""What every request passes before the API or a page sees it (a pure ASGI middleware):

- a request that carries a body (POST, PUT, PATCH, DELETE) to anything but the two sign-in
  routes is answered 401 (no or unknown credentials) or 403 (a browser session without its
  CSRF token) before a byte of its body is read: FastAPI reads and parses a body before it
  resolves a route's dependencies, so the route's own sign-in check would come too late;
- the body is counted as it arrives, whatever Content-Length says or when the body is
  chunked, and answered 413 the moment it passes the limit, without buffering it;
- every answer (pages, API, static files) carries the security headers.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from angara.server.services import SESSION_COOKIE, Services
from angara.server.store.users import account_for_token

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# the only routes that take a body from someone not signed in (a sign-in form is small)
SIGN_IN_ROUTES = frozenset({("POST", "/api/auth/token"), ("POST", "/api/auth/session")})

# The pages load their scripts and styles from /static only: no inline script can run.
# Plotly's maps (MapLibre) draw in web workers started from blob: URLs and put their canvas
# images in data:/blob: URLs, and Plotly sets element styles from its scripts (allowed: CSP
# governs inline <style> and style attributes in markup, which the pages do not use, but
# Plotly also adds one <style> element of its own rules at start, hence 'unsafe-inline' for
# styles only; an injected style cannot run code).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class _Answered(Exception):
    """The gate has answered the request itself (413 while reading its body)."""


class RequestGate:
    """Security headers on every answer; sign-in before the body; the body's size counted.

    ``max_body_bytes`` bounds every body; ``max_sign_in_bytes`` the bodies of the sign-in
    routes, which anyone may send.
    """

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_sign_in_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_sign_in_bytes = max_sign_in_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        method: str = scope["method"]
        headers = Headers(scope=scope)
        sign_in = (method, scope["path"]) in SIGN_IN_ROUTES
        limit = self.max_sign_in_bytes if sign_in else self.max_body_bytes
        if method not in SAFE_METHODS and not sign_in:
            refusal = await self._credentials_refused(scope, headers)
            if refusal is not None:
                await _answer(send_with_headers, *refusal)
                return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _answer(send_with_headers, 413, _too_large(limit))
            return

        received = 0
        answered = False

        async def counted_receive() -> Message:
            nonlocal received, answered
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if not started:
                        answered = True
                        await _answer(send_with_headers, 413, _too_large(limit))
                    raise _Answered  # the app stops reading; what it answers now is dropped
            return message

        async def send_unless_answered(message: Message) -> None:
            if not answered:
                await send_with_headers(message)

        try:
            await self.app(scope, counted_receive, send_unless_answered)
        except Exception:
            if not answered:
                raise

    async def _credentials_refused(self, scope: Scope, headers: Headers) -> tuple[int, str] | None:
        """(status, message) if the request's credentials do not let it send a body; None if
        they do.  Looks the bearer token or session cookie up in the database."""
        services: Services | None = getattr(scope["app"].state, "services", None)
        if services is None:  # not started (no lifespan): nothing to check against
            return 401, "the server is starting; try again in a moment"
        authorization = headers.get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            found = await run_in_threadpool(_lookup, services, token.strip(), "bearer")
            if found is None:
                return 401, "the token is unknown, revoked or has expired; ask /api/auth/token for a new one"
            return None
        cookie = _cookie(headers, SESSION_COOKIE)
        if cookie:
            found = await run_in_threadpool(_lookup, services, cookie, "session")
            if found is None:
                return 401, "the session has expired or was ended; sign in again"
            sent = headers.get(CSRF_HEADER, "")
            if not secrets.compare_digest(sent.encode(), found.encode()):
                return 403, f"CSRF check failed: send the {CSRF_HEADER} header given at sign-in"
            return None
        return 401, "sign in first: POST /api/auth/token (scripts) or /api/auth/session (browser)"


def _lookup(services: Services, token: str, kind: str) -> str | None:
    """The CSRF token of a valid token of ``kind``; None if it is not valid."""
    with services.database.session(write=False) as db:
        found = account_for_token(db, token, kind)
    return found[1] if found else None


def _cookie(headers: Headers, name: str) -> str:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip()
    return ""


def _too_large(limit: int) -> str:
    return (
        f"the request is larger than {limit:,} bytes, the most this server accepts here; "
        "send a smaller file (a zipped scenario folder is usually far smaller)"
    )


async def _answer(send: Any, status: int, message: str) -> None:
    """A JSON ``{"detail": message}`` answer that closes the exchange."""
    body = json.dumps({"detail": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
