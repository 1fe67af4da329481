"""How a run tells its caller what it does: stages, counts and log lines, through a
:class:`Listener` the caller supplies (progress bars on a terminal, a run's row in the
server's database).  A listener stops a run by raising :class:`Cancelled` from any of its
methods; the workflow calls them between stages and as counts advance, never in a solve.
"""

from __future__ import annotations

from typing import Literal, Protocol

Stage = Literal["planning", "assessing", "mandates", "replanning", "variants", "pareto", "monte_carlo"]


class Cancelled(Exception):
    """The run was stopped by its listener (e.g. cancelled by a user of the server)."""


class Listener(Protocol):
    """What a run reports while it goes."""

    def stage(self, stage: Stage, text: str) -> None:
        """The run enters ``stage``; ``text`` says what it does there."""

    def advance(self, stage: Stage, done: int, total: int) -> None:
        """``done`` of the ``total`` items of ``stage`` are finished (samples, re-plans)."""

    def log(self, line: str) -> None:
        """A line worth keeping: a result, a number, a warning."""


class Quiet:
    """A listener that says nothing and never stops a run."""

    def stage(self, stage: Stage, text: str) -> None:
        pass

    def advance(self, stage: Stage, done: int, total: int) -> None:
        pass

    def log(self, line: str) -> None:
        pass


QUIET = Quiet()
