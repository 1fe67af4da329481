"""Calling a solver through linopy: option names per solver, and keeping stdout clean."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _stdout_redirected(log: bool) -> Iterator[None]:
    """Send what native solver code prints to stderr (with a log) or nowhere.

    Standard output stays clean for ``--json``; some solvers print a banner before
    their own quiet option takes effect.
    """
    sys.stdout.flush()
    saved = os.dup(1)
    target = os.dup(2) if log else os.open(os.devnull, os.O_WRONLY)
    logger = logging.getLogger("linopy")
    level = logger.level
    if not log:
        logger.setLevel(logging.ERROR)
    try:
        os.dup2(target, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(target)
        logger.setLevel(level)


def solve(model: linopy.Model, solver: str, options: dict[str, Any], log: bool = False) -> tuple[str, str]:
    """Solve ``model``; return linopy's (status, termination condition)."""
    with _stdout_redirected(log):
        status, condition = model.solve(solver_name=solver, progress=False, **options)
    return str(status), str(condition)
