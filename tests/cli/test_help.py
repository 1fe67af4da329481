"""Every command's help is whole: what square brackets hold ("[default: the scenario's]") is
shown as written, never taken for markup and dropped (which left "Seconds ." behind), and it
reads the same in a pipe."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Result

COMMANDS = [
    [],
    ["plan"],
    ["assess"],
    ["risk"],
    ["report"],
    ["validate"],
    ["convert"],
    ["template"],
    ["info"],
    ["serve"],
    ["users"],
    ["users", "add"],
    ["io"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "angara")
def test_help_ends_every_text_properly(cli: Callable[..., Result], command: list[str]) -> None:
    done = cli(*command, "--help")
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert lines and lines[0].startswith("Usage: angara")
    dangling = [line for line in lines if line.rstrip().endswith(" .") or "  ." in line]
    assert dangling == []


def test_the_defaults_in_brackets_are_shown(cli: Callable[..., Result]) -> None:
    text = " ".join(cli("plan", "--help").out.split())
    assert "Solver time limit of the plan and of each re-plan, s [default: the scenario's]." in text
    assert "[default: angara-yenisei]" in text
    serve = " ".join(cli("serve", "--help").out.split())
    assert "[default: $ANGARA_DB, else angara.db in the user's data folder]" in serve
