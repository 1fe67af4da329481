"""Calling a solver through linopy: option names per solver, keeping stdout clean, and
stopping a solve on request (:func:`stop_solves_when`)."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import linopy

# how each solver spells the common options
OPTION_NAMES: dict[str, dict[str, str]] = {
    "highs": {"time_limit": "time_limit", "mip_gap": "mip_rel_gap", "threads": "threads"},
    "gurobi": {"time_limit": "TimeLimit", "mip_gap": "MIPGap", "threads": "Threads"},
    "cplex": {"time_limit": "timelimit", "mip_gap": "mip.tolerances.mipgap", "threads": "threads"},
    "cbc": {"time_limit": "sec", "mip_gap": "ratioGap", "threads": "threads"},
    "scip": {"time_limit": "limits/time", "mip_gap": "limits/gap", "threads": "parallel/maxnthreads"},
    "xpress": {"time_limit": "maxtime", "mip_gap": "miprelstop", "threads": "threads"},
    "glpk": {"time_limit": "tmlim"},
}
QUIET: dict[str, dict[str, Any]] = {"highs": {"output_flag": False}, "gurobi": {"OutputFlag": 0}}
GAP_OPTIONS = {names["mip_gap"] for names in OPTION_NAMES.values() if "mip_gap" in names}
STOP_POLL_S = 0.2  # how often a solve in progress looks whether it is asked to stop


class SolveStopped(Exception):
    """A solve was interrupted because its caller asked it to stop (:func:`stop_solves_when`)."""


_stopping = threading.local()  # the stop event of the solves of each thread, if any


def solver_options(solver: str, time_limit: float, mip_gap: float, threads: int, log: bool) -> dict[str, Any]:
    """The common limits in the named solver's own option names."""
    names = OPTION_NAMES.get(solver, {})
    wanted = {"time_limit": time_limit, "mip_gap": mip_gap, "threads": threads}
    options: dict[str, Any] = {names[k]: v for k, v in wanted.items() if k in names}
    if not log:
        options.update(QUIET.get(solver, {}))
    return options


def available() -> list[str]:
    """Solvers linopy finds installed."""
    return list(linopy.available_solvers)


class _Silence:
    """Sends what native solver code prints to stderr (with a log) or nowhere, while any
    solve of this process runs.

    Standard output stays clean for ``--json``; some solvers print a banner before their
    own quiet option takes effect.  Descriptor 1 belongs to the whole process, and solves
    overlap in threads (Dask workers beside the server, ensembles): so the first solve to
    start redirects it and the last to finish gives it back, or one solve would restore
    another's /dev/null and silence the process for good.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._solving = 0
        self._saved: int | None = None
        self._target: int | None = None
        self._level = logging.NOTSET

    @contextmanager
    def around(self, log: bool) -> Iterator[None]:
        logger = logging.getLogger("linopy")
        with self._lock:
            if self._solving == 0:
                if sys.stdout is not None:
                    sys.stdout.flush()
                try:
                    self._saved = os.dup(1)
                except OSError:  # no standard output at all (a detached process): nothing to keep clean
                    self._saved = None
                if self._saved is not None:
                    self._target = os.dup(2) if log else os.open(os.devnull, os.O_WRONLY)
                    os.dup2(self._target, 1)
                self._level = logger.level
                if not log:
                    logger.setLevel(logging.ERROR)
            self._solving += 1
        try:
            yield
        finally:
            with self._lock:
                self._solving -= 1
                if self._solving == 0:
                    if sys.stdout is not None:
                        sys.stdout.flush()
                    if self._saved is not None and self._target is not None:
                        os.dup2(self._saved, 1)
                        os.close(self._saved)
                        os.close(self._target)
                    self._saved = self._target = None
                    logger.setLevel(self._level)


_SILENCE = _Silence()


@contextmanager
def stop_solves_when(event: threading.Event) -> Iterator[None]:
    """Within the block, solves started by this thread stop soon after ``event`` is set
    (raising :class:`SolveStopped`), also in the middle of a long HiGHS solve that reports
    nothing; solves started after it is set stop at once.

    A generic hook: a caller that must be able to cancel work (the server's runs) sets the
    event from another thread, and the plan layer need know nothing about why.
    """
    previous = getattr(_stopping, "event", None)
    _stopping.event = event
    try:
        yield
    finally:
        _stopping.event = previous


def solve(model: linopy.Model, solver: str, options: dict[str, Any], log: bool = False) -> tuple[str, str]:
    """Solve ``model``; return linopy's (status, termination condition).

    Raises :class:`SolveStopped` when asked to stop (see :func:`stop_solves_when`).
    """
    event: threading.Event | None = getattr(_stopping, "event", None)
    if event is not None and event.is_set():
        raise SolveStopped("the solve was stopped before it started")
    with _SILENCE.around(log), _interrupted_by(event, model):
        status, condition = model.solve(solver_name=solver, progress=False, **options)
    if event is not None and event.is_set():
        raise SolveStopped(f"the solve was stopped ({condition})")
    return str(status), str(condition)


@contextmanager
def _interrupted_by(event: threading.Event | None, model: linopy.Model) -> Iterator[None]:
    """While the block solves ``model``, a watcher thread interrupts the solver once ``event``
    is set.

    linopy runs HiGHS with its user-interrupt callbacks on (the ones Ctrl-C uses) and keeps
    the ``highspy.Highs`` object as ``model.solver.solver_model``: ``cancelSolve()`` on it
    ends the solve at HiGHS' next simplex, IPM or MIP interrupt check, within a fraction of
    a second.  The watcher keeps asking until the solve returns, since the object exists
    only once linopy has built it.  Other solvers finish their solve; the stop then takes
    effect when it returns.
    """
    if event is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(STOP_POLL_S):
            if not event.is_set():
                continue
            highs = getattr(getattr(model, "solver", None), "solver_model", None)
            cancel = getattr(highs, "cancelSolve", None)
            if callable(cancel):
                with suppress(Exception):  # a solver between states: try again at the next poll
                    cancel()

    watcher = threading.Thread(target=watch, name="angara-solve-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
