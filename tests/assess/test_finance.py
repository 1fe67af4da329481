"""One plant's statement computed by hand, and the exchange-rate path."""

from __future__ import annotations

import pandas as pd
import pytest

from angara.assess.finance import assess_finance, rub_per_usd
from angara.assess.operations import Operations
from angara.assess.tables import MONEY_COLUMNS
from angara.scenario.model import Scenario
from angara.scenario.schema import AssessmentSettings, ExchangeRate, Meta, Region, Tax

YEARS = (2027, 2028, 2029)


def _scenario(incentive_free: bool = True) -> Scenario:
    return Scenario(
        meta=Meta(
            name="hand",
            title="Hand",
            first_year=2027,
            last_year=2029,
            base_year=2027,
            discount_rate=0.1,
            assessment=AssessmentSettings(receivable_days=0, inventory_days=0, payable_days=0),
        ),
        regions=(Region(id="r", name="R", electricity_price=0.0, gas_price=0.0, land_value=1000.0),),
        taxes=(
            Tax(tax="profit", region="*", rate=0.25, federal=0.32, regional=0.68, local=0.0),
            Tax(tax="property", region="*", rate=0.02, federal=0.0, regional=1.0, local=0.0),
            Tax(tax="land", region="*", rate=0.015, federal=0.0, regional=0.0, local=1.0),
            Tax(tax="personal_income", region="*", rate=0.13, federal=0.0, regional=0.85, local=0.15),
        ),
        exchange_rates=(
            ExchangeRate(year=2027, rub_per_usd=80.0),
            ExchangeRate(year=2029, rub_per_usd=100.0),
        ),
    )


def _operations() -> Operations:
    """A plant built for 100 in 2027, standing 2028-2029 (lifetime 2 years), selling 80 a
    year at a cost of 20 (10 of it wages), on 2 ha."""
    rows = []
    for year in YEARS:
        row = dict.fromkeys(MONEY_COLUMNS, 0.0) | {"process": "p", "location": "s", "year": year}
        row |= {"units": 0.0, "staff": 0.0}
        row |= {"land_ha": 0.0, "mineral_value_rub": 0.0}
        if year == 2027:
            row["capex_rub"] = 100.0
        else:
            row |= {"units": 1.0, "staff": 2.0, "land_ha": 2.0, "sales_rub": 80.0, "opex_rub": 10.0}
            row |= {"wages_rub": 10.0}
        rows.append(row)
    plants = pd.DataFrame(
        [
            {
                "process": "p",
                "stage": "metal",
                "location": "s",
                "location_kind": "site",
                "region": "r",
                "node": "n",
                "investor": "Investor",
                "io_product": "24.4",
                "lifetime": 2.0,
                "mining": False,
            }
        ]
    ).set_index(["process", "location"], drop=False)
    return Operations(
        years=YEARS,
        plants=plants,
        yearly=pd.DataFrame(rows),
        vintages=pd.DataFrame(
            [{"process": "p", "location": "s", "first_year": 2028, "capex_rub": 100.0, "committed": False}]
        ),
        staff=pd.DataFrame(columns=["process", "location", "region", "skill", "year", "staff"]),
        infrastructure=pd.DataFrame([{"year": 2027, "item": "links", "region": "r", "capex_rub": 5.0}]),
        notes=(),
    )


def test_a_plants_statement_matches_the_hand_calculation() -> None:
    finance = assess_finance(_scenario(), _operations())
    plant = finance.statements.set_index("year")
    # depreciation 50 a year; book value 100 -> 50 -> 0: property tax on 75 and 25 at 2 %
    assert list(plant["depreciation_rub"]) == [0.0, 50.0, 50.0]
    assert list(plant["property_tax_rub"]) == pytest.approx([0.0, 1.5, 0.5])
    # land: 2 ha x 1,000 RUB/ha x 1.5 % = 30 RUB a year
    assert list(plant["land_tax_rub"]) == pytest.approx([0.0, 30.0, 30.0])
    # profit before tax 80 - 20 - 1.5 - 30 - 50 = -21.5, then -20.5: losses, no profit tax
    assert list(plant["profit_before_tax_rub"]) == pytest.approx([0.0, -21.5, -20.5])
    assert list(plant["profit_tax_rub"]) == [0.0, 0.0, 0.0]
    assert list(plant["free_cash_flow_rub"]) == pytest.approx([-100.0, 28.5, 29.5])


def test_profit_tax_and_npv_by_hand_without_land() -> None:
    scenario = _scenario()
    scenario = scenario.model_copy(
        update={"regions": (scenario.regions[0].model_copy(update={"land_value": 0.0}),)}
    )
    finance = assess_finance(scenario, _operations())
    plant = finance.statements.set_index("year")
    # 2028: 80 - 20 - 1.5 - 50 = 8.5, tax 2.125; 2029: 80 - 20 - 0.5 - 50 = 9.5, tax 2.375
    assert list(plant["profit_before_tax_rub"]) == pytest.approx([0.0, 8.5, 9.5])
    assert list(plant["profit_tax_rub"]) == pytest.approx([0.0, 2.125, 2.375])
    assert list(plant["free_cash_flow_rub"]) == pytest.approx([-100.0, 56.375, 57.125])
    entities = finance.entities.set_index(["entity", "process", "location"])
    expected = -100.0 + 56.375 / 1.1 + 57.125 / 1.1**2
    assert entities.at[("", "p", "s"), "npv_rub"] == pytest.approx(expected)
    # the cluster adds the 5 RUB of infrastructure in 2027
    assert entities.at[("cluster", "", ""), "npv_rub"] == pytest.approx(expected - 5.0)
    assert entities.at[("Investor", "", ""), "npv_rub"] == pytest.approx(expected)
    cluster = finance.cashflows[finance.cashflows["entity_kind"] == "cluster"]
    assert cluster["discounted_fcf_rub"].sum() == pytest.approx(entities.at[("cluster", "", ""), "npv_rub"])
    # taxes by level: profit 32/68, property regional, income tax 13 % of wages 85/15
    taxes = finance.taxes.groupby(["tax", "level"])["amount_rub"].sum()
    assert taxes["profit", "federal"] == pytest.approx(0.32 * 4.5)
    assert taxes["profit", "regional"] == pytest.approx(0.68 * 4.5)
    assert taxes["property", "regional"] == pytest.approx(2.0)
    assert taxes["personal_income", "regional"] == pytest.approx(0.85 * 0.13 * 20)
    assert taxes["personal_income", "local"] == pytest.approx(0.15 * 0.13 * 20)


def test_usd_follows_the_latest_rate_given() -> None:
    assert list(rub_per_usd(_scenario(), (2026, 2027, 2028, 2029, 2030))) == [80.0, 80.0, 80.0, 100.0, 100.0]
