"""Cash flows, taxes and investment metrics per plant, investor and for the cluster.

Each plant is a taxpayer of its own (a project company): its profit tax uses its
own losses carried forward and the incentives it has.  Beside it, the consolidated view
taxes the plants of a group (``assessment.consolidated_group``: the cluster or each
investor) as one taxpayer, whose members' losses offset the others' profits.  Money is
RUB of the scenario's base year, discounted at the scenario's real rate to its first
year; taxes are reported both in RUB of each year (undiscounted) and discounted.  The
money engine (:mod:`angara.assess.money`) computes every plant's statements, taxes and
NPV for the plan as planned (one sample); this module lays them out as tables, sums them
per investor and for the cluster, and adds IRR and paybacks (:mod:`angara.assess.metrics`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from angara.assess.metrics import irr, payback
from angara.assess.money import TAXES, Drivers, Statements, build_accounts, evaluate
from angara.assess.operations import Operations
from angara.assess.tables import CASHFLOWS, CONSOLIDATION, ENTITIES, MONEY_COLUMNS, STATEMENTS
from angara.assess.tables import TAXES as TAXES_TABLE
from angara.assess.taxes import LEVELS
from angara.scenario.model import Scenario
from angara.tables import declared

ENTITY = ["entity", "process", "location"]  # who a row is about (see Finance)
TAXES_PAID = ("property_tax_rub", "land_tax_rub", "extraction_tax_rub", "profit_tax_rub")
CASHFLOW_COLUMNS = (
    "capex_rub",
    "sustaining_capex_rub",
    "closure_rub",
    "revenue_rub",
    "operating_cost_rub",
    *TAXES_PAID,
    "depreciation_rub",
    "profit_before_tax_rub",
    "working_capital_rub",
    "working_capital_change_rub",
    "residual_value_rub",
    "free_cash_flow_rub",
)
# the statements' columns after the cash flow's: what the plant does, item by item
DETAIL_COLUMNS = ("staff", *(column for column in MONEY_COLUMNS if column != "capex_rub"))


@dataclass(frozen=True)
class Finance:
    """Yearly statements and the metrics derived from them.

    statements: per plant and year, every RUB item (see :data:`CASHFLOW_COLUMNS`) and
        :data:`DETAIL_COLUMNS`.
    cashflows: per entity (``plant``, ``investor``, ``infrastructure``, ``cluster``) and
        year: the same items summed, ``discount_factor``, ``discounted_fcf_rub`` and
        ``free_cash_flow_usd``.
    entities: per entity: ``capex_rub``, ``npv_rub``, ``irr`` (None when undefined),
        ``payback_years``, ``discounted_payback_years``, taxes paid undiscounted and discounted.
    taxes: ``process``, ``location`` (the plant), ``region``, ``year``, ``tax``, ``regime``,
        ``level``, ``amount_rub`` (undiscounted), ``discounted_rub``.
    consolidation: per view (``per_plant``, ``consolidated``) and year: the plants' profit
        before tax, profit tax, losses carried and free cash flow.
    consolidated: the consolidated view's headline: ``group``, ``npv_rub``,
        ``profit_tax_rub`` and ``profit_tax_discounted_rub``, beside the per-plant ones.
    notes: incentives claimed and refused in this plan.
    A plant is its ``process`` and ``location`` (``entity`` empty); an investor, the
    infrastructure and the cluster are named by ``entity`` (``process`` and ``location`` empty).
    """

    statements: pd.DataFrame
    cashflows: pd.DataFrame
    entities: pd.DataFrame
    taxes: pd.DataFrame
    consolidation: pd.DataFrame
    consolidated: dict[str, object]
    notes: tuple[str, ...] = ()
    money: Statements | None = None  # the money engine's statements as planned


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
    accounts = build_accounts(scenario, ops)
    money = evaluate(accounts, Drivers.planned(accounts))
    group = scenario.meta.assessment.consolidated_group
    members = (
        np.zeros(len(accounts.plants), dtype=int)
        if group == "cluster"
        else np.unique(ops.plants["investor"].astype(str).to_numpy(), return_inverse=True)[1]
    )
    together = evaluate(accounts, Drivers.planned(accounts), members)
    statements = declared(STATEMENTS, _statements(ops, money))
    cashflows = declared(CASHFLOWS, _cashflows(scenario, money, statements))
    entities = declared(ENTITIES, _entities(scenario, cashflows, _npvs(ops, money)))
    return Finance(
        statements,
        cashflows,
        entities,
        declared(TAXES_TABLE, _taxes(ops, money)),
        declared(CONSOLIDATION, _consolidation(money, together)),
        _consolidated(group, money, together),
        accounts.notes,
        money,
    )


def _per_plant_year(values: np.ndarray) -> np.ndarray:
    """A (P, T) array, or the one sample of a (1, P, T) one, as a column: plant after plant."""
    return np.asarray(values).reshape(-1)


def _statements(ops: Operations, money: Statements) -> pd.DataFrame:
    accounts = money.accounts
    items = {
        "capex_rub": money.capex,
        "sustaining_capex_rub": money.sustaining,
        "closure_rub": money.closure,
        "revenue_rub": money.revenue,
        "operating_cost_rub": money.operating_cost,
        "property_tax_rub": money.property_tax,
        "land_tax_rub": money.land_tax,
        "extraction_tax_rub": money.extraction_tax,
        "profit_tax_rub": money.profit_tax,
        "depreciation_rub": money.depreciation,
        "profit_before_tax_rub": money.profit_before_tax,
        "working_capital_rub": money.working_capital,
        "working_capital_change_rub": money.working_capital_change,
        "residual_value_rub": money.residual_value,
        "free_cash_flow_rub": money.free_cash_flow,
        "staff": accounts.staff,
        "sales_rub": money.sales,
        "receipts_rub": money.receipts,
        "purchases_rub": money.purchases,
        "electricity_rub": money.electricity,
        "transport_rub": money.transport,
        **accounts.costs,
    }
    years = len(accounts.years)
    return pd.DataFrame(
        {
            "entity": "",
            "process": [process for process, _ in accounts.plants for _ in range(years)],
            "location": [location for _, location in accounts.plants for _ in range(years)],
            "investor": np.repeat(ops.plants["investor"].to_numpy(), years),
            "region": np.repeat(ops.plants["region"].astype(str).to_numpy(), years),
            "year": np.tile(np.array(accounts.years, dtype=int), len(accounts.plants)),
            **{column: _per_plant_year(items[column]) for column in (*CASHFLOW_COLUMNS, *DETAIL_COLUMNS)},
        }
    )


def _taxes(ops: Operations, money: Statements) -> pd.DataFrame:
    """Every non-zero receipt: per plant, year, tax and budget level, with the regime."""
    accounts = money.accounts
    amounts = money.by_level(per_plant_year=True)[0]  # (P, T, K, L)
    discounted = money.by_level(per_plant_year=True, discounted=True)[0]
    plant, year, tax, level = np.nonzero(amounts)
    return pd.DataFrame(
        {
            "process": [accounts.plants[p][0] for p in plant],
            "location": [accounts.plants[p][1] for p in plant],
            "region": ops.plants["region"].astype(str).to_numpy()[plant],
            "year": np.array(accounts.years, dtype=int)[year],
            "tax": [TAXES[k] for k in tax],
            "regime": [str(regime) for regime in accounts.regimes[tax, plant, year]],
            "level": [LEVELS[k] for k in level],
            "amount_rub": amounts[plant, year, tax, level],
            "discounted_rub": discounted[plant, year, tax, level],
        }
    )


def _consolidation(alone: Statements, together: Statements) -> pd.DataFrame:
    """The plants' profit tax per year taxed alone and consolidated, side by side."""
    frames = []
    for view, money in (("per_plant", alone), ("consolidated", together)):
        frames.append(
            pd.DataFrame(
                {
                    "view": view,
                    "year": np.array(money.accounts.years, dtype=int),
                    "profit_before_tax_rub": money.profit_before_tax[0].sum(axis=0),
                    "profit_tax_rub": money.profit_tax[0].sum(axis=0),
                    "losses_carried_rub": money.losses_carried[0],
                    "free_cash_flow_rub": money.free_cash_flow[0].sum(axis=0),
                    "discounted_profit_tax_rub": money.discounted(money.profit_tax[0].sum(axis=0)),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _consolidated(group: str, alone: Statements, together: Statements) -> dict[str, object]:
    """The headline of each view of the profit tax: the cluster's NPV and its profit tax."""

    def view(money: Statements) -> dict[str, float]:
        tax = money.profit_tax[0].sum(axis=0)
        return {
            "npv_rub": float(money.npv[0]),
            "profit_tax_rub": float(tax.sum()),
            "profit_tax_discounted_rub": float(money.discounted(tax).sum()),
        }

    return {"group": group, "per_plant": view(alone), "consolidated": view(together)}


def _npvs(ops: Operations, money: Statements) -> dict[tuple[str, str, str, str], float]:
    """The engine's NPV per entity (kind, entity, process, location); an investor's is its plants'."""
    plants = money.plant_npv[0]
    npvs: dict[tuple[str, str, str, str], float] = {
        ("plant", "", str(process), str(location)): float(value)
        for (process, location), value in zip(money.accounts.plants, plants, strict=True)
    }
    for investor, value in pd.Series(plants).groupby(ops.plants["investor"].to_numpy()).sum().items():
        npvs[("investor", str(investor), "", "")] = float(value)
    npvs[("infrastructure", "infrastructure", "", "")] = money.infrastructure_npv
    npvs[("cluster", "cluster", "", "")] = float(money.npv[0])
    return npvs


def _cashflows(scenario: Scenario, money: Statements, statements: pd.DataFrame) -> pd.DataFrame:
    columns = [*CASHFLOW_COLUMNS, "wages_rub", "insurance_rub", "staff", "discounted_fcf_rub"]
    plants = statements.assign(
        entity_kind="plant", discounted_fcf_rub=_per_plant_year(money.discounted(money.free_cash_flow))
    )[["entity_kind", *ENTITY, "investor", "region", "year", *columns]]
    investors = plants.groupby(["investor", "year"], as_index=False)[columns].sum()
    investors = investors.assign(
        entity_kind="investor", entity=investors["investor"], process="", location="", region=""
    )
    years, outlays = money.accounts.years, money.accounts.infrastructure
    infrastructure = pd.DataFrame({"year": years, **dict.fromkeys(columns, 0.0)}).assign(
        entity_kind="infrastructure", entity="infrastructure", process="", location="", investor="", region=""
    )
    infrastructure["capex_rub"] = outlays
    infrastructure["free_cash_flow_rub"] = -outlays
    infrastructure["discounted_fcf_rub"] = money.discounted(-outlays)
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
    frame["discount_factor"] = frame["year"].map(dict(zip(years, money.discount, strict=True)))
    usd = dict(zip(years, rub_per_usd(scenario, years), strict=True))
    frame["free_cash_flow_usd"] = frame["free_cash_flow_rub"] / frame["year"].map(usd)
    order = ["entity_kind", *ENTITY, "investor", "region", "year"]
    return frame[[*order, *columns[:-1], "discount_factor", "discounted_fcf_rub", "free_cash_flow_usd"]]


def _entities(
    scenario: Scenario, cashflows: pd.DataFrame, npvs: dict[tuple[str, str, str, str], float]
) -> pd.DataFrame:
    rate = scenario.meta.discount_rate
    rows = []
    for key, group in cashflows.groupby(["entity_kind", *ENTITY], sort=False):
        kind, entity, process, location = (str(part) for part in key)
        flows = group.sort_values("year")["free_cash_flow_rub"].to_numpy()
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
                "npv_rub": npvs[(kind, entity, process, location)],
                "irr": irr(flows),
                "payback_years": payback(flows),
                "discounted_payback_years": payback(flows, rate),
                "taxes_paid_rub": float(group[list(TAXES_PAID)].sum().sum()),
                "taxes_paid_discounted_rub": float(
                    (group[list(TAXES_PAID)].sum(axis=1) * group["discount_factor"]).sum()
                ),
            }
        )
    return pd.DataFrame(rows)


def taxes_by_level(taxes: pd.DataFrame, column: str = "amount_rub") -> dict[str, float]:
    """Total receipts per budget level over the horizon: undiscounted (``amount_rub``) or
    discounted to the first year (``discounted_rub``)."""
    totals = taxes.groupby("level")[column].sum()
    return {level: float(totals.get(level, 0.0)) for level in LEVELS}
