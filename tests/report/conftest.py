"""A run of the mini scenario (plan, assessment and risk) and its report, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from angara.report.content import Report, compose
from angara.results.read import RunResults, read_results
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI

RISK_SAMPLES = "500"  # the report shows the risk analysis; its precision does not matter here


def make_run(folder: Path) -> Path:
    """``angara plan MINI --out folder`` and ``angara risk folder --out folder/risk``."""
    from angara.cli import main

    for args in (
        ["plan", str(MINI), "--out", str(folder)],
        ["risk", str(folder), "--samples", RISK_SAMPLES, "--out", str(folder / "risk")],
    ):
        try:
            main(args)
        except SystemExit as stop:
            assert not stop.code, args
    return folder


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("report") / "run")


@pytest.fixture(scope="session")
def results(run_dir: Path) -> RunResults:
    return read_results(run_dir)


@pytest.fixture(scope="session")
def scenario(run_dir: Path) -> Scenario:
    return load(str(run_dir / "scenario"))


@pytest.fixture(scope="session")
def report_ru(results: RunResults, scenario: Scenario) -> Report:
    """The Russian report with its map and charts drawn (one browser start for the session)."""
    return compose(results, scenario, "ru")
