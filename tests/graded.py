"""The mini scenario with a second deposit that differs from the first only in grade, its
niobium concentrate made to a target grade and sold by its contents (payability).

``dep`` holds 5 % TREO and 0.7 % Nb2O5; ``poor`` half of each, at the same node, with the
same reserves, rate and start.  The concentrator makes ``nb_concentrate`` at 50 % Nb2O5
(instead of the mini's fixed pull of 0.01 t/t), and the export market pays 80 % of
20 USD per kg of Nb2O5 contained above a minimum of 40 % Nb2O5.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from angara.plan import optimize
from angara.plan.result import Plan
from angara.scenario.load import load
from angara.scenario.model import Scenario

MINI = Path(__file__).parent / "data" / "mini"
TARGET = 0.50  # Nb2O5 in the concentrate
PRICE_USD_PER_KG = 20.0  # per kg of Nb2O5 contained
PAYABLE = 0.80
MINIMUM = 0.40
RUB_PER_USD_2025 = 80.0  # the mini scenario's rate in the row's year
NB_METAL_FRACTION = 0.699


def graded_mini(folder: Path) -> Path:
    """Copy the mini scenario into ``folder`` and make it the graded variant."""
    shutil.copytree(MINI, folder)
    deposits = (folder / "deposits.csv").read_text(encoding="utf-8").splitlines()
    poor = deposits[1].replace("dep,Test deposit", "poor,Poorer twin of the test deposit")
    (folder / "deposits.csv").write_text("\n".join([*deposits, poor]) + "\n", encoding="utf-8")
    with (folder / "deposit_grades.csv").open("a", encoding="utf-8") as grades:
        grades.write("poor,TREO,2.5,oxide,light\npoor,Nb,0.35,oxide,\n")
    (folder / "process_outputs.csv").write_text(
        "process,good,quantity [t/t],species,grade [%],basis\n"
        "mine,ore,1,,,\n"
        "benef,concentrate,0.15,,,\n"
        f"benef,nb_concentrate,,Nb,{TARGET * 100:g},oxide\n"
        "separate,la_oxide,,,,\n"
        "separate,ndpr_oxide,,,,\n"
        "metal,ndpr_metal,1,,,\n",
        encoding="utf-8",
    )
    prices = (folder / "prices.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in prices if ",nb_concentrate," not in line]
    (folder / "prices.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (folder / "payability.csv").write_text(
        "market,good,species,year,price [USD/kg],payable [%],basis,min_content [%]\n"
        f"abroad,nb_concentrate,Nb,2025,{PRICE_USD_PER_KG:g},{PAYABLE * 100:g},oxide,{MINIMUM * 100:g}\n",
        encoding="utf-8",
    )
    return folder


def concentrate_price_rub_per_t() -> float:
    """RUB per tonne of the graded concentrate at the export market, by hand:
    0.50 t Nb2O5 per t x 80 % payable x 20,000 USD per t x 80 RUB per USD."""
    return TARGET * PAYABLE * PRICE_USD_PER_KG * 1000 * RUB_PER_USD_2025


@pytest.fixture(scope="session")
def graded_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The graded variant of the mini scenario, written once per session."""
    return graded_mini(tmp_path_factory.mktemp("graded") / "mini")


@pytest.fixture(scope="session")
def graded(graded_folder: Path) -> Scenario:
    return load(str(graded_folder))


@pytest.fixture(scope="session")
def graded_plan(graded: Scenario) -> Plan:
    return optimize(graded)
