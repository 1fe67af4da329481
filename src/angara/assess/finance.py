"""Cash flows, taxes and investment metrics per plant, investor and for the cluster.

Each plant is a taxpayer of its own (a project company): its profit tax uses its
own losses carried forward and the incentives of its site or region.  Money is RUB
of the scenario's base year, discounted at the scenario's real rate to its first
year.  A module is depreciated straight-line over its lifetime from its first
year; what is left of its book value at the horizon's end is counted as a
residual value in the last year, as the plan's annuitized objective implies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.metrics import irr, npv, payback
from angara.assess.operations import MONEY_COLUMNS, OPERATING_COSTS, Operations
from angara.assess.taxes import (
    LEVELS,
    Rate,
    TaxRules,
    extraction_tax,
    income_tax,
    land_tax,
    profit_tax,
    property_tax,
)
from angara.scenario.model import Scenario

# who a row is about: a plant is its process and location (entity ""); an investor, the
# infrastructure and the cluster are named by entity (process and location "")
ENTITY = ["entity", "process", "location"]
PLANT = ["process", "location"]
TAXES_PAID = ("property_tax_rub", "land_tax_rub", "extraction_tax_rub", "profit_tax_rub")
CASHFLOW_COLUMNS = (
    "capex_rub",
    "revenue_rub",
    "operating_cost_rub",
    *TAXES_PAID,
    "depreciation_rub",
    "profit_before_tax_rub",
    "residual_value_rub",
    "free_cash_flow_rub",
)


@dataclass(frozen=True)
class Finance:
    """Yearly statements and the metrics derived from them.

    statements: per plant and year, every RUB item (see :data:`CASHFLOW_COLUMNS`).
    cashflows: per entity (``plant``, ``investor``, ``infrastructure``, ``cluster``) and
        year: the same items summed, ``discount_factor``, ``discounted_fcf_rub`` and
        ``free_cash_flow_usd``.
    entities: per entity: ``capex_rub``, ``npv_rub``, ``irr`` (None when undefined),
        ``payback_years``, ``discounted_payback_years``.
    taxes: ``process``, ``location`` (the plant), ``region``, ``year``, ``tax``, ``regime``,
        ``level``, ``amount_rub``.
    """

    statements: pd.DataFrame
    cashflows: pd.DataFrame
    entities: pd.DataFrame
    taxes: pd.DataFrame


def rub_per_usd(scenario: Scenario, years: tuple[int, ...]) -> np.ndarray:
    """The exchange-rate path for ``years``: each year takes the latest rate given for
    it or an earlier year (the earliest rate before the table starts)."""
    path = sorted((row.year, row.rub_per_usd) for row in scenario.exchange_rates)
    if not path:
        return np.full(len(years), math.nan)
    rates = []
    for year in years:
        known = [rate for y, rate in path if y <= year]
        rates.append(known[-1] if known else path[0][1])
    return np.array(rates, dtype=float)


def assess_finance(scenario: Scenario, ops: Operations) -> Finance:
    """Statements per plant, aggregated per investor and for the cluster."""
    rules = TaxRules(scenario)
    years = ops.years
    statements, taxes = [], []
    yearly_of = dict(tuple(ops.yearly.groupby(PLANT)))
    vintages_of = dict(tuple(ops.vintages.groupby(PLANT))) if len(ops.vintages) else {}
    for key, plant in ops.plants.iterrows():
        own = yearly_of[key].drop(columns=PLANT)
        yearly = own.set_index("year").reindex(years, fill_value=0.0)
        vintages = vintages_of.get(key, ops.vintages.iloc[0:0])
        statement, paid = _plant_statement(scenario, rules, plant, yearly, vintages)
        statements.append(statement)
        taxes += paid
    frame = pd.concat(statements, ignore_index=True) if statements else _empty_statements()
    tax_frame = pd.DataFrame(
        taxes, columns=[*PLANT, "region", "year", "tax", "regime", "level", "amount_rub"]
    )
    cashflows = _cashflows(scenario, ops, frame)
    return Finance(frame, cashflows, _entities(scenario, cashflows), tax_frame)


def _empty_statements() -> pd.DataFrame:
    return pd.DataFrame(columns=[*ENTITY, "investor", "region", "year", *CASHFLOW_COLUMNS])


def book_values(vintages: pd.DataFrame, lifetime: float, years: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Depreciation and book value at the start and end of each year (commissioned assets)."""
    index = np.array(years)
    depreciation = np.zeros(len(years))
    start = np.zeros(len(years))
    end = np.zeros(len(years))
    for vintage in vintages.itertuples(index=False):
        first, capex = int(vintage.first_year), float(vintage.capex_rub)
        age = index - first  # 0 in the commissioning year
        annual = capex / lifetime
        standing = age >= 0
        depreciation += np.where(
            standing & (age < lifetime), np.minimum(annual, capex - annual * age).clip(0), 0.0
        )
        start += np.where(standing, np.clip(capex - annual * age, 0.0, None), 0.0)
        end += np.where(standing, np.clip(capex - annual * (age + 1), 0.0, None), 0.0)
    return depreciation, start, end


