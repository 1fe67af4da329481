"""Non-mass activities in the optimizer: an energy solution lifts a binding site power
limit; a training centre's graduates join the local labour pool from a lag on; a data
centre's computing (MW-years) is made and sold at its node, the element balance untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from angara.chain import expand
from angara.plan.labour import graduate_weights
from angara.plan.solve import optimize
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.schema import Good, Labour, Process, ProcessOutput, ProcessSite, ProcessStaff, Skill
from tests.activities import add_data_centre
from tests.conftest import MINI
from tests.plan.factory import factory, margin

FUEL = 7.0  # RUB per MW-year a gas unit runs
GAS_UNIT_CAPEX = 40.0


def _with_gas_unit(scenario: Scenario) -> Scenario:
    """``scenario`` plus a 1 MW gas unit at its site (lifetime 10 years, built at once)."""
    return scenario.model_copy(
        update={
            "goods": (
                *scenario.goods,
                Good(
                    id="firm_power", name="Firm site power", kind="product", unit="MW*yr", role="site_power"
                ),
            ),
            "processes": (
                *scenario.processes,
                Process(
                    id="gas_unit",
                    name="Gas piston unit",
                    stage="energy",
                    reference="firm_power",
                    unit_capacity=1.0,
                    capex_per_unit=GAS_UNIT_CAPEX,
                    variable_opex=FUEL,
                    lead_time=0.0,
                    lifetime=10.0,
                    max_units=1,
                ),
            ),
            "process_outputs": (
                *scenario.process_outputs,
                ProcessOutput(process="gas_unit", good="firm_power", quantity=1.0),
            ),
            "process_sites": (*scenario.process_sites, ProcessSite(process="gas_unit", site="site")),
        }
    )


def test_an_energy_unit_lifts_a_binding_site_power_limit() -> None:
    """The plant needs 1 MW (876 MWh/t x 10 t/yr over 8,760 h); the site has none.  Without
    the gas unit nothing is built; with it both are, the unit runs at 1 MW, and the objective
    falls short of the plan with 1 MW given free by exactly the unit's costs: half its CAPEX
    (5 of 10 years' annuity at a 0 % rate) and 5 years of fuel."""
    without = optimize(factory(electricity=876.0, power=[(2027, 0.0)]))
    assert without.objective == pytest.approx(0.0, abs=1e-6)
    assert without.builds.empty or without.builds["units"].sum() == 0

    powered = optimize(_with_gas_unit(factory(electricity=876.0, power=[(2027, 0.0)])))
    free = optimize(factory(electricity=876.0, power=[(2027, 1.0)]))
    assert free.objective == pytest.approx(5 * margin() - 1000.0 / 2, rel=1e-6)
    assert powered.objective == pytest.approx(free.objective - GAS_UNIT_CAPEX / 2 - 5 * FUEL, rel=1e-6)
    built = powered.builds.groupby("process")["units"].sum()
    assert built.get("plant") == 1 and built.get("gas_unit") == 1
    run = powered.activities[powered.activities["process"] == "gas_unit"]
    assert run["activity"].to_numpy() == pytest.approx(np.ones(5))


def _with_training(scenario: Scenario, staff: float = 2.0) -> Scenario:
    """Labour of skill ``s`` in region ``r``: nobody local, no in-migration; the plant needs
    ``staff``; a training centre of 4 places with a 2-year programme may open in 2027."""
    return scenario.model_copy(
        update={
            "skills": (Skill(id="s", name="Skill"),),
            "labour": (Labour(region="r", skill="s", pool=0.0, graduates=0.0),),
            "goods": (
                *scenario.goods,
                Good(
                    id="place",
                    name="Training place",
                    kind="product",
                    unit="place*yr",
                    role="training",
                    skill="s",
                    programme_length=2.0,
                ),
            ),
            "processes": (
                *scenario.processes,
                Process(
                    id="college",
                    name="Training centre",
                    stage="training",
                    reference="place",
                    unit_capacity=4.0,
                    capex_per_unit=1.0,
                    variable_opex=0.5,
                    lead_time=0.0,
                    lifetime=10.0,
                    max_units=1,
                ),
            ),
            "process_sites": (*scenario.process_sites, ProcessSite(process="college", site="site")),
            "process_staff": (ProcessStaff(process="plant", skill="s", staff=staff),),
        }
    )


def test_graduate_weights_by_hand() -> None:
    """Yearly periods from 2027, a 2-year programme, nobody leaving: a place filled in 2027
    gives half a graduate (one cohort of two years) hireable from 2029 on; a place filled in
    2029 from 2031.  With 10 % attrition, half retained and 20 % kept by others, the 2027
    place's graduate is worth 0.8 x 0.5 x 0.5 x 0.9 = 0.18 at the start of 2030."""
    starts = np.arange(2027, 2032)
    years = tuple((int(y),) for y in starts)
    plain = graduate_weights(starts, years, 2.0, 0.0, 1.0, 0.0)
    assert plain[:, 0].tolist() == [0.0, 0.0, 0.5, 0.5, 0.5]
    assert plain[:, 2].tolist() == [0.0, 0.0, 0.0, 0.0, 0.5]
    assert np.triu(plain, k=-1).sum() == 0.0  # nothing reaches a period sooner than 2 years on
    aged = graduate_weights(starts, years, 2.0, 0.1, 0.5, 0.2)
    assert aged[3, 0] == pytest.approx(0.8 * 0.5 * 0.5 * 0.9)


def test_a_training_centre_raises_later_labour_supply() -> None:
    """The plant needs 2 people, the region has none and nobody may move in: without the
    centre nothing is built.  With its 4 places filled from 2027, 4 / 2 = 2 graduates can be
    hired from 2029 (two years on): the plant runs from 2029, not before."""
    without = optimize(_with_training(factory()).model_copy(update={"processes": factory().processes}))
    assert without.builds.empty or without.builds["units"].sum() == 0

    trained = optimize(_with_training(factory()))
    capacity = trained.capacity
    plant = capacity[capacity["process"] == "plant"].set_index("period")["units"]
    assert plant.reindex(range(2027, 2032), fill_value=0).tolist() == [0, 0, 1, 1, 1]
    places = trained.activities[trained.activities["process"] == "college"].set_index("period")["activity"]
    assert places.loc[2027] == pytest.approx(4.0)


def test_a_data_centre_sells_computing_at_its_node(tmp_path: Path) -> None:
    """The mini scenario plus a 10 MW data centre at the plant site: it is built, its
    10 MW-years a year are sold in town (its own node, no transport), its 11 MW of site
    power (PUE 1.1) count within the site's limit, and the element balance is untouched."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    add_data_centre(folder)
    plan = optimize(load(folder))
    sold = plan.sales[plan.sales["good"] == "compute"]
    assert not sold.empty and sold["tonnes"].max() == pytest.approx(10.0)
    assert set(sold["market"]) == {"home"}
    assert plan.flows.empty or "compute" not in set(plan.flows["good"])
    assert plan.balance_residual_max < 1e-6


def test_an_energy_unit_is_credited_the_grid_energy_it_replaces_up_to_its_own_cost() -> None:
    """At 0.0005 RUB/MWh a MW-year of grid energy costs 8,760 x 0.0005 = 4.38 RUB: the unit's
    7 RUB of fuel nets to 2.62; at a dearer grid price the credit stops at the unit's own 7."""

    def unit_cost(price: float) -> float:
        scenario = _with_gas_unit(factory(electricity=876.0, power=[(2027, 0.0)]))
        region = scenario.regions[0].model_copy(update={"electricity_price": price})
        modes = expand(scenario.model_copy(update={"regions": (region,)})).modes.reset_index()
        return float(modes.loc[modes["process"] == "gas_unit", "variable_cost"].iloc[0])

    assert unit_cost(0.0005) == pytest.approx(FUEL - 8760 * 0.0005)
    assert unit_cost(1.0) == pytest.approx(0.0)
