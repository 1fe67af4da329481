"""The mini scenario with price factors, and its plan, for the risk tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from angara.plan import optimize
from angara.plan.result import Plan
from angara.risk.ledger import Ledger, build_ledger
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Market, Price, Support
from tests.conftest import MINI

# invented for testing, like the rest of the mini scenario
FACTORS = """id,name,volatility,reversion [1/yr],long_run,start
rare_earths,Rare earths,0.3,0.5,1,0.9
niobium,Niobium,0.1,0.3,1.1,1
rub_per_usd,Exchange rate,0.15,0.3,1,1
"""
EXPOSURES = """good,market,factor
la_oxide,*,rare_earths
ndpr_oxide,*,rare_earths
ndpr_metal,*,rare_earths
nb_concentrate,*,niobium
"""
CORRELATIONS = """factor,other,correlation
rare_earths,niobium,0.4
rare_earths,rub_per_usd,-0.2
"""


def with_price_factors(folder: Path, scenario: Path = MINI) -> Path:
    """Copy ``scenario`` (the mini scenario) into ``folder`` and add price factors to it."""
    shutil.copytree(scenario, folder)
    (folder / "price_factors.csv").write_text(FACTORS, encoding="utf-8")
    (folder / "price_exposures.csv").write_text(EXPOSURES, encoding="utf-8")
    (folder / "factor_correlations.csv").write_text(CORRELATIONS, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def risky_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_price_factors(tmp_path_factory.mktemp("risky") / "mini")


@pytest.fixture(scope="session")
def risky(risky_folder: Path) -> Scenario:
    return load(str(risky_folder))


@pytest.fixture(scope="session")
def risky_plan(risky: Scenario) -> Plan:
    return optimize(risky)


@pytest.fixture(scope="session")
def ledger(risky: Scenario, risky_plan: Plan) -> Ledger:
    return build_ledger(risky, risky_plan)


@pytest.fixture(scope="session")
def graded_risky(tmp_path_factory: pytest.TempPathFactory, graded_folder: Path) -> Scenario:
    """The graded mini scenario (niobium concentrate priced by its contents) with price factors."""
    return load(str(with_price_factors(tmp_path_factory.mktemp("graded_risky") / "mini", graded_folder)))


@pytest.fixture(scope="session")
def offtaken_risky(risky: Scenario) -> Scenario:
    """The risky mini scenario with a state buyer at the port paying a fixed 10 mn RUB/t for up
    to 1,000 t a year of NdPr oxide (abroad pays 9 mn from 2030, moved by the rare earths'
    factor and the exchange rate)."""
    state = Market(id="state", name="State", node="port", kind="state_offtake")
    price = Price(market="state", good="ndpr_oxide", year=2027, price=1e7, max_quantity=1000.0)
    buy = Support(id="buy", kind="offtake", process="*", location="*", market="state", good="ndpr_oxide")
    return risky.model_copy(
        update={"markets": (*risky.markets, state), "prices": (*risky.prices, price), "support": (buy,)}
    )


@pytest.fixture(scope="session")
def offtaken_ledger(offtaken_risky: Scenario) -> Ledger:
    return build_ledger(offtaken_risky, optimize(offtaken_risky))