PLANT_TAXES = ("profit", "property", "land", "mineral_extraction", "personal_income")


def rates_in_force(
    rules: TaxRules, region: str, site: str | None, revenue: np.ndarray
) -> dict[str, list[Rate]]:
    """Per tax, the rate in force each year for a plant with this yearly revenue (RUB).

    Incentives count their years from the plant's first year with revenue.
    """
    earning = np.flatnonzero(revenue > 0)
    first = int(earning[0]) if len(earning) else None
    since = [None if first is None or t < first else t - first for t in range(len(revenue))]
    return {tax: [rules.rate(tax, region, site, s) for s in since] for tax in PLANT_TAXES}


def _plant_statement(
    scenario: Scenario,
    rules: TaxRules,
    plant: pd.Series,
    yearly: pd.DataFrame,
    vintages: pd.DataFrame,
) -> tuple[pd.DataFrame, list[tuple[object, ...]]]:
    years = tuple(int(y) for y in yearly.index)
    region, site = str(plant["region"]), str(plant["location"]) if plant["location_kind"] == "site" else None
    revenue = (yearly["sales_rub"] + yearly["receipts_rub"]).to_numpy()
    operating = yearly[list(OPERATING_COSTS)].sum(axis=1).to_numpy()
    depreciation, book_start, book_end = book_values(vintages, float(plant["lifetime"]), years)
    rates = rates_in_force(rules, region, site, revenue)
    land_value = land_value_per_ha(scenario, region)
    property_rates, land_rates = rates["property"], rates["land"]
    extraction_rates, income_rates, profit_rates = (
        rates["mineral_extraction"],
        rates["personal_income"],
        rates["profit"],
    )
    prop = np.array(
        [property_tax(book_start[t], book_end[t], property_rates[t].rate) for t in range(len(years))]
    )
    land = np.array(
        [land_tax(yearly["land_ha"].iat[t], land_value, land_rates[t].rate) for t in range(len(years))]
    )
    mined = yearly["mineral_value_rub"].to_numpy()
    extraction = np.array([extraction_tax(mined[t], extraction_rates[t].rate) for t in range(len(years))])
    before_tax = revenue - operating - prop - land - extraction - depreciation
    profit, _ = profit_tax(before_tax, [r.rate for r in profit_rates])
    residual = np.zeros(len(years))
    residual[-1] = book_end[-1]
    capex = yearly["capex_rub"].to_numpy()
    free = revenue - operating - prop - land - extraction - profit - capex + residual

    statement = pd.DataFrame(
        {
            "entity": "",
            "process": plant["process"],
            "location": plant["location"],
            "investor": plant["investor"],
            "region": region,
            "year": years,
            "capex_rub": capex,
            "revenue_rub": revenue,
            "operating_cost_rub": operating,
            "property_tax_rub": prop,
            "land_tax_rub": land,
            "extraction_tax_rub": extraction,
            "profit_tax_rub": profit,
            "depreciation_rub": depreciation,
            "profit_before_tax_rub": before_tax,
            "residual_value_rub": residual,
            "free_cash_flow_rub": free,
            "staff": yearly["staff"].to_numpy(),
            **{column: yearly[column].to_numpy() for column in MONEY_COLUMNS if column != "capex_rub"},
        }
    )
    paid: list[tuple[object, ...]] = []
    wages = yearly["wages_rub"].to_numpy()
    for t, year in enumerate(years):
        amounts = {
            "profit": (profit[t], profit_rates[t]),
            "property": (prop[t], property_rates[t]),
            "land": (land[t], land_rates[t]),
            "mineral_extraction": (extraction[t], extraction_rates[t]),
            "personal_income": (income_tax(wages[t], income_rates[t].rate), income_rates[t]),
        }
        for tax, (amount, rate) in amounts.items():
            if amount == 0:
                continue
            for level, share in rate.split(float(amount)).items():
                if share != 0:
                    paid.append(
                        (plant["process"], plant["location"], region, year, tax, rate.regime, level, share)
                    )
    return statement, paid


