"""One sample of a plan's money in plain loops: the independent reference for the money engine.

Written from docs/assessment.md and docs/taxes.md, not from the engine's code: one
plant, year and price series at a time, in Python floats.  The tests compare the
vectorized engine (:mod:`angara.assess.money.engine`) with it, and
``benchmarks/montecarlo.py`` times the engine against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from angara.assess.money.accounts import FIXED_COSTS, TAXES, VARIABLE_COSTS, Accounts

ITEMS = (
    "revenue",
    "operating_cost",
    "property_tax",
    "land_tax",
    "extraction_tax",
    "profit_tax",
    "income_tax",
    "depreciation",
    "sustaining",
    "closure",
    "profit_before_tax",
    "working_capital",
    "working_capital_change",
    "residual_value",
    "free_cash_flow",
)


@dataclass(frozen=True)
class Sample:
    """One sample's cluster ``npv``, ``plant_npv`` per plant, ``taxes`` per budget level over
    the horizon, and ``items``: each statement item (:data:`ITEMS`) per plant and year. RUB."""

    npv: float
    plant_npv: list[float]
    taxes: list[float]
    items: dict[str, list[list[float]]]


def evaluate_one(
    accounts: Accounts,
    prices: np.ndarray,
    capex: np.ndarray,
    electricity: float = 1.0,
    transport: float = 1.0,
    discount_rate: float | None = None,
    output: np.ndarray | None = None,
    throughput: np.ndarray | None = None,
) -> Sample:
    """The money of one sample: price multipliers ``prices`` (T, E) per year and series,
    CAPEX ratios ``capex`` (P,), tariff ratios, the discount rate (None: the accounts'), and
    the shares of planned output made and feed processed (P, T; None: as planned)."""
    rate = accounts.discount_rate if discount_rate is None else discount_rate
    plants, years, series = len(accounts.plants), len(accounts.years), len(accounts.series)
    levels = accounts.shares.shape[-1]
    items = {item: [[0.0] * years for _ in range(plants)] for item in ITEMS}
    taxes = [0.0] * levels
    plant_npv = []
    for p in range(plants):
        ratio = float(capex[p])
        losses = 0.0  # carried forward from earlier years
        value = 0.0
        held_before = 0.0  # working capital at the end of the year before
        for t, year in enumerate(accounts.years):
            made = 1.0 if output is None else float(output[p, t])
            fed = 1.0 if throughput is None else float(throughput[p, t])
            sales = receipts = purchases = mineral = 0.0
            for e in range(series):
                multiplier = float(prices[t, e])
                sales += float(accounts.sales[p, t, e]) * multiplier * made
                receipts += float(accounts.receipts[p, t, e]) * multiplier * made
                purchases += float(accounts.purchases[p, t, e]) * multiplier * fed
                mineral += float(accounts.mineral[p, t, e]) * multiplier * made
            rates = {tax: float(accounts.rates[k, p, t]) for k, tax in enumerate(TAXES)}
            revenue = sales + receipts
            operating = (
                purchases
                + sum(
                    float(accounts.costs[column][p, t]) * (fed if column in VARIABLE_COSTS else 1.0)
                    for column in FIXED_COSTS
                )
                + float(accounts.electricity[p, t]) * electricity * fed
                + float(accounts.transport[p, t]) * transport * fed
            )
            # property tax on the immovable part of the book value only
            average_book = (
                (float(accounts.taxable_start[p, t]) + float(accounts.taxable_end[p, t])) / 2 * ratio
            )
            held = average_book * rates["property"]
            land = float(accounts.land_value[p, t]) * rates["land"]
            extraction = max(mineral, 0.0) * rates["mineral_extraction"]
            depreciation = float(accounts.depreciation[p, t]) * ratio
            closing = float(accounts.closure[p, t]) * ratio
            sustaining = float(accounts.sustaining[p, t]) * ratio
            before_tax = revenue - operating - held - land - extraction - depreciation - closing
            if before_tax < 0:
                losses -= before_tax
                profit = 0.0
            else:
                used = min(losses, before_tax)
                losses -= used
                profit = (before_tax - used) * rates["profit"]
            income = float(accounts.costs["wages_rub"][p, t]) * rates["personal_income"]
            last = t == years - 1
            # receivables of revenue and inventories less payables of operating costs
            working = accounts.receivable * revenue + (accounts.inventory - accounts.payable) * operating
            change = working - held_before
            held_before = working
            residual = (float(accounts.book_end[p, t]) * ratio + working) if last else 0.0
            spent = float(accounts.capex[p, t]) * ratio + sustaining + closing
            free = revenue - operating - held - land - extraction - profit - spent - change + residual
            value += free / (1.0 + rate) ** (year - accounts.first_year)
            for k, amount in enumerate((profit, held, land, extraction, income)):
                for level in range(levels):
                    taxes[level] += amount * float(accounts.shares[k, p, t, level])
            for item, amount in zip(
                ITEMS,
                (
                    revenue,
                    operating,
                    held,
                    land,
                    extraction,
                    profit,
                    income,
                    depreciation,
                    sustaining,
                    closing,
                    before_tax,
                    working,
                    change,
                    residual,
                    free,
                ),
                strict=True,
            ):
                items[item][p][t] = amount
        plant_npv.append(value)
    outside = sum(
        float(accounts.infrastructure[t]) / (1.0 + rate) ** (year - accounts.first_year)
        for t, year in enumerate(accounts.years)
    )
    return Sample(sum(plant_npv) - outside, plant_npv, taxes, items)
