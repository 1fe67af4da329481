"""The money engine: hand-computed statements, NPV as the sum of discounted cash flows, many
samples against the plain loop of :mod:`tests.assess.reference`, and invariants."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from angara.assess.money import TAXES, Accounts, Drivers, Statements, build_accounts, evaluate
from angara.assess.money.accounts import FIXED_COSTS
from angara.assess.operations import Operations
from angara.assess.tables import MONEY_COLUMNS
from angara.assess.taxes import LEVELS
from angara.scenario.model import Scenario
from angara.scenario.schema import AssessmentSettings, Incentive, Meta, PlantIncentive, Region, Tax
from tests.assess.reference import evaluate_one

YEARS = (2027, 2028, 2029, 2030, 2031)
PROFIT, PROPERTY, LAND, EXTRACTION, INCOME = range(len(TAXES))


def _scenario(**tables: Any) -> Scenario:
    """Profit tax 20 % (40 % federal), property 2 %, land 1.5 %, income 13 %, extraction 1.68 %;
    in region r a 5 % profit tax for the first two years with revenue (all regional) for
    the plants that claim it (all); no working capital."""
    scenario = Scenario(
        meta=Meta(
            name="hand",
            title="Hand",
            first_year=2027,
            last_year=2031,
            base_year=2027,
            discount_rate=0.1,
            assessment=AssessmentSettings(receivable_days=0, inventory_days=0, payable_days=0),
        ),
        regions=(Region(id="r", name="R", electricity_price=0.0, gas_price=0.0, land_value=1e6),),
        taxes=(
            Tax(tax="profit", region="*", rate=0.2, federal=0.4, regional=0.6, local=0.0),
            Tax(tax="property", region="*", rate=0.02, federal=0.0, regional=1.0, local=0.0),
            Tax(tax="land", region="*", rate=0.015, federal=0.0, regional=0.0, local=1.0),
            Tax(tax="personal_income", region="*", rate=0.13, federal=0.0, regional=0.85, local=0.15),
            Tax(tax="mineral_extraction", region="*", rate=0.0168, federal=0.4, regional=0.6, local=0.0),
        ),
        incentives=(
            Incentive(
                id="rip",
                name="Regional investment project",
                regime="rip",
                tax="profit",
                region="r",
                rate=0.05,
                federal=0.0,
                regional=1.0,
                local=0.0,
                start=0,
                duration=2,
            ),
        ),
        plant_incentives=(PlantIncentive(process="*", location="*", regime="rip"),),
    )
    return scenario.model_copy(update=tables)


def _operations(
    plants: list[dict[str, Any]], yearly: dict[tuple[str, str], dict[int, dict[str, float]]]
) -> Operations:
    """Operations of ``plants`` (plant: (process, location), location_kind, lifetime,
    vintages: {first year: RUB}, mining) with ``yearly[plant][year]`` amounts; every
    other amount is 0."""
    rows = []
    for plant in plants:
        process, location = plant["plant"]
        for year in YEARS:
            row = dict.fromkeys(MONEY_COLUMNS, 0.0) | {"process": process, "location": location, "year": year}
            row |= {"units": 0.0, "staff": 0.0, "land_ha": 0.0, "mineral_value_rub": 0.0}
            rows.append(row | yearly.get(plant["plant"], {}).get(year, {}))
    table = pd.DataFrame(
        [
            {
                "process": p["plant"][0],
                "location": p["plant"][1],
                "stage": "metal",
                "location_kind": p.get("location_kind", "site"),
                "region": "r",
                "node": "n",
                "investor": p.get("investor", "Investor"),
                "io_product": "24.4",
                "lifetime": p.get("lifetime", 5.0),
                "mining": p.get("mining", False),
                "immovable": p.get("immovable", 1.0),
            }
            for p in plants
        ]
    ).set_index(["process", "location"])
    vintages = [
        {"process": p["plant"][0], "location": p["plant"][1], "first_year": first, "capex_rub": capex}
        | {"committed": False}
        for p in plants
        for first, capex in p.get("vintages", {}).items()
    ]
    return Operations(
        years=YEARS,
        plants=table,
        yearly=pd.DataFrame(rows),
        vintages=pd.DataFrame(
            vintages, columns=["process", "location", "first_year", "capex_rub", "committed"]
        ),
        staff=pd.DataFrame(columns=["process", "location", "region", "skill", "year", "staff"]),
        infrastructure=pd.DataFrame([{"year": 2028, "item": "links", "region": "r", "capex_rub": 11.0}]),
        notes=(),
    )


def _one_plant() -> Operations:
    """Built for 100 in 2027, commissioned in 2028 with a lifetime of 5 years; sells 20 in
    2028 and 80 a year after, at a cost of 20 a year (10 of it wages)."""
    sales = {2028: 20.0, 2029: 80.0, 2030: 80.0, 2031: 80.0}
    yearly = {2027: {"capex_rub": 100.0}} | {
        year: {"sales_rub": value, "opex_rub": 10.0, "wages_rub": 10.0} for year, value in sales.items()
    }
    return _operations([{"plant": ("p", "s"), "vintages": {2028: 100.0}}], {("p", "s"): yearly})


def test_one_plants_statements_by_hand() -> None:
    accounts = build_accounts(_scenario(), _one_plant())
    money = evaluate(accounts, Drivers.planned(accounts))
    # depreciation 20 a year from 2028: book value 100 -> 80 -> 60 -> 40 -> 20, 20 left at the end
    assert list(money.depreciation[0, 0]) == [0.0, 20.0, 20.0, 20.0, 20.0]
    assert list(money.residual_value[0, 0]) == [0.0, 0.0, 0.0, 0.0, 20.0]
    # property tax at 2 % of the average book value: 90, 70, 50, 30
    assert list(money.property_tax[0, 0]) == pytest.approx([0.0, 1.8, 1.4, 1.0, 0.6])
    # 2028: 20 - 20 - 1.8 - 20 = -21.8, a loss carried into 2029: 80 - 20 - 1.4 - 20 = 38.6
    assert list(money.profit_before_tax[0, 0]) == pytest.approx([0.0, -21.8, 38.6, 39.0, 39.4])
    # 2029 is the second year with revenue: 5 % on 38.6 - 21.8; then the general 20 %
    assert list(money.profit_tax[0, 0]) == pytest.approx([0.0, 0.0, 0.05 * 16.8, 0.2 * 39.0, 0.2 * 39.4])
    free = [-100.0, -1.8, 80 - 20 - 1.4 - 0.84, 80 - 20 - 1.0 - 7.8, 80 - 20 - 0.6 - 7.88 + 20]
    assert list(money.free_cash_flow[0, 0]) == pytest.approx(free)
    plant = sum(f / 1.1**t for t, f in enumerate(free))
    assert money.plant_npv[0, 0] == pytest.approx(plant)
    assert money.npv[0] == pytest.approx(plant - 11.0 / 1.1)  # the link built in 2028
    assert list(money.income_tax[0, 0]) == pytest.approx([0.0, 1.3, 1.3, 1.3, 1.3])


def test_one_plants_taxes_by_level_and_regime() -> None:
    accounts = build_accounts(_scenario(), _one_plant())
    levels = evaluate(accounts, Drivers.planned(accounts)).by_level(per_plant_year=True)[0, 0]  # (T, K, L)
    federal, regional, local = range(len(LEVELS))
    assert levels[2, PROFIT] == pytest.approx([0.0, 0.84, 0.0])  # the incentive's split
    assert levels[3:, PROFIT, federal].sum() == pytest.approx(0.4 * (7.8 + 7.88))
    assert levels[3:, PROFIT, regional].sum() == pytest.approx(0.6 * (7.8 + 7.88))
    assert levels[:, PROPERTY, regional].sum() == pytest.approx(4.8)
    assert levels[:, INCOME, regional].sum() == pytest.approx(0.85 * 0.13 * 40)
    assert levels[:, INCOME, local].sum() == pytest.approx(0.15 * 0.13 * 40)
    assert list(accounts.regimes[PROFIT, 0]) == ["general", "rip", "rip", "general", "general"]


def test_incentives_count_from_the_first_year_with_revenue() -> None:
    """Without revenue before 2030 the 5 % rate covers 2030 and 2031."""
    late = {year: {"sales_rub": 50.0} for year in (2030, 2031)}
    accounts = build_accounts(_scenario(), _operations([{"plant": ("p", "s")}], {("p", "s"): late}))
    assert list(accounts.rates[PROFIT, 0]) == [0.2, 0.2, 0.2, 0.05, 0.05]
    money = evaluate(accounts, Drivers.planned(accounts))
    assert list(money.profit_tax[0, 0]) == pytest.approx([0.0, 0.0, 0.0, 2.5, 2.5])


def test_land_and_extraction_taxes_by_hand() -> None:
    """10 ha at 1 mn RUB/ha and 1.5 % is 150,000 RUB a year; a mine whose deposit yields
    1 bn RUB of mineral pays 1.68 % of it, 40 % to the federal budget."""
    ops = _operations(
        [{"plant": ("plant", "s")}, {"plant": ("mine", "d"), "location_kind": "deposit", "mining": True}],
        {
            ("plant", "s"): {year: {"land_ha": 10.0} for year in YEARS},
            ("mine", "d"): {year: {"sales_rub": 1e9, "mineral_value_rub": 1e9} for year in YEARS},
        },
    )
    accounts = build_accounts(_scenario(), ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    assert money.land_tax[0, 0] == pytest.approx([150_000.0] * 5)
    assert money.land_tax[0, 1] == pytest.approx([0.0] * 5)  # no land at deposits
    assert money.extraction_tax[0, 1] == pytest.approx([16.8e6] * 5)
    levels = money.by_level()[0]
    assert levels[EXTRACTION] == pytest.approx([5 * 6.72e6, 5 * 10.08e6, 0.0])
    assert levels[LAND] == pytest.approx([0.0, 0.0, 5 * 150_000.0])
    # at half the prices the deposit yields half the value
    half = Drivers.planned(accounts)
    half = Drivers(half.prices * 0.5, half.capex, half.electricity, half.transport)
    assert evaluate(accounts, half).extraction_tax[0, 1] == pytest.approx([8.4e6] * 5)


@st.composite
def accounts_and_drivers(draw: st.DrawFn, samples: int = 3) -> tuple[Accounts, Drivers]:
    """Random accounts of 1-3 plants over 1-6 years in 1-3 price series, and drivers."""
    plants, years, series = draw(st.integers(1, 3)), draw(st.integers(1, 6)), draw(st.integers(1, 3))
    money = st.floats(0.0, 1e6)
    plant_year = arrays(float, (plants, years), elements=money)
    per_series = arrays(float, (plants, years, series), elements=money)
    weights = draw(arrays(float, (len(TAXES), plants, years, len(LEVELS)), elements=st.floats(0.01, 1.0)))
    book = draw(plant_year)
    immovable = draw(arrays(float, (plants, 1), elements=st.floats(0.0, 1.0)))
    days = st.floats(0.0, 0.3)
    accounts = Accounts(
        plants=tuple((f"p{i}", "site") for i in range(plants)),
        years=tuple(range(2027, 2027 + years)),
        series=tuple(range(series)),
        sales=draw(per_series),
        receipts=draw(per_series),
        purchases=draw(per_series),
        mineral=draw(per_series) - 2e5,  # some deposits yield less than nothing
        costs={column: draw(plant_year) for column in FIXED_COSTS},
        electricity=draw(plant_year),
        transport=draw(plant_year),
        staff=draw(plant_year),
        capex=draw(plant_year),
        sustaining=draw(plant_year),
        closure=draw(plant_year),
        depreciation=draw(plant_year),
        book_start=book,
        book_end=book * 0.8,
        taxable_start=book * immovable,
        taxable_end=book * 0.8 * immovable,
        land_value=draw(plant_year),
        rates=draw(arrays(float, (len(TAXES), plants, years), elements=st.floats(0.0, 0.5))),
        shares=weights / weights.sum(axis=-1, keepdims=True),
        regimes=np.full((len(TAXES), plants, years), "general", dtype=object),
        infrastructure=draw(arrays(float, (years,), elements=money)),
        discount_rate=draw(st.floats(0.0, 0.3)),
        first_year=2027,
        receivable=draw(days),
        inventory=draw(days),
        payable=draw(days),
    )
    ratio = st.floats(0.05, 5.0)
    drivers = Drivers(
        prices=draw(arrays(float, (samples, years, series), elements=ratio)),
        capex=draw(arrays(float, (samples, plants), elements=ratio)),
        electricity=draw(arrays(float, (samples,), elements=ratio)),
        transport=draw(arrays(float, (samples,), elements=ratio)),
        discount_rate=draw(st.none() | st.floats(0.0, 0.3)),
    )
    return accounts, drivers


# statement items that move with the drivers, named as in Statements and the reference
ITEMS = (
    "revenue",
    "operating_cost",
    "property_tax",
    "extraction_tax",
    "profit_tax",
    "depreciation",
    "sustaining",
    "closure",
    "profit_before_tax",
    "working_capital",
    "working_capital_change",
    "residual_value",
    "free_cash_flow",
)


@settings(max_examples=60, deadline=None)
@given(accounts_and_drivers())
def test_many_samples_equal_the_plain_loop(case: tuple[Accounts, Drivers]) -> None:
    accounts, drivers = case
    money = evaluate(accounts, drivers)
    levels = money.by_level().sum(axis=1)
    for n in range(drivers.prices.shape[0]):
        one = evaluate_one(
            accounts,
            drivers.prices[n],
            drivers.capex[n],
            float(drivers.electricity[n]),
            float(drivers.transport[n]),
            drivers.discount_rate,
        )
        scale = 1e-9 * (1.0 + np.abs(accounts.sales).sum() + np.abs(accounts.capex).sum()) * 100
        assert money.npv[n] == pytest.approx(one.npv, rel=1e-9, abs=scale)
        assert money.plant_npv[n] == pytest.approx(one.plant_npv, rel=1e-9, abs=scale)
        assert levels[n] == pytest.approx(one.taxes, rel=1e-9, abs=scale)
        for item in ITEMS:
            expected = np.array(one.items[item])
            assert getattr(money, item)[n] == pytest.approx(expected, rel=1e-9, abs=scale), item
        for item in ("land_tax", "income_tax"):
            assert getattr(money, item)[0] == pytest.approx(np.array(one.items[item]), rel=1e-9, abs=scale)


@settings(max_examples=60, deadline=None)
@given(accounts_and_drivers())
def test_taxes_split_between_levels_add_up_to_the_tax(case: tuple[Accounts, Drivers]) -> None:
    accounts, drivers = case
    money = evaluate(accounts, drivers)
    split = money.by_level(per_plant_year=True)  # (N, P, T, K, L)
    for k, amount in enumerate(money.taxes()):
        expected = np.broadcast_to(amount, split.shape[:3])
        assert split[:, :, :, k].sum(axis=-1) == pytest.approx(expected, rel=1e-12, abs=1e-6)
    assert money.by_level() == pytest.approx(split.sum(axis=(1, 2)), rel=1e-9, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(accounts_and_drivers(), st.floats(1.0, 10.0))
def test_higher_prices_never_lower_revenue(case: tuple[Accounts, Drivers], k: float) -> None:
    accounts, drivers = case
    higher = Drivers(drivers.prices * k, drivers.capex, drivers.electricity, drivers.transport)
    assert (evaluate(accounts, higher).revenue >= evaluate(accounts, drivers).revenue).all()


@settings(max_examples=40, deadline=None)
@given(accounts_and_drivers(samples=1), st.integers(2, 5))
def test_identical_samples_give_identical_outcomes(case: tuple[Accounts, Drivers], copies: int) -> None:
    accounts, one = case
    many = Drivers(
        np.repeat(one.prices, copies, axis=0),
        np.repeat(one.capex, copies, axis=0),
        np.repeat(one.electricity, copies),
        np.repeat(one.transport, copies),
        one.discount_rate,
    )
    single, repeated = _outcomes(evaluate(accounts, one)), _outcomes(evaluate(accounts, many))
    # equal to rounding: matrix products of one row and of several may sum in another order
    for item, values in repeated.items():
        for n in range(copies):
            assert values[n] == pytest.approx(single[item][0], rel=1e-12, abs=1e-9), item


def _outcomes(money: Statements) -> dict[str, np.ndarray]:
    """Every per-sample outcome of ``money`` by name."""
    items = {item: getattr(money, item) for item in ITEMS}
    return items | {"npv": money.npv, "plant_npv": money.plant_npv, "by_level": money.by_level()}


@settings(max_examples=60, deadline=None)
@given(accounts_and_drivers())
def test_npv_is_the_sum_of_discounted_cash_flows(case: tuple[Accounts, Drivers]) -> None:
    accounts, drivers = case
    money = evaluate(accounts, drivers)
    plants = money.discounted(money.free_cash_flow).sum(axis=2)
    scale = 1e-9 * (1.0 + np.abs(money.free_cash_flow).sum() + accounts.infrastructure.sum())
    assert money.plant_npv == pytest.approx(plants, rel=1e-12, abs=scale)
    outside = money.discounted(accounts.infrastructure).sum()
    assert money.npv == pytest.approx(plants.sum(axis=1) - outside, rel=1e-12, abs=scale)
    assert money.infrastructure_npv == pytest.approx(-outside, rel=1e-12)
