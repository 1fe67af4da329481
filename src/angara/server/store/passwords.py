"""The password policy, applied wherever a password is set (API, ``angara users``, a reset
by an admin, a change by its owner): at least 12 characters, not one of the 20,000 most
common passwords, and not the user name nor containing it."""

from __future__ import annotations

import gzip
from functools import cache
from itertools import pairwise
from pathlib import Path

from angara.server.store.database import StoreError

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing cost grows with the length: a password is not a document
MIN_NAME_INSIDE = 3  # a shorter name is refused only as the whole password ("ab" is in many words)
COMMON_PASSWORDS = Path(__file__).resolve().parents[2] / "data" / "passwords" / "common-passwords.txt.gz"
DECORATION = "0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # what people add to a common password
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
    core = folded.strip(DECORATION)
    if folded in common_passwords() or core in common_passwords():
        return (
            "the password is one of the 20,000 most common passwords (or one with digits or "
            "symbols added), the first an attacker tries; choose another of at least "
            f"{MIN_PASSWORD} characters ({ADVICE})"
        )
    if _run_or_repetition(folded):
        return f"the password is a run or repetition of characters, such as 123456789012; {ADVICE}"
    user = name.strip().casefold()
    if user and (folded == user or (len(user) >= MIN_NAME_INSIDE and user in folded)):
        return f"the password contains the user name '{name.strip()}'; choose one that does not ({ADVICE})"
    return None


def _run_or_repetition(text: str) -> bool:
    """Whether ``text`` is a few characters repeated, or a run such as 123456789012 or
    abcdefghijkl (each character one after or one before the last, digits wrapping)."""
    if len(set(text)) <= 3:
        return True
    steps = {
        (ord(b) - ord(a)) % 10 if a.isdigit() and b.isdigit() else ord(b) - ord(a) for a, b in pairwise(text)
    }
    return len(steps) == 1 and steps <= {1, -1, 9}


def check_password(password: str, name: str) -> None:
    """Raise :class:`WeakPassword` if the policy refuses ``password`` for the user ``name``."""
    problem = password_problem(password, name)
    if problem is not None:
        raise WeakPassword(problem)
