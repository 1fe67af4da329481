"""Exit statuses of ``angara`` and the handling that maps bad input to them.

0 success, 2 bad input (located messages, nothing written), 3 no plan exists (the
message says what is short), 1 an internal error (set ANGARA_DEBUG=1 for its traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer

from angara.cli.console import show_problems
from angara.scenario.problems import Problem, ScenarioError

EXIT_BAD_INPUT = 2
EXIT_NO_PLAN = 3
EXIT_INTERNAL = 1

T = TypeVar("T")


def guarded(action: Callable[[], T], title: str = "The scenario has problems") -> T:
    """Run ``action``; turn bad input into located messages and exit status 2."""
    try:
        return action()
    except ScenarioError as error:
        show_problems(error.problems, title)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def writing(destination: Path, action: Callable[[], object]) -> None:
    """Write with ``action``; a destination that cannot be written is bad input, not a crash."""
    try:
        action()
    except OSError as error:
        reason = error.strerror or str(error)
        show_problems([Problem(str(destination), f"cannot be written: {reason}")], "Nothing written")
        raise typer.Exit(EXIT_BAD_INPUT) from None


def unusable_destination(out: Path | None, marker: str, kind: str) -> list[Problem]:
    """A problem if ``out`` exists and is not a result folder (one holding ``marker``) that
    may be replaced: a file, or a folder with other things in it."""
    if out is None or not out.exists():
        return []
    if out.is_dir() and (not any(out.iterdir()) or (out / marker).exists()):
        return []
    return [Problem(str(out), f"exists and is not {kind}; choose another or empty it")]


def unwritable_file(path: Path | None, option: str) -> list[Problem]:
    """A problem if a file cannot be written at ``path``: its folder is missing or it is a folder."""
    if path is None:
        return []
    if path.is_dir():
        return [Problem(option, "is a folder; give a file name, e.g. model.lp", value=str(path))]
    if not path.resolve().parent.is_dir():
        return [Problem(option, "its folder does not exist", value=str(path))]
    return []


def print_json(document: Any) -> None:
    """Write ``document`` to standard output as strict JSON (no NaN)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n")
