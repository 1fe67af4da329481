"""The mini scenario's plan, solved once for the assessment tests."""

from __future__ import annotations

import pytest

from angara.plan import optimize
from angara.plan.result import Plan
from angara.scenario.load import load
from angara.scenario.model import Scenario
from tests.conftest import MINI


@pytest.fixture(scope="session")
def mini_scenario() -> Scenario:
    return load(str(MINI))


@pytest.fixture(scope="session")
def mini_plan(mini_scenario: Scenario) -> Plan:
    return optimize(mini_scenario)
