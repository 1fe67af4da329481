"""Sampled futures: reproducible draws, and scenarios that carry them exactly."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from angara.plan import PlanOptions, optimize
from angara.plan.result import Plan
from angara.risk.futures import Future, future_scenario, sample_futures, variant_scenarios
from angara.risk.prices import FactorModel, capex_multipliers, sample_paths
from angara.scenario.load import load
from angara.scenario.model import Scenario
from angara.scenario.write import write_folder
from tests.conftest import MINI


def _ramp(scenario: Scenario, capex: float = 1.3) -> Future:
    """A future whose factor k is 0.01 (t + 1) (k + 1) in year t after the base year."""
    years = scenario.meta.last_year - scenario.meta.base_year
    factors = len(scenario.price_factors)
    t, k = np.meshgrid(np.arange(years), np.arange(factors), indexing="ij")
    return Future(index=0, prices=0.01 * (t + 1) * (k + 1), capex=capex)


def test_a_future_is_the_same_however_many_are_drawn(risky: Scenario) -> None:
    three = sample_futures(risky, 3, seed=5)
    five = sample_futures(risky, 5, seed=5)
    for a, b in zip(three, five[:3], strict=True):
        assert a.index == b.index
        np.testing.assert_array_equal(a.prices, b.prices)
        assert a.capex == b.capex
    assert not np.array_equal(five[3].prices, five[4].prices)


def test_future_i_is_drawn_from_the_i_th_child_of_the_seed(risky: Scenario) -> None:
    risk = risky.meta.risk
    rng = np.random.default_rng(np.random.SeedSequence(9).spawn(4)[2])
    paths = sample_paths(FactorModel.from_scenario(risky), 6, 1, rng)[0]
    ratio = capex_multipliers(
        risk.capex_overrun_median, risk.capex_overrun_sigma, risk.capex_overrun_common, 1, 1, rng
    )
    future = sample_futures(risky, 3, seed=9)[2]
    assert future.prices.shape == (6, 3)  # 2026..2031, three factors
    np.testing.assert_array_equal(future.prices, paths)
    assert future.capex == ratio[0, 0]
    assert not np.array_equal(sample_futures(risky, 3, seed=10)[2].prices, paths)


def test_prices_are_scaled_year_by_year_by_their_factor_and_the_exchange_rate(risky: Scenario) -> None:
    future = _ramp(risky)
    moved = future_scenario(risky, future)
    ids = [f.id for f in risky.price_factors]
    rare, fx = ids.index("rare_earths"), ids.index("rub_per_usd")
    given = {(p.market, p.good, p.year): p.price for p in risky.prices}
    rows = {(p.market, p.good, p.year): p.price for p in moved.prices}
    assert {year for _, _, year in rows} == set(risky.years)
    model = FactorModel.from_scenario(risky)
    for year in risky.years:
        t = year - risky.meta.base_year - 1
        # the export market prices in USD: its factor and the exchange rate, less their
        # covariance (which keeps the product's mean on the deck); the row of 2030 from 2030
        oxide = given[("abroad", "ndpr_oxide", 2025 if year < 2030 else 2030)]
        joint = future.prices[t, rare] + future.prices[t, fx] - model.covariance(t + 1)[rare, fx]
        assert rows[("abroad", "ndpr_oxide", year)] == pytest.approx(oxide * math.exp(joint), rel=1e-12)
        # the home market prices in RUB: the factor alone
        metal = given[("home", "ndpr_metal", 2025 if year < 2031 else 2031)]
        assert rows[("home", "ndpr_metal", year)] == pytest.approx(
            metal * math.exp(future.prices[t, rare]), rel=1e-12
        )


def test_quantities_of_the_row_in_force_are_carried_into_each_year(risky: Scenario) -> None:
    moved = future_scenario(risky, _ramp(risky))
    metal = sorted((p for p in moved.prices if p.good == "ndpr_metal"), key=lambda p: p.year)
    assert [p.year for p in metal] == [2027, 2028, 2029, 2030, 2031]
    assert [p.min_quantity for p in metal] == [0.0, 0.0, 0.0, 0.0, 100.0]
    assert {p.max_quantity for p in metal} == {500.0}


def test_unexposed_prices_keep_their_rows(risky: Scenario) -> None:
    fixed = risky.model_copy(update={"price_exposures": risky.price_exposures[1:]})  # la_oxide unexposed
    moved = future_scenario(fixed, _ramp(fixed))
    la = [p for p in moved.prices if p.good == "la_oxide"]
    assert len(la) == len(risky.years)  # abroad is a USD market: the exchange rate moves it
    home = fixed.model_copy(
        update={"markets": tuple(m.model_copy(update={"currency": "RUB"}) for m in fixed.markets)}
    )
    kept = [p for p in future_scenario(home, _ramp(home)).prices if p.good == "la_oxide"]
    assert kept == [p for p in home.prices if p.good == "la_oxide"]


def test_capex_is_scaled_by_the_ratio(risky: Scenario) -> None:
    moved = future_scenario(risky, _ramp(risky, capex=1.3))
    for before, after in zip(risky.processes, moved.processes, strict=True):
        assert after.capex_per_unit == pytest.approx(1.3 * before.capex_per_unit, rel=1e-12)
    overrides = {(s.process, s.site): s.capex_per_unit for s in moved.process_sites}
    original = {(s.process, s.site): s.capex_per_unit for s in risky.process_sites}
    assert original[("separate", "plant_site")] is None and overrides[("separate", "plant_site")] is None
    metal = original[("metal", "plant_site")]
    assert metal is not None and overrides[("metal", "plant_site")] == pytest.approx(1.3 * metal)
    assert moved.meta == risky.meta


def test_a_future_scenario_passes_validation_again(risky: Scenario, tmp_path: Path) -> None:
    moved = future_scenario(risky, sample_futures(risky, 1, seed=3)[0])
    assert Scenario.model_validate(moved.model_dump()) == moved
    write_folder(moved, tmp_path / "moved")
    reloaded = load(tmp_path / "moved")  # raises ScenarioError on any problem
    assert len(reloaded.prices) == len(moved.prices)
    for a, b in zip(reloaded.prices, moved.prices, strict=True):
        assert a.price == pytest.approx(b.price, rel=1e-9)


def test_an_unchanged_future_gives_the_same_plan(risky: Scenario, risky_plan: Plan) -> None:
    """Level 0 of every factor leaves prices as they are where no two factors that move one
    price are correlated (else their covariance is taken off to keep the mean)."""
    years = risky.meta.last_year - risky.meta.base_year
    still = Future(index=0, prices=np.zeros((years, len(risky.price_factors))), capex=1.0)
    uncorrelated = risky.model_copy(update={"factor_correlations": ()})
    plan = optimize(future_scenario(uncorrelated, still), PlanOptions())
    assert plan.objective == pytest.approx(risky_plan.objective, rel=1e-9)

    def plants(builds: pd.DataFrame) -> list[tuple[str, str]]:
        return sorted(zip(builds["process"], builds["location"], strict=True))

    assert plants(plan.builds) == plants(risky_plan.builds)


def test_a_future_of_another_scenario_is_refused(risky: Scenario) -> None:
    with pytest.raises(ValueError, match="price factors"):
        future_scenario(risky, Future(index=0, prices=np.zeros((6, 2)), capex=1.0))


def test_variants_are_loaded_with_their_names(risky_folder: Path) -> None:
    variants = variant_scenarios([MINI, risky_folder])
    assert [v.meta.name for v in variants] == ["mini", "mini"]
    assert len(variants[1].price_factors) == 3


def test_without_price_factors_only_capex_moves() -> None:
    mini = load(MINI)
    (future,) = sample_futures(mini, 1, seed=1)
    assert future.prices.shape == (6, 0)
    moved = future_scenario(mini, future)
    assert moved.prices == mini.prices
    assert moved.processes[0].capex_per_unit == pytest.approx(future.capex * mini.processes[0].capex_per_unit)


def test_prices_of_contained_species_move_with_the_goods_factor(graded_risky: Scenario) -> None:
    future = _ramp(graded_risky)
    moved = future_scenario(graded_risky, future)
    ids = [f.id for f in graded_risky.price_factors]
    niobium, fx = ids.index("niobium"), ids.index("rub_per_usd")
    (given,) = graded_risky.payability
    rows = {row.year: row for row in moved.payability}
    assert set(rows) == set(graded_risky.years)
    for year, row in rows.items():
        t = year - graded_risky.meta.base_year - 1
        assert row.price == pytest.approx(
            given.price * math.exp(future.prices[t, niobium] + future.prices[t, fx])
        )
        # what the buyer pays for and requires stays
        assert (row.payable, row.min_content, row.basis) == (given.payable, given.min_content, given.basis)


def test_a_future_keeps_an_offtakes_contract_price(offtaken_risky: Scenario) -> None:
    """Re-planned in a future, the state still pays 10 mn RUB/t for NdPr oxide; abroad moves."""
    moved = future_scenario(offtaken_risky, _ramp(offtaken_risky))
    state = [p for p in moved.prices if p.market == "state"]
    assert [(p.year, p.price, p.max_quantity) for p in state] == [(2027, 1e7, 1000.0)]
    given = {p.year: p.price for p in offtaken_risky.prices if (p.market, p.good) == ("abroad", "ndpr_oxide")}
    abroad = {p.year: p.price for p in moved.prices if (p.market, p.good) == ("abroad", "ndpr_oxide")}
    assert abroad[2030] != pytest.approx(given[2030])
