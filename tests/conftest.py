"""Shared fixtures: the mini scenario and a way to run the command line in-process."""

from __future__ import annotations

import os

os.environ["COLUMNS"] = "250"  # wide enough that messages are not wrapped in tables

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from angara.cli import main
from tests.postgres import start_postgres

pytest_plugins = ["tests.graded"]  # the graded variant of the mini scenario and its plan

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini"


@dataclass
class Result:
    """What a command printed and how it ended."""

    code: int
    out: str
    err: str


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini scenario."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``angara ARGS`` in this process, as the installed command does."""

    def run(*args: str) -> Result:
        code = 0
        try:
            main([str(a) for a in args])
        except SystemExit as stop:
            code = int(stop.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of an empty database on a PostgreSQL server started for this test session
    (skips the test where PostgreSQL is not installed)."""
    url, stop = start_postgres(tmp_path_factory.mktemp("postgres"))
    try:
        yield url
    finally:
        stop()
