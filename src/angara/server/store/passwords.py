"""The password policy, applied wherever a password is set (API, ``angara users``, a reset
by an admin, a change by its owner): at least 12 characters, not one of the 20,000 most
common passwords, and not the user name nor containing it."""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from angara.server.store.database import StoreError

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing cost grows with the length: a password is not a document
MIN_NAME_INSIDE = 3  # a shorter name is refused only as the whole password ("ab" is in many words)
COMMON_PASSWORDS = Path(__file__).resolve().parents[2] / "data" / "passwords" / "common-passwords.txt.gz"
ADVICE = "a few unrelated words make a good one, e.g. 'copper river autumn lamp'"


class WeakPassword(StoreError):
    """A password the policy refuses; the message says why and what is required."""


@cache
def common_passwords() -> frozenset[str]:
    """The common passwords, lowercased (data/passwords/README.md says where they come from)."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, name: str) -> str | None:
    """Why ``password`` may not be the password of the user ``name``; None if it may."""
    if len(password) < MIN_PASSWORD:
        return f"the password has {len(password)} characters; it needs at least {MIN_PASSWORD} ({ADVICE})"
    if len(password) > MAX_PASSWORD:
        return f"the password has {len(password):,} characters; at most {MAX_PASSWORD:,} are accepted"
    folded = password.strip().casefold()
    if folded in common_passwords():
        return (
            "the password is one of the 20,000 most common passwords, the first an attacker "
            f"tries; choose another of at least {MIN_PASSWORD} characters ({ADVICE})"
        )
    user = name.strip().casefold()
    if user and (folded == user or (len(user) >= MIN_NAME_INSIDE and user in folded)):
        return f"the password contains the user name '{name.strip()}'; choose one that does not ({ADVICE})"
    return None


def check_password(password: str, name: str) -> None:
    """Raise :class:`WeakPassword` if the policy refuses ``password`` for the user ``name``."""
    problem = password_problem(password, name)
    if problem is not None:
        raise WeakPassword(problem)