def land_value_per_ha(scenario: Scenario, region: str) -> float:
    """Cadastral value of industrial land in ``region`` (RUB/ha; 0 if not given)."""
    for row in scenario.regions:
        if row.id == region:
            return row.land_value or 0.0
    return 0.0


def _cashflows(scenario: Scenario, ops: Operations, statements: pd.DataFrame) -> pd.DataFrame:
    columns = [*CASHFLOW_COLUMNS, "wages_rub", "insurance_rub", "staff"]
    plants = statements[[*ENTITY, "investor", "region", "year", *columns]].assign(entity_kind="plant")
    investors = statements.groupby(["investor", "year"], as_index=False)[columns].sum()
    investors = investors.assign(
        entity_kind="investor", entity=investors["investor"], process="", location="", region=""
    )
    infrastructure = pd.DataFrame({"year": list(ops.years)}).merge(
        ops.infrastructure.groupby("year", as_index=False)["capex_rub"].sum(), on="year", how="left"
    )
    infrastructure = infrastructure.fillna(0.0).assign(
        entity_kind="infrastructure", entity="infrastructure", process="", location="", investor="", region=""
    )
    for column in columns:
        if column != "capex_rub":
            infrastructure[column] = 0.0
    infrastructure["free_cash_flow_rub"] = -infrastructure["capex_rub"]
    cluster = pd.concat([plants, infrastructure]).groupby("year", as_index=False)[columns].sum()
    cluster = cluster.assign(
        entity_kind="cluster", entity="cluster", process="", location="", investor="", region=""
    )
    # intermediates passed between the cluster's plants are neither its revenue nor its cost
    internal = (
        statements.groupby("year")["purchases_rub"].sum().reindex(cluster["year"]).fillna(0.0).to_numpy()
    )
    cluster["revenue_rub"] -= internal
    cluster["operating_cost_rub"] -= internal
    frame = pd.concat([cluster, investors, plants, infrastructure], ignore_index=True)
    first, rate = scenario.meta.first_year, scenario.meta.discount_rate
    frame["discount_factor"] = (1.0 + rate) ** -(frame["year"].astype(float) - first)
    frame["discounted_fcf_rub"] = frame["free_cash_flow_rub"] * frame["discount_factor"]
    usd = dict(zip(ops.years, rub_per_usd(scenario, ops.years), strict=True))
    frame["free_cash_flow_usd"] = frame["free_cash_flow_rub"] / frame["year"].map(usd)
    order = ["entity_kind", *ENTITY, "investor", "region", "year"]
    return frame[[*order, *columns, "discount_factor", "discounted_fcf_rub", "free_cash_flow_usd"]]


def _entities(scenario: Scenario, cashflows: pd.DataFrame) -> pd.DataFrame:
    rate, first = scenario.meta.discount_rate, scenario.meta.first_year
    rows = []
    for (kind, entity, process, location), group in cashflows.groupby(["entity_kind", *ENTITY], sort=False):
        group = group.sort_values("year")
        flows = group["free_cash_flow_rub"].to_numpy()
        offset = int(group["year"].iloc[0]) - first
        rows.append(
            {
                "entity_kind": kind,
                "entity": entity,
                "process": process,
                "location": location,
                "investor": group["investor"].iloc[0],
                "region": group["region"].iloc[0],
                "capex_rub": float(group["capex_rub"].sum()),
                "revenue_rub": float(group["revenue_rub"].sum()),
                "npv_rub": npv(rate, flows) * (1.0 + rate) ** -offset,
                "irr": irr(flows),
                "payback_years": payback(flows),
                "discounted_payback_years": payback(flows, rate),
                "taxes_paid_rub": float(group[list(TAXES_PAID)].sum().sum()),
            }
        )
    return pd.DataFrame(rows)


def taxes_by_level(taxes: pd.DataFrame) -> dict[str, float]:
    """Total receipts per budget level (RUB over the horizon, undiscounted)."""
    totals = taxes.groupby("level")["amount_rub"].sum()
    return {level: float(totals.get(level, 0.0)) for level in LEVELS}
