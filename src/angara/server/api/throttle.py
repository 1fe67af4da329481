"""Throttling of password guesses: failed sign-ins counted per account name and per client
address over a sliding window; past a limit, sign-in is answered 429 with Retry-After,
without checking the password, until the oldest failure in the window has aged out.

The counts are kept in the server's memory: one server serves a database (a second one
refuses to start), and a restart forgetting them costs an attacker the restart's time.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from fastapi import HTTPException, Request

MAX_KEYS = 100_000  # names and addresses remembered at once: stale ones are dropped past this


class SignInThrottle:
    """Failed sign-ins in the last ``window_s`` seconds, per account name and per address.

    ``per_account`` failures for one name block that name, ``per_address`` failures from one
    address block that address; a successful sign-in forgets its name's failures but not its
    address's (else an attacker with one account of their own could reset the count).
    """

    def __init__(
        self,
        per_account: int,
        per_address: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_account = per_account
        self.per_address = per_address
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> int | None:
        """Seconds until ``name`` from ``address`` may try again; None if it may now."""
        with self._lock:
            now = self.clock()
            waits = [
                self._wait(key, limit, now)
                for key, limit in ((_name(name), self.per_account), (_address(address), self.per_address))
            ]
        longest = max(waits)
        return math.ceil(longest) if longest > 0 else None

    def failed(self, name: str, address: str) -> None:
        """Count a failed sign-in of ``name`` from ``address``."""
        with self._lock:
            now = self.clock()
            if len(self._failures) >= MAX_KEYS:
                self._forget_stale(now)
            for key in (_name(name), _address(address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, name: str) -> None:
        """Forget ``name``'s failures (its owner has just signed in)."""
        with self._lock:
            self._failures.pop(_name(name), None)

    def _wait(self, key: str, limit: int, now: float) -> float:
        times = self._failures.get(key)
        if times is None:
            return 0.0
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0.0
        if len(times) < limit:
            return 0.0
        # blocked until enough failures age out to bring the count under the limit
        return times[len(times) - limit] + self.window_s - now

    def _forget_stale(self, now: float) -> None:
        for key in list(self._failures):
            self._wait(key, 1, now)
        if len(self._failures) >= MAX_KEYS:  # a flood of fresh keys: keep the newest half
            newest = sorted(self._failures, key=lambda key: self._failures[key][-1])[MAX_KEYS // 2 :]
            self._failures = {key: self._failures[key] for key in newest}


def _name(name: str) -> str:
    return "name:" + name.strip().casefold()[:200]


def _address(address: str) -> str:
    return "address:" + address


def client_address(request: Request) -> str:
    """The client's address (behind a proxy on this machine, uvicorn takes it from
    X-Forwarded-For; see docs/security.md)."""
    return request.client.host if request.client else "unknown"


def sign_in_throttle(request: Request) -> SignInThrottle:
    """The running server's throttle (made by ``create_app``)."""
    throttle: SignInThrottle = request.app.state.sign_in_throttle
    return throttle


def refuse_if_throttled(request: Request, name: str) -> None:
    """Answer 429 with Retry-After if ``name`` or the client's address has failed too often."""
    throttle = sign_in_throttle(request)
    wait = throttle.retry_after(name, client_address(request))
    if wait is not None:
        minutes = max(1, math.ceil(wait / 60))
        raise HTTPException(
            429,
            f"too many failed sign-ins for this account or from this address; try again in "
            f"{minutes} minute{'s' if minutes > 1 else ''} (an admin can reset a forgotten password)",
            headers={"Retry-After": str(wait)},
        )
